"""The published address (SITE_URL, passed by the Pages workflow) makes every address absolute:
sitemap <loc>s, their hreflang pairs and each page's canonical link; a local build needs none.

Builds the site once more with SITE_URL set (mkdocs only, into a temporary folder)."""
from __future__ import annotations

import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sitepages import ROOT, SITE

PUBLISHED = "https://example-owner.github.io/iqama-guide/"
NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
CANONICAL = re.compile(r'<link rel="canonical" href="([^"]*)"')


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("published") / "site"
    env = {**os.environ, "SITE_URL": PUBLISHED, "PYTHONDONTWRITEBYTECODE": "1"}
    run = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--quiet", "-d", str(out)],
                         cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    return out


def _pages(site: Path) -> dict[str, Path]:
    """Site path ('', 'en/kuwait/pay/') -> its index.html, for every page (not the assets)."""
    found = {}
    for html in site.rglob("index.html"):
        rel = html.relative_to(site).as_posix()
        if not rel.startswith(("assets/", "search/")):
            found[rel[: -len("index.html")]] = html
    return found


def test_the_sitemap_has_absolute_addresses_and_hreflang_pairs(published):
    root = ET.parse(published / "sitemap.xml").getroot()
    urls = root.findall("s:url", NS)
    pages = _pages(published)
    assert sorted(u.findtext("s:loc", namespaces=NS) for u in urls) == sorted(PUBLISHED + p for p in pages)
    for url in urls:
        loc = url.findtext("s:loc", namespaces=NS)
        pairs = {link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)}
        path = loc[len(PUBLISHED):].removeprefix("en/")
        assert pairs == {"ar": PUBLISHED + path, "en": f"{PUBLISHED}en/{path}"}, loc
        assert path in pages and f"en/{path}" in pages, f"{loc}: not in both languages"


def test_every_page_names_its_absolute_canonical_address(published):
    for path, html in _pages(published).items():
        found = CANONICAL.findall(html.read_text(encoding="utf-8"))
        assert found == [PUBLISHED + path], path


def test_the_built_site_follows_site_url():
    """site/ as `make site` built it: no absolute address locally; the Pages one in the workflow."""
    published = os.environ.get("SITE_URL", "")
    for path, html in _pages(SITE).items():
        found = [c for c in CANONICAL.findall(html.read_text(encoding="utf-8")) if "://" in c]
        assert found == ([published + path] if published else []), path
