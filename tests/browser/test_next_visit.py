"""A reader's first visit readies the browser for the next (site_src/widget/worker.js, "the next
visit"): after the first result, Chromium has kept the code V8 compiled for Pyodide (its
WebAssembly and its glue script), and the second visit, under the offline cache's service worker,
starts from that code instead of compiling again.

Chromium keeps that code only under conditions of its own (V8's optimised-code threshold for
WebAssembly, a second load for a script), so these tests look where it keeps it: the profile's
code cache on disk after the first visit, and V8's own trace event on the second.
"""
from __future__ import annotations

import time
from pathlib import Path
from urllib.parse import urlencode

import pytest

from chromium import CHROMIUM, CHROMIUM_ARGS, code_cache_files  # site_src/ (pytest pythonpath)

ROOT = Path(__file__).resolve().parents[2]

KW_QUERY = urlencode({"calc": "kw-fine", "category": "residence", "days-late": "45"})
RESULT = ".iq-result[data-status]"
PREPARED_KEY = "iqama-calculator-prepared"  # site_src/widget/widget.js
CACHE_WAIT_S = 30
OFFLINE_READY = "html[data-offline='ready']"  # site_src/offline/register.js


def _glue_cache_bytes(profile: Path) -> int:
    """Bytes of the code-cache entry Chromium keeps for pyodide.asm.mjs (its key names the URL;
    a first load leaves only a timestamp of a few hundred bytes)."""
    return max((f.stat().st_size for f in code_cache_files(profile, "js")
                if b"pyodide.asm.mjs" in f.read_bytes()), default=0)


def _wasm_cache_bytes(profile: Path) -> int:
    return sum(f.stat().st_size for f in code_cache_files(profile, "wasm"))


def _launch(playwright_instance, profile: Path):
    return playwright_instance.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True,
        viewport={"width": 1000, "height": 900})


@pytest.fixture
def calculator_url(site_url, widget_pages) -> str:
    return f"{site_url}{widget_pages[('en', 'kw-fine')]}?{KW_QUERY}"


def test_the_first_visit_leaves_compiled_code_and_the_second_starts_from_it(
        playwright_instance, calculator_url, tmp_path):
    profile = tmp_path / "profile"
    context = _launch(playwright_instance, profile)
    try:
        page = context.pages[0]
        workers: list[str] = []
        page.on("worker", lambda w: workers.append(w.url))
        page.goto(calculator_url)
        page.wait_for_selector(RESULT, state="attached", timeout=60_000)
        deadline = time.monotonic() + CACHE_WAIT_S
        while time.monotonic() < deadline and not (
                page.evaluate(f"localStorage.getItem('{PREPARED_KEY}')")
                and _wasm_cache_bytes(profile) and _glue_cache_bytes(profile) > 100_000):
            page.wait_for_timeout(250)
        prepared = page.evaluate(f"localStorage.getItem('{PREPARED_KEY}')")
        page.wait_for_selector(OFFLINE_READY, state="attached", timeout=60_000)
    finally:
        context.close()
    assert prepared and prepared.startswith("pyodide "), prepared
    assert any(u.endswith("/precompile.js") for u in workers), workers
    assert _wasm_cache_bytes(profile) > 500_000, "no compiled WebAssembly kept by the first visit"
    assert _glue_cache_bytes(profile) > 100_000, "no compiled glue script kept by the first visit"

    context = _launch(playwright_instance, profile)
    try:
        page = context.pages[0]
        workers.clear()
        page.on("worker", lambda w: workers.append(w.url))
        events: list[dict] = []
        done: list[bool] = []
        cdp = context.new_cdp_session(page)
        cdp.on("Tracing.dataCollected", lambda p: events.extend(p["value"]))
        cdp.on("Tracing.tracingComplete", lambda p: done.append(True))
        cdp.send("Tracing.start", {"traceConfig": {"includedCategories": [
            "disabled-by-default-devtools.timeline"]}, "transferMode": "ReportEvents"})
        page.goto(calculator_url)
        page.wait_for_selector(RESULT, state="attached", timeout=60_000)
        controlled = page.evaluate("Boolean(navigator.serviceWorker.controller)")
        page.wait_for_timeout(500)  # a "prepare" round trip, if one were asked for
        cdp.send("Tracing.end")
        while not done:
            page.wait_for_timeout(100)
    finally:
        context.close()
    assert controlled, "the second visit is not under the offline cache's service worker"
    hits = [e for e in events if e.get("name") == "v8.wasm.moduleCacheHit"]
    assert any(str(e.get("args", {}).get("url", "")).endswith("/pyodide.asm.wasm") for e in hits), \
        "the second visit compiled Pyodide's WebAssembly again"
    assert not any(u.endswith("/precompile.js") for u in workers), "prepared twice"
