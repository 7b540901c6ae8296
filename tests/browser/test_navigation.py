"""Navigation a reader relies on, in a real browser (issue 14, item 5):

- the home page's link to the renewal-cost calculator lands on that calculator, its heading
  visible below the sticky header; the result of "Calculate" is not hidden under the header;
- the language switch keeps the calculator's inputs (the query string) and the anchor, and the
  other language's page shows the same result;
- the 404 page, in each language, at the domain root and under a sub-path (a GitHub Pages
  project site): styled, in the reader's language first, its links leading to real pages.
"""
from __future__ import annotations

import os
from urllib.parse import parse_qs, urlparse

import pytest

from tests.conftest import SITE, pages_server

LANGS = ("ar", "en")
HEADER_JS = "() => document.querySelector('.md-header').getBoundingClientRect().bottom"


def _top(page, selector: str) -> float:
    return page.eval_on_selector(selector, "e => e.getBoundingClientRect().top")


@pytest.mark.parametrize("lang", LANGS)
def test_home_link_to_the_cost_calculator_lands_on_it(context, base_url, lang):
    page = context.new_page()
    try:
        page.set_viewport_size({"width": 390, "height": 844})
        page.goto(base_url + ("" if lang == "ar" else "en/"))
        page.click("a[href$='saudi/calculator/#cost']")
        page.wait_for_selector(".iq-widget[data-command='sa-renewal']", state="attached")
        assert page.url.endswith("#cost")
        page.wait_for_timeout(300)
        header = page.evaluate(HEADER_JS)
        top = _top(page, "#cost")
        assert header <= top < 844 / 2, (header, top)  # below the header, near the top
        # the widget under that heading is the renewal-cost calculator
        following = page.evaluate("""() => {
            let e = document.getElementById('cost').nextElementSibling;
            while (e && !e.matches('.iq-widget')) e = e.nextElementSibling;
            return e && e.dataset.command; }""")
        assert following == "sa-renewal"
    finally:
        page.close()


@pytest.mark.parametrize("lang", LANGS)
def test_the_result_heading_is_not_under_the_header(tabs, lang):
    tab = tabs(lang, "kw-fine")
    page = tab.page
    page.set_viewport_size({"width": 390, "height": 844})
    root = ".iq-widget[data-command='kw-fine']"
    # The tab is shared with earlier tests: start from an empty form (a date left in the expiry
    # boxes beside days-late is a conflict, whose error summary takes the result's place).
    page.evaluate("""(root) => {
        const form = document.querySelector(`${root} form`);
        form.reset();
        form.dispatchEvent(new Event("change"));
    }""", root)
    page.select_option("#iq-kw-fine-category", "residence")
    page.fill("#iq-kw-fine-days-late", "45")
    before = int(page.get_attribute(root, "data-runs") or 0)
    page.evaluate("() => window.scrollTo(0, 0)")
    page.click(f"{root} .iq-submit")
    page.wait_for_selector(f"{root}[data-runs='{before + 1}']", state="attached")
    page.wait_for_timeout(400)
    header = page.evaluate(HEADER_JS)
    top = _top(page, f"{root} .iq-result")
    assert top >= header - 1, (top, header)
    page.set_viewport_size({"width": 1000, "height": 900})
    tab.assert_clean()


@pytest.mark.parametrize("lang", LANGS)
def test_the_language_switch_keeps_the_inputs_the_anchor_and_the_result(context, base_url, widget_pages, lang):
    other = "en" if lang == "ar" else "ar"
    page = context.new_page()
    try:
        query = "calc=sa-renewal&worker=private&months=12&establishment=expat-majority&dependents=2&on=2026-01-15"
        page.goto(f"{base_url}{widget_pages[(lang, 'sa-renewal')]}?{query}#cost")
        result = ".iq-widget[data-command='sa-renewal'] .iq-result"
        page.wait_for_selector(f"{result}[data-total]:not([data-total=''])", state="attached", timeout=60_000)
        total = page.get_attribute(result, "data-total")
        page.click("a.iq-lang__link")
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == other
        url = urlparse(page.url)
        assert url.fragment == "cost"
        assert parse_qs(url.query) == parse_qs(query)
        page.wait_for_selector(f"{result}[data-total]:not([data-total=''])", state="attached", timeout=60_000)
        assert page.get_attribute(result, "data-total") == total
        assert page.input_value("#iq-sa-renewal-dependents") == "2"
    finally:
        page.close()


# ------------------------------------------------------------------------------ 404 page

# Where the site is served: at the domain root and under a sub-path; a site built with its
# published address (SITE_URL, as the Pages workflow builds it) only at that address's path.
_PUBLISHED_PATH = urlparse(os.environ.get("SITE_URL", "")).path


@pytest.fixture(scope="module", params=[_PUBLISHED_PATH] if _PUBLISHED_PATH else ["/", "/iqama-guide/"],
                ids=["published"] if _PUBLISHED_PATH else ["root", "sub-path"])
def pages_site(request):
    """GitHub Pages as it serves the site (site_src/pages_server.py): under the sub-path,
    404.html with status 404 for any unknown address."""
    with pages_server().Server(SITE, base=request.param) as server:
        yield server.url


@pytest.mark.parametrize("lang,missing", [("ar", "kuwait/no-such-page/"), ("ar", "nothing-here"),
                                          ("en", "en/saudi/no-such-page/"), ("en", "en/x/y/z")])
def test_the_404_page(browser, pages_site, lang, missing):
    page = browser.new_page(viewport={"width": 390, "height": 844})
    failed: list[str] = []
    page.on("response", lambda r: r.status >= 400 and r.url != pages_site + missing and failed.append(r.url))
    page.on("requestfailed", lambda r: failed.append(r.url))
    try:
        response = page.goto(pages_site + missing)
        assert response.status == 404
        assert page.locator("html").get_attribute("lang") == lang
        assert page.locator("html").get_attribute("dir") == ("rtl" if lang == "ar" else "ltr")
        first = page.locator(".iq-notfound__lang").evaluate_all(
            "els => els.sort((a, b) => a.getBoundingClientRect().top - b.getBoundingClientRect().top)[0].lang")
        assert first == lang
        # styled: Material's and our stylesheets applied, no request failed
        assert page.evaluate("() => document.styleSheets.length") >= 3
        assert page.evaluate("() => getComputedStyle(document.querySelector('.md-header')).position") == "sticky"
        assert not failed, failed
        # the home link of the reader's language opens that home page
        page.click(f".iq-notfound__lang[lang='{lang}'] li:first-child a")
        page.wait_for_load_state()
        assert page.url == pages_site + ("" if lang == "ar" else "en/")
        assert page.locator("html").get_attribute("lang") == lang
        assert not failed, failed
    finally:
        page.close()
