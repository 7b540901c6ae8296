"""What a reader types that looks right is read as it looks (issue 14, item 7), in a real browser:
typed or pasted into the calculator's own boxes, in both languages.

- a year followed by a no-break space; a Persian number followed by U+200C; boxes holding
  U+2060 (word joiner) or U+00AD (soft hyphen);
- a whole date pasted into the day box (sent whole, not as "--01/06/2025", and spread over the
  three boxes);
- month names in the month box: "jun", «يونيو», «حزيران», and a Hijri «جمادى الأولى».
Each gives the calculator's result for the plain ASCII input, and what was typed is kept.
"""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import pytest

from calculator import estimate

LANGS = ("ar", "en")


def _date(page, field_id: str, day: str, month: str, year: str):
    """Fill the boxes given (a box given "" is left as it is), then leave the field."""
    for part, value in (("day", day), ("month", month), ("year", year)):
        if value:
            page.fill(f"#{field_id}-{part}", value)
            page.dispatch_event(f"#{field_id}-{part}", "change")


def _reset(page, command):
    page.evaluate("""(command) => {
        const form = document.querySelector(`.iq-widget[data-command="${command}"] form`);
        form.reset();
        form.dispatchEvent(new Event("change"));
    }""", command)


def _submit(page, command) -> dict:
    root = f".iq-widget[data-command='{command}']"
    before = int(page.get_attribute(root, "data-runs") or 0)
    page.click(f"{root} .iq-submit")
    page.wait_for_selector(f"{root}[data-runs='{before + 1}']", state="attached")
    box = page.locator(f"{root} .iq-result")
    query = {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}
    return {"status": box.get_attribute("data-status"), "total": box.get_attribute("data-total"),
            "code": box.get_attribute("data-error-code"), "query": query}


KW_DATES = [
    # (why, expired day, month, year) - on 16/7/2025: 45 days late, KD 120
    ("year followed by a no-break space", "1", "6", "2025\u00a0"),
    ("word joiner and soft hyphen in the boxes", "1\u00ad", "\u20606", "20\u206025"),
    ("bidi marks around Arabic-Indic digits", "\u200f١", "٦\u200e", "٢٠٢٥"),
    ("month name in English", "1", "jun", "2025"),
    ("Egyptian/Gulf month name", "١", "يونيو", "٢٠٢٥"),
    ("Levantine month name", "1", "حزيران", "2025"),
]


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("why,day,month,year", KW_DATES, ids=[c[0] for c in KW_DATES])
def test_dates_that_look_right_are_read(tabs, lang, why, day, month, year):
    tab = tabs(lang, "kw-fine")
    page = tab.page
    _reset(page, "kw-fine")
    page.select_option("#iq-kw-fine-category", "residence")
    _date(page, "iq-kw-fine-expired", day, month, year)
    _date(page, "iq-kw-fine-on", "16", "7", "2025")
    shown = _submit(page, "kw-fine")
    assert (shown["status"], shown["total"]) == ("fined", "120.000"), (why, shown)
    assert page.input_value("#iq-kw-fine-expired-month") == month  # kept as typed
    tab.assert_clean()


@pytest.mark.parametrize("lang", LANGS)
def test_a_persian_number_with_a_zero_width_non_joiner(tabs, lang):
    tab = tabs(lang, "kw-fine")
    page = tab.page
    _reset(page, "kw-fine")
    page.select_option("#iq-kw-fine-category", "residence")
    page.fill("#iq-kw-fine-days-late", "۴۵\u200c")
    _date(page, "iq-kw-fine-on", "15", "1", "2026")
    shown = _submit(page, "kw-fine")
    assert (shown["status"], shown["total"]) == ("fined", "120.000"), shown
    assert page.input_value("#iq-kw-fine-days-late") == "۴۵\u200c"
    tab.assert_clean()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("pasted", ["01/06/2025", "٠١/٠٦/٢٠٢٥", "2025-06-01", "1 June 2025"])
def test_a_whole_date_pasted_into_the_day_box(tabs, lang, pasted):
    tab = tabs(lang, "kw-fine")
    page = tab.page
    _reset(page, "kw-fine")
    page.select_option("#iq-kw-fine-category", "residence")
    _date(page, "iq-kw-fine-expired", pasted, "", "")
    _date(page, "iq-kw-fine-on", "16", "7", "2025")
    shown = _submit(page, "kw-fine")
    assert (shown["status"], shown["total"]) == ("fined", "120.000"), (pasted, shown)
    assert not shown["query"]["expired"].startswith("-"), shown["query"]
    if "June" not in pasted:  # a numeric date is spread over the three boxes
        digits = [page.input_value(f"#iq-kw-fine-expired-{p}") for p in ("day", "month", "year")]
        assert [d.lstrip("0٠") for d in digits] == [x.lstrip("0٠") for x in
                                                    (pasted.split("/") if "/" in pasted else pasted.split("-")[::-1])]
    tab.assert_clean()


@pytest.mark.parametrize("lang", LANGS)
def test_hijri_month_name(tabs, lang):
    """«٢٩ شعبان ١٤٤٦» to «٣ رمضان ١٤٤٦» (2025-02-28 to 2025-03-03): 3 days, a first offence."""
    tab = tabs(lang, "sa-fine")
    page = tab.page
    _reset(page, "sa-fine")
    _date(page, "iq-sa-fine-expired", "٢٩", "شعبان", "١٤٤٦")
    _date(page, "iq-sa-fine-on", "3", "رمضان", "1446")
    shown = _submit(page, "sa-fine")
    expected = estimate("sa-fine", {"calendar": "hijri", "expired": "1446-08-29", "on": "1446-09-03"}, lang)
    assert (shown["status"], shown["total"]) == (expected["status"], expected["total"]), shown
    _date(page, "iq-sa-fine-expired", "1", "جمادى الأولى", "1446")
    _date(page, "iq-sa-fine-on", "5", "جمادى الأولى", "1446")
    shown = _submit(page, "sa-fine")
    assert shown["code"] is None and shown["status"] in ("grace", "fined"), shown
    tab.assert_clean()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("written,boxes", [
    ("1447/05/01", ("01", "05", "1447")),   # year first with slashes, as Absher writes it
    ("2025-06-01", ("01", "06", "2025")),
    ("01-06-2025", ("01", "06", "2025")),   # day first with dashes
    ("01/06/2025", ("01", "06", "2025")),
])
def test_a_date_in_the_url_fills_day_month_and_year(fresh_tab, lang, written, boxes):
    """A shared link's date lands in the right boxes whichever end its year stands at (a year
    in the day box misleads the reader, although Python reads the value right)."""
    tab = fresh_tab()
    prefix = "" if lang == "ar" else "en/"
    tab.goto(f"{prefix}saudi/calculator/?calc=sa-fine&expired={written}&on=2026-06-01", runs=1)
    page = tab.page
    shown = tuple(page.input_value(f"#iq-sa-fine-expired-{p}") for p in ("day", "month", "year"))
    assert shown == boxes, (written, shown)
    tab.assert_clean()
