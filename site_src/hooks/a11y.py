"""MkDocs hook: bidi and accessibility repairs that CSS cannot make (axe-core).

0. English pages: Arabic words are wrapped in <bdi lang="ar"> (isolate_arabic, on_page_markdown,
   after placeholders.py has put the figures in), and every page's <html> gets `dir` (Material
   sets it on <body> only; on <html> it also reaches the browser's own UI and assistive
   technology reading the root).

1. Section navigation with ``navigation.indexes``: the section's title is a link, and the
   ``<label>`` that the section's ``<nav aria-labelledby=…>`` points to holds only the
   expand/collapse icon, so every such nav is named "" (axe ``landmark-unique``) and so is its
   toggle. The label gets the section's title as visually hidden text (``aria-label`` is not
   allowed on a ``<label>``: axe ``aria-prohibited-attr``).
2. Task lists (``- [ ] …``, pymdownx.tasklist with ``custom_checkbox``): each disabled checkbox
   is a picture of a tick box with no name (axe ``label``); the item's text follows it. The
   checkbox is hidden from assistive technology, which reads the list item's text as is.
"""

from __future__ import annotations

import re
from html import escape, unescape


def _lang(page, config) -> str:
    lang = getattr(page.file, "locale", None) or config["theme"].get("language") or "ar"
    return "ar" if str(lang).lower().startswith("ar") else "en"


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


def on_page_markdown(markdown: str, page, config, files, **kwargs) -> str:
    return isolate_arabic(markdown) if _lang(page, config) == "en" else markdown


HTML_TAG = re.compile(r'<html lang="([a-zA-Z-]+)"')

SECTION = re.compile(
    r'(<div class="md-nav__link md-nav__container">\s*<a [^>]*class="md-nav__link[^"]*"[^>]*>)'
    r"(.*?)(</a>\s*<label )(class=\"md-nav__link[^\"]*\" for=\"__nav_[\d_]+\" id=\"__nav_[\d_]+_label\"[^>]*)>",
    re.S,
)
TAG = re.compile(r"<[^>]+>")
TASK_BOX = '<label class="task-list-control"><input type="checkbox" disabled/>'


def _name_section(match: re.Match) -> str:
    title = " ".join(unescape(TAG.sub(" ", match.group(2))).split())
    if not title:
        return match.group(0)
    hidden = f'<span class="iq-visually-hidden">{escape(title)}</span>'
    return f"{match.group(1)}{match.group(2)}{match.group(3)}{match.group(4)}>{hidden}"


def on_post_page(output: str, page, config, **kwargs) -> str:
    if page is not None:
        direction = "rtl" if _lang(page, config) == "ar" else "ltr"
        output = HTML_TAG.sub(lambda m: f'{m.group(0)} dir="{direction}"', output, count=1)
    output = SECTION.sub(_name_section, output)
    return output.replace(
        TASK_BOX, '<label class="task-list-control"><input type="checkbox" disabled aria-hidden="true"/>'
    )


def on_post_template(output_content: str, template_name: str, config, **kwargs) -> str:
    """404.html is a theme template, not a page: it gets the same repairs."""
    return on_post_page(output_content, None, config) if template_name.endswith(".html") else output_content
