"""Load the dated, cited rules in calculator/rules/ and look a value up by date.

The TOML files are the only place a figure lives. A lookup for a date before the first known
value raises NoRule: the calculator says "cannot estimate", it never falls back to zero.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from . import kinds
from .errors import CalcError
from .value import Value


def _parsed_at_build() -> dict[bytes, dict[str, Any]]:
    """Only in the browser's app bundle: the rule files parsed at build time (see _parse)."""
    try:
        from ._rules_parsed import PARSED  # type: ignore[import-not-found]
    except ImportError:
        return {}
    return PARSED


_PARSED = _parsed_at_build()

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
ENV_RULES_DIR = "IQAMA_RULES_DIR"
REQUIRED_VALUE_KEYS = tuple(kinds.COMMON)  # effective, sources, confidence, last_verified
CONFIDENCES = ("high", "medium", "low")


class RuleFileError(ValueError):
    """A rule file breaks the data contract: its message names the file, the key and what was
    expected, one problem a line (see calculator/rules/README.md and engine/kinds.py)."""


class Source(Value):
    """A cited source: `title` in each language ({"ar": ..., "en": ...}: a faithful translation
    of the title as published, the original kept in its own language); `publisher` as it
    names itself, in one form for both languages."""

    __slots__ = ("id", "title", "publisher", "url", "published")
    id: str
    title: dict[str, str]
    publisher: str
    url: str | None
    published: dt.date | None


class RuleValue(Value):
    """One dated value of a rule: what applies from `effective` until the next value."""

    __slots__ = ("effective", "sources", "confidence", "last_verified", "data")

    effective: dt.date
    sources: tuple[str, ...]
    confidence: str
    last_verified: dt.date
    data: dict[str, Any]


class Rule(Value):
    __slots__ = ("id", "kind", "unit", "label", "values", "law")
    id: str
    kind: str
    unit: str
    label: dict[str, str]
    values: tuple[RuleValue, ...]
    law: dict[str, str]

    def value_on(self, day: dt.date) -> RuleValue:
        """The value in force on `day`, or CalcError(no_rule) if none is known yet."""
        found = None
        for value in self.values:
            if value.effective <= day:
                found = value
        if found is None:
            raise CalcError("no_rule", None, rule=self.id, date=day.isoformat(),
                            first=self.values[0].effective.isoformat())
        return found


class RuleBook(Value):
    __slots__ = ("rules_by_id", "sources")
    rules_by_id: dict[str, Rule]
    sources: dict[str, Source]

    def rule(self, rule_id: str) -> Rule:
        return self.rules_by_id[rule_id]

    def rules(self, prefix: str = "") -> list[Rule]:
        return [r for k, r in sorted(self.rules_by_id.items()) if k.startswith(prefix)]


LABEL: kinds.Schema = {"ar": ("str", True), "en": ("str", True)}
SOURCE_SCHEMA: kinds.Schema = {"title": (LABEL, True), "publisher": ("str", True),
                               "url": ("str", False), "published": ("date", False)}
RULE_SCHEMA: kinds.Schema = {"id": ("str", True), "kind": (tuple(kinds.SCHEMAS), True),
                             "unit": ("str", True), "label": (LABEL, True), "law": (LABEL, False),
                             "decisions": (["decision"], False),
                             "values": ([{}], True)}  # each value: kinds.check_value


def _parse(path: Path) -> dict[str, Any]:
    """A rule file's TOML as a dict.

    The browser's app bundle also carries every rule file already parsed
    (calculator/engine/_rules_parsed.pyc, written by site_src/build/stdlib_pyodide.py), keyed
    by each file's exact bytes: parsing ~20 TOML files is ~50 ms of the calculator's start
    inside Pyodide. A file whose bytes are not in it is parsed here, so the parsed copy can
    never stand in for a changed file. Nothing below changes the dicts it returns.
    """
    data = path.read_bytes()
    parsed = _PARSED.get(data)
    if parsed is not None:
        return parsed
    import tomllib  # here: not imported at all where every file was parsed at build time

    try:
        return tomllib.loads(data.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        raise RuleFileError(f"{path.name}: not valid TOML: {error}") from None


def check_sources(raw: dict[str, Any], where: str = "sources.toml") -> list[str]:
    """Every problem of the parsed sources.toml (empty list: none)."""
    out: list[str] = []
    for key, item in raw.items():
        if not isinstance(item, dict):
            out.append(f"{where}: `{key}`: expected a table [{key}] with title and publisher")
        else:
            kinds.check_table(SOURCE_SCHEMA, item, f"{where}: [{key}]", set(), out)
    return out


def check_rule(raw: dict[str, Any], where: str, sources: set[str]) -> list[str]:
    """Every problem of one parsed rule file. `where` is its path under the rules folder,
    "kw/residence.toml": the file name must be the rule id ("kw.residence")."""
    out: list[str] = []
    top = {k: v for k, v in raw.items() if k != "values"}
    kinds.check_table({k: v for k, v in RULE_SCHEMA.items() if k != "values"}, top, where, sources, out)
    expected_id = where.removesuffix(".toml").replace("/", ".")
    if isinstance(raw.get("id"), str) and raw["id"] != expected_id:
        out.append(f"{where}: `id` is {raw['id']!r} but the file name says {expected_id!r} "
                   f"(expected the file to be named after the rule id)")
    kind = raw.get("kind")
    if kind in kinds.UNITS and raw.get("unit") not in kinds.UNITS[kind]:
        out.append(f"{where}.unit: expected one of {', '.join(kinds.UNITS[kind])} for kind {kind!r}, "
                   f"got {raw.get('unit')!r}")
    values = raw.get("values")
    if not isinstance(values, list) or not values or not all(isinstance(v, dict) for v in values):
        out.append(f"{where}: missing key `values` (expected one or more [[values]] tables)")
        return out
    if kind in kinds.SCHEMAS:
        for index, value in enumerate(values):
            out += kinds.check_value(kind, value, f"{where}: values[{index}]", sources)
    dates = [v.get("effective") for v in values]
    if all(isinstance(d, dt.date) for d in dates) and len(dates) > 1:
        if len(set(dates)) != len(dates):
            out.append(f"{where}: values[].effective: two values take effect on the same day "
                       f"(expected one value per effective date)")
        elif dates != sorted(dates) and dates != sorted(dates, reverse=True):
            out.append(f"{where}: values[].effective: dates out of order "
                       f"(expected newest first or oldest first throughout), got "
                       + ", ".join(d.isoformat() for d in dates))
    return out


def _rule(raw: dict[str, Any], sources: dict[str, Source]) -> Rule:
    """A Rule from a parsed file that check_rule found sound."""
    values = []
    for item in raw["values"]:
        data = {k: v for k, v in item.items() if k not in REQUIRED_VALUE_KEYS}
        values.append(RuleValue(item["effective"], tuple(item["sources"]), item["confidence"],
                                item["last_verified"], data))
    values.sort(key=lambda v: v.effective)
    return Rule(raw["id"], raw["kind"], raw["unit"], dict(raw["label"]), tuple(values),
                dict(raw.get("law", {})))


def rule_files(base: Path) -> list[Path]:
    return sorted(base.glob("*/*.toml"))


def check_rules(path: str | os.PathLike | None = None) -> list[str]:
    """Every problem of every file in a rules folder (default: the packaged rules), all at once:
    the checks `load_rulebook` makes, file by file. Empty list: the folder is sound."""
    base = Path(path or RULES_DIR)
    problems: list[str] = []
    source_file = base / "sources.toml"
    if not source_file.is_file():
        return [f"{base}: missing sources.toml"]
    try:
        raw_sources = _parse(source_file)
    except RuleFileError as error:
        return [str(error)]
    problems += check_sources(raw_sources)
    decisions_file = base / "DECISIONS.md"
    decisions = (set(re.findall(r"^## (D[0-9]+)\.", decisions_file.read_text(encoding="utf-8"), re.M))
                 if decisions_file.is_file() else None)
    ids: dict[str, str] = {}
    files = rule_files(base)
    if not files:
        problems.append(f"{base}: no rule files (expected <country>/<rule>.toml)")
    for file in files:
        where = file.relative_to(base).as_posix()
        try:
            raw = _parse(file)
        except RuleFileError as error:
            problems.append(f"{where}: {str(error).split(': ', 1)[-1]}")
            continue
        problems += check_rule(raw, where, set(raw_sources))
        named = raw.get("decisions")
        if decisions is not None and isinstance(named, list):
            problems += [f"{where}.decisions: {d!r} is not a decision in DECISIONS.md (expected one of "
                         f"{', '.join(sorted(decisions, key=lambda x: int(x[1:])))})"
                         for d in named if isinstance(d, str) and d not in decisions]
        rule_id = raw.get("id")
        if isinstance(rule_id, str):
            if rule_id in ids:
                problems.append(f"{where}: `id` {rule_id!r} is also the id of {ids[rule_id]}")
            ids[rule_id] = where
    return problems


def load_rulebook(path: str | os.PathLike | None = None) -> RuleBook:
    """Read every rule under `path` (default: $IQAMA_RULES_DIR or the packaged rules)."""
    root = Path(path or os.environ.get(ENV_RULES_DIR) or RULES_DIR)
    return _load_cached(str(root.resolve()))


@lru_cache(maxsize=4)
def _load_cached(root: str) -> RuleBook:
    base = Path(root)
    raw_sources = _parse(base / "sources.toml")
    problems = check_sources(raw_sources)
    if problems:
        raise RuleFileError("\n".join(problems))
    sources = {key: Source(key, dict(item["title"]), item["publisher"], item.get("url"), item.get("published"))
               for key, item in raw_sources.items()}
    rules: dict[str, Rule] = {}
    for file in rule_files(base):
        where = file.relative_to(base).as_posix()
        raw = _parse(file)
        problems = check_rule(raw, where, set(sources))
        if problems:
            raise RuleFileError("\n".join(problems))
        if raw["id"] in rules:
            raise RuleFileError(f"{where}: `id` {raw['id']!r} is also the id of another file")
        rules[raw["id"]] = _rule(raw, sources)
    return RuleBook(rules, sources)
