// Run the case-file tests inside Pyodide (Python 3.14, the browser's runtime) under Node.
//
//   node tests/pyodide/run_cases.mjs [pytest args...]      (default: tests/test_cases.py)
//
// Loads Pyodide from node_modules/pyodide (never a CDN), installs the wheels the site ships
// (dist/iqama_calculator-*.whl and dist/hijridate-*.whl, from `make wheel`) and the pure
// wheels of pytest and its dependencies (.cache/pyodide-wheels/, filled by
// tests/test_pyodide_cases.py with `pip download --python-version 3.14`), mounts tests/ with
// NODEFS at the same path, and exits with pytest's status.
// Env: IQAMA_DIST (wheels, default dist/), IQAMA_PYODIDE_WHEELS (default .cache/pyodide-wheels/).
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadPyodide } from "pyodide";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const DIST = resolve(process.env.IQAMA_DIST || join(ROOT, "dist"));
const EXTRA = resolve(process.env.IQAMA_PYODIDE_WHEELS || join(ROOT, ".cache", "pyodide-wheels"));
const args = process.argv.slice(2);
const pytestArgs = args.length ? args : [join(ROOT, "tests", "test_cases.py")];

function wheels(dir, patterns) {
  const names = readdirSync(dir).filter((n) => n.endsWith(".whl"));
  return patterns.map((re) => {
    const found = names.filter((n) => re.test(n));
    if (found.length !== 1) throw new Error(`expected one ${re} in ${dir}, found ${found}`);
    return join(dir, found[0]);
  });
}

const ours = wheels(DIST, [/^iqama_calculator-.*-py3-none-any\.whl$/, /^hijridate-.*-py3-none-any\.whl$/]);
const extra = readdirSync(EXTRA)
  .filter((n) => n.endsWith(".whl"))
  .map((n) => join(EXTRA, n));

const pyodide = await loadPyodide({
  stdout: (line) => process.stdout.write(line + "\n"),
  stderr: (line) => process.stderr.write(line + "\n"),
});
for (const file of [...ours, ...extra]) pyodide.unpackArchive(new Uint8Array(readFileSync(file)), "wheel");

// The tests at their real path (so __file__-relative paths work), and the pytest config.
const testsDir = join(ROOT, "tests");
pyodide.FS.mkdirTree(testsDir);
pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: testsDir }, testsDir);
pyodide.FS.writeFile(join(ROOT, "pyproject.toml"), readFileSync(join(ROOT, "pyproject.toml")));

pyodide.globals.set("PYTEST_ARGS", pyodide.toPy(["-p", "no:cacheprovider", "--rootdir", ROOT, ...pytestArgs]));
const status = pyodide.runPython(`
import sys, calculator, pytest
print(f"Pyodide: Python {sys.version.split()[0]} on {sys.platform}; calculator from {calculator.__file__}")
assert not calculator.__file__.startswith(${JSON.stringify(ROOT)}), "must test the wheel, not the checkout"
int(pytest.main(list(PYTEST_ARGS)))
`);
process.exit(status);
