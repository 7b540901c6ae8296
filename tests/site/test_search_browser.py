"""Search in a real browser: an Arabic word finds the Arabic page, an English word the English
one, and following the first result opens it. Headless Debian Chromium through Playwright.

Trap: keyboard.type() of Arabic text fires no keyup, and Material searches on keyup: press End
after typing.
"""
from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

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
        page.keyboard.press("End")
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
        page.keyboard.press("End")
        first = page.locator(".md-search-result__item a").first
        first.wait_for(timeout=15_000)
        assert first.get_attribute("href").startswith(site_url + target)
    finally:
        page.close()


def test_search_on_a_phone(browser, site_url):
    """On a small screen the search button opens the search; what was typed before the bundle
    arrived is searched once it has."""
    page = browser.new_page(viewport={"width": 390, "height": 844}, has_touch=True)
    try:
        page.goto(site_url, wait_until="load")
        button = page.locator("label.md-header__button[for='__search']")
        assert button.is_visible()
        button.tap()
        box = page.locator("input.md-search__input")
        box.tap()
        page.keyboard.type("المرجعي")
        page.keyboard.press("End")
        first = page.locator(".md-search-result__item a").first
        first.wait_for(timeout=15_000)
        assert first.get_attribute("href").startswith(site_url + "kuwait/reference-number/")
        assert _state(page) == "ready"
    finally:
        page.close()
