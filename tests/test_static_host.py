"""booksite.static_host (python scripts/static_host.py) serves a site as static hosts do: text
and WebAssembly gzip-compressed when the browser accepts it, every response with ``Last-Modified`` and an ``ETag``, and a
revalidation of an unchanged file answered with 304 (no body), so a second visit does not
download the lite app's scripts again."""

from __future__ import annotations

import gzip
import http.client
import os
from urllib.parse import urlparse

import pytest
from booksite import static_host
from booksite.static_host import serve

WASM = bytes(range(256)) * 4096 + b"\0" * 3_000_000  # 4 MB, compressible like pyodide.asm.wasm
ICON = b"\0\0\1\0" + bytes(40) * 8000  # an .ico of uncompressed bitmaps (JupyterLite's: 320 kB)
PAGE = b"<!doctype html><title>t</title>" + b"<p>the same paragraph</p>" * 2000


@pytest.fixture()
def host(tmp_path):
    (tmp_path / "static").mkdir()
    (tmp_path / "static" / "pyodide.asm.wasm").write_bytes(WASM)
    (tmp_path / "page.html").write_bytes(PAGE)
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(5000))
    (tmp_path / "favicon.ico").write_bytes(ICON)
    (tmp_path / "folder").mkdir()
    (tmp_path / "folder" / "index.html").write_bytes(PAGE)
    with serve(tmp_path, port=0) as url:
        yield url, tmp_path


def get(url: str, path: str, headers: dict | None = None, method: str = "GET"):
    parsed = urlparse(url)
    connection = http.client.HTTPConnection(parsed.hostname, parsed.port, timeout=30)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        connection.close()


@pytest.mark.parametrize("path, raw", [("/static/pyodide.asm.wasm", WASM), ("/page.html", PAGE),
                                       ("/folder/", PAGE), ("/favicon.ico", ICON)])
def test_compressed_when_accepted(host, path, raw):
    url, _ = host
    status, headers, body = get(url, path, {"Accept-Encoding": "gzip, deflate, br"})
    assert status == 200 and headers["content-encoding"] == "gzip"
    assert gzip.decompress(body) == raw
    assert int(headers["content-length"]) == len(body) < len(raw) / 3
    assert headers["vary"] == "Accept-Encoding"
    status, plain_headers, plain = get(url, path)
    assert status == 200 and "content-encoding" not in plain_headers and plain == raw
    assert int(plain_headers["content-length"]) == len(raw)
    # the two representations have different entity tags, and both carry the validators
    assert headers["etag"] != plain_headers["etag"]
    assert headers["last-modified"] == plain_headers["last-modified"]
    status, _, refused = get(url, path, {"Accept-Encoding": "gzip;q=0, identity"})
    assert status == 200 and refused == raw


def test_wasm_type_and_images_raw(host):
    url, root = host
    status, headers, _ = get(url, "/static/pyodide.asm.wasm", {"Accept-Encoding": "gzip"})
    assert headers["content-type"] == "application/wasm"
    status, headers, body = get(url, "/image.png", {"Accept-Encoding": "gzip"})
    assert status == 200 and "content-encoding" not in headers
    assert body == (root / "image.png").read_bytes()
    assert headers["etag"] and headers["last-modified"]


@pytest.mark.parametrize("path", ["/static/pyodide.asm.wasm", "/page.html", "/image.png"])
@pytest.mark.parametrize("encoding", ["gzip", ""])
def test_revalidation_answers_304(host, path, encoding):
    url, root = host
    accept = {"Accept-Encoding": encoding} if encoding else {}
    status, headers, _ = get(url, path, accept)
    assert status == 200
    etag, modified = headers["etag"], headers["last-modified"]
    status, headers304, body = get(url, path, {**accept, "If-None-Match": etag})
    assert (status, body) == (304, b"")
    assert headers304["etag"] == etag and headers304["last-modified"] == modified
    status, _, body = get(url, path, {**accept, "If-None-Match": f'W/{etag}, "other"'})
    assert (status, body) == (304, b"")
    status, _, body = get(url, path, {**accept, "If-Modified-Since": modified})
    assert (status, body) == (304, b"")
    # another tag, or a date before the file's: the full body again
    status, _, body = get(url, path, {**accept, "If-None-Match": '"stale"'})
    assert status == 200 and body
    status, _, body = get(url, path, {**accept,
                                      "If-Modified-Since": "Mon, 01 Jan 2001 00:00:00 GMT"})
    assert status == 200 and body
    # the file changes: its old validators no longer match
    file = root / path.lstrip("/")
    stat = file.stat()
    os.utime(file, ns=(stat.st_atime_ns, stat.st_mtime_ns + 5_000_000_000))
    status, changed, body = get(url, path, {**accept, "If-None-Match": etag})
    assert status == 200 and body and changed["etag"] != etag
    status, _, body = get(url, path, {**accept, "If-Modified-Since": modified})
    assert status == 200 and body


def test_head_and_missing(host):
    url, _ = host
    status, headers, body = get(url, "/page.html", {"Accept-Encoding": "gzip"}, method="HEAD")
    assert status == 200 and body == b"" and int(headers["content-length"]) > 0
    assert headers["etag"]
    assert get(url, "/nothing.html")[0] == 404
    assert get(url, "/folder")[0] == 301  # a folder without its slash is redirected


def test_compressed_once_per_version(host):
    url, root = host
    static_host.gzip_body.cache_clear()
    for _ in range(3):
        get(url, "/static/pyodide.asm.wasm", {"Accept-Encoding": "gzip"})
    info = static_host.gzip_body.cache_info()
    assert (info.misses, info.hits) == (1, 2)
    wasm = root / "static" / "pyodide.asm.wasm"
    wasm.write_bytes(WASM[::-1])
    status, _, body = get(url, "/static/pyodide.asm.wasm", {"Accept-Encoding": "gzip"})
    assert gzip.decompress(body) == WASM[::-1]  # a new version is compressed afresh
    assert static_host.gzip_body.cache_info().misses == 2
