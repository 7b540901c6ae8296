"""MkDocs hook: the Content-Security-Policy of every page and of the 404 page.

on_post_page (last of all hooks: it hashes the scripts the others add) puts a CSP <meta> right
after <meta charset>: only this origin, plus the sha256 of each inline script in the page (no
'unsafe-inline' for scripts), and 'wasm-unsafe-eval' for the calculator's WebAssembly (Pyodide).
on_post_template gives the 404 page (a theme template, not a page) the same policy.
"""
from __future__ import annotations

import base64
import hashlib
import re

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority

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


@event_priority(-100)  # after the other hooks' on_post_page: it hashes the scripts they add
def on_post_page(output: str, page, config, **kwargs) -> str:
    if CHARSET not in output:
        raise PluginError(f"{page.file.src_uri}: no {CHARSET} to put the CSP after")
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(output)}">'
    return output.replace(CHARSET, CHARSET + "\n    " + meta, 1)


def on_post_template(output_content: str, template_name: str, config, **kwargs) -> str:
    """404.html is a theme template, not a page (on_post_page never sees it): same policy."""
    if template_name != "404.html" or CHARSET not in output_content:
        return output_content
    meta = f'<meta http-equiv="Content-Security-Policy" content="{content_security_policy(output_content)}">'
    return output_content.replace(CHARSET, CHARSET + "\n    " + meta, 1)
