"""The case files pass inside Pyodide too: the runtime the browser uses (Python 3.14, wasm).

Runs tests/pyodide/run_cases.mjs under Node: it loads the npm `pyodide` package, installs the
wheels from dist/ (`make wheel`), and runs tests/test_cases.py with pytest inside Pyodide.
Pytest's own pure wheels for Python 3.14 are downloaded once into .cache/pyodide-wheels/.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "tests" / "pyodide" / "run_cases.mjs"
CACHE = Path(os.environ.get("IQAMA_PYODIDE_WHEELS", ROOT / ".cache" / "pyodide-wheels"))
DIST = Path(os.environ.get("IQAMA_DIST", ROOT / "dist"))


def _pin(name: str) -> str:
    text = (ROOT / "requirements-dev.txt").read_text(encoding="utf-8")
    match = re.search(rf"^{name}==([\w.]+)\s*$", text, re.M)
    return f"{name}=={match.group(1)}" if match else name


def _pyodide_wheels() -> Path:
    """Pure wheels of pytest, icalendar (the reminder tests parse with it) and their
    dependencies for Python 3.14, downloaded once."""
    pins = [_pin("pytest"), _pin("icalendar")]
    stamp = CACHE / "REQUIREMENT"
    if stamp.is_file() and stamp.read_text() == " ".join(pins):
        return CACHE
    shutil.rmtree(CACHE, ignore_errors=True)
    CACHE.mkdir(parents=True)
    subprocess.run(
        [sys.executable, "-m", "pip", "download", "-q", "--only-binary=:all:",
         "--python-version", "3.14", "--platform", "any", "--implementation", "py",
         "--dest", str(CACHE), *pins],
        check=True, timeout=300,
    )
    stamp.write_text(" ".join(pins))
    return CACHE


def test_case_files_pass_inside_pyodide() -> None:
    node = shutil.which("node")
    assert node, "Node.js is needed to run Pyodide (see the Makefile's install target)"
    assert (ROOT / "node_modules" / "pyodide" / "pyodide.mjs").is_file(), "run `make install`"
    wheels = list(DIST.glob("iqama_calculator-*.whl"))
    assert wheels, f"no calculator wheel in {DIST}: run `make wheel`"
    env = dict(os.environ, IQAMA_DIST=str(DIST), IQAMA_PYODIDE_WHEELS=str(_pyodide_wheels()))
    run = subprocess.run(
        [node, str(SCRIPT), "-q", str(ROOT / "tests" / "test_cases.py"),
         str(ROOT / "tests" / "test_reminder.py")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=600,
    )
    out = run.stdout + run.stderr
    if run.returncode != 0:
        pytest.fail(f"pytest inside Pyodide exited {run.returncode}:\n{out[-6000:]}")
    assert "on emscripten" in out, out[-2000:]
    assert re.search(r"\b\d+ passed\b", out), out[-2000:]
