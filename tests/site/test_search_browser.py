"""Search in a real browser: an Arabic word finds the Arabic page, an English word the English
one, and following the first result opens it. Headless Debian Chromium through Playwright.

keyboard.type() of Arabic text fires no keyup (as a phone's keyboard often does not), and
Material searches on keyup: theme-later.js passes every input event on; no test presses a key
to make the search run.

Every query of search_queries.toml (47 Arabic, 24 English: every spelling variant, words the
pages do not use, Latin names on the Arabic site) is typed into the search of its language and
its first result must be one of the listed pages, and every result of that language.
"""
from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

QUERIES = tomllib.loads((Path(__file__).parent / "search_queries.toml").read_text(encoding="utf-8"))

CASES = [
    # (page to search from, query, the page the first result must open)
    ("", "المرجعي", "kuwait/reference-number/"),
    ("en/", "reference number", "en/kuwait/reference-number/"),
    ("", "أبشر", "saudi/"),
    ("en/", "deportation", "en/saudi/"),
]


@pytest.mark.parametrize("start,query,target", CASES)
def test_search_lands_on_the_right_page(browser, site_url, start, query, target):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    outside: list[str] = []
    page.on("request", lambda r: r.url.startswith(site_url) or r.url.startswith("data:")
            or outside.append(r.url))
    try:
        page.goto(site_url + start)
        page.click("label.md-header__button[for='__search']") if page.is_visible(
            "label.md-header__button[for='__search']") else None
        box = page.locator("input.md-search__input")
        box.click()
        page.keyboard.type(query)
        first = page.locator(".md-search-result__item a").first
        first.wait_for(timeout=15_000)
        href = first.get_attribute("href")
        assert href and href.startswith(site_url + target), (query, href)
        first.click()
        page.wait_for_load_state()
        assert page.url.startswith(site_url + target)
        expected_lang = "en" if target.startswith("en/") else "ar"
        assert page.locator("html").get_attribute("lang") == expected_lang
        assert not outside, outside
    finally:
        page.close()


def _state(page) -> str | None:
    return page.evaluate("document.documentElement.dataset.themeScript || null")


def _wait_state(page, wanted: str, timeout_ms: int = 15_000) -> None:
    # polled: the site's CSP (no 'unsafe-eval') forbids wait_for_function
    for _ in range(timeout_ms // 50):
        if _state(page) == wanted:
            return
        page.wait_for_timeout(50)
    raise AssertionError(f"theme script state {_state(page)!r}, wanted {wanted!r}")


@pytest.mark.parametrize("start,query,target", [CASES[0], CASES[1]])
def test_theme_bundle_waits_for_search_then_a_shortcut_searches(browser, site_url, start, query, target):
    """Material's bundle is not fetched as the page loads (theme-later.js); the "/" shortcut opens
    search with the cursor in the field, fetches the bundle, and the search works."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    bundles: list[str] = []
    page.on("request", lambda r: "/assets/javascripts/bundle." in r.url and bundles.append(r.url))
    try:
        page.goto(site_url + start, wait_until="load")
        page.wait_for_timeout(1000)
        assert _state(page) == "idle" and not bundles, bundles
        assert page.locator("input.md-search__input").is_visible()  # shown before the bundle
        page.keyboard.press("/")
        assert page.evaluate("document.activeElement.classList.contains('md-search__input')")
        assert page.locator("input.md-search__input").input_value() == ""  # "/" is not typed
        _wait_state(page, "ready")
        assert len(bundles) == 1, bundles
        assert page.evaluate("document.documentElement.classList.contains('js')")  # Material ran
        page.keyboard.type(query)
        first = page.locator(".md-search-result__item a").first
        first.wait_for(timeout=15_000)
        assert first.get_attribute("href").startswith(site_url + target)
    finally:
        page.close()


def test_search_on_a_phone(browser, site_url):
    """On a small screen the search button opens the search; what was typed at once, before the
    bundle and the index arrived, is searched once they have (a single word, no space after)."""
    page = browser.new_page(viewport={"width": 390, "height": 844}, has_touch=True)
    try:
        page.goto(site_url, wait_until="load")
        button = page.locator("label.md-header__button[for='__search']")
        assert button.is_visible()
        button.tap()
        box = page.locator("input.md-search__input")
        box.tap()
        page.keyboard.type("المرجعي")
        first = page.locator(".md-search-result__item a").first
        first.wait_for(timeout=15_000)
        assert first.get_attribute("href").startswith(site_url + "kuwait/reference-number/")
        assert _state(page) == "ready"
    finally:
        page.close()


def _results(page) -> list[str]:
    return page.eval_on_selector_all(".md-search-result__item > a", "els => els.map(e => e.href)")


def _search(page, query: str) -> list[str]:
    """Put the query in the field at once (one input event, as a paste) and return the result
    pages once the list has settled on it."""
    box = page.locator("input.md-search__input")
    box.fill("")
    for _ in range(100):
        if not _results(page):
            break
        page.wait_for_timeout(20)
    box.fill(query)
    last, same = None, 0
    for _ in range(300):
        now = _results(page)
        same = same + 1 if now and now == last else 0
        if same >= 5:
            return now
        last = now
        page.wait_for_timeout(20)
    return last or []


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_every_query_lands_on_its_page(browser, site_url, lang):
    start = "" if lang == "ar" else "en/"
    page = browser.new_page(viewport={"width": 390, "height": 844})
    misses = []
    try:
        page.goto(site_url + start, wait_until="load")
        page.click("label.md-header__button[for='__search']")
        page.locator("input.md-search__input").click()
        _wait_state(page, "ready")
        for case in QUERIES[lang]:
            results = _search(page, case["q"])
            pages = [r.split("#")[0].split("?")[0][len(site_url):] for r in results]
            if not pages or pages[0] not in case["pages"]:
                misses.append((case["q"], case["why"], pages[:3]))
            other = [p for p in pages if p.startswith("en/") != (lang == "en")]
            assert not other, (case["q"], other)
    finally:
        page.close()
    assert not misses, "\n".join(map(str, misses))
    assert len(QUERIES[lang]) >= (40 if lang == "ar" else 20)
