"""What does "Run in your browser" cost a reader? Bytes and time of a chapter's first run in the
in-browser book (JupyterLite), and of a second visit with the browser's disk cache. Prints a
Markdown table; never a pass/fail test (timings depend on the machine).

It builds nothing: it serves an already built site (``_build/html``) from 127.0.0.1 as static
hosts do (``booksite.static_host``: gzip, ETag and Last-Modified), counting the bytes it sends
(bodies, as sent). Debian's Chromium runs with a persistent profile (a disk cache, as a reader's
browser has: Playwright's ordinary contexts keep only an in-memory cache) and every host but
127.0.0.1 unreachable (Chromium flags, not request interception, which would bypass the cache).
For each visit: open the chapter page, follow its "Run in your browser" link (t = 0), run all
cells from the Run menu, wait until every cell ran. The browser is closed between visits; the
second visit reuses the profile.

    python benchmarks/lite_first_run.py                                  # chapter 5
    python benchmarks/lite_first_run.py --chapter 01_tensors_broadcasting --top 15
"""

from __future__ import annotations

import argparse
import collections
import tempfile
import threading
import time
from pathlib import Path

from booksite import ROOT, static_host

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>;127.0.0.1",
         "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]
PROMPTS = "[...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]"
FAILED = ("!!document.querySelector('.jp-OutputArea-output"
          "[data-mime-type=\"application/vnd.jupyter.stderr\"]')")


class CountingHandler(static_host.StaticHostHandler):
    """The static host, counting the body bytes it sends per path (as sent: compressed)."""

    lock = threading.Lock()
    sent: collections.Counter = collections.Counter()
    statuses: collections.Counter = collections.Counter()

    def copyfile(self, source, outputfile):
        data = source.read()
        with self.lock:
            self.sent[self.path.split("?", 1)[0]] += len(data)
        outputfile.write(data)

    def send_response(self, code, message=None):
        with self.lock:
            self.statuses[code] += 1
        super().send_response(code, message)


def visit(pw, profile: Path, url: str, chapter: str) -> dict:
    context = pw.chromium.launch_persistent_context(
        str(profile), executable_path=CHROMIUM, args=FLAGS, headless=True,
        viewport={"width": 1280, "height": 900})
    try:
        tab = context.new_page()
        tab.goto(f"{url}/book/{chapter}.html", wait_until="load")
        href = tab.locator("a", has_text="Run in your browser").evaluate("a => a.href")
        CountingHandler.sent.clear()
        CountingHandler.statuses.clear()
        clicked = time.monotonic()
        tab.goto(href)
        tab.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=180_000)
        shown = time.monotonic() - clicked
        tab.locator(".jp-Notebook .jp-Cell").first.click()
        tab.locator(".lm-MenuBar-item", has_text="Run").first.click()
        tab.locator(".lm-Menu-item:visible", has_text="Run All Cells").first.click()
        tab.wait_for_function(f"() => /\\[\\d+\\]/.test({PROMPTS}[0].textContent)",
                              timeout=300_000, polling=100)
        first = time.monotonic() - clicked
        tab.wait_for_function(f"() => {PROMPTS}.every(p => /\\[\\d+\\]/.test(p.textContent))"
                              f" || {FAILED}", timeout=400_000, polling=250)
        done = time.monotonic() - clicked
        if tab.evaluate(FAILED):
            raise RuntimeError(f"{chapter}: a cell failed in the browser")
        time.sleep(1)  # the last responses' bodies
        return {"shown": shown, "first": first, "done": done,
                "bytes": sum(CountingHandler.sent.values()), "sent": dict(CountingHandler.sent),
                "requests": sum(CountingHandler.statuses.values()),
                "304": CountingHandler.statuses[304]}
    finally:
        context.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", default=ROOT / "_build" / "html", type=Path)
    parser.add_argument("--chapter", default="05_information_theory")
    parser.add_argument("--top", type=int, default=0, help="list the N largest files of run 1")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    rows = []
    with (static_host.serve(args.site, CountingHandler) as url, sync_playwright() as pw,
          tempfile.TemporaryDirectory() as profile):
        for name in ("first run (cold)", "second visit (same profile, browser restarted)"):
            rows.append((name, visit(pw, Path(profile), url, args.chapter)))
    print(f"\n{args.chapter} in the in-browser book, served by {static_host.__file__}\n")
    print("| visit | notebook shown (s) | first executed cell (s) | all cells ran (s) "
          "| MB sent | responses | of them 304 |")
    print("|---|---|---|---|---|---|---|")
    for name, r in rows:
        print(f"| {name} | {r['shown']:.1f} | {r['first']:.1f} | {r['done']:.1f} "
              f"| {r['bytes'] / 1e6:.2f} | {r['requests']} | {r['304']} |")
    for name, r in rows[:1] + rows[1:] if args.top else []:
        print(f"\nlargest files, {name}:")
        for path, size in sorted(r["sent"].items(), key=lambda kv: -kv[1])[:args.top]:
            print(f"  {size / 1e6:7.3f} MB  {path}")


if __name__ == "__main__":
    main()
