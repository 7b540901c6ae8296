// Runs the built site's search worker (site_src/overrides/assets/javascripts/workers/iq-search.js
// around Material's own worker, or Material's worker alone with --material) under Node, on the
// built search index, and prints for each query the pages of the results, best first.
//
//   node tests/site/search_harness.mjs <site dir> <ar|en> [--material] < queries.json
//   queries.json: ["query", ...]      output: [{"query": ..., "pages": ["kuwait/pay/", ...]}, ...]
//
// Used by tests/site/test_search_index.py (a quick check of every query in search_queries.toml)
// and to measure choices of the Arabic pipeline; the browser test drives the real page.
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";

const [siteDir, lang, flag] = process.argv.slice(2);
const workerDir = path.join(siteDir, "assets/javascripts/workers");
const material = fs.readdirSync(workerDir).find((f) => /^search\.[0-9a-f]+\.min\.js$/.test(f));
const entry = flag === "--material" ? material : `iq-search.js`;
const extra = process.env.IQ_SEARCH_PARAMS || "";

const target = new EventTarget();
const posted = [];
const context = {
  console, URL, URLSearchParams, MessageEvent, TextEncoder, TextDecoder, setTimeout, clearTimeout,
  location: { href: `http://localhost/assets/javascripts/workers/${entry}?lang=${lang}&material=${material}${extra}` },
  addEventListener: target.addEventListener.bind(target),
  removeEventListener: target.removeEventListener.bind(target),
  dispatchEvent: target.dispatchEvent.bind(target),
  postMessage: (message) => posted.push(message),
  importScripts: (...urls) => {
    for (const url of urls) {
      const file = path.resolve(workerDir, url);
      vm.runInContext(fs.readFileSync(file, "utf8"), context, { filename: file });
    }
  },
};
context.self = context;
vm.createContext(context);
context.importScripts(entry);

function send(data) {
  target.dispatchEvent(new MessageEvent("message", { data }));
}

async function next(type) {
  for (let i = 0; i < 2000; i++) {
    const at = posted.findIndex((m) => m.type === type);
    if (at >= 0) return posted.splice(at, 1)[0];
    await new Promise((r) => setTimeout(r, 1));
  }
  throw new Error(`no message of type ${type}`);
}

const index = JSON.parse(fs.readFileSync(path.join(siteDir, "search/search_index.json"), "utf8"));
const queries = JSON.parse(fs.readFileSync(0, "utf8"));
send({ type: 0, data: { config: index.config, docs: index.docs, options: { suggest: false } } });
await next(1);
const out = [];
for (const query of queries) {
  send({ type: 2, data: query });
  const result = await next(3);
  out.push({ query, pages: result.data.items.map((group) => group[0].location.split("#")[0]) });
}
process.stdout.write(JSON.stringify(out, null, 1));
