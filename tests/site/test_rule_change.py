"""Change one rule in a copy of calculator/rules, rebuild the site from it, see the pages change.

This is the proof that no figure is typed into a page: the residence cap lives only in
calculator/rules/kw/residence.toml, and every page that shows it follows the copy.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sitepages import Page

ROOT = Path(__file__).resolve().parents[2]
RULES = ROOT / "calculator" / "rules"


@pytest.fixture(scope="module")
def rebuilt(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("rules-change")
    rules = tmp / "rules"
    shutil.copytree(RULES, rules)
    toml = rules / "kw" / "residence.toml"
    text = toml.read_text(encoding="utf-8")
    # the first value in the file is the current one (new law); change its cap only
    changed = text.replace('cap = "1200"', 'cap = "1300"', 1)
    assert changed != text, "the residence rule no longer holds cap = \"1200\": update this test"
    toml.write_text(changed, encoding="utf-8")
    site = tmp / "site"
    env = {**os.environ, "IQAMA_RULES_DIR": str(rules)}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                          "--site-dir", str(site)], cwd=ROOT, env=env,
                         capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    return site


def test_the_fines_table_follows_the_rule(rebuilt):
    for lang, prefix, cap in (("en", "en/", "KD 1,300"), ("ar", "", "1,300 د.ك")):
        page = Page(rebuilt / prefix / "kuwait/fines/index.html")
        row = next(r for r in page.tables["kw-fines"] if r[2].startswith(("KD", "1,")) and
                   r[0] in ("Residence expired or renewal refused, and the foreigner did not leave",
                            "انتهاء مدة الإقامة أو رفض تجديدها وعدم المغادرة"))
        assert row[2] == cap, (lang, row)
        # 30 days x KD 2 = 60, then (1,300 - 60) / 4 = 310 days: the cap is reached on day 340
        assert row[3] == "340", (lang, row)


def test_inline_figures_follow_the_rule(rebuilt):
    page = Page(rebuilt / "en/kuwait/index.html")
    figures = dict(page.figures)
    assert figures["kw.residence.cap"] == "KD 1,300"
    assert figures["kw.residence.cap_day"] == "340"
    # the old-regime figure is another dated value of the same rule: untouched
    assert figures["kw.residence.cap@2024-12-31"] == "KD 600"


def test_the_unchanged_build_still_shows_the_real_rule(pages):
    assert dict(pages[("en", "kuwait/")].figures)["kw.residence.cap"] == "KD 1,200"


def test_an_unknown_figure_fails_the_build(tmp_path):
    docs = tmp_path / "docs"
    shutil.copytree(ROOT / "docs", docs)
    page = docs / "privacy.en.md"
    page.write_text(page.read_text(encoding="utf-8") + "\n{{ fig:kw.residence.no_such_field }}\n",
                    encoding="utf-8")
    config = tmp_path / "mkdocs.yml"
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    text = re.sub(r"^docs_dir: .*$", f"docs_dir: {docs}", text, flags=re.M)
    text = text.replace("custom_dir: site_src/overrides", f"custom_dir: {ROOT / 'site_src/overrides'}")
    text = re.sub(r"- site_src/hooks/", f"- {ROOT}/site_src/hooks/", text)
    config.write_text(text, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet",
                          "-f", str(config), "--site-dir", str(tmp_path / "site")],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert run.returncode != 0
    assert "no_such_field" in run.stderr
