"""Whole numbers typed by people (days late, offence number, dependants), with clear limits."""
from __future__ import annotations

import re

from .digits import normalise
from .errors import CalcError

_NUMBER = re.compile(r"^[+-]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?$")


def parse_whole(text: str, field: str, maximum: int, minimum: int = 0) -> int:
    clean = normalise(text).replace(" ", "")
    if not _NUMBER.match(clean):
        raise CalcError("not_a_number", field)
    value_text = clean.replace(",", "")
    whole, _, fraction = value_text.partition(".")
    if fraction.strip("0"):
        raise CalcError("not_whole", field)
    value = int(whole)
    if value < minimum:
        raise CalcError("negative" if minimum == 0 else "too_small", field, min=minimum)
    if value > maximum:
        raise CalcError("too_large", field, max=maximum)
    return value
