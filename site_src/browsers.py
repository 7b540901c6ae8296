"""Install the browsers the test suite drives, when they are missing (`make browsers`, run by
`make test`; `.ci/run` and the Pages workflow go through it too).

    python site_src/browsers.py [--dry-run]

What the suite needs, and the Debian package that gives it:

* Chromium          ``$CHROMIUM`` or /usr/bin/chromium                  -> chromium
* Firefox ESR       ``$IQAMA_FIREFOX`` or /usr/bin/firefox-esr          -> firefox-esr
* WebKitWebDriver   ``$IQAMA_WEBKIT_DRIVER`` or /usr/bin/WebKitWebDriver -> webkit2gtk-driver
  (MiniBrowser comes with its dependency libwebkit2gtk-4.1-0)
* Xvfb              on PATH                                             -> xvfb

The decision (``plan``): nothing missing -> nothing to do. Missing, on Debian or a derivative
(``/etc/os-release`` ID or ID_LIKE says debian) with apt-get, as root or with password-less sudo
-> ``apt-get update`` and ``apt-get install`` of the missing packages only. Otherwise one line
naming what to install, and exit status 1 (the suite would fail on every browser test).
Ubuntu is a Debian derivative but its chromium is a snap and it has no firefox-esr package,
so there the line says so, with the browser tools' own installer to use instead.
``--dry-run`` prints the decision and changes nothing.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

DEBIAN_PACKAGES = "chromium firefox-esr webkit2gtk-driver xvfb"


@dataclass
class Plan:
    missing: list[str]  # Debian package names, in the order of DEBIAN_PACKAGES
    commands: list[list[str]] = field(default_factory=list)
    message: str = ""  # when it cannot install: what to install, one line

    @property
    def ok(self) -> bool:
        return not self.missing or bool(self.commands)


def _exists(path: str | None) -> bool:
    return bool(path) and Path(path).is_file() and os.access(path, os.X_OK)


def missing_packages(env: dict[str, str]) -> list[str]:
    """The Debian packages whose programs are not there (honours the env overrides above)."""
    path = env.get("PATH", "")
    needs = {
        "chromium": _exists(env.get("CHROMIUM", "/usr/bin/chromium")),
        "firefox-esr": _exists(env.get("IQAMA_FIREFOX", "/usr/bin/firefox-esr")),
        "webkit2gtk-driver": _exists(env.get("IQAMA_WEBKIT_DRIVER", "/usr/bin/WebKitWebDriver")),
        "xvfb": bool(shutil.which("Xvfb", path=path)),
    }
    return [name for name in DEBIAN_PACKAGES.split() if not needs[name]]


def os_release(path: Path) -> dict[str, str]:
    values = {}
    if path.is_file():
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            key, sep, value = line.partition("=")
            if sep:
                values[key.strip()] = value.strip().strip('"')
    return values


def plan(env: dict[str, str], release: dict[str, str], uid: int) -> Plan:
    """What to do for the machine described by `env` (PATH, overrides), its os-release and uid."""
    missing = missing_packages(env)
    if not missing:
        return Plan(missing)
    names = " ".join(missing)
    family = {release.get("ID", "")} | set(release.get("ID_LIKE", "").split())
    path = env.get("PATH", "")
    if "ubuntu" in family and ({"chromium", "firefox-esr"} & set(missing)):
        return Plan(missing, message=(
            f"Browsers missing: {names}. Ubuntu has no firefox-esr package and its chromium is a "
            "snap: `sudo apt-get install webkit2gtk-driver xvfb`, then "
            "`npx @puppeteer/browsers install chrome@stable firefox@esr` and set CHROMIUM and "
            "IQAMA_FIREFOX to the programs it prints (or use Debian 12)."))
    if "debian" not in family and "ubuntu" not in family or not shutil.which("apt-get", path=path):
        return Plan(missing, message=(
            f"Browsers missing: install Chromium, Firefox ESR, WebKitGTK's WebKitWebDriver with "
            f"MiniBrowser, and Xvfb (Debian: `sudo apt-get install {names}`), or set CHROMIUM, "
            "IQAMA_FIREFOX, IQAMA_WEBKIT_DRIVER to them."))
    if uid == 0:
        prefix: list[str] = []
    elif shutil.which("sudo", path=path) and subprocess.run(
            ["sudo", "-n", "true"], env=env, capture_output=True).returncode == 0:
        prefix = ["sudo", "-n"]
    else:
        return Plan(missing, message=(
            f"Browsers missing: run `sudo apt-get install {names}` (this needs root; "
            "`make test` did not ask for a password), then `make test` again."))
    return Plan(missing, commands=[
        [*prefix, "apt-get", "update", "-qq"],
        [*prefix, "apt-get", "install", "-y", "-qq", *missing],
    ])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dry-run", action="store_true", help="print the decision, change nothing")
    parser.add_argument("--os-release", default="/etc/os-release", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    env = dict(os.environ)
    decided = plan(env, os_release(Path(args.os_release)), os.getuid())
    if not decided.missing:
        print("browsers: Chromium, Firefox ESR, WebKitWebDriver and Xvfb are installed")
        return 0
    if decided.message:
        print(decided.message, file=sys.stderr)
        return 1
    for command in decided.commands:
        print("browsers:", " ".join(command), flush=True)
        if not args.dry_run:
            subprocess.run(command, check=True, env={**env, "DEBIAN_FRONTEND": "noninteractive"})
    if args.dry_run:
        return 0
    still = missing_packages(env)
    if still:
        print(f"browsers: still missing after apt-get: {' '.join(still)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
