"""The calculator widget in a real browser: the page shows what calculator.estimate says.

URL-driven: each case file's inputs become `?calc=<command>&<option>=<value>...`; the page
fills its form from the URL and shows the result without a click. Many cases run through one
loaded page: the test rewrites the URL and fires `popstate`, which the widget handles as a
fresh URL (the same code path as opening the link).
"""
from __future__ import annotations

import json
import re
from urllib.parse import parse_qs, urlencode, urlparse

import pytest

from calculator import estimate  # noqa: E402
from calculator.forms import form_spec  # noqa: E402
from casefiles import load_cases  # noqa: E402

LANGS = ("ar", "en")
COMMANDS = ("kw-fine", "kw-renewal", "sa-fine", "sa-renewal", "sa-ready", "kw-ready")
MIN_CASES = 50

# Rewrites the URL, fires popstate, waits for the widget's next outcome, reads what it shows.
DRIVE_JS = """
async ({command, query}) => {
  const root = document.querySelector(`.iq-widget[data-command="${command}"]`);
  const before = Number(root.dataset.runs);
  history.replaceState(null, "", location.pathname + "?" + query);
  window.dispatchEvent(new PopStateEvent("popstate"));
  const t0 = Date.now();
  while (Number(root.dataset.runs) === before) {
    if (Date.now() - t0 > 20000) throw new Error("no outcome for " + query);
    await new Promise((r) => setTimeout(r, 5));
  }
  return READ(root);
}
"""
READ_JS = """
(root) => {
  const box = root.querySelector(".iq-result");
  const texts = (sel) => [...root.querySelectorAll(sel)].map((n) => n.textContent);
  return {
    status: box.dataset.status, total: box.dataset.total, currency: box.dataset.currency,
    errorCode: box.dataset.errorCode ?? null, errorField: box.dataset.errorField ?? null,
    headline: box.querySelector(".iq-headline")?.textContent ?? null,
    lines: texts(".iq-lines td:first-child"),
    warnings: texts(".iq-warnings li"),
    nextSteps: texts(".iq-next-steps li"),
    summary: texts(".iq-error-summary:not([hidden]) li"),
    inline: texts(".iq-error-msg:not([hidden])"),
    echo: texts(".iq-date-echo:not([hidden])"),
  };
}
"""
DRIVE = DRIVE_JS.replace("READ(root)", f"({READ_JS})(root)")
READ = f"() => ({READ_JS})(document.querySelector('.iq-widget[data-runs]:not([data-runs=\"0\"])'))"


def _shown(field: dict, inputs: dict) -> bool:
    cond = field.get("show_if") or {}
    return all(inputs.get(k, "") in (v if isinstance(v, list) else [v]) for k, v in cond.items())


def _form_can_say(case) -> bool:
    """The form has a visible field for every input of the case (else the form cannot say it)."""
    if case.command not in COMMANDS:
        return False
    fields = {f["name"]: f for f in form_spec(case.command, "en")["fields"]}
    return all(k in fields and _shown(fields[k], case.inputs) for k in case.inputs)


CASES = [c for c in load_cases() if _form_can_say(c)]


def expected_view(result: dict) -> dict:
    """What the page must show for a result of calculator.estimate (its text as read: the
    isolates around dates become <bdi> elements, tests/browser/test_rendered_text.py)."""
    from calculator.text import plain
    if "error" in result:
        err = result["error"]
        return {"status": "error", "total": "", "currency": "", "errorCode": err["code"],
                "errorField": err["field"] or "", "summary": [plain(err["message"])]}
    return {
        "status": result["status"], "total": result["total"] or "",
        "currency": result["currency"] or "", "errorCode": None, "errorField": None,
        "headline": plain(result["headline"]), "lines": [plain(line["text"]) for line in result["lines"]],
        "warnings": [plain(w["text"]) for w in result["warnings"]],
        "nextSteps": [plain(s["text"]) for s in result["next_steps"]], "summary": [],
    }


def shown_view(shown: dict, expected: dict) -> dict:
    return {k: shown.get(k) for k in expected}


def test_enough_cases_reach_the_browser():
    assert len(CASES) >= MIN_CASES, f"only {len(CASES)} cases fit the forms"
    assert {c.command for c in CASES} >= {"kw-fine", "sa-fine"}


@pytest.mark.parametrize("lang", LANGS)
def test_url_driven_results_equal_the_calculator(tabs, lang):
    mismatches = []
    used = set()
    for case in CASES:
        tab = tabs(lang, case.command)
        used.add(tab)
        query = urlencode({"calc": case.command, **case.inputs})
        shown = tab.page.evaluate(DRIVE, {"command": case.command, "query": query})
        expected = expected_view(estimate(case.command, dict(case.inputs), lang))
        if shown_view(shown, expected) != expected:
            mismatches.append(f"{case.id}\n  expected {expected}\n  shown    {shown_view(shown, expected)}")
        words = tab.page.inner_text(f".iq-widget[data-command='{case.command}'] .iq-result")
        if re.search(r"\b(null|undefined|NaN)\b", words):
            mismatches.append(f"{case.id}: the result shows a placeholder word: {words[:300]}")
    assert not mismatches, f"{len(mismatches)} of {len(CASES)} differ:\n" + "\n".join(mismatches[:10])
    for tab in used:
        tab.assert_clean()


def _fill_date(page, field_id: str, day: str, month: str, year: str):
    for part, value in (("day", day), ("month", month), ("year", year)):
        page.fill(f"#{field_id}-{part}", "")
        page.focus(f"#{field_id}-{part}")
        page.keyboard.type(value)


def _reset(page, command):
    page.evaluate(
        """(command) => {
          const form = document.querySelector(`.iq-widget[data-command="${command}"] form`);
          form.reset();
          form.dispatchEvent(new Event("change"));
        }""",
        command,
    )


def _submit_and_read(page, command):
    root = f".iq-widget[data-command='{command}']"
    before = int(page.get_attribute(root, "data-runs"))
    page.focus(f"{root} .iq-submit")
    page.keyboard.press("Enter")
    page.wait_for_selector(f"{root}[data-runs='{before + 1}']", state="attached")
    return page.evaluate(f"() => ({READ_JS})(document.querySelector(\"{root}\"))")


@pytest.mark.parametrize("lang", LANGS)
def test_typing_gives_the_calculator_result_and_a_shareable_url(tabs, lang, base_url):
    tab = tabs(lang, "kw-fine")
    page = tab.page
    _reset(page, "kw-fine")
    digits = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩") if lang == "ar" else {}
    page.select_option("#iq-kw-fine-category", "residence")
    _fill_date(page, "iq-kw-fine-expired", "1".translate(digits), "6".translate(digits), "2025".translate(digits))
    _fill_date(page, "iq-kw-fine-on", "16".translate(digits), "7".translate(digits), "2025".translate(digits))
    shown = _submit_and_read(page, "kw-fine")

    params = {"category": "residence",
              "expired": "2025-6-1".translate(digits), "on": "2025-7-16".translate(digits)}
    result = estimate("kw-fine", params, lang)
    expected = expected_view(result)
    assert shown_view(shown, expected) == expected
    assert shown["total"] == "120.000"
    from calculator.text import plain
    assert shown["echo"] and plain(result["dates"]["expired"]["hijri_text"]) in shown["echo"][0]

    query = parse_qs(urlparse(page.url).query)
    assert query["calc"] == ["kw-fine"]
    assert {k: v[0] for k, v in query.items() if k != "calc"} == params
    # What was typed is still there, digits and all.
    assert page.input_value("#iq-kw-fine-expired-day") == "1".translate(digits)
    tab.assert_clean()


def test_a_shared_url_shows_the_result_on_opening(fresh_tab, widget_pages):
    params = {"calc": "kw-fine", "category": "residence", "expired": "2025-06-01", "on": "2025-07-16"}
    tab = fresh_tab()
    tab.goto(widget_pages[("en", "kw-fine")] + "?" + urlencode(params), runs=1)
    expected = expected_view(estimate("kw-fine", params, "en"))
    assert shown_view(tab.page.evaluate(READ), expected) == expected
    assert tab.page.input_value("#iq-kw-fine-expired-year") == "2025"
    assert tab.page.get_attribute("#iq-kw-fine .iq-result", "aria-live") == "polite"
    tab.assert_clean()


@pytest.mark.parametrize("lang", LANGS)
def test_bad_date_shows_the_error_in_the_page_language_and_keeps_the_input(tabs, lang):
    tab = tabs(lang, "kw-fine")
    page = tab.page
    _reset(page, "kw-fine")
    typed = ("٣٢", "١٣", "٢٠٢٥") if lang == "ar" else ("32", "13", "2025")
    page.select_option("#iq-kw-fine-category", "residence")
    _fill_date(page, "iq-kw-fine-expired", *typed)
    shown = _submit_and_read(page, "kw-fine")

    params = {"category": "residence", "expired": f"{typed[2]}-{typed[1]}-{typed[0]}"}
    error = estimate("kw-fine", params, lang)["error"]
    assert (shown["errorCode"], shown["errorField"]) == (error["code"], "expired")
    assert shown["summary"] == [error["message"]] and shown["inline"] == [error["message"]]
    if lang == "ar":
        assert any("\u0600" <= ch <= "\u06ff" for ch in error["message"])
    # The summary takes focus and links to the field; the field says what is wrong.
    assert page.evaluate("document.activeElement.classList.contains('iq-error-summary')")
    fieldset = page.locator("#iq-kw-fine-expired")
    assert "iq-kw-fine-expired-error" in fieldset.get_attribute("aria-describedby")
    assert page.get_attribute("#iq-kw-fine-expired-day", "aria-invalid") == "true"
    page.click("#iq-kw-fine .iq-error-summary a")
    assert page.evaluate("document.activeElement.id") == "iq-kw-fine-expired-day"
    # Nothing typed was cleared or rewritten.
    for part, value in zip(("day", "month", "year"), typed):
        assert page.input_value(f"#iq-kw-fine-expired-{part}") == value
    assert page.locator("#iq-kw-fine .iq-result").get_attribute("data-total") == ""
    tab.assert_clean()


def test_fields_show_and_hide_with_their_condition(tabs):
    page = tabs("en", "sa-renewal").page
    _reset(page, "sa-renewal")
    page.select_option("#iq-sa-renewal-worker", "domestic")
    assert page.is_hidden("#iq-sa-renewal-establishment")
    assert page.is_visible("#iq-sa-renewal-above-limit")
    page.select_option("#iq-sa-renewal-worker", "private")
    assert page.is_visible("#iq-sa-renewal-establishment")
    assert page.is_hidden("#iq-sa-renewal-above-limit")


@pytest.mark.parametrize("lang", LANGS)
def test_a_runtime_that_cannot_load_says_so_in_the_page_language(fresh_tab, base_url, widget_pages, lang):
    tab = fresh_tab(route=("**/assets/pyodide/**", lambda route: route.abort()))  # no runtime
    page = tab.page
    page.goto(base_url + widget_pages[(lang, "kw-fine")])
    page.focus("#iq-kw-fine-category")
    page.wait_for_selector(".iq-widget[data-state='failed']", state="attached", timeout=30_000)
    ui = json.loads(page.get_attribute("#iq-kw-fine", "data-ui"))
    assert ui["load_failed"] in page.inner_text("#iq-kw-fine .iq-status")
    assert page.is_visible("#iq-kw-fine-category")  # the form stays
    assert not [p for p in tab.problems if "request to another origin" in p]


@pytest.mark.parametrize("lang", LANGS)
def test_the_widget_passes_axe_with_an_error_and_with_a_result(tabs, lang):
    from axe_playwright_python.sync_playwright import Axe

    tab = tabs(lang, "sa-fine")
    for inputs in ({"expired": "1446-02-30x", "on": "1447-01-20"},
                   {"expired": "1446-09-27", "on": "1447-01-20"}):
        tab.page.evaluate(DRIVE, {"command": "sa-fine", "query": urlencode({"calc": "sa-fine", **inputs})})
        report = Axe().run(tab.page, context={"include": [[".iq-widget"]]})
        assert report.violations_count == 0, report.generate_report()
    tab.assert_clean()


@pytest.mark.parametrize("lang", LANGS)
def test_home_page_presets_fill_the_form_without_an_error(fresh_tab, widget_pages, lang):
    """The home page's "who are you?" links pick choices only: the form is filled, nothing is
    reported missing before the reader types a date; a date then gives the calculator's result."""
    home = "" if lang == "ar" else "en/"
    tab = fresh_tab()
    tab.page.goto(tab.base_url + home)
    href = tab.page.get_attribute("a[href*='category=visit']", "href")
    assert "calc=kw-fine" in href
    tab.page.click("a[href*='category=visit']")
    tab.wait_ready()
    root = "#iq-kw-fine"
    tab.page.wait_for_selector(f"{root}[data-runs='1']", state="attached", timeout=60_000)
    assert tab.page.input_value("#iq-kw-fine-category") == "visit"
    assert tab.page.get_attribute(f"{root} .iq-result", "data-status") == ""
    assert tab.page.is_hidden(f"{root} .iq-error-summary")
    tab.page.fill("#iq-kw-fine-days-late", "45")
    shown = _submit_and_read(tab.page, "kw-fine")
    expected = estimate("kw-fine", {"category": "visit", "calendar": "gregorian", "days-late": "45"}, lang)
    assert shown["total"] == expected["total"] and shown["nextSteps"] == [s["text"] for s in expected["next_steps"]]
    tab.assert_clean()


@pytest.mark.parametrize("lang", LANGS)
def test_next_steps_link_our_pages_in_the_page_language(tabs, lang):
    tab = tabs(lang, "kw-fine")
    query = urlencode({"calc": "kw-fine", "category": "residence", "days-late": "45", "on": "2026-06-01"})
    tab.page.evaluate(DRIVE, {"command": "kw-fine", "query": query})
    hrefs = tab.page.eval_on_selector_all("#iq-kw-fine .iq-next-steps a", "as => as.map((a) => a.href)")
    prefix = tab.base_url + ("en/" if lang == "en" else "")
    assert "https://www.moi.gov.kw/" in hrefs
    assert prefix + "kuwait/renew/" in hrefs and prefix + "kuwait/before-travel/" in hrefs
    for href in hrefs:
        if href.startswith(tab.base_url):
            assert tab.page.request.get(href).status == 200, href


SOURCES_JS = """(root) => [...root.querySelectorAll('.iq-sources li')].map((li) => ({
  title: li.querySelector('a')?.textContent ?? li.firstChild.textContent,
  publisher: li.querySelector('bdi')?.textContent ?? null}))"""


@pytest.mark.parametrize("lang", LANGS)
def test_sources_show_their_titles_in_the_page_language(tabs, lang):
    """Each source of a result: its title in the page's language (Arabic script on the Arabic
    page, never the English title), the publisher's name as the publisher writes it."""
    from calculator.engine.rules import load_rulebook
    from test_source_titles import arabic_title, english_title

    titles = {s.title[lang]: s for s in load_rulebook().sources.values()}
    fits, other = (arabic_title, "en") if lang == "ar" else (english_title, "ar")
    checked = 0
    for command, params in (("kw-fine", {"category": "residence", "days-late": "45", "on": "2026-06-01"}),
                            ("sa-renewal", {"worker": "private", "months": "12", "on": "2026-01-15"})):
        tab = tabs(lang, command)
        tab.page.evaluate(DRIVE, {"command": command, "query": urlencode({"calc": command, **params})})
        shown = tab.page.evaluate(SOURCES_JS, tab.page.query_selector(f".iq-widget[data-command='{command}']"))
        assert shown, command
        for item in shown:
            assert item["title"] in titles and fits(item["title"]), (lang, item)
            source = titles[item["title"]]
            assert item["title"] != source.title[other] and item["publisher"] == source.publisher, item
            checked += 1
    assert checked >= 3
