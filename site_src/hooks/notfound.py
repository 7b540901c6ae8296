"""MkDocs hook: the site's 404 page (site/404.html), in both languages, working at the domain
root and under a sub-path (a GitHub Pages project site).

GitHub Pages answers every unknown address of the site with the one 404.html, so the page
cannot know its depth: site_src/notfound/404.html writes every link relative to the site root
and a small script in its head sets the root as <base> (the path of `site_url` when the
configuration has one, else worked out from the address; the script says how) and puts the
reader's language first. Without script both languages show, Arabic first.

Material's own 404 (rendered with the last-built language, English, and root-absolute links)
is replaced in on_post_template; Material's stylesheets are taken from it, so their hashed
names stay right. Runs before site_src/hooks/csp.py adds the Content-Security-Policy
(which hashes this page's inline script) and before a11y.py's repairs.
"""
from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

TEMPLATE = Path(__file__).resolve().parents[1] / "notfound" / "404.html"
DOCS_TOP = ("en", "assets", "search", "404.html", "sitemap.xml", "sw.js")


def _stylesheet(material: str, name: str) -> str:
    found = re.search(rf'assets/stylesheets/{name}\.[0-9a-f]+\.min\.css', material)
    if not found:
        raise PluginError(f"404 hook: Material's {name} stylesheet is not in its 404 page")
    return found.group(0)


def top_names(docs_dir: Path) -> list[str]:
    """The first folders of the site's own addresses (kuwait, saudi, privacy, ..., en, assets)."""
    names = set(DOCS_TOP)
    for path in docs_dir.glob("*.md"):
        stem = path.name.split(".")[0]
        if stem != "index":
            names.add(stem)
    names.update(p.name for p in docs_dir.iterdir() if p.is_dir())
    return sorted(names)


def render(material: str, config) -> str:
    site_path = urlsplit(config.get("site_url") or "").path
    if site_path and not site_path.endswith("/"):
        site_path += "/"
    page = TEMPLATE.read_text(encoding="utf-8")
    return (page.replace("__MAIN_CSS__", _stylesheet(material, "main"))
            .replace("__PALETTE_CSS__", _stylesheet(material, "palette"))
            .replace("__SITE_PATH__", json.dumps(site_path))
            .replace("__TOP_NAMES__", json.dumps(top_names(Path(config["docs_dir"])))))


@event_priority(100)
def on_post_template(output_content: str, template_name: str, config, **kwargs) -> str:
    if template_name != "404.html":
        return output_content
    return render(output_content, config)
