"""The exact words of every refusal of the rule checks (engine/kinds.check_value and
engine/rules.check_rules): a legal editor reads them to fix a file, so each names the file, the
table and the key, says what was expected and what was found, and nothing else is reported.
(tests/test_rule_schemas.py breaks copies of the real rules; here each check on its own.)"""
from __future__ import annotations

import datetime as dt

import pytest

from calculator.engine.kinds import check_value
from calculator.engine.rules import RuleFileError, check_rules, load_rulebook

W = "kw/x.toml: values[0]"
MONEY = 'a decimal string such as "2" or "51.75"'
COMMON = {"effective": dt.date(2025, 1, 5), "sources": ["a"], "confidence": "high",
          "last_verified": dt.date(2026, 11, 24)}
GOOD = {
    "daily_tiered": {**COMMON, "tiers": [{"from_day": 1, "to_day": 30, "rate": "2"},
                                         {"from_day": 31, "rate": "4"}], "cap": "1200"},
    "offence_ladder": {**COMMON, "grace_days": 3, "steps": [
        {"offence": 1, "amount": "500"}, {"offence": 2, "amount": "1000"}, {"offence": 3, "deportation": True}]},
    "annual_fee": {**COMMON, "amount": "650"},
    "monthly_rates": {**COMMON, "rates": {"expat_majority": "800", "saudi_majority": "700"}},
    "exemption": {**COMMON, "exempt": True},
    "checklist": {**COMMON, "checks": [{"code": "biometrics", "ok": "yes", "sources": ["a"], "min_age": 6}]},
    "allowed_periods": {**COMMON, "worker": [3, 6, 9, 12], "domestic": [12, 24]},
}


def _with(kind: str, **changes) -> dict:
    value = {**GOOD[kind], **changes}
    return {k: v for k, v in value.items() if v is not ...}


@pytest.mark.parametrize("kind", sorted(GOOD))
def test_a_sound_value_has_no_problem(kind):
    assert check_value(kind, GOOD[kind], W, {"a"}) == []


@pytest.mark.parametrize(("kind", "value", "problems"), [
    ("annual_fee", _with("annual_fee", confidence="sure"),
     [f"{W}.confidence: expected one of \"high\", \"medium\", \"low\", got 'sure'"]),
    ("annual_fee", _with("annual_fee", sources=[]),
     [f"{W}.sources: expected a list, each a source id from sources.toml (not empty), got []"]),
    ("annual_fee", _with("annual_fee", sources=["zz"]),
     [f"{W}.sources[0]: unknown source 'zz' (expected a source id from sources.toml)"]),
    ("annual_fee", _with("annual_fee", effective="2025-01-05"),
     [f"{W}.effective: expected a date such as 2025-01-05, got '2025-01-05'"]),
    ("annual_fee", _with("annual_fee", last_verified=dt.datetime(2026, 11, 24, 10, 0)),
     [f"{W}.last_verified: expected a date such as 2025-01-05, got datetime.datetime(2026, 11, 24, 10, 0)"]),
    ("annual_fee", _with("annual_fee", effective=...),
     [f"{W}: missing key `effective` (a date such as 2025-01-05)"]),
    ("annual_fee", _with("annual_fee", amount=650), [f"{W}.amount: expected {MONEY}, got 650"]),
    ("annual_fee", _with("annual_fee", amount="6,50"), [f"{W}.amount: expected {MONEY}, got '6,50'"]),
    ("annual_fee", _with("annual_fee", amount="0650"), [f"{W}.amount: expected {MONEY}, got '0650'"]),
    ("annual_fee", _with("annual_fee", amount="0.5"), []),
    ("annual_fee", _with("annual_fee", limit_saudi_employer=True),
     [f"{W}.limit_saudi_employer: expected a whole number, got True"]),
    ("annual_fee", _with("annual_fee", limit_saudi_employer=-1), []),  # "int": any whole number
    ("annual_fee", _with("annual_fee", discount="50"),
     [f"{W}: unknown key `discount` (expected effective, sources, confidence, last_verified, amount, "
      "limit_saudi_employer, limit_expat_employer)"]),
    ("daily_tiered", _with("daily_tiered", tiers="x"),
     [f"{W}.tiers: expected a list of tables (not empty), got 'x'"]),
    ("daily_tiered", _with("daily_tiered", tiers=["x"]), [f"{W}.tiers[0]: expected a table, got 'x'"]),
    ("daily_tiered", _with("daily_tiered", tiers=...), [f"{W}: missing key `tiers` (a list of tables)"]),
    ("daily_tiered", _with("daily_tiered", window_months=0),
     [f"{W}.window_months: expected a whole number of months (1 or more), got 0"]),
    ("daily_tiered", _with("daily_tiered", window_months=1), []),
    ("daily_tiered", _with("daily_tiered", tiers=[{"from_day": 1, "to_day": 0, "rate": "2"}]),
     [f"{W}.tiers[0].to_day: 0 is before from_day 1"]),
    ("daily_tiered", _with("daily_tiered", tiers=[{"from_day": 1, "to_day": 30, "rate": "2"},
                                                  {"from_day": 32, "rate": "4"}]),
     [f"{W}.tiers[1].from_day: 32 leaves a gap after the tier before (expected 31)"]),
    ("daily_tiered", _with("daily_tiered", tiers=[{"from_day": 1, "to_day": 30, "rate": "2"},
                                                  {"from_day": 30, "rate": "4"}]),
     [f"{W}.tiers[1].from_day: 30 overlaps the tier before (expected 31)"]),
    ("daily_tiered", _with("daily_tiered", tiers=[{"from_day": 0, "rate": "2"}]),
     [f"{W}.tiers[0].from_day: 0 overlaps the tier before (expected 1)"]),
    ("daily_tiered", _with("daily_tiered", tiers=[{"from_day": 1, "rate": "2"}, {"from_day": 31, "rate": "4"}]),
     [f"{W}.tiers[0]: missing key `to_day` (only the last tier may be open-ended)"]),
    ("daily_tiered", _with("daily_tiered", tiers=[{"from_day": 1, "to_day": 30, "rate": "2"},
                                                  {"from_day": 31, "to_day": 60, "rate": "4"}]), []),
    ("daily_tiered", _with("daily_tiered", tiers=[{"from_day": -1, "rate": "2"}]),
     [f"{W}.tiers[0].from_day: expected a whole number of days (0 or more), got -1",
      f"{W}.tiers[0].from_day: -1 overlaps the tier before (expected 1)"]),
    ("daily_tiered", _with("daily_tiered", cap_not_published=True),
     [f"{W}: `cap` and `cap_not_published` cannot both be given"]),
    ("daily_tiered", _with("daily_tiered", cap=..., cap_not_published=True), []),
    ("daily_tiered", _with("daily_tiered", cap=..., cap_not_published=False),
     [f"{W}: missing key `cap` (or cap_not_published = true)"]),
    ("daily_tiered", _with("daily_tiered", cap=...), [f"{W}: missing key `cap` (or cap_not_published = true)"]),
    ("offence_ladder", _with("offence_ladder", grace_days="3"),
     [f"{W}.grace_days: expected a whole number of days (0 or more), got '3'"]),
    ("offence_ladder", _with("offence_ladder", grace_days=0), []),
    ("offence_ladder", _with("offence_ladder", steps=[{"offence": 1, "amount": "500"}, {"offence": 3, "amount": "1000"}]),
     [f"{W}.steps[1].offence: expected 2 (offences 1, 2, 3… in order)"]),
    ("offence_ladder", _with("offence_ladder", steps=[{"offence": 1, "amount": "500", "deportation": True}]),
     [f"{W}.steps[0]: expected either `amount` or `deportation = true`"]),
    ("offence_ladder", _with("offence_ladder", steps=[{"offence": 1}]),
     [f"{W}.steps[0]: expected either `amount` or `deportation = true`"]),
    ("offence_ladder", _with("offence_ladder", steps=[{"offence": 1, "deportation": "yes"}]),
     [f"{W}.steps[0].deportation: expected true or false, got 'yes'"]),
    ("monthly_rates", _with("monthly_rates", rates="800"), [f"{W}.rates: expected a table, got '800'"]),
    ("monthly_rates", _with("monthly_rates", rates={"expat_majority": "800"}),
     [f"{W}.rates: missing key `saudi_majority` ({MONEY})"]),
    ("exemption", _with("exemption", exempt="yes"), [f"{W}.exempt: expected true or false, got 'yes'"]),
    ("checklist", _with("checklist", checks=[{"code": " ", "ok": "maybe", "sources": ["a"], "min_age": -1}]),
     [f"{W}.checks[0].code: expected a text in quotes, got ' '",
      f"{W}.checks[0].ok: expected one of \"yes\", \"no\", got 'maybe'",
      f"{W}.checks[0].min_age: expected a whole number of years, got -1"]),
    ("allowed_periods", _with("allowed_periods", worker=[6, 3]),
     [f"{W}.worker: expected months in increasing order, each once"]),
    ("allowed_periods", _with("allowed_periods", domestic=[12, 12]),
     [f"{W}.domestic: expected months in increasing order, each once"]),
    ("allowed_periods", _with("allowed_periods", worker=[0, 3]),
     [f"{W}.worker[0]: expected a whole number of months (1 or more), got 0"]),
    ("allowed_periods", _with("allowed_periods", worker="3"),
     [f"{W}.worker: expected a list, each a whole number of months (1 or more) (not empty), got '3'"]),
])
def test_each_problem_in_its_own_words(kind, value, problems):
    assert check_value(kind, value, W, {"a"}) == problems


SOURCES = '[a]\ntitle = "T"\npublisher = "P"\n'
RULE = '''id = "kw.x"
kind = "annual_fee"
unit = "KWD"
label = { en = "X", ar = "س" }

[[values]]
effective = 2025-01-05
amount = "20"
sources = ["a"]
confidence = "high"
last_verified = 2026-11-24
'''


def _folder(tmp_path, files: dict[str, str]):
    for name, body in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(body, encoding="utf-8")
    return tmp_path


def test_a_sound_folder(tmp_path):
    base = _folder(tmp_path, {"sources.toml": SOURCES, "kw/x.toml": RULE})
    assert check_rules(base) == []
    assert load_rulebook(base).rule("kw.x").values[0].data == {"amount": "20"}


def test_a_folder_without_sources_or_rules(tmp_path):
    assert check_rules(tmp_path) == [f"{tmp_path}: missing sources.toml"]
    _folder(tmp_path, {"sources.toml": SOURCES})
    assert check_rules(tmp_path) == [f"{tmp_path}: no rule files (expected <country>/<rule>.toml)"]


def test_files_that_are_not_toml(tmp_path):
    _folder(tmp_path, {"sources.toml": "[a\n", "kw/x.toml": RULE})
    problems = check_rules(tmp_path)
    assert len(problems) == 1 and problems[0].startswith("sources.toml: not valid TOML: ")
    _folder(tmp_path, {"sources.toml": SOURCES, "kw/x.toml": 'id = "kw.x\n'})
    problems = check_rules(tmp_path)
    assert len(problems) == 1 and problems[0].startswith("kw/x.toml: not valid TOML: "), problems
    assert "Illegal character" in problems[0] or "Unterminated" in problems[0] or "line 1" in problems[0]
    with pytest.raises(RuleFileError, match=r"^x.toml: not valid TOML: "):
        load_rulebook(tmp_path)


def test_every_problem_of_every_file_at_once(tmp_path):
    base = _folder(tmp_path, {
        "sources.toml": SOURCES + '[b]\ntitle = "T"\n',
        "kw/x.toml": RULE.replace('amount = "20"', "amount = 20"),
        "kw/y.toml": RULE,                                     # id kw.x in a file named kw/y
        "kw/z.toml": RULE.replace('id = "kw.x"', 'id = "kw.z"').replace('kind = "annual_fee"', 'kind = "checklist"'),
    })
    assert check_rules(base) == [
        "sources.toml: [b]: missing key `publisher` (a text in quotes)",
        f"kw/x.toml: values[0].amount: expected {MONEY}, got 20",
        "kw/y.toml: `id` is 'kw.x' but the file name says 'kw.y' (expected the file to be named after the rule id)",
        "kw/y.toml: `id` 'kw.x' is also the id of kw/x.toml",
        "kw/z.toml.unit: expected one of condition for kind 'checklist', got 'KWD'",
        "kw/z.toml: values[0]: unknown key `amount` (expected effective, sources, confidence, last_verified, checks)",
        "kw/z.toml: values[0]: missing key `checks` (a list of tables)",
    ]
    with pytest.raises(RuleFileError) as caught:
        load_rulebook(base)
    assert str(caught.value) == "sources.toml: [b]: missing key `publisher` (a text in quotes)"


def test_the_values_of_a_rule_in_time(tmp_path):
    second = RULE.split("[[values]]")[1]
    three = RULE + "\n[[values]]" + second.replace("2025-01-05", "2024-03-16") + \
        "\n[[values]]" + second.replace("2025-01-05", "2026-01-01")
    base = _folder(tmp_path, {"sources.toml": SOURCES, "kw/x.toml": three})
    assert check_rules(base) == ["kw/x.toml: values[].effective: dates out of order (expected newest first or "
                                 "oldest first throughout), got 2025-01-05, 2024-03-16, 2026-01-01"]
    same = RULE + "\n[[values]]" + second
    _folder(tmp_path, {"kw/x.toml": same})
    assert check_rules(base) == ["kw/x.toml: values[].effective: two values take effect on the same day "
                                 "(expected one value per effective date)"]
    newest_first = RULE + "\n[[values]]" + second.replace("2025-01-05", "2024-03-16")
    _folder(tmp_path, {"kw/x.toml": newest_first})
    assert check_rules(base) == []
    assert [v.effective.year for v in load_rulebook(base).rule("kw.x").values] == [2024, 2025]
    _folder(tmp_path, {"kw/x.toml": RULE.split("[[values]]")[0]})
    assert check_rules(base) == ["kw/x.toml: missing key `values` (expected one or more [[values]] tables)"]
