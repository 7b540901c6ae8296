"""MkDocs hook: self-hosted fonts.

on_post_build copies the woff2 files iqama.css names from node_modules/@fontsource into every
assets/fonts/ next to a copy of the stylesheet: no font is ever fetched from another origin.
"""
from __future__ import annotations

import shutil
from pathlib import Path

from mkdocs.exceptions import PluginError

ROOT = Path(__file__).resolve().parents[2]
FONT_DIR = ROOT / "node_modules" / "@fontsource" / "ibm-plex-sans-arabic" / "files"
FONT_FILES = tuple(
    f"ibm-plex-sans-arabic-{subset}-{weight}-normal.woff2"
    for subset in ("arabic", "latin") for weight in (400, 700)
)


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
