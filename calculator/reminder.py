"""A reminder that prevents the next fine: an iCalendar (RFC 5545) file with all-day events on
the day renewal opens (decision D13), 14 days before the expiry and on the expiry day.

    make_reminder({"expires": "1448-04-01", "country": "sa", "worker": "private"}, "ar")
    -> {"ics": "BEGIN:VCALENDAR\\r\\n…", "filename": "iqama-reminder-2026-09-12.ics",
        "events": [{"code", "date", "summary"}]}   or   {"error": {"code", "field", "message"}}

The file is written here, not with an iCalendar library: the same code runs in the page under
Pyodide, where the `icalendar` package and its dependencies (python-dateutil, tzdata,
typing-extensions) would add about 1 MB of wheels for three all-day events. The tests parse
every file with `icalendar` (CPython and Pyodide). No personal data goes in: only the dates and
fixed wording; UIDs are made from the dates.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from . import text
from .engine.errors import CalcError
from .engine.inputs import Inputs
from .engine.rules import load_rulebook
from .saudi import renewable_from

PARAMS = ("expires", "country", "worker")
COUNTRIES = ("kw", "sa")
WARN_DAYS = 14
ALARM_AT = "PT9H"  # 09:00 on the day of each all-day event
# (country, event) -> (summary, description) keys
WORDS = {
    ("sa", "opens"): ("reminder.sa.opens.summary", "reminder.sa.opens.description"),
    ("sa", "soon"): ("reminder.sa.soon.summary", "reminder.sa.soon.description"),
    ("sa", "expires"): ("reminder.sa.expires.summary", "reminder.sa.expires.description"),
    ("kw", "opens"): ("reminder.kw.opens.summary", "reminder.kw.opens.description"),
    ("kw", "soon"): ("reminder.kw.soon.summary", "reminder.kw.soon.description"),
    ("kw", "expires"): ("reminder.kw.expires.summary", "reminder.kw.expires.description"),
}
_ESCAPES = str.maketrans({"\\": "\\\\", ";": "\\;", ",": "\\,", "\n": "\\n"})


def _escape(value: str) -> str:
    return value.replace("\r\n", "\n").translate(_ESCAPES)


def _fold(line: str) -> str:
    """RFC 5545 §3.1: lines of at most 75 octets, continued with CRLF + one space; never split
    inside a UTF-8 character."""
    out: list[str] = []
    current, size = "", 0
    for ch in line:
        width = len(ch.encode("utf-8"))
        limit = 75 if not out else 74  # a continuation line starts with a space
        if size + width > limit:
            out.append(current)
            current, size = "", 0
        current += ch
        size += width
    out.append(current)
    return "\r\n ".join(out)


def events(expires: dt.date, country: str, worker: str, lang: str,
           calendar: str = "gregorian") -> list[dict[str, str]]:
    """The reminder's events, in date order: renewal opens (D13), 14 days before, expiry day.
    Dates in the words are written in `calendar` (the one the expiry was typed in)."""
    book = load_rulebook()
    opens, rule, value = renewable_from(book, country, worker, expires)
    n = int(value.data["months_before"][worker])
    def written(day: dt.date) -> str:
        return text.plain(text.date_text(lang, day, calendar))

    values = {"expires": written(expires), "days": text.count(lang, "days", WARN_DAYS),
              "months": text.count(lang, "months", n), "opens": written(opens)}
    plan = [("opens", opens), ("soon", expires - dt.timedelta(days=WARN_DAYS)),
            ("expires", expires)]
    seen: set[dt.date] = set()
    found = []
    for code, day in sorted(plan, key=lambda item: item[1]):
        if day in seen:
            continue
        seen.add(day)
        summary, description = WORDS[(country, code)]
        found.append({"code": code, "date": day.isoformat(),
                      "summary": text.say(lang, summary, **values),
                      "description": text.say(lang, description, **values)})
    return found


def calendar_text(items: list[dict[str, str]], country: str, lang: str, stamp: dt.date) -> str:
    """The VCALENDAR text (CRLF line ends) for `items` from events()."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:-//Iqama Guide//Reminder//{lang.upper()}",
             "CALSCALE:GREGORIAN", "METHOD:PUBLISH",
             "X-WR-CALNAME:" + _escape(text.say(lang, "reminder.calendar_name"))]
    for item in items:
        day = dt.date.fromisoformat(item["date"])
        lines += [
            "BEGIN:VEVENT",
            f"UID:{item['date']}-{item['code']}-{country}@iqama-guide",
            f"DTSTAMP:{stamp.strftime('%Y%m%d')}T000000Z",
            f"DTSTART;VALUE=DATE:{day.strftime('%Y%m%d')}",
            f"DTEND;VALUE=DATE:{(day + dt.timedelta(days=1)).strftime('%Y%m%d')}",
            "SUMMARY;LANGUAGE=" + lang + ":" + _escape(item["summary"]),
            "DESCRIPTION;LANGUAGE=" + lang + ":" + _escape(item["description"]),
            "TRANSP:TRANSPARENT",
            "BEGIN:VALARM", "ACTION:DISPLAY", f"TRIGGER;RELATED=START:{ALARM_AT}",
            "DESCRIPTION:" + _escape(item["summary"]), "END:VALARM",
            "END:VEVENT",
        ]
    lines.append("END:VCALENDAR")
    return "".join(_fold(line) + "\r\n" for line in lines)


def make_reminder(params: Mapping[str, object] | None, lang: str = "en",
                  today: dt.date | None = None) -> dict[str, Any]:
    """The reminder file for `params` (expires: date in either calendar; country: kw|sa;
    worker: private|domestic, default private), or {"error": …}; never raises for bad input."""
    from .api import error_dict  # noqa: PLC0415 - api imports the handlers, not this module

    if lang not in text.LANGS:
        return error_dict("en", CalcError("invalid_choice", "lang", choices="ar, en"))
    try:
        inp = Inputs(params or {}, PARAMS, today or dt.date.today())
        expires = inp.date("expires")
        if expires is None:
            raise CalcError("required", "expires")
        country = inp.choice("country", COUNTRIES)
        worker = inp.choice("worker", ("private", "domestic"), default="private")
        items = events(expires, country, worker, lang, inp.calendars.get("expires", "gregorian"))
    except CalcError as error:
        return error_dict(lang, error)
    return {"ics": calendar_text(items, country, lang, inp.today),
            "filename": f"iqama-reminder-{expires.isoformat()}.ics", "events": items}
