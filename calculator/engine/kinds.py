"""Rule kinds: what each `kind` of rule file holds, and the one way to say a value in words.

Every rule file names its `kind`; the kind decides which keys a value carries (its schema, see
calculator/rules/README.md) and how a value reads in words. `describe` is the one describer:
the calculator's explanation ("rules applied"), the CLI and the guide pages' tables all call it.
"""
from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
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


def _fee(key: str) -> Describer:
    def describe(data: dict[str, Any], lang: str, money: Money, which: str | None) -> list[str]:
        return [text.say(lang, key, amount=money(data["amount"]))]
    return describe


def _monthly_rates(data: dict[str, Any], lang: str, money: Money, which: str | None) -> list[str]:
    rates = data["rates"]
    return [text.say(lang, "rule.rates", high=money(rates["expat_majority"]), low=money(rates["saudi_majority"]))]


def _exemption(data: dict[str, Any], lang: str, money: Money, which: str | None) -> list[str]:
    return [text.say(lang, "rule.exempt")] if data.get("exempt") else []


def _checklist(data: dict[str, Any], lang: str, money: Money, which: str | None) -> list[str]:
    return [text.say(lang, "rule.checklist", n=text.count(lang, "conditions", len(data["checks"])))]


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
    "annual_fee": _fee("rule.annual"),
    "monthly_fee": _fee("rule.monthly"),
    "flat_fee": _fee("rule.flat"),
    "monthly_rates": _monthly_rates,
    "exemption": _exemption,
    "checklist": _checklist,
    "allowed_periods": _allowed_periods,
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
