"""Figures for the guide pages, rendered from the rules at build time (the site's side of the
seam: the calculator gives data, one money formatter and one rule describer; this renders).

The site's Markdown never holds a figure: it holds `{{ fig:<ref> }}` and `{{ table:<name> }}`,
and the build hook (site_src/hooks/placeholders.py) asks this module (tables: pages/tables.py)
for the text in the page's language. Values come from the rulebook; derived figures (the day a cap is reached, pro-rated
fees, example amounts) come from `calculator.estimate`, so the pages, the CLI and the widget
agree. An unknown reference raises `UnknownFigure`: the build fails rather than show a guess.

Refs:   <rule id>.<field>[@YYYY-MM-DD]    e.g. kw.residence.cap, kw.residence.cap@2024-12-31
        last_verified                      the latest "last verified" date of any rule
Digits: Western (0-9) in both languages, thousands separated by a comma, like the calculator.
"""
from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from calculator import text
from calculator.api import estimate
from calculator.engine.errors import CalcError
from calculator.engine.kinds import describe
from calculator.engine.rules import Rule, RuleBook, RuleValue, load_rulebook
from calculator.engine.schedules import cap_reached_on
from calculator.kuwait import CATEGORIES

__all__ = ["UnknownFigure", "Figures", "format_money", "format_date", "describe_value"]

ENV_FIGURES_DATE = "IQAMA_FIGURES_DATE"  # the "today" the pages are rendered for (tests)



def _w(lang: str, key: str, **values: object) -> str:
    """A word of the page tables (`table.<key>` in the catalogs)."""
    return text.say(lang, f"table.{key}", **values)


class UnknownFigure(KeyError):
    """A `{{ fig:… }}` or `{{ table:… }}` reference the rules cannot answer."""


# ------------------------------------------------------------------ formatting


def format_money(amount: Decimal | int | str, currency: str, lang: str) -> str:
    """KD 1,200 / 1,200 د.ك; SAR 162.50 / 162.50 ريال: the calculator's money_text without the
    decimals of a whole amount, the number and the currency held together by a no-break space."""
    return text.money_text(lang, amount, currency, trim=True).replace(" ", "\u00a0")


def format_date(day: dt.date, lang: str) -> str:
    return text.say(lang, "date", day=day.day, month=text.say(lang, f"month.{day.month}"), year=day.year)


def format_int(n: int) -> str:
    return f"{n:,}"


def describe_value(rule: Rule, value: RuleValue, lang: str, which: str | None = None) -> list[str]:
    """The calculator's describer (engine/kinds.describe) with the pages' money format."""
    return describe(rule, value, lang, which=which,
                    money=lambda amount: format_money(amount, rule.unit, lang))


# ------------------------------------------------------------------ figures


class Figures:
    """Everything the pages show, for one rulebook and one reference day."""

    def __init__(self, book: RuleBook | None = None, today: dt.date | None = None,
                 rules_dir: str | None = None):
        self.rules_dir = rules_dir
        self.book = book or load_rulebook(rules_dir)
        env_day = os.environ.get(ENV_FIGURES_DATE)
        self.today = today or (dt.date.fromisoformat(env_day) if env_day else dt.date.today())
        self._cache: dict[tuple, Any] = {}

    # -- calculator calls (derived figures) ---------------------------------

    def estimate(self, command: str, params: dict[str, str], lang: str = "en") -> dict:
        key = (command, tuple(sorted(params.items())), lang)
        if key not in self._cache:
            result = estimate(command, {"on": self.today.isoformat(), **params}, lang,
                              today=self.today, rules_dir=self.rules_dir)
            if "error" in result:
                raise UnknownFigure(f"{command} {params}: {result['error']['message']}")
            self._cache[key] = result
        return self._cache[key]

    def cap_day(self, category: str) -> int | None:
        """First day of delay on which the maximum is reached under today's rule (None: no cap);
        the same engine function the calculator's headline uses."""
        rule = self.book.rule(CATEGORIES[category])
        value = self.value(rule)
        return None if "cap" not in value.data else cap_reached_on(value.data, rule.unit)

    def first_fined_day(self) -> int:
        """Saudi: the first number of days past expiry on which the calculator gives a fine."""
        day = 0
        while self.estimate("sa-fine", {"days-late": str(day), "offence": "1"})["status"] != "fined":
            day += 1
            if day > 365:
                raise UnknownFigure("sa-fine: no fined day found")
        return day

    def renewal_line(self, params: dict[str, str], code: str) -> Decimal:
        result = self.estimate("sa-renewal", params)
        for line in result["lines"]:
            if line["code"] == code:
                return Decimal(line["amount"])
        raise UnknownFigure(f"sa-renewal {params}: no line {code}")

    # -- rule values ----------------------------------------------------------

    def value(self, rule: Rule, day: dt.date | None = None):
        try:
            return rule.value_on(day or self.today)
        except CalcError as error:
            raise UnknownFigure(f"{rule.id}: no value on {(day or self.today).isoformat()}") from error

    def latest_verified(self) -> dt.date:
        return max(v.last_verified for r in self.book.rules() for v in r.values)

    def rate_text(self, rule: Rule, value: RuleValue, lang: str) -> str:
        """The daily rates of a daily_tiered value, without its cap (the describer's last phrase)."""
        return text.say(lang, "sep").join(describe_value(rule, value, lang)[:-1])

    def figure(self, ref: str, lang: str) -> str:
        """Text for `{{ fig:<ref> }}` in `lang`."""
        if lang not in text.LANGS:
            raise UnknownFigure(f"language {lang!r}")
        day = None
        if "@" in ref:
            ref, _, when = ref.partition("@")
            try:
                day = dt.date.fromisoformat(when)
            except ValueError as error:
                raise UnknownFigure(f"{ref}@{when}: not a date") from error
        if ref == "last_verified":
            return format_date(self.latest_verified(), lang)
        if ref == "today":
            return format_date(self.today, lang)
        rule_id, _, field = ref.rpartition(".")
        if rule_id not in self.book.rules_by_id:
            raise UnknownFigure(f"unknown rule in {ref!r}")
        rule = self.book.rule(rule_id)
        handler = FIELDS.get(field)
        if handler is None:
            raise UnknownFigure(f"unknown field {field!r} in {ref!r}")
        return handler(self, rule, self.value(rule, day), lang)

    def table(self, name: str, lang: str) -> str:
        from .tables import TABLES  # tables.py renders with this module's helpers

        if lang not in text.LANGS:
            raise UnknownFigure(f"language {lang!r}")
        if name not in TABLES:
            raise UnknownFigure(f"unknown table {name!r}")
        rendered = TABLES[name](self, lang)
        # the name lets tests (and readers of the HTML) find which rules a table shows
        return rendered.replace("<table ", f'<table data-table="{name}" ', 1)


# Field handlers: (figures, rule, dated value, lang) -> text.


def _money_field(key: str) -> Callable:
    def get(f: Figures, rule: Rule, value, lang: str) -> str:
        data = value.data
        if key == "cap" and data.get("cap_not_published"):
            return _w(lang, "not_published")
        if key in ("rate", "rate2"):
            tiers = data.get("tiers")
            index = 0 if key == "rate" else 1
            if not tiers or len(tiers) <= index:
                raise UnknownFigure(f"{rule.id}: no {key}")
            return format_money(tiers[index]["rate"], rule.unit, lang)
        if key in ("expat_majority", "saudi_majority"):
            if "rates" not in value.data:
                raise UnknownFigure(f"{rule.id}: no rates")
            return format_money(data["rates"][key], rule.unit, lang)
        if key in ("first", "second"):
            wanted = 1 if key == "first" else 2
            for step in data.get("steps", []):
                if step.get("offence") == wanted and "amount" in step:
                    return format_money(step["amount"], rule.unit, lang)
            raise UnknownFigure(f"{rule.id}: no {key} offence amount")
        if key not in data:
            raise UnknownFigure(f"{rule.id}: no {key}")
        return format_money(data[key], rule.unit, lang)
    return get


def _first_month(f: Figures, rule: Rule, value, lang: str) -> str:
    tiers = value.data.get("tiers") or []
    if not tiers or "to_day" not in tiers[0]:
        raise UnknownFigure(f"{rule.id}: no first-month tier")
    return format_int(tiers[0]["to_day"])


def _second_tier_day(f: Figures, rule: Rule, value, lang: str) -> str:
    tiers = value.data.get("tiers") or []
    if len(tiers) < 2:
        raise UnknownFigure(f"{rule.id}: no second tier")
    return format_int(tiers[1]["from_day"])


def _cap_day(f: Figures, rule: Rule, value, lang: str) -> str:
    category = next((c for c, rid in CATEGORIES.items() if rid == rule.id), None)
    if category is None:
        raise UnknownFigure(f"{rule.id}: not a Kuwait category")
    day = f.cap_day(category)
    return format_int(day) if day is not None else _w(lang, "not_published")


def _grace_days(f: Figures, rule: Rule, value, lang: str) -> str:
    if "grace_days" not in value.data:
        raise UnknownFigure(f"{rule.id}: no grace_days")
    return format_int(value.data["grace_days"])


def _first_fined_day(f: Figures, rule: Rule, value, lang: str) -> str:
    if rule.id != "sa.late_renewal_fine":
        raise UnknownFigure(f"{rule.id}: first_fined_day is for sa.late_renewal_fine")
    return format_int(f.first_fined_day())


def _annual(f: Figures, rule: Rule, value, lang: str) -> str:
    """Twelve months of a monthly fee, as the calculator computes it."""
    if rule.id == "sa.dependents_levy":
        amount = f.renewal_line({"worker": "private", "months": "12", "dependents": "1",
                                 "establishment": "expat-majority"}, "sa.dependents_levy")
    else:
        raise UnknownFigure(f"{rule.id}: no annual figure")
    return format_money(amount, rule.unit, lang)


def _annual_rate(key: str) -> Callable:
    def get(f: Figures, rule: Rule, value, lang: str) -> str:
        if rule.id != "sa.expat_levy":
            raise UnknownFigure(f"{rule.id}: no {key} annual figure")
        establishment = "expat-majority" if key == "expat_majority" else "saudi-majority"
        amount = f.renewal_line({"worker": "private", "months": "12", "establishment": establishment,
                                 "dependents": "0"}, "sa.expat_levy")
        return format_money(amount, rule.unit, lang)
    return get


def _periods(key: str) -> Callable:
    def get(f: Figures, rule: Rule, value, lang: str) -> str:
        if key not in value.data:
            raise UnknownFigure(f"{rule.id}: no {key}")
        return text.say(lang, "list_sep").join(format_int(m) for m in value.data[key])
    return get


def _effective(f: Figures, rule: Rule, value, lang: str) -> str:
    return format_date(value.effective, lang)


def _verified(f: Figures, rule: Rule, value, lang: str) -> str:
    return format_date(value.last_verified, lang)


def _confidence(f: Figures, rule: Rule, value, lang: str) -> str:
    return text.say(lang, f"confidence.{value.confidence}")


def _rate_text(f: Figures, rule: Rule, value, lang: str) -> str:
    if "tiers" not in value.data:
        raise UnknownFigure(f"{rule.id}: no tiers")
    return f.rate_text(rule, value, lang)


def _label(f: Figures, rule: Rule, value, lang: str) -> str:
    return rule.label[lang]


def _window_months(worker: str) -> Callable:
    """How many months before expiry a renewal opens (`months_before` of a renewal_window rule)
    for `worker` ("private" or "domestic"), with its unit: "6 months" / «6 أشهر»."""
    def get(f: Figures, rule: Rule, value, lang: str) -> str:
        months = value.data.get("months_before")
        if not isinstance(months, dict) or worker not in months:
            raise UnknownFigure(f"{rule.id}: no months_before.{worker}")
        return text.count(lang, "months", int(months[worker]))
    return get


def _days_before(f: Figures, rule: Rule, value, lang: str) -> str:
    """How many days before expiry a permit can be renewed (`days_before` of a days_window
    rule), with its unit: "180 days" / «180 يومًا»."""
    if "days_before" not in value.data:
        raise UnknownFigure(f"{rule.id}: no days_before")
    return text.count(lang, "days", int(value.data["days_before"]))


FIELDS: dict[str, Callable] = {
    "days_before": _days_before,
    "months_before": _window_months("private"),
    "worker_months": _window_months("private"),
    "domestic_months": _window_months("domestic"),
    "rate": _money_field("rate"), "rate2": _money_field("rate2"), "cap": _money_field("cap"),
    "amount": _money_field("amount"), "first": _money_field("first"), "second": _money_field("second"),
    "expat_majority": _money_field("expat_majority"), "saudi_majority": _money_field("saudi_majority"),
    "expat_majority_annual": _annual_rate("expat_majority"),
    "saudi_majority_annual": _annual_rate("saudi_majority"),
    "first_month": _first_month, "second_tier_day": _second_tier_day, "cap_day": _cap_day,
    "grace_days": _grace_days, "first_fined_day": _first_fined_day, "annual": _annual,
    "worker_periods": _periods("worker"), "domestic_periods": _periods("domestic"),
    "effective": _effective, "last_verified": _verified, "confidence": _confidence,
    "rate_text": _rate_text, "label": _label,
}


