"""Load the calculator case files (tests/cases/*.toml) and compare a result with a case.

Stdlib only (tomllib): the same module runs under CPython >= 3.11 and inside Pyodide (3.14).

A case file holds `[[case]]` tables:

    name     a sentence with the date and the amount
    command  kw-fine | sa-fine | sa-renewal | sa-ready (or a bad one, for error cases)
    source   where the expectation comes from (FACTS.md / CONTRACT.md / DESIGN.md)
    [case.inputs]      param -> string, exactly as a user or a URL gives it
    [case.expect]      any subset of the result's fields; nested tables match a subset of a
                       nested dict (e.g. dates = { deadline = { gregorian = "2025-07-10" } });
                       for errors: error = "<code>", field = "<param>"
    [case.expect_not]  fields that must NOT have the given value
    expect_null = ["total"]     fields that must be null or absent
    nonempty = ["warnings"]     fields that must be a non-empty list
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CASES_DIR = Path(__file__).resolve().parent / "cases"
DATED_COMMANDS = ("kw-fine", "sa-fine", "sa-renewal")
ERROR_KEYS = ("error", "field")
_CASE_KEYS = {"name", "command", "source", "inputs", "expect", "expect_not", "expect_null", "nonempty"}
_SOURCE_WORDS = ("FACTS", "CONTRACT", "DESIGN")


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
    if not any(word in raw["source"] for word in _SOURCE_WORDS):
        raise CaseFileError(f"{where}: `source` must cite FACTS.md, CONTRACT.md or DESIGN.md")
    inputs = raw.get("inputs", {})
    if not isinstance(inputs, dict) or not all(isinstance(v, str) for v in inputs.values()):
        raise CaseFileError(f"{where}: every input must be a string, as a user would type it")
    expect = raw.get("expect", {})
    if not expect and not raw.get("expect_not") and not raw.get("expect_null"):
        raise CaseFileError(f"{where}: nothing is expected")
    if "error" in expect and set(expect) - set(ERROR_KEYS):
        raise CaseFileError(f"{where}: an error case expects only `error` and `field`")
    if raw["command"] in DATED_COMMANDS and "error" not in expect and not inputs.get("on"):
        raise CaseFileError(f"{where}: give `on` so the case does not depend on today")
    return Case(raw["name"], raw["command"], raw["source"], dict(inputs), dict(expect), where,
                dict(raw.get("expect_not", {})), tuple(raw.get("expect_null", ())),
                tuple(raw.get("nonempty", ())))


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
            _compare("error.field", case.expect["field"], error.get("field"), out)
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
    return out
