"""Parse Gregorian or Hijri (Umm al-Qura) dates typed by people; convert both ways.

Each date's calendar is recognised from its year (decision D10): years 1300–1599 are Hijri,
years 1800–2199 Gregorian. The ranges cannot be confused, so one date may be Hijri (an expiry
copied from Absher) and the next Gregorian (today). A month written by name belongs to one
calendar ("جمادى الأولى", "June"); its year must agree. A calendar the user stated that
contradicts the year is overridden by the year; `read_date` reports the calendar it read.

Day counts are calendar days. Dates outside the Umm al-Qura table that `hijridate` carries
(1343–1500 AH, 1924-08-01 – 2077-11-16) are refused in both calendars, so every accepted date
can be echoed in the other calendar.
"""
from __future__ import annotations

import datetime as dt
import re

from hijridate import Gregorian, Hijri

from .digits import normalise
from .errors import CalcError
from .months import names_a_month, split_month

LOW = dt.date(1924, 8, 1)
HIGH = dt.date(2077, 11, 16)
HIJRI_LOW, HIJRI_HIGH = 1343, 1500
# D10: the year alone says the calendar.
HIJRI_YEARS = range(1300, 1600)
GREGORIAN_YEARS = range(1800, 2200)
CALENDARS = ("gregorian", "hijri")
_YMD = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_NUMBERS = re.compile(r"\d+")
_LEFTOVER = re.compile(r"[\s,./\-]*")
_GREGORIAN_MARK = re.compile(r"(?<![^\W\d_])(م|ad|ce)\.?(?![^\W\d_])")
_HIJRI_MARK = re.compile(r"(?<![^\W\d_])(هـ|ه|ah|h)\.?(?![^\W\d_])")


def _range_error(code: str, field: str) -> CalcError:
    return CalcError(code, field, low=LOW.isoformat(), high=HIGH.isoformat(),
                     hijri_low=HIJRI_LOW, hijri_high=HIJRI_HIGH)


def calendar_of_year(year: int) -> str | None:
    """"hijri" for years 1300–1599, "gregorian" for 1800–2199, None otherwise (D10)."""
    if year in HIJRI_YEARS:
        return "hijri"
    if year in GREGORIAN_YEARS:
        return "gregorian"
    return None


def _parts(text: str, field: str) -> tuple[int, int, int, str | None]:
    """(year, month, day, calendar of the month's name or None) from "YYYY-MM-DD", "DD/MM/YYYY"
    (any of - / . between) or a date with the month's name ("1 June 2025", "June 1, 2025",
    "١ يونيو ٢٠٢٥", "٥ جمادى الأولى ١٤٤٦ هـ")."""
    clean = normalise(text)
    compact = clean.replace(" ", "")
    if m := _YMD.match(compact):
        return int(m[1]), int(m[2]), int(m[3]), None
    if m := _DMY.match(compact):
        return int(m[3]), int(m[2]), int(m[1]), None
    calendar = names_a_month(clean)
    named = split_month(clean, calendar) if calendar else None
    if calendar is None or named is None:
        raise CalcError("invalid_date", field)
    month, rest = named
    rest = (_HIJRI_MARK if calendar == "hijri" else _GREGORIAN_MARK).sub(" ", rest)
    numbers = _NUMBERS.findall(rest)
    if len(numbers) != 2 or _LEFTOVER.fullmatch(_NUMBERS.sub(" ", rest)) is None:
        raise CalcError("invalid_date", field)
    years = [n for n in numbers if len(n) == 4]
    days = [n for n in numbers if len(n) <= 2]
    if len(years) != 1 or len(days) != 1:
        raise CalcError("invalid_date", field)
    return int(years[0]), month, int(days[0]), calendar


def _from_hijri(year: int, month: int, day: int, field: str) -> dt.date:
    if not HIJRI_LOW <= year <= HIJRI_HIGH:
        raise _range_error("hijri_out_of_range", field)
    if not (1 <= month <= 12 and 1 <= day <= 30):
        raise CalcError("invalid_date", field)
    try:
        hijri = Hijri(year, month, day)
    except (ValueError, OverflowError):
        # Day 30 of a 29-day month, or the edge of the table.
        raise CalcError("invalid_date", field) from None
    try:
        return dt.date(*hijri.to_gregorian().datetuple())
    except (ValueError, OverflowError):
        raise _range_error("hijri_out_of_range", field) from None


def read_date(text: str, field: str, stated: str | None = None) -> tuple[dt.date, str]:
    """(Gregorian date, calendar it was read in) from `text`.

    The calendar comes from the year (D10); `stated` ("gregorian", "hijri" or None) only matters
    to the caller, who says so when it differs from the calendar returned. Errors (CalcError
    naming `field`): invalid_date (also a month name of the other calendar than the year's),
    date_out_of_range (a year in neither range, or a Gregorian date outside the table),
    hijri_out_of_range (a Hijri year outside 1343–1500); ValueError for a `stated` calendar other
    than the two (a programming error, not the reader's).
    """
    if stated is not None and stated not in CALENDARS:
        raise ValueError(f"unknown calendar {stated!r}")
    year, month, day, named = _parts(text, field)
    calendar = calendar_of_year(year)
    if calendar is None:
        raise _range_error("date_out_of_range", field)
    if named is not None and named != calendar:
        raise CalcError("invalid_date", field)
    if calendar == "hijri":
        return _from_hijri(year, month, day, field), calendar
    try:
        day_value = dt.date(year, month, day)
    except ValueError:
        raise CalcError("invalid_date", field) from None
    if not LOW <= day_value <= HIGH:
        raise _range_error("date_out_of_range", field)
    return day_value, calendar


def to_hijri(day: dt.date) -> str:
    """ISO-style Hijri (Umm al-Qura) date, e.g. "1446-12-05"."""
    return Gregorian(day.year, day.month, day.day).to_hijri().isoformat()


def hijri_parts(day: dt.date) -> tuple[int, int, int] | None:
    """(year, month, day) of `day` in the Umm al-Qura calendar; None outside its table."""
    if not LOW <= day <= HIGH:
        return None
    hijri = Gregorian(day.year, day.month, day.day).to_hijri()
    return hijri.year, hijri.month, hijri.day


def both(day: dt.date) -> dict[str, str | None]:
    """{"gregorian", "hijri"} ISO-style strings; "hijri" is None for a date the calculator worked
    out (a deadline, a first fined day) that falls outside the Umm al-Qura table."""
    return {"gregorian": day.isoformat(), "hijri": to_hijri(day) if LOW <= day <= HIGH else None}


def add_months(day: dt.date, months: int) -> dt.date:
    """Same day-of-month `months` later (earlier if negative), clamped to the month's last day
    (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    next_first = dt.date(year + month // 12, month % 12 + 1, 1)
    last = (next_first - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def add_hijri_months(day: dt.date, months: int) -> dt.date:
    """`months` Umm al-Qura months later (or earlier), same Hijri day clamped to the month's
    length (30 Ramadan + 1 month = 29 Shawwal in a 29-day Shawwal). Raises CalcError
    (hijri_out_of_range, field None) past the table's edge."""
    h = Gregorian(day.year, day.month, day.day).to_hijri()
    index = h.month - 1 + months
    year, month = h.year + index // 12, index % 12 + 1
    try:
        length = Hijri(year, month, 1).month_length()
        return dt.date(*Hijri(year, month, min(h.day, length)).to_gregorian().datetuple())
    except (ValueError, OverflowError):
        raise _range_error("hijri_out_of_range", None) from None  # type: ignore[arg-type]
