// Run a Python program inside the same Pyodide the site ships (npm `pyodide`, under Node).
//
//   node site_src/build/stdlib.mjs <program.py> <out-dir> <wheel>...
//
// Loads Pyodide with its FULL standard library, installs the wheels the way the browser worker
// does (unpackArchive(bytes, "wheel")), mounts <out-dir> at /out with NODEFS and runs
// <program.py>. Used by stdlib.py to record the modules the calculator needs and to compile
// them with this exact interpreter (same bytecode magic number).
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { loadPyodide } from "pyodide";

const [program, outDir, ...wheels] = process.argv.slice(2);
if (!program || !outDir) {
  console.error("usage: node stdlib.mjs <program.py> <out-dir> <wheel>...");
  process.exit(2);
}

const pyodide = await loadPyodide({
  // compile() without column tables (smaller .pyc; tracebacks lose only their ^^^ markers)
  env: { PYTHONNODEBUGRANGES: "1" },
  stdout: (line) => process.stdout.write(line + "\n"),
  stderr: (line) => process.stderr.write(line + "\n"),
});
for (const file of wheels) pyodide.unpackArchive(new Uint8Array(readFileSync(file)), "wheel");
pyodide.FS.mkdirTree("/out");
pyodide.FS.mount(pyodide.FS.filesystems.NODEFS, { root: resolve(outDir) }, "/out");
try {
  pyodide.runPython(readFileSync(program, "utf8"), { filename: program });
} catch (err) {
  console.error(err.message); // the Python traceback, without Node's dump of minified source
  process.exit(1);
}
