"""The two packages and their boundary: ``helpers`` is what readers install and import (the
downloads' wheel, the in-browser book's wheel); ``booksite`` builds, serves and checks the site,
and every fact several of its parts read has one owner."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

import booksite
from booksite import fetch_lite, lite_site, reader_notebooks

ROOT = booksite.ROOT
#: the helpers version, written once in pyproject.toml
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
#: What only the build has. (``helpers.prose.glue`` calls myst-nb's ``glue`` where it is installed,
#: in the build's kernels, and does nothing elsewhere: a guarded import inside a function.)
BUILD_ONLY = ("sphinx", "docutils", "booksite", "jupyter_book")


@pytest.fixture(scope="module")
def helpers_wheel(tmp_path_factory) -> Path:
    return lite_site.helpers_wheel(tmp_path_factory.mktemp("wheel"))


def imported_modules(source: str) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def test_the_helpers_wheel_holds_helpers_and_nothing_of_the_build(helpers_wheel):
    names = zipfile.ZipFile(helpers_wheel).namelist()
    assert helpers_wheel.name == f"dl_math_book_helpers-{VERSION}-py3-none-any.whl"
    packages = {name.split("/")[0] for name in names}
    assert packages == {"helpers", f"dl_math_book_helpers-{VERSION}.dist-info"}, packages
    sources = sorted(p.relative_to(ROOT / "src").as_posix()
                     for p in (ROOT / "src" / "helpers").rglob("*.py"))
    assert sorted(n for n in names if n.endswith(".py")) == sources
    with zipfile.ZipFile(helpers_wheel) as z:
        for name in sources:
            used = imported_modules(z.read(name).decode("utf-8")) & set(BUILD_ONLY)
            assert not used, f"{name} in the readers' wheel imports {used}"


def test_helpers_imports_where_no_sphinx_is_installed(helpers_wheel, tmp_path):
    """A venv with the wheel and nothing else (no Sphinx, no docutils, not even NumPy):
    ``import helpers`` and the kernel side of a website demo import, and load no build module."""
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--quiet",
                    "--no-deps", "--no-index", str(helpers_wheel)], check=True)
    probe = ("import importlib.util, sys, helpers, helpers.website\n"
             "assert importlib.util.find_spec('sphinx') is None\n"
             "assert importlib.util.find_spec('docutils') is None\n"
             f"assert not [m for m in sys.modules if m.split('.')[0] in {BUILD_ONLY!r}]\n"
             "print(helpers.__version__, helpers.website.MIME_TYPE)")
    result = subprocess.run([str(python), "-c", probe], capture_output=True, text=True,
                            cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[0] == VERSION


def test_helpers_imports_nothing_of_the_build():
    for path in (ROOT / "src" / "helpers").rglob("*.py"):
        used = imported_modules(path.read_text(encoding="utf-8")) & set(BUILD_ONLY)
        assert not used, f"{path.relative_to(ROOT)} imports {used}"


def test_no_module_reaches_another_by_path():
    """Build code, tests and benchmarks import each other by name (booksite, helpers), never
    by editing sys.path or loading a file by its path."""
    hack = re.compile(r"sys\.path\.(insert|append)|spec_from_file_location|local_extensions")
    files = [*ROOT.glob("*.yml"), *(ROOT / "scripts").glob("*"), ROOT / "postBuild"]
    for folder in ("src", "tests", "benchmarks"):
        files += (ROOT / folder).rglob("*.py")
    offenders = [str(p.relative_to(ROOT)) for p in files
                 if p.name != Path(__file__).name and hack.search(p.read_text(encoding="utf-8"))]
    assert not offenders


def test_the_version_has_one_owner():
    import importlib.metadata

    import helpers

    # the version is written once, in pyproject.toml; the package and the wheel read it from there
    assert helpers.__version__ == VERSION == importlib.metadata.version("dl-math-book-helpers")


def test_the_in_browser_widgets_are_the_pinned_ones():
    """fetch_lite.WHEELS (hash-pinned wheels for the in-browser book) and requirements.txt (what
    a kernel on a reader's machine or on Binder runs) name the same versions."""
    for name, version, _ in fetch_lite.WHEELS:
        assert booksite.pinned_requirement(name) == version, name


def test_the_in_browser_book_ships_what_helpers_depends_on():
    shipped = set(fetch_lite.ROOTS) | {booksite.normalize(w[0]) for w in fetch_lite.WHEELS}
    assert {booksite.normalize(d) for d in booksite.helpers_dependencies()} <= shipped
    lock = {"packages": {name: {} for name in shipped}}
    assert lite_site.helpers_lock_depends(lock)[:-1] == list(booksite.helpers_dependencies())
    with pytest.raises(RuntimeError, match="does not ship"):
        lite_site.helpers_lock_depends({"packages": {}})


def test_the_readers_requirements_are_helpers_dependencies_and_the_notebook_app():
    """The archive's requirements are lines of requirements.txt itself (read here as text, not
    through the pin reader that writes them), for helpers' dependencies and the notebook app."""
    pinned = set((ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines())
    lines = reader_notebooks.reader_requirements().splitlines()
    assert lines and set(lines) <= pinned, set(lines) - pinned
    names = {booksite.normalize(line.split("==")[0]) for line in lines}
    wanted = {booksite.normalize(d) for d in booksite.helpers_dependencies()}
    assert wanted | {"jupyterlab", "ipykernel"} <= names


def test_the_chapter_list_is_the_table_of_contents():
    on_disk = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))
    assert sorted(booksite.chapters()) == on_disk
    pages = booksite.book_pages()
    assert pages[0] == "book/intro" and "book/references" in pages


def test_npm_pins_are_read_in_one_place():
    assert re.fullmatch(r"\d+\.\d+\.\d+", booksite.pinned_npm("katex"))
    assert booksite.pinned_npm("lighthouse")  # a devDependency
    with pytest.raises(RuntimeError, match="pins no left-pad"):
        booksite.pinned_npm("left-pad")
