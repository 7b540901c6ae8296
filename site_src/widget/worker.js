// Iqama Guide calculator: the module Web Worker.
// Loads the self-hosted Pyodide runtime (assets/pyodide/) with the trimmed, precompiled stdlib,
// unpacks the app bundle (the calculator and hijridate precompiled to .pyc, with the rules'
// data files) named in assets/wheels/manifest.json (no wheels, no micropip, no CDN) and answers
// {type: "estimate", id, command, params, lang} with calculator.estimate(...) as a plain object:
// exactly the dict the CLI prints with --json. Both zips are built by site_src/build/stdlib.py
// as one gzip stream each (*.zip.gz, unpacked here) and carry a content hash in their names
// (site_src/hooks/runtime.py): always fresh, and the same URLs as the offline cache's, so
// nothing is downloaded twice.
//
// The manifest comes with "init" from a calculator page's inline script (the page's own build,
// no request); without it, it is fetched.
// Messages from the page: {type: "init", manifest?} · {type: "estimate", id, command, params, lang}
//                         {type: "prepare", prepared} (after the first result: see "the next visit")
//                         {type: "reminder", id, params, lang} (the page's "add a reminder")
// Messages to the page: {type: "progress", percent, stage?} · {type: "ready"} · {type: "failed", detail}
//                       {type: "result", id, result} · {type: "result", id, crash}
//                       {type: "prepared", runtime} · {type: "reminder", id, made | crash}

const ASSETS = new URL("../", import.meta.url);
let starting = null; // Promise of {estimate, warmUp, runtime}: the Python side, once started

const post = (message) => self.postMessage(message);

async function fetchOk(url, as, init) {
  const response = await fetch(url, init);
  if (!response.ok) throw new Error(`${response.status} ${url}`);
  const body = await response[as]();
  await counted(response);
  return body;
}

// A *.gz file's content. A host that labels it Content-Encoding: gzip has had the browser
// unpack it already: only bytes that still start with the gzip magic number are unpacked.
async function fetchGunzipped(url) {
  const bytes = await fetchOk(url, "arrayBuffer");
  const head = new Uint8Array(bytes, 0, Math.min(2, bytes.byteLength));
  if (head[0] !== 0x1f || head[1] !== 0x8b) return bytes;
  const stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).arrayBuffer();
}

// Pyodide downloads `stdLibURL` itself, with fetch(), and expects a zip: answer that one request
// with `bytes` (a promise: Pyodide awaits it while the runtime compiles), once.
function answerFetch(url, bytes) {
  const native = self.fetch;
  self.fetch = function (input, init) {
    if (String(input && input.url ? input.url : input) !== url) return native.call(this, input, init);
    self.fetch = native;
    return bytes.then((body) => new Response(body, { headers: { "Content-Type": "application/zip" } }));
  };
}

// A page kept in a cache from before a new deployment names zips that deployment removed:
// then start again with the manifest the server has now.
async function start(given) {
  if (!given) return startWith(await fetchManifest());
  try {
    return await startWith(given);
  } catch (err) {
    console.warn("Iqama calculator: starting again with the current manifest:", String(err));
    return startWith(await fetchManifest());
  }
}

// Revalidated (a 304 as a rule), never an old cached copy.
function fetchManifest() {
  return fetchOk(new URL("wheels/manifest.json", ASSETS), "json", { cache: "no-cache" });
}

// ------------------------------------------------------------------ download progress
// Progress counts the bytes actually received by every fetch() of the start (Pyodide's
// WebAssembly, the stdlib and app zips) against manifest.download_bytes (their sizes as
// stored), posted at most every 250 ms while bytes arrive; from 5 % to 85 %, in tenths of a
// percent rounded down (85 only once every byte is in): on a slow line a whole percent can take
// longer than a second, and the bar should move whenever bytes do. A download that
// receives nothing for STALL_MS is reported as "failed" (detail "stalled") at once, so the page
// can offer the tables and a retry instead of waiting.
// Once every byte is in, Python starts (seconds on a slow phone, with no byte to count): the
// messages from then on say so (stage "starting"), and the page says it in words.
// What is received is handed on only once it is counted (counted(response)): the count reads a
// clone on this thread, a step behind the response's own reader, and Python's start, which
// follows the last bytes, holds this thread for seconds; without the wait the bar would sit
// short of 85 % through it, its last bytes long in.
const STALL_MS = 15000;
const PROGRESS_EVERY_MS = 250;
const STARTING = "starting";
const counting = new WeakMap(); // response -> Promise, settled once its clone is read to the end

function counted(response) {
  return counting.get(response) || Promise.resolve();
}

function watchDownloads(total) {
  let received = 0, active = 0, lastByte = Date.now(), lastPost = 0, stalled = false;
  const native = self.fetch;
  const report = (force) => {
    const now = Date.now();
    if (!force && now - lastPost < PROGRESS_EVERY_MS) return;
    lastPost = now;
    const share = total ? Math.min(1, received / total) : 0;
    const stage = share === 1 && !active ? STARTING : undefined; // every byte in: Python starts
    post({ type: "progress", percent: Math.floor(50 + 800 * share) / 10, received, total, stage });
  };
  const timer = setInterval(() => {
    if (active && Date.now() - lastByte > STALL_MS && !stalled) {
      stalled = true;
      post({ type: "failed", detail: "stalled" });
    }
  }, 1000);
  // Counted on a clone: the response itself goes on untouched (its URL is what Chromium keys
  // the compiled WebAssembly it keeps by, worker.js "the next visit").
  async function count(body) {
    const reader = body.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        received += value.byteLength;
        lastByte = Date.now();
        report(false);
      }
    } catch {
      // the download itself fails and says so
    } finally {
      active -= 1;
      report(true);
    }
  }
  self.fetch = async function (input, init) {
    active += 1; // waiting for the answer counts as downloading: a server that never answers stalls
    lastByte = Date.now();
    let response;
    try {
      response = await native.call(this, input, init);
    } catch (err) {
      active -= 1;
      throw err;
    }
    if (response.body) counting.set(response, count(response.clone().body));
    else active -= 1;
    return response;
  };
  // Pyodide compiles its WebAssembly as it streams in (instantiateStreaming(fetch(...))) and
  // starts Python as soon as it is instantiated: after its bytes are counted, then.
  const instantiate = WebAssembly.instantiateStreaming;
  if (instantiate) {
    WebAssembly.instantiateStreaming = async function (source, imports) {
      const result = await instantiate.call(this, source, imports);
      await counted(await source);
      return result;
    };
  }
  return () => {
    clearInterval(timer);
    if (self.fetch !== native) self.fetch = native;
    if (instantiate) WebAssembly.instantiateStreaming = instantiate;
  };
}

async function startWith(manifest) {
  post({ type: "progress", percent: 5 });
  const stopWatching = watchDownloads(manifest.download_bytes || 0);
  try {
    return await startWatched(manifest);
  } finally {
    stopWatching();
  }
}

async function startWatched(manifest) {
  const loader = import("../pyodide/pyodide.mjs");
  loader.catch(() => {}); // awaited below
  // Both zips download and unpack while Pyodide's loader arrives and the runtime compiles.
  const stdLibURL = new URL(`pyodide/${manifest.stdlib.file}`, ASSETS).href;
  const stdlib = fetchGunzipped(stdLibURL);
  const app = fetchGunzipped(new URL(`wheels/${manifest.app.file}`, ASSETS));
  for (const p of [stdlib, app]) p.catch(() => {}); // awaited later; a failure there is "failed"
  answerFetch(stdLibURL, stdlib);
  const { loadPyodide } = await loader;
  const pyodide = await loadPyodide({
    indexURL: new URL("pyodide/", ASSETS).href,
    // Only the stdlib modules Pyodide and the calculator import, precompiled to .pyc
    // (site_src/build/stdlib.py): about half the start-up time and bytes.
    stdLibURL,
    // Nothing is loaded by name, so the lock file need not be fetched.
    lockFileContents: { info: { abi_version: manifest.abi_version }, packages: {} },
    packageBaseUrl: new URL("pyodide/", ASSETS).href,
    stdout: () => {},
    stderr: (line) => console.warn(line),
  });
  post({ type: "progress", percent: 88, stage: STARTING });
  // Into the working directory, which is on sys.path: calculator/…/*.pyc and calculator/rules/.
  pyodide.unpackArchive(await app, "zip");
  post({ type: "progress", percent: 94, stage: STARTING });
  pyodide.runPython(`
import json
import calculator

def _iqama_estimate(command, params_json, lang):
    return json.dumps(calculator.estimate(command, json.loads(params_json), lang), ensure_ascii=False)

def _iqama_reminder(params_json, lang):
    from calculator.reminder import make_reminder  # imported on the first "add a reminder"
    return json.dumps(make_reminder(json.loads(params_json), lang), ensure_ascii=False)

def _iqama_warm_up():
    compile(_IQAMA_WARM_UP_SOURCE, "<warm-up>", "exec")

_IQAMA_WARM_UP_SOURCE = "\\n".join(
    f"def f{i}(a, b=2, *c, **d):\\n"
    f"    x = [j * a for j in range(b) if j % 3]\\n"
    f"    return {{k: v for k, v in d.items()}}, f'{{a}}-{{b}}', x"
    for i in range(75))
`);
  post({ type: "progress", percent: 100, stage: STARTING });
  return {
    estimate: pyodide.globals.get("_iqama_estimate"),
    reminder: pyodide.globals.get("_iqama_reminder"),
    warmUp: pyodide.globals.get("_iqama_warm_up"),
    runtime: `pyodide ${pyodide.version}`,
  };
}

// ------------------------------------------------------------------ the next visit
// A returning reader's calculator is ready sooner (here 1.3 s instead of 1.9 s after the page is
// asked for) when Chromium has kept the code V8 compiled on the first visit: the WebAssembly
// runtime's and the 1.2 MB glue script's. It keeps them only under conditions of its own,
// which our short start-up does not meet:
//  - the glue script's code is written on its second load, so precompile.js loads it again;
//  - the WebAssembly's code is written once V8 has optimised 1 MB of it at once; our start-up
//    optimises a little less (the naive page, with far more to do, passes). Compiling a block
//    of Python source a few times (the parser, compiler and interpreter: ~0.2 s here, in
//    slices of 20-90 ms an estimate can come between) tips it over.
// The page asks for this after the first result, with what this browser has been prepared for
// already ({type: "prepare", prepared}); the answer {type: "prepared", runtime} is kept by the
// page, so it happens once per browser and runtime.
const WARM_UP_ROUNDS = 6;

async function prepareNextVisit(prepared) {
  const python = await ensureStarted();
  if (prepared === python.runtime) return;
  primeCodeCache();
  for (let round = 0; round < WARM_UP_ROUNDS; round++) {
    await new Promise((resolve) => setTimeout(resolve, 0)); // a waiting estimate goes first
    python.warmUp();
  }
  post({ type: "prepared", runtime: python.runtime });
}

function primeCodeCache() {
  try {
    new Worker(new URL("precompile.js", import.meta.url), { type: "module" });
  } catch {
    // no nested workers here: the next visit compiles the glue itself
  }
}

function ensureStarted(manifest) {
  if (!starting) {
    starting = start(manifest);
    starting.then(
      () => post({ type: "ready" }),
      (err) => post({ type: "failed", detail: String(err && err.message ? err.message : err) }),
    );
  }
  return starting;
}

self.onmessage = async ({ data }) => {
  if (data.type === "init") {
    ensureStarted(data.manifest);
  } else if (data.type === "prepare") {
    prepareNextVisit(data.prepared).catch(() => {}); // only speed is at stake
  } else if (data.type === "reminder") {
    // "Add a reminder to my calendar": the iCalendar file, made by calculator.reminder (the same
    // Python as `python -m calculator reminder`): {type: "reminder", id, made: {ics, filename} | {error}}
    try {
      const { reminder } = await ensureStarted();
      post({ type: "reminder", id: data.id, made: JSON.parse(reminder(JSON.stringify(data.params), data.lang)) });
    } catch (err) {
      post({ type: "reminder", id: data.id, crash: String(err && err.message ? err.message : err) });
    }
  } else if (data.type === "estimate") {
    let estimate;
    try {
      ({ estimate } = await ensureStarted());
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
