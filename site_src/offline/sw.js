// Iqama Guide service worker: a cache, nothing else (site_src/offline/sw.js).
//
// The build (site_src/hooks/offline.py) writes this file to the site root with VERSION and
// PRECACHE filled in: every page in both languages and every asset the guides and the
// calculator need (Pyodide runtime, trimmed stdlib, wheels, widget, fonts, CSS/JS, search
// index), as URLs relative to this file. VERSION is a hash of those files' contents, so a new
// deployment gets a new cache; the old one is deleted when the new worker takes over.
//
//  - install:  fetch every PRECACHE.core URL (pages, styles, scripts, fonts, search; revalidated,
//              not from a stale HTTP cache) into "iqama-<VERSION>"; all or nothing, so a cache
//              never mixes two deployments.
//  - message "calculator": a page with a calculator asks for PRECACHE.calculator (Pyodide, the
//              wheels, the widget), so only readers of a calculator download the runtime twice
//              over (mostly from the HTTP cache, as the page has just fetched it).
//  - activate: delete the other "iqama-" caches, turn on navigation preload, take control of
//              open pages.
//  - fetch:    same-origin GET only (other origins and methods are left to the browser; this
//              worker never makes a request to another origin).
//              Page navigations: network first (fresh pages online; with navigation preload,
//              the request does not wait for this worker to start), the cached page when the
//              network fails or stalls. Pyodide's code (its .mjs and .wasm files): left to
//              the browser while the network answers page requests (Chromium keeps V8's
//              compiled code only for the files it loads itself); else from the cache.
//              Everything else: cache first, then the network (and a successful answer is
//              cached). Cache look-ups ignore the query string: a calculator page keeps its
//              inputs there (?calc=kw-fine&…); one cache per deployment, so nothing older can
//              answer.

const VERSION = "__IQAMA_VERSION__";
const PRECACHE = /* __IQAMA_PRECACHE__ */ {};
const PREFIX = "iqama-";
const CACHE = PREFIX + VERSION;
const NAVIGATION_TIMEOUT_MS = 4000;
const ROOT = new URL("./", self.location.href);

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      const requests = PRECACHE.core.map((path) => new Request(new URL(path, ROOT), { cache: "no-cache" }));
      await cache.addAll(requests);
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) {
        if (name.startsWith(PREFIX) && name !== CACHE) await caches.delete(name);
      }
      // Page requests start while this worker starts up (it is stopped between visits).
      if (self.registration.navigationPreload) await self.registration.navigationPreload.enable();
      await self.clients.claim();
    })(),
  );
});

async function cacheCalculator() {
  const cache = await caches.open(CACHE);
  const missing = [];
  for (const path of PRECACHE.calculator) {
    if (!(await cache.match(new URL(path, ROOT), { ignoreSearch: true }))) missing.push(new URL(path, ROOT));
  }
  await cache.addAll(missing);
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  const port = event.ports[0];
  if (!port) return;
  const files = PRECACHE.core.length + (data.type === "calculator" ? PRECACHE.calculator.length : 0);
  const reply = () => port.postMessage({ version: VERSION, files });
  if (data.type === "version") reply();
  else if (data.type === "calculator") {
    event.waitUntil(cacheCalculator().then(reply, (error) => port.postMessage({ error: String(error) })));
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !url.pathname.startsWith(ROOT.pathname)) return;
  if (request.headers.has("range")) return; // partial content is not cached
  if (request.mode === "navigate") event.respondWith(networkFirst(request, event.preloadResponse));
  else if (COMPILED.test(url.pathname) && Date.now() - networkAnsweredAt < NETWORK_TRUSTED_MS) return;
  else event.respondWith(cacheFirst(request));
});

async function cached(request) {
  const cache = await caches.open(CACHE);
  return cache.match(request, { ignoreSearch: true, ignoreVary: true });
}

// `preload`: the navigation preload's promise (a response, or undefined when preload is off).
async function networkFirst(request, preload) {
  let timer = 0;
  const stalled = new Promise((resolve) => {
    timer = setTimeout(resolve, NAVIGATION_TIMEOUT_MS);
  });
  const network = Promise.resolve(preload).then((response) => response || fetch(request));
  network.then(() => (networkAnsweredAt = Date.now()), () => (networkAnsweredAt = 0));
  let fromCache = false;
  try {
    // A stalled network gives way to the cached page, if there is one.
    const fallback = stalled.then(() => ((fromCache = true), cached(request)));
    const winner = await Promise.race([network, fallback]);
    if (winner) {
      if (fromCache) networkAnsweredAt = 0;
      return winner;
    }
    return await network;
  } catch (error) {
    const hit = await cached(request);
    if (hit) return hit;
    throw error;
  } finally {
    clearTimeout(timer);
  }
}

// A returning reader's calculator starts fast only with the code V8 compiled on an earlier visit
// (worker.js, "the next visit"). Chromium keeps that code beside the HTTP cache's copy of a
// script or a .wasm (the copy the first visit loaded, before this worker existed), and uses it
// only when the browser loads that copy itself: passed through this worker, or taken from its
// cache, the files compile again (about 0.3 s here). So while the network answers (the page's
// own request got through within the last minute), Pyodide's code is left to the browser and its
// HTTP cache; when the page came from this worker's cache (offline, or a stalled network), it
// comes from this worker's cache too.
const COMPILED = /\/assets\/pyodide\/[^/]+\.(mjs|wasm)$/;
const NETWORK_TRUSTED_MS = 60000;
let networkAnsweredAt = 0; // when a page request last got its answer from the network

async function cacheFirst(request) {
  const hit = await cached(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok && response.type === "basic") {
    const copy = response.clone();
    caches.open(CACHE).then((cache) => cache.put(request, copy)).catch(() => {});
  }
  return response;
}
