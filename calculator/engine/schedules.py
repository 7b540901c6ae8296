"""Schedule evaluators: pure arithmetic on rule data, no wording, no dates.

Each returns the pieces the explanation needs, so the lines always add up to the total.
"""
from __future__ import annotations

from decimal import Decimal
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


def daily_tiered(days: int, data: dict[str, Any], currency: str) -> TieredResult:
    """Per-day rates by day of delay (`tiers`: from_day, to_day?, rate) with an optional `cap`."""
    parts = []
    for tier in data["tiers"]:
        first = int(tier["from_day"])
        last = min(days, int(tier.get("to_day", days)))
        if last >= first:
            count = last - first + 1
            rate = Decimal(tier["rate"])
            parts.append(TierPart(first, last, count, rate, money(rate * count, currency)))
    subtotal = sum((p.amount for p in parts), Decimal(0))
    cap = Decimal(data["cap"]) if "cap" in data else None
    total = min(subtotal, cap) if cap is not None else subtotal
    return TieredResult(tuple(parts), subtotal, cap, money(total, currency),
                        cap_reached_on(data) if cap is not None else None)


def cap_reached_on(data: dict[str, Any]) -> int:
    """The first day of delay on which the running total reaches the cap."""
    cap = Decimal(data["cap"])
    running = Decimal(0)
    for tier in data["tiers"]:
        first, rate = int(tier["from_day"]), Decimal(tier["rate"])
        last = tier.get("to_day")
        span = (int(last) - first + 1) if last is not None else None
        needed = -(-(cap - running) // rate)  # ceiling division
        if span is None or needed <= span:
            return first + int(needed) - 1
        running += rate * span
    raise ValueError("cap never reached")


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
