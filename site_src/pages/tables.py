"""HTML tables for the guide pages (`{{ table:<name> }}`), from the rules and the calculator.

Each table stacks into one card per row on phones (see `_table`). Words come from the catalogs
(`table.*`), values from the rulebook, derived figures from `calculator.estimate`, and every
value described in words from the calculator's describer (engine/kinds.describe).
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from html import escape

from calculator import text
from calculator.engine.errors import CalcError
from calculator.engine.kinds import fee_item_label
from calculator.engine.rules import Rule, RuleValue
from calculator.kuwait import CATEGORIES
from calculator.readiness import check_figures

from .figures import Figures, UnknownFigure, _w, describe_value, format_date, format_int, format_money

# ------------------------------------------------------------------ tables


class Safe(str):
    """Text that is already HTML (a link, a list of links); every other cell is escaped."""


def _cell(value: str) -> str:
    return value if isinstance(value, Safe) else escape(value, quote=False)


def _table(head: list[str], rows: list[list[str]], css: str = "", search: bool = True) -> str:
    """An HTML table that stacks into one card per row on phones.

    `search=False` keeps the table out of the site's search index (Material's
    `data-search-exclude`).

    Each cell carries its column head in `data-label`, which the stylesheet shows before the
    value when the table is too narrow for its columns. The first column is the row's head.
    """
    exclude = "" if search else " data-search-exclude"
    lines = [f'<table{exclude} class="iq-table{" " + css if css else ""}">', "<thead><tr>"]
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
        row = [rule.label[lang], f.rate_text(rule, value, lang), cap]
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
    return "\n".join(f"- [ ] {text.say(lang, 'check.' + c['code'], **check_figures(c))}" for c in checks)


def _value_summary(f: Figures, rule: Rule, value: RuleValue, lang: str) -> str:
    return text.say(lang, "sep").join(describe_value(rule, value, lang))


def table_kw_renewal_fees(f: Figures, lang: str) -> str:
    """Kuwait: the yearly residence fee of each category (kw.residence_fee, each with its own
    confidence and sources), then the health insurance fee, its exemption and what is not
    published."""
    rule = f.book.rule("kw.residence_fee")
    value = f.value(rule)

    def conf(level: str) -> str:
        return text.say(lang, f"confidence.{level}")

    def sources(ids) -> str:
        return text.say(lang, "list_sep").join(f.book.sources[i].publisher for i in ids)

    rows = []
    for item in value.data["fees"]:
        rows.append([fee_item_label(lang, item), format_money(item["amount"], rule.unit, lang),
                     conf(item.get("confidence", value.confidence)),
                     sources(item.get("sources", value.sources))])
    insurance = f.book.rule("kw.health_insurance")
    ins = f.value(insurance)
    rows.append([_w(lang, "kw_insurance"), format_money(ins.data["amount"], insurance.unit, lang),
                 conf(ins.confidence), sources(ins.sources)])
    for exempt in ins.data.get("exempt", []):
        rows.append([_w(lang, "kw_insurance_exempt", n=exempt["first"]), _w(lang, "exempt"),
                     conf(exempt["confidence"]), sources(exempt["sources"])])
    if ins.data.get("lower_rates_not_published"):
        rows.append([_w(lang, "kw_insurance_lower"), _w(lang, "not_published"), conf("low"),
                     sources(ins.sources[:1])])
    return _table([_w(lang, "h_residence"), _w(lang, "h_yearly"), _w(lang, "h_conf"),
                   _w(lang, "h_sources")], rows)


def table_rules(f: Figures, lang: str) -> str:
    """Every dated value of every rule: what it says, since when, how sure, from where (the
    sources by their number in the sources table, linked to its row)."""
    numbers = source_numbers(f)
    rows = []
    for rule in f.book.rules():
        for value in reversed(rule.values):
            rows.append([rule.label[lang], _value_summary(f, rule, value, lang),
                         format_date(value.effective, lang), text.say(lang, f"confidence.{value.confidence}"),
                         format_date(value.last_verified, lang),
                         Safe(text.say(lang, "list_sep").join(
                             _link("#" + _anchor(s), str(numbers[s])) for s in value.sources))])
    return _table([_w(lang, "h_rule"), _w(lang, "h_value"), _w(lang, "h_since"), _w(lang, "h_conf"), text.say(lang, "ui.last_verified"),
                   text.say(lang, "ui.sources")], rows)


def table_sources(f: Figures, lang: str) -> str:
    """Every source, with its publisher, its date and the rules that cite it."""
    cited: dict[str, list[str]] = {}
    for rule in f.book.rules():
        ids = {s for v in rule.values for s in v.sources}
        for v in rule.values:
            for check in [*v.data.get("checks", []), *v.data.get("fees", []),
                          *(v.data["exempt"] if isinstance(v.data.get("exempt"), list) else [])]:
                ids |= set(check.get("sources", []))
        for source_id in ids:
            cited.setdefault(source_id, []).append(rule.label[lang])
    rows = []
    numbers = source_numbers(f)
    for source_id, source in sorted(f.book.sources.items()):
        title = (_link(source.url, source.title[lang]) if source.url
                 else f"{source.title[lang]} ({_w(lang, 'no_link')})")
        # the reader sees the source's number; its id stays in the row's anchor only
        anchor = Safe(f'<span id="{_anchor(source_id)}">{numbers[source_id]}</span>')
        rows.append([anchor, title, source.publisher,
                     format_date(source.published, lang) if source.published else _w(lang, "undated"),
                     text.say(lang, "list_sep").join(cited.get(source_id, [])) or "—"])
    # out of the search index: the titles of some 80 news articles would outrank the guides that
    # explain the same words (a search for «تأشيرة» must land on a guide, not on this list)
    return _table([_w(lang, "h_number"), _w(lang, "h_source"), _w(lang, "h_publisher"), _w(lang, "h_published"), _w(lang, "h_cited")],
                  rows, search=False)


def source_numbers(f: Figures) -> dict[str, int]:
    """Each source's number on the sources page (1, 2, ... in the order of their ids)."""
    return {source_id: n for n, source_id in enumerate(sorted(f.book.sources), start=1)}


def _anchor(source_id: str) -> str:
    """The id of a source's row on the sources page (linked from the rules table)."""
    return "source-" + source_id.replace("_", "-")


TABLES: dict[str, Callable[[Figures, str], str]] = {
    "kw-renewal-fees": table_kw_renewal_fees,
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
