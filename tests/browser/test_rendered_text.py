"""What a reader sees holds no code words (tests/reading.py: no ISO date, no snake_case id, no
Latin «;»/«,» inside Arabic), read from the rendered page in a real browser: every built page,
and the calculator's results in both languages; and every date in an Arabic result is a bidi
isolate, laid out as written: day on the right, year on the left, on one line (measured from
the rendered glyph boxes, not from the string)."""
from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest

from reading import problems
from tests.conftest import SITE

LANGS = ("ar", "en")
RESULTS = [
    # (command, params): a capped result, a Hijri one, a readiness check, a dated headline,
    # dates echoed for both calendars, an error naming its choices
    ("kw-fine", {"category": "visit", "expired": "2024-01-01", "on": "2025-07-16"}),
    ("kw-fine", {"category": "residence", "expired": "2025-08-01", "on": "2025-07-16"}),
    ("kw-fine", {"category": "newborn", "expired": "2025-01-10", "on": "2025-07-16"}),
    ("sa-fine", {"calendar": "hijri", "expired": "1446-08-29", "on": "1446-09-10"}),
    ("sa-fine", {"calendar": "gregorian", "expired": "2025-08-01", "on": "2025-07-16"}),
    ("sa-renewal", {"worker": "private", "months": "12", "on": "2026-01-15"}),
    ("sa-ready", {"passport-valid": "yes", "traffic-fines-paid": "no", "inside-kingdom": "yes", "on": "2026-01-15"}),
    ("kw-fine", {"category": "nope", "days-late": "4"}),
]

# The rendered layout of each <bdi class="iq-date"> in the result: its lines, and the horizontal
# position of its first and last characters.
DATES_JS = """(root) => [...root.querySelectorAll('.iq-result bdi.iq-date')].map((bdi) => {
  const node = bdi.firstChild, range = document.createRange();
  const box = (i) => { range.setStart(node, i); range.setEnd(node, i + 1); return range.getBoundingClientRect(); };
  const tops = new Set([...bdi.getClientRects()].map((r) => Math.round(r.top)));
  const first = box(0), last = box(node.length - 1);
  return {text: bdi.textContent, lines: tops.size, first: [first.left, first.right], last: [last.left, last.right],
          isolated: getComputedStyle(bdi).unicodeBidi, dir: getComputedStyle(bdi).direction};
})"""
# Text of the result outside any date isolate (sources' titles are quoted as published)
OUTSIDE_JS = """(root) => { const out = [];
  const walk = document.createTreeWalker(root.querySelector('.iq-result'), NodeFilter.SHOW_TEXT);
  for (let n = walk.nextNode(); n; n = walk.nextNode())
    if (!n.parentElement.closest('.iq-date, .iq-sources')) out.push(n.data);
  return out.join(' '); }"""


def _months(lang: str) -> list[str]:
    from calculator import text
    return [text.say(lang, f"{g}.{i}") for g in ("month", "hijri_month") for i in range(1, 13)]


@pytest.mark.parametrize("lang", LANGS)
def test_results_read_clean_and_dates_are_isolated(context, base_url, widget_pages, lang):
    months = _months(lang)
    date_outside = re.compile(rf"\d{{1,2}}[\s\u00a0]+({'|'.join(map(re.escape, months))})[\s\u00a0]+\d{{4}}")
    page = context.new_page()
    found, dates = [], 0
    try:
        page.set_viewport_size({"width": 390, "height": 844})  # narrow: dates near line ends
        for command, params in RESULTS:
            root = f".iq-widget[data-command='{command}']"
            page.goto(f"{base_url}{widget_pages[(lang, command)]}?{urlencode({'calc': command, **params})}")
            page.wait_for_selector(f"{root}[data-runs='1']", state="attached", timeout=60_000)
            element = page.query_selector(root)
            shown = page.inner_text(f"{root} .iq-result") + "\n" + page.inner_text(f"{root} .iq-error-summary")
            found += [f"{command} {params}: {p}" for p in problems(shown)]
            outside = page.evaluate(OUTSIDE_JS, element)
            assert not date_outside.search(outside), (command, date_outside.search(outside).group(0))
            for date in page.evaluate(DATES_JS, element):
                dates += 1
                assert date["lines"] == 1, date  # never wraps
                assert date["isolated"] == "isolate", date
                if lang == "ar":  # day first, read right to left: the first character is rightmost
                    assert date["first"][0] > date["last"][1] - 1, date
                else:
                    assert date["first"][1] < date["last"][0] + 1, date
    finally:
        page.close()
    assert not found, "\n".join(found)
    assert dates >= 10


def test_every_built_page_reads_clean(context, base_url):
    pages = sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob("index.html"))
    assert len(pages) >= 20
    page = context.new_page()
    found = []
    try:
        for path in pages + ["404.html"]:
            page.goto(base_url + path.removesuffix("index.html"))
            found += [f"{path}: {p}" for p in problems(page.inner_text("body"))]
    finally:
        page.close()
    assert not found, "\n".join(found[:40])
