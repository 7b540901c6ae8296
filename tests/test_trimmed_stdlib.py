"""The trimmed, precompiled standard library and app bundle the browser loads give the same answers.

The site's worker starts Pyodide with `stdLibURL` = python_stdlib_min.zip (only the modules
recorded by site_src/build/stdlib.py, as unchecked hash-based .pyc) and unpacks iqama_app.zip
(the calculator and hijridate from the wheels, as sourceless .pyc, plus the rules' TOML files);
both are shipped as one gzip stream each (*.zip.gz), and the runner unpacks those same files.
A module left out would be an ImportError in a visitor's browser, so: every case file runs
inside Pyodide started exactly as the worker starts it (tests/pyodide/run_cases_trimmed.mjs, a
plain loop: pytest itself needs modules the zip leaves out), in both languages, and each result
must equal CPython's.
Needs `make site` (or `make stdlib`): the wheels in dist/ and build/pyodide/.
"""
from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from casefiles import load_cases
from scripts import load_script

ROOT = Path(__file__).resolve().parents[1]
RUNNER = ROOT / "tests" / "pyodide" / "run_cases_trimmed.mjs"
PYODIDE_DIR = ROOT / "node_modules" / "pyodide"


stdlib_build = load_script(ROOT / "site_src" / "build" / "stdlib.py", "_stdlib_build")
MIN_ZIP = stdlib_build.OUTPUT
APP_ZIP = stdlib_build.APP_OUTPUT

pytestmark = pytest.mark.skipif(
    shutil.which("node") is None or not PYODIDE_DIR.is_dir(),
    reason="needs Node and node_modules/pyodide (make install)",
)


@pytest.fixture(scope="module")
def wheels() -> list[Path]:
    try:
        return stdlib_build.wheels()
    except SystemExit as exc:  # the builder exits with a message when dist/ is not built
        pytest.fail(str(exc))


@pytest.fixture(scope="module")
def min_zip() -> Path:
    if not MIN_ZIP.is_file():
        pytest.fail(f"{MIN_ZIP} is missing: run `make stdlib` (or `make site`)")
    return MIN_ZIP


@pytest.fixture(scope="module")
def app_zip() -> Path:
    if not APP_ZIP.is_file():
        pytest.fail(f"{APP_ZIP} is missing: run `make stdlib` (or `make site`)")
    return APP_ZIP


@pytest.fixture(scope="module")
def run(min_zip: Path, app_zip: Path) -> dict:
    proc = subprocess.run(
        ["node", str(RUNNER), *(str(stdlib_build.SHIPPED[z]) for z in (min_zip, app_zip))],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )
    assert proc.stdout.strip(), f"the runner printed nothing (exit {proc.returncode}):\n{proc.stderr[-4000:]}"
    report = json.loads(proc.stdout)
    report["returncode"] = proc.returncode
    report["stderr"] = proc.stderr
    return report


def test_zip_matches_the_current_inputs(min_zip: Path, wheels: list[Path]) -> None:
    # A stale zip (built for an older wheel) could miss a module the new code imports.
    stamp = stdlib_build.STAMP
    assert stamp.is_file() and stamp.read_text(encoding="utf-8") == stdlib_build.inputs_key(wheels), (
        "build/pyodide/python_stdlib_min.zip was built from other inputs: run `make stdlib`"
    )


def test_the_shipped_streams_are_the_zips(min_zip: Path, app_zip: Path) -> None:
    for archive in (min_zip, app_zip):
        shipped = stdlib_build.SHIPPED[archive]
        assert gzip.decompress(shipped.read_bytes()) == archive.read_bytes(), shipped


def test_zip_holds_only_unchecked_hash_based_pyc(min_zip: Path) -> None:
    with zipfile.ZipFile(min_zip) as archive:
        infos = archive.infolist()
        names = {info.filename for info in infos}
        magics = set()
        for info in infos:
            assert info.filename.endswith(".pyc"), info.filename
            assert info.compress_type == zipfile.ZIP_STORED, info.filename  # gzipped whole
            header = archive.read(info)[:16]
            magics.add(header[:4])
            # PEP 552 flags: bit 0 = hash-based, bit 1 = check_source -> 0b01
            assert int.from_bytes(header[4:8], "little") == 0b01, info.filename
    assert len(magics) == 1, "one interpreter compiled every file"
    for needed in ("json/__init__.pyc", "tomllib/_parser.pyc", "decimal.pyc", "datetime.pyc",
                   "re/_parser.pyc", "_strptime.pyc", "calendar.pyc", "encodings/utf_8.pyc",
                   "importlib/resources/__init__.pyc", "pyodide/_package_loader.pyc"):
        assert needed in names, f"{needed} missing from the trimmed stdlib"
    # packages keep their __init__: every folder of a module is itself a package in the zip
    for name in names:
        parts = name.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            assert "/".join(parts[:depth]) + "/__init__.pyc" in names, f"{name}: no __init__"


def test_app_bundle_holds_the_wheels_packages_precompiled(app_zip: Path, wheels: list[Path]) -> None:
    # Every module of the wheels (but the CLI and the build-time figure renderer) as an
    # unchecked hash-based .pyc at the module's path, every data file byte for byte, and
    # nothing else: no source, no metadata.
    expected: dict[str, bytes | None] = {}
    for wheel in wheels:
        with zipfile.ZipFile(wheel) as archive:
            for name in archive.namelist():
                top = name.split("/")[0]
                if top.endswith((".dist-info", ".data")) or name.endswith("/py.typed"):
                    continue
                if name.endswith(".py"):
                    module = name[:-3].replace("/", ".").removesuffix(".__init__")
                    if module != "calculator.__main__":
                        expected[name[:-3] + ".pyc"] = None
                else:
                    expected[name] = archive.read(name)
    # plus the rule files parsed at build time (calculator.engine.rules._parse)
    expected["calculator/engine/_rules_parsed.pyc"] = None
    with zipfile.ZipFile(app_zip) as bundle:
        assert sorted(bundle.namelist()) == sorted(expected)
        magics = set()
        for name, data in expected.items():
            got = bundle.read(name)
            if data is not None:
                assert got == data, name
                continue
            magics.add(got[:4])
            assert int.from_bytes(got[4:8], "little") == 0b01, name
    assert "calculator/rules/sources.toml" in expected
    with zipfile.ZipFile(MIN_ZIP) as stdlib:
        assert magics == {stdlib.read("json/__init__.pyc")[:4]}, "compiled by the site's Pyodide"


def test_every_case_passes_on_the_trimmed_stdlib(run: dict) -> None:
    assert not run["crashes"], json.dumps(run["crashes"][:3], indent=1, ensure_ascii=False)
    assert not run["failures"], json.dumps(run["failures"][:5], indent=1, ensure_ascii=False)
    assert run["cases"] == len(load_cases()) > 0
    assert len(run["results"]) == 2 * run["cases"]
    assert run["returncode"] == 0, run["stderr"][-4000:]
    # proof that the runtime used the trimmed zip and the app bundle's .pyc, not a full stdlib,
    # the wheels' sources or the checkout
    assert run["stdlib_origin"].endswith("/json/__init__.pyc"), run["stdlib_origin"]
    assert not run["calculator_file"].startswith(str(ROOT)), run["calculator_file"]
    assert run["calculator_file"].endswith("calculator/__init__.pyc"), run["calculator_file"]
    assert run["hijridate_file"].endswith("hijridate/__init__.pyc"), run["hijridate_file"]
    assert run["python"].startswith("3.14"), run["python"]
    # the rules came parsed in the bundle, one entry per rule file: no TOML parsed at run time
    with zipfile.ZipFile(APP_ZIP) as bundle:
        rule_files = [n for n in bundle.namelist()
                      if n.startswith("calculator/rules/") and n.endswith(".toml")]
    assert run["rules_parsed"] == len(rule_files) > 0, run["rules_parsed"]
    assert not run["tomllib_loaded"]


def test_results_equal_cpython(run: dict) -> None:
    from calculator import estimate
    cases = {case.id: case for case in load_cases()}
    differ = []
    for item in run["results"]:
        case = cases[item["id"]]
        here = json.loads(json.dumps(estimate(case.command, dict(case.inputs), item["lang"]),
                                     ensure_ascii=False))
        if here != item["result"]:
            differ.append(f"{item['id']} [{item['lang']}]")
    assert not differ, "Pyodide (trimmed stdlib) and CPython disagree on:\n  " + "\n  ".join(differ[:20])
