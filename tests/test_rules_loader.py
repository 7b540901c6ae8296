"""calculator.engine.rules: what the loader makes of a sound rules folder (every field, values in
date order, the folder from the environment), value lookup by date, and how a result reports the
rules and sources it used. (Refusals of broken files: tests/test_rule_schemas.py.)"""
from __future__ import annotations

import datetime as dt

import pytest

from calculator.engine.errors import CalcError
from calculator.engine.kinds import check_value
from calculator.engine.rules import ENV_RULES_DIR, RuleFileError, check_rules, load_rulebook

SOURCES = '''
[src_a]
title = { en = "A title", ar = "عنوان أ" }
publisher = "A publisher"
url = "https://example.org/a"
published = 2025-01-04

[src_b]
title = { en = "B title", ar = "عنوان ب" }
publisher = "B publisher"
'''

RULE = '''
id = "kw.test"
kind = "daily_tiered"
unit = "KWD"
label = { en = "Test rule", ar = "قاعدة" }
law = { en = "Law 1", ar = "قانون 1" }

[[values]]
effective = 2025-01-05
tiers = [{ from_day = 1, rate = "2" }]
cap = "600"
sources = ["src_a"]
confidence = "high"
last_verified = 2026-11-24

[[values]]
effective = 2024-03-16
tiers = [{ from_day = 1, rate = "1" }]
cap_not_published = true
sources = ["src_b", "src_a"]
confidence = "low"
last_verified = 2026-11-20
'''


def write(tmp_path, rule: str = RULE, sources: str = SOURCES, name: str = "test.toml",
          extra: dict[str, str] | None = None):
    (tmp_path / "kw").mkdir(exist_ok=True)
    (tmp_path / "sources.toml").write_text(sources, encoding="utf-8")
    (tmp_path / "kw" / name).write_text(rule, encoding="utf-8")
    for file, body in (extra or {}).items():
        (tmp_path / "kw" / file).write_text(body, encoding="utf-8")
    return tmp_path


def test_a_good_folder_loads_every_field(tmp_path):
    book = load_rulebook(write(tmp_path))
    rule = book.rule("kw.test")
    assert (rule.id, rule.kind, rule.unit) == ("kw.test", "daily_tiered", "KWD")
    assert rule.label == {"en": "Test rule", "ar": "قاعدة"}
    assert rule.law == {"en": "Law 1", "ar": "قانون 1"}
    # values sorted by effective date, whatever their order in the file
    assert [v.effective for v in rule.values] == [dt.date(2024, 3, 16), dt.date(2025, 1, 5)]
    old, new = rule.values
    assert new.sources == ("src_a",) and old.sources == ("src_b", "src_a")
    assert (new.confidence, new.last_verified) == ("high", dt.date(2026, 11, 24))
    assert new.data == {"tiers": [{"from_day": 1, "rate": "2"}], "cap": "600"}
    assert old.data == {"tiers": [{"from_day": 1, "rate": "1"}], "cap_not_published": True}
    src = book.sources["src_a"]
    assert (src.id, src.title, src.publisher, src.url, src.published) == (
        "src_a", {"en": "A title", "ar": "عنوان أ"}, "A publisher", "https://example.org/a", dt.date(2025, 1, 4))
    b = book.sources["src_b"]
    assert (b.url, b.published) == (None, None)
    assert [r.id for r in book.rules()] == ["kw.test"]
    assert book.rules("sa.") == []


def test_a_rule_without_law_has_an_empty_one(tmp_path):
    rule = RULE.replace('law = { en = "Law 1", ar = "قانون 1" }\n', "")
    assert load_rulebook(write(tmp_path, rule)).rule("kw.test").law == {}


def test_rules_are_listed_by_id_and_prefix(tmp_path):
    other = RULE.replace('id = "kw.test"', 'id = "kw.another"')
    book = load_rulebook(write(tmp_path, extra={"another.toml": other}))
    assert [r.id for r in book.rules()] == ["kw.another", "kw.test"]
    assert [r.id for r in book.rules("kw.t")] == ["kw.test"]


def test_the_folder_can_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv(ENV_RULES_DIR, str(write(tmp_path)))
    assert load_rulebook().rule("kw.test").unit == "KWD"
    monkeypatch.delenv(ENV_RULES_DIR)
    assert "kw.residence" in load_rulebook().rules_by_id


def test_the_value_in_force_on_a_day(tmp_path):
    rule = load_rulebook(write(tmp_path)).rule("kw.test")
    assert rule.value_on(dt.date(2024, 3, 16)).data["tiers"][0]["rate"] == "1"
    assert rule.value_on(dt.date(2025, 1, 4)).data["tiers"][0]["rate"] == "1"
    assert rule.value_on(dt.date(2025, 1, 5)).data["tiers"][0]["rate"] == "2"
    assert rule.value_on(dt.date(2070, 1, 1)).data["tiers"][0]["rate"] == "2"
    with pytest.raises(CalcError) as caught:
        rule.value_on(dt.date(2024, 3, 15))
    error = caught.value
    assert (error.code, error.field) == ("no_rule", None)
    assert error.params == {"rule": "kw.test", "date": "2024-03-15", "first": "2024-03-16"}


def test_value_objects_are_read_only_and_compare_by_type_and_fields():
    from calculator.engine.rules import Source
    from calculator.engine.schedules import TierPart

    a = Source("a", "T", "P", None, None)
    assert a == Source("a", "T", "P", None, None) and hash(a) == hash(Source("a", "T", "P", None, None))
    assert a != Source("b", "T", "P", None, None)
    assert a != ("a", "T", "P", None, None)
    assert TierPart(1, 2, 2, 1, 2) != Source(1, 2, 2, 1, 2)  # same values, another type
    assert repr(a) == "Source(id='a', title='T', publisher='P', url=None, published=None)"
    with pytest.raises(AttributeError, match="Source is read-only"):
        a.title = "changed"
    with pytest.raises(AttributeError, match="Source is read-only"):
        del a.title
    assert a.title == "T"
    with pytest.raises(TypeError, match=r"Source takes 5 values \(id, title, publisher, url, published\), got 4"):
        Source("a", "T", "P", None)


def test_a_result_reports_its_rules_and_sources_as_the_files_give_them(tmp_path):
    """Estimate.use / to_dict: each rule applied with its dated value, each source once with the
    registry's fields, and the latest last-verified date of the rules applied."""
    import shutil

    from calculator import estimate
    from calculator.engine.rules import RULES_DIR

    rules = tmp_path / "rules"
    shutil.copytree(RULES_DIR, rules)
    fee = rules / "sa" / "iqama_fee.toml"
    fee.write_text(fee.read_text(encoding="utf-8").replace("last_verified = 2026-11-24",
                                                           "last_verified = 2027-02-03"), encoding="utf-8")
    params = {"months": "12", "on": "2026-01-15"}
    result = estimate("sa-renewal", params, "en", rules_dir=str(rules))
    assert result["last_verified"] == "2027-02-03"  # the latest of the rules applied
    book = load_rulebook(rules)
    fee_rule = next(r for r in result["rules"] if r["id"] == "sa.iqama_fee")
    value = book.rule("sa.iqama_fee").value_on(dt.date(2026, 1, 15))
    expected = {"id": "sa.iqama_fee", "label": book.rule("sa.iqama_fee").label["en"],
                "value": fee_rule["value"], "effective": value.effective.isoformat(),
                "confidence": value.confidence, "last_verified": "2027-02-03",
                "sources": list(value.sources)}
    assert {k: fee_rule[k] for k in expected} == expected
    ids = [s["id"] for s in result["sources"]]
    assert len(ids) == len(set(ids)), "each source once"
    for item in result["sources"]:
        src = book.sources[item["id"]]
        expected_source = {"id": src.id, "title": src.title["en"], "publisher": src.publisher, "url": src.url,
                           "published": src.published.isoformat() if src.published else None}
        assert {k: item[k] for k in expected_source} == expected_source
    assert any(s["published"] for s in result["sources"]) or all(
        book.sources[i].published is None for i in ids)
    # the packaged rules: the latest check among the rules used (who pays, sa.who_pays: 2026-11-30)
    assert estimate("sa-renewal", params, "en")["last_verified"] == "2026-11-30"


# ---- the exact words of every refusal of the rule checks ---------------------------------------
# (engine/kinds.check_value and engine/rules.check_rules): a legal editor reads them to fix a
# file, so each names the file, the table and the key, says what was expected and what was found,
# and nothing else is reported. tests/test_rule_schemas.py breaks copies of the real rules; here
# each check on its own.

W = "kw/x.toml: values[0]"
MONEY = 'a decimal string such as "2" or "51.75"'
COMMON = {"effective": dt.date(2025, 1, 5), "sources": ["a"], "confidence": "high",
          "last_verified": dt.date(2026, 11, 24)}
GOOD = {
    "daily_tiered": {**COMMON, "tiers": [{"from_day": 1, "to_day": 30, "rate": "2"},
                                         {"from_day": 31, "rate": "4"}], "cap": "1200"},
    "offence_ladder": {**COMMON, "grace_days": 3, "renew_days_before": 3, "steps": [
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


M_SOURCES = '[a]\ntitle = { en = "T", ar = "ع" }\npublisher = "P"\n'
M_RULE = '''id = "kw.x"
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
    base = _folder(tmp_path, {"sources.toml": M_SOURCES, "kw/x.toml": M_RULE})
    assert check_rules(base) == []
    assert load_rulebook(base).rule("kw.x").values[0].data == {"amount": "20"}


def test_a_folder_without_sources_or_rules(tmp_path):
    assert check_rules(tmp_path) == [f"{tmp_path}: missing sources.toml"]
    _folder(tmp_path, {"sources.toml": M_SOURCES})
    assert check_rules(tmp_path) == [f"{tmp_path}: no rule files (expected <country>/<rule>.toml)"]


def test_files_that_are_not_toml(tmp_path):
    _folder(tmp_path, {"sources.toml": "[a\n", "kw/x.toml": M_RULE})
    problems = check_rules(tmp_path)
    assert len(problems) == 1 and problems[0].startswith("sources.toml: not valid TOML: ")
    _folder(tmp_path, {"sources.toml": M_SOURCES, "kw/x.toml": 'id = "kw.x\n'})
    problems = check_rules(tmp_path)
    assert len(problems) == 1 and problems[0].startswith("kw/x.toml: not valid TOML: "), problems
    assert "Illegal character" in problems[0] or "Unterminated" in problems[0] or "line 1" in problems[0]
    with pytest.raises(RuleFileError, match=r"^x.toml: not valid TOML: "):
        load_rulebook(tmp_path)


def test_every_problem_of_every_file_at_once(tmp_path):
    base = _folder(tmp_path, {
        "sources.toml": M_SOURCES + '[b]\ntitle = { en = "T", ar = "ع" }\n',
        "kw/x.toml": M_RULE.replace('amount = "20"', "amount = 20"),
        "kw/y.toml": M_RULE,                                     # id kw.x in a file named kw/y
        "kw/z.toml": M_RULE.replace('id = "kw.x"', 'id = "kw.z"').replace('kind = "annual_fee"', 'kind = "checklist"'),
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
    second = M_RULE.split("[[values]]")[1]
    three = M_RULE + "\n[[values]]" + second.replace("2025-01-05", "2024-03-16") + \
        "\n[[values]]" + second.replace("2025-01-05", "2026-01-01")
    base = _folder(tmp_path, {"sources.toml": M_SOURCES, "kw/x.toml": three})
    assert check_rules(base) == ["kw/x.toml: values[].effective: dates out of order (expected newest first or "
                                 "oldest first throughout), got 2025-01-05, 2024-03-16, 2026-01-01"]
    same = M_RULE + "\n[[values]]" + second
    _folder(tmp_path, {"kw/x.toml": same})
    assert check_rules(base) == ["kw/x.toml: values[].effective: two values take effect on the same day "
                                 "(expected one value per effective date)"]
    newest_first = M_RULE + "\n[[values]]" + second.replace("2025-01-05", "2024-03-16")
    _folder(tmp_path, {"kw/x.toml": newest_first})
    assert check_rules(base) == []
    assert [v.effective.year for v in load_rulebook(base).rule("kw.x").values] == [2024, 2025]
    _folder(tmp_path, {"kw/x.toml": M_RULE.split("[[values]]")[0]})
    assert check_rules(base) == ["kw/x.toml: missing key `values` (expected one or more [[values]] tables)"]


def test_a_folder_with_a_broken_file_still_reports_the_files_after_it(tmp_path):
    base = _folder(tmp_path, {"sources.toml": M_SOURCES, "kw/x.toml": 'id = "kw.x\n',
                              "kw/y.toml": M_RULE})  # kw/y.toml holds id kw.x
    problems = check_rules(base)
    assert len(problems) == 2 and problems[0].startswith("kw/x.toml: not valid TOML: ")
    assert problems[1] == ("kw/y.toml: `id` is 'kw.x' but the file name says 'kw.y' "
                           "(expected the file to be named after the rule id)")


def _rule_of(kind: str, data: dict, unit: str = "SAR"):
    from calculator.engine.rules import Rule, RuleValue

    value = RuleValue(dt.date(2025, 1, 1), ("a",), "high", dt.date(2026, 11, 24), data)
    return Rule(f"sa.{kind}", kind, unit, {"en": "X", "ar": "س"}, (value,), {}), value


def test_renewal_periods_in_words_for_one_group_or_every_group():
    from calculator.engine.kinds import describe

    rule, value = _rule_of("allowed_periods", {"worker": [3, 6, 9, 12], "domestic": [12, 24]}, "months")
    assert describe(rule, value, "en", which="worker") == ["3, 6, 9, 12 months"]
    assert describe(rule, value, "en", which="domestic") == ["12, 24 months"]
    assert describe(rule, value, "en") == ["Private-sector worker: 3, 6, 9, 12 months",
                                           "Domestic worker: 12, 24 months"]
    arabic = describe(rule, value, "ar")
    assert len(arabic) == 2 and "3, 6, 9, 12" in arabic[0] and "12, 24" in arabic[1]


def test_a_work_permits_renewal_window_in_words():
    """days_window (sa.work_permit_window, Qiwa): the days counted in the reader's language, and
    "fewer than" or "or fewer" as the rule's `remaining` says."""
    from calculator.engine.kinds import describe

    rule, value = _rule_of("days_window", {"days_before": 180, "remaining": "at_most"}, "days")
    assert describe(rule, value, "en") == ["a work permit can be renewed when 180 days or fewer of it remain"]
    assert describe(rule, value, "ar") == ["يمكن تجديد رخصة العمل عندما يبقى على انتهائها 180 يومًا أو أقل"]
    rule, value = _rule_of("days_window", {"days_before": 1, "remaining": "less_than"}, "days")
    assert describe(rule, value, "en") == ["a work permit can be renewed when fewer than 1 day of it remain"]


def test_an_exemption_in_words_by_its_basis():
    """An exemption says why there is no levy (waived, cancelled, a small establishment's
    quota) and, once ended, that the levy is charged per day (decision D15)."""
    from calculator.engine.kinds import describe

    assert describe(*_rule_of("exemption", {"exempt": True, "basis": "waived"}), "en") == [
        "no levy (waived, the state bearing it)"]
    assert describe(*_rule_of("exemption", {"exempt": True, "basis": "cancelled"}), "en") == [
        "levy cancelled by the Cabinet"]
    assert describe(*_rule_of("exemption", {"exempt": True}), "en") == [
        "no levy for the expatriate workers within the exempt quota"]
    assert describe(*_rule_of("exemption", {"exempt": False}), "en") == [
        "exemption ended; levy charged per day"]


def test_fees_and_the_ladder_in_words():
    from calculator.engine.kinds import describe

    rule, value = _rule_of("annual_fee", {"amount": "650"})
    assert "650.00" in describe(rule, value, "en")[0]
    ladder = {"grace_days": 3, "steps": [{"offence": 2, "amount": "1000"}, {"offence": 1, "amount": "500"},
                                         {"offence": 3, "deportation": True}]}
    words = describe(*_rule_of("offence_ladder", ladder), "en")
    assert len(words) == 2 and words[0].index("500.00") < words[0].index("1,000.00"), words
    assert "3" in words[1]


def test_decisions_a_rule_names_must_be_in_decisions_md(tmp_path):
    rule = M_RULE.replace('unit = "KWD"\n', 'unit = "KWD"\ndecisions = ["D1", "D99", "D10"]\n')
    base = _folder(tmp_path, {"sources.toml": M_SOURCES, "kw/x.toml": rule})
    assert check_rules(base) == []  # no DECISIONS.md in the folder: nothing to check against
    _folder(tmp_path, {"DECISIONS.md": "# Decisions\n\n## D2. Two — قرار\n\n## D10. Ten\n\n## D1. One\n"})
    assert check_rules(base) == [
        "kw/x.toml.decisions: 'D99' is not a decision in DECISIONS.md (expected one of D1, D2, D10)"]


def test_the_renewal_window_in_words_for_each_worker_type():
    """sa.renewal_window (D13): a worker's iqama once fewer than 6 months remain, a domestic
    worker's once fewer than 14; without a worker type, the private-sector worker's."""
    from calculator.engine.kinds import describe

    rule = load_rulebook().rule("sa.renewal_window")
    value = rule.value_on(dt.date(2026, 1, 15))
    private, domestic, default = (describe(rule, value, "en", which=w)[0] for w in ("private", "domestic", None))
    assert "6" in private and "14" in domestic and default == private
