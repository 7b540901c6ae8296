"""Every figure in calculator/rules/ is dated and cited (calculator/rules/README.md).

Layout (calculator/rules/): `sources.toml` is the registry (`[source_id]` tables with a title in both languages);
each `<country>/<rule>.toml` has `id`, `kind`, `unit`, `label = {ar, en}` and `[[values]]`, each
value with `effective` (date), `sources` (non-empty list of registry ids), `confidence`
(high|medium|low) and `last_verified` (date, kept apart from `effective`). Any nested table that
carries its own `sources` (e.g. checklist items) must cite registry ids too. Money is a decimal
string, never a TOML float (D6).

`rule_problems()` is an independent checker; a broken copy of the rules proves it fails.
"""
from __future__ import annotations

import datetime as dt
import re
import shutil
import tomllib
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "calculator" / "rules"
CONFIDENCES = {"high", "medium", "low"}
MONEY_KEYS = {"amount", "cap", "rate"}


def _is_date(value: Any) -> bool:
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def _walk(node: Any, where: str):
    """Yield (where, dict) for every table nested inside `node`."""
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from _walk(value, f"{where}.{key}")
    elif isinstance(node, list):
        for index, item in enumerate(node):
            yield from _walk(item, f"{where}[{index}]")


def _money_problems(node: Any, where: str) -> list[str]:
    out = []
    for at, table in _walk(node, where):
        for key, value in table.items():
            if isinstance(value, float):
                out.append(f"{at}.{key}: a float ({value!r}); money must be a decimal string (D6)")
            elif key in MONEY_KEYS or key == "rates":
                for item in (value.values() if isinstance(value, dict) else [value]):
                    if isinstance(item, str):
                        try:
                            Decimal(item)
                        except InvalidOperation:
                            out.append(f"{at}.{key}: {item!r} is not a decimal")
                    elif not isinstance(item, (int, dict, list)):
                        out.append(f"{at}.{key}: {item!r} is not a decimal string")
    return out


def _sources_problems(ids: Any, registry: dict[str, Any], where: str) -> list[str]:
    if not isinstance(ids, list) or not ids:
        return [f"{where}: `sources` must be a non-empty list"]
    out = []
    for source_id in ids:
        if not isinstance(source_id, str) or source_id not in registry:
            out.append(f"{where}: source {source_id!r} is not in sources.toml")
    return out


def rule_problems(rules_dir: Path) -> list[str]:
    """Everything wrong with the rules under `rules_dir` (empty list = all values cited)."""
    out: list[str] = []
    registry_file = rules_dir / "sources.toml"
    if not registry_file.is_file():
        return [f"{registry_file}: missing"]
    registry = tomllib.loads(registry_file.read_text(encoding="utf-8"))
    for source_id, item in registry.items():
        title = item.get("title") if isinstance(item, dict) else None
        if not isinstance(title, dict) or not all(str(title.get(lang, "")).strip() for lang in ("ar", "en")):
            out.append(f"sources.toml [{source_id}]: needs a title in Arabic and English")
        if item.get("url") is not None and not re.match(r"^https?://", str(item["url"])):
            out.append(f"sources.toml [{source_id}]: url must be http(s)")
        if "published" in item and not _is_date(item["published"]):
            out.append(f"sources.toml [{source_id}]: published must be a TOML date")
    files = sorted(rules_dir.glob("*/*.toml"))
    if not files:
        out.append(f"{rules_dir}: no rule files")
    seen_ids: dict[str, str] = {}
    for path in files:
        name = f"{path.parent.name}/{path.name}"
        try:
            rule = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            out.append(f"{name}: not valid TOML ({exc})")
            continue
        rule_id = rule.get("id")
        if not rule_id:
            out.append(f"{name}: missing `id`")
        elif rule_id in seen_ids:
            out.append(f"{name}: id {rule_id} also used by {seen_ids[rule_id]}")
        else:
            seen_ids[rule_id] = name
        label = rule.get("label")
        if not isinstance(label, dict) or not all(str(label.get(k, "")).strip() for k in ("ar", "en")):
            out.append(f"{name}: `label` needs `ar` and `en`")
        values = rule.get("values")
        if not isinstance(values, list) or not values:
            out.append(f"{name}: no [[values]]")
            continue
        for index, value in enumerate(values):
            at = f"{name} values[{index}]"
            out += _sources_problems(value.get("sources"), registry, at)
            if value.get("confidence") not in CONFIDENCES:
                out.append(f"{at}: `confidence` must be one of {sorted(CONFIDENCES)}")
            for key in ("effective", "last_verified"):
                if not _is_date(value.get(key)):
                    out.append(f"{at}: `{key}` must be a TOML date")
            for where, table in _walk(value, at):
                if table is not value and "sources" in table:
                    out += _sources_problems(table["sources"], registry, where)
            out += _money_problems(value, at)
        effective = [v.get("effective") for v in values if _is_date(v.get("effective"))]
        if len(set(effective)) != len(effective):
            out.append(f"{name}: two values share an effective date")
    return out


# ---- the real rules -----------------------------------------------------------------------------

def test_every_rule_value_is_dated_and_cited() -> None:
    problems = rule_problems(RULES)
    assert not problems, "\n".join(problems)


def test_rules_cover_every_kuwait_category_and_saudi_figure() -> None:
    ids = {tomllib.loads(p.read_text(encoding="utf-8")).get("id") for p in RULES.glob("*/*.toml")}
    for category in ("residence", "entry_visa", "temporary", "work_absence", "newborn", "domestic",
                     "domestic_entry_visa", "domestic_temporary", "visit"):
        assert f"kw.{category}" in ids
    for rule in ("late_renewal_fine", "iqama_fee", "work_permit_fee", "expat_levy",
                 "dependents_levy", "domestic_iqama_fee", "domestic_above_limit_levy",
                 "absher_business_fee", "industrial_levy_exemption"):
        assert f"sa.{rule}" in ids


def test_the_calculator_loads_the_same_rules() -> None:
    from calculator.engine.rules import load_rulebook
    book = load_rulebook(RULES)
    ids = {tomllib.loads(p.read_text(encoding="utf-8"))["id"] for p in RULES.glob("*/*.toml")}
    assert set(book.rules_by_id) == ids


# ---- the checker fails on a broken copy ---------------------------------------------------------

TARGET = "kw/residence.toml"


def _first(pattern: str, repl: str):
    def mutate(text: str) -> str:
        new, count = re.subn(pattern, repl, text, count=1, flags=re.MULTILINE)
        assert count == 1, f"pattern {pattern!r} not found in {TARGET}"
        return new
    return mutate


BREAKAGES = {
    "sources missing": _first(r"^sources = .*\n", ""),
    "sources empty": _first(r"^sources = .*$", "sources = []"),
    "source unknown": _first(r"^sources = \[", 'sources = ["no_such_source", '),
    "confidence missing": _first(r"^confidence = .*\n", ""),
    "confidence invalid": _first(r"^confidence = .*$", 'confidence = "certain"'),
    "last_verified missing": _first(r"^last_verified = .*\n", ""),
    "last_verified not a date": _first(r"^last_verified = .*$", 'last_verified = "2026-11-24"'),
    "effective missing": _first(r"^effective = .*\n", ""),
    "money as float": _first(r'^cap = "1200"$', "cap = 1200.0"),
}


@pytest.fixture()
def rules_copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(RULES, target)
    return target


def test_the_checker_passes_an_unbroken_copy(rules_copy: Path) -> None:
    assert rule_problems(rules_copy) == []


@pytest.mark.parametrize("breakage", sorted(BREAKAGES))
def test_the_checker_fails_on_a_broken_rule(rules_copy: Path, breakage: str) -> None:
    path = rules_copy / TARGET
    path.write_text(BREAKAGES[breakage](path.read_text(encoding="utf-8")), encoding="utf-8")
    problems = rule_problems(rules_copy)
    assert problems and all(TARGET.split("/")[1] in p for p in problems), problems


def test_the_checker_fails_on_an_uncited_checklist_item(rules_copy: Path) -> None:
    path = rules_copy / "sa" / "renewal_conditions.toml"
    text = path.read_text(encoding="utf-8")
    broken, count = re.subn(r'sources = \["allrawda_2023_03"\] \}', 'sources = ["nowhere"] }', text, count=1)
    assert count == 1
    path.write_text(broken, encoding="utf-8")
    assert any("nowhere" in p for p in rule_problems(rules_copy))


def test_the_checker_fails_on_a_source_missing_from_the_registry(rules_copy: Path) -> None:
    registry = rules_copy / "sources.toml"
    text = registry.read_text(encoding="utf-8")
    registry.write_text(re.sub(r"^\[almashhad_qabas\]$", "[renamed_source]", text, flags=re.MULTILINE),
                        encoding="utf-8")
    assert any("almashhad_qabas" in p for p in rule_problems(rules_copy))
