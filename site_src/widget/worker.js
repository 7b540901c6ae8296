// Iqama Guide calculator: the module Web Worker.
// Loads the self-hosted Pyodide runtime (assets/pyodide/), installs the wheels listed in
// assets/wheels/manifest.json with unpackArchive (no micropip, no CDN) and answers
// {type: "estimate", id, command, params, lang} with calculator.estimate(...) as a plain object:
// exactly the dict the CLI prints with --json.
//
// Messages to the page: {type: "progress", percent} · {type: "ready"} · {type: "failed", detail}
//                       {type: "result", id, result} · {type: "result", id, crash}
import { loadPyodide } from "../pyodide/pyodide.mjs";

const ASSETS = new URL("../", import.meta.url);
let starting = null; // Promise of the Python estimate function

const post = (message) => self.postMessage(message);

async function fetchOk(url, as) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${response.status} ${url}`);
  return response[as]();
}

async function start() {
  post({ type: "progress", percent: 5 });
  const manifest = await fetchOk(new URL("wheels/manifest.json", ASSETS), "json");
  // The wheels download while the runtime compiles.
  const wheels = Promise.all(
    manifest.wheels.map((w) =>
      fetchOk(new URL(`wheels/${w.file}?v=${w.sha256.slice(0, 16)}`, ASSETS), "arrayBuffer"),
    ),
  );
  const pyodide = await loadPyodide({
    indexURL: new URL("pyodide/", ASSETS).href,
    // Only the stdlib modules Pyodide and the calculator import, precompiled to .pyc
    // (site_src/build/stdlib.py; DESIGN.md §6): about half the start-up time and bytes.
    stdLibURL: new URL(
      `pyodide/${manifest.stdlib.file}?v=${manifest.stdlib.sha256.slice(0, 16)}`,
      ASSETS,
    ).href,
    // Nothing is loaded by name, so the lock file need not be fetched.
    lockFileContents: { info: { abi_version: manifest.abi_version }, packages: {} },
    packageBaseUrl: new URL("pyodide/", ASSETS).href,
    stdout: () => {},
    stderr: (line) => console.warn(line),
  });
  post({ type: "progress", percent: 75 });
  for (const buffer of await wheels) pyodide.unpackArchive(buffer, "wheel");
  post({ type: "progress", percent: 85 });
  pyodide.runPython(`
import json
import calculator

def _iqama_estimate(command, params_json, lang):
    return json.dumps(calculator.estimate(command, json.loads(params_json), lang), ensure_ascii=False)
`);
  post({ type: "progress", percent: 100 });
  return pyodide.globals.get("_iqama_estimate");
}

function ensureStarted() {
  if (!starting) {
    starting = start();
    starting.then(
      () => post({ type: "ready" }),
      (err) => post({ type: "failed", detail: String(err && err.message ? err.message : err) }),
    );
  }
  return starting;
}

self.onmessage = async ({ data }) => {
  if (data.type === "init") {
    ensureStarted();
  } else if (data.type === "estimate") {
    let estimate;
    try {
      estimate = await ensureStarted();
    } catch {
      return; // "failed" has been posted already
    }
    try {
      const json = estimate(data.command, JSON.stringify(data.params), data.lang);
      post({ type: "result", id: data.id, result: JSON.parse(json) });
    } catch (err) {
      post({ type: "result", id: data.id, crash: String(err && err.message ? err.message : err) });
    }
  }
};
