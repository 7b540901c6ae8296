"""Fixtures shared by every test that needs the built site in a real browser: the site served
on a random localhost port the way GitHub Pages serves it (site_src/pages_server.py), and ONE
headless Chromium for the whole session (Playwright's sync API allows a single instance per
thread)."""
from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

SITE = Path(os.environ.get("IQAMA_SITE", ROOT / "site"))


def pages_server():
    """site_src/pages_server.py (imported here: inside Pyodide only tests/ is mounted)."""
    import pages_server

    return pages_server


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    """pytest-pyodide loads Pyodide from .cache/pyodide-dist/ (built offline by
    tests/pyodide/pyodide_dist.py when tests/test_pyodide_cases.py is imported), unless --dist-dir
    names another folder. Runs before the plugin reads the option."""
    if getattr(config.option, "dist_dir", None) is not None and str(config.option.dist_dir) == "pyodide":
        config.option.dist_dir = Path(os.environ.get("IQAMA_PYODIDE_DIST", ROOT / ".cache" / "pyodide-dist"))


@pytest.fixture(scope="session")
def site_url():
    """The built site served as GitHub Pages serves it (site_src/pages_server.py)."""
    assert (SITE / "index.html").is_file(), f"{SITE} has no index.html: run `make site` first"
    with pages_server().Server(SITE) as server:
        yield server.url


@pytest.fixture(scope="session")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright_instance):
    # Imported here: the case files also run inside Pyodide, where only tests/ is mounted.
    from chromium import CHROMIUM, CHROMIUM_ARGS  # one list of flags for every tool

    browser = playwright_instance.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@pytest.fixture(autouse=True)
def _fresh_rulebook_under_mutmut():
    """Under `make mutation` (mutmut), every test reads the rule files afresh: mutmut forks each
    mutant's test run from a process that has already loaded and cached the rulebook, so without
    this a change to the loader (calculator/engine/rules.py) would never run."""
    if "mutmut" in sys.modules:
        from calculator.engine.rules import _load_cached

        _load_cached.cache_clear()
    yield
