"""Run every case file (tests/cases/*.toml) through calculator.estimate, in Arabic and English,
and a sample of them through the CLI (`python -m calculator <command> --opt val --json`)."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from calculator import estimate
from casefiles import Case, check, load_cases  # tests/ (pytest pythonpath; inside Pyodide, tests/ is the cwd)

ROOT = Path(__file__).resolve().parents[1]

CASES = load_cases()
LANGS = ("en", "ar")
ARABIC = re.compile(r"[\u0600-\u06FF]")
TOPIC_FILES = {
    "kw_residence", "kw_domestic", "kw_visit", "kw_newborn", "kw_other_categories",
    "kw_old_regime", "kw_renewal", "sa_fine", "sa_renewal", "sa_ready", "input_normalisation", "errors",
}
# Fields that must not depend on the language of the text.
NEUTRAL = ("command", "status", "total", "currency", "days_late", "days_remaining",
           "deportation", "ready")
IN_PYODIDE = sys.platform == "emscripten"


_ASCII_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def _ids(case: Case) -> str:
    """An ASCII test id, unique by the case's file and index ("kw_residence.toml[3] On ..."):
    pytest escapes other characters in ids, and a tool that re-runs one test by its id (mutmut)
    could then not find it."""
    name = case.name.translate(_ASCII_DIGITS).encode("ascii", "replace").decode("ascii")
    return f"{case.file} {name}"


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_case(case: Case, lang: str) -> None:
    inputs = dict(case.inputs)
    result = estimate(case.command, inputs, lang)
    assert inputs == case.inputs, "estimate() must not change the params it is given"
    problems = check(case, result)
    assert not problems, f"{case.name}\n  source: {case.source}\n  " + "\n  ".join(problems)
    if case.is_error:
        message = result["error"].get("message")
        assert isinstance(message, str) and message.strip(), "an error needs a message"
        assert "\n" not in message.strip(), "an error message is one line"
        assert not re.search(r"\bNone\b", message), f"a missing value reads as 'None': {message!r}"
        if lang == "ar":
            assert ARABIC.search(message), f"Arabic message expected, got {message!r}"
    else:
        assert result.get("lang") == lang
        assert result.get("command") == case.command
        headline = result.get("headline")
        assert isinstance(headline, str) and headline.strip()
        if lang == "ar":
            assert ARABIC.search(headline), f"Arabic headline expected, got {headline!r}"


@pytest.mark.parametrize("case", CASES, ids=_ids)
def test_case_same_figures_in_both_languages(case: Case) -> None:
    en = estimate(case.command, dict(case.inputs), "en")
    ar = estimate(case.command, dict(case.inputs), "ar")
    if "error" in en or "error" in ar:
        assert {k: v for k, v in en.get("error", {}).items() if k != "message"} == \
               {k: v for k, v in ar.get("error", {}).items() if k != "message"}
        return
    assert {k: en.get(k) for k in NEUTRAL} == {k: ar.get(k) for k in NEUTRAL}


# ---- the case files themselves ----------------------------------------------------------------

def test_enough_cases_in_every_topic_file() -> None:
    assert len(CASES) >= 80
    files = {Path(c.file.split("[")[0]).stem for c in CASES}
    assert TOPIC_FILES <= files, f"missing case files: {sorted(TOPIC_FILES - files)}"
    assert sum(c.command.startswith("kw-") for c in CASES) >= 40
    assert sum(c.command.startswith("sa-") for c in CASES) >= 40


def test_dated_case_names_carry_a_date() -> None:
    for case in CASES:
        if case.command != "sa-ready":
            assert re.search(r"\d{4}|[٠-٩]{4}|[۰-۹]{4}", case.name), case.name


def _kw_days(case: Case) -> tuple[str, int] | None:
    if case.command != "kw-fine" or case.is_error or "days_late" not in case.expect:
        return None
    return case.inputs.get("category", ""), case.expect["days_late"]


@pytest.mark.parametrize("category, days", [
    ("residence", 1), ("residence", 30), ("residence", 31), ("residence", 315), ("residence", 316),
    ("newborn", 1), ("newborn", 31), ("newborn", 515), ("newborn", 516),
    ("domestic", 300), ("domestic", 301), ("visit", 200), ("visit", 201),
])
def test_boundaries_are_covered(category: str, days: int) -> None:
    covered = {_kw_days(c) for c in CASES}
    assert (category, days) in covered


def test_effective_date_and_calendars_are_covered() -> None:
    ons = {c.inputs.get("on") for c in CASES if c.command == "kw-fine"}
    assert {"2025-01-04", "2025-01-05"} <= ons
    assert any(c.inputs.get("calendar") == "hijri" for c in CASES if c.command == "sa-fine")
    assert any("-02-29" in c.inputs.get("expired", "") for c in CASES)
    codes = {c.expect["error"] for c in CASES if c.is_error}
    assert {"invalid_date", "unknown_category", "negative", "too_large", "required",
            "hijri_out_of_range", "conflict", "no_rule", "domestic_no_split"} <= codes


def full(partial: dict) -> dict:
    """A result with every contract field (CONTRACT.md), from the few fields a test sets."""
    from casefiles import ITEM_FIELDS
    result = {"command": "kw-fine", "lang": "en", "status": "fined", "total": None,
              "total_text": "KD 1.000", "currency": "KWD", "days_late": None, "days_remaining": None,
              "deportation": False, "headline": "A headline.", "dates": {}, "lines": [], "rules": [],
              "sources": [], "assumptions": [], "warnings": [], "next_steps": [],
              "last_verified": None, **partial}
    defaults = {"sources": [], "ok": None, "fix": None, "answer": None, "url": None, "published": None}
    for key, fields in ITEM_FIELDS.items():
        if key in result:
            result[key] = [{**{f: defaults.get(f, "A text.") for f in fields}, **item} for item in result[key]]
    for rule in result["rules"]:
        rule["sources"] = rule["sources"] or [s["id"] for s in result["sources"]]
    return result


def test_check_reports_mismatches() -> None:
    case = next(c for c in CASES if c.name.startswith("On 2025-07-16, 45 days late, an expired"))
    good = full({"total": "120.000", "currency": "KWD", "days_late": 45, "status": "fined",
                 "lines": [{"code": "kw.days_1_30", "amount": "60.000"},
                           {"code": "kw.days_31_45", "amount": "60.000"}]})
    assert check(case, good) == []
    assert check(case, {**good, "total": "120.00"})
    assert check(case, {**good, "days_late": "45"})
    assert check(case, {"error": {"code": "invalid_date", "field": "expired", "message": "x"}})
    err = next(c for c in CASES if c.is_error and c.expect.get("field") == "expired")
    assert check(err, {"error": {"code": err.expect["error"], "field": "expired", "message": "x"}}) == []
    assert check(err, {"error": {"code": err.expect["error"], "field": "on", "message": "x"}})
    assert check(err, good)
    deport = next(c for c in CASES if c.expect.get("status") == "deportation")
    assert check(deport, full({"total": "0.00", "currency": "SAR", "days_late": deport.expect["days_late"],
                               "status": "deportation", "deportation": True}))
    assert check(deport, full({"total": None, "currency": "SAR", "days_late": deport.expect["days_late"],
                               "status": "deportation", "deportation": 1}))


def _whole_case(**whole) -> Case:
    return Case("a case", "kw-fine", "CONTRACT.md", {}, {"total": "1200.000"}, "x.toml", whole=whole)


CAPPED = {
    "status": "capped", "total": "1200.000", "headline": "KD 1,200.000, reached on day ٣١٥ of delay.",
    "lines": [{"code": "kw.days_1_30", "amount": "60.000"}, {"code": "kw.days_31_400", "amount": "1480.000"},
              {"code": "kw.cap", "amount": "-340.000"}],
    "assumptions": [{"code": "kw.first_month", "text": "."}], "warnings": [{"code": "estimate_only", "text": "."}],
    "next_steps": [{"code": "kw.lookup", "text": "."}],
    "rules": [{"id": "kw.residence"}], "sources": [{"id": "b"}, {"id": "a"}],
}


@pytest.mark.parametrize(("whole", "broken"), [
    ({"lines": [{"code": "kw.days_1_30", "amount": "60.000"}, {"code": "kw.days_31_400", "amount": "1480.000"},
                {"code": "kw.cap", "amount": "-340.000"}]},
     {"lines": CAPPED["lines"][:2]}),                                            # the cap line deleted
    ({}, {"lines": CAPPED["lines"][:2] + [{"code": "kw.cap", "amount": "340.000"}]}),  # its sign flipped
    ({"headline_has": ["315"]}, {"headline": "KD 1,200.000, reached on day 314 of delay."}),
    ({"headline_has": ["315"]}, {"headline": "KD 1,200.000, reached on day 1315 of delay."}),
    ({"assumptions": ["kw.first_month"]}, {"assumptions": []}),
    ({"warnings": ["estimate_only"]}, {"warnings": [{"code": "kw.old_regime", "text": "."}]}),
    ({"next_steps": ["kw.lookup"]}, {"next_steps": []}),
    ({"absent": ["kw.old_regime"]}, {"warnings": [{"code": "kw.old_regime", "text": "."}]}),
    ({"rules": ["kw.residence"]}, {"rules": []}),
    ({"sources": ["a", "b"]}, {"sources": [{"id": "a"}]}),
    ({"sources": ["a", "b"]}, {"sources": [{"id": "a"}, {"id": "b"}, {"id": "c"}]}),
])
def test_check_sees_the_whole_result(whole, broken):
    case = _whole_case(**whole)
    assert check(case, full(CAPPED)) == []
    assert check(case, full({**CAPPED, **broken}))


def test_check_reads_readiness_checks_and_blockers():
    case = Case("r", "sa-ready", "CONTRACT.md", {}, {"status": "blocked"}, "x.toml", whole={
        "checks": [{"code": "biometrics", "ok": False, "fix": True},
                   {"code": "passport-valid", "ok": True, "fix": False}],
        "blockers": ["biometrics"]})
    good = full({"command": "sa-ready", "status": "blocked", "total": None, "lines": [], "ready": False,
                 "blockers": ["biometrics"], "checks": [
                     {"code": "biometrics", "ok": False, "fix": "Register them."},
                     {"code": "passport-valid", "ok": True, "fix": None}]})
    assert check(case, good) == []
    assert check(case, {**good, "blockers": []})
    assert check(case, {**good, "checks": [{**good["checks"][0], "fix": None}, good["checks"][1]]})
    assert check(case, {**good, "checks": [{**good["checks"][0], "fix": "None"}, good["checks"][1]]})
    assert check(case, {**good, "checks": [good["checks"][0], {**good["checks"][1], "fix": "x"}]})
    assert check(case, {**good, "checks": [{**good["checks"][0], "ok": None}, good["checks"][1]]})
    assert check(case, {**good, "checks": [good["checks"][1]]})


@pytest.mark.parametrize(("raw", "message"), [
    ({"lines": [{"code": "a", "amount": "1.000"}], "expect": {"total": "2.000"}}, "add up"),
    ({"lines": [{"code": "a"}], "expect": {"total": "2.000"}}, "code, amount"),
    ({"lines": [{"code": "a", "amount": "2.000"}]}, "expect.total"),
    ({"lines": [{"code": "a", "amount": "0.000"}], "expect_null": ["total"]}, "no lines"),
    ({"warnings": "kw.old_regime"}, "list"),
    ({"status": "fined", "expect": {"status": "capped"}}, "disagree"),
    ({"expect": {"error": "required"}, "sources": ["a"]}, "only"),
])
def test_malformed_whole_result_keys_are_refused(raw, message, tmp_path):
    case = {"name": "n 2025", "command": "kw-fine", "source": "CONTRACT.md",
            "inputs": {"on": "2025-01-05"}, **raw}
    case.setdefault("expect", {})
    import tomllib  # noqa: F401  (the format's own reader parses the file below)

    from casefiles import CaseFileError, _case
    with pytest.raises(CaseFileError, match=message):
        _case(case, "x.toml[0]")


@pytest.mark.parametrize("broken", [
    lambda r: r.pop("last_verified"),                                   # a contract field gone
    lambda r: r["lines"][0].pop("text"),                                # a line without its text
    lambda r: r["rules"][0].update(sources=[]),                         # a rule citing nothing
    lambda r: r["rules"][0].update(value=None),                         # a rule without its value
    lambda r: r["rules"][0].update(value="KD None a day"),              # a value lost in a sentence
    lambda r: r.update(headline=""),
    lambda r: r["sources"].pop(),                                       # a cited source not listed
    lambda r: r["warnings"][0].update(text="Dates before None"),
])
def test_check_holds_every_result_to_the_contract_shape(broken):
    case = next(c for c in CASES if c.name.startswith("On 2025-07-16, 45 days late, an expired"))
    result = estimate(case.command, dict(case.inputs), "en")
    assert check(case, result) == []
    broken(result)
    assert check(case, result)


def test_a_result_whose_lines_do_not_add_up_fails_every_case():
    case = next(c for c in CASES if c.name.startswith("On 2025-07-16, 45 days late, an expired"))
    result = estimate(case.command, dict(case.inputs), "en")
    assert check(case, result) == []
    assert check(case, {**result, "lines": result["lines"][:1]})
    assert check(case, {**result, "total": None, "status": "fined"})


# ---- a sample through the CLI -----------------------------------------------------------------

def _cli_sample() -> list[Case]:
    firsts = {}
    for case in CASES:
        firsts.setdefault(case.file.split("[")[0], case)
    sample = list(firsts.values()) + CASES[::6]
    unique = {c.name: c for c in sample}
    return list(unique.values())


def cli_args(command: str, params: dict[str, str], lang: str) -> list[str]:
    args = [sys.executable, "-m", "calculator", command]
    for key, value in params.items():
        # "--days-late=-5": a value that starts with "-" must not be read as an option
        args += [f"--{key}={value}"] if value.startswith("-") else [f"--{key}", value]
    return args + ["--lang", lang, "--json"]


def run_cli(args: list[str]) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    path = [str(ROOT)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else [])
    env["PYTHONPATH"] = os.pathsep.join(path)
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True,
                          encoding="utf-8", timeout=120)


@pytest.mark.skipif(IN_PYODIDE, reason="no subprocesses in Pyodide")
@pytest.mark.parametrize("case", _cli_sample(), ids=_ids)
def test_case_through_cli(case: Case) -> None:
    lang = "ar" if len(case.name) % 2 else "en"
    proc = run_cli(cli_args(case.command, case.inputs, lang))
    assert "Traceback" not in proc.stderr + proc.stdout
    assert proc.returncode == (2 if case.is_error else 0), proc.stdout + proc.stderr
    result = json.loads(proc.stdout)
    problems = check(case, result)
    assert not problems, "\n".join(problems)
    assert result == estimate(case.command, dict(case.inputs), lang), \
        "the CLI's --json must be exactly what estimate() returns"
