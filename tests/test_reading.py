"""The CLI's text (`--lang ar` and `--lang en`, not --json) for every case file holds no ISO
date, no snake_case id and no Latin «;»/«,» inside Arabic (tests/reading.py); dates are written
as people write them, in the request's calendar; JSON keeps ISO dates beside the text."""
from __future__ import annotations

import datetime as dt
import re

import pytest

from calculator import estimate, text
from calculator.__main__ import render_text
from casefiles import load_cases
from reading import problems

CASES = load_cases()


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_cli_text_of_every_case_reads_clean(lang):
    found = []
    for case in CASES:
        result = estimate(case.command, dict(case.inputs), lang)
        words = result["error"]["message"] if "error" in result else render_text(result)
        found += [f"{case.file}: {p}" for p in problems(words)]
    assert not found, "\n".join(found[:30])
    assert len(CASES) > 100


def test_dates_are_written_in_the_reader_s_language_and_calendar():
    day = dt.date(2025, 6, 1)
    assert text.plain(text.date_text("ar", day)) == "1\u00a0يونيو\u00a02025"
    assert text.plain(text.date_text("en", day)) == "1\u00a0June\u00a02025"
    assert text.plain(text.date_text("ar", day, "hijri")) == "5\u00a0ذو\u00a0الحجة\u00a01446\u00a0هـ"
    assert text.plain(text.date_text("en", day, "hijri")) == "5\u00a0Dhu\u00a0al-Hijjah\u00a01446\u00a0AH"
    # isolated (never reverses inside text of the other direction), beyond the table: Gregorian
    assert text.date_text("ar", day).startswith("\u2068") and text.date_text("ar", day).endswith("\u2069")
    assert "2090" in text.date_text("ar", dt.date(2090, 1, 1), "hijri")


def test_a_hijri_request_writes_its_dates_in_hijri_and_json_keeps_iso():
    result = estimate("sa-fine", {"calendar": "hijri", "expired": "1446-08-29", "on": "1446-09-10"}, "ar")
    assert result["dates"]["expired"]["gregorian"] == "2025-02-28"
    assert result["dates"]["expired"]["hijri"] == "1446-08-29"
    assert text.plain(result["dates"]["expired"]["hijri_text"]) == "29\u00a0شعبان\u00a01446\u00a0هـ"
    assert text.plain(result["dates"]["expired"]["gregorian_text"]) == "28\u00a0فبراير\u00a02025"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", result["last_verified"])
    assert not problems(render_text(result))


def test_choices_in_an_error_are_named_not_coded():
    for lang in ("ar", "en"):
        message = estimate("kw-fine", {"category": "nope", "days-late": "3"}, lang)["error"]["message"]
        assert not problems(message), message
        assert "entry_visa" not in message
