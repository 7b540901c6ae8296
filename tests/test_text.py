"""Arabic and English are equals: the same keys, the same placeholders, CLDR plurals; every key
is used and every key the code asks for exists."""
import re
import string
from pathlib import Path

import pytest

from calculator import text
from calculator.forms import form_spec
from calculator.text import ar, en

ROOT = Path(__file__).resolve().parents[1]
CLDR = {"ar": {"zero", "one", "two", "few", "many", "other"}, "en": {"one", "other"}}


def placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name is not None}


def _plain(catalog: dict[str, str]) -> set[str]:
    return {k for k in catalog if not k.startswith("count.")}


def test_both_languages_have_the_same_keys():
    assert sorted(_plain(ar.TEXT) - _plain(en.TEXT)) == [], "only in ar.py"
    assert sorted(_plain(en.TEXT) - _plain(ar.TEXT)) == [], "only in en.py"


def test_plurals_have_exactly_the_cldr_categories_of_each_language():
    nouns = {k.split(".")[1] for k in en.TEXT if k.startswith("count.")}
    assert nouns == {k.split(".")[1] for k in ar.TEXT if k.startswith("count.")}
    for lang, catalog in (("ar", ar.TEXT), ("en", en.TEXT)):
        for noun in nouns:
            got = {k.split(".")[2] for k in catalog if k.startswith(f"count.{noun}.")}
            assert got == CLDR[lang], (lang, noun)


def test_every_entry_is_a_string_in_a_known_group():
    for catalog in (ar.TEXT, en.TEXT):
        for key, value in catalog.items():
            assert isinstance(value, str), key
            assert key.split(".")[0] in text.GROUPS, key


def test_placeholders_are_named_and_the_same_in_both_languages():
    for key, english in en.TEXT.items():
        if key.startswith("count."):
            continue
        names = placeholders(english)
        assert all(name and not name.isdigit() for name in names), f"positional placeholder in {key}"
        assert placeholders(ar.TEXT[key]) == names, key
    for catalog in (ar.TEXT, en.TEXT):
        for key, value in catalog.items():
            if key.startswith("count."):
                assert placeholders(value) <= {"n"}, key


def _corpus() -> str:
    catalogs = {ROOT / "calculator" / "text" / "ar.py", ROOT / "calculator" / "text" / "en.py"}
    files = [p for p in (ROOT / "calculator").rglob("*.py") if p not in catalogs]
    files += list((ROOT / "site_src").rglob("*.py")) + list((ROOT / "site_src").rglob("*.js"))
    files += list((ROOT / "calculator" / "rules").rglob("*.toml"))
    return "\n".join(p.read_text(encoding="utf-8") for p in files)


def _widget_corpus() -> str:
    return (ROOT / "site_src" / "hooks" / "widget.py").read_text(encoding="utf-8")


def _quoted(word: str, corpus: str) -> bool:
    return any(f"{q}{word}{q}" in corpus for q in "\"'`")


def _used(key: str, corpus: str) -> bool:
    if _quoted(key, corpus):
        return True
    group, _, rest = key.partition(".")
    if group == "table" and re.search(r"_w\(lang, [\"']" + re.escape(rest) + r"[\"']", corpus):
        return True
    if group == "ui" and (re.search(r"\bui\." + re.escape(rest) + r"\b", corpus)
                          or re.search(r"\bui(\.get\(|\[)[\"']" + re.escape(rest) + r"[\"']", corpus)
                          or _quoted(rest, _widget_corpus())):  # ui.get(part) for "day" …
        return True
    for family in text.DYNAMIC:
        if not key.startswith(family):
            continue
        short = family[3:] if family.startswith("ui.") else family
        if f"{short}{{" in corpus or f"{short}${{" in corpus:  # f"offence.{n}", `date.${key}`
            return True
        rest = key[len(family):]
        parts = rest.split(".")
        members = {parts[-1]} if family == "choice." else {rest, parts[0]}
        if any(_quoted(member, corpus) for member in members):
            return True
    return False


def test_every_key_is_used():
    corpus = _corpus()
    unused = sorted(k for k in en.TEXT if not _used(k, corpus))
    assert unused == []


def test_every_key_the_code_names_exists():
    corpus = _corpus()
    named = set(re.findall(r"\b(?:say|label)\((?:\w+, )?[\"']([\w.-]+)[\"'][,)]", corpus))
    named |= {"table." + k for k in re.findall(r"\b_w\(lang, [\"']([\w.-]+)[\"']", corpus)}
    assert named, "the scan found no look-ups: has the way keys are looked up changed?"
    for catalog in (ar.TEXT, en.TEXT):
        assert sorted(named - set(catalog)) == []


def test_the_unused_key_check_can_fail():
    corpus = _corpus()
    assert not _used("warn.no_such_warning_anywhere", corpus)
    assert _used("error.invalid_date", corpus) and _used("count.days.one", corpus)


def test_arabic_messages_are_written_in_arabic():
    arabic = re.compile(r"[\u0600-\u06FF]")
    for key, value in ar.TEXT.items():
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


@pytest.mark.parametrize("command", ["kw-fine", "sa-fine", "sa-renewal", "sa-ready", "kw-ready"])
def test_forms_have_the_same_fields_in_both_languages(command):
    arabic, english = form_spec(command, "ar"), form_spec(command, "en")
    assert [f["name"] for f in arabic["fields"]] == [f["name"] for f in english["fields"]]
    for a, e in zip(arabic["fields"], english["fields"]):
        assert a["label"] and e["label"] and a["label"] != e["label"]
        assert [c["value"] for c in a["choices"] or []] == [c["value"] for c in e["choices"] or []]


MONEY_IN_WORDS = re.compile(r"(KD|KWD|SAR|SR|د\.ك|دينار|ريال)\s*[0-9٠-٩]|[0-9٠-٩]\s*(KD|KWD|SAR|د\.ك|دينار|ريال)")


@pytest.mark.parametrize("module", [ar, en], ids=["ar", "en"])
def test_no_amount_is_written_into_the_wording(module):
    """Amounts come from the rules through placeholders, never typed into a message (a fee
    written into kw-ready's advice would outlive the rule that sets it)."""
    typed = {key: value for key, value in module.TEXT.items() if MONEY_IN_WORDS.search(value)}
    assert not typed, typed


def test_the_amount_check_can_fail():
    assert MONEY_IN_WORDS.search("Pay the health insurance first (KD 100 a year)")
    assert MONEY_IN_WORDS.search("(100 دينار سنويًا)")
    assert not MONEY_IN_WORDS.search("Pay {amount} a year")


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_a_command_names_a_shared_parameter_its_own_way(lang):
    """kw-renewal asks whether to include the health-insurance fee; kw-ready whether the
    insurance is valid: each error names the question its own form asked."""
    from calculator import estimate

    renewal = estimate("kw-renewal", {"residence": "private", "health-insurance": "maybe",
                                      "on": "2026-06-01"}, lang)["error"]
    ready = estimate("kw-ready", {"health-insurance": "maybe"}, lang)["error"]
    assert renewal["field"] == ready["field"] == "health-insurance"
    assert text.field_name(lang, "health-insurance", "kw-renewal") in renewal["message"]
    assert text.field_name(lang, "health-insurance") in ready["message"]
    assert renewal["message"] != ready["message"]
