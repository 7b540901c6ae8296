"""Normalise what people type: Eastern Arabic / Persian digits, Arabic separators, invisible
characters and unusual spaces.

Only the copy handed to the parser is normalised; the caller keeps what the user typed.
"""
from __future__ import annotations

import unicodedata

_DIGITS = {ord(c): str(i) for i, c in enumerate("٠١٢٣٤٥٦٧٨٩")}
_DIGITS.update({ord(c): str(i) for i, c in enumerate("۰۱۲۳۴۵۶۷۸۹")})
_SEPARATORS = {ord("٫"): ".", ord("٬"): ",", ord("،"): ",", ord("／"): "/", ord("－"): "-",
               ord("‐"): "-", ord("‑"): "-", ord("‒"): "-", ord("–"): "-", ord("—"): "-"}
_TABLE = {**_DIGITS, **_SEPARATORS}


def _visible(char: str) -> str:
    """"" for a Unicode format character (Cf: bidi and zero-width marks, word joiner, soft
    hyphen, BOM), " " for any space or line break, the character itself otherwise."""
    if char.isascii():
        return " " if char.isspace() else char
    if char.isspace():
        return " "
    return "" if unicodedata.category(char) == "Cf" else char


def normalise(text: str) -> str:
    """`text` with ASCII digits and separators, no format characters (U+200E/F, U+200C/D,
    U+2060, U+00AD, U+FEFF...), every space (no-break, thin, ideographic...) as one ASCII
    space, trimmed."""
    visible = "".join(_visible(c) for c in text.translate(_TABLE))
    return " ".join(visible.split())
