"""Parse Gregorian or Hijri (Umm al-Qura) dates typed by people; convert both ways.

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
from .months import split_month

LOW = dt.date(1924, 8, 1)
HIGH = dt.date(2077, 11, 16)
_YMD = re.compile(r"^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$")
_DMY = re.compile(r"^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$")
_NUMBERS = re.compile(r"\d+")
_LEFTOVER = re.compile(r"[\s,./\-]*")
_GREGORIAN_MARK = re.compile(r"(?<![^\W\d_])(م|ad|ce)\.?(?![^\W\d_])")
_HIJRI_MARK = re.compile(r"(?<![^\W\d_])(هـ|ه|ah|h)\.?(?![^\W\d_])")


def _parts(text: str, field: str, calendar: str) -> tuple[int, int, int]:
    """(year, month, day) from "YYYY-MM-DD", "DD/MM/YYYY" (any of - / . between) or a date with
    the month's name ("1 June 2025", "June 1, 2025", "١ يونيو ٢٠٢٥", "٥ جمادى الأولى ١٤٤٦ هـ")."""
    clean = normalise(text)
    compact = clean.replace(" ", "")
    if m := _YMD.match(compact):
        return int(m[1]), int(m[2]), int(m[3])
    if m := _DMY.match(compact):
        return int(m[3]), int(m[2]), int(m[1])
    named = split_month(clean, calendar)
    if named is None:
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
    return int(years[0]), month, int(days[0])


def parse_date(text: str, field: str, calendar: str) -> dt.date:
    """A Gregorian date from `text` read in `calendar` ("gregorian" or "hijri").

    Errors: CalcError invalid_date / date_out_of_range / hijri_out_of_range naming `field`;
    ValueError for a calendar other than the two (a programming error, not the reader's).
    """
    if calendar not in ("gregorian", "hijri"):
        raise ValueError(f"unknown calendar {calendar!r}")
    year, month, day = _parts(text, field, calendar)
    if calendar == "hijri":
        if not 1343 <= year <= 1500:
            raise CalcError("hijri_out_of_range", field)
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
            raise CalcError("hijri_out_of_range", field) from None
    try:
        day_value = dt.date(year, month, day)
    except ValueError:
        raise CalcError("invalid_date", field) from None
    if not LOW <= day_value <= HIGH:
        raise CalcError("date_out_of_range", field, low=LOW.isoformat(), high=HIGH.isoformat())
    return day_value


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
    """Same day-of-month `months` later, clamped to the month's last day (31 Jan + 1 = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    next_first = dt.date(year + month // 12, month % 12 + 1, 1)
    last = (next_first - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))
