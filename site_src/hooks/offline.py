"""MkDocs hook: the site works offline after one visit (a service worker used only as a cache).

1. on_post_page: every page loads ``assets/offline/register.js`` (an external module script, so
   the CSP needs no new hash), by a URL relative to the page: it works under any sub-path.
2. on_post_build: copies ``site_src/offline/register.js`` to ``site/assets/offline/`` and writes
   ``site/sw.js`` from ``site_src/offline/sw.js`` with
   * ``PRECACHE`` - the URLs, relative to the site root, of every page (as its folder URL,
     ``kuwait/calculator/``) in both languages and every asset a page or the calculator uses,
     found by walking the built site (see ``precache_paths`` for what is left out and why), in
     two groups: ``core`` (cached at install) and ``calculator`` (cached once a calculator page
     asks for it);
     and ``sha256``, each file's digest (the worker keeps a response only when its bytes are
     this deployment's);
   * ``VERSION``  - a hash of those files' paths and bytes (and of the worker's own code): any
     change to any of them gives a new cache name, so a new deployment replaces the old copy.

Runs last: with mkdocs-static-i18n, on_post_build runs once per language build, and the
default language's i18n on_post_build (priority -100) builds the other languages and then
rewrites the search index; this hook's priority (-200) puts it after all of that.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parents[2]
SOURCE = ROOT / "site_src" / "offline"
REGISTER = "assets/offline/register.js"
VERSION_MARK = '"__IQAMA_VERSION__"'
PRECACHE_MARK = "/* __IQAMA_PRECACHE__ */ {}"

# Left out of the precache (a browser never asks for them while reading or calculating):
SKIP_SUFFIXES = (".map",)  # source maps
SKIP_FILES = {
    "sw.js",  # the worker itself: the browser keeps it
    "404.html",  # GitHub Pages serves it at unknown URLs, where its relative links break
    "sitemap.xml",  # for crawlers; changes with the build date
    "sitemap.xml.gz",
    # Material's lunr word segmenters for Japanese and Thai (search here is en + ar)
    "assets/javascripts/lunr/tinyseg.js",
    "assets/javascripts/lunr/wordcut.js",
}
LUNR_DIR = "assets/javascripts/lunr/min/"
# The calculator's runtime (Pyodide, wheels, widget: ~12 MB, 4 MB compressed) is cached only once
# a page with a calculator has been opened, so reading a guide on a metered connection costs a
# few hundred kB, not megabytes.
CALCULATOR_PREFIXES = ("assets/pyodide/", "assets/wheels/", "assets/widget/")
LUNR_ALWAYS = ("stemmer.support", "multi")
DIGEST_HEX = 16  # 64 bits of each file's sha256: tells two deployments' files apart


def _search_langs(site: Path) -> tuple[str, ...]:
    """The languages Material's search worker loads lunr for: those the search index names."""
    index = site / "search" / "search_index.json"
    if not index.is_file():
        return ()
    langs = json.loads(index.read_text(encoding="utf-8")).get("config", {}).get("lang") or []
    return tuple(str(x) for x in langs)


def precache_paths(site: Path) -> list[str]:
    """Site-root-relative URLs to cache, sorted: pages as their folder URL, assets as files."""
    search_langs = _search_langs(site)
    keep_lunr = {f"{LUNR_DIR}lunr.{name}.min.js" for name in (*LUNR_ALWAYS, *search_langs)}
    paths = []
    for file in site.rglob("*"):
        if not file.is_file():
            continue
        rel = file.relative_to(site).as_posix()
        if rel in SKIP_FILES or rel.endswith(SKIP_SUFFIXES):
            continue
        if rel.startswith(LUNR_DIR) and rel not in keep_lunr:
            continue
        if rel == "index.html":
            rel = "./"
        elif rel.endswith("/index.html"):
            rel = rel[: -len("index.html")]
        paths.append(rel)
    return sorted(paths)


def _file_of(site: Path, path: str) -> Path:
    return site / (path + "index.html" if path.endswith("/") else path)


def file_digests(site: Path, paths: list[str]) -> dict[str, str]:
    """path -> the start (16 hex digits) of the sha256 of its bytes: what the worker checks a
    response against before it keeps it (a file of another deployment is never kept)."""
    return {path: hashlib.sha256(_file_of(site, path).read_bytes()).hexdigest()[:DIGEST_HEX]
            for path in paths}


def build_version(site: Path, paths: list[str], worker_source: str) -> str:
    """A short hash of the worker's code and each precached path and its bytes."""
    digest = hashlib.sha256(worker_source.encode("utf-8"))
    for path in paths:
        digest.update(f"\0{path}\0".encode())
        digest.update(hashlib.sha256(_file_of(site, path).read_bytes()).digest())
    return digest.hexdigest()[:16]


def write_service_worker(site: Path) -> dict:
    """Write site/sw.js (and register.js); return {version, files, bytes}."""
    source = (SOURCE / "sw.js").read_text(encoding="utf-8")
    if VERSION_MARK not in source or PRECACHE_MARK not in source:
        raise PluginError("offline hook: sw.js lost its VERSION / PRECACHE placeholders")
    register = site / REGISTER
    register.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(SOURCE / "register.js", register)
    paths = precache_paths(site)
    version = build_version(site, paths, source)
    groups = {
        "core": [p for p in paths if not p.startswith(CALCULATOR_PREFIXES)],
        "calculator": [p for p in paths if p.startswith(CALCULATOR_PREFIXES)],
        "sha256": file_digests(site, paths),
    }
    listing = json.dumps(groups, indent=1, ensure_ascii=False)
    text = source.replace(VERSION_MARK, json.dumps(version)).replace(PRECACHE_MARK, listing)
    (site / "sw.js").write_text(text, encoding="utf-8")
    size = sum(_file_of(site, p).stat().st_size for p in paths)
    return {"version": version, "files": len(paths), "bytes": size}


def on_post_page(output: str, page, config, **kwargs) -> str:
    if "</body>" not in output:
        raise PluginError(f"{page.file.src_uri}: no </body> to put the offline script before")
    src = get_relative_url(REGISTER, page.url)
    tag = f'<script type="module" src="{src}"></script>\n'
    head, _, tail = output.rpartition("</body>")
    return head + tag + "</body>" + tail


@event_priority(-200)
def on_post_build(config, **kwargs) -> None:
    write_service_worker(Path(config["site_dir"]))
