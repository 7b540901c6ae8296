"""Runs INSIDE Pyodide (started by stdlib.mjs): record and precompile the stdlib the site needs.

1. Exercise the calculator the way the browser worker does (`calculator.estimate` -> json.dumps)
   for all four commands, both languages, good and bad input, Gregorian and Hijri dates, Arabic
   digits; import every calculator/hijridate module; import a margin of modules that are loaded
   lazily (on error paths, by strptime, by other encodings...).
2. Record sys.modules: every module imported from the stdlib zip (/lib/python314.zip) is kept.
   Pyodide's own start-up imports (~125 modules: asyncio, inspect, zipfile...) are in it, since
   Pyodide was started normally; frozen and built-in modules are not files and are skipped.
3. Compile each kept module's source from the ORIGINAL zip with this interpreter and write it as
   an unchecked hash-based .pyc (PEP 552: no source, no mtime check) into /out/<OUT_NAME>,
   stored (not deflated: stdlib.py then gzips the whole zip as one stream, ~10 % smaller than
   deflating each file, and zipimport reads stored entries without inflating them), entries
   sorted, fixed timestamps: the same inputs give the same bytes.
   Two size cuts that change no behaviour the calculator can see (measured: 1.47 MB -> 0.95 MB):
   no column tables (PYTHONNODEBUGRANGES, set by stdlib.mjs: tracebacks lose only their ^^^
   markers) and no docstrings (module/class/function `__doc__` is None, as with -OO; unlike -OO,
   asserts and `if __debug__:` code are kept).

4. The APP BUNDLE /out/<APP_NAME>: the calculator and hijridate packages as the wheels install
   them, but each module compiled here to a sourceless .pyc at the module's own path
   (calculator/engine/rules.pyc: Python imports it with no source and no check), docstrings and
   column tables dropped as above, plus the packages' data files (calculator/rules/**/*.toml,
   read through Path(__file__) at run time). The worker unpacks it into its working directory
   (on sys.path) with unpackArchive(bytes, "zip"): `import calculator` then compiles nothing.
   Left out: APP_SKIP (the CLI and the build-time figure renderer, which the browser never
   imports) and the wheels' .dist-info (nothing reads the metadata). Stored too, gzipped whole
   by stdlib.py. One module is added: calculator/engine/_rules_parsed.pyc, every rule file
   parsed here, keyed by its bytes, so the browser does not parse TOML at start.

Writes /out/<OUT_NAME>, /out/<OUT_NAME>.modules.txt (the list, for review) and /out/<APP_NAME>.
"""

import sys

STDLIB_ZIP = f"/lib/python{sys.version_info.major}{sys.version_info.minor}.zip"
OUT_NAME = "python_stdlib_min.zip"
APP_NAME = "iqama_app.zip"
APP_PACKAGES = ("calculator", "hijridate")
# Never imported in the browser: the CLI (argparse). Not in the bundle, so not recorded either.
# (The pages' figures and tables live on the site's side, site_src/pages/.)
APP_SKIP = ("calculator.__main__",)
APP_SKIP_FILES = ("py.typed",)
# Generated into the bundle: the rule files parsed at build time (calculator.engine.rules._parse)
RULES_PARSED = "calculator/engine/_rules_parsed.pyc"

# Modules a recorded run can miss: imported lazily on paths the sample inputs may not reach.
MARGIN = (
    # time.strptime / datetime.strptime import these on first use
    "_strptime", "calendar", "locale",
    # text codecs a str/bytes conversion may look up by name
    "encodings.aliases", "encodings.ascii", "encodings.latin_1", "encodings.utf_8",
    "encodings.utf_8_sig", "encodings.utf_16", "encodings.utf_16_le", "encodings.utf_16_be",
    "encodings.utf_32", "encodings.cp1252", "encodings.cp1256", "encodings.iso8859_1",
    "encodings.iso8859_6", "encodings.idna", "encodings.punycode", "encodings.raw_unicode_escape",
    "encodings.unicode_escape",
    # error paths: tracebacks, warnings, reprs
    "traceback", "linecache", "tokenize", "token", "warnings", "reprlib", "pprint", "textwrap",
    # what calculator / hijridate / json / tomllib / decimal / datetime / re use, directly or later
    "json", "json.decoder", "json.encoder", "json.scanner", "tomllib", "decimal", "numbers",
    "datetime", "re", "string", "dataclasses", "copy", "functools", "operator", "bisect",
    "unicodedata", "importlib.resources", "importlib.resources.abc",
    "importlib.resources.readers", "importlib.resources._common", "importlib.resources._adapters",
    "importlib.resources._itertools", "importlib.readers", "importlib.metadata", "zipfile",
    "pathlib", "typing", "enum", "collections.abc", "contextlib", "weakref", "keyword",
)

SAMPLES = {
    "kw-fine": [
        {"category": "residence", "days-late": "45"},
        {"category": "residence", "expired": "2025-01-10", "on": "2025-03-01"},
        {"category": "domestic", "expired": "10/01/2025", "on": "01/03/2025"},
        {"category": "visit", "days-late": "٤٥"},
        {"category": "newborn", "expired": "1446-07-10", "calendar": "hijri", "on": "1446-09-01"},
        {"category": "entry_visa", "days-late": "۳۰۱"},
        {"category": "residence", "days-late": "1000", "on": "2019-01-01"},
        {"category": "residence", "expired": "2025-02-30"},
        {"category": "", "days-late": "ten"},
        {"category": "residence", "expired": "2025-01-10", "days-late": "4"},
        {"category": "nope"},
        {"category": "residence", "expired": "1500-01-01", "calendar": "hijri"},
        {"category": "residence", "days-late": "٤٥٫٥"},
        {"category": "residence", "days-late": "-1"},
        {"category": "residence", "days-late": "1000000"},
    ],
    "sa-fine": [
        {"days-late": "10", "offence": "2"},
        {"expired": "2025-01-10", "on": "2025-03-01", "offence": "3"},
        {"expired": "1446-07-10", "calendar": "hijri"},
        {"expired": "2025-13-01"},
        {"offence": "7", "days-late": "3"},
    ],
    "sa-renewal": [
        {"worker": "private", "months": "12", "establishment": "expat-majority",
         "dependents": "2", "absher-business": "yes", "on": "2026-01-15"},
        {"worker": "private", "months": "3", "establishment": "industrial", "on": "2026-01-15"},
        {"worker": "domestic", "months": "24", "above-limit": "yes", "on": "1447-07-01",
         "calendar": "hijri"},
        {"worker": "domestic", "months": "3"},
        {"months": "12", "expired": "1447-04-01", "on": "2025-10-30", "dependents": "3",
         "workers": "2", "offence": "2"},
        {"months": "12", "expired": "2026-06-01", "on": "2026-01-15", "establishment": "small-exempt"},
        {"months": "6", "expired": "2025-03-01", "on": "2025-10-30"},
        {"worker": "private", "months": "12", "dependents": "x"},
    ],
    "sa-ready": [
        {},
        {"passport-valid": "yes", "inside-kingdom": "yes", "traffic-fines-paid": "yes",
         "reported-absent": "no", "biometrics": "yes", "own-passports": "yes"},
        {"passport-valid": "no", "inside-kingdom": ""},
        {"passport-valid": "maybe"},
        {"worker": "family", "work-permit": "yes"},
        {"worker": "private", "health-insurance": "no", "work-permit": "yes"},
    ],
    "kw-ready": [
        {"state-debts-paid": "yes", "health-insurance": "no", "on": "2026-02-01"},
        {"on": "2025-01-01"},
    ],
    "no-such-command": [{}],
}


def exercise() -> int:
    import json  # noqa: PLC0415 - as the worker does

    import calculator
    from calculator.forms import form_spec

    runs = 0
    for command, samples in SAMPLES.items():
        for lang in ("en", "ar"):
            for params in samples:
                json.dumps(calculator.estimate(command, dict(params), lang), ensure_ascii=False)
                runs += 1
            # unknown options are reported, never raised
            calculator.estimate(command, {"bogus": "1"}, lang)
            if command != "no-such-command":
                form_spec(command, lang)
    from calculator.reminder import make_reminder  # noqa: PLC0415 - as the worker does

    for lang in ("en", "ar"):
        for params in ({"expires": "1448-04-01", "country": "sa", "worker": "domestic"},
                       {"expires": "2026-03-01", "country": "kw"}, {"country": "xx"}):
            json.dumps(make_reminder(params, lang), ensure_ascii=False)
            runs += 1
    return runs


def import_all(package_name: str) -> None:
    import importlib
    import pkgutil

    package = importlib.import_module(package_name)
    for info in pkgutil.walk_packages(package.__path__, package_name + "."):
        if info.name.endswith("__main__") or info.name in APP_SKIP:
            continue  # never imported in the browser, and not shipped (APP_SKIP)
        importlib.import_module(info.name)


def recorded() -> list[tuple[str, str]]:
    """(module name, path inside the stdlib zip) for each module loaded from the stdlib zip."""
    prefix = STDLIB_ZIP + "/"
    found = []
    for name, module in list(sys.modules.items()):
        spec = getattr(module, "__spec__", None)
        origin = getattr(spec, "origin", None) or ""
        if origin.startswith(prefix):
            found.append((name, origin[len(prefix):]))
    return sorted(found)


def _without_docstrings(tree):
    import ast

    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            body = node.body
            if (body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
                    and isinstance(body[0].value.value, str)):
                node.body = body[1:] or [ast.copy_location(ast.Pass(), body[0])]
    return tree


def _zip_entry(archive, name: str, data: bytes) -> None:
    import zipfile

    info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_STORED
    info.external_attr = 0o644 << 16
    archive.writestr(info, data)


def _pyc(source: bytes, filename: str) -> bytes:
    import ast
    import importlib.util
    from importlib._bootstrap_external import _code_to_hash_pyc

    tree = _without_docstrings(ast.parse(source, filename))
    code = compile(tree, filename, "exec", dont_inherit=True)
    return bytes(_code_to_hash_pyc(code, importlib.util.source_hash(source), checked=False))


def _rules_parsed_source(entries: dict[str, bytes]) -> bytes:
    """calculator/engine/_rules_parsed.py: every rule file of the bundle parsed, as literals keyed
    by the file's bytes (calculator.engine.rules._parse uses an entry only for a file with
    exactly those bytes). Checked here: executing it gives back what tomllib gave."""
    import tomllib

    parsed = {}
    for name, data in sorted(entries.items()):
        if name.startswith("calculator/rules/") and name.endswith(".toml"):
            parsed[data] = tomllib.loads(data.decode("utf-8"))
    if not parsed:
        raise SystemExit("stdlib: no rule files in the app bundle")
    source = ("# Generated by site_src/build/stdlib_pyodide.py: the rule files, parsed.\n"
              "import datetime\n\nPARSED = " + repr(parsed) + "\n")
    space = {}
    exec(compile(source, RULES_PARSED[:-1], "exec"), space)
    if space["PARSED"] != parsed:
        raise SystemExit("stdlib: the parsed rules do not read back as parsed")
    return source.encode("utf-8")


def write_app_bundle(out: str) -> list[str]:
    """The calculator and hijridate as sourceless .pyc + data files: see the module docstring."""
    import importlib
    import os
    import zipfile

    entries = {}
    for package in APP_PACKAGES:
        root = os.path.dirname(importlib.import_module(package).__file__)
        base = os.path.dirname(root)
        for folder, dirs, files in os.walk(root):
            dirs[:] = sorted(d for d in dirs if d != "__pycache__")
            for file in files:
                path = os.path.join(folder, file)
                rel = os.path.relpath(path, base).replace(os.sep, "/")
                if file.endswith(".py"):
                    module = rel[:-3].replace("/", ".").removesuffix(".__init__")
                    if module in APP_SKIP:
                        continue
                    with open(path, "rb") as handle:
                        entries[rel[:-3] + ".pyc"] = _pyc(handle.read(), rel)
                elif file.endswith(".pyc") or file in APP_SKIP_FILES:
                    continue
                else:
                    with open(path, "rb") as handle:
                        entries[rel] = handle.read()
    entries[RULES_PARSED] = _pyc(_rules_parsed_source(entries), RULES_PARSED[:-1])
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_STORED) as bundle:
        for name in sorted(entries):
            _zip_entry(bundle, name, entries[name])
    return sorted(entries)


def main() -> None:
    runs = exercise()
    import_all("calculator")
    import_all("hijridate")
    import importlib

    missing = []
    for name in MARGIN:
        try:
            importlib.import_module(name)
        except ImportError:
            missing.append(name)
    if missing:
        print(f"stdlib: margin modules not in this Python: {missing}")
    exercise()  # again, with everything imported: the same modules, nothing new expected
    modules = recorded()  # before the tooling below imports anything of its own

    import zipfile

    probe = compile("x = 1", "probe", "exec")
    if next(probe.co_positions())[2] is not None:
        raise SystemExit("stdlib: column tables are on (PYTHONNODEBUGRANGES=1 not seen)")

    out = f"/out/{OUT_NAME}"
    with zipfile.ZipFile(STDLIB_ZIP) as original, zipfile.ZipFile(
        out, "w", compression=zipfile.ZIP_STORED
    ) as trimmed:
        for name, inner in modules:
            if not inner.endswith(".py"):
                raise SystemExit(f"stdlib: {name} comes from {inner}, not a .py source")
            pyc = _pyc(original.read(inner), f"{STDLIB_ZIP}/{inner}")
            _zip_entry(trimmed, inner[:-3] + ".pyc", pyc)
    with open(out + ".modules.txt", "w", encoding="utf-8") as listing:
        listing.write("".join(f"{name}\t{inner}\n" for name, inner in modules))
    app = write_app_bundle(f"/out/{APP_NAME}")
    print(f"stdlib: {len(modules)} modules precompiled for Python "
          f"{sys.version.split()[0]} ({runs} sample estimates); app bundle: {len(app)} files")


main()
