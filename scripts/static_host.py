"""Serve a built site the way static hosts (GitHub Pages, Read the Docs, Netlify) serve it: text
files gzip-compressed when the browser accepts it, images and fonts as they are.

Python's ``http.server`` never compresses, which makes every page look several times heavier
than it is on a real host. The tests and ``benchmarks/lighthouse.py`` use this instead; readers
may too:

    python scripts/static_host.py _build/html            # http://127.0.0.1:8000
    python scripts/static_host.py _build/html --port 0   # any free port
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import io
import os
import threading
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


class StaticHostHandler(http.server.SimpleHTTPRequestHandler):
    """Text compressed with gzip (level 6, as nginx and most hosts do); everything else raw."""

    COMPRESS = (".html", ".js", ".mjs", ".css", ".json", ".svg", ".txt", ".map", ".xml")
    #: Connections stay open between requests (keep-alive), as on every static host; Python's
    #: default, HTTP/1.0, opens a new connection per file.
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send_head(self):
        path = self.translate_path(self.path)
        if (not path.endswith(self.COMPRESS) or not os.path.isfile(path)
                or "gzip" not in self.headers.get("Accept-Encoding", "")):
            return super().send_head()
        with open(path, "rb") as f:
            body = gzip.compress(f.read(), compresslevel=6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def book_pages() -> list[str]:
    """The pages of the book as _toc.yml lists them, in reading order (``book/intro`` ...): the
    root and every chapter of every part; ``<page>.html`` in the built site."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"]]
    for part in toc.get("parts", []):
        pages += [chapter["file"] for chapter in part["chapters"]]
    return pages


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
