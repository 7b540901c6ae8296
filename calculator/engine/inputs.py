"""Read the raw strings of one request (CLI options or URL parameters) into typed values.

Every problem becomes a CalcError naming the parameter, so the message can point at the field.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping

from .dates import CALENDARS, read_date
from .digits import normalise
from .errors import CalcError
from .numbers import parse_whole

MAX_DAYS = 36_500  # a hundred years of delay: anything beyond is a typing mistake
YES_NO = ("yes", "no")
_YES_NO_WORDS = {"yes": "yes", "no": "no", "y": "yes", "n": "no", "true": "yes", "false": "no",
                 "1": "yes", "0": "no", "نعم": "yes", "لا": "no"}


class Inputs:
    def __init__(self, params: Mapping[str, object], allowed: Iterable[str], today: dt.date) -> None:
        self.today = today
        self.raw: dict[str, str] = {}
        # param -> the calendar each date was read in (D10: recognised from its year)
        self.calendars: dict[str, str] = {}
        allowed = set(allowed)
        for key, value in params.items():
            if key not in allowed:
                raise CalcError("unknown_option", str(key)[:40], name=str(key)[:40])
            text = "" if value is None else str(value)
            if normalise(text):
                self.raw[key] = text

    def given(self, name: str) -> bool:
        return name in self.raw

    def text(self, name: str) -> str | None:
        value = self.raw.get(name)
        return normalise(value).lower() if value is not None else None

    def choice(self, name: str, choices: Iterable[str], default: str | None = None,
               code: str = "invalid_choice") -> str:
        options = list(choices)
        value = self.text(name)
        if value is None:
            if default is None:
                raise CalcError("required", name)
            return default
        if value not in options and value.replace(" ", "_") in options:
            value = value.replace(" ", "_")  # "entry visa", "self sponsored": as a reader types them
        if value not in options:
            raise CalcError(code, name, choices=tuple(options))
        return value

    def yes_no(self, name: str) -> str | None:
        value = self.text(name)
        if value is None:
            return None
        if value not in _YES_NO_WORDS:
            raise CalcError("invalid_choice", name, choices=YES_NO)
        return _YES_NO_WORDS[value]

    def whole(self, name: str, maximum: int, minimum: int = 0) -> int | None:
        value = self.raw.get(name)
        return None if value is None else parse_whole(value, name, maximum, minimum)

    def stated_calendar(self) -> str | None:
        """The `calendar` option if given (checked: gregorian|hijri), else None."""
        return self.choice("calendar", CALENDARS) if self.given("calendar") else None

    def date(self, name: str, calendar: str | None = None) -> dt.date | None:
        """The date in param `name`, in whichever calendar its year says (D10); the calendar
        read is kept in `self.calendars`. `calendar` is only the stated one, for the record."""
        value = self.raw.get(name)
        if value is None:
            return None
        day, read_as = read_date(value, name, calendar)
        self.calendars[name] = read_as
        return day

    def sentence_calendar(self) -> str:
        """The calendar a result's sentences write dates in: the stated `calendar`, else the one
        the expiry date was typed in (D10), else the date of the estimate's, else Gregorian."""
        stated = self.text("calendar") if self.given("calendar") else None
        if stated in CALENDARS:
            return stated
        return self.calendars.get("expired") or self.calendars.get("on") or "gregorian"

    def overridden(self) -> list[str]:
        """Date params whose year contradicted the stated `calendar` (D10: the year wins)."""
        stated = self.raw.get("calendar")
        stated = self.text("calendar") if stated is not None else None
        return [name for name, read_as in self.calendars.items()
                if stated in CALENDARS and read_as != stated]
