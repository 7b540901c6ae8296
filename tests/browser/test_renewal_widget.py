"""Issue 13 in a real browser: each date in either calendar as typed, the Saudi renewal's new
options through the form and the URL (who pays what), and "add a reminder to my calendar",
whose download is the iCalendar file the CLI prints, parsed with the `icalendar` library."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

import pytest
from icalendar import Calendar

from calculator import estimate
from calculator.reminder import make_reminder
from test_widget import DRIVE, READ_JS, _fill_date, _reset, expected_view, shown_view  # tests/browser/

LANGS = ("ar", "en")
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")


def _submit(page, command):
    root = f".iq-widget[data-command='{command}']"
    before = int(page.get_attribute(root, "data-runs") or 0)
    page.click(f"{root} .iq-submit")
    page.wait_for_selector(f"{root}[data-runs='{before + 1}']", state="attached")
    return page.evaluate(f"() => ({READ_JS})(document.querySelector(\"{root}\"))")


@pytest.mark.parametrize("lang", LANGS)
def test_a_hijri_expiry_beside_a_gregorian_date_as_typed(tabs, lang):
    tab = tabs(lang, "sa-fine")
    page = tab.page
    _reset(page, "sa-fine")
    digits = ARABIC_DIGITS if lang == "ar" else {}
    _fill_date(page, "iq-sa-fine-expired", "1".translate(digits), "5".translate(digits), "1447".translate(digits))
    _fill_date(page, "iq-sa-fine-on", "30", "10", "2025")
    shown = _submit(page, "sa-fine")
    params = {"expired": "1447-5-1".translate(digits), "on": "2025-10-30", "offence": "1"}
    result = estimate("sa-fine", params, lang)
    expected = expected_view(result)
    assert shown_view(shown, expected) == expected
    assert result["days_late"] == 7 and shown["total"] == "500.00"
    # the converted dates are echoed under their fields: the Hijri expiry in Gregorian, and back
    echo_expired = page.inner_text("#iq-sa-fine-expired .iq-date-echo")
    echo_on = page.inner_text("#iq-sa-fine-on .iq-date-echo")
    plain = lambda words: words.replace("\u2068", "").replace("\u2069", "")  # noqa: E731
    assert plain(result["dates"]["expired"]["gregorian_text"]) in echo_expired  # 23 October 2025
    assert plain(result["dates"]["on"]["hijri_text"]) in echo_on  # 8 Jumada al-Ula 1447
    assert result["dates"]["expired"]["gregorian"] == "2025-10-23" and result["dates"]["on"]["hijri"] == "1447-05-08"
    tab.assert_clean()


RENEWAL = {"worker": "private", "months": "12", "establishment": "expat-majority", "dependents": "3",
           "workers": "2", "absher-business": "no", "expired": "1447-4-1", "offence": "1", "on": "2025-10-30"}


@pytest.mark.parametrize("lang", LANGS)
def test_renewal_after_expiry_typed_equals_the_cli_and_the_url_carries_it(tabs, lang):
    tab = tabs(lang, "sa-renewal")
    page = tab.page
    _reset(page, "sa-renewal")
    root = "#iq-sa-renewal"
    page.select_option(f"{root}-worker", "private")
    page.select_option(f"{root}-months", "12")
    page.select_option(f"{root}-establishment", "expat-majority")
    page.fill(f"{root}-dependents", "3")
    page.fill(f"{root}-workers", "2")
    page.check(f"{root}-absher-business-no")
    _fill_date(page, "iq-sa-renewal-expired", "1", "4", "1447")
    page.select_option(f"{root}-offence", "1")
    _fill_date(page, "iq-sa-renewal-on", "30", "10", "2025")
    shown = _submit(page, "sa-renewal")
    result = estimate("sa-renewal", RENEWAL, lang)
    expected = expected_view(result)
    assert shown_view(shown, expected) == expected
    # (650 + 100 + 9,600 + 500) x 2 workers for the employer; 3 x 400 x 12 for the family head
    assert result["totals_by_payer"] == {"employer": "21700.00", "resident": "14400.00"}
    payers = page.evaluate("""() => Object.fromEntries([...document.querySelectorAll(
        '.iq-widget[data-command="sa-renewal"] .iq-payers li')].map((li) => [li.dataset.payer, li.dataset.amount]))""")
    assert payers == result["totals_by_payer"]
    assert page.inner_text(".iq-widget[data-command='sa-renewal'] .iq-payers") .count(
        result["totals_by_payer_text"]["resident"]) == 1
    rows = page.eval_on_selector_all(".iq-widget[data-command='sa-renewal'] .iq-lines tr",
                                     "rows => rows.map((r) => r.dataset.payer)")
    assert rows == [line["payer"] for line in result["lines"]]
    query = {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}
    assert query == {"calc": "sa-renewal", **RENEWAL}
    tab.assert_clean()


@pytest.mark.parametrize("lang", LANGS)
def test_add_a_reminder_downloads_the_file_the_cli_makes(tabs, lang):
    tab = tabs(lang, "sa-renewal")
    page = tab.page
    params = {"months": "12", "establishment": "expat-majority", "expired": "2026-06-01", "on": "2026-01-15"}
    page.evaluate(DRIVE, {"command": "sa-renewal", "query": urlencode({"calc": "sa-renewal", **params})})
    result = estimate("sa-renewal", params, lang)
    button = ".iq-widget[data-command='sa-renewal'] .iq-reminder"
    assert page.inner_text(button) == ("أضف تذكيرًا إلى تقويمي" if lang == "ar" else "Add a reminder to my calendar")
    with page.expect_download() as info:
        page.click(button)
    download = info.value
    body = Path(download.path()).read_bytes().decode("utf-8")  # CRLF kept
    made = make_reminder(result["reminder"], lang)
    assert download.suggested_filename == made["filename"] == "iqama-reminder-2027-05-21.ics"
    assert body == made["ics"], "the page's file is the one calculator.reminder makes"
    events = Calendar.from_ical(body).walk("VEVENT")
    assert [e.decoded("DTSTART") for e in events][-1] == dt.date(2027, 5, 21)
    tab.assert_clean()


@pytest.mark.parametrize("lang", LANGS)
def test_kuwait_readiness_check_in_the_page(tabs, lang):
    tab = tabs(lang, "kw-ready")
    params = {"state-debts-paid": "yes", "health-insurance": "no", "passport-valid": "yes"}
    shown = tab.page.evaluate(DRIVE, {"command": "kw-ready", "query": urlencode({"calc": "kw-ready", **params})})
    result = estimate("kw-ready", params, lang)
    assert result["status"] == "blocked" and shown["status"] == "blocked"
    assert shown["headline"] == result["headline"]
    assert tab.page.inner_text(".iq-widget[data-command='kw-ready'] .iq-check--no").count(result["checks"][1]["fix"]) == 1
    tab.assert_clean()
