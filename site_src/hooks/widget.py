"""MkDocs hook: put calculator forms into pages.

A line holding only ``{{ widget:<command> }}`` (``kw-fine``, ``kw-renewal``, ``kw-ready``, ``sa-fine``, ``sa-renewal``,
``sa-ready``) becomes the form for that command, in the page's language, rendered from
``calculator.forms.form_spec(command, lang)`` - labels, hints, choices and UI strings all come
from the calculator package, none are written here. The page also gets the widget's stylesheet
and module script (``assets/widget/``, copied there by the ``runtime`` hook).

The placeholder is swapped for an HTML comment in the Markdown (so Markdown extensions never
see it) and the comment for the form in the rendered HTML.
"""

from __future__ import annotations

import json
import re
import sys
from html import escape
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:  # the repository's calculator, installed or not
    sys.path.insert(0, str(ROOT))

COMMANDS = ("kw-fine", "kw-renewal", "kw-ready", "sa-fine", "sa-renewal", "sa-ready")
PLACEHOLDER = re.compile(r"^([ \t]*)\{\{\s*widget:([a-z-]+)\s*\}\}[ \t]*$", re.M)
MARKER = re.compile(r"<!-- iqama-widget:([a-z-]+) -->")


def _lang(page, config) -> str:
    lang = getattr(page.file, "locale", None) or config["theme"].get("language") or "en"
    return "ar" if str(lang).lower().startswith("ar") else "en"


def on_page_markdown(markdown, page, config, files, **kwargs):
    def swap(match: re.Match) -> str:
        indent, command = match.group(1), match.group(2)
        if command not in COMMANDS:
            raise PluginError(f"{page.file.src_uri}: unknown widget {command!r}")
        return f"\n{indent}<!-- iqama-widget:{command} -->\n"

    return PLACEHOLDER.sub(swap, markdown)


def on_page_content(html, page, config, files, **kwargs):
    if "<!-- iqama-widget:" not in html:
        return html
    from calculator.forms import form_spec  # imported late: only pages with a widget need it

    lang = _lang(page, config)
    # The way from this page to its language's root: next steps name our pages from there.
    root = get_relative_url("en/" if lang == "en" else "./", page.url)
    root = "./" if root in ("", ".") else root.rstrip("/") + "/"
    html = MARKER.sub(lambda m: render_widget(form_spec(m.group(1), lang), lang, root), html)
    base = get_relative_url("assets/widget/", page.url)
    # The page script (widget.js) is added once, early in <head>, by runtime.py.
    return f'<link rel="stylesheet" href="{base}widget.css">\n' + html


# ---------------------------------------------------------------- rendering


def _a(value) -> str:
    return escape(str(value), quote=True)


def _hint(fid: str, field: dict) -> str:
    if not field.get("hint"):
        return ""
    return f'<div class="iq-hint" id="{fid}-hint">{_a(field["hint"])}</div>'


def _error(fid: str) -> str:
    return f'<p class="iq-error-msg" id="{fid}-error" hidden></p>'


def _described(fid: str, field: dict) -> str:
    return f' aria-describedby="{fid}-hint"' if field.get("hint") else ""


def _radios(fid: str, name: str, choices: list, default) -> str:
    out = []
    for choice in choices:
        rid = f"{fid}-{_a(choice['value']) or 'unanswered'}"
        checked = " checked" if default is not None and str(choice["value"]) == str(default) else ""
        out.append(
            f'<div class="iq-radio"><input type="radio" id="{rid}" name="{_a(name)}" '
            f'value="{_a(choice["value"])}"{checked}><label for="{rid}">{_a(choice["label"])}</label></div>'
        )
    return '<div class="iq-radios">' + "".join(out) + "</div>"


def render_field(command: str, field: dict, ui: dict) -> str:
    name, kind = field["name"], field["kind"]
    fid = f"iq-{command}-{name}"
    attrs = f'class="iq-field iq-field--{_a(kind)}" data-name="{_a(name)}" data-kind="{_a(kind)}"'
    if field.get("show_if"):
        attrs += f' data-show-if="{_a(json.dumps(field["show_if"]))}"'
    if field.get("default") is not None:  # the calculator's default, for URLs that omit the field
        attrs += f' data-default="{_a(field["default"])}"'
    default = field.get("preset", field.get("default"))  # what a blank form starts with

    if kind in ("select", "number"):
        if kind == "select":
            options = [f'<option value="">{_a(ui.get("choose", ""))}</option>']
            for choice in field.get("choices") or []:
                sel = " selected" if default is not None and str(choice["value"]) == str(default) else ""
                options.append(f'<option value="{_a(choice["value"])}"{sel}>{_a(choice["label"])}</option>')
            control = f'<select id="{fid}" name="{_a(name)}"{_described(fid, field)}>{"".join(options)}</select>'
        else:
            control = (
                f'<input type="text" id="{fid}" name="{_a(name)}" inputmode="numeric" '
                f'autocomplete="off" class="iq-input iq-input--short"{_described(fid, field)}>'
            )
        return (
            f'<div {attrs}><label class="iq-label" for="{fid}">{_a(field["label"])}</label>'
            f"{_hint(fid, field)}{_error(fid)}{control}</div>"
        )

    if kind in ("yesno", "calendar"):
        choices = field.get("choices")
        if kind == "yesno":
            choices = list(choices or [{"value": "yes", "label": ui.get("yes", "yes")}, {"value": "no", "label": ui.get("no", "no")}])
            if ui.get("unanswered"):  # empty = not answered yet / the calculator's default
                choices.append({"value": "", "label": ui["unanswered"]})
                default = "" if default is None else default
        if kind == "calendar" and default is None:
            default = choices[0]["value"]
        control = _radios(fid, name, choices, default)
    elif kind == "date":
        parts = []
        for part, width in (("day", "2"), ("month", "2"), ("year", "4")):
            parts.append(
                f'<div class="iq-date-part iq-date-part--{part}"><label for="{fid}-{part}">{_a(ui.get(part, part))}</label>'
                f'<input type="text" id="{fid}-{part}" data-part="{part}" inputmode="numeric" autocomplete="off" '
                f'class="iq-input iq-input--w{width}"></div>'
            )
        control = (
            '<div class="iq-date-parts">' + "".join(parts) + "</div>"
            f'<p class="iq-date-echo" id="{fid}-echo" hidden></p>'
        )
    else:
        raise PluginError(f"widget {command}: unknown field kind {kind!r}")
    return (
        f'<fieldset {attrs} id="{fid}"{_described(fid, field)}><legend class="iq-label">{_a(field["label"])}</legend>'
        f"{_hint(fid, field)}{_error(fid)}{control}</fieldset>"
    )


def render_widget(spec: dict, lang: str, root: str = "./") -> str:
    command, ui = spec["command"], spec["ui"]
    wid = f"iq-{command}"
    fields = "".join(render_field(command, f, ui) for f in spec["fields"])
    return (
        f'<div class="iq-widget" id="{wid}" data-command="{_a(command)}" data-lang="{lang}" '
        f'data-root="{_a(root)}" data-state="idle" data-runs="0" data-ui="{_a(json.dumps(ui, ensure_ascii=False))}">'
        f'<div class="iq-status" role="status"><span class="iq-status-text"></span>'
        f'<progress class="iq-progress" max="100" value="0" hidden></progress></div>'
        f'<div class="iq-error-summary" tabindex="-1" hidden aria-labelledby="{wid}-errors-title">'
        f'<h2 class="iq-error-summary__title" id="{wid}-errors-title">{_a(ui.get("error_summary_title", ""))}</h2>'
        f'<ul class="iq-error-summary__list"></ul></div>'
        f'<form class="iq-form" novalidate action="#{wid}">{fields}'
        f'<button type="submit" class="md-button md-button--primary iq-submit">{_a(spec["submit"])}</button></form>'
        f'<div class="iq-result" aria-live="polite" data-status="" data-total="" data-currency=""></div>'
        f"</div>"
    )
