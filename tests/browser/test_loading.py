"""Loading you can trust (issue 14, item 6), in a real browser with fresh caches:

- on a throttled line the progress bar moves from the bytes actually received, at least once a
  second from the first counted byte to the end of the downloads, and only forwards; once every
  byte is in, the words say the calculator is starting (Python's start: no more bytes to count),
  in the page's language;
- a download that stalls (the WebAssembly request never answered) is reported within 15 s
  (+ the 1 s watch), in the page's language, with the link to the tables and a retry that
  starts the calculator once the line is back.
"""
from __future__ import annotations

import re
import time

import pytest

from calculator import text
from calculator.engine.digits import normalise

LANGS = ("ar", "en")
# Times and values of every change of the progress bar, and its words, kept in the page.
RECORD_JS = """() => { window.__progress = []; window.__words = [];
  const bar = document.querySelector(".iq-widget[data-command='kw-fine'] .iq-progress");
  const words = document.querySelector(".iq-widget[data-command='kw-fine'] .iq-status-text");
  new MutationObserver(() => window.__words.push([Number(bar.getAttribute('value')), words.textContent]))
    .observe(words, {childList: true, characterData: true, subtree: true});
  new MutationObserver(() => window.__progress.push([performance.now(), bar.value, bar.hidden]))
    .observe(bar, {attributes: true});
  const set = Object.getOwnPropertyDescriptor(HTMLProgressElement.prototype, 'value').set;
  Object.defineProperty(bar, 'value', {set(v) { set.call(this, v); window.__progress.push([performance.now(), v, this.hidden]); },
                                       get() { return this.getAttribute('value'); }});
}"""


@pytest.fixture()
def fresh_context(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, service_workers="block")
    yield context
    context.close()


@pytest.mark.parametrize("lang", LANGS)
def test_progress_moves_with_the_bytes_at_least_every_second(fresh_context, base_url, widget_pages, lang):
    page = fresh_context.new_page()
    cdp = fresh_context.new_cdp_session(page)
    cdp.send("Network.enable")
    # ~10 MB at 3 MB/s: a few seconds of download, long enough to watch the bar
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 150,
                                                  "downloadThroughput": 3_000_000, "uploadThroughput": 200_000})
    page.add_init_script(f"document.addEventListener('DOMContentLoaded', {RECORD_JS})")
    page.goto(base_url + widget_pages[(lang, "kw-fine")])
    page.wait_for_selector(".iq-widget[data-state='ready']", state="attached", timeout=120_000)
    marks = page.evaluate("window.__progress")
    values = [float(v) for _, v, hidden in marks if v is not None and not hidden]
    times = [t for t, v, hidden in marks if v is not None and not hidden]
    assert len(values) >= 5, marks
    assert values == sorted(values), values  # only forwards
    assert max(values) >= 85, values
    # From the first counted bytes to the end of the downloads. The count runs on the worker's
    # thread, which other work holds at times (compiling Pyodide's loader script: ~0.3 s on the
    # benchmark's 4x-slower CPU); Python's start, which holds it for seconds, waits until every
    # byte is counted (worker.js, counted()). The target (a move at least every second
    # while bytes arrive) is measured by `make bench` (throttled phone profile), not by a timed
    # test on a shared CPU; what is held here is the bar's steady pace: many steps, half of them
    # within 0.6 s of the last.
    moving = sorted({t for t, v in zip(times, values) if 5 < v < 85})
    gaps = sorted(b - a for a, b in zip(moving, moving[1:]))
    assert len(gaps) >= 5 and gaps[len(gaps) // 2] <= 600, list(zip(times, values))
    # Words: the percent while bytes arrive, then (every byte in: 85 %) that it is starting.
    words = page.evaluate("window.__words")
    ready, starting = text.say(lang, "ui.ready"), text.say(lang, "ui.starting")
    loading_prefix = text.say(lang, "ui.loading_progress", percent="|").split("|")[0]
    shown = [w for _, w in words if w]
    shown = shown[: shown.index(ready)] if ready in shown else shown
    assert starting in shown, words
    first = shown.index(starting)
    assert any(w.startswith(loading_prefix) for w in shown[:first]), words
    # A screen reader hears the status (role="status") when its words change: in steps of ten
    # percent, each said once, not every second.
    said = [w for i, w in enumerate(shown[:first]) if i == 0 or w != shown[i - 1]]
    assert len(said) == len(set(said)) <= 10, said
    assert all(int(re.sub(r"\D", "", normalise(w))) % 10 == 0 for w in said if w.startswith(loading_prefix)), said
    assert all(w == starting for w in shown[first:]), words
    assert all(v >= 85 for v, w in words if w == starting), words


@pytest.mark.parametrize("lang", LANGS)
def test_a_stalled_download_is_reported_within_15_s_with_a_retry(fresh_context, base_url, widget_pages, lang):
    page = fresh_context.new_page()
    held = []
    page.route("**/pyodide.asm.wasm", lambda route: held.append(route))  # never answered
    page.goto(base_url + widget_pages[(lang, "kw-fine")])
    started = time.monotonic()
    page.wait_for_selector(".iq-widget[data-state='failed']", state="attached", timeout=30_000)
    assert time.monotonic() - started < 18
    status = page.locator(".iq-widget[data-command='kw-fine'] .iq-status")
    assert status.locator("a[href^='#']").count() == 1  # the tables
    retry = status.locator("button.iq-retry")
    assert retry.is_visible()
    page.unroute("**/pyodide.asm.wasm")  # the line is back (Playwright lets the held request go)
    retry.click()
    page.wait_for_selector(".iq-widget[data-state='ready']", state="attached", timeout=60_000)
