"""Month names as people write them in a date: English, Arabic Gregorian names in both the
Egyptian/Gulf form (يناير، فبراير...) and the Levantine form (كانون الثاني، شباط...), and the
Hijri (Umm al-Qura) month names in Arabic and in common English spellings.

`split_month(text, calendar)` finds one month name in already-normalised text
(engine.digits.normalise) and returns (month number, the text without it), or None.
"""
from __future__ import annotations

import re

_GREGORIAN = {
    1: ("january", "jan", "يناير", "كانون الثاني", "كانون ثاني"),
    2: ("february", "feb", "فبراير", "شباط"),
    3: ("march", "mar", "مارس", "آذار", "اذار"),
    4: ("april", "apr", "أبريل", "ابريل", "إبريل", "نيسان"),
    5: ("may", "مايو", "أيار", "ايار"),
    6: ("june", "jun", "يونيو", "يونيه", "حزيران"),
    7: ("july", "jul", "يوليو", "يوليه", "تموز"),
    8: ("august", "aug", "أغسطس", "اغسطس", "آب", "اب"),
    9: ("september", "sept", "sep", "سبتمبر", "أيلول", "ايلول"),
    10: ("october", "oct", "أكتوبر", "اكتوبر", "تشرين الأول", "تشرين اول"),
    11: ("november", "nov", "نوفمبر", "تشرين الثاني", "تشرين ثاني"),
    12: ("december", "dec", "ديسمبر", "كانون الأول", "كانون اول"),
}
_HIJRI = {
    1: ("محرم", "المحرم", "muharram", "muharam"),
    2: ("صفر", "safar"),
    3: ("ربيع الأول", "ربيع أول", "rabi al-awwal", "rabi al awwal", "rabi ul awwal", "rabi i"),
    4: ("ربيع الآخر", "ربيع الثاني", "ربيع ثاني", "rabi al-thani", "rabi al thani",
        "rabi al-akhir", "rabi ul akhir", "rabi ii"),
    5: ("جمادى الأولى", "جمادى الأول", "جمادى أولى", "jumada al-ula", "jumada al ula",
        "jumada al-awwal", "jumada i"),
    6: ("جمادى الآخرة", "جمادى الثانية", "جمادى الآخر", "jumada al-akhirah", "jumada al akhirah",
        "jumada al-thani", "jumada al thani", "jumada ii"),
    7: ("رجب", "rajab"),
    8: ("شعبان", "shaban", "sha'ban", "shaaban"),
    9: ("رمضان", "ramadan", "ramadhan"),
    10: ("شوال", "shawwal", "shawal"),
    11: ("ذو القعدة", "ذي القعدة", "ذو القعده", "dhu al-qadah", "dhu al-qidah", "dhul qadah",
         "dhu al qadah", "dhu al-qa'dah", "zul qadah"),
    12: ("ذو الحجة", "ذي الحجة", "dhu al-hijjah", "dhul hijjah", "dhu al hijjah", "zul hijjah"),
}
_FOLD = str.maketrans({"أ": "ا", "إ": "ا", "آ": "ا", "ى": "ي", "ة": "ه", "ـ": None, "'": None,
                       "’": None, "-": " "})
_MARKS = re.compile("[\u064b-\u065f\u0670]")


def fold(text: str) -> str:
    """Lower case; Arabic alef/hamza forms, alef maqsura and ta marbuta as one letter each;
    no diacritics, tatweel or apostrophes; hyphens as spaces; single spaces."""
    return " ".join(_MARKS.sub("", text).lower().translate(_FOLD).split())


def _table(names: dict[int, tuple[str, ...]]) -> list[tuple[re.Pattern[str], int]]:
    pairs = sorted(((fold(n), m) for m, ns in names.items() for n in ns), key=lambda p: -len(p[0]))
    # a name stands alone: not inside a longer word ("mar" in "march" is found as "march")
    return [(re.compile(rf"(?<![^\W\d_]){re.escape(n)}\.?(?![^\W\d_])"), m) for n, m in pairs]


_TABLES = {"gregorian": _table(_GREGORIAN), "hijri": _table(_HIJRI)}


def split_month(text: str, calendar: str) -> tuple[int, str] | None:
    """(month 1-12, `text` folded with the name replaced by a space), or None if `text` names
    no month of `calendar` ("gregorian" or "hijri")."""
    folded = fold(text)
    for pattern, month in _TABLES[calendar]:
        if match := pattern.search(folded):
            return month, folded[: match.start()] + " " + folded[match.end():]
    return None


def names_a_month(text: str) -> str | None:
    """The calendar ("gregorian" or "hijri") whose month `text` names, or None."""
    for calendar in ("gregorian", "hijri"):
        if split_month(text, calendar):
            return calendar
    return None
