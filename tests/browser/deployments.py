"""Two real deployments of the site for the service-worker tests (tests/browser/test_deployment*.py).

Deployment A is the built site (`make site`). Deployment B is a second real `mkdocs build` of a
copy of the sources that differs from A in three places a new release can change:

* the page script ``widget.js`` (it marks ``<html data-iqama-build="B">``; A's sets nothing),
* the app bundle (one more file in ``iqama_app.zip.gz``: a new content-hashed name, a new
  inline manifest in every calculator page, A's bundle gone),
* the Kuwait calculator page in both languages (a paragraph ``Build B.``).

``expected_bytes(site)`` maps every file the service worker may cache to its bytes' sha256, to
check a browser's offline cache entry by entry.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MARK_PAGE = "Build B."
WIDGET_MARK = '\ndocument.documentElement.dataset.iqamaBuild = "B";\n'
CALCULATOR_PAGES = ("docs/kuwait/calculator.md", "docs/kuwait/calculator.en.md")


def build_b(workdir: Path, site_a: Path) -> Path:
    """Build deployment B under `workdir` (sources copied, three changes, `mkdocs build`)."""
    src = workdir / "src"
    for name in ("docs", "site_src", "calculator"):
        shutil.copytree(ROOT / name, src / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", src / "mkdocs.yml")
    (src / "node_modules").symlink_to(ROOT / "node_modules")
    (src / "build" / "pyodide").mkdir(parents=True)
    for zipped in (ROOT / "build" / "pyodide").glob("*.zip.gz"):
        shutil.copy(zipped, src / "build" / "pyodide" / zipped.name)
    # 1. the page script
    widget = src / "site_src" / "widget" / "widget.js"
    widget.write_text(widget.read_text(encoding="utf-8") + WIDGET_MARK, encoding="utf-8")
    # 2. the app bundle: one more (harmless) file in the stored zip, gzipped again
    bundle = src / "build" / "pyodide" / "iqama_app.zip.gz"
    data = io.BytesIO(gzip.decompress(bundle.read_bytes()))
    with zipfile.ZipFile(data, "a", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("iqama_build_b.txt", "deployment B\n")
    bundle.write_bytes(gzip.compress(data.getvalue(), mtime=0))
    # 3. a page in both languages
    for rel in CALCULATOR_PAGES:
        page = src / rel
        page.write_text(page.read_text(encoding="utf-8") + f"\n\n{MARK_PAGE}\n", encoding="utf-8")
    site_b = workdir / "site"
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-f", str(src / "mkdocs.yml"),
                          "-d", str(site_b)], cwd=src, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stdout + run.stderr
    a_files = {p.relative_to(site_a).as_posix() for p in site_a.rglob("*") if p.is_file()}
    b_files = {p.relative_to(site_b).as_posix() for p in site_b.rglob("*") if p.is_file()}
    changed = {rel for rel in a_files & b_files if (site_a / rel).read_bytes() != (site_b / rel).read_bytes()}
    assert "assets/widget/widget.js" in changed and "kuwait/calculator/index.html" in changed
    assert [f for f in a_files - b_files if "iqama_app." in f], "B must not hold A's app bundle"
    return site_b


def version(site: Path) -> str:
    text = (site / "sw.js").read_text(encoding="utf-8")
    return text.split('const VERSION = "', 1)[1].split('"', 1)[0]


def expected_bytes(site: Path) -> dict[str, str]:
    """Site path as the service worker caches it ('', 'en/kuwait/pay/', 'assets/…') -> sha256."""
    found = {}
    for file in site.rglob("*"):
        if file.is_file():
            rel = file.relative_to(site).as_posix()
            if rel == "index.html" or rel.endswith("/index.html"):
                rel = rel[: -len("index.html")]
            found[rel] = hashlib.sha256(file.read_bytes()).hexdigest()
    return found


# In the page: every entry of the offline cache, as {path relative to the site: sha256 of its body}.
CACHE_DIGESTS_JS = """async ([name, root]) => {
  const cache = await caches.open(name);
  const out = {};
  for (const request of await cache.keys()) {
    const body = await (await cache.match(request)).arrayBuffer();
    const hash = await crypto.subtle.digest("SHA-256", body);
    const path = request.url.startsWith(root) ? request.url.slice(root.length) : request.url;
    out[path.split("?")[0]] = [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, "0")).join("");
  }
  return out;
}"""


def foreign_entries(cached: dict[str, str], site: Path) -> list[str]:
    """The cache entries whose bytes are not the deployment's `site` (or that it does not hold)."""
    want = expected_bytes(site)
    return sorted(f"{path} ({'not in this deployment' if path not in want else 'other bytes'})"
                  for path, digest in cached.items() if want.get(path) != digest)
