"""Every rule file is checked against its kind's schema when it is loaded, and by
`python -m calculator check-rules [DIR]`. Break copies of the rules in many ways: each break is
refused, by the loader, by the CLI (exit status 2, no traceback) and by check-rules, with a
message naming the file and the key."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from calculator.__main__ import main
from calculator.engine.rules import RuleFileError, check_rules, load_rulebook

RULES = Path(__file__).resolve().parents[1] / "calculator" / "rules"


def _replace(old: str, new: str):
    def apply(base: Path, file: str) -> None:
        path = base / file
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{file} no longer holds {old!r}: update this test"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return apply


def _rename(new_name: str):
    def apply(base: Path, file: str) -> None:
        (base / file).rename((base / file).with_name(new_name))
    return apply


# (what breaks, file, how, the key the message must name, the file the message must name)
BREAKS = [
    ("renamed key (to_day -> to_days: 45 days would cost KD 150, not KD 120)", "kw/residence.toml",
     _replace("to_day = 30", "to_days = 30"), "to_days", "kw/residence.toml"),
    ("unknown key", "sa/iqama_fee.toml", _replace('amount = "650"', 'amount = "650"\ndiscount = "50"'),
     "discount", "sa/iqama_fee.toml"),
    ("float money", "sa/iqama_fee.toml", _replace('amount = "650"', "amount = 650.0"), "amount",
     "sa/iqama_fee.toml"),
    ("integer money", "kw/residence.toml", _replace('cap = "1200"', "cap = 1200"), "cap", "kw/residence.toml"),
    ("float rate in a tier", "kw/visit.toml", _replace('rate = "10"', "rate = 10.5"), "rate", "kw/visit.toml"),
    ("missing sources", "sa/work_permit_fee.toml", _replace("sources = [", "# sources = ["), "sources",
     "sa/work_permit_fee.toml"),
    ("a source id sources.toml does not have", "sa/iqama_fee.toml",
     _replace('"qsaudi_iqama_fee"', '"no_such_source"'), "no_such_source", "sa/iqama_fee.toml"),
    ("effective dates out of order", "sa/expat_levy.toml", _replace("effective = 2019-01-01", "effective = 2021-01-01"),
     "effective", "sa/expat_levy.toml"),
    ("two values on the same day", "sa/expat_levy.toml", _replace("effective = 2019-01-01", "effective = 2018-01-01"),
     "effective", "sa/expat_levy.toml"),
    ("overlapping tier days", "kw/residence.toml", _replace("from_day = 31", "from_day = 30"), "from_day",
     "kw/residence.toml"),
    ("a gap between tiers", "kw/residence.toml", _replace("from_day = 31", "from_day = 33"), "from_day",
     "kw/residence.toml"),
    ("unknown kind", "kw/residence.toml", _replace('kind = "daily_tiered"', 'kind = "daily_tierd"'), "kind",
     "kw/residence.toml"),
    ("wrong file name", "kw/visit.toml", _rename("visit_overstay.toml"), "id", "kw/visit_overstay.toml"),
    ("a date written as text", "sa/iqama_fee.toml", _replace("effective = 2018-01-01", 'effective = "2018-01-01"'),
     "effective", "sa/iqama_fee.toml"),
    ("unknown confidence", "sa/iqama_fee.toml", _replace('confidence = "high"', 'confidence = "certain"'),
     "confidence", "sa/iqama_fee.toml"),
    ("a boolean where a number belongs", "sa/late_renewal_fine.toml", _replace("grace_days = 3", "grace_days = true"),
     "grace_days", "sa/late_renewal_fine.toml"),
    ("a missing label language", "sa/iqama_fee.toml", _replace('label = { en = "Iqama fee (Ministry of Interior)", ',
                                                              'label = { '), "label", "sa/iqama_fee.toml"),
    ("a cap and 'not published' at once", "kw/residence.toml", _replace('cap = "1200"', 'cap = "1200"\ncap_not_published = true'),
     "cap_not_published", "kw/residence.toml"),
    ("a source title without its Arabic", "sources.toml",
     _replace(', ar = "قانون إقامة الوافدين الجديد في الكويت يدخل حيز التنفيذ يوم الأحد" }', " }"),
     "[arabtimes_2025_01_04].title", "sources.toml"),
    ("a source title without its English", "sources.toml",
     _replace('title = { en = "Kuwait\'s new expats residence law takes effect Sunday", ', "title = { "),
     "[arabtimes_2025_01_04].title", "sources.toml"),
    ("a source title in one language only, as plain text", "sources.toml",
     _replace('title = { en = "Kuwait\'s new expats residence law takes effect Sunday", ar = "قانون إقامة الوافدين الجديد في الكويت يدخل حيز التنفيذ يوم الأحد" }',
              'title = "Kuwait\'s new expats residence law takes effect Sunday"'),
     "[arabtimes_2025_01_04].title", "sources.toml"),
    ("a date written as text beside other values", "sa/expat_levy.toml",
     _replace("effective = 2019-01-01", 'effective = "2019-01-01"'), "effective", "sa/expat_levy.toml"),
    ("a fee item that is not a table", "kw/residence_fee.toml", _replace("fees = [\n", "fees = [\n  1,\n"), "fees",
     "kw/residence_fee.toml"),
    ("no values at all", "sa/iqama_fee.toml", _replace("[[values]]\n", "values = []\n[extra]\n"), "values",
     "sa/iqama_fee.toml"),
    ("a fee item given twice", "kw/residence_fee.toml",
     _replace('  { residence = "private", article = "18"',
              '  { residence = "private", article = "18", amount = "20", sources = ["zawya_2025_11_24"], '
              'confidence = "high" },\n  { residence = "private", article = "18"'),
     "private", "kw/residence_fee.toml"),
    ("a ladder step that is not a table", "sa/late_renewal_fine.toml",
     _replace("steps = [\n", "steps = [\n  1,\n"), "steps", "sa/late_renewal_fine.toml"),
    ("a decision that is not a D-number", "sa/late_renewal_fine.toml",
     _replace('decisions = ["D3",', 'decisions = ["X3",'), "decisions", "sa/late_renewal_fine.toml"),
    ("a unit the kind does not take", "sa/iqama_fee.toml", _replace('unit = "SAR"', 'unit = "days"'), "unit",
     "sa/iqama_fee.toml"),
    ("a value that is not a table", "sa/iqama_fee.toml", _replace("[[values]]\n", "values = [1]\n[[x]]\n"),
     "values", "sa/iqama_fee.toml"),
    ("a source that is not a table", "sources.toml",
     _replace("[kuna_2025_01_04]\n", 'stray = "x"\n\n[kuna_2025_01_04]\n'), "stray", "sources.toml"),
    ("a source without a publisher", "sources.toml", _replace('publisher = "Arab Times"\n', ""), "publisher",
     "sources.toml"),
]


@pytest.fixture
def broken(tmp_path):
    def make(file: str, how) -> Path:
        base = tmp_path / "rules"
        shutil.copytree(RULES, base)
        how(base, file)
        return base
    return make


def test_the_packaged_rules_are_sound():
    assert check_rules() == []


@pytest.mark.parametrize(("what", "file", "how", "key", "named"), BREAKS, ids=[b[0] for b in BREAKS])
def test_each_break_is_refused_naming_file_and_key(broken, monkeypatch, capsys, what, file, how, key, named):
    base = broken(file, how)
    problems = check_rules(base)
    assert any(named in p and key in p for p in problems), problems

    with pytest.raises(RuleFileError) as refused:
        load_rulebook(base)
    assert named in str(refused.value) and key in str(refused.value)

    monkeypatch.setenv("IQAMA_RULES_DIR", str(base))
    assert main(["kw-fine", "--category", "residence", "--days-late", "45", "--on", "2025-07-16"]) == 2
    err = capsys.readouterr().err
    assert named in err and key in err and "Traceback" not in err

    assert main(["check-rules", str(base)]) == 2
    out = capsys.readouterr().out
    assert named in out and key in out


def test_check_rules_prints_every_problem_at_once(broken, capsys):
    base = broken("kw/residence.toml", _replace("to_day = 30", "to_days = 30"))
    _replace('amount = "650"', "amount = 650.0")(base, "sa/iqama_fee.toml")
    _replace('kind = "flat_fee"', 'kind = "flat"')(base, "sa/absher_business_fee.toml")
    assert main(["check-rules", str(base)]) == 2
    out = capsys.readouterr().out
    for file, key in (("kw/residence.toml", "to_days"), ("sa/iqama_fee.toml", "amount"),
                      ("sa/absher_business_fee.toml", "kind")):
        assert any(file in line and key in line for line in out.splitlines()), (file, key, out)


def test_check_rules_on_the_packaged_rules_exits_0(capsys):
    assert main(["check-rules"]) == 0
    assert "sound" in capsys.readouterr().out
