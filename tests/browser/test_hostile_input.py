"""Hostile and random input into every field of every widget, in both languages.

A seeded generator fills each widget's form with long text, markup, bidi controls, emoji,
Eastern Arabic and Persian digits, impossible dates, negative and huge numbers, blanks and
whitespace, and sends it (Enter or the button). Every time: an outcome (a result or an error
message, never stuck), the same outcome calculator.estimate gives for the query the page wrote,
what was typed is still in the fields, no element made from the input, nothing run, nothing
logged. Bounded: ROUNDS combinations per widget and language.
"""
from __future__ import annotations

import random
from urllib.parse import parse_qsl, urlencode, urlparse

import pytest

from calculator import estimate

ROUNDS = 6
LANGS = ("ar", "en")
COMMANDS = ("kw-fine", "sa-fine", "sa-renewal", "sa-ready")
MARKUP = ('<img src=x onerror="window.__pwned=1">', "<script>window.__pwned=1</script>",
          "<svg onload=window.__pwned=1>", '"><iframe src=javascript:window.__pwned=1>')
HOSTILE = (
    "", " ", "   \t ", "\u00a0", "x" * 10_000, "٩" * 10_000, *MARKUP,
    "\u202e54\u202c", "\u200f٤٥\u200e", "\u2067٤٥\u2069", "😀", "👩‍👩‍👧‍👦", "٤٥", "۴۵", "١٬٢٠٠٫٥", "١٢٣٤٥",
    "-5", "-0", "+7", "0", "45.5", "1e309", "9" * 400, "NaN", "Infinity", "0x1F", "١e٣",
    "31/02/2025", "2025-02-31", "29/02/2023", "1447/13/40", "0000-00-00", "99999",
    "null", "undefined", "__proto__", "{percent}", "${x}", "%00", "&amp;", "'; --", "\\", "\u0000",
)
DATE_PART = ("1", "01", "29", "30", "31", "32", "02", "13", "2024", "2025", "1446", "1447", "٢٠٢٥", "٣١")
STATUSES = {"error", "valid", "grace", "fined", "capped", "deportation", "estimate",
            "ready", "blocked", "incomplete"}

# The form's controls, in order: text inputs (visible ones), selects and radio groups.
CONTROLS_JS = """(command) => {
  const root = document.querySelector(`.iq-widget[data-command="${command}"]`);
  const visible = (e) => !e.closest("[hidden]");
  return {
    texts: [...root.querySelectorAll(".iq-form input[type=text]")].filter(visible)
      .map((e) => ({id: e.id, part: e.dataset.part || null})),
    selects: [...root.querySelectorAll(".iq-form select")].filter(visible)
      .map((e) => ({id: e.id, values: [...e.options].map((o) => o.value)})),
    radios: [...new Set([...root.querySelectorAll(".iq-form input[type=radio]")].filter(visible)
      .map((e) => e.name))].map((name) => ({name,
        ids: [...root.querySelectorAll(`.iq-form input[type=radio][name="${name}"]`)].map((e) => e.id)})),
  };
}"""
STATE_JS = """(command) => {
  const root = document.querySelector(`.iq-widget[data-command="${command}"]`);
  const box = root.querySelector(".iq-result");
  return {
    runs: Number(root.dataset.runs), state: root.dataset.state, busy: root.hasAttribute("aria-busy"),
    status: box.dataset.status, total: box.dataset.total, code: box.dataset.errorCode ?? null,
    summary: [...root.querySelectorAll(".iq-error-summary:not([hidden]) li")].map((n) => n.textContent),
    made: root.querySelectorAll("img, script, iframe, svg, object, embed").length,
    values: Object.fromEntries([...root.querySelectorAll(".iq-form input[type=text]")].map((e) => [e.id, e.value])),
    pwned: window.__pwned ?? null,
  };
}"""


def _value(rng: random.Random, part: str | None) -> str:
    if part and rng.random() < 0.5:
        return rng.choice(DATE_PART)
    if rng.random() < 0.15:  # random printable and not-so-printable characters
        alphabet = "0123456789٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹-+.,٫٬/ <>\"'&;=\u200f\u202eabcأبج😀"
        return "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 30)))
    return rng.choice(HOSTILE)


CHOOSE_JS = """([command, selects, radios]) => {
  const root = document.querySelector(`.iq-widget[data-command="${command}"]`);
  for (const [id, value] of Object.entries(selects)) {
    const e = document.getElementById(id);
    if (e.closest("[hidden]")) continue;
    e.value = value;
    e.dispatchEvent(new Event("change", {bubbles: true}));
  }
  for (const id of radios) {
    const e = document.getElementById(id);
    if (e.closest("[hidden]")) continue;
    e.checked = true;
    e.dispatchEvent(new Event("change", {bubbles: true}));
  }
  return [...root.querySelectorAll(".iq-form input[type=text]")].filter((e) => !e.closest("[hidden]"))
    .map((e) => ({id: e.id, part: e.dataset.part || null}));
}"""
TYPE_JS = """async ([command, typed]) => {
  for (const [id, value] of Object.entries(typed)) {
    const e = document.getElementById(id);
    e.value = value;
    e.dispatchEvent(new Event("input", {bubbles: true}));
  }
}"""


def _fill(page, command: str, rng: random.Random, forced: str | None = None) -> dict[str, str]:
    """Choose selects and radios, then put text into every visible text input; return the text.

    Forced rounds (10,000 characters, markup) go through Playwright's fill (real input events);
    random rounds set the values in one call, to keep the file fast.
    """
    controls = page.evaluate(CONTROLS_JS, command)
    selects = {s["id"]: rng.choice(s["values"]) for s in controls["selects"]}
    radios = [rng.choice(g["ids"]) for g in controls["radios"]]
    texts = page.evaluate(CHOOSE_JS, [command, selects, radios])
    typed = {t["id"]: forced if forced is not None else _value(rng, t["part"]) for t in texts}
    if forced is not None:
        for key, value in typed.items():
            page.fill(f"#{key}", value)
    else:
        page.evaluate(TYPE_JS, [command, typed])
    return typed


def _send(page, command: str, runs: int, by_enter: bool, typed: dict) -> dict:
    if by_enter and typed:
        page.press(f"#{next(iter(typed))}", "Enter")
    else:
        page.click(f'.iq-widget[data-command="{command}"] .iq-submit')
    page.wait_for_function(
        "([c, n]) => Number(document.querySelector(`.iq-widget[data-command='${c}']`).dataset.runs) > n",
        arg=[command, runs], timeout=20_000)
    return page.evaluate(STATE_JS, command)


def _check(page, command: str, lang: str, state: dict, typed: dict, where: str):
    assert state["state"] == "ready" and not state["busy"], where
    assert state["status"] in STATUSES, where
    assert state["made"] == 0 and state["pwned"] is None, where
    assert all(state["values"][k] == v for k, v in typed.items()), f"{where}: input changed"
    if state["status"] == "error":
        assert state["code"] and state["summary"] and all(s.strip() for s in state["summary"]), where
    # The page shows what the calculator says for the query it wrote.
    params = {k: v for k, v in parse_qsl(urlparse(page.url).query, keep_blank_values=True) if k != "calc"}
    result = estimate(command, params, lang)
    if "error" in result:
        assert (state["status"], state["code"]) == ("error", result["error"]["code"]), where
    else:
        assert (state["status"], state["total"]) == (result["status"], result["total"] or ""), where


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("command", COMMANDS)
def test_random_and_hostile_input_always_ends_in_an_outcome(tabs, lang, command):
    tab = tabs(lang, command)
    page = tab.page
    dialogs = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    rng = random.Random(f"iqama-{lang}-{command}")
    runs = page.evaluate(STATE_JS, command)["runs"]
    plans = [("x" * 10_000, True), (MARKUP[0], False)] + [(None, i % 2 == 0) for i in range(ROUNDS)]
    for i, (forced, by_enter) in enumerate(plans):
        typed = _fill(page, command, rng, forced)
        state = _send(page, command, runs, by_enter, typed)
        _check(page, command, lang, state, typed, f"{lang} {command} round {i}: {typed!r:.300}")
        runs = state["runs"]
    assert not dialogs
    tab.assert_clean()


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("command", COMMANDS)
def test_markup_in_the_url_shows_as_text(tabs, lang, command):
    """Every option of the widget set to markup through the URL (selects and radios included)."""
    tab = tabs(lang, command)
    page = tab.page
    names = page.eval_on_selector_all(f'.iq-widget[data-command="{command}"] .iq-field[data-name]',
                                      "els => els.map((e) => e.dataset.name)")
    markup = MARKUP[0]
    query = urlencode({"calc": command, **{n: markup for n in names}})
    runs = page.evaluate(STATE_JS, command)["runs"]
    page.evaluate("(q) => { history.replaceState(null, '', location.pathname + '?' + q);"
                  " window.dispatchEvent(new PopStateEvent('popstate')); }", query)
    page.wait_for_function(
        "([c, n]) => Number(document.querySelector(`.iq-widget[data-command='${c}']`).dataset.runs) > n",
        arg=[command, runs], timeout=20_000)
    state = page.evaluate(STATE_JS, command)
    assert state["status"] == "error" and state["made"] == 0 and state["pwned"] is None
    result = estimate(command, {n: markup for n in names}, lang)
    assert state["code"] == result["error"]["code"]
    # A select keeps the URL's value as an option whose text is the markup, as text.
    texts = page.eval_on_selector_all(f'.iq-widget[data-command="{command}"] select option',
                                      "els => els.map((o) => o.textContent)")
    if page.locator(f'.iq-widget[data-command="{command}"] select').count():
        assert markup in texts
    assert markup not in page.inner_html(f'.iq-widget[data-command="{command}"] .iq-result')
    tab.assert_clean()
