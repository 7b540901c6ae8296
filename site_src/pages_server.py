"""Serve a built site the way GitHub Pages does: the one static server for `make serve`, the tests,
the screenshots and the benchmark.

    python site_src/pages_server.py [--port 8000] [--site site] [--base /iqama-guide/]

What GitHub Pages does, and so this server (checked against its documented behaviour and the
headers it sends):

* ``Cache-Control: max-age=600`` on every file: a browser reuses its copy for ten minutes without
  asking, then revalidates it;
* validators: ``ETag`` (from the file's bytes) and ``Last-Modified``; ``If-None-Match`` /
  ``If-Modified-Since`` that still match get ``304 Not Modified`` with no body;
* ``Content-Encoding: gzip`` for text types and WebAssembly when the client accepts it
  (``COMPRESSIBLE``), never for archives (``.zip``, ``.gz``, ``.whl``), with ``Vary: Accept-Encoding``;
* the MIME types Pages sends for our files (``.mjs``/``.js`` text/javascript, ``.wasm``
  application/wasm);
* a folder without its trailing slash is redirected (301) to it; a folder's ``index.html`` is
  its page;
* an unknown path gets the site's ``404.html`` with status 404;
* optional sub-path (``base``): a project site lives at ``https://<owner>.github.io/<repo>/``,
  so relative links must hold there; everything outside the sub-path is a 404.

`Server` runs it on a thread (port 0 = any free port); its ``site`` attribute may be changed
while it runs, which is how the tests switch a deployment under an open tab. ``stop()`` takes
the whole origin off the network (no emulated offline switch): the listening socket and every
open connection, as a browser reuses a kept-alive one. Subclasses may override
``PagesHandler.extra(path)`` to serve files from elsewhere and ``PagesHandler.sent(info)`` to
count what was sent (the benchmark does both), and ``PagesHandler.max_age`` to let the browser's
copies go stale sooner (a test's stand-in for the ten minutes passing).
"""

from __future__ import annotations

import argparse
import email.utils
import gzip
import hashlib
import os
import socket
import threading
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

MAX_AGE = 600  # seconds, GitHub Pages' Cache-Control
COMPRESSIBLE = {".html", ".css", ".js", ".mjs", ".json", ".wasm", ".svg", ".xml", ".txt", ".map"}
TYPES = {
    ".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8", ".mjs": "text/javascript; charset=utf-8",
    ".json": "application/json; charset=utf-8", ".wasm": "application/wasm",
    ".svg": "image/svg+xml", ".xml": "application/xml", ".txt": "text/plain; charset=utf-8",
    ".map": "application/json; charset=utf-8", ".zip": "application/zip",
    ".gz": "application/gzip", ".whl": "application/zip", ".woff2": "font/woff2",
    ".woff": "font/woff", ".png": "image/png", ".ico": "image/x-icon",
}


class _Digests:
    """(ETag, gzip body) per file, keyed by path, size and mtime: computed once per file version."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.etags: dict[tuple, str] = {}
        self.gzipped: dict[tuple, bytes] = {}

    @staticmethod
    def key(path: Path) -> tuple:
        st = path.stat()
        return (str(path), st.st_size, st.st_mtime_ns)

    def etag(self, path: Path) -> str:
        key = self.key(path)
        with self.lock:
            found = self.etags.get(key)
        if found is None:
            found = f'"{hashlib.sha1(path.read_bytes()).hexdigest()[:20]}"'
            with self.lock:
                self.etags[key] = found
        return found

    def gzip(self, path: Path) -> bytes:
        key = self.key(path)
        with self.lock:
            found = self.gzipped.get(key)
        if found is None:
            found = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
            with self.lock:
                self.gzipped[key] = found
        return found


DIGESTS = _Digests()


class PagesHandler(SimpleHTTPRequestHandler):
    """One request; the site folder and the sub-path come from the server (`Server`)."""

    protocol_version = "HTTP/1.1"
    max_age = MAX_AGE  # seconds in Cache-Control (a subclass may shorten it)

    def log_message(self, *args) -> None:  # quiet
        pass

    # -- hooks for subclasses -------------------------------------------------------------
    def extra(self, path: str) -> Path | None:
        """A file to serve for `path` (URL path, no query) from outside the site, or None."""
        return None

    def sent(self, info: dict) -> None:
        """Called after each answer: {path, status, sent (header + body bytes), body, raw, gzip}."""

    # -- serving ---------------------------------------------------------------------------
    def do_GET(self) -> None:
        self._serve(head=False)

    def do_HEAD(self) -> None:
        self._serve(head=True)

    def _serve(self, head: bool) -> None:
        site: Path = self.server.site  # type: ignore[attr-defined]
        base: str = self.server.base  # type: ignore[attr-defined]
        raw_path = urlsplit(self.path).path
        path = unquote(raw_path)
        file = self.extra(path)
        if file is None:
            if not path.startswith(base):
                return self._not_found(site, head)
            rel = path[len(base):]
            if any(part in ("..", ".") for part in rel.split("/")):
                return self._not_found(site, head)
            target = site / rel
            if target.is_dir():
                if not path.endswith("/"):
                    return self._answer(HTTPStatus.MOVED_PERMANENTLY, b"",
                                        {"Location": raw_path + "/"}, head)
                target = target / "index.html"
            if not target.is_file():
                return self._not_found(site, head)
            file = target
        self._send_file(file, head)

    def _not_found(self, site: Path, head: bool) -> None:
        page = site / "404.html"
        body = page.read_bytes() if page.is_file() else b"Not found"
        headers = {"Content-Type": TYPES[".html"]}
        if self._accepts_gzip():
            body = gzip.compress(body, mtime=0)
            headers["Content-Encoding"] = "gzip"
        self._answer(HTTPStatus.NOT_FOUND, body, headers, head)

    def _accepts_gzip(self) -> bool:
        return "gzip" in self.headers.get("Accept-Encoding", "")

    def _send_file(self, file: Path, head: bool) -> None:
        st = file.stat()
        ext = file.suffix.lower()
        etag = DIGESTS.etag(file)
        headers = {
            "Content-Type": TYPES.get(ext) or self.guess_type(str(file)),
            "Cache-Control": f"max-age={self.max_age}",
            "ETag": etag,
            "Last-Modified": email.utils.formatdate(st.st_mtime, usegmt=True),
            "Vary": "Accept-Encoding",
        }
        if self._still_fresh(etag, st.st_mtime):
            return self._answer(HTTPStatus.NOT_MODIFIED, b"", headers, head, raw=0)
        if ext in COMPRESSIBLE and self._accepts_gzip():
            body = DIGESTS.gzip(file)
            headers["Content-Encoding"] = "gzip"
        else:
            body = file.read_bytes()
        self._answer(HTTPStatus.OK, body, headers, head, raw=st.st_size)

    def _still_fresh(self, etag: str, mtime: float) -> bool:
        match = self.headers.get("If-None-Match")
        if match is not None:
            return etag in [m.strip().removeprefix("W/") for m in match.split(",")] or match.strip() == "*"
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                return int(mtime) <= email.utils.parsedate_to_datetime(since).timestamp()
            except (TypeError, ValueError):
                return False
        return False

    def _answer(self, status: HTTPStatus, body: bytes, headers: dict, head: bool,
                raw: int | None = None) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        if status != HTTPStatus.NOT_MODIFIED:
            self.send_header("Content-Length", str(len(body)))
        header_bytes = sum(len(line) for line in getattr(self, "_headers_buffer", [])) + 2
        self.end_headers()
        if not head and status != HTTPStatus.NOT_MODIFIED:
            self.wfile.write(body)
        self.sent({"path": self.path, "status": int(status), "sent": header_bytes + len(body),
                   "body": len(body), "raw": len(body) if raw is None else raw,
                   "gzip": headers.get("Content-Encoding") == "gzip"})


class _HTTPServer(ThreadingHTTPServer):
    """Keeps the connections it has open, so that stopping ends them too: a browser keeps an
    HTTP/1.1 connection alive and sends its next requests over it, so closing only the listening
    socket leaves the origin on the network for that browser (it was answered, with 304s, after
    "stop")."""

    daemon_threads = True

    def __init__(self, *args, **kwargs) -> None:
        self.connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__(*args, **kwargs)

    def process_request(self, request, client_address) -> None:
        with self.connections_lock:
            self.connections.add(request)
        super().process_request(request, client_address)

    def shutdown_request(self, request) -> None:
        with self.connections_lock:
            self.connections.discard(request)
        super().shutdown_request(request)

    def close_connections(self) -> None:
        """End every open connection (its handler sees the end and closes it)."""
        with self.connections_lock:
            open_now = list(self.connections)
        for connection in open_now:
            try:
                connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass  # already closed by its handler

    def handle_error(self, request, client_address) -> None:
        import sys

        if not isinstance(sys.exc_info()[1], (ConnectionResetError, BrokenPipeError)):
            super().handle_error(request, client_address)  # a browser closing a connection is not one


class Server:
    """The site served on 127.0.0.1 from a thread: ``url`` (ends with the sub-path), ``site``
    (may be switched while running), ``stop()``. A context manager."""

    def __init__(self, site: Path | str, base: str = "/", port: int = 0,
                 handler: type[PagesHandler] = PagesHandler, host: str = "127.0.0.1"):
        if not base.startswith("/") or not base.endswith("/"):
            raise ValueError(f"base must start and end with '/': {base!r}")
        self.httpd = _HTTPServer((host, port), handler)
        self.httpd.base = base  # type: ignore[attr-defined]
        self.site = Path(site)
        self.port = self.httpd.server_port
        self.url = f"http://{host}:{self.port}{base}"
        self._thread: threading.Thread | None = None

    @property
    def site(self) -> Path:
        return self.httpd.site  # type: ignore[attr-defined]

    @site.setter
    def site(self, folder: Path | str) -> None:
        folder = Path(folder)
        if not (folder / "index.html").is_file():
            raise FileNotFoundError(f"{folder} has no index.html: run `make site` first")
        self.httpd.site = folder  # type: ignore[attr-defined]

    def start(self) -> Server:
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        """The origin off the network: no new connection, and the open ones (a browser's kept-alive
        connections) ended."""
        self.httpd.shutdown()
        self.httpd.server_close()
        self.httpd.close_connections()

    def __enter__(self) -> Server:
        return self.start() if self._thread is None else self

    def __exit__(self, *exc) -> None:
        self.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--site", default=str(Path(__file__).resolve().parents[1] / "site"))
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
    parser.add_argument("--base", default="/", help="sub-path, e.g. /iqama-guide/ (default /)")
    args = parser.parse_args()
    server = Server(args.site, base=args.base, port=args.port)
    print(f"Serving {args.site} on {server.url} (GitHub Pages headers; Ctrl-C stops)", flush=True)
    try:
        server.httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.httpd.server_close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
