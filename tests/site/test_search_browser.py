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
