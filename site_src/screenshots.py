"""Screenshots of every page of the built site, both languages, phone and desktop widths.

    .venv/bin/python site_src/screenshots.py [--site site] [--out screenshots] [--widths 390,1280]
                                             [--only kuwait/fines,home] [--split 1400] [--wait-widgets]

Serves site/ on a random localhost port (site_src/pages_server.py), opens each page in headless
Debian Chromium (Playwright, never `playwright install`) and writes screenshots/<lang>/<page>-<width>.png
(full page). Also prints any console error, failed request or request to another origin.
"""
from __future__ import annotations

import argparse
from pathlib import Path

from chromium import CHROMIUM, CHROMIUM_ARGS  # site_src/chromium.py, beside this script
from pages_server import Server  # site_src/pages_server.py: served as GitHub Pages does

ROOT = Path(__file__).resolve().parents[1]


def pages(site: Path) -> list[str]:
    """Site paths ('' for the home page, 'en/kuwait/fines/'...) of every built page."""
    found = []
    for html in sorted(site.rglob("index.html")):
        rel = html.relative_to(site).as_posix()
        if rel.startswith(("assets/", "search/")):
            continue
        found.append(rel[: -len("index.html")])
    return found


def _wanted(path: str, only: list[str]) -> bool:
    return any((want == "home" and path in ("", "en/")) or (want != "home" and want in path)
               for want in only)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default=str(ROOT / "site"))
    parser.add_argument("--out", default=str(ROOT / "screenshots"))
    parser.add_argument("--widths", default="390,1280")
    parser.add_argument("--only", default="",
                        help="comma-separated substrings, one of which a page path must contain "
                             "('home' = the two home pages)")
    parser.add_argument("--split", type=int, default=0,
                        help="also save the page in pieces this many pixels tall (for viewers)")
    parser.add_argument("--wait-widgets", action="store_true",
                        help="wait until calculator widgets report ready before the shot")
    args = parser.parse_args()
    site, out = Path(args.site), Path(args.out)
    widths = [int(w) for w in args.widths.split(",")]

    server = Server(site).start()
    base = server.url
    from playwright.sync_api import sync_playwright

    problems = 0
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width in widths:
            context = browser.new_context(viewport={"width": width, "height": 844 if width < 600 else 900},
                                          device_scale_factor=1)
            page = context.new_page()
            seen: list[str] = []
            page.on("console", lambda m, seen=seen: m.type == "error" and seen.append(f"console: {m.text}"))
            page.on("pageerror", lambda e, seen=seen: seen.append(f"page error: {e}"))
            page.on("requestfailed", lambda r, seen=seen: seen.append(f"failed: {r.url}"))
            page.on("response", lambda r, seen=seen: r.status >= 400 and seen.append(f"{r.status} {r.url}"))
            page.on("request", lambda r, seen=seen: (not r.url.startswith((base, "data:", "blob:")))
                    and seen.append(f"other origin: {r.url}"))
            for path in pages(site):
                if args.only and not _wanted(path, args.only.split(",")):
                    continue
                seen.clear()
                page.goto(base + path, wait_until="networkidle")
                if args.wait_widgets and page.query_selector(".iq-widget"):
                    page.wait_for_selector(".iq-widget[data-state='ready']", state="attached",
                                           timeout=60_000)
                page.evaluate("document.fonts.ready")
                lang = "en" if path.startswith("en/") else "ar"
                name = (path.removeprefix("en/").strip("/").replace("/", "-") or "home")
                target = out / lang / f"{name}-{width}.png"
                target.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(target), full_page=True)
                if args.split:
                    height = page.evaluate("document.documentElement.scrollHeight")
                    for n, top in enumerate(range(0, height, args.split), start=1):
                        page.screenshot(path=str(target.with_name(f"{target.stem}-part{n}.png")),
                                        full_page=True, clip={"x": 0, "y": top, "width": width,
                                                              "height": min(args.split, height - top)})
                for line in seen:
                    problems += 1
                    print(f"{path} @{width}: {line}")
            context.close()
        browser.close()
    server.stop()
    print(f"screenshots in {out}; {problems} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
