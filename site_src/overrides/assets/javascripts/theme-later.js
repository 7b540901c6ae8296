// Iqama Guide: load Material's bundle when the reader first reaches for search, not as every
// page loads.
//
// Everything a reader needs works without Material's script: the pages, the navigation drawer,
// the language switch, content tabs and details are HTML and CSS, and the calculator has its
// own script. What the bundle adds is search (its lunr index built in a worker) and niceties
// (the table of contents following the scroll, the back-to-top button, shortcuts). Evaluating
// it costs 60-200 ms of main-thread time on a mid-range phone as the page starts, enough to
// delay the first paint, the calculator's Python start and the reader's first tap. So this
// small script (site_src/overrides/main.html puts it where the bundle was, with the bundle's
// URL in data-bundle) loads the bundle as soon as
//   - search is wanted: the search field or the search button is focused, clicked or touched,
//     or one of Material's search shortcuts ("/", "s", "f") is typed outside a form field
//     (the search opens and takes focus, as Material's own shortcut does);
//   - the address asks for search (?q=, Material's shared search) or for highlighted search
//     terms (?h=, after following a search result).
// Material starts on DOMContentLoaded; when that has passed, the event is sent again for it.
// <html data-theme-script="idle|loading|ready|failed"> says where this stands (tests, tools).
//
// Material searches on "keyup" only. Arabic typed on a phone's keyboard, text chosen from a
// suggestion bar or pasted, and IME input change the field with no keyup (a single word was
// searched only once a space was typed): every "input" event in the search field is passed on
// to Material as a keyup.
(() => {
  const me = document.currentScript;
  const bundle = me && me.dataset.bundle;
  if (!bundle) return;
  const root = document.documentElement;
  const INTENTS = ["focusin", "pointerdown", "touchstart", "click", "keydown", "submit"];
  const SEARCH = "[data-md-component='search'], label[for='__search'], #__search";
  let parsed = document.readyState !== "loading";
  let state = "idle";
  root.dataset.themeScript = state;
  if (!parsed) document.addEventListener("DOMContentLoaded", () => (parsed = true), { once: true });

  function load() {
    if (state !== "idle") return;
    state = root.dataset.themeScript = "loading";
    for (const type of INTENTS) document.removeEventListener(type, onIntent, true);
    const script = document.createElement("script");
    script.src = bundle;
    script.onload = () => {
      // Before the document was parsed the bundle sees the real event; after, a replay.
      if (parsed) document.dispatchEvent(new Event("DOMContentLoaded"));
      state = root.dataset.themeScript = "ready";
    };
    script.onerror = () => {
      state = root.dataset.themeScript = "failed";
    };
    document.body.append(script);
  }

  function onIntent(event) {
    const target = event.target instanceof Element ? event.target : null;
    if (event.type === "keydown") {
      if (event.ctrlKey || event.metaKey || event.altKey || !/^[/sSfF]$/.test(event.key)) return;
      if (target && target.closest("input, select, textarea, [contenteditable]")) return;
      // Material's shortcut: open the search and put the cursor in it
      event.preventDefault();
      const toggle = document.getElementById("__search");
      if (toggle) toggle.checked = true;
      const input = document.querySelector(".md-search__input");
      if (input) input.focus();
      load();
    } else if (target && target.closest(SEARCH)) {
      // Enter in the search field before the bundle is there must not reload the page
      if (event.type === "submit") event.preventDefault();
      load();
    }
  }

  document.addEventListener("input", (event) => {
    const field = event.target;
    if (field instanceof HTMLInputElement && field.classList.contains("md-search__input")) {
      field.dispatchEvent(new KeyboardEvent("keyup", { bubbles: true }));
    }
  }, true);

  const query = new URLSearchParams(location.search);
  if (query.has("q") || query.has("h")) {
    load();
    return;
  }
  for (const type of INTENTS) document.addEventListener(type, onIntent, true);
})();
