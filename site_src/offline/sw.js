// Iqama Guide service worker: a cache, nothing else (site_src/offline/sw.js).
//
// The build (site_src/hooks/offline.py) writes this file to the site root with VERSION and
// PRECACHE filled in: every page in both languages and every asset the guides and the
// calculator need (Pyodide runtime, trimmed stdlib, wheels, widget, fonts, CSS/JS, search
// index), as URLs relative to this file, and each file's digest (PRECACHE.sha256). VERSION is a
// hash of those files' contents, so a new deployment gets a new cache; the old one is deleted
// when the new worker takes over.
//
// One rule holds it together: a deployment's cache holds that deployment's bytes and nothing
// else. A file is kept only if this deployment names it and its bytes have the named digest;
// a copy with other bytes from the HTTP cache (GitHub Pages lets browsers keep files ten minutes
// without asking) is asked for again, revalidated. When the server already holds a newer
// deployment, nothing is kept, and the page gets the server's file.
//
//  - install:  fetch every PRECACHE.core URL (pages, styles, scripts, fonts, search) that way
//              into "iqama-<VERSION>"; all or nothing, so a cache never mixes two deployments.
//  - message "calculator": a page with a calculator asks for PRECACHE.calculator (Pyodide, the
//              wheels, the widget), so only readers of a calculator download the runtime twice
//              over (mostly revalidated against the HTTP cache, as the page has just fetched it).
//  - activate: delete the other "iqama-" caches, turn on navigation preload, take control of
//              open pages.
//  - fetch:    same-origin GET only (other origins and methods are left to the browser; this
//              worker never makes a request to another origin).
//              Page navigations: network first (fresh pages online; with navigation preload,
//              the request does not wait for this worker to start), the cached page when the
//              network fails (a rejection, or Firefox's error response) or stalls. A page from
//              the network that is not this deployment's page means the server holds another
//              deployment: until a new worker takes over, the page's files come from the
//              network, revalidated, never from this cache (no new page with an old script).
//              Pyodide's code (its .mjs and .wasm files): left to the browser while the network
//              answers page requests (Chromium keeps V8's compiled code only for the files it
//              loads itself); else from the cache.
//              Everything else: cache first, then the network (kept by the rule above). Cache
//              look-ups ignore the query string: a calculator page keeps its inputs there
//              (?calc=kw-fine&…); one cache per deployment, so nothing older can answer.

const VERSION = "__IQAMA_VERSION__";
const PRECACHE = /* __IQAMA_PRECACHE__ */ {};
const PREFIX = "iqama-";
const CACHE = PREFIX + VERSION;
const NAVIGATION_TIMEOUT_MS = 4000;
const ROOT = new URL("./", self.location.href);
// absolute URL without query -> the digest of this deployment's bytes for it
const DIGESTS = new Map(Object.entries(PRECACHE.sha256 || {}).map(([path, hex]) => [new URL(path, ROOT).href, hex]));

function withoutQuery(url) {
  const bare = new URL(url);
  bare.search = "";
  bare.hash = "";
  return bare.href;
}

async function digestOf(response) {
  const hash = await crypto.subtle.digest("SHA-256", await response.clone().arrayBuffer());
  return [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, "0")).join("").slice(0, 16);
}

// This deployment's file at `url`: the browser's copy if it has this deployment's bytes (no
// request; and Chromium keeps the code it compiled from that copy only while the copy is not
// revalidated), else the server's, revalidated; rejects when the server answers with other
// bytes (another deployment) or an error.
async function fetchOwn(url) {
  const expected = DIGESTS.get(withoutQuery(url));
  if (!expected) throw new Error(`${url}: not a file of deployment ${VERSION}`);
  for (const cache of ["default", "no-cache"]) {
    const response = await fetch(url, { cache });
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    if ((await digestOf(response)) === expected) return response;
  }
  throw new Error(`${url}: the server holds another deployment`);
}

async function keep(cache, paths) {
  await Promise.all(paths.map(async (path) => {
    const url = new URL(path, ROOT);
    await cache.put(url, await fetchOwn(url));
  }));
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      try {
        await keep(cache, PRECACHE.core);
      } catch (error) {
        await caches.delete(CACHE); // all or nothing; the browser tries again on a later visit
        throw error;
      }
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
    if (!(await cache.match(new URL(path, ROOT), { ignoreSearch: true }))) missing.push(path);
  }
  await keep(cache, missing);
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

// Set when a page from the network was not this deployment's page although the server was asked
// (the server holds another deployment): until a new worker takes over, the pages' files come
// from the network, revalidated, not from this cache.
let serverHoldsOther = false;

// The page came from this cache: its files come from here too.
function fromOwnCache() {
  networkAnsweredAt = 0;
  serverHoldsOther = false;
}

// Firefox answers a failed navigation preload with an error response (type "error", status 0)
// instead of rejecting: that is a network failure too, and the cached page must answer.
function networkAnswer(response) {
  if (!response || response.type === "error") throw new TypeError("network error");
  return response;
}

// The network's page, checked against this deployment's copy: the same bytes, or else the
// server's current page (the first answer may be an older deployment's page that the HTTP cache
// may keep for ten minutes: asked again, revalidated).
async function pageFromNetwork(request, preload) {
  const first = networkAnswer(await Promise.resolve(preload).then((response) => response || fetch(request)));
  const expected = DIGESTS.get(withoutQuery(request.url));
  if (!expected || !first.ok) return first; // a page this deployment does not have
  if ((await digestOf(first)) === expected) {
    serverHoldsOther = false;
    return first;
  }
  const fresh = networkAnswer(await fetch(request.url, { cache: "no-cache", redirect: "manual" }));
  serverHoldsOther = !(fresh.ok && (await digestOf(fresh)) === expected);
  if (serverHoldsOther) self.registration.update().catch(() => {}); // fetch the new worker now
  return fresh.ok ? fresh : first;
}

// A cached response keeps the URL it was stored under (without the query); a worker script
// takes its location from its response's URL, so a worker started as "x.js?lang=ar" would lose
// its query. A response without a URL takes the request's.
function asRequested(request, response) {
  if (response.url === request.url) return response;
  return new Response(response.body, { status: response.status, statusText: response.statusText, headers: response.headers });
}

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
  const network = pageFromNetwork(request, preload);
  network.then(() => (networkAnsweredAt = Date.now()), () => (networkAnsweredAt = 0));
  let fromCache = false;
  try {
    // A stalled network gives way to the cached page, if there is one.
    const fallback = stalled.then(() => ((fromCache = true), cached(request)));
    const winner = await Promise.race([network, fallback]);
    if (winner) {
      if (fromCache) fromOwnCache();
      return winner;
    }
    return await network;
  } catch (error) {
    const hit = await cached(request);
    if (hit) {
      fromOwnCache();
      return hit;
    }
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
  if (serverHoldsOther) {
    try {
      return await fetch(request, { cache: "no-cache" });
    } catch (error) {
      const hit = await cached(request); // the network went away meanwhile
      if (hit) return asRequested(request, hit);
      throw error;
    }
  }
  const hit = await cached(request);
  if (hit) return asRequested(request, hit);
  try {
    const response = await fetchOwn(request.url); // throws unless this deployment's bytes
    const copy = response.clone();
    caches.open(CACHE).then((cache) => cache.put(withoutQuery(request.url), copy)).catch(() => {});
    return response;
  } catch {
    return fetch(request); // not ours to keep (or the network is gone): the browser's answer
  }
}
