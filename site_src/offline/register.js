// Iqama Guide: register the offline cache (site_src/offline/register.js, an ES module loaded on
// every page by site_src/hooks/offline.py). The service worker sits at the site root, two
// folders up from this file (assets/offline/), so this works under any sub-path (GitHub Pages).
// Without service workers (old browsers, private modes, plain http) the site works as before.
//
// When the worker is active (its install has cached the pages and their assets; on a page with a
// calculator, also the calculator's runtime), <html> gets data-offline="ready" and
// data-offline-version="<build version>", for tests and tools.

const ROOT = new URL("../../", import.meta.url);
const START_DELAY_MS = 3000;

async function register() {
  const registration = await navigator.serviceWorker.register(new URL("sw.js", ROOT), {
    scope: ROOT.pathname,
  });
  await navigator.serviceWorker.ready;
  const worker = registration.active;
  if (!worker) return;
  const channel = new MessageChannel();
  channel.port1.onmessage = ({ data }) => {
    if (data.error) {
      console.warn("Iqama Guide: the calculator is not available offline:", data.error);
      return;
    }
    document.documentElement.dataset.offlineVersion = data.version;
    document.documentElement.dataset.offline = "ready";
  };
  // A page with a calculator also asks for the calculator's runtime to be kept offline.
  const type = document.querySelector(".iq-widget") ? "calculator" : "version";
  worker.postMessage({ type }, [channel.port2]);
}

function start() {
  register().catch((error) => console.warn("Iqama Guide: offline copy unavailable:", error));
}

// The offline copy of the guides is a few hundred kB (the calculator's runtime, ~4 MB compressed,
// only after a calculator page): not on a connection asking to save data.
const saveData = Boolean(navigator.connection && navigator.connection.saveData);

if ("serviceWorker" in navigator && window.isSecureContext && !saveData) {
  // Well after the page has loaded, when the browser is idle: the page's own downloads (and on a
  // calculator page, Python's start) come first; the offline copy fills in behind them.
  const later = () => setTimeout(() => (window.requestIdleCallback || setTimeout)(start), START_DELAY_MS);
  if (document.readyState === "complete") later();
  else window.addEventListener("load", later, { once: true });
  // A new deployment took over: report its version.
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    delete document.documentElement.dataset.offline;
    start();
  });
}
