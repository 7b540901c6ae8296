"""Every word the calculator and the site show, in Arabic and English, kept apart from the logic.

HOW TO ADD OR CHANGE A KEY (read this before touching ar.py / en.py)
- Each language is ONE flat dict, `TEXT` in ar.py and en.py: key -> template string. No nested
  dicts, tuples or lists. Add the key to BOTH files, in the group it belongs to.
- Keys are dotted, `group.name[.part]`; the group says what the text is (see GROUPS below).
  One key per concept: before adding, search both files for a key that already says it.
- Placeholders are named only: "{total} for {days}", never "{}" or "{0}". Both languages must use
  the same names (tests/test_text.py checks keys, placeholders and that every key is used).
- Plurals: `count.<noun>.<category>` with CLDR categories: Arabic zero/one/two/few/many/other,
  English one/other. Call `count(lang, "<noun>", n)`; the noun must appear as a string in code.
- Keys built at run time (`"error." + code`, `f"check.{code}"`) belong to a family listed in
  DYNAMIC: the test counts such a key as used when its last part appears quoted in the code or the
  rules. Any other key must appear literally (quoted) in calculator/ or site_src/.
- Look a key up with `say(lang, key, **values)`; a missing key raises KeyError (never a fallback).
- Run `python -m pytest tests/test_text.py` after editing.

`say(lang, key, **values)` formats a message; `count(lang, noun, n)` picks the CLDR plural
category; `money_text` is the one money formatter (calculator, CLI, widget and pages).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from ..engine.dates import hijri_parts
from . import ar, en

CATALOGS: dict[str, dict[str, str]] = {"ar": ar.TEXT, "en": en.TEXT}
LANGS = tuple(CATALOGS)

# What each key group holds. A key's group is the part before its first dot.
GROUPS = {
    "money": "an amount with its currency ({amount})",
    "count": "a number with the plural form of a noun ({n})",
    "field": "a parameter named inside a sentence (error messages)",
    "choice": "the label of one choice of a parameter: choice.<param>.<value>",
    "form": "a form field's label and hint: form.<param>.label / form.<param>.hint",
    "error": "an error message, one per CalcError code",
    "headline": "a result's one-line summary",
    "line": "one line of a result's breakdown",
    "offence": "an offence number in running text; capitalised, the label of the choice",
    "assume": "an assumption the estimate makes",
    "warn": "a warning shown with a result",
    "next": "a next step",
    "check": "a renewal condition, as a statement",
    "check_no": "the same condition when the answer given blocks renewal, as a statement of fact",
    "fix": "what to do when a renewal condition blocks renewal",
    "rule": "a rule value described in words",
    "confidence": "a confidence level (high, medium, low)",
    "ui": "a word of the interface (the widget, the result and the page tables)",
    "month": "a month name, month.1 to month.12",
    "table": "a word of the guide pages' tables and figures",
    "date": "a written date ({day} {month} {year}); date.hijri: a Hijri (Umm al-Qura) one",
    "hijri_month": "a Hijri (Umm al-Qura) month name, hijri_month.1 to hijri_month.12",
    "sep": "the separator between items of a list",
    "list_sep": "the separator between short items (numbers, names)",
    "list_or": "the last of several choices ({items} or {last})",
    "reminder": "the words of a calendar reminder (calculator.reminder): <country>.<event>.<part>",
}
# Families whose keys are built at run time from a code or a value (see the note above).
DYNAMIC = ("error.", "check.", "check_no.", "fix.", "assume.", "warn.", "next.", "offence.", "count.", "choice.", "field.", "form.",
           "confidence.", "money.", "month.", "hijri_month.", "ui.date.", "ui.check.", "ui.confidence.", "ui.submit.")


def plural_category(lang: str, n: int) -> str:
    """CLDR plural category of the whole number `n`."""
    if lang == "ar":
        if n == 0:
            return "zero"
        if n == 1:
            return "one"
        if n == 2:
            return "two"
        if 3 <= n % 100 <= 10:
            return "few"
        if 11 <= n % 100 <= 99:
            return "many"
        return "other"
    return "one" if n == 1 else "other"


def say(lang: str, key: str, **values: object) -> str:
    """The text of `key` in `lang` with its named placeholders filled. KeyError if missing."""
    return CATALOGS[lang][key].format(**values)


def has(lang: str, key: str) -> bool:
    return key in CATALOGS[lang]


def label(lang: str, key: str, **values: object) -> str:
    """`say`, with the first letter capitalised (a label or a heading made from running text)."""
    words = say(lang, key, **values)
    return words[:1].upper() + words[1:]


def group(lang: str, prefix: str) -> dict[str, str]:
    """Every key starting with `prefix`, without it: group("en", "ui.") -> {"loading": …}."""
    return {k[len(prefix):]: v for k, v in CATALOGS[lang].items() if k.startswith(prefix)}


def count(lang: str, noun: str, n: int) -> str:
    """`n` with the right plural form of `noun` ("days", "months", "people", "conditions")."""
    return say(lang, f"count.{noun}.{plural_category(lang, n)}", n=n)


def field_name(lang: str, field: str | None, command: str | None = None) -> str:
    """A parameter's name inside a sentence; "this value" for an unknown or missing one.
    A command that asks a shared parameter differently names it its own way
    (`field.<command>.<field>`: kw-renewal's health-insurance is "include the fee?")."""
    for key in ((f"field.{command}.{field}",) if command else ()) + (f"field.{field}",):
        if field and has(lang, key):
            return say(lang, key)
    return say(lang, "field.any")


def choice_label(lang: str, field: str, value: str) -> str:
    return say(lang, f"choice.{field}.{value}")


def money_text(lang: str, amount: Decimal | int | str, currency: str, *, trim: bool = False) -> str:
    """Amount with thousands separators and the currency, the way readers of `lang` expect:
    "KD 1,200.000", "162.50 ريال" (KWD 3 decimals, SAR 2). `trim=True` drops the decimals of a
    whole amount ("KD 1,200"), for prose and tables."""
    value = Decimal(amount)
    places = 3 if currency == "KWD" else 2
    if trim and value == value.to_integral_value():
        number = f"{int(value):,}"
    else:
        number = f"{value:,.{places}f}"
    return say(lang, f"money.{currency}", amount=number)


# A written date is one unit in any sentence: first-strong isolate ... pop directional isolate
# around it (it never reads backwards inside text of the other direction; the widget renders
# it as <bdi>), no-break spaces between its parts (it never wraps). `plain` removes the isolates.
FSI, PDI = "\u2068", "\u2069"
NBSP = "\u00a0"


def date_text(lang: str, day: dt.date, calendar: str = "gregorian") -> str:
    """A date as people write it: "1 June 2025", "1 يونيو 2025"; calendar="hijri": the Umm
    al-Qura date, "5 Dhu al-Hijjah 1446 AH", "5 ذو الحجة 1446 هـ" (None-safe: a day beyond the
    Umm al-Qura table falls back to the Gregorian date). Isolated, never wrapping (see above)."""
    if calendar == "hijri":
        parts = hijri_parts(day)
        if parts is not None:
            year, month, number = parts
            words = say(lang, "date.hijri", day=number, month=say(lang, f"hijri_month.{month}"), year=year)
            return FSI + words.replace(" ", NBSP) + PDI
    words = say(lang, "date", day=day.day, month=say(lang, f"month.{day.month}"), year=day.year)
    return FSI + words.replace(" ", NBSP) + PDI


def plain(words: str) -> str:
    """`words` without the isolates date_text puts around dates (for a terminal)."""
    return words.replace(FSI, "").replace(PDI, "")


def or_list(lang: str, items: list[object] | tuple[object, ...]) -> str:
    """"12 or 24" / "12، 24 أو 36": the choices of a list, the last one after "or", separated
    the way `lang` separates (list_sep: "، " in Arabic)."""
    words = [str(item) for item in items]
    if len(words) < 2:
        return "".join(words)
    return say(lang, "list_or", items=say(lang, "list_sep").join(words[:-1]), last=words[-1])


def _written(lang: str, value: object) -> object:
    """An ISO date among an error's parameters, written as people write it; others unchanged."""
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return date_text(lang, dt.date.fromisoformat(value))
        except ValueError:
            return value
    return value


def error_message(lang: str, code: str, field: str | None, params: dict[str, object],
                  command: str | None = None) -> str:
    """An error's one-line message; list parameters read as choices ("12 or 24")."""
    values = {"what": field_name(lang, field, command),
              **{k: or_list(lang, v) if isinstance(v, (list, tuple)) else _written(lang, v)
                 for k, v in params.items()}}
    return label(lang, "error." + code, **values) if lang == "en" else say(lang, "error." + code, **values)
