"""The --dist-dir that pytest-pyodide loads Pyodide from, built offline.

pytest-pyodide starts Pyodide (in Node, or in a Chromium page served from it) from a "dist"
folder and loads packages by name through that folder's pyodide-lock.json; a package the lock
does not name is looked for on a CDN, which fails here. So the folder is: the files of the npm `pyodide` package (the very
Pyodide the site ships) and a lock file rewritten to name only the wheels the tests load:
the site's own wheels from dist/ (`make wheel`: the calculator and hijridate) and pure py3
wheels of pytest, tblib (tracebacks back to the host) and icalendar (the reminder tests) with
their dependencies, downloaded once for Python 3.14 into .cache/pyodide-wheels/.

    python tests/pyodide/pyodide_dist.py     # builds .cache/pyodide-dist/ and prints its path
"""
from __future__ import annotations

import email.parser
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT / "site_src") not in sys.path:  # run as a script, or loaded from its path by a test
    sys.path.insert(0, str(ROOT / "site_src"))
from pins import pin  # noqa: E402  (requirements-dev.txt's versions)

PYODIDE = ROOT / "node_modules" / "pyodide"
DIST = Path(os.environ.get("IQAMA_DIST", ROOT / "dist"))
WHEELS = Path(os.environ.get("IQAMA_PYODIDE_WHEELS", ROOT / ".cache" / "pyodide-wheels"))
OUT = Path(os.environ.get("IQAMA_PYODIDE_DIST", ROOT / ".cache" / "pyodide-dist"))
# what the tests inside Pyodide import (pins from requirements-dev.txt)
TEST_REQUIREMENTS = ("pytest", "tblib", "icalendar")
# the markers of the runtime (Pyodide 314: CPython 3.14 on Emscripten)
MARKERS = {"python_version": "3.14", "python_full_version": "3.14.2", "sys_platform": "emscripten",
           "platform_system": "Emscripten", "platform_machine": "wasm32", "os_name": "posix",
           "implementation_name": "cpython", "platform_python_implementation": "CPython",
           "extra": ""}


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def test_wheels() -> list[Path]:
    """Pure wheels of the test requirements and their dependencies for Python 3.14 (cached)."""
    pins = [pin(name) for name in TEST_REQUIREMENTS]
    stamp = WHEELS / "REQUIREMENT"
    if not (stamp.is_file() and stamp.read_text() == " ".join(pins)):
        shutil.rmtree(WHEELS, ignore_errors=True)
        WHEELS.mkdir(parents=True)
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "-q", "--only-binary=:all:",
             "--python-version", "3.14", "--platform", "any", "--implementation", "py",
             "--dest", str(WHEELS), *pins],
            check=True, timeout=300,
        )
        stamp.write_text(" ".join(pins))
    return sorted(WHEELS.glob("*.whl"))


def site_wheels() -> list[Path]:
    found = []
    for pattern in ("iqama_calculator-*-py3-none-any.whl", "hijridate-*-py3-none-any.whl"):
        matches = sorted(DIST.glob(pattern))
        if len(matches) != 1:
            raise SystemExit(f"expected one {pattern} in {DIST}, found {len(matches)}: run `make wheel`")
        found += matches
    return found


def _entry(wheel: Path) -> dict:
    from packaging.markers import Marker
    from packaging.requirements import Requirement

    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        meta_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
        meta = email.parser.Parser().parsestr(archive.read(meta_name).decode("utf-8"))
    depends = []
    for line in meta.get_all("Requires-Dist") or []:
        req = Requirement(line)
        if req.marker is None or Marker(str(req.marker)).evaluate(MARKERS):
            depends.append(_norm(req.name))
    tops = sorted({n.split("/")[0].removesuffix(".py") for n in names
                   if not n.split("/")[0].endswith((".dist-info", ".data"))})
    return {
        "name": _norm(meta["Name"]), "version": meta["Version"], "file_name": wheel.name,
        "install_dir": "site", "sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(),
        "package_type": "package", "imports": tops, "depends": depends,
        "unvendored_tests": False, "shared_library": False,
    }


def build() -> Path:
    """Build OUT (a copy of node_modules/pyodide, the wheels, the rewritten lock); return it."""
    if not (PYODIDE / "pyodide.js").is_file():
        raise SystemExit(f"{PYODIDE} is missing: run `make install`")
    wheels = site_wheels() + test_wheels()
    entries = {}
    for wheel in wheels:
        entry = _entry(wheel)
        entries[entry["name"]] = entry
    for entry in entries.values():  # keep only what the folder holds (an extra's deps are not)
        entry["depends"] = sorted(d for d in set(entry["depends"]) if d in entries)
    lock = json.loads((PYODIDE / "pyodide-lock.json").read_text(encoding="utf-8"))
    lock["packages"] = dict(sorted(entries.items()))
    tmp = OUT.with_name(OUT.name + f".tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copytree(PYODIDE, tmp, ignore=shutil.ignore_patterns("pyodide-lock.json", "*.map"))
    for wheel in wheels:
        shutil.copy2(wheel, tmp / wheel.name)
    (tmp / "pyodide-lock.json").write_text(json.dumps(lock, indent=1), encoding="utf-8")
    shutil.rmtree(OUT, ignore_errors=True)
    tmp.rename(OUT)
    return OUT


if __name__ == "__main__":
    print(build())
