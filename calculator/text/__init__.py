"""Every word the calculator shows, in Arabic and English, kept apart from the logic.

`say(lang, key, **values)` formats a message; `days(lang, n)` and friends pick the CLDR plural
category (Arabic has six: zero, one, two, few, many, other; English two).
"""
from __future__ import annotations

from decimal import Decimal

from . import ar, en

CATALOGS = {"ar": ar, "en": en}
LANGS = tuple(CATALOGS)


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


def count(lang: str, noun: str, n: int) -> str:
    """`n` with the right plural form of `noun` ("days", "months", "people")."""
    forms = CATALOGS[lang].PLURALS[noun]
    return forms[plural_category(lang, n)].format(n=n)


def say(lang: str, key: str, **values: object) -> str:
    return CATALOGS[lang].MESSAGES[key].format(**values)


def field_name(lang: str, field: str | None) -> str:
    names = CATALOGS[lang].FIELDS
    return names.get(field or "", names[""])


def choice_label(lang: str, field: str, value: str) -> str:
    return CATALOGS[lang].CHOICES[field][value]


def money_text(lang: str, amount: Decimal | str, currency: str) -> str:
    """Amount with thousands separators and the currency, the way readers of `lang` expect."""
    value = Decimal(amount)
    places = 3 if currency == "KWD" else 2
    number = f"{value:,.{places}f}"
    return CATALOGS[lang].CURRENCY[currency].format(number)


def error_message(lang: str, code: str, field: str | None, params: dict[str, object]) -> str:
    values = {"what": field_name(lang, field), **params}
    text = say(lang, "error." + code, **values)
    return text[:1].upper() + text[1:] if lang == "en" else text
