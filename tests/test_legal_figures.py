"""No legal figure lives in code or wording: windows, limits, ages and renewal periods come from
the rules. Change them in a copy of the rules and the words, choices and results follow."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from calculator import estimate
from calculator.engine.rules import load_rulebook
from calculator.forms import form_spec

RULES = Path(__file__).resolve().parents[1] / "calculator" / "rules"


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{path.name} no longer holds {old!r}: update this test"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.fixture(scope="module")
def changed(tmp_path_factory) -> Path:
    rules = tmp_path_factory.mktemp("figures") / "rules"
    shutil.copytree(RULES, rules)
    _edit(rules / "kw" / "newborn.toml", "window_months = 4", "window_months = 5")
    _edit(rules / "sa" / "domestic_above_limit_levy.toml", "limit_saudi_employer = 4", "limit_saudi_employer = 7")
    _edit(rules / "sa" / "domestic_above_limit_levy.toml", "limit_expat_employer = 2", "limit_expat_employer = 3")
    _edit(rules / "sa" / "renewal_conditions.toml", "min_age = 6", "min_age = 8")
    _edit(rules / "sa" / "renewal_periods.toml", "domestic = [12, 24]", "domestic = [12, 36]")
    _edit(rules / "sa" / "late_renewal_fine.toml", "renew_days_before = 3", "renew_days_before = 5")
    _edit(rules / "kw" / "renewal_conditions.toml", "valid_months = 12", "valid_months = 9")
    return rules


def _field(spec: dict, name: str) -> dict:
    return next(f for f in spec["fields"] if f["name"] == name)


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_the_form_s_words_and_choices_follow_the_rules(changed, lang):
    book = load_rulebook(changed)
    newborn = next(c for c in _field(form_spec("kw-fine", lang, book), "category")["choices"]
                   if c["value"] == "newborn")
    assert "5" in newborn["label"] and "4" not in newborn["label"]
    renewal = form_spec("sa-renewal", lang, book)
    hint = _field(renewal, "above-limit")["hint"]
    assert "7" in hint and "3" in hint and "4" not in hint and "2" not in hint
    assert [c["value"] for c in _field(renewal, "months")["choices"]] == ["3", "6", "9", "12", "36"]
    biometrics = _field(form_spec("sa-ready", lang, book), "biometrics")["label"]
    assert "8" in biometrics and "6" not in biometrics
    passport = _field(form_spec("kw-ready", lang, book), "passport-valid")["label"]
    months = {"en": "9 months", "ar": "9 أشهر"}[lang]
    assert months in passport and "12" not in passport  # the months the kw-ready check asks for


@pytest.mark.parametrize("lang", ["ar", "en"])
def test_results_follow_the_rules(changed, lang):
    rules = str(changed)
    born = estimate("kw-fine", {"category": "newborn", "expired": "2025-03-10", "on": "2025-08-09"},
                    lang, rules_dir=rules)
    assert born["dates"]["deadline"]["gregorian"] == "2025-08-10"  # 5 months, not 4
    assert born["status"] == "valid"
    note = next(a["text"] for a in born["assumptions"] if a["code"] == "kw.newborn_deadline")
    assert "5" in note and "4" not in note.replace("2025", "")
    ready = estimate("sa-ready", {"biometrics": "no"}, lang, rules_dir=rules)
    check = next(c for c in ready["checks"] if c["code"] == "biometrics")
    assert "8" in check["text"] and "8" in check["fix"] and "6" not in check["text"]
    refused = estimate("sa-renewal", {"worker": "domestic", "months": "6", "on": "2026-01-15"},
                       lang, rules_dir=rules)
    assert refused["error"]["code"] == "domestic_no_split"
    assert "36" in refused["error"]["message"] and "24" not in refused["error"]["message"]
    ok = estimate("sa-renewal", {"worker": "domestic", "months": "36", "on": "2026-01-15"},
                  lang, rules_dir=rules)
    assert "error" not in ok, ok
    soon = estimate("sa-fine", {"expired": "2026-02-20", "on": "2026-02-01"}, lang, rules_dir=rules)
    early = next(s["text"] for s in soon["next_steps"] if s["code"] == "sa.early")
    assert "5" in early and "3" not in early  # Jawazat's advice, from the rule
    passport = next(c for c in estimate("kw-ready", {"passport-valid": "no"}, lang, rules_dir=rules)["checks"]
                    if c["code"] == "passport-valid")
    assert "9" in passport["text"] and "9" in passport["fix"] and "12" not in passport["text"]
