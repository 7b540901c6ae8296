"""Saudi Arabia: the late-renewal fine (D3) and the cost of renewing an iqama (D5, D8).

Policy only; figures come from the rules, words from calculator/text.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .engine.dates import add_hijri_months, add_months
from .engine.errors import CalcError
from .engine.inputs import MAX_DAYS, Inputs
from .engine.money import money
from .engine.result import Estimate
from .engine.rules import Rule, RuleBook, RuleValue
from .engine.schedules import ladder_step, prorate

FINE_PARAMS = ("expired", "days-late", "on", "calendar", "offence")
RENEWAL_PARAMS = ("worker", "months", "establishment", "dependents", "workers", "above-limit",
                  "absher-business", "expired", "offence", "on", "calendar")
MAX_OFFENCE = 99
MAX_DEPENDENTS = 30
MAX_WORKERS = 10_000
ESTABLISHMENTS = ("expat-majority", "saudi-majority", "equal", "industrial", "small-exempt")
# An exemption value's `basis` -> how the levy line says it (engine/kinds.py says the rule).
EXEMPT_LINES = {"waived": "line.sa.levy_exempt.waived", "cancelled": "line.sa.levy_exempt.cancelled",
                "small": "line.sa.levy_exempt.small"}
# --establishment value -> the levy exemption rule it may fall under
ABSHER = "https://www.absher.sa/"
CHECK_PAGE = "saudi/check/"
RENEW_PAGE = "saudi/renew/"
EXEMPTIONS = {"industrial": "sa.industrial_levy_exemption",
              "small-exempt": "sa.small_establishment_levy_exemption"}


def _value(rule: Rule, on: dt.date) -> RuleValue:
    try:
        return rule.value_on(on)
    except CalcError as error:
        raise CalcError(error.code, "on", **error.params) from None


def sa_fine(inp: Inputs, est: Estimate) -> None:
    calendar = inp.stated_calendar()
    on = inp.date("on", calendar) or inp.today
    expired = inp.date("expired", calendar)
    est.calendar = inp.sentence_calendar()
    days_given = inp.whole("days-late", MAX_DAYS)
    offence = inp.whole("offence", MAX_OFFENCE, minimum=1) or 1
    if expired is not None and days_given is not None:
        raise CalcError("conflict", "days-late")
    if expired is None and days_given is None:
        raise CalcError("required", "expired")
    rule = est.book.rule("sa.late_renewal_fine")
    value = _value(rule, on)
    est.currency = rule.unit
    est.date_of_estimate(on, inp.given("on"))
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
    est.note_calendars(inp, "sa.hijri")

    if days < 0:
        est.status, est.total, est.days_late, est.days_remaining = "valid", Decimal(0), 0, -days
        expiry = on + dt.timedelta(days=-days)
        if expired is not None:
            est.offer_reminder(expired, "sa", "private")
        est.headline = est.say("headline.sa.valid", days=est.count("days", -days),
                               date=est.date_text(expiry))
        _window_steps(est, expiry, on)
        est.next("sa.early", url=ABSHER, days=est.count("days", int(value.data["renew_days_before"])))
        est.warn("estimate_only")
        return
    est.days_late = days
    if days < grace:
        est.status, est.total = "grace", Decimal(0)
        est.line("sa.no_fine_yet", Decimal(0), "line.sa.none", grace=est.count("days", grace))
        est.headline = est.say("headline.sa.grace", days=est.count("days", days),
                               grace=est.count("days", grace))
        est.next("sa.renew", url=ABSHER)
        est.warn("estimate_only")
        return
    step = ladder_step(offence, steps)
    label = est.say(f"offence.{min(offence, 3)}")
    if step.get("deportation"):
        est.status, est.total, est.deportation = "deportation", None, True
        est.headline = est.say("headline.sa.deportation")
        est.warn("sa.deportation")
        est.warn("sa.employer_pays")
        # No "pay and renew" advice: a deportation case is not renewed like a late one.
        est.next("sa.deportation_contact", url=ABSHER)
        est.next("sa.deportation_documents", url=CHECK_PAGE)
        est.warn("estimate_only")
        return
    else:
        amount = money(step["amount"], rule.unit)
        est.status, est.total = "fined", amount
        est.line(f"sa.offence_{step['offence']}", amount, "line.sa.fine", offence=label)
        est.lines[-1]["payer"] = "employer"
        est.headline = est.say("headline.sa.fined", total=est.money(amount), offence=label)
    est.warn("sa.employer_pays")
    est.next("sa.pay", url=CHECK_PAGE)
    est.next("sa.renew", url=ABSHER)
    est.warn("estimate_only")


def _window_steps(est: Estimate, expiry: dt.date, on: dt.date) -> None:
    """When renewal opens before `expiry` (D13) for a worker and for a domestic worker, as
    dates (renewable_from); records the rule."""
    try:
        worker_day, rule, value = renewable_from(est.book, "sa", "private", expiry)
        domestic_day, _, _ = renewable_from(est.book, "sa", "domestic", expiry)
    except CalcError:
        return
    months = value.data["months_before"]
    est.use(rule, value, which="private")
    est.date("renewal_opens", worker_day)
    est.next("sa.window", url=CHECK_PAGE, worker=est.count("months", int(months["private"])),
             domestic=est.count("months", int(months["domestic"])), date=est.date_text(worker_day),
             domestic_date=est.date_text(domestic_day))


class _Renewal:
    """The period being paid for and the people it is paid for (one sa-renewal request)."""

    def __init__(self, worker: str, months: int, workers: int, start: dt.date, end: dt.date) -> None:
        self.worker, self.months, self.workers = worker, months, workers
        self.start, self.end = start, end  # the period is the days after `start` up to `end`
        self.payers: dict[str, str] = {}


def _line(est: Estimate, ren: _Renewal, code: str, per_worker: Decimal, key: str,
          per_worker_line: bool = True, **values: object) -> Decimal:
    """One line of the renewal with its payer (D12); per-worker lines × --workers (and say so)."""
    count = ren.workers if per_worker_line else 1
    amount = money(per_worker * count, "SAR")
    if count > 1:
        inner = est.say(key, amount=est.money(per_worker), **values)
        est.line(code, amount, "line.sa.workers", line=inner, workers=count)
    else:
        est.line(code, amount, key, **values)
    est.lines[-1]["payer"] = ren.payers[code]
    return amount


def _annual_line(est: Estimate, ren: _Renewal, rule_id: str, on: dt.date) -> Decimal:
    rule = est.book.rule(rule_id)
    value = _value(rule, on)
    annual = Decimal(value.data["amount"])
    est.use(rule, value)
    amount = prorate(annual, ren.months, rule.unit)
    return _line(est, ren, rule_id, amount, "line.sa.annual", label=rule.label[est.lang],
                 annual=est.money(annual), months=ren.months)


def _period(inp: Inputs, est: Estimate, worker: str, months: int, allowed: list[int],
            on: dt.date, expired: dt.date | None) -> tuple[dt.date, dt.date]:
    """(start, new expiry) of the period paid for. From the old expiry when it is known (D11),
    else from the date of renewal; months are Umm al-Qura months (Absher's expiry is Hijri)."""
    start = expired if expired is not None else on
    end = add_hijri_months(start, months)
    if expired is not None and expired < on and end <= on:
        works = [m for m in allowed if add_hijri_months(expired, m) > on]
        if not works:
            raise CalcError("arrears_beyond_periods", "expired", expired=expired.isoformat(),
                            longest=max(allowed), on=on.isoformat())
        raise CalcError("period_too_short", "months", months=months, shortest=works[0],
                        ends=end.isoformat(), expired=expired.isoformat(), on=on.isoformat())
    return start, end


def sa_renewal(inp: Inputs, est: Estimate) -> None:
    """The cost of renewing a Saudi iqama: SAR lines with their payer, totals_by_payer.

    Params (raw strings): worker (private|domestic), months (3/6/9/12; domestic 12/24),
    establishment, dependents, workers (N private-sector workers: per-worker lines × N), above-limit,
    absher-business, expired (old expiry, either calendar), offence (late fine, default 1), on.
    Expiry in the past (D11): the period runs from it, the fine (D3) is its own line; in the
    future: `renewable_from` (D13). Errors: period_too_short (months), arrears_beyond_periods
    (expired), no_rule, domestic_no_split and the input errors.
    """
    worker = inp.choice("worker", ("private", "domestic"), default="private")
    calendar = inp.stated_calendar()
    on = inp.date("on", calendar) or inp.today
    expired = inp.date("expired", calendar)
    est.calendar = inp.sentence_calendar()
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
        raise CalcError("invalid_choice", "months", choices=", ".join(map(str, allowed)))
    establishment = inp.choice("establishment", ESTABLISHMENTS, default="expat-majority")
    workers = inp.whole("workers", MAX_WORKERS, minimum=1) or 1
    if worker == "domestic" and inp.given("workers") and workers != 1:
        raise CalcError("not_applicable", "workers")
    offence = inp.whole("offence", MAX_OFFENCE, minimum=1) or 1
    start, end = _period(inp, est, worker, months, allowed, on, expired)
    ren = _Renewal(worker, months, workers, start, end)
    who = est.book.rule("sa.who_pays")
    who_value = _value(who, on)
    ren.payers = dict(who_value.data["payers"])
    est.use(periods_rule, periods, which="domestic" if worker == "domestic" else "worker")
    est.use(who, who_value)
    est.date_of_estimate(on, inp.given("on"))
    if expired is not None:
        est.date("expired", expired)
    est.date("renewed_until", end)
    est.note_calendars(inp)
    total = Decimal(0)

    if worker == "private":
        dependents = inp.whole("dependents", MAX_DEPENDENTS) or 0
        if not inp.given("establishment"):
            est.assume("sa.default_establishment")
        if workers > 1:
            est.assume("sa.workers", workers=workers)
        total += _annual_line(est, ren, "sa.iqama_fee", on)
        total += _annual_line(est, ren, "sa.work_permit_fee", on)
        total += _levy(est, ren, establishment, on)
        if dependents:
            rule = est.book.rule("sa.dependents_levy")
            value = _value(rule, on)
            rate = Decimal(value.data["amount"])
            est.use(rule, value)
            total += _line(est, ren, "sa.dependents_levy", rate * dependents * months,
                           "line.sa.dependents", per_worker_line=False, label=rule.label[est.lang],
                           people=est.count("people", dependents), rate=est.money(rate),
                           months=est.count("months", months))
    else:
        total += _annual_line(est, ren, "sa.domestic_iqama_fee", on)
        est.warn("sa.domestic_fee")
        if inp.yes_no("above-limit") == "yes":
            total += _annual_line(est, ren, "sa.domestic_above_limit_levy", on)

    if inp.yes_no("absher-business") == "yes":
        rule = est.book.rule("sa.absher_business_fee")
        value = _value(rule, on)
        amount = money(value.data["amount"], "SAR")
        est.use(rule, value)
        total += _line(est, ren, "sa.absher_business_fee", amount, "line.sa.flat",
                       per_worker_line=False, label=rule.label[est.lang])

    late = expired is not None and expired < on
    if late:
        assert expired is not None
        total += _late_fine(est, ren, expired, on, offence)
    elif expired is not None:
        _window(est, worker, expired, on)

    est.status, est.total = "estimate", total
    sums = {"employer": Decimal(0), "resident": Decimal(0)}
    for line in est.lines:
        sums[line["payer"]] += Decimal(line["amount"])
    est.extra["totals_by_payer"] = {k: str(money(v, "SAR")) for k, v in sums.items()}
    est.extra["totals_by_payer_text"] = {k: est.money(v) for k, v in sums.items()}
    if late:
        assert expired is not None
        est.headline = est.say("headline.sa.renewal_late", total=est.money(total),
                               months=est.count("months", months), date=est.date_text(expired))
    else:
        est.headline = est.say("headline.sa.renewal", total=est.money(total),
                               months=est.count("months", months))
    if sums["resident"] and sums["employer"]:
        est.headline += " " + est.say("headline.sa.split", employer=est.money(sums["employer"]),
                                      resident=est.money(sums["resident"]))
    est.assume("sa.prorate")
    est.assume("sa.hijri_months", start=est.date_text(start), end=est.date_text(end))
    if expired is None:
        est.assume("sa.period_from_on", date=est.date_text(on))
        est.warn("sa.late_fine_extra")
    est.warn("sa.arrears")
    est.warn("sa.who_pays")
    est.next("sa.pay", url=CHECK_PAGE)
    if worker == "domestic":  # the household sponsoring the worker renews (S2 channels)
        est.next("sa.renew_household", url=ABSHER)
    else:  # the employer renews, the work permit first (S2 channels, S3+)
        est.next("sa.renew_employer", url=RENEW_PAGE)
    est.warn("estimate_only")
    if expired is not None:
        est.offer_reminder(end, "sa", worker)


def _late_fine(est: Estimate, ren: _Renewal, expired: dt.date, on: dt.date, offence: int) -> Decimal:
    """Renewal after expiry (D11): say which part of the period has passed; add the fine (D3)."""
    days = (on - expired).days
    est.days_late = days
    est.assume("sa.arrears_included", expired=est.date_text(expired), end=est.date_text(ren.end),
               days=est.count("days", days))
    rule = est.book.rule("sa.late_renewal_fine")
    value = _value(rule, on)
    grace = int(value.data["grace_days"])
    steps = value.data["steps"]
    est.use(rule, value)
    est.date("fined_from", expired + dt.timedelta(days=grace))
    est.assume("sa.grace", grace=est.count("days", grace))
    if days < grace:
        return _line(est, ren, "sa.no_fine_yet", Decimal(0), "line.sa.none",
                     grace=est.count("days", grace))
    step = ladder_step(offence, steps)
    if step.get("deportation"):
        est.deportation = True
        est.warn("sa.deportation")
        return Decimal(0)
    label = est.say(f"offence.{min(offence, 3)}")
    return _line(est, ren, "sa.late_renewal_fine", money(step["amount"], "SAR"), "line.sa.fine",
                 offence=label)


def renewable_from(book: RuleBook, country: str, worker: str,
                   expires: dt.date) -> tuple[dt.date, Rule, RuleValue]:
    """The first day an iqama / residence expiring on `expires` can be renewed (D13), with the
    rule and value used. Saudi: fewer than 6 (worker) / 14 (domestic) Umm al-Qura months left;
    Kuwait: 2 Gregorian months or less left. Raises CalcError(no_rule) before the rule's date."""
    rule = book.rule(f"{country}.renewal_window")
    value = rule.values[-1]
    n = int(value.data["months_before"][worker])
    shift = add_hijri_months if value.data["calendar"] == "hijri" else add_months
    first = shift(expires, -n)
    if value.data["remaining"] == "less_than":
        first += dt.timedelta(days=1)
    return first, rule, value


def _window(est: Estimate, worker: str, expired: dt.date, on: dt.date) -> None:
    """Expiry still ahead: when renewal opens (D13) and whether it is open on `on`."""
    first, rule, value = renewable_from(est.book, "sa", worker, expired)
    n = value.data["months_before"][worker]
    est.use(rule, value, which=worker)
    est.days_remaining = (expired - on).days
    est.days_late = 0
    est.date("renewable_from", first)
    est.extra["renewable_from"] = first.isoformat()
    est.extra["renewable_now"] = on >= first
    if on >= first:
        est.next("sa.renewable_now", url=RENEW_PAGE, date=est.date_text(first))
    else:
        est.next("sa.renewable_later", url=RENEW_PAGE, date=est.date_text(first),
                 months=est.count("months", int(n)))


def _exempt_days(est: Estimate, ren: _Renewal, rule_id: str) -> tuple[int, int, list]:
    """(exempt days, charged days, values used) of the period under the exemption rule `rule_id`:
    each day is judged by the rule's value in force that day; a day before the rule's first value
    has no exemption."""
    rule = est.book.rule(rule_id)
    exempt = charged = 0
    used: list = []
    day = ren.start + dt.timedelta(days=1)
    while day <= ren.end:
        try:
            value = rule.value_on(day)
        except CalcError:
            value = None
        if value is not None and value not in used:
            used.append(value)
        if value is not None and value.data.get("exempt"):
            exempt += 1
        else:
            charged += 1
        day += dt.timedelta(days=1)
    return exempt, charged, used


def _levy(est: Estimate, ren: _Renewal, establishment: str, on: dt.date) -> Decimal:
    rule = est.book.rule("sa.expat_levy")
    value = _value(rule, on)
    rates = value.data["rates"]
    label = rule.label[est.lang]
    key = "saudi_majority" if establishment in ("saudi-majority", "equal") else "expat_majority"
    rate = Decimal(rates[key])
    est.use(rule, value)
    if establishment == "equal":
        est.assume("sa.equal_rate")
    if establishment in EXEMPTIONS:
        rule_id = EXEMPTIONS[establishment]
        exemption = est.book.rule(rule_id)
        if establishment == "small-exempt":
            _value(exemption, on)  # "cannot estimate" before the first confirmation
            quota = int(exemption.values[0].data["exempt_workers"])
            if ren.workers > quota:
                raise CalcError("too_large", "workers", max=quota)
        exempt, charged, used = _exempt_days(est, ren, rule_id)
        if charged:
            est.assume("sa.exempt_rate")
        if not exempt:
            est.assume("sa.exemption_not_in_force")
        for item in used:
            est.use(exemption, item)
        if charged == 0:
            basis = used[-1].data.get("basis", "small") if used else "small"
            return _line(est, ren, "sa.expat_levy", Decimal(0), EXEMPT_LINES[basis], label=label)
        if exempt:
            days_in_month = 30
            for item in used:
                days_in_month = int(item.data.get("days_in_month", days_in_month))
            est.assume("sa.levy_per_day", divisor=days_in_month)
            per_worker = money(rate * charged / days_in_month, "SAR")
            return _line(est, ren, "sa.expat_levy", per_worker, "line.sa.levy_days", label=label,
                         rate=est.money(rate), days=est.count("days", charged),
                         exempt=est.count("days", exempt), divisor=days_in_month)
    return _line(est, ren, "sa.expat_levy", rate * ren.months, "line.sa.levy", label=label,
                 rate=est.money(rate), months=est.count("months", ren.months))
