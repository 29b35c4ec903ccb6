"""Serve a built site the way static hosts (GitHub Pages, Read the Docs, Netlify) serve it: text
and WebAssembly gzip-compressed when the browser accepts it, images and fonts as they are, and
every file with the validators (``Last-Modified``, ``ETag``) that let a browser revalidate its
cached copy with a 304 instead of downloading it again.

Python's ``http.server`` never compresses, which makes every page look several times heavier
than it is on a real host. The tests and ``benchmarks/lighthouse.py`` use this instead; readers
may too:

    python scripts/static_host.py _build/html            # http://127.0.0.1:8000
    python scripts/static_host.py _build/html --port 0   # any free port
    python -m booksite.static_host _build/html           # the same
"""

from __future__ import annotations

import argparse
import contextlib
import email.utils
import functools
import gzip
import http.server
import io
import os
import threading
from collections.abc import Iterator
from pathlib import Path


class StaticHostHandler(http.server.SimpleHTTPRequestHandler):
    """Text, WebAssembly and icons compressed with gzip (level 6, as nginx and most hosts do), images
    and fonts as they are; every file with ``Last-Modified`` and an ``ETag``, and a conditional
    request (``If-None-Match``, ``If-Modified-Since``) for an unchanged file answered with 304."""

    COMPRESS = (".html", ".js", ".mjs", ".css", ".json", ".svg", ".txt", ".map", ".xml",
                ".wasm", ".ico")
    #: Connections stay open between requests (keep-alive), as on every static host; Python's
    #: default, HTTP/1.0, opens a new connection per file.
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if os.path.isdir(path) and self.path.split("?", 1)[0].endswith("/"):
            path = next((os.path.join(path, index) for index in ("index.html", "index.htm")
                         if os.path.isfile(os.path.join(path, index))), path)
        if not os.path.isfile(path) or path.endswith("/"):
            return super().send_head()  # a folder's redirect or listing, or 404
        stat = os.stat(path)
        compressible = path.endswith(self.COMPRESS)
        gzipped = compressible and accepts_gzip(self.headers.get("Accept-Encoding", ""))
        etag = f'"{stat.st_mtime_ns:x}-{stat.st_size:x}{"-gzip" if gzipped else ""}"'
        modified = email.utils.formatdate(stat.st_mtime, usegmt=True)
        if not_modified(self.headers, etag, stat.st_mtime):
            self.send_response(304)
            self._validators(etag, modified, compressible)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if gzipped:
            body = io.BytesIO(gzip_body(path, stat.st_mtime_ns, stat.st_size))
            size = len(body.getvalue())
        else:
            body, size = open(path, "rb"), stat.st_size
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        if gzipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(size))
        self._validators(etag, modified, compressible)
        self.end_headers()
        return body

    def _validators(self, etag: str, modified: str, compressible: bool) -> None:
        self.send_header("ETag", etag)
        self.send_header("Last-Modified", modified)
        if compressible:  # the body depends on Accept-Encoding: caches must keep both
            self.send_header("Vary", "Accept-Encoding")


def accepts_gzip(header: str) -> bool:
    """True if an ``Accept-Encoding`` header accepts gzip (and does not refuse it with q=0)."""
    for item in header.split(","):
        name, _, params = item.strip().partition(";")
        if name.strip().lower() in ("gzip", "x-gzip", "*"):
            quality = params.strip().removeprefix("q=")
            return not (params.strip().startswith("q=") and float(quality or 0) == 0)
    return False


def not_modified(headers, etag: str, mtime: float) -> bool:
    """Whether a conditional GET may be answered with 304: ``If-None-Match`` names this ETag
    (weak comparison) or, without it, ``If-Modified-Since`` is no earlier than the file."""
    if_none_match = headers.get("If-None-Match")
    if if_none_match is not None:
        tags = [tag.strip().removeprefix("W/") for tag in if_none_match.split(",")]
        return "*" in tags or etag in tags
    since = headers.get("If-Modified-Since")
    if since:
        with contextlib.suppress(TypeError, ValueError, IndexError, OverflowError):
            return int(mtime) <= email.utils.parsedate_to_datetime(since).timestamp()
    return False


@functools.lru_cache(maxsize=512)
def gzip_body(path: str, mtime_ns: int, size: int) -> bytes:
    """The gzip-compressed bytes of a file, computed once per version of it (path, modification
    time and size are the key): a 10 MB WebAssembly file is not recompressed per request."""
    with open(path, "rb") as f:
        return gzip.compress(f.read(), compresslevel=6, mtime=0)


@contextlib.contextmanager
def serve(folder: Path, handler_class=None, port: int = 0) -> Iterator[str]:
    """Serve ``folder`` on 127.0.0.1 in a background thread; yield its URL."""
    folder = Path(folder)
    if not folder.is_dir():
        raise ValueError(f"no site to serve at {folder}: expected a built site folder "
                         "(run `jupyter-book build .` first)")
    handler = functools.partial(handler_class or StaticHostHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", default="_build/html", type=Path)
    parser.add_argument("--port", type=int, default=8000)
    args = parser.parse_args()
    with serve(args.folder, port=args.port) as url:
        print(f"serving {args.folder} at {url}/ (Ctrl-C stops)", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
