"""How every tool here starts Debian's Chromium (tests, screenshots, benchmark): one list of
flags, because without the background-networking ones Chromium calls out to Google's hosts;
and where a persistent profile keeps V8's compiled code."""
import os
from pathlib import Path

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def code_cache_files(profile, kind: str) -> list[Path]:
    """The entries of a profile's code cache for `kind` "js" (scripts) or "wasm" (WebAssembly):
    the compiled code Chromium keeps beside the HTTP cache's copy of a file (index left out)."""
    folder = Path(profile) / "Default" / "Code Cache" / kind
    return [f for f in folder.rglob("*")
            if f.is_file() and f.name != "index" and "index-dir" not in f.parts]
