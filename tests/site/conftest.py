"""Fixtures for the tests over the built site: the parsed pages, the rulebook, and the site
served on a random localhost port for the browser test."""
from __future__ import annotations

import functools
import http.server
import sys
import threading
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from sitepages import SITE, Page, page_paths  # noqa: E402


@pytest.fixture(scope="session")
def site_dir() -> Path:
    assert (SITE / "index.html").is_file(), f"{SITE} has no index.html: run `make site` first"
    return SITE


@pytest.fixture(scope="session")
def pages(site_dir) -> dict[tuple[str, str], Page]:
    return {key: Page(path) for key, path in page_paths(site_dir).items()}


@pytest.fixture(scope="session")
def book():
    from calculator.engine.rules import load_rulebook
    return load_rulebook()


class _Quiet(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".mjs": "text/javascript", ".js": "text/javascript",
                      ".wasm": "application/wasm", ".json": "application/json"}

    def log_message(self, *args):
        pass


@pytest.fixture(scope="session")
def site_url(site_dir):
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0),
                                             functools.partial(_Quiet, directory=str(site_dir)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/"
    server.shutdown()
    server.server_close()
