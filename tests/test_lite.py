"""The in-browser version of the book (JupyterLite, ``lite/`` on the built site), driven in Chromium.

Chromium is started with every host but 127.0.0.1 unreachable (all traffic to a dead proxy,
loopback excepted), and every request is recorded, workers' included. From a chapter page the
"Run in your browser" link (through ``lite/open.html``) opens the chapter in the lite app; all its
cells run in Pyodide, one demo's slider is dragged, and the test checks that the figure changed,
that no cell raised or wrote to stderr, that nothing was requested from another host, and that
the launch tooltip's size is that of the run. It reports the time from the click to the first
executed cell, a slider update's latency, and the bytes transferred.

The other tests: a slider (chapter 5) and a dropdown (chapter 1) moved with the arrow keys while
the notebook stays put, and the arrow keys on a selected cell still moving between cells; a
chapter saved with an edit, then reopened from the link (the book's chapter opens, the reader's
copy is kept); the link followed from a page opened as a file (a message, not a blank page); and
every chapter read as the book before it runs (the reader notebook: no MyST syntax, every number of
the website's prose, solutions folded).

``pytest --slow tests/test_lite.py --built-site=_build/html`` runs it on a book already built.
"""

from __future__ import annotations

import re
import statistics
import time
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import (
    PROMPTS,
    check_reader_text,
    check_solutions_folded,
    chromium,
    run_all_cells,
    screenshot_failure,
    wait_until_every_cell_ran,
)
from playwright.sync_api import Error as PlaywrightError
from booksite.static_host import StaticHostHandler, serve

pytestmark = pytest.mark.slow
#: the chapter run in the browser: the reference chapter (CONTRIBUTING.md)
CHAPTER = "05_information_theory"
#: every host but loopback unreachable, whatever asks (page, web worker, service worker)
OFFLINE_FLAGS = ["--proxy-server=http://127.0.0.1:9", "--proxy-bypass-list=<-loopback>;127.0.0.1",
                 "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1"]


class _CountingHandler(StaticHostHandler):
    """The static host of booksite.static_host (text and WebAssembly gzip-compressed), counting
    the bytes it sends (as sent: compressed)."""

    sent: list[int] = []

    def copyfile(self, source, outputfile):
        data = source.read()
        self.sent.append(len(data))
        outputfile.write(data)


@pytest.fixture(scope="module")
def lite_url(site):
    if not (site / "lite" / "lab" / "index.html").exists():
        pytest.fail(f"{site}/lite is missing: the book build makes it (booksite/lite_site.py)")
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
def launch_tooltip_mb(tab) -> float:
    """The size the launch link's tooltip announces ("about N MB on first use")."""
    tooltip = tab.evaluate("""() => {
        const link = [...document.querySelectorAll('a')]
            .find(a => a.textContent.includes('Run in your browser'));
        const holder = link.closest('[title], [data-bs-original-title]') || link;
        return holder.getAttribute('title') || holder.getAttribute('data-bs-original-title')
            || link.getAttribute('title') || '';
    }""")
    found = re.search(r"about (\d+(?:\.\d+)?) MB", tooltip)
    assert found, f"no 'about N MB' in the launch tooltip: {tooltip!r}"
    return float(found.group(1))


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
        assert "lite/open.html?path=" in href and href.endswith(f"{CHAPTER}.ipynb")
        tooltip_mb = launch_tooltip_mb(tab)
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
        # one live demo: drag its first slider with the mouse, the figure must change
        demo = tab.locator(".helpers-demo-live").first
        demo.wait_for(timeout=30_000)
        demo.scroll_into_view_if_needed()
        image = demo.locator("img").first
        handle = demo.locator(".noUi-handle").first
        latencies = []
        for k in range(5):
            # by mouse, as a reader drags (the keyboard has its own test below)
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
        # the launch tooltip's figure (computed by the build) is what a first run downloads
        assert abs(first_run_bytes / 1e6 - tooltip_mb) <= 0.2 * tooltip_mb, \
            f"the tooltip says about {tooltip_mb} MB; the first run sent {first_run_bytes / 1e6:.1f} MB"
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


def open_from_launch_link(context, lite_url: str, chapter: str):
    """A new tab: the chapter page, then its "Run in your browser" link (through lite/open.html)
    to the notebook in the lite app."""
    tab = context.new_page()
    tab.goto(f"{lite_url}/book/{chapter}.html", wait_until="load")
    tab.goto(tab.locator("a", has_text="Run in your browser").evaluate("a => a.href"))
    notebook, notice = tab.locator(".jp-Notebook .jp-Cell").first, tab.locator("#open-chapter")
    notebook.or_(notice).wait_for(timeout=180_000)
    if notice.is_visible():  # an earlier test's notebook was autosaved with an edit: kept aside
        notice.click()
        notebook.wait_for(timeout=180_000)
    return tab


CHAPTERS = sorted(p.stem for p in (Path(__file__).resolve().parents[1] / "book")
                  .glob("[0-9][0-9]_*.ipynb"))


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_reads_as_the_book(offline_browser, lite_url, site, chapter):
    """Opened from its page, each chapter is the reader notebook: no MyST syntax in its rendered
    text, every number the website's page shows in its prose, each solution folded."""
    tab = open_from_launch_link(offline_browser, lite_url, chapter)
    try:
        tab.wait_for_function("() => document.querySelectorAll('.jp-MarkdownCell "
                              ".jp-RenderedMarkdown').length > 10", timeout=60_000)
        pasted = check_reader_text(tab, site, chapter)
        check_solutions_folded(tab, chapter)
        print(f"{chapter}: {pasted} glued numbers in the prose, solutions folded")
    except (AssertionError, PlaywrightError):
        screenshot_failure(tab, f"lite-read-{chapter}")
        raise
    finally:
        tab.close()


#: The notebook's state that a key meant for a demo must not change: the active cell, the cells
#: hidden by a collapsed heading, where the active cell is on the screen, and what has focus.
NOTEBOOK_STATE = """() => {
    const cells = [...document.querySelectorAll('.jp-Notebook .jp-Notebook-cell')];
    const active = cells.findIndex(c => c.classList.contains('jp-mod-active'));
    const focus = document.activeElement;
    return {active, cells: cells.length,
            hidden: cells.filter(c => c.classList.contains('lm-mod-hidden')
                                      || c.closest('.lm-mod-hidden')).length,
            top: active < 0 ? null : Math.round(cells[active].getBoundingClientRect().top),
            focusInDemo: !!(focus && focus.closest('.helpers-demo-live')),
            focusIsCell: !!(focus && focus.classList.contains('jp-Notebook-cell'))};
}"""


def press_and_wait_for_new_figure(tab, control, image, key: str) -> dict:
    """Press ``key`` on a demo's focused control; the figure must change and the notebook stay."""
    before = image.get_attribute("src")
    state = tab.evaluate(NOTEBOOK_STATE)
    assert state["focusInDemo"], "the demo's control did not take the focus"
    tab.keyboard.press(key)
    tab.wait_for_function("([img, before]) => img.getAttribute('src') !== before",
                          arg=[image.element_handle(), before], timeout=30_000)
    after = tab.evaluate(NOTEBOOK_STATE)
    # (the solutions' cells are hidden under their collapsed headings from the start)
    assert after["hidden"] == state["hidden"], \
        f"{key} on a demo control hid {after['hidden'] - state['hidden']} cells"
    assert after["active"] == state["active"], \
        f"{key} on a demo control moved the active cell from {state['active']} to {after['active']}"
    assert abs(after["top"] - state["top"]) <= 2, f"{key} on a demo control scrolled the notebook"
    assert after["focusInDemo"], f"{key} took the focus away from the demo"
    assert control.evaluate("e => e === document.activeElement"), "the control lost the focus"
    return after


@pytest.mark.parametrize("chapter, control", [
    ("01_tensors_broadcasting", "select"),  # chapter 1's demo: two dropdowns
    ("05_information_theory", ".noUi-handle"),  # chapter 5's: sliders
])
def test_demo_controls_move_by_keyboard(offline_browser, lite_url, chapter, control):
    """Arrow keys on a focused slider handle or dropdown move it and redraw the figure; the
    notebook's own arrow keys (next cell, next heading, collapse a section) do not fire; and
    on a selected cell, outside any widget, ArrowDown and ArrowUp still move between cells."""
    tab = open_from_launch_link(offline_browser, lite_url, chapter)
    try:
        run_all_cells(tab)
        wait_until_every_cell_ran(tab, chapter, timeout=300_000)
        demo = tab.locator(".helpers-demo-live").first
        demo.wait_for(timeout=30_000)
        demo.scroll_into_view_if_needed()
        image = demo.locator("img").first
        widget = demo.locator(control).first
        widget.focus()  # as Tab would
        if control == "select":
            values = [widget.input_value()]
            for key in ("ArrowDown", "ArrowUp"):
                press_and_wait_for_new_figure(tab, widget, image, key)
                values.append(widget.input_value())
            assert values[1] != values[0] and values[2] == values[0], \
                f"ArrowDown, ArrowUp on the dropdown gave the values {values}"
        else:
            readout = demo.locator(".widget-readout").first
            values = [readout.text_content()]
            for key in ("ArrowRight", "ArrowLeft", "ArrowUp", "ArrowDown"):
                press_and_wait_for_new_figure(tab, widget, image, key)
                values.append(readout.text_content())
            assert float(values[1]) > float(values[0]) and values[2] == values[0], \
                f"ArrowRight, ArrowLeft on the slider gave the values {values}"
        # outside the widgets, the arrow keys move between cells as in any JupyterLab
        cells = tab.locator(".jp-Notebook .jp-Notebook-cell")
        cells.nth(2).locator(".jp-InputPrompt").first.click()
        tab.keyboard.press("Escape")
        start = tab.evaluate(NOTEBOOK_STATE)
        assert start["active"] == 2 and start["focusIsCell"], f"cell 2 not selected: {start}"
        # (to the next cell a reader can see: JupyterLab steps over a cell whose input is
        # folded, as the reader notebooks fold the website's hidden-input cells)
        tab.keyboard.press("ArrowDown")
        tab.wait_for_function(f"() => ({NOTEBOOK_STATE})().active > 2", timeout=10_000)
        tab.keyboard.press("ArrowUp")
        tab.wait_for_function(f"() => ({NOTEBOOK_STATE})().active === 2", timeout=10_000)
        assert tab.evaluate(NOTEBOOK_STATE)["focusIsCell"]
        assert unexpected_stderr(tab) == [], f"{chapter}: a cell or a key wrote to stderr"
    except (AssertionError, PlaywrightError):
        screenshot_failure(tab, f"lite-keyboard-{chapter}")
        raise
    finally:
        tab.close()


NOTE = "# my note: this line is the reader's own"


def test_saved_copy_is_kept_and_the_current_chapter_opens(offline_browser, lite_url):
    """A reader runs a cell, adds a note and saves (JupyterLite keeps it in the browser's
    IndexedDB). "Run in your browser" again: lite/open.html says that the copy is kept under
    another name; the book's chapter opens as on the site (no outputs, no note); the copy, in
    the file list, opens with the reader's note and outputs."""
    tab = open_from_launch_link(offline_browser, lite_url, CHAPTER)
    try:
        tab.locator(".jp-Notebook .jp-CodeCell").first.locator(".jp-InputPrompt").first.click()
        for _ in range(12):  # run cells from the first code cell on, until one prints something
            cell = tab.locator(".jp-Notebook .jp-Notebook-cell.jp-mod-active").element_handle()
            is_code = "jp-CodeCell" in (cell.get_attribute("class") or "")
            tab.keyboard.press("Shift+Enter")
            if is_code:
                tab.wait_for_function(
                    "c => /\\[\\d+\\]/.test(c.querySelector('.jp-InputArea-prompt').textContent)",
                    arg=cell, timeout=240_000)
            if tab.locator(".jp-OutputArea-output").count():
                break
        tab.keyboard.press("Escape")
        tab.keyboard.press("a")  # a new cell above the active one
        tab.keyboard.press("Enter")
        tab.keyboard.type(NOTE)
        tab.keyboard.press("Escape")
        tab.keyboard.press("Control+s")
        tab.wait_for_function(
            "() => !document.querySelector('.jp-mod-current.jp-mod-dirty, .jp-mod-dirty')",
            timeout=30_000)
        assert tab.locator(".jp-OutputArea-output").count() > 0
    finally:
        tab.close()
    tab = offline_browser.new_page()
    try:
        tab.goto(f"{lite_url}/book/{CHAPTER}.html", wait_until="load")
        tab.goto(tab.locator("a", has_text="Run in your browser").evaluate("a => a.href"))
        notice = tab.locator("#message")
        notice.get_by_text("You saved this chapter in your browser before").wait_for(
            timeout=30_000)
        copy_name = notice.locator("strong").first.text_content()
        assert re.fullmatch(rf"{CHAPTER} \(your copy, saved \d{{4}}-\d\d-\d\d \d\d\.\d\d\)"
                            r"\.ipynb", copy_name), copy_name
        copy_href = tab.locator("#open-copy").evaluate("a => a.href")
        assert tab.evaluate("() => document.activeElement.id") == "open-chapter"
        tab.keyboard.press("Enter")  # the default: the book's chapter
        tab.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=180_000)
        tab.wait_for_function("() => document.querySelectorAll('.jp-CodeCell').length > 10")
        assert tab.locator(".jp-Notebook .jp-OutputArea-output").count() == 0, \
            "the book's chapter opened with the saved copy's outputs"
        assert NOTE not in tab.locator(".jp-Notebook").inner_text()
        prompts = tab.evaluate(f"{PROMPTS}.map(p => p.textContent.trim())")
        assert not any(re.search(r"\d", p) for p in prompts), f"stale prompts: {prompts[:5]}"
        listing = tab.locator(".jp-DirListing-item", has_text=copy_name.removesuffix(".ipynb"))
        listing.first.wait_for(timeout=30_000)
        assert listing.count() == 1
        # the reader's copy, from the notice's other link: the note and the outputs are there
        tab.goto(copy_href)
        tab.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=180_000)
        tab.get_by_text(NOTE).first.wait_for(timeout=30_000)
        assert tab.locator(".jp-Notebook .jp-OutputArea-output").count() > 0
        assert copy_name in tab.locator("#jp-main-dock-panel .lm-TabBar-tab.lm-mod-current"
                                        " .lm-TabBar-tabLabel").first.inner_text()
        # once the copy is kept, the launch link goes straight to the book's chapter
        tab.goto(f"{lite_url}/book/{CHAPTER}.html", wait_until="load")
        tab.goto(tab.locator("a", has_text="Run in your browser").evaluate("a => a.href"))
        tab.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=180_000)
        assert "/lab/" in tab.url
    except (AssertionError, PlaywrightError):
        screenshot_failure(tab, "lite-saved-copy")
        raise
    finally:
        tab.close()


def test_from_a_file_the_launch_link_explains(offline_browser, site):
    """A chapter page opened from file:// works, but the lite app cannot (the browser blocks
    its scripts): the launch link's page says so and gives the commands that serve the site."""
    tab = offline_browser.new_page()
    try:
        tab.goto((site / "book" / f"{CHAPTER}.html").as_uri(), wait_until="load")
        href = tab.locator("a", has_text="Run in your browser").evaluate("a => a.href")
        assert href.startswith("file://") and "/lite/open.html?path=" in href
        tab.goto(href, wait_until="load")
        text = tab.locator("main").inner_text(timeout=10_000)
        assert "needs the site served over http(s)" in text
        assert "python -m http.server -d _build/html" in text
        assert "python scripts/static_host.py _build/html" in text
        assert f"http://localhost:8000/book/{CHAPTER}.html" in text
        back = tab.locator("a", has_text="Back to the chapter")
        assert back.evaluate("a => a.href") == (site / "book" / f"{CHAPTER}.html").as_uri()
    except (AssertionError, PlaywrightError):
        screenshot_failure(tab, "lite-from-file")
        raise
    finally:
        tab.close()
