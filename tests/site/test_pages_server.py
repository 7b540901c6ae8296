"""site_src/pages_server.py answers as GitHub Pages does: caching headers, revalidation, gzip where
Pages compresses, 404.html, folder redirects, a sub-path, and a deployment switched while it runs."""
from __future__ import annotations

import gzip
import http.client
from pathlib import Path

import pytest

from pages_server import Server  # site_src/ (pytest pythonpath)

ROOT = Path(__file__).resolve().parents[2]


def _site(folder: Path, marker: str) -> Path:
    files = {
        "index.html": f"<h1>home {marker}</h1>", "404.html": f"<h1>missing {marker}</h1>",
        "en/index.html": "<h1>en</h1>", "assets/app.js": "console.log(1);" * 50,
        "assets/a.zip": "PK not really a zip", "assets/x.wasm": "\0asm" + "x" * 100,
    }
    for rel, text in files.items():
        (folder / rel).parent.mkdir(parents=True, exist_ok=True)
        (folder / rel).write_text(text, encoding="utf-8")
    return folder


def _get(server: Server, path: str, **headers) -> tuple[int, dict, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("GET", path, headers=headers)
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response.status, {k.lower(): v for k, v in response.getheaders()}, body


@pytest.fixture
def server(tmp_path):
    with Server(_site(tmp_path / "a", "A")) as running:
        yield running


def test_files_carry_pages_caching_headers_and_revalidate(server):
    status, headers, body = _get(server, "/assets/app.js")
    assert status == 200 and body.startswith(b"console.log")
    assert headers["cache-control"] == "max-age=600"
    assert headers["content-type"].startswith("text/javascript")
    assert headers["etag"].startswith('"') and headers["last-modified"].endswith("GMT")
    status, again, body = _get(server, "/assets/app.js", **{"If-None-Match": headers["etag"]})
    assert (status, body) == (304, b"") and again["etag"] == headers["etag"]
    status, _, _ = _get(server, "/assets/app.js", **{"If-Modified-Since": headers["last-modified"]})
    assert status == 304
    status, _, body = _get(server, "/assets/app.js", **{"If-None-Match": '"something-else"'})
    assert status == 200 and body


def test_gzip_for_text_and_wasm_never_for_archives(server):
    status, headers, body = _get(server, "/assets/app.js", **{"Accept-Encoding": "gzip, br"})
    assert headers["content-encoding"] == "gzip" and headers["vary"] == "Accept-Encoding"
    assert gzip.decompress(body).startswith(b"console.log")
    _, headers, _ = _get(server, "/assets/x.wasm", **{"Accept-Encoding": "gzip"})
    assert headers["content-encoding"] == "gzip" and headers["content-type"] == "application/wasm"
    _, headers, body = _get(server, "/assets/a.zip", **{"Accept-Encoding": "gzip"})
    assert "content-encoding" not in headers and body.startswith(b"PK")
    _, headers, _ = _get(server, "/assets/app.js")  # a client that does not ask for it
    assert "content-encoding" not in headers


def test_folders_redirect_and_unknown_paths_get_404_html(server):
    status, headers, _ = _get(server, "/en?x=1")
    assert status == 301 and headers["location"] == "/en/"
    status, _, body = _get(server, "/en/")
    assert status == 200 and body == b"<h1>en</h1>"
    for path in ("/nowhere/", "/assets/missing.js", "/../etc/passwd"):
        status, headers, body = _get(server, path)
        assert (status, body) == (404, b"<h1>missing A</h1>"), path
        assert headers["content-type"].startswith("text/html")


def test_a_sub_path_and_a_switched_deployment(tmp_path):
    first, second = _site(tmp_path / "a", "A"), _site(tmp_path / "b", "B")
    with Server(first, base="/iqama-guide/") as server:
        assert server.url.endswith("/iqama-guide/")
        assert _get(server, "/iqama-guide/")[2] == b"<h1>home A</h1>"
        assert _get(server, "/")[0] == 404 and _get(server, "/en/")[0] == 404
        etag = _get(server, "/iqama-guide/")[1]["etag"]
        server.site = second
        status, headers, body = _get(server, "/iqama-guide/", **{"If-None-Match": etag})
        assert (status, body) == (200, b"<h1>home B</h1>") and headers["etag"] != etag
    with pytest.raises(ValueError):
        Server(first, base="iqama-guide")


def test_stop_ends_kept_alive_connections_too(tmp_path):
    """A browser sends its next requests over a kept-alive connection: after stop() the origin is
    off the network for it as well, not only for new connections (a handler thread answered a
    kept-alive connection after the listening socket had closed, hiding an offline fault)."""
    server = Server(_site(tmp_path / "a", "A")).start()
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    conn.request("GET", "/assets/app.js")
    first = conn.getresponse()
    assert first.status == 200 and first.read() and not first.will_close  # kept alive
    server.stop()
    with pytest.raises((ConnectionError, http.client.HTTPException, OSError)):
        conn.request("GET", "/assets/app.js")
        conn.getresponse().read()
    conn.close()
    with pytest.raises(ConnectionRefusedError):
        _get(server, "/")


def test_a_handler_may_shorten_max_age(tmp_path):
    """How a test lets the browser's copies go stale without waiting ten minutes."""
    from pages_server import PagesHandler

    class Short(PagesHandler):
        max_age = 2

    with Server(_site(tmp_path / "a", "A"), handler=Short) as server:
        assert _get(server, "/assets/app.js")[1]["cache-control"] == "max-age=2"
