"""Saudi Arabia: the late-renewal fine (D3) and the cost of renewing an iqama (D5, D8).

Policy only; figures come from the rules, words from calculator/text.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .engine.errors import CalcError
from .engine.inputs import MAX_DAYS, Inputs
from .engine.money import money
from .engine.result import Estimate
from .engine.rules import Rule, RuleValue
from .engine.schedules import ladder_step, prorate

FINE_PARAMS = ("expired", "days-late", "on", "calendar", "offence")
RENEWAL_PARAMS = ("worker", "months", "establishment", "dependents", "above-limit",
                  "absher-business", "on", "calendar")
MAX_OFFENCE = 99
MAX_DEPENDENTS = 30
ESTABLISHMENTS = ("expat-majority", "saudi-majority", "equal", "industrial")


def _value(rule: Rule, on: dt.date) -> RuleValue:
    try:
        return rule.value_on(on)
    except CalcError as error:
        raise CalcError(error.code, "on", **error.params) from None


def sa_fine(inp: Inputs, est: Estimate) -> None:
    calendar = inp.choice("calendar", ("gregorian", "hijri"), default="gregorian")
    est.calendar = calendar
    on = inp.date("on", calendar) or inp.today
    expired = inp.date("expired", calendar)
    days_given = inp.whole("days-late", MAX_DAYS)
    offence = inp.whole("offence", MAX_OFFENCE, minimum=1) or 1
    if expired is not None and days_given is not None:
        raise CalcError("conflict", "days-late")
    if expired is None and days_given is None:
        raise CalcError("required", "expired")
    rule = est.book.rule("sa.late_renewal_fine")
    value = _value(rule, on)
    est.currency = rule.unit
    est.date("on", on)
    if not inp.given("on"):
        est.assume("today", date=est.date_text(on))
    grace = int(value.data["grace_days"])
    steps = value.data["steps"]
    est.use(rule, value)
    if days_given is not None:
        days = days_given
        est.assume("days_given")
    else:
        assert expired is not None
        days = (on - expired).days
        est.date("expired", expired)
        est.date("fined_from", expired + dt.timedelta(days=grace))
    est.assume("sa.grace", grace=est.count("days", grace))
    if calendar == "hijri":
        est.assume("sa.hijri")

    if days < 0:
        est.status, est.total, est.days_late, est.days_remaining = "valid", Decimal(0), 0, -days
        est.headline = est.say("headline.sa.valid", days=est.count("days", -days),
                               date=est.date_text(on + dt.timedelta(days=-days)))
        est.next("sa.early")
        est.warn("estimate_only")
        return
    est.days_late = days
    if days < grace:
        est.status, est.total = "grace", Decimal(0)
        est.line("sa.no_fine_yet", Decimal(0), "line.sa.none", grace=est.count("days", grace))
        est.headline = est.say("headline.sa.grace", days=est.count("days", days),
                               grace=est.count("days", grace))
        est.next("sa.renew")
        est.warn("estimate_only")
        return
    step = ladder_step(offence, steps)
    label = est.say(f"offence.{min(offence, 3)}")
    if step.get("deportation"):
        est.status, est.total, est.deportation = "deportation", None, True
        est.headline = est.say("headline.sa.deportation")
        est.warn("sa.deportation")
    else:
        amount = money(step["amount"], rule.unit)
        est.status, est.total = "fined", amount
        est.line(f"sa.offence_{step['offence']}", amount, "line.sa.fine", offence=label)
        est.headline = est.say("headline.sa.fined", total=est.money(amount), offence=label)
    est.warn("sa.employer_pays")
    est.next("sa.pay")
    est.next("sa.renew")
    est.warn("estimate_only")


def _annual_line(est: Estimate, rule_id: str, months: int, on: dt.date, code: str) -> Decimal:
    rule = est.book.rule(rule_id)
    value = _value(rule, on)
    annual = Decimal(value.data["amount"])
    est.use(rule, value)
    amount = prorate(annual, months, rule.unit)
    est.line(code, amount, "line.sa.annual", label=rule.label[est.lang], annual=est.money(annual),
             months=months)
    return amount


def sa_renewal(inp: Inputs, est: Estimate) -> None:
    worker = inp.choice("worker", ("private", "domestic"), default="private")
    calendar = inp.choice("calendar", ("gregorian", "hijri"), default="gregorian")
    est.calendar = calendar
    on = inp.date("on", calendar) or inp.today
    est.currency = "SAR"
    periods_rule = est.book.rule("sa.renewal_periods")
    periods = _value(periods_rule, on)
    allowed = [int(m) for m in periods.data["domestic" if worker == "domestic" else "worker"]]
    longest = max(int(m) for key in ("worker", "domestic") for m in periods.data[key])
    months = inp.whole("months", longest, minimum=1)
    if months is None:
        raise CalcError("required", "months")
    if months not in allowed:
        if worker == "domestic" and months in periods.data["worker"]:
            raise CalcError("domestic_no_split", "months", months=months, allowed=allowed)
        raise CalcError("invalid_choice", "months", choices=tuple(allowed))
    est.use(periods_rule, periods, which="domestic" if worker == "domestic" else "worker")
    est.date("on", on)
    if not inp.given("on"):
        est.assume("today", date=est.date_text(on))
    total = Decimal(0)

    if worker == "private":
        establishment = inp.choice("establishment", ESTABLISHMENTS, default="expat-majority")
        dependents = inp.whole("dependents", MAX_DEPENDENTS) or 0
        if not inp.given("establishment"):
            est.assume("sa.default_establishment")
        total += _annual_line(est, "sa.iqama_fee", months, on, "sa.iqama_fee")
        total += _annual_line(est, "sa.work_permit_fee", months, on, "sa.work_permit_fee")
        total += _levy(est, establishment, months, on)
        if dependents:
            rule = est.book.rule("sa.dependents_levy")
            value = _value(rule, on)
            rate = Decimal(value.data["amount"])
            est.use(rule, value)
            amount = money(rate * dependents * months, "SAR")
            est.line("sa.dependents_levy", amount, "line.sa.dependents", label=rule.label[est.lang],
                     people=est.count("people", dependents), rate=est.money(rate),
                     months=est.count("months", months))
            total += amount
    else:
        total += _annual_line(est, "sa.domestic_iqama_fee", months, on, "sa.domestic_iqama_fee")
        est.warn("sa.domestic_fee")
        if inp.yes_no("above-limit") == "yes":
            total += _annual_line(est, "sa.domestic_above_limit_levy", months, on,
                                  "sa.domestic_above_limit_levy")

    if inp.yes_no("absher-business") == "yes":
        rule = est.book.rule("sa.absher_business_fee")
        value = _value(rule, on)
        amount = money(value.data["amount"], "SAR")
        est.use(rule, value)
        est.line("sa.absher_business_fee", amount, "line.sa.flat", label=rule.label[est.lang])
        total += amount

    est.status, est.total = "estimate", total
    est.headline = est.say("headline.sa.renewal", total=est.money(total),
                           months=est.count("months", months))
    est.assume("sa.prorate")
    est.warn("sa.arrears")
    est.warn("sa.late_fine_extra")
    est.next("sa.pay")
    est.next("sa.renew")
    est.warn("estimate_only")


def _levy(est: Estimate, establishment: str, months: int, on: dt.date) -> Decimal:
    rule = est.book.rule("sa.expat_levy")
    value = _value(rule, on)
    rates = value.data["rates"]
    label = rule.label[est.lang]
    if establishment == "industrial":
        exemption = est.book.rule("sa.industrial_levy_exemption")
        try:
            exempt = exemption.value_on(on)
        except CalcError:
            exempt = None
        if exempt is not None and exempt.data.get("exempt"):
            est.use(exemption, exempt)
            est.line("sa.expat_levy", Decimal(0), "line.sa.levy_exempt", label=label)
            return Decimal(0)
        establishment = "expat-majority"
        est.assume("sa.default_establishment")
    est.use(rule, value)
    key = "expat_majority" if establishment == "expat-majority" else "saudi_majority"
    if establishment == "equal":
        est.assume("sa.equal_rate")
    rate = Decimal(rates[key])
    amount = money(rate * months, "SAR")
    est.line("sa.expat_levy", amount, "line.sa.levy", label=label, rate=est.money(rate),
             months=est.count("months", months))
    est.assume("sa.levy_months")
    return amount
