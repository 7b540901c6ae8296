"""The repository carries its own sources and decisions: nothing cites a document it does not
hold, every decision is written once in calculator/rules/DECISIONS.md and used, and what a
decision names (sources, assumptions, warnings, rules) exists."""
from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from calculator.engine.rules import check_rules, load_rulebook
from calculator.text import en

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "calculator" / "rules"
DECISIONS = (RULES / "DECISIONS.md").read_text(encoding="utf-8")
OUTSIDE = re.compile("FAC" + "TS|DESIGN" + r"\.md|\.\./" + "shared")  # split: this file is tracked too


def _tracked() -> list[Path]:
    try:
        out = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    return [ROOT / line for line in out.splitlines() if line and not line.startswith(".ci/")]


def test_nothing_cites_a_document_outside_the_repository():
    found = []
    for path in _tracked():
        try:
            text = path.read_text(encoding="utf-8")
        except (UnicodeDecodeError, FileNotFoundError, IsADirectoryError):
            continue
        for number, line in enumerate(text.splitlines(), 1):
            if OUTSIDE.search(line):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()[:100]}")
    assert found == []


def _sections() -> dict[str, str]:
    parts = re.split(r"^## (D\d+)\. ", DECISIONS, flags=re.M)
    return dict(zip(parts[1::2], parts[2::2]))


def test_every_decision_is_used_by_a_rule_or_a_case():
    cited = {d for rule in load_rulebook().rules() for d in _rule_decisions(rule.id)}
    cases = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests" / "cases").glob("*.toml"))
    cited |= set(re.findall(r"\bD\d+\b", cases))
    written = set(_sections())
    assert written, "DECISIONS.md has no '## D<n>. ' sections"
    assert sorted(written - cited - {"D7"}) == []  # D7 is about the pages' words, not a figure


def _rule_decisions(rule_id: str) -> list[str]:
    country, name = rule_id.split(".", 1)
    text = (RULES / country / f"{name}.toml").read_text(encoding="utf-8")
    line = re.search(r"^decisions = \[(.*?)\]", text, re.M)
    return re.findall(r'"(D\d+)"', line.group(1)) if line else []


def test_what_a_decision_names_exists():
    sources = set(load_rulebook().sources)
    rules = set(load_rulebook().rules_by_id)
    for number, body in _sections().items():
        for source in re.findall(r"`([a-z0-9]+_[a-z0-9_]+)`", body):
            if source.startswith(("window_", "grace_", "cap_", "to_", "from_")):
                continue  # rule keys, not sources
            assert source in sources, (number, source)
        for kind, code in re.findall(r"(assumptions?|warnings?) ((?:`[a-z_.]+`(?:, )?)+)", body):
            for one in re.findall(r"`([a-z_.]+)`", code):
                key = ("assume." if kind.startswith("assumption") else "warn.") + one
                assert key in en.TEXT, (number, key)
        for listed in re.findall(r"Rules?: ([^\n]+(?:\n  [^\n]+)*)", body):
            for rule in re.findall(r"`((?:kw|sa)\.[a-z_]+)`", listed):
                assert rule in rules, (number, rule)


def test_a_rule_naming_an_unknown_decision_is_refused(tmp_path):
    base = tmp_path / "rules"
    shutil.copytree(RULES, base)
    path = base / "kw" / "residence.toml"
    path.write_text(path.read_text(encoding="utf-8").replace('decisions = ["D1"', 'decisions = ["D99"', 1),
                    encoding="utf-8")
    problems = check_rules(base)
    assert any("kw/residence.toml" in p and "decisions" in p and "D99" in p for p in problems), problems
