// Iqama Guide calculator widget: the page script (an ES module).
//
// Every <div class="iq-widget" data-command="..."> holds a form rendered at build time by
// site_src/hooks/widget.py, with its UI strings in data-ui. This script:
//  - starts one module worker (worker.js: Pyodide + the calculator wheel) when a widget comes
//    on screen, a field gets focus, the URL asks for a result, or the form is sent;
//  - reads the form into the CLI's params (dates as "YYYY-MM-DD" from day/month/year, never
//    validated or rewritten here: Python validates and understands ٠-٩ digits);
//  - writes results and errors with textContent only;
//  - keeps the inputs in the URL query string: ?calc=<command>&<option>=<value>... with the CLI
//    option names. A URL without `calc` belongs to the page's first widget.
//
// Hooks for tests and tools: <html data-calculator-worker="head|page"> (who started the worker:
// the inline script in <head>, or this script); on each .iq-widget, data-state
// (idle|loading|ready|failed) and
// data-runs (outcomes shown so far, a preset link's silent "required" included); on .iq-result, data-status, data-total, data-currency
// (the JSON's values, "" when null; status "error" for an input error, with data-error-code and
// data-error-field). A popstate event re-reads the URL, as on page load.

const WORKER_URL = new URL("./worker.js", import.meta.url);
const LOAD_TIMEOUT_MS = 90000;
const LANG = (document.documentElement.lang || "en").toLowerCase().startsWith("ar") ? "ar" : "en";

const widgets = [];
let worker = null;
let workerState = "idle"; // idle | loading | ready | failed
let loadTimer = 0;
let nextId = 1;
const pending = new Map(); // request id -> widget

// ------------------------------------------------------------------ small helpers

function fmt(template, values) {
  return String(template || "").replace(/\{(\w+)\}/g, (m, key) => (key in values ? values[key] : m));
}

// Like fmt, but returns nodes: each value is isolated left-to-right (dates, amounts) so that
// "2025-03-27" does not read "27-03-2025" inside Arabic text.
function fmtNodes(template, values) {
  return String(template || "")
    .split(/(\{\w+\})/)
    .map((bit) => {
      const key = /^\{(\w+)\}$/.exec(bit);
      return key && key[1] in values ? ltr(values[key[1]]) : bit;
    });
}

// A sentence from Python: each written date in it comes between U+2068 and U+2069 (isolates,
// calculator/text date_text) and becomes a <bdi class="iq-date">, kept on one line (CSS).
function words(text) {
  return String(text ?? "")
    .split(/\u2068([^\u2069]*)\u2069/)
    .map((bit, i) => (i % 2 ? h("bdi", { class: "iq-date", text: bit }) : bit))
    .filter((bit) => bit !== "");
}

function ltr(text) {
  return h("bdi", { dir: "ltr", text: String(text) });
}

function h(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "text") node.textContent = value;
    else if (key === "class") node.className = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

// A next step links an official portal (https://...) or a page of this guide named from its
// language's root ("kuwait/renew/"), resolved against the widget's data-root (the relative way
// from this page to that root), so it opens in the page's language.
function safeUrl(url) {
  if (typeof url !== "string") return null;
  if (/^https?:\/\//i.test(url)) return url;
  const root = document.querySelector(".iq-widget[data-root]")?.dataset.root;
  if (root !== undefined && /^[a-z0-9-]+(\/[a-z0-9-]+)*\/$/.test(url)) return new URL(root + url, location.href).href;
  return null;
}

function link(text, url) {
  const href = safeUrl(url);
  return href ? h("a", { href }, ...words(text)) : h("span", {}, ...words(text));
}

// ------------------------------------------------------------------ the worker

function startWorker() {
  if (workerState !== "idle") return;
  setState("loading", 0);
  // Started by the inline script at the top of <head> (site_src/hooks/runtime.py), before the
  // page was laid out, with the worker's first messages kept: adopted here.
  const early = window.__iqamaWorker;
  delete window.__iqamaWorker;
  document.documentElement.dataset.calculatorWorker = early ? "head" : "page";
  try {
    worker = early ? early.worker : new Worker(WORKER_URL, { type: "module" });
  } catch (err) {
    loadFailed(err);
    return;
  }
  const onMessage = ({ data }) => {
    if (data.type === "progress" && workerState === "loading") setState("loading", data.percent, data.stage);
    else if (data.type === "ready") ready();
    else if (data.type === "failed") loadFailed(data.detail);
    else if (data.type === "result") received(data);
    else if (data.type === "reminder") reminderMade(data);
    else if (data.type === "prepared") remember(PREPARED_KEY, data.runtime);
  };
  const onError = (event) => {
    event.preventDefault();
    loadFailed(event.message || "worker error");
  };
  worker.onmessage = onMessage;
  worker.onerror = onError;
  loadTimer = setTimeout(() => workerState === "loading" && loadFailed("timeout"), LOAD_TIMEOUT_MS);
  if (early) for (const event of early.queue) (event.type === "error" ? onError : onMessage)(event);
  else worker.postMessage({ type: "init" });
}

// After the first result, the worker readies this browser's caches so that the calculator
// starts faster on the reader's next visit (worker.js, "the next visit"); the runtime it has
// done that for is remembered here, so it is done once. Nothing about the reader is kept.
const PREPARED_KEY = "iqama-calculator-prepared";
let prepareAsked = false;

function prepareNextVisit() {
  if (prepareAsked) return;
  prepareAsked = true;
  worker.postMessage({ type: "prepare", prepared: recall(PREPARED_KEY) });
}

// localStorage can be missing or refuse (private modes, storage off): then nothing is kept.
function recall(key) {
  try {
    return window.localStorage.getItem(key);
  } catch {
    return null;
  }
}

function remember(key, value) {
  try {
    window.localStorage.setItem(key, String(value));
  } catch {
    // not kept: the next visit prepares again
  }
}

function ready() {
  clearTimeout(loadTimer);
  setState("ready");
}

// "Try again" after a failed or stalled start: a new worker, from the beginning.
function retry() {
  if (worker) worker.terminate();
  worker = null;
  workerState = "idle";
  startWorker();
}

function loadFailed(detail) {
  clearTimeout(loadTimer);
  if (workerState === "failed") return;
  console.warn("Iqama calculator could not load:", detail);
  setState("failed");
  for (const w of pending.values()) w.root.removeAttribute("aria-busy");
  pending.clear();
}

let loadingStage; // "starting" once every byte of the runtime is in (worker.js)

function setState(state, percent, stage) {
  workerState = state;
  loadingStage = stage;
  for (const w of widgets) showState(w, state, percent);
}

function showState(w, state, percent) {
  w.root.dataset.state = state;
  const text = w.root.querySelector(".iq-status-text");
  const bar = w.root.querySelector(".iq-progress");
  bar.hidden = state !== "loading";
  if (state === "loading") {
    bar.value = percent || 0;
    // The bar moves in tenths of a percent (worker.js, "download progress"); the words, which a
    // screen reader announces (role="status"), in steps of ten, and only when they change.
    const words = loadingStage === "starting" ? w.ui.starting
      : percent >= 10 ? fmt(w.ui.loading_progress, { percent: 10 * Math.floor(percent / 10) }) : w.ui.loading;
    if (text.textContent !== words) text.textContent = words;
    return;
  }
  text.replaceChildren();
  if (state === "ready") {
    text.textContent = w.ui.ready || "";
  } else if (state === "failed") {
    text.textContent = w.ui.load_failed || "";
    const table = document.querySelector(".md-content table:not(.iq-widget table)");
    if (table && w.ui.tables_link) {
      if (!table.id) table.id = "iq-tables";
      text.append(" ", h("a", { href: `#${table.id}`, text: w.ui.tables_link }));
    }
    const again = h("button", { type: "button", class: "md-button iq-retry", text: w.ui.retry });
    again.addEventListener("click", retry);
    text.append(" ", again);
  }
}

function send(w, params) {
  const id = nextId++;
  pending.set(id, w);
  w.lastId = id;
  w.root.setAttribute("aria-busy", "true");
  startWorker();
  if (workerState === "failed") {
    pending.delete(id);
    w.root.removeAttribute("aria-busy");
    return;
  }
  if (workerState === "loading") w.root.querySelector(".iq-status-text").textContent = w.ui.working;
  worker.postMessage({ type: "estimate", id, command: w.command, params, lang: LANG });
}

function received({ id, result, crash }) {
  const w = pending.get(id);
  pending.delete(id);
  if (!w || id !== w.lastId) return; // a newer request supersedes this one
  w.root.removeAttribute("aria-busy");
  if (crash) {
    console.warn("Iqama calculator failed:", crash);
    showState(w, "failed");
    return;
  }
  const preset = w.presetOnly;
  w.presetOnly = false;
  // A link that only picks choices (a preset from the home page, e.g. ?calc=kw-fine&category=visit)
  // fills the form and waits for the reader's date: no "required" error before they typed anything.
  if (result.error && preset && result.error.code === "required") clearOutcome(w);
  else if (result.error) showError(w, result.error);
  else showResult(w, result);
  if (!result.error) prepareNextVisit();
  w.root.dataset.runs = String(Number(w.root.dataset.runs || 0) + 1);
  if (w.scrollOnResult) w.resultBox.scrollIntoView({ block: "nearest" });
}

// ------------------------------------------------------------------ form <-> params

function fieldNodes(w) {
  return [...w.form.querySelectorAll(".iq-field[data-name]")];
}

// A whole date typed or pasted into one of a date's three boxes ("01/06/2025", "1 June 2025",
// "٥ جمادى الأولى ١٤٤٦"): two runs of digits apart, or a letter. Such a box, alone filled, is
// sent whole (Python reads it); a numeric one is also spread over the boxes (spreadDate).
const WHOLE_DATE = /\p{Nd}[^\p{Nd}]+\p{Nd}|\p{L}/u;

function datePart(field, p) {
  return field.querySelector(`[data-part="${p}"]`);
}

function wholeDate(field) {
  const filled = ["day", "month", "year"].map((p) => datePart(field, p).value).filter((v) => v.trim());
  return filled.length === 1 && WHOLE_DATE.test(filled[0]) ? filled[0].trim() : null;
}

// A numeric date's [day, month, year], whichever end its four-digit year stands at
// ("2025-06-01", "01/06/2025", "1447/05/01", "01-06-2025"); null for any other shape.
function numericDate(text) {
  if (/\p{L}/u.test(text)) return null;
  const parts = text.trim().split(/[^\p{Nd}]+/u);
  if (parts.length !== 3 || parts.some((p) => !p)) return null;
  const year = (v) => /^\p{Nd}{4}$/u.test(v);
  if (year(parts[0])) return [parts[2], parts[1], parts[0]];
  return year(parts[2]) ? parts : null;
}

function spreadDate(field) {
  const whole = wholeDate(field);
  const parts = whole && numericDate(whole);
  if (!parts) return;
  ["day", "month", "year"].forEach((p, i) => { datePart(field, p).value = parts[i]; });
}

function rawValue(field) {
  const kind = field.dataset.kind;
  if (kind === "date") {
    const whole = wholeDate(field);
    if (whole) return whole;
    const [d, m, y] = ["day", "month", "year"].map((p) => datePart(field, p).value);
    return d || m || y ? `${y}-${m}-${d}` : "";
  }
  if (kind === "yesno" || kind === "calendar") {
    const checked = field.querySelector("input:checked");
    return checked ? checked.value : field.dataset.other ?? "";
  }
  return field.querySelector("input, select").value;
}

function setValue(field, value) {
  const kind = field.dataset.kind;
  if (kind === "date") {
    // Day, month and year in their boxes whichever way round the URL writes them; any other
    // shape is kept whole (in the year box), and Python says what is wrong with it.
    const parts = numericDate(value) || ["", "", value];
    ["day", "month", "year"].forEach((p, i) => { datePart(field, p).value = parts[i]; });
  } else if (kind === "yesno" || kind === "calendar") {
    const radios = [...field.querySelectorAll("input")];
    for (const radio of radios) radio.checked = radio.value === value;
    // A value no radio offers (from a URL) is kept and sent, so Python can say what is wrong.
    if (radios.some((r) => r.checked)) delete field.dataset.other;
    else field.dataset.other = value;
  } else {
    const control = field.querySelector("input, select");
    if (control.tagName === "SELECT" && value && ![...control.options].some((o) => o.value === value)) {
      control.append(h("option", { value, text: value })); // keep what the URL said; Python judges it
    }
    control.value = value;
  }
}

function applyShowIf(w) {
  const values = {};
  for (const field of fieldNodes(w)) values[field.dataset.name] = rawValue(field);
  for (const field of fieldNodes(w)) {
    if (!field.dataset.showIf) continue;
    const cond = JSON.parse(field.dataset.showIf);
    field.hidden = !Object.entries(cond).every(([k, v]) =>
      Array.isArray(v) ? v.map(String).includes(values[k]) : values[k] === String(v),
    );
  }
}

function readParams(w) {
  const params = {};
  for (const field of fieldNodes(w)) {
    if (field.hidden) continue;
    const value = rawValue(field);
    if (value !== "") params[field.dataset.name] = value;
  }
  return params;
}

function writeUrl(w, params) {
  const query = new URLSearchParams({ calc: w.command, ...params });
  history.replaceState(history.state, "", `${location.pathname}?${query}${location.hash}`);
}

function applyUrl() {
  const query = new URLSearchParams(location.search);
  const calc = query.get("calc");
  const w = widgets.find((x) => x.command === calc) || (calc ? null : widgets[0]);
  if (!w) return;
  const fields = fieldNodes(w);
  if (!calc && !fields.some((f) => query.has(f.dataset.name))) return;
  // An option missing from the URL takes the calculator's own default (data-default), never the
  // form's preset, so the same options give the same answer here and on the command line.
  for (const field of fields) setValue(field, query.get(field.dataset.name) ?? field.dataset.default ?? "");
  applyShowIf(w);
  w.scrollOnResult = false;
  w.focusOnError = false;
  w.presetOnly = !fields.some((f) => ["date", "number"].includes(f.dataset.kind) && query.get(f.dataset.name));
  submit(w);
}

// ------------------------------------------------------------------ outcomes

function clearOutcome(w) {
  w.summary.hidden = true;
  w.summary.querySelector("ul").replaceChildren();
  for (const field of fieldNodes(w)) {
    field.classList.remove("iq-field--error");
    const msg = field.querySelector(".iq-error-msg");
    msg.hidden = true;
    msg.textContent = "";
    for (const node of [field, ...field.querySelectorAll("input, select")]) {
      node.removeAttribute("aria-invalid");
      const ids = (node.getAttribute("aria-describedby") || "").split(" ").filter((x) => x && x !== msg.id);
      if (ids.length) node.setAttribute("aria-describedby", ids.join(" "));
      else node.removeAttribute("aria-describedby");
    }
    const echo = field.querySelector(".iq-date-echo");
    if (echo) {
      echo.hidden = true;
      echo.textContent = "";
    }
  }
  w.resultBox.replaceChildren();
  for (const key of ["status", "total", "currency", "errorCode", "errorField", "reminderFile"]) delete w.resultBox.dataset[key];
  Object.assign(w.resultBox.dataset, { status: "", total: "", currency: "" });
}

function showError(w, error) {
  clearOutcome(w);
  Object.assign(w.resultBox.dataset, {
    status: "error",
    errorCode: error.code || "",
    errorField: error.field || "",
  });
  const field = fieldNodes(w).find((f) => f.dataset.name === error.field && !f.hidden);
  const item = h("li");
  if (field) {
    const target = field.querySelector("input, select");
    const anchor = h("a", { href: `#${target.id}` }, ...words(error.message));
    anchor.addEventListener("click", (event) => {
      event.preventDefault();
      target.focus();
      field.scrollIntoView({ block: "center" });
    });
    item.append(anchor);
    field.classList.add("iq-field--error");
    const msg = field.querySelector(".iq-error-msg");
    msg.replaceChildren(...words(error.message));
    msg.hidden = false;
    const describe = field.tagName === "FIELDSET" ? [field] : [];
    for (const control of field.querySelectorAll("input, select")) {
      control.setAttribute("aria-invalid", "true");
      if (field.tagName !== "FIELDSET") describe.push(control);
    }
    for (const node of describe) {
      const ids = (node.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
      node.setAttribute("aria-describedby", [...ids, msg.id].join(" "));
    }
  } else {
    item.replaceChildren(...words(error.message));
  }
  w.summary.querySelector("ul").append(item);
  w.summary.hidden = false;
  if (w.focusOnError) w.summary.focus();
}

const DATE_FIELD = { expired: "expired", born: "expired", on: "on" };

function showResult(w, r) {
  clearOutcome(w);
  const box = w.resultBox;
  const ui = w.ui;
  Object.assign(box.dataset, {
    status: r.status ?? "",
    total: r.total ?? "",
    currency: r.currency ?? "",
  });
  // Amounts come formatted by Python (total_text, amount_text): one place decides separators.

  box.append(h("h2", { class: "iq-result__title", text: ui.result_title }));
  if (r.headline) box.append(h("p", { class: "iq-headline" }, ...words(r.headline)));
  if (r.total != null) {
    box.append(
      h("p", { class: "iq-total" }, h("span", { text: `${ui.total}: ` }), h("strong", { text: r.total_text })),
    );
  }

  // Converted dates: echoed under their field and listed in the result.
  const dates = r.dates || {};
  const dateItems = [];
  for (const [key, value] of Object.entries(dates)) {
    if (!value) continue;
    const written = (key) => (value[`${key}_text`] ? words(value[`${key}_text`]) : [ltr(value[key] ?? "")]);
    const echoed = (template, key) =>
      String(template || "").split("{date}").flatMap((bit, i) => (i ? [...written(key), bit] : [bit]));
    const both = () =>
      [...echoed(ui.gregorian_echo, "gregorian"), " · ", ...echoed(ui.hijri_echo, "hijri")].filter((bit) => bit !== "");
    dateItems.push(h("li", {}, `${ui[`date.${key}`] || key}: `, ...both()));
    const field = fieldNodes(w).find((f) => f.dataset.name === DATE_FIELD[key]);
    const echo = field && field.querySelector(".iq-date-echo");
    if (echo) {
      echo.replaceChildren(...both());
      echo.hidden = false;
    }
  }
  if (dateItems.length) box.append(section(ui.dates, "iq-dates", h("ul", {}, ...dateItems)));

  if (r.lines && r.lines.length) {
    const table = h("table", { class: "iq-lines" }, h("caption", { text: ui.breakdown }));
    const body = h("tbody");
    for (const line of r.lines) {
      const amount = h("td", { class: "iq-amount", text: line.amount_text });
      const row = h("tr", {}, h("td", {}, ...words(line.text)), amount);
      if (line.payer) {
        // who pays this line (Saudi renewal), under its amount: two columns stay readable at 390 px
        row.dataset.payer = line.payer;
        amount.append(h("span", { class: "iq-payer", text: PAYER_LABEL[line.payer](ui) }));
      }
      body.append(row);
    }
    table.append(body);
    box.append(table);
  }

  // Who pays what (Saudi renewal): the employer's and the resident's sums, as Python wrote them.
  if (r.totals_by_payer && r.totals_by_payer_text) {
    const list = h("ul", { class: "iq-payers" });
    for (const payer of ["employer", "resident"]) {
      const item = h("li", { "data-payer": payer, "data-amount": r.totals_by_payer[payer] });
      item.append(`${PAYER_LABEL[payer](ui)}: `, h("strong", { text: r.totals_by_payer_text[payer] }));
      list.append(item);
    }
    box.append(section(ui.totals_by_payer, "iq-payers-section", list));
  }

  if (r.reminder) box.append(reminderOffer(w, r.reminder, r.reminder_text || ""));

  if (r.checks && r.checks.length) {
    const list = h("ul", { class: "iq-checks" });
    for (const c of r.checks) {
      const state = c.ok === true ? "ok" : c.ok === false ? "no" : "unanswered";
      const item = h("li", { class: `iq-check iq-check--${state}` });
      item.append(h("span", { class: "iq-check__mark", text: `${ui[`check.${state}`]} ` }), h("span", {}, ...words(c.text)));
      if (c.ok === false && c.fix) item.append(h("p", { class: "iq-check__fix" }, ...words(c.fix)));
      list.append(item);
    }
    box.append(section(ui.checks, "iq-checks-section", list));
  }

  const lists = [
    listSection(ui.warnings, "iq-warnings", r.warnings),
    listSection(ui.next_steps, "iq-next-steps", r.next_steps, true),
    listSection(ui.assumptions, "iq-assumptions", r.assumptions),
  ];
  box.append(...lists.filter(Boolean)); // an empty list has no section (append(null) prints "null")

  if (r.rules && r.rules.length) {
    const list = h("ul", { class: "iq-rules" });
    for (const rule of r.rules) {
      const item = h("li", {}, rule.label);
      if (rule.value != null) item.append(": ", rule.value);
      const notes = [];
      if (rule.effective) notes.push(`${ui.effective} `, ...(rule.effective_text ? words(rule.effective_text) : [ltr(rule.effective)]));
      if (rule.confidence) {
        if (notes.length) notes.push(ui.sep || "; ");
        notes.push(`${ui.confidence}: ${ui[`confidence.${rule.confidence}`] || rule.confidence}`);
      }
      if (notes.length) item.append(" (", ...notes, ")");
      list.append(item);
    }
    box.append(section(ui.rules, "iq-rules-section", list));
  }
  if (r.sources && r.sources.length) {
    const list = h("ul", { class: "iq-sources" });
    for (const s of r.sources) {
      const item = h("li", {}, link(s.title, s.url));
      // the publisher as it names itself (often Latin): isolated so it keeps its order in Arabic
      if (s.publisher) item.append(" — ", h("bdi", { text: s.publisher }));
      if (s.published) item.append(` (${ui.published} `, ...(s.published_text ? words(s.published_text) : [ltr(s.published)]), ")");
      list.append(item);
    }
    box.append(section(ui.sources, "iq-sources-section", list));
  }
  if (r.last_verified) {
    box.append(h("p", { class: "iq-last-verified" }, `${ui.last_verified}: `,
      ...(r.last_verified_text ? words(r.last_verified_text) : [ltr(r.last_verified)])));
  }
  if (ui.copy_link && location.search.includes(`calc=${w.command}`)) {
    box.append(h("p", { class: "iq-permalink" }, h("a", { href: location.href, text: ui.copy_link })));
  }
}

const PAYER_LABEL = { employer: (ui) => ui["payer.employer"], resident: (ui) => ui["payer.resident"] };

// ------------------------------------------------------------------ "add a reminder"
// The result names the expiry still ahead (r.reminder: the options of `python -m calculator
// reminder`); the button asks the worker for the iCalendar file that the same Python makes and
// downloads it (a Blob URL: nothing leaves the browser). Hooks: .iq-reminder button, and on the
// result box data-reminder-file (the file name) once it was made.
const reminderRequests = new Map(); // request id -> widget

function reminderOffer(w, params, written) {
  const button = h("button", { type: "button", class: "iq-reminder md-button", text: w.ui.reminder });
  const [before, after = ""] = String(w.ui.reminder_hint).split("{date}");
  const hint = h("p", { class: "iq-reminder-hint" }, before, ...words(written), after);
  const status = h("p", { class: "iq-reminder-status", role: "status" });
  button.addEventListener("click", () => {
    const id = nextId++;
    reminderRequests.set(id, w);
    w.reminderStatus = status;
    startWorker();
    worker.postMessage({ type: "reminder", id, params, lang: LANG });
  });
  return h("section", { class: "iq-reminder-section" }, button, hint, status);
}

function reminderMade({ id, made, crash }) {
  const w = reminderRequests.get(id);
  reminderRequests.delete(id);
  if (!w) return;
  if (crash || !made || made.error) {
    if (w.reminderStatus) w.reminderStatus.textContent = made && made.error ? made.error.message : w.ui.reminder_failed;
    return;
  }
  const url = URL.createObjectURL(new Blob([made.ics], { type: "text/calendar;charset=utf-8" }));
  const anchor = h("a", { href: url, download: made.filename, hidden: "" });
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
  w.resultBox.dataset.reminderFile = made.filename;
}

function section(title, cls, content) {
  return h("section", { class: cls }, title ? h("h3", { text: title }) : null, content);
}

function listSection(title, cls, items, links = false) {
  if (!items || !items.length) return null;
  const list = h("ul");
  for (const it of items) list.append(h("li", {}, ...(links && safeUrl(it.url) ? [link(it.text, it.url)] : words(it.text))));
  return section(title, cls, list);
}

// ------------------------------------------------------------------ wiring

function submit(w) {
  applyShowIf(w);
  const params = readParams(w);
  send(w, params);
  return params;
}

function setup(root) {
  const w = {
    root,
    command: root.dataset.command,
    // A missing UI string shows as nothing rather than "undefined".
    ui: new Proxy(JSON.parse(root.dataset.ui || "{}"), { get: (o, k) => o[k] ?? "" }),
    form: root.querySelector(".iq-form"),
    summary: root.querySelector(".iq-error-summary"),
    resultBox: root.querySelector(".iq-result"),
    lastId: 0,
  };
  w.form.addEventListener("submit", (event) => {
    event.preventDefault();
    w.presetOnly = false;
    w.focusOnError = true;
    w.scrollOnResult = true;
    writeUrl(w, submit(w));
  });
  w.form.addEventListener("change", (event) => {
    const field = event.target.closest && event.target.closest(".iq-field");
    if (field) delete field.dataset.other;
    if (field && field.dataset.kind === "date") spreadDate(field);
    applyShowIf(w);
  });
  root.addEventListener("focusin", startWorker);
  applyShowIf(w);
  widgets.push(w);
  if (workerState !== "idle") showState(w, workerState); // started before the form was parsed
  return w;
}

function init() {
  for (const root of document.querySelectorAll(".iq-widget[data-command]")) setup(root);
  if (!widgets.length) return;
  if ("IntersectionObserver" in window) {
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          observer.disconnect();
          startWorker();
        }
      },
      { rootMargin: "200px" },
    );
    for (const w of widgets) observer.observe(w.root);
  } else {
    startWorker();
  }
  window.addEventListener("popstate", applyUrl);
  applyUrl();
}

// On calculator pages this script is also loaded `async` from <head> (site_src/hooks/runtime.py),
// so it can run before the form exists: it then starts Python at once (the calculator is the
// page's first screen) and sets the forms up when the document has been parsed.
if (document.readyState === "loading") {
  startWorker();
  document.addEventListener("DOMContentLoaded", init, { once: true });
} else {
  init();
}
