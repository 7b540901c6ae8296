"""`make browsers` (site_src/browsers.py) decides what to install on a fresh machine; checked with
a fake PATH, fake programs and fake os-release files (nothing is installed or removed here)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import browsers  # site_src/ (pytest pythonpath)

ROOT = Path(__file__).resolve().parents[1]

DEBIAN = {"ID": "debian", "VERSION_ID": "12"}
ALL = ["chromium", "firefox-esr", "webkit2gtk-driver", "xvfb"]


def _program(folder: Path, name: str, code: int = 0) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(f"#!/bin/sh\nexit {code}\n", encoding="utf-8")
    path.chmod(0o755)
    return path


@pytest.fixture
def machine(tmp_path):
    """A machine with none of the browsers; `add(*packages)` installs fakes of their programs."""
    bin_dir = tmp_path / "bin"
    _program(bin_dir, "apt-get")
    env = {"PATH": str(bin_dir), "CHROMIUM": str(tmp_path / "no" / "chromium"),
           "IQAMA_FIREFOX": str(tmp_path / "no" / "firefox-esr"),
           "IQAMA_WEBKIT_DRIVER": str(tmp_path / "no" / "WebKitWebDriver")}

    def add(*packages):
        for name in packages:
            if name == "xvfb":
                _program(bin_dir, "Xvfb")
            else:
                key = {"chromium": "CHROMIUM", "firefox-esr": "IQAMA_FIREFOX",
                       "webkit2gtk-driver": "IQAMA_WEBKIT_DRIVER"}[name]
                env[key] = str(_program(tmp_path / "installed", Path(env[key]).name))

    return env, add, bin_dir


def test_nothing_to_do_when_everything_is_there(machine):
    env, add, _ = machine
    add(*ALL)
    assert browsers.plan(env, DEBIAN, uid=1000) == browsers.Plan(missing=[])


def test_debian_as_root_installs_only_what_is_missing(machine):
    env, add, _ = machine
    decided = browsers.plan(env, DEBIAN, uid=0)
    assert decided.missing == ALL and not decided.message
    assert decided.commands == [["apt-get", "update", "-qq"], ["apt-get", "install", "-y", "-qq", *ALL]]
    add("chromium", "xvfb")
    assert browsers.plan(env, DEBIAN, uid=0).commands[-1][-2:] == ["firefox-esr", "webkit2gtk-driver"]


def test_debian_with_passwordless_sudo_uses_it_and_without_says_what_to_run(machine):
    env, _, bin_dir = machine
    _program(bin_dir, "sudo", code=0)
    decided = browsers.plan(env, DEBIAN, uid=1000)
    assert decided.commands[0][:2] == ["sudo", "-n"] and decided.commands[1][-4:] == ALL
    _program(bin_dir, "sudo", code=1)  # asks for a password: never prompt from make test
    decided = browsers.plan(env, DEBIAN, uid=1000)
    assert not decided.commands and not decided.ok
    assert "sudo apt-get install chromium firefox-esr webkit2gtk-driver xvfb" in decided.message
    assert "\n" not in decided.message


def test_other_systems_get_one_line_naming_what_to_install(machine):
    env, add, bin_dir = machine
    for release in ({"ID": "fedora"}, {"ID": "alpine"}, {}):
        decided = browsers.plan(env, release, uid=0)
        assert not decided.commands and "Chromium, Firefox ESR, WebKitGTK" in decided.message
    (bin_dir / "apt-get").unlink()  # Debian without apt-get (a trimmed image)
    assert browsers.plan(env, DEBIAN, uid=0).message
    _program(bin_dir, "apt-get")
    ubuntu = {"ID": "ubuntu", "ID_LIKE": "debian"}
    assert "npx @puppeteer/browsers install" in browsers.plan(env, ubuntu, uid=0).message
    add("chromium", "firefox-esr")  # Ubuntu with the browsers given: apt-get for the rest
    assert browsers.plan(env, ubuntu, uid=0).commands[-1][-2:] == ["webkit2gtk-driver", "xvfb"]
    derivative = {"ID": "raspbian", "ID_LIKE": "debian"}
    assert browsers.plan(env, derivative, uid=0).commands


def test_the_script_exits_1_with_the_line_and_dry_run_changes_nothing(machine, tmp_path):
    env, _, _ = machine
    release = tmp_path / "os-release"
    release.write_text('ID=fedora\nVERSION_ID="41"\n', encoding="utf-8")
    run = subprocess.run([sys.executable, str(ROOT / "site_src" / "browsers.py"), "--os-release", str(release)],
                         env=env, capture_output=True, text=True)
    assert run.returncode == 1 and run.stderr.count("\n") == 1 and "Firefox ESR" in run.stderr
    release.write_text("ID=debian\n", encoding="utf-8")
    run = subprocess.run([sys.executable, str(ROOT / "site_src" / "browsers.py"), "--dry-run",
                          "--os-release", str(release)], env=env, capture_output=True, text=True)
    if os.getuid() == 0:
        assert run.returncode == 0, run.stderr
        assert "apt-get install -y -qq chromium firefox-esr webkit2gtk-driver xvfb" in run.stdout
    else:  # no sudo on the fake PATH: the line to run by hand
        assert run.returncode == 1 and "sudo apt-get install chromium" in run.stderr
