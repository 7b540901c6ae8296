// A browser driven by npm puppeteer-core, commanded from Python (tests/browser/engines/drivers.py).
//
//   node puppeteer_bridge.mjs firefox /usr/bin/firefox-esr
//
// Firefox ESR from Debian over WebDriver BiDi (never a downloaded browser). Reads one JSON command
// a line on stdin ({id, op, args}), answers one JSON line on stdout ({id, value} or {id, error}).
// The page records what `Tab.assert_clean` looks at in Chromium: console errors, page errors,
// failed requests, 4xx/5xx answers and requests to another origin (op "problems" takes them).
import readline from "node:readline";
import puppeteer from "puppeteer-core";

const [name, executablePath] = process.argv.slice(2);
const browser = await puppeteer.launch({
  browser: name,
  executablePath,
  headless: true,
  // Firefox: a fresh profile each run; service workers on (also over http://127.0.0.1).
  extraPrefsFirefox: { "dom.serviceWorkers.enabled": true, "dom.serviceWorkers.testing.enabled": true },
});
let origin = "";
let page = null;
const problems = [];

async function open() {
  if (page) await page.close().catch(() => {});
  page = await browser.newPage();
  await page.setViewport({ width: 1000, height: 900 });
  page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
  page.on("pageerror", (e) => problems.push(`page error: ${e.message || e}`));
  page.on("requestfailed", (r) => {
    const error = r.failure()?.errorText || "";
    // Firefox prefetches a page's <link rel="next"> (Sec-Purpose: prefetch); leaving the page
    // cancels it. A speculative request the browser itself dropped is nothing a reader sees.
    if (error === "NS_BINDING_ABORTED" && /prefetch/.test(r.headers()["sec-purpose"] || "")) return;
    problems.push(`failed: ${r.url()} ${error}`);
  });
  page.on("response", (r) => r.status() >= 400 && problems.push(`${r.status()} ${r.url()}`));
  page.on("request", (r) => {
    const url = r.url();
    if (origin && !url.startsWith(origin) && !/^(data|blob|about):/.test(url)) problems.push(`request to another origin: ${url}`);
  });
  return true;
}

const ops = {
  origin: (value) => ((origin = value), true),
  open,
  goto: async (url) => {
    await page.goto(url, { waitUntil: "load", timeout: 60000 });
    return page.url();
  },
  reload: async () => (await page.reload({ waitUntil: "load", timeout: 60000 }), true),
  wait: async (selector, timeout = 60000) => (await page.waitForSelector(selector, { timeout }), true),
  waitFunction: async (source, arg, timeout = 60000) =>
    (await page.waitForFunction(`(${source})(${JSON.stringify(arg)})`, { timeout, polling: 200 }), true),
  evaluate: (source, arg) => page.evaluate(`(${source})(${JSON.stringify(arg)})`),
  type: async (selector, text) => (await page.type(selector, text), true),
  click: async (selector) => (await page.click(selector), true),
  press: async (key) => (await page.keyboard.press(key), true),
  problems: () => problems.splice(0),
  version: () => browser.version(),
  close: async () => {
    await browser.close();
    setTimeout(() => process.exit(0), 50);
    return true;
  },
};

const lines = readline.createInterface({ input: process.stdin });
for await (const line of lines) {
  const { id, op, args = [] } = JSON.parse(line);
  let answer;
  try {
    answer = { id, value: (await ops[op](...args)) ?? null };
  } catch (error) {
    answer = { id, error: String((error && error.stack) || error) };
  }
  process.stdout.write(JSON.stringify(answer) + "\n");
}
await browser.close().catch(() => {});
