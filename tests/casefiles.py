"""Load the calculator case files (tests/cases/*.toml) and compare a result with a case.

Stdlib only (tomllib): the same module runs under CPython >= 3.11 and inside Pyodide (3.14).

A case file holds `[[case]]` tables:

    name     a sentence with the date and the amount
    command  kw-fine | kw-renewal | sa-fine | sa-renewal | sa-ready (or a bad one, for error cases)
    source   where the expectation comes from: source ids from calculator/rules/sources.toml
             in brackets ("[kuna_2025_01_04 arabtimes_2025_01_04]"), decision ids from
             calculator/rules/DECISIONS.md ("D1"), or CONTRACT (calculator/CONTRACT.md);
             at least one of them, and nothing outside the repository
    [case.inputs]      param -> string, exactly as a user or a URL gives it
    [case.expect]      any subset of the result's fields; nested tables match a subset of a
                       nested dict (e.g. dates = { deadline = { gregorian = "2025-07-10" } });
                       for errors: error = "<code>", field = "<param>"
    [case.expect_not]  fields that must NOT have the given value
    expect_null = ["total"]     fields that must be null or absent
    nonempty = ["warnings"]     fields that must be a non-empty list

The whole result (issue 16), each optional:

    status = "capped"           shorthand for expect.status
    lines = [{ code = "kw.days_1_30", amount = "60.000" }, ...]
                                the result's lines, exactly these codes and amounts in this order;
                                their amounts must add up to expect.total (checked when loading),
                                or be [] where expect_null holds "total"
    headline_has = ["315"]      numbers the headline states (e.g. the cap day), as whole numbers:
                                Arabic-Indic digits and thousands separators are read as ASCII
    assumptions = ["kw.first_month"]   codes that must be among the result's assumptions
    warnings = ["kw.old_regime"]       ... among its warnings
    next_steps = ["kw.lookup"]         ... among its next steps
    absent = ["kw.old_regime"]         codes that must be in none of those three lists
    rules = ["kw.residence"]           the ids of the rules the result cites, exactly (any order)
    rule_says = { "kw.residence" = ["2", "30", "1,200"] }
                                numbers each cited rule's `value` (the rule in words) must state
    sources = ["almashhad_qabas"]      the ids of the sources the result cites, exactly (any order)
    checks = [{ code = "biometrics", ok = false, fix = true }, ...]
                                sa-ready: these checks have this `ok` (and a `fix` text or none)
    blockers = ["biometrics"]   sa-ready: exactly these blockers, in this order

Every result, named or not: its lines add up to its total (a result without a total has no
lines), and an error names its `field` when the case gives one (`field = ""` = no field).
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

CASES_DIR = Path(__file__).resolve().parent / "cases"
DATED_COMMANDS = ("kw-fine", "kw-renewal", "sa-fine", "sa-renewal")
ERROR_KEYS = ("error", "field")
_WHOLE_KEYS = ("status", "lines", "headline_has", "assumptions", "warnings", "next_steps", "absent",
               "rules", "rule_says", "sources", "checks", "blockers")
_CASE_KEYS = {"name", "command", "source", "inputs", "expect", "expect_not", "expect_null",
              "nonempty", *_WHOLE_KEYS}
_NOTE_LISTS = ("assumptions", "warnings", "next_steps")
_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_RULES = Path(__file__).resolve().parents[1] / "calculator" / "rules"
_OUTSIDE = re.compile("FAC" + "TS|DESIGN" + r"|\.\./" + "shared")  # documents not in the repository
_DECISION = re.compile(r"\bD(\d+)\b")
_BRACKETS = re.compile(r"\[([a-z0-9_ ]+)\]")


def _known_ids() -> tuple[set[str], set[str]] | None:
    """Source ids and decision ids, when the repository's rules folder is at hand (not inside
    Pyodide, where only tests/ is mounted: the CPython run checks them)."""
    try:
        sources = set(tomllib.loads((_RULES / "sources.toml").read_text(encoding="utf-8")))
        decisions = set(re.findall(r"^## (D\d+)\.", (_RULES / "DECISIONS.md").read_text(encoding="utf-8"), re.M))
    except OSError:
        return None
    return sources, decisions


_IDS = _known_ids()


def _check_source(text: str, where: str) -> None:
    if _OUTSIDE.search(text):
        raise CaseFileError(f"{where}: `source` cites a document outside the repository; cite "
                            "source ids from calculator/rules/sources.toml, decisions (D1…) or CONTRACT.md")
    cited = [i for group in _BRACKETS.findall(text) for i in group.split()]
    decisions = ["D" + n for n in _DECISION.findall(text)]
    if not cited and not decisions and "CONTRACT" not in text:  # CONTRACT = calculator/CONTRACT.md
        raise CaseFileError(f"{where}: `source` must cite [source ids], a decision (D1…) or CONTRACT.md")
    if _IDS is not None:
        sources, known = _IDS
        unknown = [i for i in cited if i not in sources] + [d for d in decisions if d not in known]
        if unknown:
            raise CaseFileError(f"{where}: `source` names {unknown}, not in sources.toml or DECISIONS.md")


@dataclass(frozen=True)
class Case:
    name: str
    command: str
    source: str
    inputs: dict[str, str]
    expect: dict[str, Any]
    file: str
    expect_not: dict[str, Any] = field(default_factory=dict)
    expect_null: tuple[str, ...] = ()
    nonempty: tuple[str, ...] = ()
    whole: dict[str, Any] = field(default_factory=dict)

    @property
    def is_error(self) -> bool:
        return "error" in self.expect

    @property
    def id(self) -> str:
        return f"{Path(self.file).stem}: {self.name}"


class CaseFileError(ValueError):
    """A case file breaks the format above."""


def _case(raw: dict[str, Any], where: str) -> Case:
    unknown = set(raw) - _CASE_KEYS
    if unknown:
        raise CaseFileError(f"{where}: unknown keys {sorted(unknown)}")
    for key in ("name", "command", "source"):
        if not isinstance(raw.get(key), str) or not raw[key].strip():
            raise CaseFileError(f"{where}: `{key}` must be a non-empty string")
    _check_source(raw["source"], where)
    inputs = raw.get("inputs", {})
    if not isinstance(inputs, dict) or not all(isinstance(v, str) for v in inputs.values()):
        raise CaseFileError(f"{where}: every input must be a string, as a user would type it")
    expect = dict(raw.get("expect", {}))
    whole = {k: raw[k] for k in _WHOLE_KEYS if k in raw}
    if "status" in whole:
        if "status" in expect and expect["status"] != whole["status"]:
            raise CaseFileError(f"{where}: `status` and `expect.status` disagree")
        expect["status"] = whole.pop("status")
    _check_whole(whole, expect, tuple(raw.get("expect_null", ())), where)
    if not expect and not raw.get("expect_not") and not raw.get("expect_null") and not whole:
        raise CaseFileError(f"{where}: nothing is expected")
    if "error" in expect and (set(expect) - set(ERROR_KEYS) or whole):
        raise CaseFileError(f"{where}: an error case expects only `error` and `field`")
    if raw["command"] in DATED_COMMANDS and "error" not in expect and not inputs.get("on"):
        raise CaseFileError(f"{where}: give `on` so the case does not depend on today")
    return Case(raw["name"], raw["command"], raw["source"], dict(inputs), expect, where,
                dict(raw.get("expect_not", {})), tuple(raw.get("expect_null", ())),
                tuple(raw.get("nonempty", ())), whole)


def _strings(value: Any) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v for v in value)


def _check_whole(whole: dict[str, Any], expect: dict[str, Any], null: tuple[str, ...],
                 where: str) -> None:
    """The whole-result keys are well formed, and stated lines add up to the stated total."""
    for key in ("headline_has", "assumptions", "warnings", "next_steps", "absent", "rules",
                "sources", "blockers"):
        if key in whole and not _strings(whole[key]):
            raise CaseFileError(f"{where}: `{key}` must be a list of non-empty strings")
    lines = whole.get("lines")
    if lines is not None:
        if not isinstance(lines, list) or not all(
                isinstance(x, dict) and {"code", "amount"} <= set(x) <= {"code", "amount", "payer"}
                for x in lines):
            raise CaseFileError(f"{where}: `lines` is a list of {{ code, amount, payer? }}")
        if "total" in null:
            if lines:
                raise CaseFileError(f"{where}: a result without a total has no lines")
        elif "total" not in expect:
            raise CaseFileError(f"{where}: `lines` needs `expect.total` (or a null total) to add up to")
        elif _sum(x["amount"] for x in lines) != Decimal(expect["total"]):
            raise CaseFileError(f"{where}: the stated lines do not add up to expect.total")
    says = whole.get("rule_says")
    if says is not None and not (isinstance(says, dict) and all(_strings(v) for v in says.values())):
        raise CaseFileError(f"{where}: `rule_says` maps a rule id to a list of numbers")
    checks = whole.get("checks")
    if checks is not None and not (isinstance(checks, list) and all(
            isinstance(c, dict) and "code" in c and set(c) <= {"code", "ok", "fix", "answer"}
            for c in checks)):
        raise CaseFileError(f"{where}: `checks` is a list of {{ code, ok?, fix?, answer? }}")


def _sum(amounts: Any) -> Decimal:
    return sum((Decimal(a) for a in amounts), Decimal(0))


def load_cases(directory: str | Path | None = None) -> list[Case]:
    """Every case of every tests/cases/*.toml file, in file order. Names must be unique."""
    base = Path(directory) if directory is not None else CASES_DIR
    cases: list[Case] = []
    for path in sorted(base.glob("*.toml")):
        data = tomllib.loads(path.read_text(encoding="utf-8"))
        for index, raw in enumerate(data.get("case", [])):
            cases.append(_case(raw, f"{path.name}[{index}]"))
    seen: set[str] = set()
    for case in cases:
        if case.name in seen:
            raise CaseFileError(f"{case.file}: duplicate case name {case.name!r}")
        seen.add(case.name)
    return cases


def _same(expected: Any, got: Any) -> bool:
    # bool is an int in Python: True must not match 1, nor 0 match False.
    if isinstance(expected, bool) or isinstance(got, bool):
        return type(expected) is type(got) and expected == got
    return expected == got


def _compare(path: str, expected: Any, got: Any, out: list[str]) -> None:
    if isinstance(expected, dict):
        if not isinstance(got, dict):
            out.append(f"{path}: expected an object, got {got!r}")
            return
        for key, value in expected.items():
            if key not in got:
                out.append(f"{path}.{key}: missing (expected {value!r})")
            else:
                _compare(f"{path}.{key}", value, got[key], out)
    elif not _same(expected, got):
        out.append(f"{path}: expected {expected!r}, got {got!r}")


def check(case: Case, result: dict[str, Any]) -> list[str]:
    """The mismatches between `case` and a result of calculator.estimate (empty = pass)."""
    out: list[str] = []
    if not isinstance(result, dict):
        return [f"result is not a dict: {result!r}"]
    error = result.get("error")
    if case.is_error:
        if not isinstance(error, dict):
            return [f"expected error {case.expect['error']!r}, got a result: "
                    f"status={result.get('status')!r} total={result.get('total')!r}"]
        _compare("error", {"code": case.expect["error"]}, error, out)
        if "field" in case.expect:
            _compare("error.field", case.expect["field"] or None, error.get("field"), out)
        return out
    if error is not None:
        return [f"unexpected error {error!r}"]
    for key, value in case.expect.items():
        if key not in result:
            out.append(f"{key}: missing (expected {value!r})")
        else:
            _compare(key, value, result[key], out)
    for key, value in case.expect_not.items():
        if key in result and _same(value, result[key]):
            out.append(f"{key}: must not be {value!r}")
    for key in case.expect_null:
        if result.get(key) is not None:
            out.append(f"{key}: expected null/absent, got {result[key]!r}")
    for key in case.nonempty:
        value = result.get(key)
        if not isinstance(value, list) or not value:
            out.append(f"{key}: expected a non-empty list, got {value!r}")
    out += lines_add_up(result)
    out += contract_shape(result)
    out += _check_whole_result(case.whole, result)
    return out


# calculator/CONTRACT.md: the fields of a result, of each of its items, and their types.
RESULT_FIELDS = ("command", "lang", "status", "total", "total_text", "currency", "days_late",
                 "days_remaining", "deportation", "headline", "dates", "lines", "rules", "sources",
                 "assumptions", "warnings", "next_steps", "last_verified")
ITEM_FIELDS = {
    "lines": ("code", "amount", "amount_text", "text"),
    "rules": ("id", "label", "value", "effective", "confidence", "last_verified", "sources"),
    "sources": ("id", "title", "publisher", "url", "published"),
    "assumptions": ("code", "text"), "warnings": ("code", "text"), "next_steps": ("code", "text"),
    "checks": ("code", "answer", "ok", "text", "fix", "sources"),
}
TEXT_FIELDS = {"lines": ("amount_text", "text"), "rules": ("label", "value"),
               "sources": ("title", "publisher"), "assumptions": ("text",), "warnings": ("text",),
               "next_steps": ("text",), "checks": ("text",)}
_NONE_WORD = re.compile(r"\bNone\b")


def contract_shape(result: dict[str, Any]) -> list[str]:
    """Problems with the shape of a successful result (CONTRACT.md): every field present, every
    item of every list with its fields, every reader-facing text non-empty and free of a Python
    `None` that slipped into a sentence."""
    out = [f"missing field {key!r}" for key in RESULT_FIELDS if key not in result]
    if result.get("command") == "sa-ready":
        out += [f"missing field {key!r}" for key in ("ready", "checks", "blockers") if key not in result]
    texts = [("headline", result.get("headline"))]
    if result.get("total") is not None:
        texts.append(("total_text", result.get("total_text")))
    for key, fields in ITEM_FIELDS.items():
        items = result.get(key) or []
        if not isinstance(items, list):
            out.append(f"{key}: expected a list, got {items!r}")
            continue
        for index, item in enumerate(items):
            if not isinstance(item, dict) or set(fields) - set(item):
                out.append(f"{key}[{index}]: expected the fields {fields}, got {item!r}")
                continue
            texts += [(f"{key}[{index}].{name}", item[name]) for name in TEXT_FIELDS.get(key, ())]
            if key == "rules" and not item["sources"]:
                out.append(f"rules[{index}]: cites no source")
            if key == "checks" and item["fix"] is not None:
                texts.append((f"checks[{index}].fix", item["fix"]))
    for where, text in texts:
        if not isinstance(text, str) or not text.strip():
            out.append(f"{where}: expected a text, got {text!r}")
        elif _NONE_WORD.search(text):
            out.append(f"{where}: a missing value reads as 'None': {text!r}")
    cited = {s.get("id") for s in result.get("sources") or [] if isinstance(s, dict)}
    for rule in result.get("rules") or []:
        if isinstance(rule, dict) and not set(rule.get("sources") or []) <= cited:
            out.append(f"rules: {rule.get('id')} cites sources missing from `sources`")
    return out


def lines_add_up(result: dict[str, Any]) -> list[str]:
    """Problems with a result's lines: they must add up exactly to its total (in the currency's
    minor unit), and a result without a total has no lines."""
    lines = result.get("lines") or []
    total = result.get("total")
    if total is None:
        return [f"lines without a total: {lines!r}"] if lines else []
    try:
        added = _sum(line["amount"] for line in lines)
    except (KeyError, TypeError, InvalidOperation):
        return [f"lines: unreadable amounts {lines!r}"]
    if added != Decimal(total):
        return [f"lines add up to {added}, the total is {total}"]
    return []


def _codes(result: dict[str, Any], key: str) -> list[str]:
    return [item.get("code") for item in result.get(key) or [] if isinstance(item, dict)]


def _number(text: str) -> str:
    """ "1,200.000" -> "1200", "51.75" -> "51.75": a number as written, compared by value."""
    plain = text.replace(",", "")
    return plain.rstrip("0").rstrip(".") if "." in plain else plain


def _numbers(text: str) -> list[str]:
    plain = text.translate(_DIGITS).replace("٬", ",").replace("٫", ".")
    return [_number(n) for n in re.findall(r"\d[\d,]*(?:\.\d+)?", plain)]


def _check_whole_result(whole: dict[str, Any], result: dict[str, Any]) -> list[str]:
    out: list[str] = []
    if "lines" in whole:
        keys = ("code", "amount", "payer") if any("payer" in x for x in whole["lines"]) else ("code", "amount")
        got = [{k: x.get(k) for k in keys if k in x or k != "payer"} for x in result.get("lines") or []]
        if got != whole["lines"]:
            out.append(f"lines: expected {whole['lines']!r}, got {got!r}")
    if "headline_has" in whole:
        numbers = _numbers(str(result.get("headline", "")))
        for wanted in whole["headline_has"]:
            if _number(wanted) not in numbers:
                out.append(f"headline: expected the number {wanted} in {result.get('headline')!r}")
    for key in _NOTE_LISTS:
        missing = [c for c in whole.get(key, ()) if c not in _codes(result, key)]
        if missing:
            out.append(f"{key}: missing {missing}, got {_codes(result, key)}")
    for code in whole.get("absent", ()):
        for key in _NOTE_LISTS:
            if code in _codes(result, key):
                out.append(f"{key}: {code!r} must not be there")
    if "rules" in whole:
        got_rules = [r.get("id") for r in result.get("rules") or []]
        if sorted(got_rules) != sorted(whole["rules"]):
            out.append(f"rules: expected {sorted(whole['rules'])}, got {got_rules}")
    for rule_id, wanted in whole.get("rule_says", {}).items():
        found = [r for r in result.get("rules") or [] if r.get("id") == rule_id]
        if not found:
            out.append(f"rule_says: {rule_id} is not among the rules cited")
            continue
        numbers = _numbers(str(found[0].get("value", "")))
        missing = [n for n in wanted if _number(n) not in numbers]
        if missing:
            out.append(f"rules.{rule_id}.value: expected the numbers {missing} in {found[0].get('value')!r}")
    if "sources" in whole:
        got_sources = [s.get("id") for s in result.get("sources") or []]
        if sorted(got_sources) != sorted(whole["sources"]):
            out.append(f"sources: expected {sorted(whole['sources'])}, got {got_sources}")
    for wanted in whole.get("checks", ()):
        found = [c for c in result.get("checks") or [] if c.get("code") == wanted["code"]]
        if len(found) != 1:
            out.append(f"checks: expected one check {wanted['code']!r}, got {len(found)}")
            continue
        got = found[0]
        for key in ("ok", "answer"):
            if key in wanted and not _same(wanted[key], got.get(key)):
                out.append(f"checks.{wanted['code']}.{key}: expected {wanted[key]!r}, got {got.get(key)!r}")
        if "fix" in wanted:
            has_fix = isinstance(got.get("fix"), str) and bool(got["fix"].strip())
            if has_fix != wanted["fix"] or (not wanted["fix"] and got.get("fix") is not None):
                out.append(f"checks.{wanted['code']}.fix: expected {'a text' if wanted['fix'] else 'none'}, "
                           f"got {got.get('fix')!r}")
    if "blockers" in whole and result.get("blockers") != whole["blockers"]:
        out.append(f"blockers: expected {whole['blockers']!r}, got {result.get('blockers')!r}")
    return out
