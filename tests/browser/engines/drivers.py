"""The same few browser actions in three engines, for the tests written once for all of them
(tests/browser/engines/test_engines.py):

* ``chromium`` - Debian's Chromium through Playwright (site_src/chromium.py's flags);
* ``firefox``  - Debian's Firefox ESR through npm ``puppeteer-core`` over WebDriver BiDi
  (puppeteer_bridge.mjs, commanded over stdin/stdout);
* ``webkit``   - Debian's WebKitGTK: Selenium against ``WebKitWebDriver`` driving MiniBrowser under
  a private Xvfb display. The driver returns no console messages, so MiniBrowser writes them to
  its standard output (``--enable-write-console-messages-to-stdout``), read from the driver's log.

Every engine exposes: ``goto(url)``, ``reload()``, ``wait(selector)``, ``wait_function(js, arg)``,
``evaluate(js, arg)`` (``js`` is a function's source taking one argument), ``type(selector,
text)``, ``click(selector)``, ``press(key)``, ``open()`` (a new tab, the old one closed),
``problems()`` (console errors, page errors, failed or 4xx/5xx requests, requests to another
origin since the last call, as far as the engine reports them) and ``close()``.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
BRIDGE = Path(__file__).with_name("puppeteer_bridge.mjs")
FIREFOX = os.environ.get("IQAMA_FIREFOX", "/usr/bin/firefox-esr")
WEBKIT_DRIVER = os.environ.get("IQAMA_WEBKIT_DRIVER", "/usr/bin/WebKitWebDriver")
MINIBROWSER_GLOBS = ("/usr/lib/*/webkit2gtk-4.1/MiniBrowser", "/usr/lib/*/webkit2gtk-4.0/MiniBrowser",
                     "/usr/libexec/webkit2gtk-4.1/MiniBrowser")
TIMEOUT_MS = 60_000


def minibrowser() -> str | None:
    import glob

    for pattern in MINIBROWSER_GLOBS:
        found = sorted(glob.glob(pattern))
        if found:
            return found[0]
    return None


def missing(engine: str) -> str | None:
    """Why `engine` cannot run here (a line naming what to install), or None."""
    if engine == "firefox":
        if not Path(FIREFOX).is_file():
            return f"{FIREFOX} is missing: install Debian's firefox-esr (make browsers)"
        if not (ROOT / "node_modules" / "puppeteer-core").is_dir():
            return "node_modules/puppeteer-core is missing: run `npm ci`"
    if engine == "webkit":
        if not Path(WEBKIT_DRIVER).is_file() or not minibrowser():
            return "WebKitWebDriver/MiniBrowser are missing: install Debian's webkit2gtk-driver (make browsers)"
        if not shutil.which("Xvfb"):
            return "Xvfb is missing: install Debian's xvfb (make browsers)"
    return None


class Chromium:
    name = "chromium"

    def __init__(self, playwright):
        from chromium import CHROMIUM, CHROMIUM_ARGS  # site_src/ (pytest pythonpath)

        self.browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        self.context = self.browser.new_context(viewport={"width": 1000, "height": 900},
                                                service_workers="allow")
        self.origin_url = ""
        self.page = None
        self._problems: list[str] = []
        self.open()

    def origin(self, url: str) -> None:
        self.origin_url = url

    def open(self) -> None:
        if self.page:
            self.page.close()
        page = self.page = self.context.new_page()
        add = self._problems.append
        page.on("console", lambda m: m.type == "error" and add(f"console: {m.text}"))
        page.on("pageerror", lambda e: add(f"page error: {e}"))
        page.on("response", lambda r: r.status >= 400 and add(f"{r.status} {r.url}"))
        page.on("requestfailed", lambda r: add(f"failed: {r.url} {r.failure}"))
        page.on("request", lambda r: self.origin_url and not r.url.startswith(
            (self.origin_url, "data:", "blob:")) and add(f"request to another origin: {r.url}"))

    def goto(self, url: str) -> str:
        self.page.goto(url)
        return self.page.url

    def reload(self) -> None:
        self.page.reload()

    def wait(self, selector: str, timeout: int = TIMEOUT_MS) -> None:
        self.page.wait_for_selector(selector, state="attached", timeout=timeout)

    def wait_function(self, js: str, arg=None, timeout: int = TIMEOUT_MS) -> None:
        self.page.wait_for_function(js, arg=arg, timeout=timeout, polling=200)

    def evaluate(self, js: str, arg=None):
        return self.page.evaluate(js, arg)

    def type(self, selector: str, text: str) -> None:
        self.page.type(selector, text)

    def click(self, selector: str) -> None:
        self.page.click(selector)

    def press(self, key: str) -> None:
        self.page.keyboard.press(key)

    def problems(self) -> list[str]:
        out, self._problems[:] = list(self._problems), []
        return out

    def close(self) -> None:
        self.context.close()
        self.browser.close()


class Firefox:
    """puppeteer_bridge.mjs in a Node process; each call one JSON line each way."""

    name = "firefox"

    def __init__(self):
        self.proc = subprocess.Popen(["node", str(BRIDGE), "firefox", FIREFOX], cwd=ROOT, text=True,
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, bufsize=1)
        self.next_id = 0
        self.call("open")

    def call(self, op: str, *args):
        self.next_id += 1
        self.proc.stdin.write(json.dumps({"id": self.next_id, "op": op, "args": list(args)}) + "\n")
        self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError(f"firefox bridge ended (exit {self.proc.poll()})")
        answer = json.loads(line)
        if "error" in answer:
            raise AssertionError(f"firefox {op}{tuple(args)!r}: {answer['error']}")
        return answer["value"]

    def origin(self, url): self.call("origin", url)
    def open(self): self.call("open")
    def goto(self, url): return self.call("goto", url)
    def reload(self): self.call("reload")
    def wait(self, selector, timeout=TIMEOUT_MS): self.call("wait", selector, timeout)
    def wait_function(self, js, arg=None, timeout=TIMEOUT_MS): self.call("waitFunction", js, arg, timeout)
    def evaluate(self, js, arg=None): return self.call("evaluate", js, arg)
    def type(self, selector, text): self.call("type", selector, text)
    def click(self, selector): self.call("click", selector)
    def press(self, key): self.call("press", key)
    def problems(self): return self.call("problems")

    def close(self):
        try:
            self.call("close")
        finally:
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
            self.proc.stdin.close()
            self.proc.stdout.close()


def _wait_for_display(display: str, timeout_s: float = 10) -> None:
    """Until the X server accepts connections (it names its display a moment before)."""
    import socket

    deadline = time.monotonic() + timeout_s
    while True:
        with socket.socket(socket.AF_UNIX) as s:
            try:
                s.connect(f"/tmp/.X11-unix/X{display}")
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise
        time.sleep(0.05)


class Xvfb:
    """A private X display (``display``, e.g. ":3"); ``stop()`` ends it."""

    def __init__(self):
        read, write = os.pipe()
        self.proc = subprocess.Popen(["Xvfb", "-displayfd", str(write), "-screen", "0", "1280x1024x24",
                                      "-nolisten", "tcp", "-noreset"], pass_fds=(write,),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(write)
        number = os.read(read, 64).decode().strip()
        self.pipe = read  # kept open: Xvfb dies of SIGPIPE writing to a closed one
        _wait_for_display(number)
        self.display = f":{number}"

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)
        os.close(self.pipe)


def webkit_console(url: str, ready, settle_s: float = 4.0, timeout_s: float = 60.0) -> list[str]:
    """MiniBrowser alone (no driver) on `url` with its console written to its standard output,
    in a fresh private profile; ends `settle_s` after `ready()` is true. Returns the lines."""
    tmp = Path(tempfile.mkdtemp(prefix="iqama-minibrowser-"))
    display = Xvfb()
    out = open(tmp / "console.txt", "wb")
    env = {**os.environ, "DISPLAY": display.display, "HOME": str(tmp),
           "XDG_DATA_HOME": str(tmp / "data"), "XDG_CACHE_HOME": str(tmp / "cache")}
    proc = subprocess.Popen([minibrowser(), "--enable-write-console-messages-to-stdout=true", url],
                            env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + timeout_s
        while not ready() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.2)
        time.sleep(settle_s)
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        out.close()
        display.stop()
    text = (tmp / "console.txt").read_text(encoding="utf-8", errors="replace")
    shutil.rmtree(tmp, ignore_errors=True)
    return text.splitlines()


class WebKit:
    """Selenium + WebKitWebDriver + MiniBrowser on a private Xvfb display."""

    name = "webkit"
    CONSOLE = re.compile(r"^(.*?): CONSOLE (\w+) (.*)")

    def __init__(self):
        from selenium import webdriver
        from selenium.webdriver.webkitgtk.options import Options
        from selenium.webdriver.webkitgtk.service import Service

        self.tmp = Path(tempfile.mkdtemp(prefix="iqama-webkit-"))
        self.xvfb = Xvfb()
        self.log = self.tmp / "driver.log"
        env = {**os.environ, "DISPLAY": self.xvfb.display}
        options = Options()
        options.binary_location = minibrowser()
        options.add_argument("--automation")
        service = Service(executable_path=WEBKIT_DRIVER, log_output=str(self.log), env=env)
        try:
            self.driver = webdriver.WebKitGTK(options=options, service=service)
        except Exception:
            self.xvfb.stop()
            raise
        self.driver.set_window_size(1000, 900)
        self.driver.set_script_timeout(TIMEOUT_MS / 1000)
        self._seen = 0

    def origin(self, url): pass  # WebKitWebDriver reports no requests

    def open(self):
        self.driver.switch_to.new_window("tab")
        handles = self.driver.window_handles
        for handle in handles[:-1]:
            self.driver.switch_to.window(handle)
            self.driver.close()
        self.driver.switch_to.window(handles[-1])

    def goto(self, url):
        self.driver.get(url)
        return self.driver.current_url

    def reload(self):
        self.driver.refresh()

    def evaluate(self, js, arg=None):
        # an async script: the function may return a promise
        return self.driver.execute_async_script(
            "const done = arguments[arguments.length - 1];"
            f"Promise.resolve(({js})(arguments[0])).then((v) => done(v === undefined ? null : v),"
            " (e) => done({__error: String(e)}));", arg)

    def _poll(self, test, what, timeout):
        deadline = time.monotonic() + timeout / 1000
        while True:
            try:
                if test():
                    return
            except Exception:  # noqa: BLE001 - the page is between two documents
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"webkit: timed out waiting for {what}")
            time.sleep(0.2)

    def wait(self, selector, timeout=TIMEOUT_MS):
        self._poll(lambda: self.evaluate("(s) => Boolean(document.querySelector(s))", selector),
                   selector, timeout)

    def wait_function(self, js, arg=None, timeout=TIMEOUT_MS):
        self._poll(lambda: self.evaluate(js, arg) is True or bool(self.evaluate(js, arg)), js, timeout)

    def type(self, selector, text):
        from selenium.webdriver.common.by import By

        self.driver.find_element(By.CSS_SELECTOR, selector).send_keys(text)

    def click(self, selector):
        from selenium.webdriver.common.by import By

        self.driver.find_element(By.CSS_SELECTOR, selector).click()

    def press(self, key):
        from selenium.webdriver.common.action_chains import ActionChains
        from selenium.webdriver.common.keys import Keys

        ActionChains(self.driver).send_keys(getattr(Keys, key.upper(), key)).perform()

    def problems(self):
        lines = self.log.read_text(encoding="utf-8", errors="replace").splitlines()
        new, self._seen = lines[self._seen:], len(lines)
        found = []
        for line in new:
            match = self.CONSOLE.search(line)
            if match and match.group(2).upper() == "ERROR":
                found.append(f"console: {match.group(1)} {match.group(3)}")
        return found

    def close(self):
        try:
            self.driver.quit()
        finally:
            self.xvfb.stop()
            shutil.rmtree(self.tmp, ignore_errors=True)
