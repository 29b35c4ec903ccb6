"""The in-browser version of the book (JupyterLite, ``lite/`` on the built site), driven in Chromium.

Chromium is started with every host but 127.0.0.1 unreachable (all traffic to a dead proxy,
loopback excepted), and every request is recorded, workers' included. From a chapter page the
"Run in your browser" link opens the chapter in the lite app; all its cells run in Pyodide, one
demo's slider is moved by keyboard, and the test checks that the figure changed, that no cell
raised or wrote to stderr, and that nothing was requested from another host. It reports the time
from the click to the first executed cell, a slider update's latency, and the bytes transferred.

``pytest --slow tests/test_lite.py --built-site=_build/html`` runs it on a book already built.
"""

from __future__ import annotations

import re
import statistics
import time
from urllib.parse import urlparse

import pytest
from conftest import chromium, run_all_cells, screenshot_failure, wait_until_every_cell_ran
from playwright.sync_api import Error as PlaywrightError
from static_host import StaticHostHandler, serve

pytestmark = pytest.mark.slow
#: the chapter run in the browser: the reference chapter (CONTRIBUTING.md)
CHAPTER = "05_information_theory"
#: every host but loopback unreachable, whatever asks (page, web worker, service worker)
OFFLINE_FLAGS = ["--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>;127.0.0.1",
                 "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]


class _CountingHandler(StaticHostHandler):
    """The static host of scripts/static_host.py, counting the bytes it sends (as sent: compressed), and
    compressing WebAssembly too, as static hosts do (GitHub Pages, Netlify)."""

    COMPRESS = StaticHostHandler.COMPRESS + (".wasm",)
    sent: list[int] = []

    def copyfile(self, source, outputfile):
        data = source.read()
        self.sent.append(len(data))
        outputfile.write(data)


@pytest.fixture(scope="module")
def lite_url(site):
    if not (site / "lite" / "lab" / "index.html").exists():
        pytest.fail(f"{site}/lite is missing: the book build makes it (book/_ext/lite_site.py)")
    with serve(site, _CountingHandler) as url:
        yield url


@pytest.fixture(scope="module")
def offline_browser(tmp_path_factory):
    with chromium(tmp_path_factory.mktemp("chromium-lite-profile"), OFFLINE_FLAGS) as context:
        yield context


#: run in the chapter's kernel: one live update of the first demo (set its sliders, redraw by
#: blitting, encode PNG: what a slider move costs in Python), median over its website's values
KERNEL_LATENCY = """
import gc, itertools, statistics, time
from helpers.sliders import SliderDemo
_demo = next(o for o in gc.get_objects() if isinstance(o, SliderDemo))
_names, _grids = _demo.frame_grid()
_times = []
for _values in itertools.islice(itertools.product(*_grids), 40):
    _start = time.perf_counter()
    _demo.render(**dict(zip(_names, _values)))
    _times.append(time.perf_counter() - _start)
print(f"{statistics.median(_times) * 1e3:.1f}")
"""
def run_in_new_cell(tab, code: str) -> str:
    """Add a code cell at the end of the notebook, run it, return its text output."""
    tab.locator(".jp-Notebook .jp-Cell").last.click()
    tab.keyboard.press("Escape")
    tab.keyboard.press("b")  # a new cell below, in edit mode after Enter
    tab.keyboard.press("Enter")
    tab.locator(".jp-Notebook .jp-Cell").last.locator(".cm-content").fill(code)
    tab.keyboard.press("Control+Enter")  # run it and stay on it
    cell = tab.locator(".jp-Notebook .jp-CodeCell").last
    tab.wait_for_function(
        "c => /\\[\\d+\\]/.test(c.querySelector('.jp-InputArea-prompt').textContent)",
        arg=cell.element_handle(), timeout=120_000)
    return (cell.locator(".jp-OutputArea").text_content() or "").strip()


def unexpected_stderr(tab) -> list[str]:
    """Error and stderr outputs of the notebook (a raised exception renders as stderr)."""
    texts = tab.evaluate("[...document.querySelectorAll('.jp-OutputArea-output"
                         "[data-mime-type=\"application/vnd.jupyter.stderr\"]')]"
                         ".map(e => e.textContent)")
    return [t[:2000] for t in texts]


def test_chapter_runs_in_the_browser(offline_browser, lite_url, site, report):
    requests: list[str] = []
    offline_browser.on("request", lambda r: requests.append(r.url))
    tab = offline_browser.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page = f"{lite_url}/book/{CHAPTER}.html"
        tab.goto(page, wait_until="load")
        static_requests = list(requests)
        assert not [u for u in static_requests if "/lite/" in u], \
            "the static chapter page loaded something of the lite app"
        link = tab.locator("a", has_text="Run in your browser")
        assert link.count() == 1, "no 'Run in your browser' link on the chapter page"
        href = link.get_attribute("href")
        assert "lite/lab/index.html?path=" in href and href.endswith(f"{CHAPTER}.ipynb")
        _CountingHandler.sent.clear()
        clicked = time.monotonic()
        tab.goto(link.evaluate("a => a.href"))  # the link opens a new tab; follow it here
        tab.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=120_000)
        run_all_cells(tab)
        tab.wait_for_function(
            "() => /\\[\\d+\\]/.test(document.querySelector('.jp-CodeCell .jp-InputArea-prompt')"
            ".textContent)", timeout=180_000)
        first_cell = time.monotonic() - clicked
        failed = ("[...document.querySelectorAll('.jp-OutputArea-output[data-mime-type="
                  "\"application/vnd.jupyter.stderr\"]')].some(e => /Error|Traceback/.test(e.textContent))")
        wait_until_every_cell_ran(tab, CHAPTER, failed, timeout=300_000)
        all_cells = time.monotonic() - clicked
        assert unexpected_stderr(tab) == [], f"{CHAPTER}: a cell raised or wrote to stderr in Pyodide"
        first_run_bytes = sum(_CountingHandler.sent)
        # one live demo: move its first slider by keyboard, the figure must change
        demo = tab.locator(".helpers-demo-live").first
        demo.wait_for(timeout=30_000)
        demo.scroll_into_view_if_needed()
        image = demo.locator("img").first
        handle = demo.locator(".noUi-handle").first
        latencies = []
        for k in range(5):
            # by mouse: in this JupyterLab (4.4, JupyterLite 0.6) a focused slider handle does
            # not take arrow keys; a drag of a visible handle does what a reader's would
            handle.scroll_into_view_if_needed()
            box = handle.bounding_box()
            x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
            before = image.get_attribute("src")
            tab.mouse.move(x, y)
            tab.mouse.down()
            pressed = time.monotonic()
            tab.mouse.move(x + (25 if k % 2 == 0 else -15), y, steps=2)
            tab.mouse.up()
            tab.wait_for_function("([img, before]) => img.getAttribute('src') !== before",
                                  arg=[image.element_handle(), before], timeout=30_000)
            latencies.append(time.monotonic() - pressed)
            time.sleep(0.3)  # let the last value of the drag settle before the next one
        assert unexpected_stderr(tab) == [], f"{CHAPTER}: moving the slider wrote to stderr"
        in_kernel = run_in_new_cell(tab, KERNEL_LATENCY)
        assert re.fullmatch(r"\d+\.\d", in_kernel), f"in-kernel timing failed: {in_kernel}"
        foreign = [u for u in requests if urlparse(u).scheme in ("http", "https", "ws", "wss")
                   and urlparse(u).hostname != "127.0.0.1"]
        assert foreign == [], f"requests to other hosts: {sorted(set(foreign))[:20]}"
        assert errors == [], f"page errors: {errors}"
        report.setdefault("JupyterLite (in-browser) run", {})[CHAPTER] = {
            "click to first executed cell (s)": f"{first_cell:.1f}",
            "click to all cells run (s)": f"{all_cells:.1f}",
            "first-run bytes, gzip (MB)": f"{first_run_bytes / 1e6:.1f}",
            "slider move to new figure, median of 5 (ms)":
                f"{1000 * statistics.median(latencies):.0f}",
            "one live update in the kernel, median (ms)": in_kernel,
        }
    except (AssertionError, PlaywrightError):
        screenshot_failure(tab, f"lite-{CHAPTER}")
        raise
    finally:
        tab.close()
