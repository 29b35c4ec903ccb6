"""The reader notebooks run for real in JupyterLab, driven in Chromium as a reader would drive them.

A JupyterLab server (from requirements.txt) starts on 127.0.0.1 with a token, on the reader
notebooks the book build wrote (``notebooks/`` of the built site: what Binder, the downloads and
the in-browser book give readers). Each chapter is opened and, before anything runs, its rendered
text is read as a reader sees it: no MyST role or directive syntax anywhere, every number the
website's page pastes into its prose present, every exercise's solution folded until its heading
is unfolded. Then all cells are run from the Run menu, and the test checks that no cell shows an
error, that every demo the chapter declares renders as a live widget, and that moving each of its
controls with the keyboard redraws the figure. Kernels and the server are shut down at the end,
also when a check fails. Chapters and demos are found by themselves: nothing here names a chapter.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import psutil
import pytest
from conftest import (
    artifacts_folder,
    check_reader_text,
    check_solutions_folded,
    run_all_cells,
    screenshot_failure,
    wait_until_every_cell_ran,
)
from helpers.sliders import STATIC_ENV
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow
NOTEBOOKS = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))


def declared_demos(notebook: Path) -> int:
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    return sum("".join(c["source"]).count("helpers.demo(") for c in cells if c["cell_type"] == "code")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def api(url: str, token: str, path: str, method: str = "GET"):
    request = urllib.request.Request(f"{url}{path}", method=method,
                                     headers={"Authorization": f"token {token}"})
    with urllib.request.urlopen(request, timeout=10) as response:
        body = response.read()
    return json.loads(body) if body else None


@pytest.fixture(scope="module")
def lab(tmp_path_factory, site):
    """A JupyterLab server on loopback; yields (url, token); stops it and its kernels after."""
    tmp = tmp_path_factory.mktemp("lab")
    settings = tmp / "settings" / "@jupyterlab"
    for plugin, values in {
        # render every cell (no windowing), so every widget is in the page
        "notebook-extension/tracker": {"windowingMode": "none"},
        # no news or update checks: nothing but this server is contacted
        "apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    }.items():
        path = settings / f"{plugin}.jupyterlab-settings"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(values))
    # the server works on copies of the reader notebooks (JupyterLab saves what it runs)
    workdir = tmp / "root" / "book"
    workdir.mkdir(parents=True)
    for notebook in NOTEBOOKS:
        shutil.copy(site / "notebooks" / notebook.name, workdir / notebook.name)
    token, port = secrets.token_hex(16), free_port()
    env = {k: v for k, v in os.environ.items() if k != STATIC_ENV}
    env.update(JUPYTER_CONFIG_DIR=str(tmp / "config"), JUPYTER_RUNTIME_DIR=str(tmp / "runtime"))
    log = open(tmp / "server.log", "w")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--ServerApp.ip=127.0.0.1",
         f"--ServerApp.port={port}", f"--IdentityProvider.token={token}",
         f"--ServerApp.root_dir={workdir.parent}", f"--LabApp.user_settings_dir={tmp / 'settings'}",
         f"--LabApp.workspaces_dir={tmp / 'workspaces'}",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
         "--LabApp.news_url=None", "--LabApp.extension_manager=readonly"]
        + (["--allow-root"] if os.geteuid() == 0 else []),
        env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                api(url, token, "/api/status")
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError((tmp / "server.log").read_text()[-3000:])
                time.sleep(0.5)
        yield url, token
    finally:
        spawned = psutil.Process(server.pid).children(recursive=True) if server.poll() is None else []
        try:
            for kernel in api(url, token, "/api/kernels"):
                api(url, token, f"/api/kernels/{kernel['id']}", method="DELETE")
        except OSError:
            pass
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        _, alive = psutil.wait_procs(spawned, timeout=10)
        for proc in alive:
            proc.kill()
        log.close()
        assert not alive, f"processes left running after the server stopped: {alive}"


def changed(tab, image, before: str, timeout: int = 15_000, fail: bool = True) -> bool:
    """Wait until the demo's image shows a new frame."""
    try:
        tab.wait_for_function("([img, before]) => img.getAttribute('src') !== before",
                              arg=[image.element_handle(), before], timeout=timeout)
        return True
    except PlaywrightTimeout:
        if fail:
            raise AssertionError("moving the control did not change the figure")
        return False


def read_as_a_reader(tab, site: Path, notebook: Path) -> None:
    """Before anything runs: the notebook reads as the book (see the module's docstring)."""
    check_reader_text(tab, site, notebook.stem)
    tab.screenshot(path=str(artifacts_folder() / f"jupyterlab-{notebook.stem}-top.png"))
    check_solutions_folded(tab, notebook.stem)
    # the first exercise and its unfolded solution, as a reader sees them
    tab.screenshot(path=str(artifacts_folder() / f"jupyterlab-{notebook.stem}-exercise.png"))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_live_in_jupyterlab(browser, lab, site, notebook):
    url, token = lab
    tab = browser.new_page()
    try:
        started = time.monotonic()
        tab.goto(f"{url}/lab/tree/book/{notebook.name}?token={token}&reset")
        tab.locator(".jp-Notebook .jp-Cell").first.wait_for(timeout=60_000)
        # wait until the kernel is ready before running, as a reader would
        tab.wait_for_function(
            "() => document.querySelector('.jp-Notebook-ExecutionIndicator[data-status=\"idle\"]')",
            timeout=60_000)
        tab.wait_for_function(  # the notebook's session has its kernel, as the toolbar shows
            "() => { const k = document.querySelector('.jp-KernelName, "
            ".jp-Toolbar-kernelName'); return k && /python/i.test(k.textContent); }", timeout=60_000)
        read_as_a_reader(tab, site, notebook)
        run_all_cells(tab)
        prompts = tab.locator(".jp-CodeCell .jp-InputArea-prompt")
        wait_until_every_cell_ran(tab, notebook.name)
        assert prompts.count() > 0
        errors = tab.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
        assert errors.count() == 0, f"{notebook.name}: a cell shows an error: " \
                                    f"{errors.first.text_content()[:1500]}"
        demos = tab.locator(".helpers-demo-live")
        expected = declared_demos(notebook)
        demos.nth(expected - 1).wait_for(timeout=30_000)
        assert demos.count() == expected, f"{notebook.name}: {demos.count()} live demos of {expected}"
        for d in range(expected):
            demo = demos.nth(d)
            demo.scroll_into_view_if_needed()
            image = demo.locator("img").first
            controls = demo.locator(".noUi-handle, select")
            assert controls.count() >= 1
            for k in range(controls.count()):
                control = controls.nth(k)
                before = image.get_attribute("src")
                if control.evaluate("e => e.tagName") == "SELECT":
                    options = control.locator("option")
                    current = control.evaluate("e => e.selectedIndex")
                    control.select_option(index=(current + 1) % options.count())
                    changed(tab, image, before)
                else:
                    # a reader nudges the slider a step or a few (one step may not change
                    # what is drawn, e.g. when a count is rounded), watching the figure
                    control.focus()
                    at_max = control.get_attribute("aria-valuenow") == control.get_attribute("aria-valuemax")
                    for _ in range(5):
                        tab.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
                        if changed(tab, image, before, timeout=3_000, fail=False):
                            break
                    else:
                        changed(tab, image, before)
        print(f"{notebook.name}: opened, ran and moved every control in "
              f"{time.monotonic() - started:.1f} s")
    except (AssertionError, PlaywrightError):
        screenshot_failure(tab, f"live-{notebook.stem}")
        raise
    finally:
        tab.close()
