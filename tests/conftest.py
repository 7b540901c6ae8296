"""Fixtures shared by every test that needs the built site in a real browser: the site served
on a random localhost port, and ONE headless Chromium for the whole session (Playwright's sync
API allows a single instance per thread)."""
from __future__ import annotations

import functools
import http.server
import os
import sys
import threading
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

SITE = Path(os.environ.get("IQAMA_SITE", ROOT / "site"))


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with the MIME types GitHub Pages sends, and no request log."""

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".mjs": "text/javascript", ".js": "text/javascript", ".wasm": "application/wasm",
        ".json": "application/json", ".whl": "application/zip", ".zip": "application/zip",
    }

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url():
    assert (SITE / "index.html").is_file(), f"{SITE} has no index.html: run `make site` first"
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=str(SITE)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance):
    # Imported here: the case files also run inside Pyodide, where only tests/ is mounted.
    sys.path.insert(0, str(ROOT / "site_src"))
    from chromium import CHROMIUM, CHROMIUM_ARGS  # one list of flags for every tool

    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(autouse=True)
def _fresh_rulebook_under_mutmut():
    """Under `make mutation` (mutmut), every test reads the rule files afresh: mutmut forks each
    mutant's test run from a process that has already loaded and cached the rulebook, so without
    this a change to the loader (calculator/engine/rules.py) would never run."""
    if "mutmut" in sys.modules:
        from calculator.engine.rules import _load_cached

        _load_cached.cache_clear()
    yield
