"""The site after one visit, with the network gone: guides and calculator from the offline cache.

Each browser test serves its own copy of the built site on its own port and then shuts that
server down (no server at all, not only Playwright's offline switch, which does not reach the
service worker in every Chromium), in a context of its own with service workers allowed.
"""
from __future__ import annotations

import importlib.util
import shutil
from pathlib import Path

import pytest

from calculator import estimate

HOOK = Path(__file__).resolve().parents[2] / "site_src" / "hooks" / "offline.py"
_spec = importlib.util.spec_from_file_location("iqama_offline_hook", HOOK)
offline = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(offline)

_conf = importlib.util.spec_from_file_location("iqama_browser_conftest", Path(__file__).with_name("conftest.py"))
_conftest = importlib.util.module_from_spec(_conf)
_conf.loader.exec_module(_conftest)
Tab, LOAD_TIMEOUT_MS = _conftest.Tab, _conftest.LOAD_TIMEOUT_MS

from tests.conftest import pages_server  # noqa: E402

KW_QUERY = {"calc": "kw-fine", "category": "residence", "days-late": "45"}
READY = "html[data-offline='ready']"


def Server(directory: Path):
    """The site served as GitHub Pages does; stop() takes the whole origin off the network."""
    return pages_server().Server(directory).start()


@pytest.fixture
def site_copy(site_dir, tmp_path) -> Path:
    copy = tmp_path / "site"
    shutil.copytree(site_dir, copy)
    return copy


@pytest.fixture
def sw_context(browser):
    context = browser.new_context(viewport={"width": 1000, "height": 900}, service_workers="allow")
    yield context
    context.close()


def _version(site: Path) -> str:
    text = (site / "sw.js").read_text(encoding="utf-8")
    return text.split('const VERSION = "', 1)[1].split('"', 1)[0]


def _cache_state(page) -> dict:
    return page.evaluate("""async () => {
      const names = await caches.keys();
      const sizes = {};
      for (const n of names) sizes[n] = (await (await caches.open(n)).keys()).length;
      return {names, sizes};
    }""")


def _visit_and_wait(tab: Tab, path: str):
    tab.page.goto(tab.base_url + path)
    tab.page.wait_for_selector(READY, state="attached", timeout=LOAD_TIMEOUT_MS)


def _go_offline(server: Server, context):
    server.stop()
    context.set_offline(True)


def _not_offline_problems(tab: Tab) -> list[str]:
    # With the server gone, the browser's own update check of sw.js fails; that is expected.
    return [p for p in tab.problems if "sw.js" not in p]


def test_after_one_visit_guides_and_calculator_work_offline(site_copy, sw_context, widget_pages):
    server = Server(site_copy)
    tab = Tab(sw_context.new_page(), server.url)
    _visit_and_wait(tab, widget_pages[("ar", "kw-fine")])
    tab.wait_ready()
    page = tab.page
    version = _version(site_copy)
    assert page.get_attribute("html", "data-offline-version") == version
    state = _cache_state(page)
    assert state["names"] == [f"iqama-{version}"]
    precached = len(offline.precache_paths(site_copy))
    assert state["sizes"][f"iqama-{version}"] >= precached
    tab.assert_clean()

    _go_offline(server, sw_context)
    query = "&".join(f"{k}={v}" for k, v in KW_QUERY.items())
    expected = {k: v for k, v in KW_QUERY.items() if k != "calc"}
    for lang in ("ar", "en"):
        page.goto(server.url + widget_pages[(lang, "kw-fine")] + "?" + query)
        page.wait_for_selector(".iq-widget[data-runs='1']", state="attached", timeout=LOAD_TIMEOUT_MS)
        result = estimate("kw-fine", expected, lang)
        assert page.get_attribute("#iq-kw-fine .iq-result", "data-status") == result["status"]
        assert page.get_attribute("#iq-kw-fine .iq-result", "data-total") == result["total"]
    for path in ("kuwait/pay/", "en/saudi/renew/", "en/"):  # pages this browser never opened
        page.goto(server.url + path)
        assert page.locator("h1").first.inner_text().strip()
        assert page.evaluate("getComputedStyle(document.body).fontFamily").startswith('"IBM Plex')
    assert not _not_offline_problems(tab), "\n".join(tab.problems)


def test_a_new_deployment_replaces_the_offline_copy(site_copy, sw_context):
    server = Server(site_copy)
    tab = Tab(sw_context.new_page(), server.url)
    _visit_and_wait(tab, "en/kuwait/pay/")
    old = _version(site_copy)
    assert tab.page.get_attribute("html", "data-offline-version") == old
    # A guide page keeps the guides offline, not the calculator's runtime (megabytes on a metered line).
    keys = tab.page.evaluate("async (name) => (await (await caches.open(name)).keys()).map(r => r.url)",
                             f"iqama-{old}")
    assert any(k.endswith("/en/kuwait/pay/") for k in keys)
    assert not [k for k in keys if "/assets/pyodide/" in k or "/assets/wheels/" in k]

    # Deploy a change to one page: a new sw.js, a new version.
    page_file = site_copy / "en" / "kuwait" / "pay" / "index.html"
    page_file.write_text(page_file.read_text(encoding="utf-8").replace(
        "</h1>", " (new deployment)</h1>", 1), encoding="utf-8")
    new = offline.write_service_worker(site_copy)["version"]
    assert new != old

    tab.page.reload()  # a navigation: the browser checks sw.js, installs the new one, which takes over
    tab.page.wait_for_selector(f"html[data-offline-version='{new}'][data-offline='ready']",
                               state="attached", timeout=LOAD_TIMEOUT_MS)
    tab.page.wait_for_function("async (name) => (await caches.keys()).join() === name",
                               arg=f"iqama-{new}", timeout=10_000)

    _go_offline(server, sw_context)
    tab.page.goto(server.url + "en/kuwait/pay/")
    assert "(new deployment)" in tab.page.locator("h1").first.inner_text()
    assert not _not_offline_problems(tab), "\n".join(tab.problems)


def test_the_version_follows_every_precached_byte(tmp_path):
    site = tmp_path / "site"
    for rel, text in {
        "index.html": "<h1>home</h1>", "en/index.html": "<h1>home</h1>",
        "en/kuwait/pay/index.html": "pay", "assets/a.js": "a", "assets/a.js.map": "map",
        "404.html": "missing", "sitemap.xml": "<urlset/>",
        "assets/javascripts/lunr/min/lunr.ar.min.js": "ar",
        "assets/javascripts/lunr/min/lunr.ja.min.js": "ja",
        "search/search_index.json": '{"config": {"lang": ["en", "ar"]}, "docs": []}',
    }.items():
        (site / rel).parent.mkdir(parents=True, exist_ok=True)
        (site / rel).write_text(text, encoding="utf-8")
    paths = offline.precache_paths(site)
    assert paths == ["./", "assets/a.js", "assets/javascripts/lunr/min/lunr.ar.min.js", "en/",
                     "en/kuwait/pay/", "search/search_index.json"]
    first = offline.write_service_worker(site)  # also copies assets/offline/register.js
    assert offline.precache_paths(site) == sorted([*paths, "assets/offline/register.js"])
    assert first["files"] == len(paths) + 1
    assert offline.write_service_worker(site)["version"] == first["version"]  # reproducible
    for rel in ("en/kuwait/pay/index.html", "assets/a.js", "search/search_index.json"):
        before = offline.write_service_worker(site)["version"]
        (site / rel).write_text((site / rel).read_text(encoding="utf-8") + " ", encoding="utf-8")
        assert offline.write_service_worker(site)["version"] != before, rel
    before = offline.write_service_worker(site)["version"]
    (site / "assets/a.js.map").write_text("changed", encoding="utf-8")  # not precached
    assert offline.write_service_worker(site)["version"] == before
    text = (site / "sw.js").read_text(encoding="utf-8")
    assert f'const VERSION = "{before}"' in text and '"en/kuwait/pay/"' in text
    assert "__IQAMA_" not in text.replace("__IQAMA_VERSION__", "").split("const VERSION", 1)[1]
