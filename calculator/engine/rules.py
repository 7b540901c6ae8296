"""Load the dated, cited rules in calculator/rules/ and look a value up by date.

The TOML files are the only place a figure lives. A lookup for a date before the first known
value raises NoRule: the calculator says "cannot estimate", it never falls back to zero.
"""
from __future__ import annotations

import datetime as dt
import os
from functools import lru_cache
from pathlib import Path
from typing import Any

from .errors import CalcError
from .value import Value

try:  # only in the browser's app bundle: the rule files parsed at build time (see _parse)
    from ._rules_parsed import PARSED as _PARSED
except ImportError:
    _PARSED: dict[bytes, dict[str, Any]] = {}

RULES_DIR = Path(__file__).resolve().parent.parent / "rules"
ENV_RULES_DIR = "IQAMA_RULES_DIR"
REQUIRED_VALUE_KEYS = ("effective", "sources", "confidence", "last_verified")
CONFIDENCES = ("high", "medium", "low")


class RuleFileError(ValueError):
    """A rule file breaks the data contract (missing source, date, confidence...)."""


class Source(Value):
    __slots__ = ("id", "title", "publisher", "url", "published")
    id: str
    title: str
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


def _date(value: Any, where: str) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise RuleFileError(f"{where}: expected a TOML date, got {value!r}")


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

    return tomllib.loads(data.decode("utf-8"))


def _load_sources(path: Path) -> dict[str, Source]:
    raw = _parse(path)
    sources = {}
    for key, item in raw.items():
        if not item.get("title") or not item.get("publisher"):
            raise RuleFileError(f"{path.name}: source {key} needs a title and a publisher")
        published = item.get("published")
        sources[key] = Source(key, item["title"], item["publisher"], item.get("url"),
                              _date(published, key) if published is not None else None)
    return sources


def _load_rule(path: Path, sources: dict[str, Source]) -> Rule:
    raw = _parse(path)
    where = path.name
    for key in ("id", "kind", "unit", "label", "values"):
        if key not in raw:
            raise RuleFileError(f"{where}: missing `{key}`")
    if set(raw["label"]) != {"ar", "en"}:
        raise RuleFileError(f"{where}: label needs exactly `ar` and `en`")
    values = []
    for index, item in enumerate(raw["values"]):
        at = f"{where} values[{index}]"
        for key in REQUIRED_VALUE_KEYS:
            if not item.get(key):
                raise RuleFileError(f"{at}: missing `{key}`")
        if item["confidence"] not in CONFIDENCES:
            raise RuleFileError(f"{at}: confidence must be one of {CONFIDENCES}")
        for source_id in item["sources"]:
            if source_id not in sources:
                raise RuleFileError(f"{at}: unknown source `{source_id}`")
        data = {k: v for k, v in item.items() if k not in REQUIRED_VALUE_KEYS}
        values.append(RuleValue(_date(item["effective"], at), tuple(item["sources"]),
                                item["confidence"], _date(item["last_verified"], at), data))
    values.sort(key=lambda v: v.effective)
    return Rule(raw["id"], raw["kind"], raw["unit"], dict(raw["label"]), tuple(values),
                dict(raw.get("law", {})))


def load_rulebook(path: str | os.PathLike | None = None) -> RuleBook:
    """Read every rule under `path` (default: $IQAMA_RULES_DIR or the packaged rules)."""
    root = Path(path or os.environ.get(ENV_RULES_DIR) or RULES_DIR)
    return _load_cached(str(root.resolve()))


@lru_cache(maxsize=4)
def _load_cached(root: str) -> RuleBook:
    base = Path(root)
    sources = _load_sources(base / "sources.toml")
    rules: dict[str, Rule] = {}
    for file in sorted(base.glob("*/*.toml")):
        rule = _load_rule(file, sources)
        if rule.id in rules:
            raise RuleFileError(f"{file.name}: duplicate rule id {rule.id}")
        rules[rule.id] = rule
    return RuleBook(rules, sources)
