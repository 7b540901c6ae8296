"""Every figure on the pages equals what the rules and the calculator give.

The expectations are computed here from `load_rulebook()` and `calculator.estimate`, with
formatting written out independently of site_src/pages/: if the renderer picked the
wrong value, the wrong tier or the wrong date, these tests see a different string.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path

import pytest

from calculator import estimate
from calculator.kuwait import CATEGORIES

DOCS = Path(__file__).resolve().parents[2] / "docs"
TODAY = dt.date.today()
OLD = dt.date(2024, 12, 31)
MONTHS = {"en": ["January", "February", "March", "April", "May", "June", "July", "August",
                 "September", "October", "November", "December"],
          "ar": ["يناير", "فبراير", "مارس", "أبريل", "مايو", "يونيو", "يوليو", "أغسطس", "سبتمبر",
                 "أكتوبر", "نوفمبر", "ديسمبر"]}


def money(amount, unit: str, lang: str) -> str:
    value = Decimal(str(amount))
    places = 3 if unit == "KWD" else 2
    number = f"{int(value):,}" if value == value.to_integral_value() else f"{value:,.{places}f}"
    if lang == "en":
        return f"{'KD' if unit == 'KWD' else 'SAR'} {number}"
    return f"{number} {'د.ك' if unit == 'KWD' else 'ريال'}"


def date(day: dt.date, lang: str) -> str:
    return f"{day.day} {MONTHS[lang][day.month - 1]} {day.year}"


def cap_day(category: str) -> int:
    """First day of delay the calculator reports as capped (linear search: slow and obvious)."""
    for days in range(1, 5000):
        r = estimate("kw-fine", {"category": category, "days-late": str(days), "on": TODAY.isoformat()})
        if r["status"] == "capped":
            return days
    raise AssertionError(f"{category}: never capped")


def days(n: int, lang: str) -> str:
    """A count of days as the pages write it (Arabic: CLDR's "many" form for n % 100 in 11..99)."""
    if lang == "en":
        return f"{n} days"
    assert 11 <= n % 100 <= 99, "only the forms these pages use are written out here"
    return f"{n} يومًا"


def renewal(params: dict, code: str) -> Decimal:
    r = estimate("sa-renewal", {"on": TODAY.isoformat(), **params})
    return next(Decimal(line["amount"]) for line in r["lines"] if line["code"] == code)


# -- tables ---------------------------------------------------------------------------


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_kuwait_fines_table_matches_the_rules(pages, book, lang):
    rows = pages[(lang, "kuwait/fines/")].tables["kw-fines"]
    assert rows[0][0] in ("Violation", "المخالفة")
    body = rows[1:]
    assert len(body) == len(CATEGORIES)
    for row, (category, rule_id) in zip(body, CATEGORIES.items()):
        rule = book.rule(rule_id)
        value = rule.value_on(TODAY)
        label, rate, cap, day, law = row
        assert label == rule.label[lang]
        for tier in value.data["tiers"]:
            assert money(tier["rate"], rule.unit, lang) in rate, (rule_id, rate)
            if "to_day" in tier:
                assert str(tier["to_day"]) in rate
        assert cap == money(value.data["cap"], rule.unit, lang)
        assert day == f"{cap_day(category):,}"
        assert law == rule.law[lang]


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_kuwait_old_regime_table_matches_the_rules(pages, book, lang):
    rows = pages[(lang, "kuwait/fines/")].tables["kw-fines-old"][1:]
    for row, rule_id in zip(rows, CATEGORIES.values()):
        rule = book.rule(rule_id)
        assert row[0] == rule.label[lang]
        known = [v for v in rule.values if v.effective <= OLD]
        if not known:
            assert row[2] in ("not published", "غير منشور"), row
            continue
        data = known[-1].data
        assert money(data["tiers"][0]["rate"], rule.unit, lang) in row[1]
        if data.get("cap_not_published"):
            assert row[2] in ("not published", "غير منشور")
        else:
            assert row[2] == money(data["cap"], rule.unit, lang)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_kuwait_examples_are_the_calculator_s(pages, lang):
    rows = pages[(lang, "kuwait/calculator/")].tables["kw-residence-examples"][1:]
    assert len(rows) >= 5
    for days, amount in rows:
        r = estimate("kw-fine", {"category": "residence", "days-late": days.replace(",", ""),
                                 "on": TODAY.isoformat()})
        assert amount.startswith(money(r["total"], "KWD", lang)), (days, amount, r["total"])


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_saudi_fine_table_matches_the_rules(pages, book, lang):
    rule = book.rule("sa.late_renewal_fine")
    steps = rule.value_on(TODAY).data["steps"]
    for key in ("saudi/late-fine/", "saudi/calculator/"):
        rows = pages[(lang, key)].tables["sa-fine"][1:]
        assert len(rows) == len(steps)
        for row, step in zip(rows, steps):
            if step.get("deportation"):
                assert ("deportation" in row[1]) or ("الإبعاد" in row[1])
            else:
                assert row[1] == money(step["amount"], "SAR", lang)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_saudi_renewal_tables_are_the_calculator_s(pages, book, lang):
    periods = book.rule("sa.renewal_periods").value_on(TODAY).data
    rows = pages[(lang, "saudi/costs/")].tables["sa-renewal-private"]
    assert len(rows[0]) == 1 + len(periods["worker"])
    codes = [("expat-majority", "sa.iqama_fee"), ("expat-majority", "sa.work_permit_fee"),
             ("expat-majority", "sa.expat_levy"), ("saudi-majority", "sa.expat_levy"),
             ("expat-majority", "sa.dependents_levy")]
    for row, (establishment, code) in zip(rows[1:], codes):
        for cell, months in zip(row[1:], periods["worker"]):
            amount = renewal({"worker": "private", "months": str(months), "dependents": "1",
                              "establishment": establishment}, code)
            assert cell == money(amount, "SAR", lang), (code, months)
    # the annual column is the rule's own yearly amount
    assert rows[1][-1] == money(book.rule("sa.iqama_fee").value_on(TODAY).data["amount"], "SAR", lang)
    domestic = pages[(lang, "saudi/costs/")].tables["sa-renewal-domestic"]
    for row, code in zip(domestic[1:], ("sa.domestic_iqama_fee", "sa.domestic_above_limit_levy")):
        for cell, months in zip(row[1:], periods["domestic"]):
            amount = renewal({"worker": "domestic", "months": str(months), "above-limit": "yes"}, code)
            assert cell == money(amount, "SAR", lang)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_sources_page_lists_every_rule_value(pages, book, lang):
    rows = pages[(lang, "sources/")].tables["rules"][1:]
    assert len(rows) == sum(len(r.values) for r in book.rules())
    for rule in book.rules():
        for value in rule.values:
            assert any(row[0] == rule.label[lang] and row[2] == date(value.effective, lang)
                       for row in rows), (rule.id, value.effective)


# -- inline figures --------------------------------------------------------------------


def expected_figure(ref: str, lang: str, book) -> str | None:
    """The text a `{{ fig:ref }}` must show, from the rules (None: not checked here)."""
    ref, _, when = ref.partition("@")
    day = dt.date.fromisoformat(when) if when else TODAY
    if ref == "last_verified":
        return date(max(v.last_verified for r in book.rules() for v in r.values), lang)
    rule_id, _, field = ref.rpartition(".")
    rule = book.rule(rule_id)
    value = rule.value_on(day)
    data = value.data
    simple = {
        "rate": lambda: money(data["tiers"][0]["rate"], rule.unit, lang),
        "rate2": lambda: money(data["tiers"][1]["rate"], rule.unit, lang),
        "cap": lambda: money(data["cap"], rule.unit, lang),
        "amount": lambda: money(data["amount"], rule.unit, lang),
        "first": lambda: money(data["steps"][0]["amount"], rule.unit, lang),
        "second": lambda: money(data["steps"][1]["amount"], rule.unit, lang),
        "expat_majority": lambda: money(data["rates"]["expat_majority"], rule.unit, lang),
        "saudi_majority": lambda: money(data["rates"]["saudi_majority"], rule.unit, lang),
        "first_month": lambda: str(data["tiers"][0]["to_day"]),
        "second_tier_day": lambda: str(data["tiers"][1]["from_day"]),
        "grace_days": lambda: str(data["grace_days"]),
        "days_before": lambda: days(data["days_before"], lang),
        "effective": lambda: date(value.effective, lang),
        "last_verified": lambda: date(value.last_verified, lang),
        "cap_day": lambda: f"{cap_day(next(c for c, r in CATEGORIES.items() if r == rule_id)):,}",
        "annual": lambda: money(renewal({"worker": "private", "months": "12", "dependents": "1",
                                         "establishment": "expat-majority"}, rule_id), "SAR", lang),
    }
    return simple[field]() if field in simple else None


def test_every_inline_figure_matches_the_rules(pages, book):
    checked = 0
    for (lang, key), page in pages.items():
        for ref, shown in page.figures:
            expected = expected_figure(ref, lang, book)
            if expected is not None:
                assert shown == expected, (lang, key, ref)
                checked += 1
    assert checked > 100


def test_the_kuwait_cap_day_is_where_the_calculator_caps(pages):
    shown = dict(pages[("en", "kuwait/")].figures)["kw.residence.cap_day"]
    day = int(shown.replace(",", ""))
    before = estimate("kw-fine", {"category": "residence", "days-late": str(day - 1), "on": TODAY.isoformat()})
    at = estimate("kw-fine", {"category": "residence", "days-late": str(day), "on": TODAY.isoformat()})
    assert before["status"] == "fined" and at["status"] == "capped"


def test_the_saudi_fine_starts_where_the_calculator_says(pages, book):
    grace = book.rule("sa.late_renewal_fine").value_on(TODAY).data["grace_days"]
    shown = dict(pages[("en", "saudi/late-fine/")].figures)["sa.late_renewal_fine.first_fined_day"]
    day = int(shown)
    before = estimate("sa-fine", {"days-late": str(day - 1), "on": TODAY.isoformat()})
    at = estimate("sa-fine", {"days-late": str(day), "on": TODAY.isoformat()})
    assert before["status"] != "fined" and at["status"] == "fined"
    assert day == grace  # D3: from `grace` days past expiry


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_check_page_says_when_a_work_permit_can_be_renewed(pages, book, lang):
    """S6 / issue 12: the Saudi look-up guide gives the work permit's window from the rules."""
    value = book.rule("sa.work_permit_window").value_on(TODAY)
    shown = dict(pages[(lang, "saudi/check/")].figures)
    assert shown["sa.work_permit_window.days_before"] == days(value.data["days_before"], lang)


# -- the Markdown holds no figure --------------------------------------------------------

MONEY_BY_HAND = re.compile(r"(KD|SAR|KWD|SR|د\.ك|دينار|ريال)\s*[0-9٠-٩][0-9٠-٩,.]*|[0-9٠-٩][0-9٠-٩,.]*\s*(KD|SAR|KWD|د\.ك|دينار|ريال)")


def test_no_amount_is_typed_by_hand_in_the_pages():
    for md in DOCS.rglob("*.md"):
        for n, line in enumerate(md.read_text(encoding="utf-8").splitlines(), 1):
            found = MONEY_BY_HAND.search(line)
            assert not found, f"{md.relative_to(DOCS)}:{n}: {found.group(0)!r} - use {{{{ fig:… }}}}"


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_sources_page_gives_each_title_in_its_language(pages, book, lang):
    """Issue 14: the built Sources page names every source by its title in the page's language
    (Arabic script on the Arabic page, never the English title) beside the publisher's name as
    the publisher writes it."""
    from test_source_titles import arabic_title, english_title

    fits, other = (arabic_title, "en") if lang == "ar" else (english_title, "ar")
    rows = pages[(lang, "sources/")].tables["sources"][1:]
    assert len(rows) == len(book.sources)
    for row, (source_id, source) in zip(rows, sorted(book.sources.items())):
        title, publisher = row[1], row[2]
        assert title.startswith(source.title[lang]) and fits(source.title[lang]), (lang, source_id, title)
        assert source.title[other] not in title, (lang, source_id)
        assert publisher == source.publisher, (lang, source_id)
