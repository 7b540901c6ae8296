"""What a page starts as it loads, in a real browser (no timings: order and counts only).

- A calculator page starts Python's worker from the inline script at the top of <head>, while
  the document is still being parsed (site_src/hooks/runtime.py), and the page script adopts
  that worker (it says so: <html data-calculator-worker="head">): one worker, one runtime
  download, and the calculator becomes ready.
- A guide page starts neither Python nor Material's bundle (loaded when search is wanted:
  site_src/overrides/assets/javascripts/theme-later.js).
"""
from __future__ import annotations

from urllib.parse import urlencode

import pytest

from calculator import estimate

QUERY = {"calc": "kw-fine", "category": "residence", "days-late": "45"}
PYTHON_FILES = ("/assets/widget/worker.js", "/assets/pyodide/pyodide.asm.wasm")


def _requests(page) -> list[str]:
    seen: list[str] = []
    page.on("request", lambda r: seen.append(r.url))
    return seen


def _wait(page, script: str, timeout_ms: int = 60_000):
    # polled: the site's CSP (no 'unsafe-eval') forbids wait_for_function
    for _ in range(timeout_ms // 100):
        value = page.evaluate(script)
        if value:
            return value
        page.wait_for_timeout(100)
    raise AssertionError(f"timed out: {script}")


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_calculator_page_starts_python_while_parsing(context, base_url, widget_pages, lang):
    page = context.new_page()
    seen = _requests(page)
    try:
        page.goto(f"{base_url}{widget_pages[(lang, 'kw-fine')]}?{urlencode(QUERY)}",
                  wait_until="domcontentloaded")
        state = _wait(page, """(() => { const s = document.querySelector('.iq-widget').dataset.state;
                                         return s === 'ready' || s === 'failed' ? s : null; })()""")
        assert state == "ready"
        started = page.evaluate("""(() => ({
            by: document.documentElement.dataset.calculatorWorker,
            leftOver: '__iqamaWorker' in window,
        }))()""")
        # started by the inline script at the top of <head> (while the page was being parsed),
        # then adopted by the page script
        assert started["by"] == "head", started
        assert not started["leftOver"], "the page script did not adopt the early worker"
        for name in PYTHON_FILES:
            assert sum(url.split("?")[0].endswith(name) for url in seen) == 1, (name, seen)
        # and it computes what the calculator computes
        _wait(page, "document.querySelector('#iq-kw-fine .iq-result').dataset.status || null")
        expected = estimate("kw-fine", {k: v for k, v in QUERY.items() if k != "calc"}, lang)
        assert page.locator("#iq-kw-fine .iq-result").get_attribute("data-total") == str(expected["total"])
    finally:
        page.close()


@pytest.mark.parametrize("path", ["", "en/", "kuwait/pay/", "en/saudi/renew/"])
def test_guide_page_starts_neither_python_nor_the_theme_bundle(context, base_url, path):
    page = context.new_page()
    seen = _requests(page)
    try:
        page.goto(base_url + path, wait_until="load")
        page.wait_for_timeout(1500)
        started = [u for u in seen if "/assets/pyodide/" in u or "/assets/widget/" in u
                   or "/assets/javascripts/bundle." in u]
        assert not started, started
        assert page.evaluate("document.documentElement.dataset.themeScript") == "idle"
    finally:
        page.close()


def test_a_page_from_before_a_deployment_still_starts(context, base_url, widget_pages, site_dir):
    """The inline manifest names zips a newer deployment removed (404): the worker starts again
    with the manifest the server has now."""
    import json

    shipped = json.loads((site_dir / "assets/wheels/manifest.json").read_text(encoding="utf-8"))
    old = shipped["stdlib"]["file"]
    now = {**shipped, "stdlib": {**shipped["stdlib"], "file": old + "?deployment=new"}}
    page = context.new_page()
    gone: list[str] = []

    def removed(route):
        gone.append(route.request.url)
        route.fulfill(status=404, body="gone")

    page.route(f"**/assets/pyodide/{old}", removed)  # the exact old URL, not the ?deployment one
    page.route("**/assets/wheels/manifest.json", lambda route: route.fulfill(
        status=200, content_type="application/json", body=json.dumps(now)))
    try:
        page.goto(f"{base_url}{widget_pages[('en', 'kw-fine')]}?{urlencode(QUERY)}")
        _wait(page, "document.querySelector('#iq-kw-fine .iq-result').dataset.status || null")
        expected = estimate("kw-fine", {k: v for k, v in QUERY.items() if k != "calc"}, "en")
        assert page.locator("#iq-kw-fine .iq-result").get_attribute("data-total") == str(expected["total"])
        assert gone, "the old stdlib was never asked for: the inline manifest was not used"
    finally:
        page.close()
