"""The command-line contract (calculator/CONTRACT.md): sub-commands, --help, --json fields,
error JSON with exit status 2, and a one-line message in the chosen language, never a traceback."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(sys.platform == "emscripten", reason="no subprocesses in Pyodide")

COMMANDS = ("kw-fine", "sa-fine", "sa-renewal", "sa-ready", "kw-ready")
KW_CATEGORIES = ("residence", "entry_visa", "temporary", "work_absence", "newborn", "domestic",
                 "domestic_entry_visa", "domestic_temporary", "visit")
OPTIONS = {
    "kw-fine": ("--category", "--expired", "--days-late", "--on", "--calendar"),
    "sa-fine": ("--expired", "--days-late", "--on", "--calendar", "--offence"),
    "sa-renewal": ("--worker", "--months", "--establishment", "--dependents", "--above-limit",
                   "--absher-business", "--on", "--calendar", "--expired", "--offence", "--workers"),
    "sa-ready": ("--passport-valid", "--inside-kingdom", "--traffic-fines-paid",
                 "--reported-absent", "--biometrics", "--own-passports", "--health-insurance",
                 "--work-permit", "--worker"),
    "kw-ready": ("--state-debts-paid", "--health-insurance", "--passport-valid", "--on"),
}
RESULT_KEYS = {"command", "lang", "status", "total", "currency", "days_late", "days_remaining",
               "deportation", "headline", "dates", "lines", "rules", "sources", "assumptions",
               "warnings", "next_steps", "last_verified"}
ARABIC = re.compile(r"[\u0600-\u06FF]")
LATIN = re.compile(r"[A-Za-z]")
TO_ASCII = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹٫٬", "01234567890123456789.,")

KW_OK = ["kw-fine", "--category", "residence", "--expired", "2025-06-01", "--on", "2025-07-16"]
KW_BAD = ["kw-fine", "--category", "tourist", "--days-late", "5", "--on", "2026-01-15"]


def cli(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT)] + ([env["PYTHONPATH"]] if env.get("PYTHONPATH") else []))
    return subprocess.run([sys.executable, "-m", "calculator", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def no_traceback(proc: subprocess.CompletedProcess) -> None:
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stdout + proc.stderr


def one_line(proc: subprocess.CompletedProcess) -> str:
    lines = [line for line in (proc.stdout + proc.stderr).splitlines() if line.strip()]
    assert len(lines) == 1, f"expected one line, got:\n{proc.stdout}{proc.stderr}"
    return lines[0]


# ---- help ---------------------------------------------------------------------------------------

def test_help_lists_the_sub_commands() -> None:
    proc = cli("--help")
    assert proc.returncode == 0, proc.stderr
    for command in COMMANDS:
        assert command in proc.stdout


@pytest.mark.parametrize("command", COMMANDS)
def test_sub_command_help_lists_its_options(command: str) -> None:
    proc = cli(command, "--help")
    assert proc.returncode == 0, proc.stderr
    for option in OPTIONS[command] + ("--lang", "--json"):
        assert option in proc.stdout, f"{command} --help does not mention {option}"


def test_kw_fine_help_lists_the_kuwait_categories() -> None:
    out = cli("kw-fine", "--help").stdout
    for category in KW_CATEGORIES:
        assert category in out


# ---- success ------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "ar"])
def test_json_result_has_the_contract_fields(lang: str) -> None:
    proc = cli(*KW_OK, "--lang", lang, "--json")
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert RESULT_KEYS <= set(result), f"missing: {sorted(RESULT_KEYS - set(result))}"
    assert result["lang"] == lang and result["command"] == "kw-fine"
    assert result["total"] == "120.000" and result["currency"] == "KWD"
    assert result["lines"] and all({"code", "amount", "text"} <= set(x) for x in result["lines"])
    assert result["rules"] and all(
        {"id", "label", "value", "effective", "confidence", "last_verified", "sources"} <= set(r)
        for r in result["rules"])
    assert result["sources"] and all({"id", "title", "url", "published"} <= set(s)
                                     for s in result["sources"])
    for key in ("expired", "on"):
        assert {"gregorian", "hijri"} <= set(result["dates"][key])
    if lang == "ar":
        assert ARABIC.search(result["headline"])
        assert "\\u06" not in proc.stdout, "JSON must be written with ensure_ascii=False"


def test_json_is_indented_like_the_contract() -> None:
    proc = cli(*KW_OK, "--json")
    assert proc.stdout.strip() == json.dumps(json.loads(proc.stdout), ensure_ascii=False, indent=2)


def test_default_language_is_english() -> None:
    assert json.loads(cli(*KW_OK, "--json").stdout)["lang"] == "en"


def test_sa_ready_json_has_checks() -> None:
    proc = cli("sa-ready", "--passport-valid", "yes", "--inside-kingdom", "yes",
               "--traffic-fines-paid", "yes", "--reported-absent", "no", "--biometrics", "yes",
               "--own-passports", "yes", "--health-insurance", "yes", "--work-permit", "yes",
               "--json")
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout)
    assert result["ready"] is True and result["status"] == "ready"
    assert len(result["checks"]) == 8
    assert all({"code", "answer", "ok", "text", "fix"} <= set(c) for c in result["checks"])


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_text_output_shows_the_total(lang: str) -> None:
    proc = cli(*KW_OK, "--lang", lang)
    no_traceback(proc)
    assert proc.returncode == 0, proc.stderr
    assert "120" in proc.stdout.translate(TO_ASCII)
    if lang == "ar":
        assert ARABIC.search(proc.stdout)


@pytest.mark.parametrize("args", [
    ["sa-fine", "--days-late", "3", "--on", "2026-01-15"],
    ["sa-renewal", "--months", "3", "--establishment", "expat-majority", "--on", "2026-01-15"],
    ["sa-fine", "--days-late", "5", "--offence", "3", "--on", "2026-01-15"],
])
def test_other_commands_exit_zero(args: list[str]) -> None:
    for extra in ([], ["--json"], ["--lang", "ar"]):
        proc = cli(*args, *extra)
        no_traceback(proc)
        assert proc.returncode == 0, proc.stdout + proc.stderr


# ---- errors -------------------------------------------------------------------------------------

@pytest.mark.parametrize("lang", ["en", "ar"])
def test_error_json_and_exit_2(lang: str) -> None:
    proc = cli(*KW_BAD, "--lang", lang, "--json")
    no_traceback(proc)
    assert proc.returncode == 2
    result = json.loads(proc.stdout)
    assert set(result) == {"error"}
    assert set(result["error"]) == {"code", "field", "message"}
    assert result["error"]["code"] == "unknown_category"
    assert result["error"]["field"] == "category"
    if lang == "ar":
        assert ARABIC.search(result["error"]["message"])


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("args", [
    KW_BAD,
    ["kw-fine", "--category", "residence", "--expired", "2025-02-31", "--on", "2025-07-16"],
    ["kw-fine", "--category", "residence", "--days-late=-5", "--on", "2026-01-15"],
    ["kw-fine", "--category", "residence", "--days-late", "💥<script>", "--on", "2026-01-15"],
    ["kw-fine", "--category", "", "--days-late", "5"],
    ["sa-renewal", "--worker", "domestic", "--months", "3", "--on", "2026-01-15"],
    ["sa-fine", "--expired", "2025-06-01", "--days-late", "4", "--on", "2026-01-15"],
], ids=["unknown_category", "invalid_date", "negative", "emoji", "required", "no_split", "conflict"])
def test_error_text_is_one_line_in_the_chosen_language(args: list[str], lang: str) -> None:
    proc = cli(*args, "--lang", lang)
    no_traceback(proc)
    assert proc.returncode == 2
    line = one_line(proc)
    if lang == "ar":
        assert ARABIC.search(line), line
    else:
        assert LATIN.search(line) and not ARABIC.search(line), line


def test_unknown_command_exits_2_without_traceback() -> None:
    proc = cli("kw-visa", "--on", "2026-01-15")
    no_traceback(proc)
    assert proc.returncode == 2
    one_line(proc)


def test_unknown_command_json() -> None:
    proc = cli("kw-visa", "--json")
    no_traceback(proc)
    assert proc.returncode == 2
    assert json.loads(proc.stdout)["error"]["code"] == "unknown_command"


@pytest.mark.parametrize("lang", ["en", "ar"])
def test_unknown_option(lang: str) -> None:
    proc = cli(*KW_OK, "--colour", "blue", "--lang", lang, "--json")
    no_traceback(proc)
    assert proc.returncode == 2
    error = json.loads(proc.stdout)["error"]
    assert error["code"] == "unknown_option" and error["field"] == "colour"
    proc = cli(*KW_OK, "--colour", "blue", "--lang", lang)
    assert proc.returncode == 2
    line = one_line(proc)
    if lang == "ar":
        assert ARABIC.search(line)


def test_option_without_value_exits_2_without_traceback() -> None:
    proc = cli("kw-fine", "--category")
    no_traceback(proc)
    assert proc.returncode == 2
    one_line(proc)


def test_no_command_exits_2_without_traceback() -> None:
    proc = cli()
    no_traceback(proc)
    assert proc.returncode in (0, 2)
