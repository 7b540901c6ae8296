"""Reading the built site (site/, from `make site`): which pages exist, and `Page`, what the
tests need from one page, parsed with the standard library's HTMLParser.

(A module of its own, not conftest.py: tests/browser/ has a conftest too, and two modules
named `conftest` cannot both be imported from.)

Env: IQAMA_SITE (default site/).
"""
from __future__ import annotations

import os
from html.parser import HTMLParser
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SITE = Path(os.environ.get("IQAMA_SITE", ROOT / "site"))
DOCS = ROOT / "docs"
LANGS = ("ar", "en")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


class Page(HTMLParser):
    """What the tests need from one built page: attributes, links, resources, tables, figures."""

    def __init__(self, path: Path):
        super().__init__(convert_charrefs=True)
        self.path = path
        self.html = path.read_text(encoding="utf-8")
        self.html_attrs: dict[str, str] = {}
        self.body_attrs: dict[str, str] = {}
        self.metas: list[dict[str, str]] = []
        self.links: list[str] = []           # <a href>
        self.resources: list[tuple[str, str]] = []  # (tag, url) loaded by the page
        self.tables: dict[str, list[list[str]]] = {}  # data-table -> rows of cell texts
        self.figures: list[tuple[str, str]] = []  # (data-fig ref, text)
        self.title = ""
        self._stack: list[tuple[str, dict]] = []
        self._table: str | None = None
        self._row: list[str] | None = None
        self._cell: list[str] | None = None
        self._fig: tuple[str, list[str]] | None = None
        self._in_title = False
        self._in_article = 0
        self.text_parts: list[str] = []
        self.feed(self.html)

    # -- parsing ---------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.html_attrs = a
        elif tag == "body":
            self.body_attrs = a
        elif tag == "meta":
            self.metas.append(a)
        elif tag == "title":
            self._in_title = True
        elif tag == "a" and "href" in a:
            self.links.append(a["href"])
        elif tag == "script" and a.get("src"):
            self.resources.append(("script", a["src"]))
        elif tag == "link" and a.get("href") and a.get("rel") in ("stylesheet", "icon", "preload", "modulepreload", "manifest"):
            self.resources.append(("link", a["href"]))
        elif tag in ("img", "source", "iframe", "audio", "video", "embed") and a.get("src"):
            self.resources.append((tag, a["src"]))
        elif tag == "table" and a.get("data-table"):
            self._table = a["data-table"]
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "span" and a.get("data-fig"):
            self._fig = (a["data-fig"], [])
        elif tag == "article":
            self._in_article += 1
        if tag not in VOID:
            self._stack.append((tag, a))

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None and self._table:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag == "table":
            self._table = None
        elif tag == "span" and self._fig is not None:
            self.figures.append((self._fig[0], "".join(self._fig[1]).replace("\xa0", " ")))
            self._fig = None
        elif tag == "article":
            self._in_article -= 1
        if self._stack and self._stack[-1][0] == tag:
            self._stack.pop()

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._cell is not None:
            self._cell.append(data)
        if self._fig is not None:
            self._fig[1].append(data)
        if self._in_article:
            self.text_parts.append(data)

    # -- helpers ---------------------------------------------------------
    @property
    def text(self) -> str:
        """The article's text, whitespace collapsed."""
        return " ".join(" ".join(self.text_parts).split())

    def meta(self, **match: str) -> dict[str, str] | None:
        for m in self.metas:
            if all(m.get(k) == v for k, v in match.items()):
                return m
        return None


def page_paths(site: Path) -> dict[tuple[str, str], Path]:
    """(lang, page) -> file, where page is the path under the language root ('' = home)."""
    found = {}
    for html in sorted(site.rglob("index.html")):
        rel = html.relative_to(site).as_posix()
        if rel.startswith(("assets/", "search/")):
            continue
        lang = "en" if rel.startswith("en/") else "ar"
        key = rel.removeprefix("en/").removesuffix("index.html")
        found[(lang, key)] = html
    return found


def doc_pages() -> set[str]:
    """Pages the docs define (docs/x/y.md -> 'x/y/'; index.md -> '' ), from the Arabic sources."""
    pages = set()
    for md in DOCS.rglob("*.md"):
        if md.name.endswith(".en.md"):
            continue
        rel = md.relative_to(DOCS).with_suffix("").as_posix()
        if rel == "index":
            pages.add("")
        elif rel.endswith("/index"):
            pages.add(rel.removesuffix("index"))
        else:
            pages.add(rel + "/")
    return pages
