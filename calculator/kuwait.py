"""Kuwait: settlement (الصلح) amounts for residence violations, Decree-Law 114/2024 and before.

Policy only: which rule, which days count, what to assume and warn. Figures come from the rules,
words from calculator/text.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .engine.dates import add_months
from .engine.errors import CalcError
from .engine.inputs import MAX_DAYS, Inputs
from .engine.result import Estimate
from .engine.rules import Rule, RuleValue
from .engine.schedules import TieredResult, daily_tiered

# CLI/URL name -> rule id. The order is the order of --help and of the form.
CATEGORIES = {
    "residence": "kw.residence",
    "domestic": "kw.domestic",
    "visit": "kw.visit",
    "newborn": "kw.newborn",
    "entry_visa": "kw.entry_visa",
    "temporary": "kw.temporary",
    "work_absence": "kw.work_absence",
    "domestic_entry_visa": "kw.domestic_entry_visa",
    "domestic_temporary": "kw.domestic_temporary",
}
PARAMS = ("category", "expired", "days-late", "on", "calendar")
# Categories whose `expired` is a residence that gets renewed: a still-valid one offers a reminder.
REMINDER_WORKERS = {"residence": "private", "domestic": "domestic"}


def _lines(est: Estimate, result: TieredResult, days: int, data: dict, unit: str) -> None:
    """The breakdown: one line per tier, adding up to the total. A capped result counts the
    days up to the day the maximum is reached (the last of them only as far as the maximum, if
    its rate overshoots), then one line of the later days, at nothing: no negative line, no
    amount nobody owes."""
    upto = result.cap_day if result.capped and result.cap_day is not None else days
    counted = Decimal(0)
    for part in daily_tiered(upto, data, unit).parts:
        amount = part.amount
        if result.capped and result.cap is not None and counted + amount > result.cap:
            amount = result.cap - counted
        values = dict(first=part.first_day, last=part.last_day, days=est.count("days", part.days),
                      rate=est.money(part.rate))
        if amount == part.amount:
            est.line(f"kw.days_{part.first_day}_{part.last_day}", amount, "line.kw.tier", **values)
        else:
            est.line(f"kw.days_{part.first_day}_{part.last_day}", amount, "line.kw.tier_to_cap",
                     full=est.money(part.amount), **values)
        counted += amount
    if upto < days:
        assert result.cap is not None
        est.line(f"kw.days_{upto + 1}_{days}", Decimal(0), "line.kw.after_cap", first=upto + 1, last=days,
                 days=est.count("days", days - upto), cap=est.money(result.cap))


# Categories whose sponsor acts for them (the sponsor renews online for domestic workers:
# kuwaitmart_renewal, erlinks_2024). A visitor has no civil ID (kuwaitlocal_2016_visit).
DOMESTIC = ("domestic", "domestic_entry_visa", "domestic_temporary")
MOI = "https://www.moi.gov.kw/"
RENEW_PAGE = "kuwait/renew/"
TRAVEL_PAGE = "kuwait/before-travel/"


def rule_value(rule: Rule, on: dt.date) -> RuleValue:
    """The value in force on `on`; no value yet -> CalcError(no_rule) on the `on` field."""
    try:
        return rule.value_on(on)
    except CalcError as error:
        raise CalcError(error.code, "on", **error.params) from None


def apply_settlement(est: Estimate, rule: Rule, value: RuleValue, days: int, on: dt.date) -> TieredResult:
    """Record the settlement (الصلح) rule in force on `on` with its assumptions and warnings, and
    compute it for `days` of delay (day 1 = the day after expiry, D1). Shared by kw-fine and
    kw-renewal, so a late renewal adds exactly what kw-fine gives. Amounts in KWD."""
    data = value.data
    est.use(rule, value)
    first_tier = data["tiers"][0]
    if len(data["tiers"]) > 1 and "to_day" in first_tier:
        est.assume("kw.first_month", days=est.count("days", int(first_tier["to_day"])))
    est.assume("kw.regime", date=est.date_text(on))
    latest = rule.values[-1]
    if value is not latest:
        est.warn("kw.old_regime", date=est.date_text(latest.effective))
    elif days > 0 and on - dt.timedelta(days=days - 1) < value.effective:
        est.warn("kw.spans_law_change", date=est.date_text(value.effective))
    if data.get("cap_not_published"):
        est.warn("kw.old_visit_cap")
    return daily_tiered(max(days, 0), data, rule.unit)


def renewal_opens(est: Estimate, expiry: dt.date, worker: str = "private") -> dt.date:
    """The day online renewal is said to open before `expiry` (kw.renewal_window, D13, low
    confidence: guides only); records the rule. `worker`: "private" or "domestic"."""
    from .saudi import renewable_from  # the one window calculation, for both countries

    first, rule, value = renewable_from(est.book, "kw", worker, expiry)
    est.use(rule, value, which=worker)
    return first


def _valid_steps(est: Estimate, category: str, expiry: dt.date, on: dt.date) -> None:
    if category == "visit":
        est.next("kw.visit_leave", url=MOI)
        return
    if category == "newborn":
        est.next("kw.newborn_before", url=MOI, date=est.date_text(expiry))
        return
    opens = renewal_opens(est, expiry, "domestic" if category in DOMESTIC else "private")
    est.date("renewal_opens", opens)
    key = "kw.window_open" if opens <= on else "kw.window"
    if category in DOMESTIC:
        est.next("kw.domestic_sponsor_renew", url=RENEW_PAGE)
    est.next(key, url=RENEW_PAGE, date=est.date_text(opens))


def _late_steps(est: Estimate, category: str) -> None:
    """What to do once a settlement is due: it depends on who the reader is
    (look-up by civil ID for residents; the sponsor for domestic workers; Residency Affairs for
    visitors, kuwaitlocal_2016_visit)."""
    if category == "visit":
        est.next("kw.visit_pay", url=MOI)
        est.warn("kw.visit_ban")
        return
    if category == "newborn":
        est.next("kw.newborn", url=MOI)
        est.next("kw.newborn_office", url=MOI)
        return
    if category in DOMESTIC:
        est.next("kw.domestic_sponsor", url=MOI)
        est.next("kw.travel", url=TRAVEL_PAGE)
        return
    est.next("kw.lookup", url=MOI)
    est.next("kw.renew_late", url=RENEW_PAGE)
    est.next("kw.travel", url=TRAVEL_PAGE)


def kw_fine(inp: Inputs, est: Estimate) -> None:
    category = inp.choice("category", CATEGORIES, code="unknown_category")
    calendar = inp.stated_calendar()
    on = inp.date("on", calendar) or inp.today
    expired = inp.date("expired", calendar)
    est.calendar = inp.sentence_calendar()
    days_given = inp.whole("days-late", MAX_DAYS)
    if expired is not None and days_given is not None:
        raise CalcError("conflict", "days-late")
    if expired is None and days_given is None:
        raise CalcError("required", "expired")
    rule = est.book.rule(CATEGORIES[category])
    value = rule_value(rule, on)
    est.currency = rule.unit
    est.date_of_estimate(on, inp.given("on"))
    est.note_calendars(inp)

    if days_given is not None:
        days = days_given
        est.assume("days_given")
    else:
        assert expired is not None
        deadline = expired
        if category == "newborn":
            window = int(value.data["window_months"])  # the rule's registration window
            deadline = add_months(expired, window)
            est.date("born", expired)
            est.date("deadline", deadline)
            est.assume("kw.newborn_deadline", date=est.date_text(deadline), months=window)
        else:
            est.date("expired", expired)
        days = (on - deadline).days

    result = apply_settlement(est, rule, value, days, on)
    if category == "visit":
        est.assume("kw.visit_month")

    if days <= 0:
        est.status, est.total, est.days_late = "valid", Decimal(0), 0
        if expired is not None and category in REMINDER_WORKERS:
            est.offer_reminder(expired, "kw", REMINDER_WORKERS[category])
        est.days_remaining = -days
        until = on + dt.timedelta(days=-days)
        if days == 0:
            est.headline = est.say("headline.kw.today", date=est.date_text(on))
        else:
            est.headline = est.say("headline.kw.valid", days=est.count("days", -days),
                                   date=est.date_text(until))
        _valid_steps(est, category, until, on)
        est.warn("estimate_only")
        return

    _lines(est, result, days, value.data, rule.unit)
    est.days_late, est.total = days, result.total
    if result.capped or (result.cap is not None and result.total == result.cap):
        est.status = "capped"
        est.headline = est.say("headline.kw.capped", total=est.money(result.total), cap_day=result.cap_day)
    else:
        est.status = "fined"
        est.headline = est.say("headline.kw.fined", total=est.money(result.total),
                               days=est.count("days", days))
    _late_steps(est, category)
    est.warn("estimate_only")
