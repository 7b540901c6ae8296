"""`make lint` checks every Python file of the code it names: ruff's excludes name only the
generated folders at the root (site/, build/, dist/), not tests/site/ or site_src/build/, which
a bare "site" or "build" pattern had left unchecked."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def test_ruff_checks_every_tracked_python_file_make_lint_names() -> None:
    recipe = re.search(r"^\t\$\(BIN\)/ruff check (.+)$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
    assert recipe, "make lint runs no ruff check"
    folders = recipe.group(1).split()
    try:
        tracked = subprocess.run(["git", "ls-files", "--", *(f"{d}/*.py" for d in folders)], cwd=ROOT,
                                 capture_output=True, text=True, check=True).stdout.split()
    except (OSError, subprocess.CalledProcessError):
        pytest.skip("not a git checkout")
    ruff = Path(sys.executable).with_name("ruff")
    shown = subprocess.run([str(ruff), "check", "--show-files", *folders], cwd=ROOT,
                           capture_output=True, text=True, check=True, timeout=60).stdout
    checked = {Path(line).resolve() for line in shown.splitlines() if line.endswith(".py")}
    missing = sorted(f for f in tracked if (ROOT / f).resolve() not in checked)
    assert any(f.startswith(("tests/site/", "site_src/build/")) for f in tracked)
    assert not missing, f"ruff leaves these out of `make lint`: {missing}"
