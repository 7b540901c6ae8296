"""Rule kinds: what each `kind` of rule file holds, and the one way to say a value in words.

Every rule file names its `kind`; the kind decides which keys a value carries (its schema, see
calculator/rules/README.md) and how a value reads in words. `describe` is the one describer:
the calculator's explanation ("rules applied"), the CLI and the guide pages' tables all call it.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from functools import partial
from typing import TYPE_CHECKING, Any

from .. import text

if TYPE_CHECKING:
    from .rules import Rule, RuleValue

Money = Callable[[Decimal | str], str]
Describer = Callable[[dict[str, Any], str, Money, "str | None"], list[str]]


def _daily_tiered(data: dict[str, Any], lang: str, money: Money, which: str | None) -> list[str]:
    """One phrase per tier, then the cap (always last: "maximum …" or "maximum not published")."""
    parts = []
    for tier in data["tiers"]:
        rate = money(tier["rate"])
        if "to_day" in tier:
            parts.append(text.say(lang, "rule.tier_to", rate=rate, first=tier["from_day"], last=tier["to_day"]))
        else:
            parts.append(text.say(lang, "rule.tier", rate=rate, first=tier["from_day"]))
    parts.append(text.say(lang, "rule.cap", cap=money(data["cap"])) if "cap" in data
                 else text.say(lang, "rule.no_cap"))
    return parts


def _offence_ladder(data: dict[str, Any], lang: str, money: Money, which: str | None) -> list[str]:
    amounts = [s for s in sorted(data["steps"], key=lambda s: s["offence"]) if "amount" in s]
    return [text.say(lang, "rule.ladder", first=money(amounts[0]["amount"]), second=money(amounts[1]["amount"])),
            text.say(lang, "rule.grace", days=text.count(lang, "days", int(data["grace_days"])))]


def _fee(key: str, data: dict[str, Any], lang: str, money: Money, which: str | None) -> list[str]:
    return [text.say(lang, key, amount=money(data["amount"]))]


def _monthly_rates(data: dict[str, Any], lang: str, money: Money, which: str | None) -> list[str]:
    rates = data["rates"]
    return [text.say(lang, "rule.rates", high=money(rates["expat_majority"]), low=money(rates["saudi_majority"]))]


# An exemption value's `basis` (waived, cancelled; none: a small establishment's quota) -> words
EXEMPTION_WORDS = {"waived": "rule.exemption.waived", "cancelled": "rule.exemption.cancelled",
                   "small": "rule.exemption.small"}


def _exemption(data: dict[str, Any], lang: str, money: Money, which: str | None) -> list[str]:
    """In force: why there is no levy; ended (`exempt = false`): the levy is charged per day."""
    if not data.get("exempt"):
        return [text.say(lang, "rule.exemption.ended")]
    return [text.say(lang, EXEMPTION_WORDS[data.get("basis", "small")])]


def _payers(data: dict[str, Any], lang: str, money: Money, which: str | None) -> list[str]:
    return [text.say(lang, "rule.who_pays")]


def _renewal_window(data: dict[str, Any], lang: str, money: Money, which: str | None) -> list[str]:
    """`which`: the worker type ("private", "domestic") where the window depends on it."""
    n = int(data["months_before"][which or "private"])
    key = "rule.window" if data["remaining"] == "less_than" else "rule.window_at_most"
    return [text.say(lang, key, months=text.count(lang, "months", n))]


def _days_window(data: dict[str, Any], lang: str, money: Money, which: str | None) -> list[str]:
    """A permit's renewal window in days (Qiwa: a work permit, 180 days or fewer)."""
    days = text.count(lang, "days", int(data["days_before"]))
    key = "rule.permit_window" if data["remaining"] == "less_than" else "rule.permit_window_at_most"
    return [text.say(lang, key, days=days)]


def _checklist(data: dict[str, Any], lang: str, money: Money, which: str | None) -> list[str]:
    return [text.say(lang, "rule.checklist", n=text.count(lang, "conditions", len(data["checks"])))]


FEE_VARIANTS = ("sponsor", "relation")  # what picks one item of a fee_table within a category


def fee_item_key(item: dict[str, Any]) -> str:
    """"private", "domestic:kuwaiti", "family:other": one item of a fee_table value."""
    return ":".join([item["residence"], *(item[k] for k in FEE_VARIANTS if k in item)])


def fee_item_label(lang: str, item: dict[str, Any]) -> str:
    """The category of a fee_table item in words: "Domestic worker (Art. 20) — Kuwaiti family"."""
    words = text.choice_label(lang, "residence", item["residence"])
    for key in FEE_VARIANTS:
        if key in item:
            words = text.say(lang, "rule.kw.fee_variant", residence=words,
                             variant=text.choice_label(lang, key, item[key]))
    return words


def _fee_table(data: dict[str, Any], lang: str, money: Money, which: str | None) -> list[str]:
    """`which` (an item key, see fee_item_key): that category's yearly fee; None: every amount."""
    if which is None:
        amounts = sorted({Decimal(item["amount"]) for item in data["fees"]})
        return [text.say(lang, "rule.annual", amount=money(a)) for a in amounts]
    item = next(i for i in data["fees"] if fee_item_key(i) == which)
    return [text.say(lang, "rule.kw.fee", label=fee_item_label(lang, item), amount=money(item["amount"]))]


def _insurance_fee(data: dict[str, Any], lang: str, money: Money, which: str | None) -> list[str]:
    """The yearly fee; `which` = "exempt": the exemption that was applied instead."""
    if which == "exempt":
        return [text.say(lang, "rule.kw.insurance_exempt", n=item["first"]) for item in data["exempt"]]
    return [text.say(lang, "rule.annual", amount=money(data["amount"]))]


PERIOD_GROUPS = {"worker": "private", "domestic": "domestic"}  # data key -> choice.worker.<value>


def _allowed_periods(data: dict[str, Any], lang: str, money: Money, which: str | None) -> list[str]:
    """`which` ("worker" or "domestic"): the periods of that group; None: every group, named."""
    def months(key: str) -> str:
        return text.say(lang, "rule.periods", months=", ".join(str(m) for m in data[key]))
    if which is not None:
        return [months(which)]
    return [text.say(lang, "rule.periods_of", who=text.choice_label(lang, "worker", PERIOD_GROUPS[key]),
                     periods=months(key)) for key in PERIOD_GROUPS if key in data]


DESCRIBERS: dict[str, Describer] = {
    "daily_tiered": _daily_tiered,
    "offence_ladder": _offence_ladder,
    "annual_fee": partial(_fee, "rule.annual"),
    "monthly_fee": partial(_fee, "rule.monthly"),
    "flat_fee": partial(_fee, "rule.flat"),
    "monthly_rates": _monthly_rates,
    "exemption": _exemption,
    "payers": _payers,
    "renewal_window": _renewal_window,
    "days_window": _days_window,
    "checklist": _checklist,
    "allowed_periods": _allowed_periods,
    "fee_table": _fee_table,
    "insurance_fee": _insurance_fee,
}


def describe(rule: Rule, value: RuleValue, lang: str, *, money: Money | None = None,
             which: str | None = None) -> list[str]:
    """The value in words, as a list of phrases in `lang` (the caller joins them).

    `money` formats an amount in the rule's unit (default: text.money_text, "KD 2.000");
    `which` picks one group of an allowed_periods value ("worker", "domestic").
    Raises KeyError for a kind without a describer.
    """
    def default_money(amount: Decimal | str) -> str:
        return text.money_text(lang, amount, rule.unit)
    return DESCRIBERS[rule.kind](value.data, lang, money or default_money, which)


# ------------------------------------------------------------------------------ schemas
#
# A schema maps each key a value may hold to (type, required). Types: "money" (a decimal string
# such as "2" or "51.75", never a TOML float or integer: 0.1 is not exact in binary), "int"
# (a whole number, not a boolean), "days"/"months"/"age" (whole numbers >= 0 / >= 1),
# "bool", "date" (a TOML date, 2025-01-05), "str", a tuple of allowed strings, ["int"] (a
# list of whole numbers), or a nested schema dict / [dict] (a table / a list of tables).
# Every value also holds effective, sources, confidence and last_verified (COMMON below).

Schema = dict[str, tuple[Any, bool]]

COMMON: Schema = {
    "effective": ("date", True),
    "sources": (["source"], True),
    "confidence": (("high", "medium", "low"), True),
    "last_verified": ("date", True),
}
TIER: Schema = {"from_day": ("days", True), "to_day": ("days", False), "rate": ("money", True)}
STEP: Schema = {"offence": ("int", True), "amount": ("money", False), "deportation": ("bool", False)}
CHECK: Schema = {"code": ("str", True), "ok": (("yes", "no"), True), "sources": (["source"], True),
                 "min_age": ("age", False),
                 # how long a document must still be valid (Kuwait: a passport, a year)
                 "valid_months": ("months", False),
                 # whom the check applies to (sa-ready's worker), and its own confidence
                 "for": ([("private", "domestic", "family")], False),
                 "confidence": (("high", "medium", "low"), False)}
# Line codes whose payer (D12) the `payers` kind names.
PAYER_CODES = ("sa.iqama_fee", "sa.work_permit_fee", "sa.expat_levy", "sa.late_renewal_fine",
               "sa.no_fine_yet", "sa.absher_business_fee", "sa.domestic_iqama_fee",
               "sa.domestic_above_limit_levy", "sa.dependents_levy")

CONFIDENCE = ("high", "medium", "low")
FEE_ITEM: Schema = {"residence": ("str", True), "article": ("str", True),
                    "sponsor": (("kuwaiti", "expat"), False), "relation": (("spouse_child", "other"), False),
                    "amount": ("money", True), "sources": (["source"], True), "confidence": (CONFIDENCE, True)}
FEE_EXEMPTION: Schema = {"residence": ("str", True), "sponsor": (("kuwaiti", "expat"), False),
                         "first": ("int", True), "sources": (["source"], True),
                         "confidence": (CONFIDENCE, True)}

SCHEMAS: dict[str, Schema] = {
    # Kuwait: a rate per day of delay by tiers of days, up to a cap (or a cap not published).
    "daily_tiered": {"tiers": ([TIER], True), "cap": ("money", False),
                     "cap_not_published": ("bool", False), "window_months": ("months", False)},
    # Saudi late-renewal fine: an amount (or deportation) per offence, after a grace period.
    "offence_ladder": {"grace_days": ("days", True), "steps": ([STEP], True),
                       "renew_days_before": ("days", True)},
    "annual_fee": {"amount": ("money", True), "limit_saudi_employer": ("int", False),
                   "limit_expat_employer": ("int", False)},
    "monthly_fee": {"amount": ("money", True)},
    "flat_fee": {"amount": ("money", True)},
    "monthly_rates": {"rates": ({"expat_majority": ("money", True),
                                 "saudi_majority": ("money", True)}, True)},
    # A levy exemption: `basis` waived|cancelled (none: a small establishment's quota of
    # `exempt_workers`); an ended one (`exempt = false`) may say the levy is charged `per_day`,
    # at the monthly levy ÷ `days_in_month`.
    "exemption": {"exempt": ("bool", True), "basis": (("waived", "cancelled"), False),
                  "exempt_workers": ("int", False), "per_day": ("bool", False),
                  "days_in_month": ("months", False)},
    # Who pays each line of a renewal (D12): line code -> employer | resident.
    "payers": {"payers": ({code: (("employer", "resident"), False) for code in PAYER_CODES}, True)},
    # How early a residence can be renewed (D13): months before the expiry, per worker type.
    "renewal_window": {"months_before": ({"private": ("months", True), "domestic": ("months", True)}, True),
                       "remaining": (("less_than", "at_most"), True),
                       "calendar": (("gregorian", "hijri"), True)},
    # How early a permit can be renewed, in days before its expiry (a work permit: Qiwa).
    "days_window": {"days_before": ("days", True), "remaining": (("less_than", "at_most"), True)},
    "checklist": {"checks": ([CHECK], True)},
    "allowed_periods": {"worker": (["months"], True), "domestic": (["months"], True)},
    # Kuwait residence fees: one item per category of residence (and sponsor / relation), each
    # with its own sources and confidence; amounts per year of residence.
    "fee_table": {"per": (("year",), True), "fees": ([FEE_ITEM], True)},
    # Kuwait health insurance: a yearly amount, exemptions, and a flag for rates not published.
    "insurance_fee": {"amount": ("money", True), "exempt": ([FEE_EXEMPTION], False),
                      "lower_rates_not_published": ("bool", False)},
}
UNITS = {"daily_tiered": ("KWD", "SAR"), "offence_ladder": ("KWD", "SAR"), "annual_fee": ("KWD", "SAR"),
         "monthly_fee": ("KWD", "SAR"), "flat_fee": ("KWD", "SAR"), "monthly_rates": ("KWD", "SAR"),
         "exemption": ("KWD", "SAR"), "checklist": ("condition",), "allowed_periods": ("months",),
         "payers": ("payer",), "renewal_window": ("months",), "days_window": ("days",),
         "fee_table": ("KWD", "SAR"), "insurance_fee": ("KWD", "SAR")}

MONEY = re.compile(r"^(0|[1-9][0-9]*)(\.[0-9]+)?$")
_TYPE_WORDS = {"money": 'a decimal string such as "2" or "51.75"', "int": "a whole number",
               "days": "a whole number of days (0 or more)", "months": "a whole number of months (1 or more)",
               "age": "a whole number of years", "bool": "true or false", "date": "a date such as 2025-01-05",
               "str": "a text in quotes", "source": "a source id from sources.toml",
               "decision": 'a decision id such as "D1" (DECISIONS.md)'}


def _expected(kind: Any) -> str:
    if isinstance(kind, tuple):
        return "one of " + ", ".join(f'"{k}"' for k in kind)
    if isinstance(kind, list):
        inner = kind[0]
        return "a list of tables" if isinstance(inner, dict) else f"a list, each {_expected(inner)}"
    if isinstance(kind, dict):
        return "a table"
    return _TYPE_WORDS[kind]


def _check_type(kind: Any, value: Any, where: str, sources: set[str], out: list[str]) -> None:
    def bad() -> None:
        out.append(f"{where}: expected {_expected(kind)}, got {value!r}")
    if isinstance(kind, tuple):
        if value not in kind:
            bad()
    elif isinstance(kind, list):
        if not isinstance(value, list) or not value:
            out.append(f"{where}: expected {_expected(kind)} (not empty), got {value!r}")
            return
        for index, item in enumerate(value):
            _check_type(kind[0], item, f"{where}[{index}]", sources, out)
    elif isinstance(kind, dict):
        if not isinstance(value, dict):
            bad()
        else:
            check_table(kind, value, where, sources, out)
    elif kind == "money":
        if not isinstance(value, str) or not MONEY.match(value):
            bad()
    elif kind in ("int", "days", "months", "age"):
        low = 1 if kind == "months" else 0
        if isinstance(value, bool) or not isinstance(value, int) or (kind != "int" and value < low):
            bad()
    elif kind == "bool":
        if not isinstance(value, bool):
            bad()
    elif kind == "date":
        if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
            bad()
    elif kind == "str":
        if not isinstance(value, str) or not value.strip():
            bad()
    elif kind == "decision":
        if not isinstance(value, str) or not re.fullmatch(r"D[0-9]+", value):
            bad()
    elif kind == "source":
        if value not in sources:
            out.append(f"{where}: unknown source {value!r} (expected {_TYPE_WORDS['source']})")


def check_table(schema: Schema, table: dict[str, Any], where: str, sources: set[str],
                out: list[str]) -> None:
    """Append to `out` every problem of `table` against `schema`: unknown keys, missing keys,
    wrong types. `where` names the file and the table, e.g. "kw/residence.toml: values[0]"."""
    for key in table:
        if key not in schema:
            out.append(f"{where}: unknown key `{key}` (expected {', '.join(schema)})")
    for key, (kind, required) in schema.items():
        if key not in table:
            if required:
                out.append(f"{where}: missing key `{key}` ({_expected(kind)})")
            continue
        _check_type(kind, table[key], f"{where}.{key}", sources, out)


def _check_tiers(data: dict[str, Any], where: str, out: list[str]) -> None:
    tiers = data.get("tiers")
    if not isinstance(tiers, list) or not all(isinstance(t, dict) for t in tiers):
        return
    expected_first = 1
    for index, tier in enumerate(tiers):
        at = f"{where}.tiers[{index}]"
        first, last = tier.get("from_day"), tier.get("to_day")
        if not isinstance(first, int):
            break
        if first != expected_first:
            what = "overlaps the tier before" if first < expected_first else "leaves a gap after the tier before"
            out.append(f"{at}.from_day: {first} {what} (expected {expected_first})")
        if last is None:
            if index != len(tiers) - 1:
                out.append(f"{at}: missing key `to_day` (only the last tier may be open-ended)")
            break
        if isinstance(last, int):
            if last < first:
                out.append(f"{at}.to_day: {last} is before from_day {first}")
            expected_first = last + 1
    if "cap" in data and data.get("cap_not_published"):
        out.append(f"{where}: `cap` and `cap_not_published` cannot both be given")
    if "cap" not in data and not data.get("cap_not_published"):
        out.append(f"{where}: missing key `cap` (or cap_not_published = true)")


def _check_steps(data: dict[str, Any], where: str, out: list[str]) -> None:
    steps = data.get("steps")
    if not isinstance(steps, list) or not all(isinstance(s, dict) for s in steps):
        return
    for index, step in enumerate(steps):
        at = f"{where}.steps[{index}]"
        if step.get("offence") != index + 1:
            out.append(f"{at}.offence: expected {index + 1} (offences 1, 2, 3… in order)")
        if ("amount" in step) == bool(step.get("deportation")):
            out.append(f"{at}: expected either `amount` or `deportation = true`")


def _check_periods(data: dict[str, Any], where: str, out: list[str]) -> None:
    for key in ("worker", "domestic"):
        months = data.get(key)
        if isinstance(months, list) and months != sorted(set(months)):
            out.append(f"{where}.{key}: expected months in increasing order, each once")


def _check_fees(data: dict[str, Any], where: str, out: list[str]) -> None:
    seen: set[str] = set()
    for index, item in enumerate(data.get("fees") or []):
        if isinstance(item, dict) and isinstance(item.get("residence"), str):
            key = fee_item_key(item)
            if key in seen:
                out.append(f"{where}.fees[{index}]: `{key}` is given twice")
            seen.add(key)


EXTRA_CHECKS: dict[str, Callable[[dict[str, Any], str, list[str]], None]] = {
    "daily_tiered": _check_tiers, "offence_ladder": _check_steps, "allowed_periods": _check_periods,
    "fee_table": _check_fees,
}


def check_value(kind: str, value: dict[str, Any], where: str, sources: set[str]) -> list[str]:
    """Every problem of one `[[values]]` table of a rule of `kind` (empty list: none)."""
    out: list[str] = []
    check_table({**COMMON, **SCHEMAS[kind]}, value, where, sources, out)
    extra = EXTRA_CHECKS.get(kind)
    if extra is not None:
        extra(value, where, out)
    return out
