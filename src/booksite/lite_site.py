"""The in-browser version of the book: a JupyterLite site built with the book, under ``lite/``.

Called by ``book_build.setup``. Once every page is read and numbered and before any is written
(``write-started``, after ``reader_notebooks`` has written the reader notebooks), it

1. takes the verified Pyodide runtime, package files and wheels that ``booksite.fetch_lite``
   cached outside git (and stops with that script's clear message if anything is missing or a
   hash differs);
2. builds this repository's ``helpers`` as a wheel (pip and setuptools, from pyproject.toml:
   ``helpers`` alone, as readers install it) and adds it, with ipywidgets,
   comm and jupyterlab_widgets, to the trimmed ``pyodide-lock.json``: ``import helpers`` in a
   chapter then loads helpers, numpy, matplotlib and ipywidgets from the site by itself (the
   kernel loads the packages a cell imports), so the notebooks run unchanged;
3. runs ``jupyter lite build`` (JupyterLab app only, no source maps) with the reader notebooks
   (``reader_notebooks``: the chapters as readers run them) as contents,
   the Pyodide kernel pointed at ``./static/pyodide/`` and PyPI fall-back disabled: the lite app
   fetches nothing from any other host;
4. adds a "Run in your browser" entry to each chapter page's launch menu (next to Binder), with
   the size of a first run measured in step 3 (``FIRST_RUN_MB``) in its tooltip: a plain link,
   so a static page loads nothing of the lite app until the reader follows it. It leads to
   ``lite/open.html`` (``write_open_page``), which opens the book's current chapter in the app,
   keeping under another name a copy the reader saved in this browser, and which explains, on a
   page opened from a file, that the in-browser book needs the site served over http(s);
5. lets the arrow keys move a live demo's sliders and dropdowns (``arrow_shortcuts``), and
   leaves out the kernel start-up packages no chapter uses (``UNUSED_KERNEL_PACKAGES``).
"""

from __future__ import annotations

import base64
import csv
import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from sphinx.application import Sphinx

from . import ROOT, fetch_lite, helpers_dependencies, normalize, reader_notebooks
from . import static_host

SUBDIR = "lite"
#: the entry point of a chapter in the lite app (relative to the lite site)
APP_PATH = "lab/index.html"
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"

#: Wheel timestamps (SOURCE_DATE_EPOCH, 2026-01-01): the same sources give the same wheel.
WHEEL_EPOCH = "1767225600"


def helpers_wheel(dest: Path) -> Path:
    """The wheel readers install: ``pip wheel . --no-deps --no-build-isolation``, that is the
    project's own backend (setuptools) and metadata (pyproject.toml), so it holds ``helpers``
    and nothing else. Built from a fresh copy of ``pyproject.toml`` and ``src/helpers``: setuptools
    keeps a ``build/`` folder between runs, from which a deleted module would reappear."""
    with tempfile.TemporaryDirectory(prefix="helpers-wheel.") as tmp:
        tree = Path(tmp) / "project"
        shutil.copytree(ROOT / "src" / "helpers", tree / "src" / "helpers",
                        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
        shutil.copy2(ROOT / "pyproject.toml", tree / "pyproject.toml")
        out = Path(tmp) / "dist"
        result = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation",
             "--wheel-dir", str(out), str(tree)],
            capture_output=True, text=True, env=dict(os.environ, SOURCE_DATE_EPOCH=WHEEL_EPOCH))
        wheels = sorted(out.glob("*.whl"))
        if result.returncode != 0 or len(wheels) != 1:
            raise RuntimeError(f"pip could not build the helpers wheel:\n{result.stderr[-3000:]}")
        dest.mkdir(parents=True, exist_ok=True)
        return Path(shutil.copy2(wheels[0], dest / wheels[0].name))


def pure_wheel(dest: Path, name: str, version: str, files: dict[str, bytes],
               top_level: str) -> Path:
    """A pure-Python wheel of ``files`` (built here: no build backend, no network): the two
    stand-in packages of the in-browser book, which have no source tree (``matplotlib``'s font
    list, the unused kernel packages)."""
    dist = name.replace("-", "_")
    info = f"{dist}-{version}.dist-info"
    files = dict(files)
    files[f"{info}/METADATA"] = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n".encode()
    files[f"{info}/WHEEL"] = (b"Wheel-Version: 1.0\nGenerator: book_build\n"
                              b"Root-Is-Purelib: true\nTag: py3-none-any\n")
    files[f"{info}/top_level.txt"] = f"{top_level}\n".encode()
    record = io.StringIO()
    writer = csv.writer(record, lineterminator="\n")
    for path, data in files.items():
        digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
        writer.writerow([path, f"sha256={digest}", len(data)])
    writer.writerow([f"{info}/RECORD", "", ""])
    files[f"{info}/RECORD"] = record.getvalue().encode()
    wheel = dest / f"{dist}-{version}-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w", zipfile.ZIP_DEFLATED) as z:
        for path, data in files.items():
            z.writestr(zipfile.ZipInfo(path, (2026, 1, 1, 0, 0, 0)), data)
    return wheel


#: Pyodide 0.27.7's matplotlib 3.8.4 ships a font list of another version (390, it wants 330), so
#: every kernel rebuilds it and prints "Matplotlib is building the font cache" to stderr in the
#: first cell that plots. The build makes the right one with Pyodide itself, in Node.js.
FONTLIST_SCRIPT = """
import { loadPyodide } from "%(pyodide)s/pyodide.mjs";
const py = await loadPyodide({ indexURL: "%(pyodide)s/" });
await py.loadPackage(["matplotlib"], { messageCallback: () => {} });
py.runPython(`
import logging
logging.getLogger("matplotlib").setLevel(logging.ERROR)
import matplotlib.font_manager as fm
fm.json_dump(fm.FontManager(), "/tmp/fontlist.json")
`);
process.stdout.write(py.FS.readFile("/tmp/fontlist.json", { encoding: "utf8" }));
"""


def matplotlib_fontlist(pyodide: Path, work: Path) -> bytes:
    script = work / "fontlist.mjs"
    script.write_text(FONTLIST_SCRIPT % {"pyodide": pyodide.resolve().as_posix()})
    result = subprocess.run(["node", str(script)], capture_output=True, timeout=600)
    if result.returncode != 0 or not result.stdout.startswith(b"{"):
        raise RuntimeError("making matplotlib's font list with Pyodide in Node.js failed:\n"
                           + result.stderr.decode(errors="replace")[-3000:])
    return result.stdout


def lock_entry(wheel: Path, name: str, imports: list[str], depends: list[str]) -> dict:
    version = wheel.name.split("-")[1]
    return {"name": name, "version": version, "file_name": wheel.name, "install_dir": "site",
            "sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(), "package_type": "package",
            "imports": imports, "depends": depends, "unvendored_tests": False,
            "shared_library": False}


#: JupyterLab 4.4's command-mode arrow keys (notebook-extension's defaults): their selector
#: matches *any* focused element inside the notebook, so a focused slider handle or dropdown of a
#: live demo never gets its arrow keys: ArrowRight jumps to the next heading, ArrowLeft collapses
#: the section that holds the demo, ArrowDown moves to the next cell.
COMMAND_MODE_FOCUS = ".jp-Notebook.jp-mod-commandMode:not(.jp-mod-readWrite) :focus"
ARROW_SHORTCUTS = {
    "ArrowUp": "notebook:move-cursor-up",
    "ArrowDown": "notebook:move-cursor-down",
    "ArrowLeft": "notebook:move-cursor-heading-above-or-collapse",
    "ArrowRight": "notebook:move-cursor-heading-below-or-expand",
    "Shift ArrowUp": "notebook:extend-marked-cells-above",
    "Shift ArrowDown": "notebook:extend-marked-cells-below",
}
#: Where the focus is when those keys should move between cells: in command mode JupyterLab 4.4
#: focuses the active cell's node (``focusActiveCell``), or the notebook's own node; an element
#: inside a cell's output (a widget) keeps its focus and its keys.
CELL_NAVIGATION_FOCUS = (".jp-Notebook.jp-mod-commandMode:not(.jp-mod-readWrite) "
                         ".jp-Notebook-cell:focus",
                         ".jp-Notebook.jp-mod-commandMode:not(.jp-mod-readWrite):focus")


def arrow_shortcuts() -> list[dict]:
    """The default arrow-key bindings disabled, and the same commands bound again for a focused
    cell or notebook only (a user setting with ``disabled`` removes the default it repeats)."""
    shortcuts = []
    for keys, command in ARROW_SHORTCUTS.items():
        shortcuts.append({"command": command, "keys": [keys], "selector": COMMAND_MODE_FOCUS,
                          "disabled": True})
        shortcuts += [{"command": command, "keys": [keys], "selector": selector}
                      for selector in CELL_NAVIGATION_FOCUS]
    return shortcuts


#: Pyodide packages that jupyterlite-pyodide-kernel installs whenever a kernel starts (its
#: ``initKernel`` lists ``ssl, sqlite3, ipykernel, comm, pyodide_kernel, jedi, ipython``) but no
#: chapter uses, replaced by an empty package of the same name, with what only they depend on
#: left out: ssl and OpenSSL, 2.1 MB of a first run. The others stay: IPython imports sqlite3
#: (its history), pygments (its inspector) and prompt_toolkit (``IPython.terminal``) when it is
#: imported, and the kernel turns jedi on for completion (Tab would fail without it).
UNUSED_KERNEL_PACKAGES = {"ssl": ["openssl"]}


def stub_unused_kernel_packages(lock: dict, pyodide: Path) -> None:
    packages = lock["packages"]
    for name, only_theirs in UNUSED_KERNEL_PACKAGES.items():
        for dropped in [name, *only_theirs]:
            others = [n for n, e in packages.items() if dropped in e["depends"]
                      and n not in (name, *only_theirs)]
            if others:
                raise RuntimeError(f"{dropped} is needed by {others}: it cannot be left out")
            (pyodide / packages[dropped]["file_name"]).unlink()
            if dropped != name:
                del packages[dropped]
        stub = pure_wheel(pyodide, f"{name}-unused-in-the-book", "0.0.0", {}, name)
        packages[name] = dict(lock_entry(stub, name, [], []), version="0.0.0")


def helpers_lock_depends(lock: dict) -> list[str]:
    """What the lock entry of ``helpers`` depends on: its dependencies in pyproject.toml (each must
    be a package of the lock: Pyodide's own or a wheel of ``fetch_lite.WHEELS``), and the font
    list that goes with Pyodide's matplotlib."""
    depends = [normalize(name) for name in helpers_dependencies()]
    missing = [name for name in depends if name not in lock["packages"]]
    if missing:
        raise RuntimeError(f"helpers depends on {missing} (pyproject.toml), which the in-browser "
                           "book does not ship: add them to fetch_lite.ROOTS or WHEELS")
    return [*depends, "matplotlib-fontlist-lite"]


def prepare_lite_dir(work: Path, chapters: list[Path]) -> tuple[Path, Path]:
    cached = fetch_lite.check_site()
    lite_dir, contents = work / "lite_dir", work / "contents"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    pyodide = lite_dir / "static" / "pyodide"
    shutil.copytree(cached / "static" / "pyodide", pyodide)
    lock_path = pyodide / "pyodide-lock.json"
    lock = json.loads(lock_path.read_text())
    # pure-Python wheels the chapters need beyond Pyodide's distribution, loaded like its own
    extra = {}
    for wheel in sorted((cached / "pypi").glob("*.whl")):
        shutil.copy2(wheel, pyodide / wheel.name)
        extra[wheel.name.split("-")[0].lower().replace("_", "-")] = pyodide / wheel.name
    lock["packages"]["comm"] = lock_entry(extra["comm"], "comm", ["comm"], [])
    lock["packages"]["jupyterlab-widgets"] = lock_entry(
        extra["jupyterlab-widgets"], "jupyterlab-widgets", ["jupyterlab_widgets"], [])
    lock["packages"]["ipywidgets"] = lock_entry(
        extra["ipywidgets"], "ipywidgets", ["ipywidgets"],
        ["comm", "ipython", "traitlets", "jupyterlab-widgets"])
    wheel = helpers_wheel(pyodide)
    fontlist = pure_wheel(pyodide, "matplotlib-fontlist-lite",
                          lock["packages"]["matplotlib"]["version"],  # Pyodide's, e.g. 3.8.4
                          {"matplotlib/fontlist.json": matplotlib_fontlist(pyodide, work)},
                          "matplotlib")
    lock["packages"]["matplotlib-fontlist-lite"] = lock_entry(
        fontlist, "matplotlib-fontlist-lite", [], ["matplotlib"])
    lock["packages"]["dl-math-book-helpers"] = lock_entry(
        wheel, "dl-math-book-helpers", ["helpers"], helpers_lock_depends(lock))
    stub_unused_kernel_packages(lock, pyodide)
    lock_path.write_text(json.dumps(lock, indent=1))
    (lite_dir / "jupyter-lite.json").write_text(json.dumps({
        "jupyter-lite-schema-version": 0,
        "jupyter-config-data": {
            "appName": "The mathematics of deep learning (in your browser)",
            "litePluginSettings": {KERNEL_PLUGIN: {
                "pyodideUrl": "./static/pyodide/pyodide.js",
                "disablePyPIFallback": True,
                "pipliteUrls": [],
            }},
        },
    }, indent=1))
    # the chapters' kernelspec (python3) is not the Pyodide kernel's name: start it without asking;
    # the arrow keys move a demo's sliders and dropdowns (see ARROW_SHORTCUTS)
    (lite_dir / "overrides.json").write_text(json.dumps({
        "@jupyterlab/notebook-extension:tracker": {"autoStartDefaultKernel": True,
                                                   "windowingMode": "none"},
        "@jupyterlab/shortcuts-extension:shortcuts": {"shortcuts": arrow_shortcuts()},
    }, indent=1))
    contents.mkdir(parents=True)
    for chapter in chapters:
        shutil.copy2(chapter, contents / chapter.name)
    return lite_dir, contents


def build_lite(app: Sphinx, builder) -> None:
    """``write-started``: every page is read and numbered, none written yet. The lite app is
    built now, so that the pages carry the size of its first run when Sphinx writes them (no
    page is read back)."""
    if app.builder.format != "html":
        return
    # the reader notebooks (booksite/reader_notebooks.py, written just before): the chapters as a
    # reader runs them, with their numbers in the sentences and their solutions folded
    chapters = sorted((Path(app.outdir) / reader_notebooks.SUBDIR).glob("*.ipynb"))
    if not chapters:
        raise RuntimeError("no reader notebooks to put in the in-browser book")
    work = Path(app.outdir).parent / "lite-work"
    lite_dir, contents = prepare_lite_dir(work, chapters)
    output = Path(app.outdir) / SUBDIR
    shutil.rmtree(output, ignore_errors=True)
    jupyter_lite = Path(sys.executable).parent / "jupyter-lite"
    command = [str(jupyter_lite), "build", "--lite-dir", str(lite_dir), "--contents",
               str(contents), "--output-dir", str(output), "--apps", "lab", "--no-sourcemaps",
               "--no-unused-shared-packages", "--no-libarchive", "--log-level", "WARN"]
    result = subprocess.run(command, cwd=work, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"jupyter lite build failed:\n{result.stdout}\n{result.stderr}")
    for leftover in (".jupyterlite.doit.db",):  # build state, not part of the site
        (output / leftover).unlink(missing_ok=True)
    docs = reader_notebooks.chapters(app)
    write_open_page(output, {Path(app.env.doc2path(doc)).name: app.builder.get_target_uri(doc)
                             for doc in docs})
    check_offline(output)
    FIRST_RUN_MB[app.outdir] = first_run_megabytes(output)


#: The size of a chapter's first run in the lite app, in MB, by output folder: measured when the
#: lite app is built (``build_lite``), before the pages are written, for their launch tooltips.
FIRST_RUN_MB: dict[str, float] = {}


def first_run_megabytes(output: Path) -> float:
    """What a chapter's first run downloads, in MB, as a static host sends it (booksite.static_host:
    text and WebAssembly gzip-compressed): the Pyodide runtime, every package of the site's lock
    (a chapter loads them all: numpy, matplotlib, ipywidgets, helpers and what the kernel needs)
    and the lite app's scripts (all of them: JupyterLab loads most, not all, so this is a little
    more than a run downloads; tests/test_lite.py checks the figure against a measured run)."""
    pyodide = output / "static" / "pyodide"
    lock = json.loads((pyodide / "pyodide-lock.json").read_text())
    files = [pyodide / name for name in fetch_lite.CORE if name not in ("package.json",
                                                                          "pyodide.mjs")]
    files += [pyodide / "pyodide-lock.json"]
    files += [pyodide / entry["file_name"] for entry in lock["packages"].values()]
    files += sorted((output / "build").rglob("*.js")) + sorted((output / "extensions").rglob("*.js"))
    total = 0
    for path in files:
        stat = path.stat()
        if path.name.endswith(static_host.StaticHostHandler.COMPRESS):
            total += len(static_host.gzip_body(str(path), stat.st_mtime_ns, stat.st_size))
        else:
            total += stat.st_size
    return total / 1e6


#: The page a chapter's "Run in your browser" link opens (``lite/open.html?path=NN_topic.ipynb``)
#: before the lite app: it keeps a copy the reader saved in the browser under another name, so
#: the book's current chapter opens (booksite/lite_open.html says how), and from a file:// page
#: it explains that the in-browser book needs a web server.
OPEN_PAGE = "open.html"


def write_open_page(output: Path, chapters: dict[str, str]) -> None:
    """``chapters``: notebook name in the lite app -> its page in the site (``book/NN.html``)."""
    template = (Path(__file__).parent / "lite_open.html").read_text(encoding="utf-8")  # package data
    data = json.dumps(chapters, indent=1).replace("</", "<\\/")
    page = template.replace("__CHAPTERS__", data).replace("__APP__", APP_PATH)
    (output / OPEN_PAGE).write_text(page, encoding="utf-8")


#: addresses the lite app holds that it would fetch if its settings did not point elsewhere
DEFAULT_FETCHES = ("cdn.jsdelivr.net/pyodide", "pypi.org/pypi")


def check_offline(output: Path) -> None:
    """The lite app fetches nothing from another host: its kernel settings point at the site's
    own Pyodide with PyPI disabled, no page or stylesheet links a web font service, and the two
    remote defaults in its code (Pyodide's CDN, PyPI) are the only https addresses of that kind."""
    config = json.loads((output / "jupyter-lite.json").read_text())["jupyter-config-data"]
    kernel = config["litePluginSettings"][KERNEL_PLUGIN]
    problems = []
    if kernel.get("pyodideUrl") != "./static/pyodide/pyodide.js":
        problems.append(f"pyodideUrl is {kernel.get('pyodideUrl')!r}")
    if kernel.get("disablePyPIFallback") is not True:
        problems.append("PyPI fall-back is on")
    if any(not url.startswith("./") for url in kernel.get("pipliteUrls", [])):
        problems.append(f"remote piplite index: {kernel['pipliteUrls']}")
    for path in output.rglob("*"):
        if path.suffix in (".html", ".css", ".js", ".json") and path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            if "fonts.googleapis" in text or "fonts.gstatic" in text:
                problems.append(f"{path.relative_to(output)} links Google Fonts")
    if problems:
        raise RuntimeError("the lite site would fetch from other hosts: " + "; ".join(problems))


def add_launch_link(app: Sphinx, pagename: str, templatename: str, context: dict,
                    doctree) -> None:
    """Next to Binder in a chapter page's launch menu: open the chapter in the lite app."""
    source = context.get("page_source_suffix")
    if source != ".ipynb":
        return
    for group in context.get("header_buttons", []):
        if group.get("label") == "launch-buttons":
            name = Path(pagename).name + ".ipynb"
            url = "../" * pagename.count("/") + f"{SUBDIR}/{OPEN_PAGE}?path={name}"
            group["buttons"].append({
                "type": "link", "text": "Run in your browser",
                "tooltip": "Run this chapter in your browser (JupyterLite: Python in "
                           f"WebAssembly, no server; about {FIRST_RUN_MB[app.outdir]:.0f} MB "
                           "on first use)",
                "icon": "_static/images/logo_jupyterlite.svg", "url": url,
            })


def setup(app: Sphinx) -> None:
    app.connect("html-page-context", add_launch_link, priority=502)
    # after the reader notebooks (priority 550), which it takes as its contents
    app.connect("write-started", build_lite, priority=600)
