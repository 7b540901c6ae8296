"""Normalise what people type: Eastern Arabic / Persian digits, Arabic separators, bidi marks.

Only the copy handed to the parser is normalised; the caller keeps what the user typed.
"""
from __future__ import annotations

_DIGITS = {ord(c): str(i) for i, c in enumerate("٠١٢٣٤٥٦٧٨٩")}
_DIGITS.update({ord(c): str(i) for i, c in enumerate("۰۱۲۳۴۵۶۷۸۹")})
_SEPARATORS = {ord("٫"): ".", ord("٬"): ",", ord("،"): ",", ord("／"): "/", ord("－"): "-"}
# Bidi controls and marks that copy-paste from RTL text carries along invisibly.
_INVISIBLE = {ord(c): None for c in "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e"
              "\u2066\u2067\u2068\u2069\u200b\ufeff"}
_TABLE = {**_DIGITS, **_SEPARATORS, **_INVISIBLE}


def normalise(text: str) -> str:
    """Return `text` with ASCII digits and separators, no bidi marks, trimmed."""
    return text.translate(_TABLE).strip()
