"""MkDocs hook: put the browser runtime into the built site.

After the build, copy into ``site/assets/``:

* ``pyodide/`` - the self-hosted Pyodide runtime from the npm package (never a CDN);
* ``wheels/``  - the calculator wheel and hijridate's from ``dist/`` (``make wheel``), plus
  ``manifest.json`` listing them with their sha256 (the worker fetches ``file?v=sha``, so a
  rebuilt wheel is never served from a stale cache), Pyodide's ABI version (lets the worker
  skip fetching the 120 kB lock file) and the sha256 of ``pyodide/python_stdlib_min.zip``, the
  trimmed precompiled stdlib built by ``site_src/build/stdlib.py`` (``make stdlib``);
* ``widget/``  - the page script, the worker and the stylesheet from ``site_src/widget/``.

A missing file fails the build: a site whose calculator cannot load must not ship.
With mkdocs-static-i18n this runs once per language build; copying is skipped when the
target is already up to date.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[2]
PYODIDE_DIR = ROOT / "node_modules" / "pyodide"
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
    "python_stdlib.zip",
    "pyodide-lock.json",
)
# The trimmed, precompiled stdlib the worker loads (stdLibURL): site_src/build/stdlib.py.
STDLIB_MIN = ROOT / "build" / "pyodide" / "python_stdlib_min.zip"
DIST_DIR = Path(os.environ.get("IQAMA_DIST", ROOT / "dist"))  # override: for development only
WHEELS = ("iqama_calculator-*-py3-none-any.whl", "hijridate-*-py3-none-any.whl")
WIDGET_DIR = ROOT / "site_src" / "widget"
WIDGET_FILES = ("widget.js", "worker.js", "widget.css")


def _copy(src: Path, dest: Path) -> None:
    if not src.is_file():
        raise PluginError(f"runtime hook: missing {src} (run `make install` / `make wheel`)")
    if dest.is_file():
        s, d = src.stat(), dest.stat()
        if s.st_size == d.st_size and s.st_mtime_ns <= d.st_mtime_ns:
            return
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dest)


def _find_wheel(pattern: str) -> Path:
    found = sorted(DIST_DIR.glob(pattern))
    if len(found) != 1:
        raise PluginError(
            f"runtime hook: expected exactly one {pattern} in {DIST_DIR}, found "
            f"{[p.name for p in found]} (run `make wheel`)"
        )
    return found[0]


def on_post_build(config, **kwargs) -> None:
    assets = Path(config["site_dir"]) / "assets"
    for name in PYODIDE_FILES:
        _copy(PYODIDE_DIR / name, assets / "pyodide" / name)
    _copy(STDLIB_MIN, assets / "pyodide" / STDLIB_MIN.name)  # `make stdlib`
    for name in WIDGET_FILES:
        _copy(WIDGET_DIR / name, assets / "widget" / name)

    wheels_dir = assets / "wheels"
    if wheels_dir.exists():
        shutil.rmtree(wheels_dir)
    wheels_dir.mkdir(parents=True)
    entries = []
    for pattern in WHEELS:
        wheel = _find_wheel(pattern)
        shutil.copy2(wheel, wheels_dir / wheel.name)
        entries.append(
            {"file": wheel.name, "sha256": hashlib.sha256(wheel.read_bytes()).hexdigest()}
        )
    lock = json.loads((PYODIDE_DIR / "pyodide-lock.json").read_text(encoding="utf-8"))
    manifest = {
        "abi_version": lock["info"]["abi_version"],
        "stdlib": {"file": STDLIB_MIN.name,
                   "sha256": hashlib.sha256(STDLIB_MIN.read_bytes()).hexdigest()},
        "wheels": entries,
    }
    (wheels_dir / "manifest.json").write_text(json.dumps(manifest, indent=1), encoding="utf-8")
