"""MkDocs hook: put the browser runtime into the built site.

After the build, copy into ``site/assets/``:

* ``pyodide/`` - the self-hosted Pyodide runtime from the npm package (never a CDN);
  and ``pyodide/python_stdlib_min.<hash>.zip.gz``, the trimmed precompiled stdlib;
* ``wheels/``  - ``iqama_app.<hash>.zip.gz``, the calculator and hijridate precompiled to .pyc
  with the rules' data files (the worker unpacks it; the wheels themselves are not shipped), and
  ``manifest.json`` naming both files and Pyodide's ABI version (lets the worker skip fetching
  the 120 kB lock file). Both are stored zips gzipped whole, built by ``site_src/build/stdlib.py``
  (``make stdlib``) from the wheels in ``dist/``. ``<hash>`` is the start of the file's sha256: a new build is a
  new URL (never a stale cached copy), and the same URL everywhere it is fetched (the worker
  and the offline cache), so no file is downloaded twice;
* ``widget/``  - the page script, the worker and the stylesheet from ``site_src/widget/``.

``on_post_page`` gives every page holding a calculator (``iq-widget``), first in <head>, a
one-line inline script that starts the worker while the page is parsed and laid out (the
page script adopts it), and at the end of <head> the page script as an ``async`` module.
(Material's bundle, and with it its search worker, waits until search is wanted:
site_src/overrides/main.html.)

A missing file fails the build: a site whose calculator cannot load must not ship.
With mkdocs-static-i18n this runs once per language build; copying is skipped when the
target is already up to date.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parents[2]
PYODIDE_DIR = ROOT / "node_modules" / "pyodide"
# What the site's worker loads. Pyodide's full stdlib and lock file are not deployed: the worker
# loads the trimmed stdlib and gets the lock's ABI version inline; the benchmark's naive baseline
# gets them from node_modules (site_src/bench/benchmark.py, /__bench__/pyodide/).
PYODIDE_FILES = (
    "pyodide.mjs",
    "pyodide.asm.mjs",
    "pyodide.asm.wasm",
)
# Built by site_src/build/stdlib.py (`make stdlib`): the trimmed, precompiled stdlib the worker
# loads (stdLibURL) and the precompiled calculator + hijridate it unpacks.
STDLIB_MIN = ROOT / "build" / "pyodide" / "python_stdlib_min.zip.gz"
APP_BUNDLE = ROOT / "build" / "pyodide" / "iqama_app.zip.gz"
WIDGET_DIR = ROOT / "site_src" / "widget"
WIDGET_FILES = ("widget.js", "worker.js", "precompile.js", "widget.css")
WIDGET_MARK = 'class="iq-widget"'
CHARSET = '<meta charset="utf-8">'
EARLY_START = (
    '(()=>{try{const w=new Worker("WORKER",{type:"module"}),q=[];'
    "w.onmessage=w.onerror=(e)=>{e.preventDefault();q.push(e)};"
    'w.postMessage({type:"init",manifest:MANIFEST});window.__iqamaWorker={worker:w,queue:q}}catch(e){}})()'
)
HEAD_END = "</head>"


def _copy(src: Path, dest: Path) -> None:
    if not src.is_file():
        raise PluginError(f"runtime hook: missing {src} (run `make install` / `make wheel`)")
    if dest.is_file():
        s, d = src.stat(), dest.stat()
        if s.st_size == d.st_size and s.st_mtime_ns <= d.st_mtime_ns:
            return
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy2(src, dest)


def _hashed(src: Path) -> tuple[str, str]:
    """(name with the content hash, sha256): iqama_app.zip.gz -> iqama_app.1a2b3c4d5e6f7a8b.zip.gz"""
    if not src.is_file():
        raise PluginError(f"runtime hook: missing {src} (run `make stdlib`)")
    digest = hashlib.sha256(src.read_bytes()).hexdigest()
    stem, _, suffixes = src.name.partition(".")
    return f"{stem}.{digest[:16]}.{suffixes}", digest


def _copy_hashed(src: Path, folder: Path, name: str) -> None:
    """Copy `src` into `folder` as `name` (its hashed name) and drop an earlier build's copy."""
    folder.mkdir(parents=True, exist_ok=True)
    stem, _, suffixes = src.name.partition(".")
    pattern = re.compile(re.escape(stem) + r"\.[0-9a-f]{16}\." + re.escape(suffixes))
    for old in folder.iterdir():  # an earlier build's copy
        if pattern.fullmatch(old.name) and old.name != name:
            old.unlink()
    _copy(src, folder / name)


def _stamp(path: Path) -> tuple[int, int]:
    if not path.is_file():
        raise PluginError(f"runtime hook: missing {path} (run `make stdlib`)")
    st = path.stat()
    return st.st_size, st.st_mtime_ns


@functools.lru_cache(maxsize=4)
def _manifest_for(stamps: tuple) -> dict:
    # `stamps` (size and mtime of both zips) is only the cache key: hashed once per build
    lock = json.loads((PYODIDE_DIR / "pyodide-lock.json").read_text(encoding="utf-8"))
    files = {}
    for key, src in (("stdlib", STDLIB_MIN), ("app", APP_BUNDLE)):
        name, digest = _hashed(src)
        files[key] = {"file": name, "sha256": digest, "bytes": src.stat().st_size}
    # what the worker downloads with fetch(), in bytes as stored: its progress bar counts them
    download = (files["stdlib"]["bytes"] + files["app"]["bytes"]
                + (PYODIDE_DIR / "pyodide.asm.wasm").stat().st_size)
    return {"abi_version": lock["info"]["abi_version"], "download_bytes": download, **files}


def manifest() -> dict:
    """What the worker needs to start: Pyodide's ABI version and the hashed names of the two
    zips. Written to assets/wheels/manifest.json, and given to the worker inline on every
    calculator page (no request, no round trip before the downloads start)."""
    return _manifest_for((_stamp(STDLIB_MIN), _stamp(APP_BUNDLE)))


def on_post_page(output: str, page, config, **kwargs) -> str:
    """Early hints in <head> for pages with a calculator (see the module docstring)."""
    if WIDGET_MARK not in output or HEAD_END not in output:
        return output
    assets = get_relative_url("assets/", page.url)
    # First thing in <head>, before the stylesheets (an inline script after them waits for
    # them): start the worker while the page is still being parsed and laid out, keeping its
    # first messages; widget.js adopts it (startWorker).
    start = (EARLY_START.replace("WORKER", f"{assets}widget/worker.js")
             .replace("MANIFEST", json.dumps(manifest(), separators=(",", ":"))))
    output = output.replace(CHARSET, f"{CHARSET}\n    <script>{start}</script>", 1)
    # The page script, as early as possible (it sets the forms up as soon as they are parsed).
    # No modulepreload for the worker or Pyodide's loader: the worker, started above, asks
    # for them itself, and a page's preload is not shared with a worker (a second request).
    links = [f'<script type="module" async src="{assets}widget/widget.js"></script>']
    head, _, tail = output.partition(HEAD_END)
    return head + "".join(f"  {link}\n" for link in links) + HEAD_END + tail


def on_post_build(config, **kwargs) -> None:
    assets = Path(config["site_dir"]) / "assets"
    for name in PYODIDE_FILES:
        _copy(PYODIDE_DIR / name, assets / "pyodide" / name)
    for name in WIDGET_FILES:
        _copy(WIDGET_DIR / name, assets / "widget" / name)
    shipped = manifest()
    _copy_hashed(STDLIB_MIN, assets / "pyodide", shipped["stdlib"]["file"])
    wheels_dir = assets / "wheels"
    for old in wheels_dir.glob("*.whl"):  # the wheels are no longer shipped
        old.unlink()
    _copy_hashed(APP_BUNDLE, wheels_dir, shipped["app"]["file"])
    text = json.dumps(shipped, indent=1)
    target = wheels_dir / "manifest.json"
    if not target.is_file() or target.read_text(encoding="utf-8") != text:
        target.write_text(text, encoding="utf-8")
