"""A new deployment never serves a file of an older one (Chromium; Firefox: test_engines.py).

Two real builds (tests/browser/deployments.py: B differs from A in widget.js, the app bundle and a
calculator page) served as GitHub Pages serves them (site_src/pages_server.py: max-age=600, so
the browser's HTTP cache holds A's files for ten minutes). A reader has one tab open on A's
calculator and has closed another; the server switches to B:

* the open tab, reloaded: B's page with B's widget.js and B's bundle (never B's page with A's
  script), and the result;
* once B's service worker has taken over, its cache holds only B's bytes (no file from A's
  deployment or the HTTP cache, no manifest naming a bundle B deleted);
* the closed tab, opened again, then with the server gone: B's page, script and result.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

from calculator import estimate
from tests.browser import deployments as dep
from tests.conftest import pages_server

_conf = importlib.util.spec_from_file_location("iqama_browser_conftest", Path(__file__).with_name("conftest.py"))
_conftest = importlib.util.module_from_spec(_conf)
_conf.loader.exec_module(_conftest)
Tab, LOAD_TIMEOUT_MS = _conftest.Tab, _conftest.LOAD_TIMEOUT_MS

QUERY = "calc=kw-fine&category=residence&days-late=45"
PARAMS = {"category": "residence", "days-late": "45"}
READY = "html[data-offline='ready']"


def _result(page, lang: str):
    page.wait_for_selector(".iq-widget[data-runs='1']", state="attached", timeout=LOAD_TIMEOUT_MS)
    expected = estimate("kw-fine", PARAMS, lang)
    assert page.get_attribute(".iq-result", "data-status") == expected["status"]
    assert page.get_attribute(".iq-result", "data-total") == expected["total"]


def _build_of(page) -> tuple[str, str]:
    """(page's build, widget.js's build): 'B' when B's marks are there, else 'A'."""
    text = page.locator("article").first.inner_text()
    widget = page.get_attribute("html", "data-iqama-build") or "A"
    return ("B" if dep.MARK_PAGE in text else "A"), widget


def _cache(page, base: str, version: str) -> dict[str, str]:
    return page.evaluate(dep.CACHE_DIGESTS_JS, [f"iqama-{version}", base])


def test_a_new_deployment_never_serves_an_older_ones_files(site_dir, deployment_b, browser, tmp_path):
    a, b = site_dir, deployment_b
    server = pages_server().Server(a).start()
    context = browser.new_context(viewport={"width": 1000, "height": 900}, service_workers="allow")
    try:
        base = server.url
        open_tab = Tab(context.new_page(), base)
        open_tab.page.goto(f"{base}en/kuwait/calculator/?{QUERY}")
        _result(open_tab.page, "en")
        open_tab.page.wait_for_selector(READY, state="attached", timeout=LOAD_TIMEOUT_MS)
        assert _build_of(open_tab.page) == ("A", "A")
        assert not dep.foreign_entries(_cache(open_tab.page, base, dep.version(a)), a)
        closed = context.new_page()
        closed.goto(f"{base}kuwait/calculator/?{QUERY}")
        _result(closed, "ar")
        closed.close()

        server.site = b  # the new deployment
        open_tab.page.reload()
        _result(open_tab.page, "en")
        assert _build_of(open_tab.page) == ("B", "B")
        new = dep.version(b)
        open_tab.page.wait_for_selector(f"html[data-offline-version='{new}'][data-offline='ready']",
                                        state="attached", timeout=LOAD_TIMEOUT_MS)
        open_tab.page.wait_for_function("async (name) => (await caches.keys()).join() === name",
                                        arg=f"iqama-{new}", timeout=10_000)
        cached = _cache(open_tab.page, base, new)
        assert "assets/widget/widget.js" in cached and "en/kuwait/calculator/" in cached
        assert not dep.foreign_entries(cached, b)

        reopened = Tab(context.new_page(), base)
        reopened.page.goto(f"{base}kuwait/calculator/?{QUERY}")
        _result(reopened.page, "ar")
        assert _build_of(reopened.page) == ("B", "B")

        server.stop()  # the network gone: everything from the offline copy
        for lang, path in (("en", "en/kuwait/calculator/"), ("ar", "kuwait/calculator/")):
            reopened.page.goto(f"{base}{path}?{QUERY}")
            _result(reopened.page, lang)
            assert _build_of(reopened.page) == ("B", "B")
        problems = [p for p in open_tab.problems + reopened.problems if "sw.js" not in p]
        assert not problems, "\n".join(problems)
    finally:
        context.close()
        server.stop()
