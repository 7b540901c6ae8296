"""The case files and the reminder tests pass inside Pyodide too: the runtime the browser uses
(Python 3.14, wasm), driven by Pyodide's own test tool, pytest-pyodide, in two runtimes: Node
and a page of Debian's Chromium (Playwright runner; tests/conftest.py selects both and starts
/usr/bin/chromium with site_src/chromium.py's flags; without Chromium the [chrome] tests are
skipped with the reason).

Each test here is a `@run_in_pyodide` function: pytest-pyodide sends its source to a Pyodide
started from .cache/pyodide-dist/ (tests/pyodide/pyodide_dist.py: the npm `pyodide` package,
the site's wheels from dist/ — `make wheel` — and pytest, tblib, icalendar, named in a rewritten
lock file, so nothing is fetched from a CDN), and an exception inside Pyodide fails the test.
Inside, pytest runs tests/test_cases.py (every case file, both languages) and
tests/test_reminder.py against the installed wheels; the host checks, in each runtime, that
every case of every file passed. The plugin's `--run-in-pyodide` mode is not used: it can report
a wrong test as passed (pytest-pyodide issue #81); the last tests prove a wrong expectation fails
here, in both runtimes.

The trimmed standard library the page really starts with is tested by test_trimmed_stdlib.py
(pytest itself needs modules that zip leaves out).
"""
from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from pytest_pyodide import run_in_pyodide
from pytest_pyodide.utils import built_packages

from casefiles import load_cases
from scripts import load_script

ROOT = Path(__file__).resolve().parents[1]
TESTS = ROOT / "tests"
CASE_FILES = sorted(p.name for p in (TESTS / "cases").glob("*.toml"))

if shutil.which("node") is None:
    pytest.skip("the Pyodide tests need Node.js (pytest-pyodide's node runtime and the npm `pyodide` "
                "package): install node (see `make install`)", allow_module_level=True)


# Built before the decorators below run: they read the lock file to know that pytest and tblib
# can be loaded inside Pyodide.
try:
    DIST_DIR = load_script(TESTS / "pyodide" / "pyodide_dist.py", "_pyodide_dist").build()
except SystemExit as exc:
    raise pytest.UsageError(f"cannot build the Pyodide dist folder: {exc}") from None
# The plugin caches the lock file's package list the first time it looks (before this module
# built the folder, on a fresh clone: an empty list, so pytest was never loaded inside Pyodide).
built_packages.cache_clear()

PACKAGES = ["iqama-calculator", "hijridate", "icalendar"]


def _archive(replace: dict[str, str] | None = None) -> bytes:
    """tests/ as the Pyodide side needs it (the test modules, casefiles, the case files and
    pyproject.toml's pytest settings), with files optionally replaced."""
    files = {"pyproject.toml": (ROOT / "pyproject.toml").read_text(encoding="utf-8")}
    for path in [TESTS / "conftest.py", TESTS / "casefiles.py", TESTS / "test_cases.py",
                 TESTS / "test_reminder.py", *sorted((TESTS / "cases").glob("*.toml"))]:
        files[path.relative_to(ROOT).as_posix()] = path.read_text(encoding="utf-8")
    files.update(replace or {})
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


@run_in_pyodide(packages=PACKAGES)
def run_pytest(selenium, archive: bytes, where: str, args: list[str]) -> dict:
    """Inside Pyodide: unpack `archive` at `where`, run pytest there, return every outcome."""
    import io
    import os
    import sys
    import zipfile

    import js
    import pytest

    import calculator

    zipfile.ZipFile(io.BytesIO(archive)).extractall(where)

    class Outcomes:
        def __init__(self):
            self.items = []

        def pytest_runtest_logreport(self, report):
            if report.when == "call" or report.outcome != "passed":
                self.items.append([report.nodeid, report.when, report.outcome])

    # a second run in the same interpreter imports these modules afresh, from `where`
    for name in ("conftest", "casefiles", "test_cases", "test_reminder"):
        sys.modules.pop(name, None)
    sys.path[:] = [p for p in sys.path if not p.startswith("/tmp/iqama")]
    outcomes = Outcomes()
    os.chdir(where)
    code = pytest.main(["-q", "-p", "no:cacheprovider", "--rootdir", where, *args], plugins=[outcomes])
    return {"exit": int(code), "outcomes": outcomes.items, "platform": sys.platform,
            "python": sys.version.split()[0], "calculator": calculator.__file__,
            "agent": js.eval("typeof navigator === 'undefined' ? '' : navigator.userAgent")}


def _case_file(nodeid: str) -> str:
    # test ids name the case by file and index: "...::test_case[en-kw_residence.toml[3] On ...]"
    match = re.search(r"\[(?:en-|ar-)?([\w.]+\.toml)\[\d+\]", nodeid)
    return match.group(1) if match else ""


def test_every_case_file_passes_inside_pyodide(selenium, runtime) -> None:
    run = run_pytest(selenium, _archive(), "/tmp/iqama", ["tests/test_cases.py", "tests/test_reminder.py"])
    assert run["platform"] == "emscripten" and run["python"].startswith("3.14"), run
    if runtime == "chrome":  # in a page of (headless) Chromium, not in Node
        assert "HeadlessChrome/" in run["agent"], run["agent"]
    else:
        assert "Chrome" not in run["agent"], run["agent"]
    assert "site-packages" in run["calculator"], f"must test the wheel, not the checkout: {run['calculator']}"
    failed = [o for o in run["outcomes"] if o[2] == "failed"]
    assert not failed and run["exit"] == 0, f"exit {run['exit']}; failed inside Pyodide:\n" + \
        "\n".join(f"{n} ({w})" for n, w, _ in failed[:20])
    passed = [o[0] for o in run["outcomes"] if o[2] == "passed"]
    case_runs = [n for n in passed if "::test_case[" in n]
    assert len(case_runs) == 2 * len(load_cases()), "every case in both languages"
    files = {_case_file(n) for n in case_runs}
    assert files == set(CASE_FILES), f"case files not run inside Pyodide: {set(CASE_FILES) - files}"
    assert any("test_reminder.py::" in n for n in passed)
    skipped = {o[0].split("[")[0] for o in run["outcomes"] if o[2] == "skipped"}
    assert skipped <= {"tests/test_cases.py::test_case_through_cli",
                       "tests/test_reminder.py::test_the_cli_prints_the_same_file",
                       "tests/test_reminder.py::test_a_calendar_program_imports_the_file"}, skipped


def test_a_wrong_case_expectation_fails_inside_pyodide(selenium) -> None:
    # One expected total changed in one case file: pytest inside Pyodide must fail exactly there.
    name = "kw_residence.toml"
    text = (TESTS / "cases" / name).read_text(encoding="utf-8")
    wrong, count = re.subn(r'total = "(\d+)\.000"', lambda m: f'total = "{int(m.group(1)) + 1}.000"', text, count=1)
    assert count == 1
    run = run_pytest(selenium, _archive({f"tests/cases/{name}": wrong}), "/tmp/iqama-wrong",
                     ["tests/test_cases.py", "-k", "test_case and kw_residence"])
    failed = [o[0] for o in run["outcomes"] if o[2] == "failed"]
    assert run["exit"] == 1, run["exit"]
    assert failed and {_case_file(n) for n in failed} == {name}, failed


@run_in_pyodide
def wrong_expectation(selenium) -> None:
    from calculator import estimate

    result = estimate("kw-fine", {"category": "residence", "days-late": "45", "on": "2025-07-16"}, "en")
    assert result["total"] == "999.000"  # deliberately wrong: KD 120.000 is right


@run_in_pyodide
def right_expectation(selenium) -> str:
    from calculator import estimate

    result = estimate("kw-fine", {"category": "residence", "days-late": "45", "on": "2025-07-16"}, "en")
    assert result["total"] == "120.000"
    return result["total"]


def test_run_in_pyodide_reports_a_wrong_expectation(selenium) -> None:
    selenium.load_package(["iqama-calculator", "hijridate"])
    assert right_expectation(selenium) == "120.000"
    with pytest.raises(AssertionError, match="999.000"):
        wrong_expectation(selenium)


PROBE = '''
from pytest_pyodide import run_in_pyodide


@run_in_pyodide(packages=["iqama-calculator", "hijridate"])
def test_right(selenium):
    from calculator import estimate
    assert estimate("kw-fine", {"category": "residence", "days-late": "45", "on": "2025-07-16"})["total"] == "120.000"


@run_in_pyodide(packages=["iqama-calculator", "hijridate"])
def test_wrong(selenium):
    from calculator import estimate
    assert estimate("kw-fine", {"category": "residence", "days-late": "45", "on": "2025-07-16"})["total"] == "999.000"
'''


def test_pytest_reports_a_wrong_expectation_inside_pyodide_as_failed(tmp_path) -> None:
    # End to end, as a developer runs it: a separate pytest with the plugin, this dist folder, both
    # runtimes and a copy of this suite's conftest (how it starts Debian's Chromium).
    import os
    import subprocess
    import sys

    from chromium import CHROMIUM

    (tmp_path / "test_probe.py").write_text(PROBE, encoding="utf-8")
    shutil.copy(TESTS / "conftest.py", tmp_path / "conftest.py")
    env = dict(os.environ, PYTHONPATH=str(ROOT / "site_src"))
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-ra", "-p", "no:cacheprovider",
         "--rootdir", str(tmp_path), "--dist-dir", str(DIST_DIR), "--runtime", "node,chrome",
         "--runner", "playwright", str(tmp_path / "test_probe.py")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 1, out[-3000:]
    assert re.search(r"FAILED .*test_wrong\[node\]", out) and "999.000" in out, out[-3000:]
    if os.access(CHROMIUM, os.X_OK):
        assert re.search(r"FAILED .*test_wrong\[chrome\]", out), out[-3000:]
        assert re.search(r"\b2 failed, 2 passed\b", out), out[-3000:]
    else:  # the chrome runtime is skipped, with the reason, not an error
        assert re.search(r"\b1 failed, 1 passed, 2 skipped\b", out), out[-3000:]
        assert f"Chromium not found at {CHROMIUM}" in out, out[-3000:]


def test_without_chromium_the_chrome_runtime_is_skipped_saying_why(tmp_path) -> None:
    # A machine without the browser (CHROMIUM names none): skips with the reason, no error.
    import os
    import subprocess
    import sys

    (tmp_path / "test_probe.py").write_text(PROBE, encoding="utf-8")
    shutil.copy(TESTS / "conftest.py", tmp_path / "conftest.py")
    missing = tmp_path / "no-chromium"
    env = dict(os.environ, PYTHONPATH=str(ROOT / "site_src"), CHROMIUM=str(missing))
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-rs", "-p", "no:cacheprovider", "--rootdir", str(tmp_path),
         "--dist-dir", str(DIST_DIR), "--runtime", "chrome", "--runner", "playwright",
         str(tmp_path / "test_probe.py")],
        cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300,
    )
    out = proc.stdout + proc.stderr
    assert proc.returncode == 0 and re.search(r"\b2 skipped\b", out), out[-3000:]
    assert "error" not in out.lower() and f"Chromium not found at {missing}" in out, out[-3000:]
