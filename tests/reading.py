"""What a reader must never see in reader-facing text (issue 14): an ISO date (2025-06-01), a
snake_case id (berwaz_192649, entry_visa), or a Latin «;» or «,» inside Arabic. Shared by
tests/test_reading.py (CLI text of every case file) and tests/browser/test_rendered_text.py (the
widget's results and every built page)."""
from __future__ import annotations

import re

ISO_DATE = re.compile(r"(?<![\d/])\d{4}-\d{2}-\d{2}(?![\d/])")
SNAKE_ID = re.compile(r"\b[a-z][a-z0-9]*_[a-z0-9_]+\b")
URL = re.compile(r"<?https?://\S+")
# a Latin semicolon or comma inside Arabic: Arabic on one side, Arabic or a digit on the other
# (spaces, no-break spaces, isolates between); "(رقم مرجع الداخلية, also ...)" in English is fine
_GAP = r"[\s\u00a0\u2068\u2069]*"
LATIN_PUNCT_IN_ARABIC = re.compile(
    rf"[\u0621-\u064A]{_GAP}[;,]{_GAP}[\u0621-\u064A\d\u0660-\u0669]"
    rf"|[\u0621-\u064A\d\u0660-\u0669]{_GAP}[;,]{_GAP}[\u0621-\u064A]")


def problems(text: str) -> list[str]:
    """Each code word or Latin punctuation mark in `text`, with what surrounds it."""
    text = URL.sub(" ", text)
    found = []
    for name, pattern in (("ISO date", ISO_DATE), ("snake_case id", SNAKE_ID),
                          ("Latin punctuation in Arabic", LATIN_PUNCT_IN_ARABIC)):
        for match in pattern.finditer(text):
            around = text[max(0, match.start() - 40): match.end() + 40].replace("\n", " | ")
            found.append(f"{name} {match.group(0)!r}: …{around}…")
    return found
