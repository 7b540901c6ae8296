"""What the built site ships: the page script once per calculator page; nothing only the
benchmark needs."""
from __future__ import annotations

import re

import pytest

CALCULATOR_PAGES = ("kuwait/calculator/index.html", "saudi/calculator/index.html",
                    "en/kuwait/calculator/index.html", "en/saudi/calculator/index.html")


@pytest.mark.parametrize("page", CALCULATOR_PAGES)
def test_the_page_script_is_loaded_once(site_dir, page):
    html = (site_dir / page).read_text(encoding="utf-8")
    assert 'class="iq-widget"' in html
    scripts = re.findall(r'<script[^>]*\bsrc="[^"]*widget/widget\.js"', html)
    assert len(scripts) == 1, scripts


def test_benchmark_only_files_are_not_deployed(site_dir):
    pyodide = site_dir / "assets" / "pyodide"
    assert (pyodide / "pyodide.asm.wasm").is_file()
    for name in ("python_stdlib.zip", "pyodide-lock.json"):
        assert not (pyodide / name).exists(), name
    assert not list(site_dir.rglob("baseline.html"))
