// Run every case file inside Pyodide started EXACTLY as the browser worker starts it: the
// trimmed, precompiled stdlib (stdLibURL -> build/pyodide/python_stdlib_min.zip.gz, unpacked),
// no lock-file request (lockFileContents with the real ABI version), the app bundle
// (build/pyodide/iqama_app.zip.gz, unpacked: the calculator and hijridate as .pyc, plus the
// rules) via unpackArchive "zip". The .gz files are the ones the site ships.
//
//   node tests/pyodide/run_cases_trimmed.mjs <python_stdlib_min.zip.gz> <iqama_app.zip.gz>
//
// A plain loop, not pytest (pytest needs stdlib modules the trimmed zip leaves out). Prints one
// JSON line {python, cases, failures: [{id, lang, problems}], crashes, stdlib_origin, results}
// and exits 0 when every case passes in both languages.
import { mkdtempSync, readFileSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const PYODIDE_DIR = join(ROOT, "node_modules", "pyodide");
const [stdlib, app] = process.argv.slice(2);
if (!stdlib || !app) {
  console.error("usage: node run_cases_trimmed.mjs <python_stdlib_min.zip.gz> <iqama_app.zip.gz>");
  process.exit(2);
}

// Under Node, Pyodide reads stdLibURL from a file: the unpacked stream, in a temporary folder.
const tmp = mkdtempSync(join(tmpdir(), "iqama-stdlib-"));
process.on("exit", () => rmSync(tmp, { recursive: true, force: true }));
const stdlibZip = join(tmp, "python_stdlib_min.zip");
writeFileSync(stdlibZip, gunzipSync(readFileSync(stdlib)));

const lock = JSON.parse(readFileSync(join(PYODIDE_DIR, "pyodide-lock.json"), "utf8"));
const pyodide = await loadPyodide({
  indexURL: PYODIDE_DIR + "/",
  stdLibURL: stdlibZip,
  lockFileContents: { info: { abi_version: lock.info.abi_version }, packages: {} },
  stdout: (line) => process.stderr.write(line + "\n"),
  stderr: (line) => process.stderr.write(line + "\n"),
});
pyodide.unpackArchive(new Uint8Array(gunzipSync(readFileSync(app))), "zip");

const testsDir = join(ROOT, "tests");
pyodide.FS.mkdirTree(testsDir);
pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: testsDir }, testsDir);

const report = pyodide.runPython(`
import json, sys, traceback
sys.path.insert(0, ${JSON.stringify(testsDir)})
import calculator
# as in the browser: the first estimate loads the rules (before casefiles, which reads TOML)
calculator.estimate("kw-fine", {"category": "residence", "days-late": "45"}, "en")
tomllib_loaded = "tomllib" in sys.modules
from casefiles import check, load_cases

failures, crashes, results, count = [], [], [], 0
for case in load_cases():
    count += 1
    for lang in ("en", "ar"):
        try:
            # the worker's round trip: estimate -> JSON text -> object
            result = json.loads(json.dumps(calculator.estimate(case.command, dict(case.inputs), lang),
                                           ensure_ascii=False))
        except BaseException:
            crashes.append({"id": case.id, "lang": lang, "traceback": traceback.format_exc()})
            continue
        results.append({"id": case.id, "lang": lang, "result": result})
        problems = check(case, result)
        if problems:
            failures.append({"id": case.id, "lang": lang, "problems": problems})
json.dumps({
    "python": sys.version.split()[0],
    "cases": count,
    "failures": failures,
    "crashes": crashes,
    "stdlib_origin": json.__spec__.origin,
    "calculator_file": calculator.__file__,
    "hijridate_file": sys.modules["hijridate"].__file__,
    "rules_parsed": len(sys.modules["calculator.engine.rules"]._PARSED),
    "tomllib_loaded": tomllib_loaded,
    "results": results,
}, ensure_ascii=False)
`);
writeSync(1, report + "\n"); // synchronous: process.exit must not cut a piped write
const parsed = JSON.parse(report);
process.exit(parsed.failures.length || parsed.crashes.length || !parsed.cases ? 1 : 0);
