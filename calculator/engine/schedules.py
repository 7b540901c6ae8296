"""Schedule evaluators: pure arithmetic on rule data, no wording, no dates.

Each returns the pieces the explanation needs, so the lines always add up to the total.
"""
from __future__ import annotations

from decimal import ROUND_CEILING, Decimal
from typing import Any

from .money import money
from .value import Value


class TierPart(Value):
    __slots__ = ("first_day", "last_day", "days", "rate", "amount")
    first_day: int
    last_day: int
    days: int
    rate: Decimal
    amount: Decimal


class TieredResult(Value):
    __slots__ = ("parts", "subtotal", "cap", "total", "cap_day")
    parts: tuple[TierPart, ...]
    subtotal: Decimal
    cap: Decimal | None
    total: Decimal
    cap_day: int | None  # first day of delay on which the cap is reached

    @property
    def capped(self) -> bool:
        return self.cap is not None and self.subtotal > self.cap


def _parts(days: int, data: dict[str, Any], currency: str | None) -> list[TierPart]:
    """The tiers' parts for `days` days of delay; each part's amount rounded once (D6)."""
    parts = []
    for tier in data["tiers"]:
        first = int(tier["from_day"])
        last = min(days, int(tier.get("to_day", days)))
        if last >= first:
            count = last - first + 1
            rate = Decimal(tier["rate"])
            amount = rate * count
            parts.append(TierPart(first, last, count, rate,
                                  money(amount, currency) if currency else amount))
    return parts


def _subtotal(days: int, data: dict[str, Any], currency: str | None) -> Decimal:
    return sum((p.amount for p in _parts(days, data, currency)), Decimal(0))


def daily_tiered(days: int, data: dict[str, Any], currency: str) -> TieredResult:
    """Per-day rates by day of delay (`tiers`: from_day, to_day?, rate) with an optional `cap`.

    `days` is a count of days of delay (>= 0); amounts in `currency` (KWD/SAR), each tier's line
    rounded once to the minor unit; `cap_day` is `cap_reached_on` for the same rule value.
    """
    parts = _parts(days, data, currency)
    subtotal = sum((p.amount for p in parts), Decimal(0))
    cap = Decimal(data["cap"]) if "cap" in data else None
    total = min(subtotal, cap) if cap is not None else subtotal
    return TieredResult(tuple(parts), subtotal, cap, money(total, currency),
                        cap_reached_on(data, currency) if cap is not None else None)


def cap_reached_on(data: dict[str, Any], currency: str | None = None) -> int | None:
    """The first day of delay (1-based) on which the running total reaches the `cap`, or None if
    it never does (bounded tiers only, or a zero rate).

    Per tier: ceil(what is left of the cap / rate) days. With `currency` (KWD/SAR), the answer
    is the day on which `daily_tiered`'s rounded lines first reach the cap, which can differ by
    a day when a rate has more decimals than the currency's minor unit.
    """
    cap = Decimal(data["cap"])
    running = Decimal(0)
    day = None
    for tier in data["tiers"]:
        first, rate = int(tier["from_day"]), Decimal(tier["rate"])
        last = tier.get("to_day")
        span = (int(last) - first + 1) if last is not None else None
        if rate > 0:
            needed = max(1, int(((cap - running) / rate).to_integral_value(rounding=ROUND_CEILING)))
            if span is None or needed <= span:
                day = first + needed - 1
                break
        if span is None:
            break
        running += rate * span
    if day is None or currency is None:
        return day
    # Rounding each line to the minor unit can move the day on which the cap is met.
    while day > 1 and _subtotal(day - 1, data, currency) >= cap:
        day -= 1
    grows = any("to_day" not in t and Decimal(t["rate"]) > 0 for t in data["tiers"])
    last_day = max(int(t.get("to_day", t["from_day"])) for t in data["tiers"])
    while _subtotal(day, data, currency) < cap:
        if not grows and day >= last_day:
            return None  # rounded down below the cap, and no later day adds anything
        day += 1
    return day


def ladder_step(offence: int, steps: list[dict[str, Any]]) -> dict[str, Any]:
    """The step for this offence number; the last step applies to every later offence."""
    ordered = sorted(steps, key=lambda s: int(s["offence"]))
    chosen = ordered[0]
    for step in ordered:
        if int(step["offence"]) <= offence:
            chosen = step
    return chosen


def prorate(annual: Decimal, months: int, currency: str) -> Decimal:
    """Annual figure × months ÷ 12, to the minor unit (D8: 650 for 3 months → 162.50)."""
    return money(annual * months / 12, currency)
