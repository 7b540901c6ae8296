"""Fixtures shared by every test that needs the built site in a real browser: the site served
on a random localhost port the way GitHub Pages serves it (site_src/pages_server.py), and ONE
Playwright for the whole session (its sync API allows a single instance per thread), which
starts one headless Chromium for the browser tests and, for pytest-pyodide's chrome runtime,
the Chromium Pyodide's tests run in (tests/test_pyodide_cases.py)."""
from __future__ import annotations

import os
import shlex
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

SITE = Path(os.environ.get("IQAMA_SITE", ROOT / "site"))


def pages_server():
    """site_src/pages_server.py (imported here: inside Pyodide only tests/ is mounted)."""
    import pages_server

    return pages_server


# pytest-pyodide's runtimes for the `@run_in_pyodide` tests (tests/test_pyodide_cases.py): Node
# and Debian's Chromium, driven through Playwright. Set here rather than in pyproject's addopts:
# pytest inside Pyodide reads that pyproject.toml too and has no such options.
PYODIDE_RUNTIMES = "node,chrome"
PYODIDE_RUNNER = "playwright"


def _given(config, *flags: str) -> bool:
    """Whether the command line (or PYTEST_ADDOPTS) names one of `flags`."""
    args = [*config.invocation_params.args, *shlex.split(os.environ.get("PYTEST_ADDOPTS", ""))]
    return any(str(a) == f or str(a).startswith(f + "=") for a in args for f in flags)


@pytest.hookimpl(tryfirst=True)
def pytest_configure(config):
    """pytest-pyodide loads Pyodide from .cache/pyodide-dist/ (built offline by
    tests/pyodide/pyodide_dist.py when tests/test_pyodide_cases.py is imported), unless --dist-dir
    names another folder, and runs in PYODIDE_RUNTIMES with PYODIDE_RUNNER unless --runtime or
    --runner say otherwise. Runs before the plugin reads the options."""
    if getattr(config.option, "dist_dir", None) is not None and str(config.option.dist_dir) == "pyodide":
        config.option.dist_dir = Path(os.environ.get("IQAMA_PYODIDE_DIST", ROOT / ".cache" / "pyodide-dist"))
    if getattr(config.option, "runtime", None) is not None and not _given(config, "--rt", "--runtime"):
        config.option.runtime = PYODIDE_RUNTIMES
    if getattr(config.option, "runner", None) is not None and not _given(config, "--runner"):
        config.option.runner = PYODIDE_RUNNER


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


@pytest.fixture(scope="module")
def playwright_browsers(request, runtime):
    """Overrides pytest-pyodide's fixture of that name, which launches Playwright's own Chromium
    build (missing here): its "chrome" runtime runs Pyodide in Debian's Chromium instead, started
    like every other tool's (site_src/chromium.py), from this session's one Playwright. Without
    that Chromium the chrome runtime's tests are skipped with the reason; Node needs no browser."""
    if request.config.option.runner.lower() != "playwright" or runtime == "node":
        yield {}  # the plugin's own selenium runners, or Node, start their runtime themselves
        return
    if runtime != "chrome":
        pytest.fail(f"no {runtime} for pytest-pyodide's Playwright runner here: use --runtime node,chrome")
    from pytest_pyodide.config import get_global_config

    from chromium import CHROMIUM, CHROMIUM_ARGS

    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(f"Chromium not found at {CHROMIUM} (run `make browsers`, or set CHROMIUM=...)")
    # the plugin's own flags for Chrome (--js-flags=--expose-gc, for its garbage collection calls)
    browser = request.getfixturevalue("playwright_instance").chromium.launch(
        executable_path=CHROMIUM, args=[*CHROMIUM_ARGS, *get_global_config().get_flags("chrome")])
    yield {"chrome": browser}
    browser.close()


_rulebook_read_for: str | None = None  # the mutant the cached rulebook was last read under


@pytest.fixture(autouse=True)
def _fresh_rulebook_under_mutmut():
    """Under `make mutation` (mutmut), a mutant's tests read the rule files afresh: mutmut forks
    each mutant's test run from a process that has already loaded and cached the rulebook, so
    without this a change to the loader (calculator/engine/rules.py, engine/kinds.py) would never
    run. Once per mutant is enough (its tests share what its loader read); while mutmut maps
    which tests reach which function ("stats"), before every test, so that every test that
    reads the rules counts as reaching the loader."""
    global _rulebook_read_for
    if "mutmut" in sys.modules:
        mutant = os.environ.get("MUTANT_UNDER_TEST", "")
        if mutant == "stats" or mutant != _rulebook_read_for:
            from calculator.engine.rules import _load_cached

            _load_cached.cache_clear()
            _rulebook_read_for = mutant
    yield
