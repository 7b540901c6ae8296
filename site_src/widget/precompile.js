// Iqama Guide calculator: load and compile Pyodide's glue script once more, then stop.
// Started by worker.js after the first result, when the calculator is idle.
//
// Chromium keeps a script's compiled code (V8's code cache) only once it has loaded the script
// twice: the first load leaves a timestamp, a later one writes the code. Without this, a
// reader's first visit is the first load of pyodide.asm.mjs and the second visit compiles its
// 1.2 MB of JavaScript again (about 0.15 s of the worker's time here, before Python can start).
// This second load, during the first visit, writes the code cache that the next visit reads.
// Calling the factory compiles its body too. Its WebAssembly is never asked for:
// instantiateWasm does not answer, so nothing is fetched, instantiated or run past set-up.
const { default: createPyodideModule } = await import("../pyodide/pyodide.asm.mjs");
createPyodideModule({ instantiateWasm: () => ({}) }).catch(() => {});
setTimeout(() => self.close(), 5000); // Chromium has written the cache by then
