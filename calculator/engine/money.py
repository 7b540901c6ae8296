"""Money as Decimal, quantised to the currency's minor unit (D6). Never float.

Rounding rule: ROUND_HALF_UP to the minor unit (KWD 3 decimals = fils, SAR 2 = halala), applied
once per line; the total is the exact sum of the quantised lines.
"""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

MINOR_UNIT = {"KWD": Decimal("0.001"), "SAR": Decimal("0.01")}


def money(amount: Decimal | int | str, currency: str) -> Decimal:
    return Decimal(amount).quantize(MINOR_UNIT[currency], rounding=ROUND_HALF_UP)


def as_string(amount: Decimal, currency: str) -> str:
    """The JSON form: a plain decimal string with the currency's decimals, e.g. "120.000"."""
    return str(money(amount, currency))
