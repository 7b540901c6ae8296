"""MkDocs hook: two accessibility repairs to Material's HTML that CSS cannot make (axe-core).

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
    output = SECTION.sub(_name_section, output)
    return output.replace(
        TASK_BOX, '<label class="task-list-control"><input type="checkbox" disabled aria-hidden="true"/>'
    )


def on_post_template(output_content: str, template_name: str, config, **kwargs) -> str:
    """404.html is a theme template, not a page: it gets the same repairs."""
    return on_post_page(output_content, None, config) if template_name.endswith(".html") else output_content
