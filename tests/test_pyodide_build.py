"""The browser wheel built by Pyodide's own build tool (`pyodide build`, pyodide-build) holds
exactly what the local build (`make wheel`: `python -m build`) holds, file for file, byte for
byte: the wheel the site ships is the one Pyodide's tooling would make.

Built offline by site_src/build/pyodide_wheel.py from node_modules/pyodide. pyodide-build needs
Python >= 3.12: without one the test is skipped, with the reason (Debian 12 has 3.11; these
machines have pyenv's 3.12 and 3.13). The Pages workflow runs this file in a Python 3.12 job,
`make pyodide-build PY=python3.12`, which fails instead of skipping, and deploys only after it.
"""
from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from scripts import load_script

ROOT = Path(__file__).resolve().parents[1]
DIST = Path(os.environ.get("IQAMA_DIST", ROOT / "dist"))


builder = load_script(ROOT / "site_src" / "build" / "pyodide_wheel.py", "_pyodide_wheel")
PYTHON = builder.find_python()


@pytest.mark.skipif(PYTHON is None, reason="pyodide-build needs Python >= 3.12 and none was found "
                    "(set IQAMA_PYODIDE_BUILD_PYTHON to one)")
def test_pyodide_build_makes_the_same_wheel_as_the_local_build() -> None:
    local = sorted(DIST.glob("iqama_calculator-*-py3-none-any.whl"))
    assert len(local) == 1, f"no calculator wheel in {DIST}: run `make wheel`"
    built = builder.build()
    assert built.name == local[0].name  # same name, so the same py3-none-any tag
    with zipfile.ZipFile(built) as ours, zipfile.ZipFile(local[0]) as theirs:
        assert sorted(ours.namelist()) == sorted(theirs.namelist())
        differ = [n for n in ours.namelist() if ours.read(n) != theirs.read(n)]
    assert not differ, f"pyodide build and python -m build differ in {differ}"
    assert any(n.startswith("calculator/rules/") and n.endswith(".toml") for n in ours.namelist())


def test_skipped_not_failed_without_python_312(tmp_path) -> None:
    # A machine with only Python 3.11: no python3.1x on PATH, no pyenv, the variable naming 3.11.
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    env = dict(os.environ, PATH=f"{bin_dir}{os.pathsep}/usr/bin{os.pathsep}/bin", PYENV_ROOT=str(tmp_path / "none"),
               IQAMA_PYODIDE_BUILD_PYTHON=sys.executable if sys.version_info < (3, 12) else "")
    if any((Path(d) / f"python3.{m}").exists() for d in ("/usr/bin", "/bin") for m in (12, 13, 14)):
        pytest.skip("this machine's /usr/bin has a Python >= 3.12")
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs", __file__, "-k",
         "same_wheel"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0 and "1 skipped" in out and "Python >= 3.12" in out, out[-2000:]
