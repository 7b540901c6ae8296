"""calculator.engine.rules: what the loader makes of a sound rules folder (every field, values in
date order, the folder from the environment), value lookup by date, and how a result reports the
rules and sources it used. (Refusals of broken files: tests/test_rule_schemas.py.)"""
from __future__ import annotations

import datetime as dt

import pytest

from calculator.engine.errors import CalcError
from calculator.engine.rules import ENV_RULES_DIR, load_rulebook

SOURCES = '''
[src_a]
title = "A title"
publisher = "A publisher"
url = "https://example.org/a"
published = 2025-01-04

[src_b]
title = "B title"
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
        "src_a", "A title", "A publisher", "https://example.org/a", dt.date(2025, 1, 4))
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
    assert fee_rule == {"id": "sa.iqama_fee", "label": book.rule("sa.iqama_fee").label["en"],
                        "value": fee_rule["value"], "effective": value.effective.isoformat(),
                        "confidence": value.confidence, "last_verified": "2027-02-03",
                        "sources": list(value.sources)}
    ids = [s["id"] for s in result["sources"]]
    assert len(ids) == len(set(ids)), "each source once"
    for item in result["sources"]:
        src = book.sources[item["id"]]
        assert item == {"id": src.id, "title": src.title, "publisher": src.publisher, "url": src.url,
                        "published": src.published.isoformat() if src.published else None}
    assert any(s["published"] for s in result["sources"]) or all(
        book.sources[i].published is None for i in ids)
    # the packaged rules: every value verified on 2026-11-24
    assert estimate("sa-renewal", params, "en")["last_verified"] == "2026-11-24"
