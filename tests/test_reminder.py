"""The reminder (calculator.reminder, `python -m calculator reminder`): an iCalendar file that a
well-kept library, `icalendar`, parses into all-day events on the day renewal opens (D13), 14
days before the expiry and on the expiry day, in Arabic and English, with nothing personal in it.

Runs under CPython and inside Pyodide (tests/test_pyodide_cases.py, pytest-pyodide), where `icalendar` is
installed only for the tests: the page's file is made by our own code (see calculator.reminder).
"""
from __future__ import annotations

import datetime as dt
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hijridate import Hijri
from icalendar import Calendar

from calculator import estimate, text
from calculator.reminder import _fold, make_reminder

ROOT = Path(__file__).resolve().parents[1]

IN_PYODIDE = sys.platform == "emscripten"
ARABIC = re.compile(r"[\u0600-\u06FF]")
TODAY = dt.date(2026, 11, 30)


def _g(year: int, month: int, day: int) -> dt.date:
    return dt.date(*Hijri(year, month, day).to_gregorian().datetuple())


# (params, [renewal opens, 14 days before, expiry]) — the windows of D13, worked out by hand:
# Saudi worker: fewer than 6 Umm al-Qura months left, so the day after expiry - 6 months;
# domestic worker: 14 months; Kuwait: 2 Gregorian months or less, so expiry - 2 months.
PLANS = [
    ({"expires": "1448-04-01", "country": "sa", "worker": "private"},
     [_g(1447, 10, 1) + dt.timedelta(days=1), _g(1448, 4, 1) - dt.timedelta(days=14), _g(1448, 4, 1)]),
    ({"expires": "1448-04-01", "country": "sa", "worker": "domestic"},
     [_g(1447, 2, 1) + dt.timedelta(days=1), _g(1448, 4, 1) - dt.timedelta(days=14), _g(1448, 4, 1)]),
    ({"expires": "2026-03-01", "country": "kw"},
     [dt.date(2026, 1, 1), dt.date(2026, 2, 15), dt.date(2026, 3, 1)]),
    ({"expires": "٠١/٠٣/٢٠٢٦", "country": "kw", "worker": "domestic"},
     [dt.date(2026, 1, 1), dt.date(2026, 2, 15), dt.date(2026, 3, 1)]),
]


def _events(ics: str) -> list:
    cal = Calendar.from_ical(ics)
    return [c for c in cal.walk("VEVENT")]


@pytest.mark.parametrize("lang", ["ar", "en"])
# ASCII ids (U0660 for ٠): pytest escapes other characters, and a tool that re-runs one test by
# its id (mutmut, `make mutation`) could then not find it.
@pytest.mark.parametrize(("params", "dates"), PLANS, ids=lambda p: "".join(
    c if c.isascii() else f"U{ord(c):04X}" for c in str(p)) if isinstance(p, dict) else "")
def test_the_reminder_parses_into_three_all_day_events(params, dates, lang):
    made = make_reminder(params, lang, today=TODAY)
    assert "error" not in made, made
    ics = made["ics"]
    cal = Calendar.from_ical(ics)
    assert str(cal["VERSION"]) == "2.0" and str(cal["PRODID"])
    events = _events(ics)
    assert [e.decoded("DTSTART") for e in events] == dates
    for event in events:
        start = event.decoded("DTSTART")
        assert type(start) is dt.date, "all-day events carry a DATE, not a time"
        assert event.decoded("DTEND") == start + dt.timedelta(days=1)
        assert str(event["UID"]) and event.decoded("DTSTAMP") == dt.datetime(2026, 11, 30, tzinfo=dt.UTC)
        summary, description = str(event["SUMMARY"]), str(event["DESCRIPTION"])
        assert summary.strip() and description.strip()
        if lang == "ar":
            assert ARABIC.search(summary) and ARABIC.search(description)
        else:
            assert not ARABIC.search(summary + description)
        alarms = event.walk("VALARM")
        assert len(alarms) == 1 and str(alarms[0]["ACTION"]) == "DISPLAY"
    # the expiry date is in the words, written in the calendar it was typed in
    typed = params["expires"].translate(str.maketrans("٠١٢٣٤٥٦٧٨٩", "0123456789"))
    calendar = "hijri" if typed.startswith("14") else "gregorian"
    assert text.plain(text.date_text(lang, dates[2], calendar)) in str(events[0]["DESCRIPTION"])
    assert [e["date"] for e in made["events"]] == [d.isoformat() for d in dates]
    assert made["filename"] == f"iqama-reminder-{dates[2].isoformat()}.ics"


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_file_keeps_rfc5545_lines_and_holds_nothing_personal(lang):
    ics = make_reminder({"expires": "1448-04-01", "country": "sa"}, lang, today=TODAY)["ics"]
    assert ics.endswith("\r\n") and "\n" not in ics.replace("\r\n", "")
    for line in ics.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75, line
    # Only our fixed fields: no names, phone numbers, ID numbers or addresses.
    names = {line.split(":")[0].split(";")[0] for line in ics.split("\r\n") if line and not line.startswith(" ")}
    assert names <= {"BEGIN", "END", "VERSION", "PRODID", "CALSCALE", "METHOD", "X-WR-CALNAME", "UID",
                     "DTSTAMP", "DTSTART", "DTEND", "SUMMARY", "DESCRIPTION", "TRANSP", "ACTION",
                     "TRIGGER"}
    assert not re.search(r"\d{10}", ics), "no ten-digit numbers (iqama / civil ID numbers)"


def test_folding_never_splits_a_character_and_unfolds_to_the_original():
    line = "DESCRIPTION:" + "تنتهي الإقامة، جدّد؛ " * 12
    folded = _fold(line)
    assert folded.replace("\r\n ", "") == line
    assert all(len(part.encode("utf-8")) <= 75 for part in folded.split("\r\n"))


@pytest.mark.parametrize(("params", "code", "field"), [
    ({"country": "sa"}, "required", "expires"),
    ({"expires": "2026-03-01"}, "required", "country"),
    ({"expires": "2026-03-01", "country": "ae"}, "invalid_choice", "country"),
    ({"expires": "1700-01-01", "country": "sa"}, "date_out_of_range", "expires"),
    ({"expires": "2026-03-01", "country": "sa", "worker": "boss"}, "invalid_choice", "worker"),
    ({"expires": "2026-03-01", "country": "sa", "name": "x"}, "unknown_option", "name"),
])
def test_bad_reminder_input_gets_a_message_not_a_traceback(params, code, field):
    for lang in ("ar", "en"):
        made = make_reminder(params, lang, today=TODAY)
        assert made["error"]["code"] == code and made["error"]["field"] == field
        assert made["error"]["message"].strip()


def test_results_offer_the_reminder_for_the_expiry_ahead():
    late = estimate("sa-renewal", {"months": "12", "expired": "1447-04-01", "on": "2025-10-30"})
    assert late["reminder"] == {"expires": "2026-09-12", "country": "sa", "worker": "private"}
    made = make_reminder(late["reminder"], "en", today=TODAY)
    assert _events(made["ics"])[-1].decoded("DTSTART") == dt.date(2026, 9, 12)
    valid = estimate("kw-fine", {"category": "domestic", "expired": "2026-03-01", "on": "2026-01-01"})
    assert valid["reminder"] == {"expires": "2026-03-01", "country": "kw", "worker": "domestic"}
    fined = estimate("kw-fine", {"category": "residence", "expired": "2025-06-01", "on": "2025-07-16"})
    assert "reminder" not in fined, "an expiry already past offers nothing to remind of"


@pytest.mark.skipif(IN_PYODIDE, reason="no subprocesses in Pyodide")
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_cli_prints_the_same_file(lang):
    import os

    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    args = ["--expires", "1448-04-01", "--country", "sa", "--worker", "domestic", "--lang", lang]
    proc = subprocess.run([sys.executable, "-m", "calculator", "reminder", *args], cwd=ROOT, env=env,
                          capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    expected = make_reminder({"expires": "1448-04-01", "country": "sa", "worker": "domestic"}, lang)
    assert proc.stdout.decode("utf-8") == expected["ics"]
    bad = subprocess.run([sys.executable, "-m", "calculator", "reminder", "--country", "sa", "--lang", lang],
                         cwd=ROOT, env=env, capture_output=True, timeout=120)
    assert bad.returncode == 2 and b"Traceback" not in bad.stderr and bad.stderr.strip()


@pytest.mark.skipif(IN_PYODIDE or __import__("shutil").which("calcurse") is None,
                    reason="calcurse (Debian package) imports the file into a real calendar program")
@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_calendar_program_imports_the_file(lang, tmp_path):
    """calcurse -i: three events, none skipped, on the right days, with the words intact."""
    made = make_reminder({"expires": "1448-04-01", "country": "sa"}, lang, today=TODAY)
    ics = tmp_path / made["filename"]
    ics.write_bytes(made["ics"].encode("utf-8"))
    base = ["calcurse", "-D", str(tmp_path / "data"), "-C", str(tmp_path / "conf")]
    env = {"HOME": str(tmp_path), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"}
    imported = subprocess.run([*base, "-i", str(ics)], capture_output=True, env=env, timeout=60)
    report = imported.stdout.decode("utf-8") + imported.stderr.decode("utf-8")
    assert "3 events" in report and "0 skipped" in report, report
    listed = subprocess.run([*base, "-Q", "--from", "01/01/2026", "--to", "12/31/2026"],
                            capture_output=True, env=env, timeout=60).stdout.decode("utf-8")
    for event in made["events"]:
        day = dt.date.fromisoformat(event["date"])
        assert day.strftime("%m/%d/%y") + ":" in listed
        assert event["summary"] in listed
