"""The site in three browser engines: Chromium, Firefox ESR and WebKitGTK (drivers.py), the same
checks in each, on the built site served as GitHub Pages serves it (site_src/pages_server.py):

* a calculator result from a URL, in both languages (equal to the calculator's own result);
* a Hijri date typed into the form;
* a guide page: search finds the right page, and the language switch keeps the reader on it;
* offline after one visit, once the HTTP cache has expired: the server stopped (not an emulated
  switch), a guide page and a calculator page never opened come from the offline cache;
* no console error, page error or failed request on the way (WebKit: its driver reports none of
  them, so MiniBrowser runs on its own with its console written to its standard output:
  test_webkit_console_is_clean);
* Firefox: a new deployment never serves an older one's files (test_deployment.py's scenario).

A missing engine fails with one line naming what to install (`make browsers` installs them).
"""
from __future__ import annotations

import time

import pytest

from calculator import estimate
from tests.browser import deployments as dep
from tests.browser.engines import drivers
from tests.conftest import SITE, pages_server

ENGINES = ("chromium", "firefox", "webkit")
KW = {"category": "residence", "days-late": "45"}
KW_QUERY = "calc=kw-fine&category=residence&days-late=45"
CALC_PAGE = {"en": "en/kuwait/calculator/", "ar": "kuwait/calculator/"}
SA_PAGE = {"en": "en/saudi/calculator/", "ar": "saudi/calculator/"}
RUNS_1 = ".iq-widget[data-command='{}'][data-runs='1']"
# Selenium 4.38 warns about its own use of a deprecated argument when it starts WebKitWebDriver.
pytestmark = pytest.mark.filterwarnings("ignore:setting remote_server_addr:DeprecationWarning")
RESULT_JS = """(command) => {
  const box = document.querySelector(`.iq-widget[data-command="${command}"] .iq-result`);
  return {status: box.dataset.status, total: box.dataset.total};
}"""


def _launch(name: str, playwright_instance):
    why = drivers.missing(name)
    if why:
        pytest.fail(why, pytrace=False)
    if name == "chromium":
        return drivers.Chromium(playwright_instance)
    return drivers.Firefox() if name == "firefox" else drivers.WebKit()


@pytest.fixture(scope="module", params=ENGINES)
def session(request, playwright_instance):
    """(engine, server): one browser per engine and a server for it."""
    assert (SITE / "index.html").is_file(), "run `make site` first"
    server = pages_server().Server(SITE).start()
    engine = _launch(request.param, playwright_instance)
    engine.origin(server.url)
    yield engine, server
    engine.close()
    server.stop()


def _clean(engine):
    found = _problems(engine)
    assert not found, f"{engine.name}:\n" + "\n".join(found)


OFFLINE_STATE_JS = """async () => {
  const registration = await navigator.serviceWorker.getRegistration();
  const state = (w) => (w ? w.state : null);
  const sizes = {};
  for (const name of await caches.keys()) sizes[name] = (await (await caches.open(name)).keys()).length;
  return {controlled: Boolean(navigator.serviceWorker.controller), offline: document.documentElement.dataset.offline || null,
          installing: state(registration && registration.installing), waiting: state(registration && registration.waiting),
          active: state(registration && registration.active), caches: sizes};
}"""


def _offline_ready(engine, selector: str = "html[data-offline='ready']", timeout: int = 90_000) -> None:
    """Until the offline cache is ready; if it never is, the failure says how far the worker got."""
    try:
        engine.wait(selector, timeout)
    except Exception as error:  # noqa: BLE001 - each engine has its own timeout error
        try:
            state = engine.evaluate(OFFLINE_STATE_JS)
        except Exception as why:  # noqa: BLE001
            state = f"(state unavailable: {why})"
        pytest.fail(f"{engine.name}: the offline cache was not ready: {state}; {_problems(engine)}; {error}")


def _problems(engine) -> list[str]:
    return [p for p in engine.problems() if "sw.js" not in p]


def _expect(engine, command: str, params: dict, lang: str):
    engine.wait(RUNS_1.format(command))
    shown = engine.evaluate(RESULT_JS, command)
    result = estimate(command, params, lang)
    assert shown == {"status": result["status"], "total": result["total"]}, (engine.name, lang)


def test_a_typed_hijri_date(session):
    """Umm al-Qura dates typed in Arabic-Indic digits (the year tells the calendar)."""
    engine, server = session
    engine.open()
    engine.goto(f"{server.url}{SA_PAGE['ar']}")
    engine.wait(".iq-widget[data-command='sa-fine']")
    for field, (day, month, year) in (("expired", ("٢٧", "٩", "١٤٤٦")), ("on", ("20", "1", "1447"))):
        for part, value in (("day", day), ("month", month), ("year", year)):
            engine.type(f"#iq-sa-fine-{field}-{part}", value)
    engine.click(".iq-widget[data-command='sa-fine'] .iq-submit")
    params = {"expired": "١٤٤٦-٩-٢٧", "on": "1447-1-20"}
    assert estimate("sa-fine", params, "ar")["dates"]["expired"]["gregorian"] == "2025-03-27"  # 27 Ramadan 1446
    _expect(engine, "sa-fine", params, "ar")
    query = engine.evaluate("() => Object.fromEntries(new URLSearchParams(location.search))")
    assert {k: query.get(k) for k in params} == params
    _clean(engine)


def test_search_and_the_language_switch_on_a_guide_page(session):
    engine, server = session
    engine.open()
    engine.goto(f"{server.url}en/kuwait/pay/")
    engine.click("input.md-search__input")
    engine.type("input.md-search__input", "reference number")
    engine.wait(".md-search-result__item a", 30_000)
    first = engine.evaluate("() => document.querySelector('.md-search-result__item a').href")
    assert first.startswith(f"{server.url}en/kuwait/reference-number/"), (engine.name, first)
    engine.press("Escape")
    engine.goto(f"{server.url}en/kuwait/pay/")
    engine.click("a.iq-lang__link[hreflang='ar']")
    engine.wait_function("() => document.documentElement.lang === 'ar'")
    assert engine.evaluate("() => location.href") == f"{server.url}kuwait/pay/"
    assert engine.evaluate("() => document.documentElement.dir") == "rtl"
    _clean(engine)


class _Expiring:
    """GitHub Pages' headers with ``Cache-Control: max-age=2`` instead of ten minutes."""

    max_age = 2


def test_a_result_from_a_url_in_both_languages_then_offline(session):
    """One visit (English, online), then the reader comes back offline after the browser's HTTP
    cache has expired (GitHub Pages: ten minutes; here the server's max-age is two seconds and
    the test waits it out), the server stopped: every page request goes to the network and fails,
    and the Arabic calculator page and a guide page, never opened, come from the offline cache
    (a server of its own: a new origin, a new offline cache). Within max-age the HTTP cache
    answers a guide page itself: that hid Firefox's navigation-preload error response (issue 15)."""
    engine, _ = session
    handler = type("Expiring", (_Expiring, pages_server().PagesHandler), {})
    server = pages_server().Server(SITE, handler=handler).start()
    try:
        engine.origin(server.url)
        engine.open()
        engine.goto(f"{server.url}{CALC_PAGE['en']}?{KW_QUERY}")
        _expect(engine, "kw-fine", KW, "en")
        assert engine.evaluate("() => document.documentElement.lang") == "en"
        _offline_ready(engine)
        _clean(engine)
        time.sleep(handler.max_age + 1)  # every copy in the HTTP cache is now stale
        server.stop()  # the whole origin off the network, kept-alive connections too
        engine.goto(f"{server.url}{CALC_PAGE['ar']}?{KW_QUERY}")
        _expect(engine, "kw-fine", KW, "ar")
        assert engine.evaluate("() => [document.documentElement.lang, document.documentElement.dir]") == ["ar", "rtl"]
        # Last: Firefox prefetches the page's <link rel="next">, and a navigation away from it
        # aborts that prefetch (NS_BINDING_ABORTED, reported as a failed request).
        engine.goto(f"{server.url}en/saudi/renew/")
        assert engine.evaluate("() => document.querySelector('h1').textContent.trim()")
        assert engine.evaluate("() => getComputedStyle(document.body).fontFamily").startswith('"IBM Plex')
        _clean(engine)
    finally:
        server.stop()


# --------------------------------------------------------------------------- Firefox: deployments

def test_firefox_a_new_deployment_never_serves_an_older_ones_files(deployment_b):
    why = drivers.missing("firefox")
    if why:
        pytest.fail(why, pytrace=False)
    server = pages_server().Server(SITE).start()
    engine = drivers.Firefox()
    build = f"""() => [document.querySelector('article').innerText.includes({dep.MARK_PAGE!r}) ? 'B' : 'A',
                     document.documentElement.dataset.iqamaBuild || 'A']"""
    try:
        base = server.url
        engine.origin(base)
        engine.goto(f"{base}{CALC_PAGE['en']}?{KW_QUERY}")
        _expect(engine, "kw-fine", KW, "en")
        _offline_ready(engine)
        assert engine.evaluate(build) == ["A", "A"]
        server.site = deployment_b
        engine.reload()  # the open tab
        _expect(engine, "kw-fine", KW, "en")
        assert engine.evaluate(build) == ["B", "B"]
        new = dep.version(deployment_b)
        _offline_ready(engine, f"html[data-offline-version='{new}'][data-offline='ready']")
        engine.wait_function("async (name) => (await caches.keys()).join() === name", f"iqama-{new}")
        cached = engine.evaluate(dep.CACHE_DIGESTS_JS, [f"iqama-{new}", base])
        assert "assets/widget/widget.js" in cached
        assert not dep.foreign_entries(cached, deployment_b)
        engine.open()  # the closed tab, opened again
        engine.goto(f"{base}{CALC_PAGE['ar']}?{KW_QUERY}")
        _expect(engine, "kw-fine", KW, "ar")
        assert engine.evaluate(build) == ["B", "B"]
        server.stop()
        engine.goto(f"{base}{CALC_PAGE['en']}?{KW_QUERY}")
        _expect(engine, "kw-fine", KW, "en")
        assert engine.evaluate(build) == ["B", "B"]
        _clean(engine)
    finally:
        engine.close()
        server.stop()


# --------------------------------------------------------------------------- WebKit: the console

def test_webkit_console_is_clean():
    """MiniBrowser on its own (the driver hides the console) on a calculator page with a URL
    result, under Xvfb, console written to stdout: no error, no warning about the page's
    Content-Security-Policy (which every page shares)."""
    why = drivers.missing("webkit")
    if why:
        pytest.fail(why, pytrace=False)
    seen: list[str] = []

    class Recording(pages_server().PagesHandler):
        def sent(self, info):
            seen.append(info["path"])

    lines = []
    with pages_server().Server(SITE, handler=Recording) as server:
        # a calculator page: the page's own scripts, the worker, Pyodide, the offline cache
        lines += drivers.webkit_console(f"{server.url}{CALC_PAGE['ar']}?{KW_QUERY}",
                                        ready=lambda: any("iqama_app." in p for p in seen))
        assert any("iqama_app." in p for p in seen), "the calculator did not load in MiniBrowser"
    errors = [line for line in lines if "CONSOLE" in line and ("ERROR" in line or "Content-Security-Policy" in line)]
    assert not errors, "\n".join(errors)
