// Iqama Guide: on calculator pages, hold Material's search worker until it is wanted.
//
// Material starts its search worker as the page loads, and the worker builds the search index
// (lunr, Arabic + English) at once: a second busy thread while Python starts in the
// calculator's worker, on phones with few cores. This classic script runs just before Material's
// bundle (site_src/hooks/runtime.py puts it there, on pages with a calculator only) and hands
// Material a stand-in for its search worker: the messages Material sends it are kept, and the
// real worker starts, and gets them in order, as soon as
//   - search is wanted: the search field or the search button is focused, clicked or touched,
//     or one of Material's search shortcuts ("/", "s", "f") is typed outside a form field;
//   - the calculator is ready (or could not load): `.iq-widget[data-state]` says so;
//   - or 10 s have passed, whatever happens.
// Any other worker (the calculator's own) is created as usual. Search works as before, only
// its index is built a little later.
(() => {
  const Native = window.Worker;
  if (typeof Native !== "function" || typeof EventTarget !== "function") return;
  const SEARCH_WORKER = /\/workers\/search\.[^/]*\.js(\?|#|$)/;
  const LATEST_MS = 10000;
  const waiting = [];
  let released = false;

  class HeldWorker extends EventTarget {
    constructor(url, options) {
      super();
      this.onmessage = null;
      this.onerror = null;
      this.queue = [];
      this.real = null;
      const start = () => {
        const real = new Native(url, options);
        real.addEventListener("message", (event) => this.forward(new MessageEvent("message", { data: event.data })));
        real.addEventListener("messageerror", (event) => this.forward(new MessageEvent("messageerror", { data: event.data })));
        real.addEventListener("error", (event) => {
          event.preventDefault();
          this.forward(new ErrorEvent("error", { message: event.message, filename: event.filename, lineno: event.lineno }));
        });
        for (const [message, transfer] of this.queue) real.postMessage(message, transfer);
        this.queue = null;
        this.real = real;
      };
      this.start = start;
      if (released) start();
      else waiting.push(start);
    }

    forward(event) {
      const handler = event.type === "message" ? this.onmessage : event.type === "error" ? this.onerror : null;
      if (typeof handler === "function") handler.call(this, event);
      this.dispatchEvent(event);
    }

    postMessage(message, transfer = []) {
      if (this.real) this.real.postMessage(message, transfer);
      else if (this.queue) this.queue.push([message, transfer]);
    }

    terminate() {
      if (this.real) this.real.terminate();
      this.queue = null;
      const index = waiting.indexOf(this.start);
      if (index >= 0) waiting.splice(index, 1);
    }
  }

  function Worker(url, options) {
    if (!released && SEARCH_WORKER.test(String(url))) return new HeldWorker(url, options);
    return new Native(url, options);
  }
  Worker.prototype = Native.prototype;
  window.Worker = Worker;

  const observer = new MutationObserver(() => {
    if (document.querySelector(".iq-widget[data-state='ready'], .iq-widget[data-state='failed']")) release();
  });
  const onSearchIntent = (event) => {
    const target = event.target instanceof Element ? event.target : null;
    if (event.type === "keydown") {
      // Material's shortcuts that open search, typed outside any form field
      if (/^[/sSfF]$/.test(event.key) && !(target && target.closest("input, select, textarea"))) release();
    } else if (target && target.closest("[data-md-component='search'], label[for='__search'], #__search")) {
      release();
    }
  };
  const intents = ["focusin", "pointerdown", "click", "keydown"];
  const timer = setTimeout(release, LATEST_MS);

  function release() {
    if (released) return;
    released = true;
    clearTimeout(timer);
    observer.disconnect();
    for (const type of intents) document.removeEventListener(type, onSearchIntent, true);
    for (const start of waiting.splice(0)) start();
  }

  observer.observe(document.documentElement, { subtree: true, attributes: true, attributeFilter: ["data-state"] });
  for (const type of intents) document.addEventListener(type, onSearchIntent, true);
})();
