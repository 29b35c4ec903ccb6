"""What a reader downloads or launches runs as the book, outside this repository.

* Each chapter page's download menu gives the chapter's reader notebook and the archive of all of
  them; its Binder button opens the reader notebook.
* The archive ("All notebooks"), unpacked into an empty folder outside the repository and
  installed with its own ``requirements.txt`` into a fresh virtual environment, runs every
  notebook to the end (nbclient), with no error.
* Binder: repo2docker runs ``postBuild`` after installing requirements.txt; run as Binder runs it,
  it writes ``notebooks/``, the reader notebooks the launch URL opens.
"""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow
CHAPTERS = sorted(p.stem for p in (ROOT / "book").glob("[0-9][0-9]_*.ipynb"))
ARCHIVE = "notebooks/mathematics-of-deep-learning-notebooks.zip"


@pytest.mark.parametrize("chapter", CHAPTERS)
def test_chapter_page_downloads_and_launches_the_reader_notebook(site, chapter):
    page = (site / "book" / f"{chapter}.html").read_text(encoding="utf-8")
    links = {html.unescape(h) for h in re.findall(r'href="([^"]+)"', page)}
    assert f"../notebooks/{chapter}.ipynb" in links
    assert f"../{ARCHIVE}" in links
    assert not any(h.startswith("../_sources/") and h.endswith(".ipynb") for h in links), \
        "the download menu still offers the MyST source"
    binder = [h for h in links if "mybinder.org" in h]
    assert binder and all(f"urlpath=lab/tree/notebooks/{chapter}.ipynb" in h for h in binder), binder
    reader = nbformat.read(site / "notebooks" / f"{chapter}.ipynb", as_version=4)
    nbformat.validate(reader)
    assert reader.metadata["dl_math_book"]["source"] == f"book/{chapter}.ipynb"


def test_the_archive_runs_every_notebook_outside_the_repository(site, tmp_path):
    with zipfile.ZipFile(site / ARCHIVE) as z:
        names = z.namelist()
        z.extractall(tmp_path)
    (folder,) = {n.split("/")[0] for n in names}
    folder = tmp_path / folder
    assert sorted(p.stem for p in folder.glob("*.ipynb")) == CHAPTERS
    assert {"README.md", "requirements.txt"} <= {p.name for p in folder.iterdir()}
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    # a fresh environment: nothing of this repository's .venv, no editable helpers
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "HELPERS_STATIC_DEMOS")}
    install = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-r",
                              "requirements.txt"], cwd=folder, env=env, capture_output=True,
                             text=True, timeout=900)
    assert install.returncode == 0, install.stderr[-3000:]
    where = subprocess.run([str(python), "-c", "import helpers; print(helpers.__file__)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True)
    assert str(venv) in where.stdout, f"helpers is not the archive's wheel: {where}"
    runner = (
        "import sys, nbformat\n"
        "from nbclient import NotebookClient\n"
        "for name in sys.argv[1:]:\n"
        "    nb = nbformat.read(name, as_version=4)\n"
        "    NotebookClient(nb, timeout=600, kernel_name='python3').execute()\n"
        "    errors = [o for c in nb.cells for o in c.get('outputs', [])\n"
        "              if o.get('output_type') == 'error' or o.get('name') == 'stderr']\n"
        "    assert not errors, (name, errors[:1])\n"
        "    print(name, 'ran', sum(c.cell_type == 'code' for c in nb.cells), 'code cells')\n")
    run = subprocess.run([str(python), "-c", runner, *[f"{c}.ipynb" for c in CHAPTERS]],
                         cwd=folder, env=env, capture_output=True, text=True, timeout=1800)
    assert run.returncode == 0, (run.stdout + run.stderr)[-4000:]
    assert run.stdout.count(" ran ") == len(CHAPTERS)


def test_binder_postbuild_writes_the_notebooks_the_launch_url_opens(tmp_path):
    """As repo2docker does: the repository's files in a fresh folder, the environment that
    requirements.txt installed (here this test's own), then ``./postBuild``."""
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard"], cwd=ROOT,
                           capture_output=True, text=True, check=True).stdout.split()
    repo = tmp_path / "repo"
    for name in files:
        if (ROOT / name).is_file():
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, repo / name)
    env = dict(os.environ, PATH=f"{Path(sys.executable).parent}:{os.environ['PATH']}")
    env.pop("HELPERS_STATIC_DEMOS", None)
    proc = subprocess.run(["bash", "postBuild"], cwd=repo, env=env, capture_output=True,
                          text=True, timeout=1500)
    assert proc.returncode == 0, (proc.stdout + proc.stderr)[-4000:]
    assert sorted(p.stem for p in (repo / "notebooks").glob("*.ipynb")) == CHAPTERS
    config = (ROOT / "_config.yml").read_text()
    assert re.search(r"^launch_buttons:\n(?:  .*\n)*  binderhub_url:", config, re.M)
    for chapter in CHAPTERS:
        notebook = json.loads((repo / "notebooks" / f"{chapter}.ipynb").read_text())
        text = "".join("".join(c["source"]) for c in notebook["cells"])
        assert "{glue" not in text and "{term}" not in text
