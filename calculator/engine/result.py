"""Collect an estimate (lines, rules used, sources, assumptions, warnings, next steps) and turn
it into the one dict that the CLI prints as JSON and the widget renders."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from .. import text
from .dates import both
from .kinds import describe
from .money import as_string
from .rules import Rule, RuleBook, RuleValue


class Estimate:
    """What one estimate has found so far; `to_dict` is the result. A plain class: value.py
    says what a dataclass would cost at import inside Pyodide."""

    def __init__(self, command: str, lang: str, book: RuleBook) -> None:
        self.command = command
        self.lang = lang
        self.book = book
        self.currency: str | None = None
        self.calendar = "gregorian"  # the request's calendar: dates in sentences are written in it
        self.status = "estimate"
        self.total: Decimal | None = None
        self.days_late: int | None = None
        self.days_remaining: int | None = None
        self.deportation = False
        self.headline = ""
        self.dates: dict[str, dict[str, str | None]] = {}
        self.lines: list[dict[str, Any]] = []
        self.rules: list[dict[str, Any]] = []
        self.source_ids: list[str] = []
        self.assumptions: list[dict[str, str]] = []
        self.warnings: list[dict[str, str]] = []
        self.next_steps: list[dict[str, str]] = []
        self.extra: dict[str, Any] = {}

    def say(self, key: str, **values: object) -> str:
        return text.say(self.lang, key, **values)

    def money(self, amount: Decimal | str) -> str:
        assert self.currency is not None
        return text.money_text(self.lang, amount, self.currency)

    def count(self, noun: str, n: int) -> str:
        return text.count(self.lang, noun, n)

    def date_text(self, day: dt.date) -> str:
        """`day` written for a sentence, in the request's calendar (text.date_text)."""
        return text.date_text(self.lang, day, self.calendar)

    def date(self, name: str, day: dt.date) -> None:
        """Record a date of the result: ISO strings (both calendars) and the same written."""
        iso = both(day)
        self.dates[name] = {**iso, "gregorian_text": text.date_text(self.lang, day),
                            "hijri_text": text.date_text(self.lang, day, "hijri") if iso["hijri"] else None}

    def date_of_estimate(self, on: dt.date, given: bool) -> None:
        """Record the estimate's date (`on`); when the reader gave none, say today was used."""
        self.date("on", on)
        if not given:
            self.assume("today", date=self.date_text(on))

    def note_calendars(self, inp: Any, hijri_code: str = "dates.hijri") -> None:
        """Say how the dates of `inp` were read (D10): Hijri dates converted, and any date whose
        year overrode the stated calendar."""
        if "hijri" in inp.calendars.values():
            self.assume(hijri_code)
        for name in inp.overridden():
            read_as = inp.calendars[name]
            self.assume("dates.overridden", what=text.field_name(self.lang, name),
                        calendar=text.choice_label(self.lang, "calendar", read_as))

    def offer_reminder(self, expires: dt.date, country: str, worker: str) -> None:
        """Offer "add a reminder to my calendar" for an iqama / residence expiring on `expires`:
        the params of the `reminder` command (calculator.reminder)."""
        self.extra["reminder"] = {"expires": expires.isoformat(), "country": country,
                                  "worker": worker}
        self.extra["reminder_text"] = self.date_text(expires)  # the same date, written

    def line(self, code: str, amount: Decimal, key: str, **values: object) -> None:
        assert self.currency is not None
        self.lines.append({"code": code, "amount": as_string(amount, self.currency),
                           "amount_text": self.money(amount),
                           "text": self.say(key, amount=self.money(amount), **values)})

    def use(self, rule: Rule, value: RuleValue, which: str | None = None,
            item: dict[str, Any] | None = None) -> None:
        """Record that `value` of `rule` was applied, with its sources, for the explanation; the
        value in words comes from the rule's kind (engine/kinds.describe, phrases joined by the
        language's separator, "؛ " in Arabic).

        `item`: the one entry of a table-like value that was applied (e.g. one category of
        kw.residence_fee) when it carries its own `sources` and `confidence`."""
        sources = list((item or {}).get("sources") or value.sources)
        self.rules.append({
            "id": rule.id, "label": rule.label[self.lang],
            "value": text.say(self.lang, "sep").join(describe(rule, value, self.lang, which=which)),
            "effective": value.effective.isoformat(),
            "confidence": (item or {}).get("confidence") or value.confidence,
            "last_verified": value.last_verified.isoformat(), "sources": sources,
            "effective_text": text.date_text(self.lang, value.effective),
            "last_verified_text": text.date_text(self.lang, value.last_verified),
        })
        for source_id in sources:
            if source_id not in self.source_ids:
                self.source_ids.append(source_id)

    def _note(self, bucket: list[dict[str, str]], prefix: str, code: str, values: dict[str, object],
              url: str | None = None) -> None:
        item = {"code": code, "text": self.say(f"{prefix}.{code}", **values)}
        if url:
            item["url"] = url
        bucket.append(item)

    def assume(self, code: str, **values: object) -> None:
        self._note(self.assumptions, "assume", code, values)

    def warn(self, code: str, **values: object) -> None:
        self._note(self.warnings, "warn", code, values)

    def next(self, code: str, url: str | None = None, **values: object) -> None:
        """A next step; `url` is an official portal (https://…) or a page of this guide given
        from its language's root (e.g. "kuwait/renew/"), which the widget links in the page's
        language."""
        self._note(self.next_steps, "next", code, values, url)

    def to_dict(self) -> dict[str, Any]:
        sources = []
        for source_id in self.source_ids:
            src = self.book.sources[source_id]
            sources.append({"id": src.id, "title": src.title[self.lang], "publisher": src.publisher,
                            "url": src.url,
                            "published": src.published.isoformat() if src.published else None,
                            "published_text": text.date_text(self.lang, src.published) if src.published else None})
        verified = max((r["last_verified"] for r in self.rules), default=None)
        result = {
            "command": self.command, "lang": self.lang, "status": self.status,
            "total": as_string(self.total, self.currency) if self.total is not None and self.currency else None,
            "total_text": self.money(self.total) if self.total is not None and self.currency else None,
            "currency": self.currency, "days_late": self.days_late,
            "days_remaining": self.days_remaining, "deportation": self.deportation,
            "headline": self.headline, "dates": self.dates, "lines": self.lines,
            "rules": self.rules, "sources": sources, "assumptions": self.assumptions,
            "warnings": self.warnings, "next_steps": self.next_steps, "last_verified": verified,
            "last_verified_text": (text.date_text(self.lang, dt.date.fromisoformat(verified))
                                   if verified else None),
        }
        result.update(self.extra)
        return result
