"""Test tiers, and the fixtures of the slow end-to-end tests (the built book, a local web server,
a headless browser).

Two tiers:

* ``pytest`` runs the **fast tier**: unit, property and doctests of the helpers, the chapters'
  shape, and the demo sweep (every demo of every chapter driven to its extremes). A couple of
  minutes; run it after every edit.
* ``pytest --slow`` adds the **slow tier**: tests marked ``slow`` (the book build with warnings
  as errors and the built site in Chromium, the live notebooks in JupyterLab, the Binder check)
  and nbval's re-execution of every notebook. CI runs both.

The book is built once per test session, into a temporary folder, with warnings as errors.
``pytest --slow --built-site=_build/html`` reuses a build you already made (handy while writing
prose).
"""

from __future__ import annotations

import contextlib
import html
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import settings

# The site is served as static hosts serve it (text gzip-compressed): booksite.static_host.
from booksite.static_host import serve

ROOT = Path(__file__).resolve().parents[1]

# One hypothesis profile for every test file: no per-example deadline (the machines are shared and
# noisy), and derandomized, so a run is reproducible like every seeded generator in the book.
settings.register_profile("book", deadline=None, derandomize=True, print_blob=True)
settings.load_profile("book")
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def pytest_addoption(parser):
    parser.addoption("--slow", action="store_true", default=False,
                     help="also run the slow tier: book build, built site in Chromium, live "
                          "JupyterLab, Binder check, nbval on every notebook")
    parser.addoption("--built-site", default=None,
                     help="path of an already built _build/html to test instead of building")


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: the slow tier, run with --slow (and by CI)")


@pytest.hookimpl(tryfirst=True)  # before `-m slow` selects: nbval's items must carry the mark
def pytest_collection_modifyitems(config, items):
    """nbval's notebook items belong to the slow tier; without --slow the slow tier is
    deselected (not skipped: it is simply not part of the fast run)."""
    for item in items:
        if str(item.fspath).endswith(".ipynb"):
            item.add_marker(pytest.mark.slow)
    if config.getoption("--slow"):
        return
    slow = [item for item in items if item.get_closest_marker("slow")]
    if slow:
        config.hook.pytest_deselected(items=slow)
        items[:] = [item for item in items if not item.get_closest_marker("slow")]


@pytest.fixture(scope="session")
def book_build(request, tmp_path_factory):
    """Build the book (jupyter-book build . -W) and return (returncode, log, html folder)."""
    given = request.config.getoption("--built-site")
    if given:
        return 0, "", Path(given).resolve()
    out = tmp_path_factory.mktemp("book")
    jb = Path(sys.executable).with_name("jupyter-book")
    proc = subprocess.run([str(jb), "build", str(ROOT), "-W", "--keep-going",
                           "--path-output", str(out)],
                          cwd=ROOT, capture_output=True, text=True, timeout=1500)
    return proc.returncode, proc.stdout + proc.stderr, out / "_build" / "html"


@pytest.fixture(scope="session")
def site(book_build):
    returncode, log, html = book_build
    assert returncode == 0, f"the book build failed:\n{log[-6000:]}"
    return html




@contextlib.contextmanager
def chromium(profile: Path, extra_args: tuple[str, ...] = ()):
    """Debian's Chromium driven by Playwright (never a downloaded browser); yields a context."""
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (bash scripts/setup.sh --browser)")
    with sync_playwright() as pw:
        context = pw.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, args=CHROMIUM_FLAGS + list(extra_args),
            headless=True, viewport={"width": 1280, "height": 900})
        try:
            yield context
        finally:
            context.close()


#: In a JupyterLab page (local server or JupyterLite): the numbered prompts, and a JS expression
#: true once a cell shows an error output.
PROMPTS = "[...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]"
SHOWS_ERROR = ("!!document.querySelector('.jp-OutputArea-output"
               "[data-mime-type=\"application/vnd.jupyter.stderr\"]')")


def run_all_cells(tab) -> None:
    """Run every cell of the open notebook from JupyterLab's Run menu, as a reader would."""
    tab.locator(".jp-Notebook .jp-Cell").first.click()
    tab.locator(".lm-MenuBar-item", has_text="Run").first.click()
    tab.locator(".lm-Menu-item:visible", has_text="Run All Cells").first.click()


def wait_until_every_cell_ran(tab, name: str, failed: str = SHOWS_ERROR,
                              timeout: int = 240_000) -> None:
    """Wait until every code cell has an execution number, or ``failed`` (JS) becomes true."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        tab.wait_for_function(f"() => {PROMPTS}.every(p => /\\[\\d+\\]/.test(p.textContent))"
                              f" || {failed}", timeout=timeout)
    except PlaywrightTimeout:
        states = tab.evaluate(f"{PROMPTS}.map(p => p.textContent.trim())")
        raise AssertionError(f"{name}: not every cell ran: {states}") from None


#: what a reader must never see in a reader notebook's rendered text
MYST_SYNTAX = ("{glue", "{term}", "{eq}", "{cite", "{ref}", ":label:", ":class:", "```{",
               "solution-start", "(eq-")


def check_reader_text(tab, site: Path, name: str) -> int:
    """No MyST syntax in the rendered Markdown, and every number the website pastes into this
    chapter's prose (``span.pasted-text``) is in it."""
    page = (site / "book" / f"{name}.html").read_text(encoding="utf-8")
    pasted = [html.unescape(v) for v in re.findall(
        r'<span class="pasted-text">([^<]*)</span>', page)]
    def plain(t: str) -> str:  # the website's typography (Sphinx's smart quotes) set aside
        t = t.translate(str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'}))
        return " ".join(t.replace("—", "---").replace("–", "--").replace("…", "...").split())

    # JupyterLab renders a long notebook's Markdown cells a few at a time after it opens: read
    # again until every cell is rendered (or a minute has passed), then judge the text.
    deadline = time.monotonic() + 60
    while True:
        state = tab.evaluate("() => { const cells = [...document.querySelectorAll("
                             "'.jp-Notebook .jp-MarkdownCell')];"
                             " return {total: cells.length, rendered: cells.filter(c =>"
                             " c.querySelector('.jp-RenderedMarkdown')?.childElementCount).length,"
                             " text: cells.map(c => c.querySelector('.jp-RenderedMarkdown')"
                             "?.textContent ?? '').join('\\n')}; }")
        missing = [v for v in pasted if plain(v) not in plain(state["text"])]
        if not missing or time.monotonic() > deadline:
            break
        tab.wait_for_timeout(500)
    for syntax in MYST_SYNTAX:
        assert syntax not in state["text"], f"{name}: the notebook shows MyST syntax {syntax!r}"
    assert not missing, (f"{name}: numbers on the website missing from the notebook: {missing}"
                         f" ({state['rendered']} of {state['total']} Markdown cells rendered)")
    return len(pasted)


def check_solutions_folded(tab, name: str) -> None:
    """Every solution heading starts collapsed, the cells under it hidden until it is unfolded."""
    headings = tab.locator(".jp-MarkdownCell", has_text="Solution to Exercise")
    count = headings.count()
    assert count > 0, f"{name}: no solution headings"
    state = tab.evaluate("""() => {
        const cells = [...document.querySelectorAll('.jp-Notebook .jp-Cell')];
        const out = [];
        cells.forEach((cell, i) => {
            const h = cell.querySelector('.jp-RenderedMarkdown h4');
            if (!h || !h.textContent.startsWith('Solution to Exercise')) return;
            const next = cells[i + 1];
            out.push({title: h.textContent, cellVisible: !cell.classList.contains('lm-mod-hidden'),
                      nextHidden: !next || next.classList.contains('lm-mod-hidden')
                                  || next.offsetParent === null});
        });
        return out;
    }""")
    assert len(state) == count
    shown = [s["title"] for s in state if not (s["cellVisible"] and s["nextHidden"])]
    assert not shown, f"{name}: solutions not folded: {shown}"
    # a reader unfolds the first solution: the cells under it appear
    first = headings.first
    first.scroll_into_view_if_needed()
    first.hover()
    first.locator(".jp-collapseHeadingButton").click()
    tab.wait_for_function("""() => {
        const cells = [...document.querySelectorAll('.jp-Notebook .jp-Cell')];
        const i = cells.findIndex(c => (c.querySelector('.jp-RenderedMarkdown h4') || {})
                                        .textContent?.startsWith('Solution to Exercise'));
        return cells[i + 1] && cells[i + 1].offsetParent !== null;
    }""", timeout=10_000)


#: what a reader must never see in a notebook's rendered text
MYST_SYNTAX = ("{glue", "{term}", "{eq}", "{cite", "{ref}", ":label:", ":class:", "```{",
               "solution-start", "(eq-")


@pytest.fixture(scope="session")
def site_url(site):
    with serve(site) as url:
        yield url


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    with chromium(tmp_path_factory.mktemp("chromium-profile")) as context:
        yield context


#: Where the browser tests keep the figures they measure (printed as tables after the run).
REPORT_KEY = pytest.StashKey[dict]()


@pytest.fixture(scope="session")
def report(request) -> dict:
    """Tables of measured figures: ``report[title][page] = {column: value}``; printed at the end
    of the run (see the README)."""
    return request.config.stash.setdefault(REPORT_KEY, {})


def pytest_terminal_summary(terminalreporter, config):
    for title, rows in config.stash.get(REPORT_KEY, {}).items():
        if not rows:
            continue
        columns = sorted({k for row in rows.values() for k in row})
        terminalreporter.write_sep("-", title)
        terminalreporter.write_line("| page | " + " | ".join(columns) + " |")
        terminalreporter.write_line("|---" * (len(columns) + 1) + "|")
        for page, row in sorted(rows.items()):
            cells = [str(row.get(c, "")) for c in columns]
            terminalreporter.write_line(f"| {page} | " + " | ".join(cells) + " |")


@pytest.fixture(scope="session")
def artifacts():
    """Where tests leave screenshots for a person to look at (ignored by git)."""
    return artifacts_folder()


def artifacts_folder() -> Path:
    path = Path(os.environ.get("PYTEST_ARTIFACTS", ROOT / "_build" / "test-artifacts"))
    path.mkdir(parents=True, exist_ok=True)
    return path


def screenshot_failure(tab, name: str) -> None:
    """Keep what the browser showed when a test failed: ``<artifacts>/<name>-failure.png``."""
    tab.screenshot(path=str(artifacts_folder() / f"{name}-failure.png"), full_page=False)


@pytest.fixture(scope="session")
def axe_script():
    """axe-core from the npm registry (package.json's devDependencies), for the accessibility
    audit; ``bash scripts/setup.sh --dev`` installs it."""
    script = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    if not script.exists():
        pytest.fail(f"{script} is missing: run  bash scripts/setup.sh --dev")
    return script.read_text(encoding="utf-8")
