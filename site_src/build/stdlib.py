"""Build the trimmed, precompiled standard library and the app bundle the browser worker loads.

    python site_src/build/stdlib.py [--force]          (run by `make stdlib`, before mkdocs)

Pyodide's python_stdlib.zip holds ~600 `.py` files (2.5 MB gzipped) and a start compiles every
module it imports. This writes build/pyodide/python_stdlib_min.zip: only the modules Pyodide and
the calculator actually import (recorded inside Pyodide, plus a margin), compiled to unchecked
hash-based `.pyc` by the same Pyodide (same bytecode version). The runtime hook copies it to
site/assets/pyodide/ and the worker passes it as `loadPyodide({stdLibURL})`.
It also writes build/pyodide/iqama_app.zip: the calculator and hijridate from the wheels,
precompiled to sourceless .pyc by the same Pyodide, with the rules' data files; the worker
unpacks it instead of installing the wheels, so `import calculator` compiles nothing.

Both zips are stored (entries not deflated) and shipped as one gzip stream each (`<zip>.gz`,
made by Zopfli - `zopfli` in requirements-dev.txt; plain gzip -9 without it - no name or time
in the header: reproducible): compressing the archive as a whole finds the redundancy between
modules that per-file deflate cannot (stdlib: 0.97 MB deflated per file, 0.87 MB gzip -9,
0.84 MB Zopfli). Static hosts do not recompress .zip files, so the compression is done here; the worker
unpacks the stream with DecompressionStream.

The work happens in Node (stdlib.mjs + stdlib_pyodide.py). It is redone only when an input
changes: the wheels' contents, the Pyodide package (version and stdlib zip), or these scripts.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
PYODIDE_DIR = ROOT / "node_modules" / "pyodide"
DIST_DIR = Path(os.environ.get("IQAMA_DIST", ROOT / "dist"))
WHEELS = ("iqama_calculator-*-py3-none-any.whl", "hijridate-*-py3-none-any.whl")
OUT_DIR = ROOT / "build" / "pyodide"
OUT_NAME = "python_stdlib_min.zip"
OUTPUT = OUT_DIR / OUT_NAME
APP_OUTPUT = OUT_DIR / "iqama_app.zip"
SHIPPED = {OUTPUT: OUT_DIR / (OUT_NAME + ".gz"), APP_OUTPUT: OUT_DIR / (APP_OUTPUT.name + ".gz")}
STAMP = OUT_DIR / (OUT_NAME + ".inputs")
SCRIPTS = (HERE / "stdlib.py", HERE / "stdlib.mjs", HERE / "stdlib_pyodide.py")


def wheels() -> list[Path]:
    found = []
    for pattern in WHEELS:
        matches = sorted(DIST_DIR.glob(pattern))
        if len(matches) != 1:
            sys.exit(f"stdlib: expected one {pattern} in {DIST_DIR}, found "
                     f"{[p.name for p in matches]} (run `make wheel`)")
        found.append(matches[0])
    return found


def _wheel_digest(path: Path) -> str:
    # The members, not the zip bytes: a rebuilt wheel with the same files has the same digest.
    digest = hashlib.sha256()
    with zipfile.ZipFile(path) as wheel:
        for name in sorted(wheel.namelist()):
            digest.update(name.encode() + b"\0" + hashlib.sha256(wheel.read(name)).digest())
    return digest.hexdigest()


def inputs_key(wheel_paths: list[Path]) -> str:
    package = json.loads((PYODIDE_DIR / "package.json").read_text(encoding="utf-8"))
    parts = {
        "pyodide": package["version"],
        "python_stdlib.zip": hashlib.sha256((PYODIDE_DIR / "python_stdlib.zip").read_bytes()).hexdigest(),
        "wheels": {p.name: _wheel_digest(p) for p in wheel_paths},
        "scripts": {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in SCRIPTS},
        "compressor": _compressor(),
    }
    return json.dumps(parts, indent=1, sort_keys=True)


def build(wheel_paths: list[Path]) -> None:
    OUT_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=OUT_DIR, prefix=".tmp-") as tmp:
        subprocess.run(
            ["node", str(HERE / "stdlib.mjs"), str(HERE / "stdlib_pyodide.py"), tmp,
             *map(str, wheel_paths)],
            cwd=ROOT, check=True,
        )
        for name in (OUT_NAME, OUT_NAME + ".modules.txt", APP_OUTPUT.name):
            shutil.move(os.path.join(tmp, name), OUT_DIR / name)
    for archive, shipped in SHIPPED.items():
        shipped.write_bytes(gzip_bytes(archive.read_bytes()))


def _compressor() -> str:
    try:
        import zopfli.gzip  # noqa: F401
    except ImportError:
        return "gzip -9"
    return "zopfli"


def gzip_bytes(data: bytes) -> bytes:
    """A gzip stream without a file name and with mtime 0: the same input gives the same bytes."""
    if _compressor() == "zopfli":
        import zopfli.gzip

        return zopfli.gzip.compress(data)
    return gzip.compress(data, compresslevel=9, mtime=0)


def main(argv: list[str]) -> int:
    wheel_paths = wheels()
    key = inputs_key(wheel_paths)
    outputs = (OUTPUT, APP_OUTPUT, *SHIPPED.values())
    if "--force" not in argv and all(p.is_file() for p in outputs) and STAMP.is_file() \
            and STAMP.read_text(encoding="utf-8") == key:
        print(f"stdlib: {OUTPUT.relative_to(ROOT)} is up to date")
        return 0
    STAMP.unlink(missing_ok=True)
    build(wheel_paths)
    STAMP.write_text(key, encoding="utf-8")
    for shipped in SHIPPED.values():
        print(f"stdlib: wrote {shipped.relative_to(ROOT)} ({shipped.stat().st_size / 1e3:.0f} kB)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
