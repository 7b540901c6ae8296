"""MkDocs hook: the figures and tables of the guide pages, from the rules.

on_page_markdown: `{{ fig:<ref> }}` and `{{ table:<name> }}` become text rendered by
site_src/pages/ from calculator/rules (or $IQAMA_RULES_DIR), in the page's language. An unknown
reference, or any other `{{ kind:… }}` than fig/table/widget, fails the build; so does a page
whose front matter lacks a title or a description. `{{ widget:… }}` is left for widget.py.
"""
from __future__ import annotations

import re
import sys
from html import escape
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[2]
for _path in (ROOT, ROOT / "site_src"):  # the repository's calculator (installed or not), pages/
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from pages.figures import Figures, UnknownFigure  # noqa: E402

TOKEN = re.compile(r"\{\{\s*([a-z]+):([^}\s]+)\s*\}\}")
TABLE_LINE = re.compile(r"^([ \t]*)\{\{\s*table:([a-z0-9-]+)\s*\}\}[ \t]*$", re.M)
SHORT_FIELDS = ("rate_text", "label")  # long texts may wrap; other figures stay on one line

_figures: dict[str, Figures] = {}


def _lang(page, config) -> str:
    lang = getattr(page.file, "locale", None) or config["theme"].get("language") or "ar"
    return "ar" if str(lang).lower().startswith("ar") else "en"


def figures() -> Figures:
    """One Figures per build run (rules are read once; $IQAMA_RULES_DIR is honoured)."""
    if "current" not in _figures:
        _figures["current"] = Figures()
    return _figures["current"]


def on_startup(**kwargs) -> None:
    _figures.clear()


def on_config(config, **kwargs):
    _figures.clear()  # a rebuild (mkdocs serve) re-reads the rules
    return config


def on_page_markdown(markdown: str, page, config, files, **kwargs) -> str:
    lang = _lang(page, config)
    where = page.file.src_uri
    for key in ("title", "description"):  # a YAML slip turns front matter into page text
        if not page.meta.get(key):
            raise PluginError(f"{where}: front matter needs a `{key}` (is the YAML valid?)")
    figs = figures()

    def table(match: re.Match) -> str:
        indent, name = match.group(1), match.group(2)
        try:
            rendered = figs.table(name, lang)
        except UnknownFigure as error:
            raise PluginError(f"{where}: table:{name}: {error}") from None
        body = "\n".join(indent + line if line else line for line in rendered.splitlines())
        return f"\n{body}\n"

    markdown = TABLE_LINE.sub(table, markdown)

    def inline(match: re.Match) -> str:
        kind, ref = match.group(1), match.group(2)
        if kind == "widget":
            return match.group(0)
        if kind == "table":
            raise PluginError(f"{where}: table:{ref} must stand alone on its line")
        if kind != "fig":
            raise PluginError(f"{where}: unknown placeholder {match.group(0)!r}")
        try:
            value = figs.figure(ref, lang)
        except UnknownFigure as error:
            raise PluginError(f"{where}: fig:{ref}: {error}") from None
        field = ref.split("@")[0].rsplit(".", 1)[-1]
        css = "iq-fig" if field in SHORT_FIELDS else "iq-fig iq-fig--short"
        return f'<span class="{css}" data-fig="{escape(ref, quote=True)}">{escape(value)}</span>'

    markdown = TOKEN.sub(inline, markdown)
    if "{{" in markdown.replace("{{ widget:", ""):
        raise PluginError(f"{where}: a '{{{{' placeholder was not understood")
    return markdown
