"""Accessibility: axe-core finds nothing on any page, and the calculator works by keyboard alone.

Every built page (both languages, and 404.html) is checked at a desktop width, and the pages in
PHONE_TOO at a phone width as well.
The widget's error and result states are checked in tests/browser/test_widget.py.
Keyboard: on the Kuwait calculator, Tab reaches the form's controls in document order, a
category is chosen with the arrow keys, days late are typed, Enter sends the form; the result
lands in a polite live region; an error moves focus to the error summary, whose link takes the
reader to the field at fault.
"""
from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, urlparse

import pytest

from calculator import estimate
from tests.conftest import SITE

WIDTHS = (1000, 390)
# The phone layout (drawer navigation, stacked form) is the same on every page: checked on these.
PHONE_TOO = {"", "en/", "kuwait/", "en/kuwait/", "kuwait/calculator/", "en/kuwait/calculator/",
             "saudi/calculator/", "en/saudi/calculator/", "saudi/conditions/", "en/saudi/conditions/"}
SETTLED_JS = """async () => {
  await document.fonts.ready;
  await Promise.all(document.getAnimations().map((a) => a.finished.catch(() => {})));
}"""


def _all_pages(site: Path) -> list[str]:
    paths = []
    for html in sorted(site.rglob("*.html")):
        rel = html.relative_to(site).as_posix()
        paths.append(rel[: -len("index.html")] if rel.endswith("index.html") else rel)
    return paths


PAGES = _all_pages(SITE)


@pytest.fixture(scope="module")
def axe():
    from axe_playwright_python.sync_playwright import Axe

    return Axe()


@pytest.fixture(scope="module")
def axe_page(context):
    page = context.new_page()
    yield page
    page.close()


def test_every_page_is_checked(site_dir):
    assert PAGES == _all_pages(site_dir) and len(PAGES) >= 33
    assert {"", "en/", "404.html", "kuwait/calculator/", "en/saudi/calculator/"} <= set(PAGES)


@pytest.mark.parametrize("path", PAGES)
def test_axe_finds_no_violation(axe, axe_page, base_url, path):
    for i, width in enumerate(WIDTHS if path in PHONE_TOO else WIDTHS[:1]):
        axe_page.set_viewport_size({"width": width, "height": 900})
        if i == 0:
            axe_page.goto(base_url + path)
        axe_page.evaluate(SETTLED_JS)  # no colour caught halfway through a CSS transition
        report = axe.run(axe_page)
        assert report.violations_count == 0, f"{path} at {width}px:\n{report.generate_report()}"


FOCUSABLE_JS = """
(selector) => {
  const form = document.querySelector(selector);
  const els = [...form.querySelectorAll("input, select, button, a[href]")]
    .filter((e) => !e.closest("[hidden]") && !e.disabled);
  // one stop per radio group: the checked radio, or the first one
  const seen = new Set();
  return els.filter((e) => {
    if (e.type !== "radio") return true;
    if (seen.has(e.name)) return false;
    const group = els.filter((r) => r.type === "radio" && r.name === e.name);
    const stop = group.find((r) => r.checked) || group[0];
    if (stop !== e) return false;
    seen.add(e.name);
    return true;
  }).map((e) => e.id || e.className);
}
"""
ACTIVE_JS = "() => { const e = document.activeElement; return e ? (e.id || e.className) : null; }"


def _tab_until(page, target: str, limit: int = 120) -> list[str]:
    """Press Tab until the focus is on #target; return the ids met on the way (widget only)."""
    seen = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        here = page.evaluate(ACTIVE_JS)
        inside = page.evaluate("() => !!document.activeElement.closest('.iq-widget')")
        if inside:
            seen.append(here)
        if here == target:
            return seen
    raise AssertionError(f"Tab never reached #{target}; met {seen}")


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_kuwait_calculator_by_keyboard_alone(fresh_tab, base_url, widget_pages, lang):
    tab = fresh_tab()
    page = tab.page
    page.goto(base_url + widget_pages[(lang, "kw-fine")])
    tab.wait_ready()
    result = page.locator("#iq-kw-fine .iq-result")
    assert result.get_attribute("aria-live") == "polite"
    assert page.get_attribute("#iq-kw-fine .iq-status", "role") == "status"

    order = page.evaluate(FOCUSABLE_JS, "#iq-kw-fine .iq-form")
    assert order[0] == "iq-kw-fine-category" and "iq-submit" in order[-1]
    met = _tab_until(page, "iq-kw-fine-category")
    assert met == ["iq-kw-fine-category"]  # the first stop in the widget is its first field

    for _ in range(20):  # choose with the arrow keys (no mouse, no opening the list)
        if page.eval_on_selector("#iq-kw-fine-category", "e => e.value") == "residence":
            break
        page.keyboard.press("ArrowDown")
    assert page.eval_on_selector("#iq-kw-fine-category", "e => e.value") == "residence"

    met += _tab_until(page, "iq-kw-fine-days-late")
    assert met == order[: order.index("iq-kw-fine-days-late") + 1], "Tab order differs from the form's order"
    page.keyboard.type("45")
    page.keyboard.press("Enter")
    page.wait_for_selector("#iq-kw-fine[data-runs='1']", state="attached", timeout=30_000)
    sent = {k: v for k, v in parse_qsl(urlparse(page.url).query) if k != "calc"}
    assert sent["category"] == "residence" and sent["days-late"] == "45"
    assert result.get_attribute("data-total") == estimate("kw-fine", sent, lang)["total"]
    assert result.get_attribute("data-status") == "fined"

    # An error: the summary takes the focus; its link takes the reader to the field.
    page.focus("#iq-kw-fine-days-late")
    page.keyboard.press("Control+A")
    page.keyboard.type("abc")
    page.keyboard.press("Enter")
    page.wait_for_selector("#iq-kw-fine[data-runs='2']", state="attached", timeout=30_000)
    assert result.get_attribute("data-status") == "error"
    assert page.evaluate("document.activeElement.classList.contains('iq-error-summary')")
    page.keyboard.press("Tab")
    assert page.evaluate("!!document.activeElement.closest('.iq-error-summary') && document.activeElement.tagName") == "A"
    page.keyboard.press("Enter")
    assert page.evaluate(ACTIVE_JS) == "iq-kw-fine-days-late"
    assert page.get_attribute("#iq-kw-fine-days-late", "aria-invalid") == "true"
    assert page.input_value("#iq-kw-fine-days-late") == "abc"  # what was typed is kept
    tab.assert_clean()
