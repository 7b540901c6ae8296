"""Next steps and warnings fit the reader: who they are (category) and where they stand (status).

A visitor has no civil ID and pays at Residency Affairs (kuwaitlocal_2016_visit), a domestic
worker's sponsor acts for them (kuwaitmart_renewal), a newborn is registered, a deportation case
is never told to renew (D3), a still-valid permit gets the days left and the day renewal opens
(D13). Checked in both languages, on the real results.
"""
from __future__ import annotations

import datetime as dt
import re
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from calculator import estimate, load_rulebook  # noqa: E402
from calculator.kuwait import CATEGORIES, DOMESTIC  # noqa: E402
from calculator.kw_renewal import RESIDENCES  # noqa: E402
from calculator.text import date_text  # noqa: E402

LANGS = ("en", "ar")
ARABIC = re.compile(r"[\u0600-\u06FF]")
CIVIL_ID = re.compile(r"civil\s*id|الرقم المدني|البطاقة المدنية|رقمك المدني|بالرقم المدني", re.I)
RENEW_WORDS = {"en": re.compile(r"\brenew", re.I), "ar": re.compile(r"جدّد|جدد|تجديد|يجدد")}
TEXT_FIELDS = ("headline", "lines", "assumptions", "warnings", "next_steps")
URL = re.compile(r"^(https://[a-z0-9.-]+/|[a-z0-9-]+(/[a-z0-9-]+)*/)$")


def texts(result: dict) -> list[str]:
    out = [result["headline"]]
    for key in TEXT_FIELDS[1:]:
        out += [item["text"] for item in result[key]]
    return out


def steps(result: dict) -> list[str]:
    assert "error" not in result, result
    return [s["code"] for s in result["next_steps"]]


# ---- who the reader is --------------------------------------------------------------------

def late_fine(category: str, lang: str, days: str = "45") -> dict:
    return estimate("kw-fine", {"category": category, "days-late": days, "on": "2026-06-01"}, lang)


def expected_kw_fine_steps(category: str) -> str:
    if category == "visit":
        return "kw.visit_pay"
    if category == "newborn":
        return "kw.newborn"
    if category in DOMESTIC:
        return "kw.domestic_sponsor"
    return "kw.lookup"


@pytest.mark.parametrize("category", CATEGORIES)
def test_each_kw_fine_category_has_its_own_first_step(category: str) -> None:
    for lang in LANGS:
        result = late_fine(category, lang)
        assert steps(result)[0] == expected_kw_fine_steps(category)


RENEWAL_FIRST = {"private": "kw.employer_renews", "domestic": "kw.domestic_sponsor_renew",
                 "family": "kw.family_sponsor_renews", "government": "kw.government_online"}


def renewal(residence: str, lang: str, **extra: str) -> dict:
    params = {"residence": residence, "on": "2026-06-01", **extra}
    if residence == "domestic":
        params.setdefault("sponsor", "expat")
    if residence == "family":
        params.setdefault("relation", "spouse_child")
    return estimate("kw-renewal", params, lang)


@pytest.mark.parametrize("residence", RESIDENCES)
def test_each_residence_says_who_renews(residence: str) -> None:
    for lang in LANGS:
        codes = steps(renewal(residence, lang))
        assert codes[0] == RENEWAL_FIRST.get(residence, "kw.channel_not_published"), codes
        assert "kw.debts_first" in codes


@pytest.mark.parametrize("command, params", [
    *[("kw-fine", {"category": c, "days-late": "45", "on": "2026-06-01"}) for c in CATEGORIES],
    *[("kw-fine", {"category": c, "expired": "2026-09-01", "on": "2026-06-01"}) for c in CATEGORIES],
    *[("kw-renewal", {"residence": r, "on": "2026-06-01",
                      **({"sponsor": "kuwaiti"} if r == "domestic" else {}),
                      **({"relation": "other"} if r == "family" else {})}) for r in RESIDENCES],
    ("sa-fine", {"days-late": "10", "offence": "1", "on": "2026-06-01"}),
    ("sa-fine", {"days-late": "10", "offence": "3", "on": "2026-06-01"}),
    ("sa-fine", {"expired": "2026-12-01", "on": "2026-06-01"}),
    ("sa-renewal", {"months": "12", "on": "2026-06-01"}),
    ("sa-renewal", {"worker": "domestic", "months": "12", "on": "2026-06-01"}),
])
def test_next_steps_in_both_languages_with_a_link(command: str, params: dict) -> None:
    en, ar = (estimate(command, dict(params), lang) for lang in LANGS)
    assert steps(en) == steps(ar) and steps(en), "same steps, in both languages"
    for e, a in zip(en["next_steps"], ar["next_steps"]):
        assert e["text"].strip() and ARABIC.search(a["text"]), (e, a)
        assert e["text"] != a["text"]
        assert URL.match(e.get("url", "")), f"{e['code']}: every next step carries a link"
        assert e.get("url") == a.get("url")


# ---- a visitor has no civil ID ------------------------------------------------------------

@pytest.mark.parametrize("params", [
    {"days-late": "1"}, {"days-late": "45"}, {"days-late": "250"},
    {"expired": "2026-06-20"}, {"expired": "2026-06-01"}, {"expired": "2026-05-02"},
])
@pytest.mark.parametrize("lang", LANGS)
def test_a_visitor_is_never_sent_to_a_civil_id(params: dict, lang: str) -> None:
    result = estimate("kw-fine", {"category": "visit", "on": "2026-06-01", **params}, lang)
    assert "error" not in result
    for text in texts(result):
        assert not CIVIL_ID.search(text), text
    if result["status"] != "valid":
        assert "kw.visit_pay" in steps(result)
        assert "kw.visit_ban" in [w["code"] for w in result["warnings"]]


def test_the_civil_id_pattern_finds_the_words() -> None:
    """The check above would catch the residents' step, in both languages."""
    for lang in LANGS:
        resident = late_fine("residence", lang)
        assert any(CIVIL_ID.search(t) for t in texts(resident))


# ---- a deportation case is never told to renew ---------------------------------------------

@pytest.mark.parametrize("offence", ["3", "4", "٣", "12"])
@pytest.mark.parametrize("lang", LANGS)
def test_deportation_never_advises_renewing(offence: str, lang: str) -> None:
    result = estimate("sa-fine", {"days-late": "10", "offence": offence, "on": "2026-06-01"}, lang)
    assert result["status"] == "deportation" and result["deportation"] is True
    codes = steps(result)
    assert not {"sa.renew", "sa.pay", "sa.early", "sa.ready"} & set(codes)
    assert "sa.deportation_contact" in codes
    for step in result["next_steps"]:
        assert not RENEW_WORDS[lang].search(step["text"]), step["text"]
    assert not RENEW_WORDS[lang].search(result["headline"])


def test_the_renew_pattern_finds_the_words() -> None:
    for lang in LANGS:
        second = estimate("sa-fine", {"days-late": "10", "offence": "2", "on": "2026-06-01"}, lang)
        assert any(RENEW_WORDS[lang].search(s["text"]) for s in second["next_steps"])


# ---- a still-valid permit: days left and the day renewal opens ------------------------------

@pytest.mark.parametrize("lang", LANGS)
def test_saudi_renewal_says_who_renews(lang: str) -> None:
    """A company's worker: the employer renews (Absher Business / Muqeem, the work permit on
    Qiwa first); a domestic worker: the household sponsoring the worker renews on Absher
    Individuals. Neither is told the other's channel."""
    worker = estimate("sa-renewal", {"months": "12", "on": "2026-06-01"}, lang)
    domestic = estimate("sa-renewal", {"worker": "domestic", "months": "12", "on": "2026-06-01"}, lang)
    assert "sa.renew_employer" in steps(worker) and "sa.renew_household" not in steps(worker)
    assert "sa.renew_household" in steps(domestic) and "sa.renew_employer" not in steps(domestic)
    employer_text = next(s["text"] for s in worker["next_steps"] if s["code"] == "sa.renew_employer")
    household_text = next(s["text"] for s in domestic["next_steps"] if s["code"] == "sa.renew_household")
    assert ("Qiwa" if lang == "en" else "قوى") in employer_text
    assert ("Absher Individuals" if lang == "en" else "أبشر أفراد") in household_text


def test_kuwait_still_valid_gives_days_left_and_the_window() -> None:
    for lang in LANGS:
        result = estimate("kw-fine", {"category": "residence", "expired": "2026-09-15",
                                      "on": "2026-06-01"}, lang)
        assert result["status"] == "valid" and result["days_remaining"] == 106
        assert result["dates"]["renewal_opens"]["gregorian"] == "2026-07-15"
        assert "kw.window" in steps(result)
        assert any(date_text(lang, dt.date(2026, 7, 15)) in s["text"] for s in result["next_steps"])
        assert any(r["id"] == "kw.renewal_window" and r["confidence"] == "low" for r in result["rules"])


def test_saudi_still_valid_gives_both_windows() -> None:
    for lang in LANGS:
        result = estimate("sa-fine", {"expired": "2027-03-31", "on": "2026-06-01"}, lang)
        assert result["status"] == "valid"
        step = next(s for s in result["next_steps"] if s["code"] == "sa.window")
        # fewer than 6 / 14 Umm al-Qura months left (D13): the day after expiry minus the months
        assert date_text(lang, dt.date(2026, 10, 5)) in step["text"]
        assert date_text(lang, dt.date(2026, 2, 12)) in step["text"]
        assert any(r["id"] == "sa.renewal_window" for r in result["rules"])


def test_newborn_and_domestic_when_still_in_time() -> None:
    for lang in LANGS:
        born = estimate("kw-fine", {"category": "newborn", "expired": "2026-05-01", "on": "2026-06-01"}, lang)
        assert steps(born) == ["kw.newborn_before"]
        assert date_text(lang, dt.date(2026, 9, 1)) in born["next_steps"][0]["text"]
        maid = estimate("kw-fine", {"category": "domestic", "expired": "2026-07-01", "on": "2026-06-01"}, lang)
        assert steps(maid)[0] == "kw.domestic_sponsor_renew"


# ---- the fee rule and the command name the same categories ---------------------------------

def test_residence_names_match_the_fee_rule() -> None:
    book = load_rulebook()
    for value in book.rule("kw.residence_fee").values:
        assert [f["residence"] for f in value.data["fees"]
                if f.get("sponsor") != "expat" and f.get("relation") != "other"] == list(RESIDENCES)
        for item in value.data["fees"]:
            assert item["article"] == RESIDENCES[item["residence"]]


@pytest.mark.parametrize("residence", RESIDENCES)
def test_renewal_lines_name_their_rule_and_confidence(residence: str) -> None:
    result = renewal(residence, "en", years="2")
    lines = {line["code"]: line["amount"] for line in result["lines"]}
    assert set(lines) == {"kw.residence_fee", "kw.health_insurance"}
    fee_rule = next(r for r in result["rules"] if r["id"] == "kw.residence_fee")
    assert fee_rule["confidence"] in ("high", "medium")
    assert fee_rule["sources"] and all(s in [x["id"] for x in result["sources"]] for s in fee_rule["sources"])
    assert lines["kw.health_insurance"] == "200.000"
