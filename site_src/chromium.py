"""How every tool here starts Debian's Chromium (tests, screenshots, benchmark): one list of
flags, because without the background-networking ones Chromium calls out to Google's hosts."""
import os

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
