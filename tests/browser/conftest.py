"""Browser tests of the calculator widget: the built site/ served on localhost, headless Chromium.

One browser and one context serve the whole session; each page that holds a widget is loaded
once per language (Pyodide starts in ≈ 3 s) and then driven through its form or its URL.
Every page records console errors, page errors, failed responses and requests that leave the
origin; `Tab.assert_clean()` fails a test on any of them.

Env: IQAMA_SITE (default site/, from `make site`).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

from tests.conftest import SITE  # noqa: E402  (shared)

LOAD_TIMEOUT_MS = 60_000


def pytest_collection_modifyitems(config, items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def site_dir() -> Path:
    for needed in ("assets/pyodide/pyodide.asm.wasm", "assets/wheels/manifest.json",
                   "assets/widget/widget.js"):
        assert (SITE / needed).is_file(), f"{SITE / needed} is missing: run `make site`"
    return SITE


@pytest.fixture(scope="session")
def base_url(site_dir: Path, site_url: str) -> str:
    return site_url


@pytest.fixture(scope="session")
def widget_pages(site_dir: Path) -> dict[tuple[str, str], str]:
    """(lang, command) -> the site path of the page holding that widget."""
    found: dict[tuple[str, str], str] = {}
    for html in sorted(site_dir.rglob("*.html")):
        text = html.read_text(encoding="utf-8")
        lang = re.search(r'<html[^>]*\blang="([a-z]+)', text)
        for command in re.findall(r'class="iq-widget"[^>]*data-command="([a-z-]+)"', text):
            rel = html.relative_to(site_dir).as_posix()
            path = rel[: -len("index.html")] if rel.endswith("index.html") else rel
            found.setdefault((lang.group(1) if lang else "ar", command), path)
    return found


@pytest.fixture(scope="session")
def context(browser):
    # Service workers off here: the offline cache would answer the routed (aborted) requests
    # some tests rely on; tests/browser/test_offline.py uses contexts of its own with them on.
    context = browser.new_context(viewport={"width": 1000, "height": 900}, service_workers="block")
    yield context
    context.close()


class Tab:
    """A page plus what it logged; loads the site path once and keeps it."""

    def __init__(self, page, base_url: str):
        self.page, self.base_url = page, base_url
        self.problems: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.problems.append(f"console: {m.text}"))
        page.on("pageerror", lambda e: self.problems.append(f"page error: {e}"))
        page.on("request", self._request)
        page.on("response", lambda r: r.status >= 400 and self.problems.append(f"{r.status} {r.url}"))
        page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url} {r.failure}"))

    def _request(self, request):
        if not request.url.startswith(self.base_url) and not request.url.startswith(("data:", "blob:")):
            self.problems.append(f"request to another origin: {request.url}")

    def goto(self, path: str, runs: int = 0):
        self.page.goto(self.base_url + path)
        self.wait_ready()
        if runs:
            self.page.wait_for_selector(f".iq-widget[data-runs='{runs}']", state="attached",
                                        timeout=LOAD_TIMEOUT_MS)

    def wait_ready(self):
        self.page.wait_for_selector(".iq-widget[data-state='ready']", state="attached",
                                    timeout=LOAD_TIMEOUT_MS)

    def assert_clean(self):
        assert not self.problems, "\n".join(self.problems)


@pytest.fixture(scope="session")
def tabs(context, base_url, widget_pages):
    """open(lang, command) -> a Tab on the page with that widget, loaded once per session."""
    cache: dict[str, Tab] = {}

    def open_tab(lang: str, command: str) -> Tab:
        path = widget_pages.get((lang, command))
        assert path is not None, f"no page holds the {command} widget in {lang}: {widget_pages}"
        if path not in cache:
            tab = Tab(context.new_page(), base_url)
            tab.goto(path)
            cache[path] = tab
        return cache[path]

    yield open_tab
    for tab in cache.values():
        tab.page.close()


@pytest.fixture
def fresh_tab(context, base_url):
    """new(route=None) -> a Tab on a new page (closed after the test), optionally routed first."""
    pages = []

    def new(route=None):
        page = context.new_page()
        pages.append(page)
        if route:
            page.route(*route)
        return Tab(page, base_url)

    yield new
    for page in pages:
        page.close()


@pytest.fixture(scope="session")
def deployment_b(site_dir, tmp_path_factory) -> Path:
    """A second real build of the site (tests/browser/deployments.py), built once a session."""
    from tests.browser import deployments

    return deployments.build_b(tmp_path_factory.mktemp("deployment-b"), site_dir)
