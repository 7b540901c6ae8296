"""MkDocs hook: figures from the rules, self-hosted fonts and the Content-Security-Policy.

1. on_page_markdown: `{{ fig:<ref> }}` and `{{ table:<name> }}` become text rendered by
   site_src/pages/ from calculator/rules (or $IQAMA_RULES_DIR), in the page's language.
   An unknown reference, or any other `{{ kind:… }}` than fig/table/widget, fails the build.
   `{{ widget:… }}` is left for site_src/hooks/widget.py.
2. on_post_page: `dir` on <html> (Material sets it on <body> only), and a CSP <meta> right
   after <meta charset>: only this origin, plus the sha256 of each inline script Material
   writes into the page (no 'unsafe-inline' for scripts), and 'wasm-unsafe-eval' for the
   calculator's WebAssembly (Pyodide).
   English pages: Arabic words are wrapped in <bdi lang="ar"> (see isolate_arabic).
3. on_post_build: the woff2 files iqama.css names are copied from node_modules/@fontsource into
   every assets/fonts/ next to a copy of the stylesheet (never fetched from another origin).
"""
from __future__ import annotations

import base64
import hashlib
import re
import shutil
import sys
from html import escape
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

ROOT = Path(__file__).resolve().parents[2]
for _path in (ROOT, ROOT / "site_src"):  # the repository's calculator (installed or not), pages/
    if str(_path) not in sys.path:
        sys.path.insert(0, str(_path))

from pages.figures import Figures, UnknownFigure  # noqa: E402

FONT_DIR = ROOT / "node_modules" / "@fontsource" / "ibm-plex-sans-arabic" / "files"
FONT_FILES = tuple(
    f"ibm-plex-sans-arabic-{subset}-{weight}-normal.woff2"
    for subset in ("arabic", "latin") for weight in (400, 700)
)

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
    if lang == "en":
        markdown = isolate_arabic(markdown)
    return markdown


# Arabic words quoted in English pages (menu labels, legal terms) are isolated and marked as
# Arabic, so the bidi algorithm does not flip the «guillemets» or reorder the sentence around
# them, and screen readers switch voice.
ARABIC_RUN = re.compile(r"«[^»\n]*»|[\u0600-\u06FF]+(?:[ \u060C][\u0600-\u06FF]+)*")
CODE_OR_TAG = re.compile(r"`[^`\n]*`|<[^>\n]*>")


def isolate_arabic(markdown: str) -> str:
    def fix(segment: str) -> str:
        return ARABIC_RUN.sub(lambda m: f'<bdi lang="ar">{m.group(0)}</bdi>', segment)

    out, last = [], 0
    for match in CODE_OR_TAG.finditer(markdown):  # leave code and HTML tags alone
        out.append(fix(markdown[last:match.start()]))
        out.append(match.group(0))
        last = match.end()
    out.append(fix(markdown[last:]))
    return "".join(out)


# ---------------------------------------------------------------- Content-Security-Policy

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)([^>]*)>(.*?)</script>", re.S | re.I)
DATA_TYPES = ("application/json", "application/ld+json", "text/template")
CHARSET = '<meta charset="utf-8">'


def _script_hashes(html: str) -> list[str]:
    hashes = []
    for attrs, body in INLINE_SCRIPT.findall(html):
        kind = re.search(r'\btype="([^"]+)"', attrs)
        if kind and kind.group(1).lower() in DATA_TYPES:
            continue  # data blocks never run; CSP does not apply to them
        digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii")
        token = f"'sha256-{digest}'"
        if token not in hashes:
            hashes.append(token)
    return hashes


def content_security_policy(html: str) -> str:
    scripts = " ".join(["'self'", "'wasm-unsafe-eval'", *_script_hashes(html)])
    return "; ".join([
        "default-src 'self'",
        f"script-src {scripts}",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        # no manifest-src: default-src covers it where it exists, and WebKit logs an error for
        # every page naming a directive it does not know
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])


HTML_TAG = re.compile(r'<html lang="([a-zA-Z-]+)"')


@event_priority(-100)  # after the other hooks' on_post_page: it hashes the scripts they add
def on_post_page(output: str, page, config, **kwargs) -> str:
    if CHARSET not in output:
        raise PluginError(f"{page.file.src_uri}: no {CHARSET} to put the CSP after")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(output)}">'
    output = output.replace(CHARSET, CHARSET + "\n    " + meta, 1)
    # Material puts dir= on <body> only; on <html> it also reaches the browser's own UI
    # (scroll bar side, form controls) and assistive technology reading the root.
    direction = "rtl" if _lang(page, config) == "ar" else "ltr"
    return HTML_TAG.sub(lambda m: f'{m.group(0)} dir="{direction}"', output, count=1)


def on_post_template(output_content: str, template_name: str, config, **kwargs) -> str:
    """404.html is a theme template, not a page (on_post_page never sees it): same policy."""
    if template_name != "404.html" or CHARSET not in output_content:
        return output_content
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(output_content)}">'
    return output_content.replace(CHARSET, CHARSET + "\n    " + meta, 1)


# ---------------------------------------------------------------- fonts


def on_post_build(config, **kwargs) -> None:
    site = Path(config["site_dir"])
    missing = [name for name in FONT_FILES if not (FONT_DIR / name).is_file()]
    if missing:
        raise PluginError(f"fonts: missing {missing} in {FONT_DIR} (run `npm ci`)")
    for css in site.rglob("assets/stylesheets/iqama.css"):
        target = css.parent.parent / "fonts"
        target.mkdir(parents=True, exist_ok=True)
        for name in FONT_FILES:
            shutil.copy2(FONT_DIR / name, target / name)
