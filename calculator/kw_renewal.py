"""Kuwait: what renewing a residence costs now — the yearly residence fee × years, the health
insurance fee × years, and, when the residence has already expired, the settlement (الصلح) for
the days of delay, which is shown and paid first.

Policy only (which fee, which exemption, what to assume, warn and advise); figures come from the
rules (kw.residence_fee, kw.health_insurance, the kw-fine settlement rules, kw.renewal_window),
words from calculator/text. A renewal for N years costs N × the yearly fees (D9); estimates dated
before the fee schedule took effect (2025-12-23) are refused with `no_rule`.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from .engine.errors import CalcError
from .engine.inputs import Inputs
from .engine.kinds import fee_item_key, fee_item_label
from .engine.money import money
from .engine.result import Estimate
from .kuwait import CATEGORIES, MOI, RENEW_PAGE, apply_settlement, renewal_opens, rule_value

# The CLI's --residence names, in --help and form order, with the article of Decree-Law
# 114/2024 each one stands for. Every category of the fee schedule is here; a test checks the
# rule file names exactly these.
RESIDENCES = {
    "government": "17",
    "private": "18",
    "partner": "19",
    "domestic": "20",
    "investor": "21",
    "family": "22",
    "student": "23",
    "self_sponsored": "24",
    "self_sponsored_family": "24",
    "property_owner": "25",
    "investor_family": "19, 21, 25, 31",
    "widow_divorcee": "28",
    "formerly_stateless": "30",
    "religious": "31",
}
SPONSORS = ("kuwaiti", "expat")
RELATIONS = ("spouse_child", "other")
PARAMS = ("residence", "sponsor", "relation", "first-three", "years", "health-insurance",
          "expired", "on")
MAX_YEARS = 10  # an input check, not a legal limit: the ministry decides how many years it grants

# Who renews, by category (kuwaittimes_2020_02_11_art18, kuna_2025_12_25, kuwaitmart_renewal,
# patnubay_16884); a category not listed has no published channel.
EMPLOYER_RENEWS = ("private",)
SPONSOR_RENEWS = ("domestic", "family")
ONLINE = ("government",)


def _fee_item(value_data: dict[str, Any], residence: str, sponsor: str | None,
              relation: str | None) -> dict[str, Any]:
    wanted = ":".join(x for x in (residence, sponsor, relation) if x)
    for item in value_data["fees"]:
        if fee_item_key(item) == wanted:
            return item
    raise CalcError("invalid_choice", "residence", choices=", ".join(RESIDENCES))


def _only_for(inp: Inputs, name: str, applies: bool) -> None:
    if inp.given(name) and not applies:
        raise CalcError("not_applicable", name)


def kw_renewal(inp: Inputs, est: Estimate) -> None:
    """Estimate the cost of renewing a Kuwaiti residence.

    Params: residence (one of RESIDENCES, required) · sponsor kuwaiti|expat (domestic only,
    required there) · relation spouse_child|other (family only, required there) · first-three
    yes|no (domestic worker of a Kuwaiti family: one of its first three, exempt from the health
    insurance fee) · years (whole number 1-10, default 1) · health-insurance yes|no (default yes:
    include the fee) · expired (date; adds the settlement for the days already late) · on.
    Result: total in KWD; lines kw.residence_fee, kw.health_insurance, kw.settlement.
    Errors: required, invalid_choice, not_applicable, too_small, too_large, invalid_date,
    no_rule (on before 2025-12-23).
    """
    residence = inp.choice("residence", RESIDENCES)
    on = inp.date("on", "gregorian") or inp.today
    sponsor = inp.choice("sponsor", SPONSORS) if residence == "domestic" else None
    _only_for(inp, "sponsor", residence == "domestic")
    relation = inp.choice("relation", RELATIONS) if residence == "family" else None
    _only_for(inp, "relation", residence == "family")
    exemptable = residence == "domestic" and sponsor == "kuwaiti"
    _only_for(inp, "first-three", exemptable)
    first_three = inp.yes_no("first-three") if exemptable else None
    years = inp.whole("years", MAX_YEARS, minimum=1) or 1
    insurance = inp.yes_no("health-insurance") or "yes"
    expired = inp.date("expired", "gregorian")

    fee_rule = est.book.rule("kw.residence_fee")
    fee_value = rule_value(fee_rule, on)
    est.currency = fee_rule.unit
    est.date_of_estimate(on, inp.given("on"))
    item = _fee_item(fee_value.data, residence, sponsor, relation)
    label = fee_item_label(est.lang, item)
    yearly = money(item["amount"], fee_rule.unit)
    est.use(fee_rule, fee_value, which=fee_item_key(item), item=item)
    total = money(yearly * years, fee_rule.unit)
    est.line("kw.residence_fee", total, "line.kw.fee", label=label, rate=est.money(yearly),
             years=est.count("years", years))
    est.assume("kw.years", years=est.count("years", years))

    total += _insurance(inp, est, on, years, insurance, exemptable, first_three)

    est.extra["residence"] = residence
    est.extra["years"] = years
    if expired is None:
        est.status, est.total = "estimate", total
        est.headline = est.say("headline.kw.renewal", total=est.money(total),
                               years=est.count("years", years))
    else:
        est.date("expired", expired)
        days = (on - expired).days
        if days > 0:
            category = "domestic" if residence == "domestic" else "residence"
            rule = est.book.rule(CATEGORIES[category])
            result = apply_settlement(est, rule, rule_value(rule, on), days, on)
            est.line("kw.settlement", result.total, "line.kw.settlement",
                     days=est.count("days", days), label=rule.label[est.lang])
            total += result.total
            est.status, est.total, est.days_late = "late", total, days
            est.headline = est.say("headline.kw.renewal_late", total=est.money(total),
                                   years=est.count("years", years),
                                   settlement=est.money(result.total), days=est.count("days", days))
            est.warn("kw.settlement_first")
        else:
            est.status, est.total, est.days_late, est.days_remaining = "valid", total, 0, -days
            opens = renewal_opens(est, expired, "domestic" if residence == "domestic" else "private")
            est.date("renewal_opens", opens)
            est.headline = est.say("headline.kw.renewal_valid", total=est.money(total),
                                   years=est.count("years", years), days=est.count("days", -days),
                                   date=est.date_text(expired))
            est.next("kw.window_open" if opens <= on else "kw.window", url=RENEW_PAGE,
                     date=est.date_text(opens))
    _steps(est, residence)
    est.warn("kw.years_decided")
    est.warn("estimate_only")


def _insurance(inp: Inputs, est: Estimate, on: dt.date, years: int, insurance: str,
               exemptable: bool, first_three: str | None) -> Decimal:
    rule = est.book.rule("kw.health_insurance")
    value = rule_value(rule, on)
    yearly = money(value.data["amount"], rule.unit)
    if insurance == "no":
        est.assume("kw.insurance_left_out")
        est.warn("kw.insurance_required")
        return Decimal(0)
    exemption = next((e for e in value.data.get("exempt", []) if exemptable), None)
    if exemption is not None and first_three == "yes":
        est.use(rule, value, which="exempt", item=exemption)
        est.line("kw.health_insurance", Decimal(0), "line.kw.insurance_exempt", n=exemption["first"])
        return Decimal(0)
    est.use(rule, value)
    amount = money(yearly * years, rule.unit)
    est.line("kw.health_insurance", amount, "line.kw.insurance", rate=est.money(yearly),
             years=est.count("years", years))
    if exemption is not None and first_three is None:
        est.assume("kw.not_first_three", n=exemption["first"])
    if value.data.get("lower_rates_not_published"):
        est.warn("kw.insurance_lower_rates")
    est.warn("kw.insurance_period")
    return amount


def _steps(est: Estimate, residence: str) -> None:
    """Who renews and where, for this category, then what must be true first (debts to the state
    paid first: siasat_2023_09_10_debts, kuwaittimes_2023_09_09_dues)."""
    if residence in EMPLOYER_RENEWS:
        est.next("kw.employer_renews", url=MOI)
    elif residence == "domestic":
        est.next("kw.domestic_sponsor_renew", url=MOI)
    elif residence in SPONSOR_RENEWS:
        est.next("kw.family_sponsor_renews", url=MOI)
    elif residence in ONLINE:
        est.next("kw.government_online", url=MOI)
    else:
        est.next("kw.channel_not_published", url=RENEW_PAGE)
    est.next("kw.debts_first", url=RENEW_PAGE)
