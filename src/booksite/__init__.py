"""Everything that builds, serves or checks the book's website; ``helpers`` is what a reader imports.

An installed package of its own (``src/booksite/pyproject.toml``, installed editable by
``scripts/setup.sh`` and by ``requirements.txt``), so that the Sphinx extensions, the scripts, the
tests and the benchmarks import each other by name, never by path:

* :mod:`booksite.book_build`: the Sphinx extension every build loads (``_config.yml``), which
  wires :mod:`~booksite.icons`, :mod:`~booksite.page_speed`, :mod:`~booksite.reader_notebooks`
  and :mod:`~booksite.lite_site`;
* :mod:`booksite.demos`: the website side of a slider demo (a Sphinx node and a myst-nb MIME
  renderer; the kernel side, the bundle, is :mod:`helpers.website`);
* :mod:`booksite.fetch_lite` (``python -m booksite.fetch_lite``) and
  :mod:`booksite.static_host` (``python -m booksite.static_host _build/html``);
* :mod:`booksite.demo_sweep`: every demo of every chapter, for the tests and the benchmark;
  :mod:`booksite.lighthouse`: one Lighthouse run, for the test and the benchmark.

This module owns the facts several of them read: where the repository is, which pages the book
has (``_toc.yml``), what ``helpers`` depends on (``pyproject.toml``) and which versions
``requirements.txt`` and ``package.json`` pin. Each is read here and nowhere else.
"""

from __future__ import annotations

import functools
import json
import re
import tomllib
from pathlib import Path

#: The repository: booksite is installed editable from it (``src/booksite``), never as a copy.
ROOT = Path(__file__).resolve().parents[2]


def _repository_file(name: str, root: Path | None = None) -> Path:
    path = (root or ROOT) / name
    if not path.is_file():
        raise RuntimeError(f"{path} is missing: booksite runs from the book's repository, "
                           "installed editable (bash scripts/setup.sh)")
    return path


@functools.cache
def book_pages(root: Path | None = None) -> tuple[str, ...]:
    """The pages of the book as ``_toc.yml`` lists them, in reading order (``book/intro``, the
    chapters, ...): the root and every chapter of every part; ``<page>.html`` in the built site.
    ``root``: the book's folder (a build passes its source folder; default: this repository)."""
    import yaml

    toc = yaml.safe_load(_repository_file("_toc.yml", root).read_text(encoding="utf-8"))
    pages = [toc["root"]]
    for part in toc.get("parts", []):
        pages += [chapter["file"] for chapter in part["chapters"]]
    return tuple(pages)


def chapters(root: Path | None = None) -> list[Path]:
    """The chapter notebooks (the pages whose source is a notebook), in reading order."""
    root = Path(root or ROOT)
    return [root / f"{page}.ipynb" for page in book_pages(root)
            if (root / f"{page}.ipynb").exists()]


@functools.cache
def helpers_dependencies() -> tuple[str, ...]:
    """What ``helpers`` needs at run time: the names in ``pyproject.toml``'s ``dependencies``."""
    project = tomllib.loads(_repository_file("pyproject.toml").read_text())["project"]
    return tuple(re.split(r"[\s<>=!~;\[]", dep, maxsplit=1)[0].lower()
                 for dep in project["dependencies"])


def normalize(name: str) -> str:
    """A distribution name as package indexes compare them (PEP 503)."""
    return re.sub(r"[-_.]+", "-", name).lower()


@functools.cache
def _requirement_pins() -> dict[str, str]:
    pins = {}
    for line in _repository_file("requirements.txt").read_text().splitlines():
        match = re.match(r"^([A-Za-z0-9_.-]+)==([^\s#]+)", line)
        if match:
            pins[normalize(match[1])] = match[2]
    return pins


def pinned_requirement(name: str) -> str:
    """The version ``requirements.txt`` pins for the distribution ``name``."""
    try:
        return _requirement_pins()[normalize(name)]
    except KeyError:
        raise RuntimeError(f"requirements.txt pins no {name}") from None


def pinned_npm(name: str) -> str:
    """The version ``package.json`` pins for the npm package ``name`` (dependencies or
    devDependencies)."""
    package = json.loads(_repository_file("package.json").read_text(encoding="utf-8"))
    for group in ("dependencies", "devDependencies"):
        if name in package.get(group, {}):
            return package[group][name]
    raise RuntimeError(f"package.json pins no {name}")
