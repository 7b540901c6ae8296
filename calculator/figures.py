"""Figures and tables for the guide pages, rendered from the rules at build time.

The site's Markdown never holds a figure: it holds `{{ fig:<ref> }}` and `{{ table:<name> }}`,
and the build hook (site_src/hooks/figures.py) asks this module for the text in the page's
language. Values come from the rulebook; derived figures (the day a cap is reached, pro-rated
fees, example amounts) come from `calculator.estimate`, so the pages, the CLI and the widget
agree. An unknown reference raises `UnknownFigure`: the build fails rather than show a guess.

Refs:   <rule id>.<field>[@YYYY-MM-DD]    e.g. kw.residence.cap, kw.residence.cap@2024-12-31
        last_verified                      the latest "last verified" date of any rule
Digits: Western (0-9) in both languages, thousands separated by a comma, like the calculator.
"""
from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from html import escape
from typing import Any, Callable

from . import text
from .api import estimate
from .engine.errors import CalcError
from .engine.rules import Rule, RuleBook, load_rulebook
from .engine.schedules import cap_reached_on
from .kuwait import CATEGORIES

__all__ = ["UnknownFigure", "Figures", "format_money", "format_date", "TABLES"]

ENV_FIGURES_DATE = "IQAMA_FIGURES_DATE"  # the "today" the pages are rendered for (tests)



def _w(lang: str, key: str, **values: object) -> str:
    """A word of the page tables (`table.<key>` in the catalogs)."""
    return text.say(lang, f"table.{key}", **values)


class UnknownFigure(KeyError):
    """A `{{ fig:… }}` or `{{ table:… }}` reference the rules cannot answer."""


# ------------------------------------------------------------------ formatting


def format_money(amount: Decimal | int | str, currency: str, lang: str) -> str:
    """KD 1,200 / 1,200 د.ك; SAR 162.50 / 162.50 ريال (decimals only when not whole)."""
    return text.money_text(lang, amount, currency, trim=True).replace(" ", "\u00a0")


def format_date(day: dt.date, lang: str) -> str:
    return text.say(lang, "date", day=day.day, month=text.say(lang, f"month.{day.month}"), year=day.year)


def format_int(n: int) -> str:
    return f"{n:,}"


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

    def rate_text(self, data: dict, unit: str, lang: str) -> str:
        parts = []
        for tier in data["tiers"]:
            rate = format_money(tier["rate"], unit, lang)
            if len(data["tiers"]) == 1:
                parts.append(_w(lang, "per_day", rate=rate))
            elif "to_day" in tier:
                parts.append(_w(lang, "per_day_range", rate=rate, first=tier["from_day"], last=tier["to_day"]))
            else:
                parts.append(_w(lang, "per_day_from", rate=rate, first=tier["from_day"]))
        return text.say(lang, "sep").join(parts)

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
    return f.rate_text(value.data, rule.unit, lang)


def _label(f: Figures, rule: Rule, value, lang: str) -> str:
    return rule.label[lang]


FIELDS: dict[str, Callable] = {
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


# ------------------------------------------------------------------ tables


class Safe(str):
    """Text that is already HTML (a link, a list of links); every other cell is escaped."""


def _cell(value: str) -> str:
    return value if isinstance(value, Safe) else escape(value, quote=False)


def _table(head: list[str], rows: list[list[str]], css: str = "") -> str:
    """An HTML table that stacks into one card per row on phones.

    Each cell carries its column head in `data-label`, which the stylesheet shows before the
    value when the table is too narrow for its columns. The first column is the row's head.
    """
    lines = [f'<table class="iq-table{" " + css if css else ""}">', "<thead><tr>"]
    lines += [f'<th scope="col">{_cell(h)}</th>' for h in head]
    lines += ["</tr></thead>", "<tbody>"]
    for row in rows:
        cells = [f'<th scope="row" data-label="{escape(head[0], quote=True)}">{_cell(row[0])}</th>']
        cells += [f'<td data-label="{escape(h, quote=True)}">{_cell(c)}</td>'
                  for h, c in zip(head[1:], row[1:])]
        lines.append("<tr>" + "".join(cells) + "</tr>")
    lines += ["</tbody>", "</table>"]
    return "\n".join(lines)


def _link(href: str, label: str) -> Safe:
    return Safe(f'<a href="{escape(href, quote=True)}">{escape(label, quote=False)}</a>')


def _kw_fines(f: Figures, lang: str, day: dt.date | None) -> str:
    """One row per Kuwaiti category: the value in force on `day` (default: the page's today).

    For the current regime the table adds the day the maximum is reached (from the calculator)
    and the article of the law; for a past day it shows what the sources give, or says that
    nothing was published.
    """
    current = day is None
    head = [_w(lang, "h_violation"), _w(lang, "h_rate"), _w(lang, "h_cap")]
    if current:
        head += [_w(lang, "h_cap_day"), _w(lang, "h_law")]
    rows = []
    for category, rule_id in CATEGORIES.items():
        rule = f.book.rule(rule_id)
        try:
            value = rule.value_on(day or f.today)
        except CalcError:
            if current:
                raise UnknownFigure(f"{rule_id}: no value on {f.today}") from None
            rows.append([rule.label[lang], _w(lang, "no_rule"), _w(lang, "not_published")])
            continue
        cap = (_w(lang, "not_published") if value.data.get("cap_not_published")
               else format_money(value.data["cap"], rule.unit, lang))
        row = [rule.label[lang], f.rate_text(value.data, rule.unit, lang), cap]
        if current:
            cap_day = f.cap_day(category)
            row.append(format_int(cap_day) if cap_day is not None else _w(lang, "not_published"))
            row.append(rule.law.get(lang, "—"))
        rows.append(row)
    return _table(head, rows)


def table_kw_fines(f: Figures, lang: str) -> str:
    return _kw_fines(f, lang, None)


def table_kw_fines_old(f: Figures, lang: str) -> str:
    """The rules in force the day before the current residence schedule took effect."""
    current = f.book.rule("kw.residence").values[-1].effective
    return _kw_fines(f, lang, current - dt.timedelta(days=1))


def table_kw_residence_examples(f: Figures, lang: str) -> str:
    """What an expired ordinary residence costs after some telling numbers of days."""
    rule = f.book.rule("kw.residence")
    value = f.value(rule)
    tiers = value.data["tiers"]
    cap_day = f.cap_day("residence")
    days = {1, 7}
    if len(tiers) > 1:
        days |= {tiers[0]["to_day"], tiers[1]["from_day"]}
    days |= {90, 180}
    if cap_day:
        days |= {cap_day - 1, cap_day, cap_day + 50}
    rows = []
    for n in sorted(d for d in days if d > 0):
        result = f.estimate("kw-fine", {"category": "residence", "days-late": str(n)})
        amount = format_money(result["total"], result["currency"], lang)
        if result["status"] == "capped":
            amount = _w(lang, "cap_reached", amount=amount)
        rows.append([format_int(n), amount])
    return _table([_w(lang, "h_days"), _w(lang, "h_amount")], rows)


def _offence(lang: str, step: dict) -> str:
    return text.label(lang, f"offence.{min(step['offence'], 3)}")


def table_sa_fine(f: Figures, lang: str) -> str:
    rule = f.book.rule("sa.late_renewal_fine")
    value = f.value(rule)
    rows = []
    for step in value.data["steps"]:
        what = _w(lang, "deportation") if step.get("deportation") else format_money(step["amount"], rule.unit, lang)
        rows.append([_offence(lang, step), what])
    return _table([_w(lang, "h_offence"), _w(lang, "h_what")], rows)


def table_sa_renewal_private(f: Figures, lang: str) -> str:
    periods = f.value(f.book.rule("sa.renewal_periods")).data["worker"]
    rows: dict[str, list[str]] = {}
    order = [("sa.iqama_fee", f.book.rule("sa.iqama_fee").label[lang]),
             ("sa.work_permit_fee", f.book.rule("sa.work_permit_fee").label[lang]),
             ("levy_more", _w(lang, "levy_more")), ("levy_less", _w(lang, "levy_less")),
             ("sa.dependents_levy", _w(lang, "dependent"))]
    for key, label in order:
        rows[key] = [label]
    for months in periods:
        base = {"worker": "private", "months": str(months), "dependents": "1"}
        more = {**base, "establishment": "expat-majority"}
        less = {**base, "establishment": "saudi-majority"}
        for key, params, code in (("sa.iqama_fee", more, "sa.iqama_fee"),
                                  ("sa.work_permit_fee", more, "sa.work_permit_fee"),
                                  ("levy_more", more, "sa.expat_levy"),
                                  ("levy_less", less, "sa.expat_levy"),
                                  ("sa.dependents_levy", more, "sa.dependents_levy")):
            rows[key].append(format_money(f.renewal_line(params, code), "SAR", lang))
    head = [_w(lang, "h_item")] + [text.count(lang, "months", m) for m in periods]
    return _table(head, list(rows.values()))


def table_sa_renewal_domestic(f: Figures, lang: str) -> str:
    periods = f.value(f.book.rule("sa.renewal_periods")).data["domestic"]
    fee, levy = [_w(lang, "domestic_fee")], [_w(lang, "domestic_levy")]
    for months in periods:
        params = {"worker": "domestic", "months": str(months), "above-limit": "yes"}
        fee.append(format_money(f.renewal_line(params, "sa.domestic_iqama_fee"), "SAR", lang))
        levy.append(format_money(f.renewal_line(params, "sa.domestic_above_limit_levy"), "SAR", lang))
    head = [_w(lang, "h_item")] + [text.count(lang, "months", m) for m in periods]
    return _table(head, [fee, levy])


def table_sa_checklist(f: Figures, lang: str) -> str:
    """Absher's renewal conditions as a checklist, in the calculator's own words."""
    checks = f.value(f.book.rule("sa.renewal_conditions")).data["checks"]
    return "\n".join(f"- [ ] {text.say(lang, 'check.' + c['code'])}" for c in checks)


def _value_summary(f: Figures, rule: Rule, value, lang: str) -> str:
    data = value.data
    if "tiers" in data:
        cap = (_w(lang, "not_published") if data.get("cap_not_published")
               else format_money(data["cap"], rule.unit, lang))
        return f"{f.rate_text(data, rule.unit, lang)}{text.say(lang, 'sep')}{_w(lang, 'h_cap')}: {cap}"
    if "amount" in data:
        return format_money(data["amount"], rule.unit, lang)
    if "rates" in data:
        return (f"{_w(lang, 'levy_more')}: {format_money(data['rates']['expat_majority'], rule.unit, lang)}"
                f"{text.say(lang, 'sep')}{_w(lang, 'levy_less')}: {format_money(data['rates']['saudi_majority'], rule.unit, lang)}")
    if "steps" in data:
        parts = []
        for step in data["steps"]:
            what = _w(lang, "deportation") if step.get("deportation") else format_money(step["amount"], rule.unit, lang)
            parts.append(f"{_offence(lang, step)}: {what}")
        return text.say(lang, "sep").join(parts)
    if "worker" in data:
        return text.say(lang, "list_sep").join(format_int(m) for m in data["worker"] + data.get("domestic", []))
    if "checks" in data:
        return format_int(len(data["checks"]))
    if data.get("exempt"):
        return "✓"
    return "—"


def table_rules(f: Figures, lang: str) -> str:
    """Every dated value of every rule: what it says, since when, how sure, from where."""
    rows = []
    for rule in f.book.rules():
        for value in reversed(rule.values):
            rows.append([rule.label[lang], _value_summary(f, rule, value, lang),
                         format_date(value.effective, lang), text.say(lang, f"confidence.{value.confidence}"),
                         format_date(value.last_verified, lang),
                         Safe(", ".join(_link("#" + _anchor(s), s) for s in value.sources))])
    return _table([_w(lang, "h_rule"), _w(lang, "h_value"), _w(lang, "h_since"), _w(lang, "h_conf"), text.say(lang, "ui.last_verified"),
                   text.say(lang, "ui.sources")], rows)


def table_sources(f: Figures, lang: str) -> str:
    """Every source, with its publisher, its date and the rules that cite it."""
    cited: dict[str, list[str]] = {}
    for rule in f.book.rules():
        ids = {s for v in rule.values for s in v.sources}
        for v in rule.values:
            for check in v.data.get("checks", []):
                ids |= set(check.get("sources", []))
        for source_id in ids:
            cited.setdefault(source_id, []).append(rule.label[lang])
    rows = []
    for source_id, source in sorted(f.book.sources.items()):
        title = (_link(source.url, source.title) if source.url
                 else f"{source.title} ({_w(lang, 'no_link')})")
        anchor = Safe(f'<code id="{_anchor(source_id)}">{escape(source_id)}</code>')
        rows.append([anchor, title, source.publisher,
                     format_date(source.published, lang) if source.published else _w(lang, "undated"),
                     text.say(lang, "list_sep").join(cited.get(source_id, [])) or "—"])
    return _table(["id", _w(lang, "h_source"), _w(lang, "h_publisher"), _w(lang, "h_published"), _w(lang, "h_cited")], rows)


def _anchor(source_id: str) -> str:
    """The id of a source's row on the sources page (linked from the rules table)."""
    return "source-" + source_id.replace("_", "-")


TABLES: dict[str, Callable[[Figures, str], str]] = {
    "kw-fines": table_kw_fines,
    "kw-fines-old": table_kw_fines_old,
    "kw-residence-examples": table_kw_residence_examples,
    "sa-fine": table_sa_fine,
    "sa-renewal-private": table_sa_renewal_private,
    "sa-renewal-domestic": table_sa_renewal_domestic,
    "sa-checklist": table_sa_checklist,
    "rules": table_rules,
    "sources": table_sources,
}
