"""Arabic and English are equals: the same keys, the same placeholders, CLDR plurals."""
import re
import string

import pytest

from calculator import text
from calculator.forms import form_spec
from calculator.text import ar, en

CATALOG_PARTS = ("MESSAGES", "FIELDS", "CHOICES", "PLURALS", "FORM", "CATEGORY_LABELS",
                 "MONTH_CHOICES", "UI", "CURRENCY", "TABLE_WORDS")


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


@pytest.mark.parametrize("part", CATALOG_PARTS)
def test_both_languages_have_the_same_keys(part):
    assert set(getattr(ar, part)) == set(getattr(en, part))


def test_messages_use_the_same_placeholders_in_both_languages():
    for key, english in en.MESSAGES.items():
        assert placeholders(ar.MESSAGES[key]) == placeholders(english), key


def test_arabic_messages_are_written_in_arabic():
    arabic = re.compile(r"[\u0600-\u06FF]")
    for key, value in ar.MESSAGES.items():
        words = re.sub(r"\{[^}]*\}", "", value)
        if re.search(r"[A-Za-z\u0600-\u06FF]", words):  # skip pure layouts like "{a}: {b}"
            assert arabic.search(words), key


@pytest.mark.parametrize(("n", "category"), [
    (0, "zero"), (1, "one"), (2, "two"), (3, "few"), (10, "few"), (11, "many"), (99, "many"),
    (100, "other"), (101, "other"), (102, "other"), (103, "few"), (111, "many"), (1000, "other"),
])
def test_arabic_plural_categories_follow_cldr(n, category):
    assert text.plural_category("ar", n) == category


def test_arabic_day_counts_read_naturally():
    assert text.count("ar", "days", 1) == "يوم واحد"
    assert text.count("ar", "days", 2) == "يومان"
    assert text.count("ar", "days", 5) == "5 أيام"
    assert text.count("ar", "days", 45) == "45 يومًا"
    assert text.count("en", "days", 1) == "1 day"
    assert text.count("en", "days", 45) == "45 days"


def test_money_is_formatted_for_each_language():
    assert text.money_text("en", "1200", "KWD") == "KD 1,200.000"
    assert text.money_text("ar", "162.5", "SAR") == "162.50 ريال"


@pytest.mark.parametrize("command", ["kw-fine", "sa-fine", "sa-renewal", "sa-ready"])
def test_forms_have_the_same_fields_in_both_languages(command):
    arabic, english = form_spec(command, "ar"), form_spec(command, "en")
    assert [f["name"] for f in arabic["fields"]] == [f["name"] for f in english["fields"]]
    for a, e in zip(arabic["fields"], english["fields"]):
        assert a["label"] and e["label"] and a["label"] != e["label"]
        assert [c["value"] for c in a["choices"] or []] == [c["value"] for c in e["choices"] or []]
