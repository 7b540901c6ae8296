"""Build the calculator's browser wheel with Pyodide's own build tool, `pyodide build`
(pyodide-build), offline, from the Pyodide the site ships (node_modules/pyodide).

pyodide-build runs only on Python >= 3.12 and, left alone, downloads a cross-build environment
and Emscripten. A pure-Python wheel needs neither: with PYODIDE_ROOT pointing at a folder
derived here from the npm package — a Makefile.envs naming its Python and Emscripten versions
and ABI (from pyodide-lock.json), the Emscripten sysconfigdata module (from python_stdlib.zip)
and an empty requirements file beside it — and SKIP_EMSCRIPTEN_VERSION_CHECK=1, nothing is
downloaded but the build requirements (setuptools, pinned to requirements-dev.txt's version so
the wheel is the local build's byte for byte).

    python site_src/build/pyodide_wheel.py     # prints the wheel's path (exit 3: no Python >= 3.12)

Env: IQAMA_PYODIDE_BUILD_PYTHON (a Python >= 3.12; default: python3.1x on PATH or pyenv's).
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "site_src") not in sys.path:  # run as a script, or loaded from its path by a test
    sys.path.insert(0, str(ROOT / "site_src"))
from pins import pin  # noqa: E402  (requirements-dev.txt's versions)

PYODIDE = ROOT / "node_modules" / "pyodide"
CACHE = ROOT / ".cache"
VENV = CACHE / "pyodide-build-venv"
XBUILDENV = CACHE / "pyodide-xbuildenv"
OUT = CACHE / "pyodide-build-dist"
PYODIDE_BUILD = "pyodide-build==0.39.2"
SYSCONFIG = "_sysconfigdata__emscripten_wasm32-emscripten"
SKIP = {".git", ".venv", "node_modules", ".cache", "site", "build", "dist", "mutants",
        ".pytest_cache", ".mypy_cache", ".ruff_cache", "__pycache__"}


def _version(python: str) -> tuple[int, int] | None:
    try:
        out = subprocess.run([python, "-c", "import sys; print(*sys.version_info[:2])"],
                             capture_output=True, text=True, timeout=30, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    major, minor = out.split()
    return int(major), int(minor)


def find_python() -> str | None:
    """A Python >= 3.12 (pyodide-build's floor), or None."""
    candidates = [os.environ.get("IQAMA_PYODIDE_BUILD_PYTHON", "")]
    candidates += [shutil.which(f"python3.{minor}") or "" for minor in (14, 13, 12)]
    pyenv = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv")) / "versions"
    candidates += [str(p) for p in sorted(pyenv.glob("3.1[2-9]*/bin/python"), reverse=True)]
    for python in filter(None, candidates):
        version = _version(python)
        if version and version >= (3, 12):
            return python
    return None


def _venv(python: str) -> Path:
    stamp = VENV / "REQUIREMENT"
    want = f"{python} {PYODIDE_BUILD}"
    if not (stamp.is_file() and stamp.read_text() == want):
        shutil.rmtree(VENV, ignore_errors=True)
        subprocess.run([python, "-m", "venv", str(VENV)], check=True, timeout=300)
        subprocess.run([str(VENV / "bin" / "pip"), "install", "-q", PYODIDE_BUILD], check=True, timeout=600)
        stamp.write_text(want)
    return VENV / "bin" / "pyodide"


def xbuildenv() -> Path:
    """The PYODIDE_ROOT folder (XBUILDENV/root), derived from node_modules/pyodide."""
    info = json.loads((PYODIDE / "pyodide-lock.json").read_text(encoding="utf-8"))["info"]
    major, minor, micro = info["python"].split(".")
    emscripten = info["platform"].removeprefix("emscripten_").replace("_", ".")
    root = XBUILDENV / "root"
    shutil.rmtree(XBUILDENV, ignore_errors=True)
    (root / "cpython" / "sysconfigdata").mkdir(parents=True)
    (XBUILDENV / "requirements.txt").write_text("")  # no cross-built packages to pin
    with zipfile.ZipFile(PYODIDE / "python_stdlib.zip") as stdlib:
        (root / "cpython" / "sysconfigdata" / f"{SYSCONFIG}.py").write_bytes(stdlib.read(f"{SYSCONFIG}.py"))
    variables = {
        "PYVERSION": info["python"], "PYMAJOR": major, "PYMINOR": minor, "PYMICRO": micro,
        "PYODIDE_EMSCRIPTEN_VERSION": emscripten, "PYODIDE_ABI_VERSION": info["abi_version"],
        "PLATFORM_TRIPLET": "wasm32-emscripten", "SYSCONFIG_NAME": SYSCONFIG,
        "CPYTHONINSTALL": "$(PYODIDE_ROOT)/cpython", "SYSCONFIGDATA_DIR": "$(CPYTHONINSTALL)/sysconfigdata",
        "TARGETINSTALLDIR": "$(PYODIDE_ROOT)/cpython",
        "PYTHONINCLUDE": f"$(PYODIDE_ROOT)/cpython/include/python{major}.{minor}",
    }
    lines = [f"export {key} ?= {value}" for key, value in variables.items()]
    (root / "Makefile.envs").write_text("\n".join(lines) + "\n\n.output_vars:\n\tset\n")
    return root


def build() -> Path:
    """Build the wheel into OUT with `pyodide build`; return its path. SystemExit(3) without
    a Python >= 3.12."""
    python = find_python()
    if python is None:
        raise SystemExit(3)
    pyodide = _venv(python)
    root = xbuildenv()
    shutil.rmtree(OUT, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="iqama-pyodide-build-") as tmp:
        source = Path(tmp) / "src"
        shutil.copytree(ROOT, source, ignore=lambda d, names: [
            n for n in names if n in SKIP or n.endswith(".egg-info")])
        constraints = Path(tmp) / "constraints.txt"
        constraints.write_text(pin("setuptools") + "\n")
        env = dict(os.environ, PYODIDE_ROOT=str(root), SKIP_EMSCRIPTEN_VERSION_CHECK="1",
                   PIP_CONSTRAINT=str(constraints), PIP_BUILD_CONSTRAINT=str(constraints))
        subprocess.run([str(pyodide), "build", str(source), "--outdir", str(OUT)], cwd=source,
                       env=env, check=True, timeout=600, stdout=subprocess.DEVNULL)
    wheels = sorted(OUT.glob("iqama_calculator-*.whl"))
    if len(wheels) != 1:
        raise SystemExit(f"pyodide build made {wheels}")
    return wheels[0]


if __name__ == "__main__":
    try:
        print(build())
    except SystemExit as exc:
        if exc.code == 3:
            print("pyodide-build needs Python >= 3.12: none found (set IQAMA_PYODIDE_BUILD_PYTHON)",
                  file=sys.stderr)
        raise
