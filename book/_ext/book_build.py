"""Sphinx extension run by every book build (named in _config.yml under sphinx.local_extensions).

1. Sets ``HELPERS_STATIC_DEMOS=1`` before the notebooks execute, so every slider demo renders as
   static HTML with precomputed frames (the kernels inherit this process's environment).
2. Drops sphinx-thebe's scripts (Jupyter Book always loads the extension; the book launches on
   Binder instead, and thebe would load its code from a CDN and is injected twice per page).
3. Makes the site self-contained: installs MathJax from the npm registry (the version pinned in
   ``package.json``) and copies it to ``book/_vendor/mathjax``, which ``html_static_path`` serves
   as ``_static/mathjax``. Nothing is committed; a second build reuses the copy.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

ROOT = Path(__file__).resolve().parents[2]
VENDOR = ROOT / "book" / "_vendor"
logger = logging.getLogger(__name__)


def vendor_mathjax() -> None:
    wanted = json.loads((ROOT / "package.json").read_text())["dependencies"]["mathjax"]
    target = VENDOR / "mathjax"
    stamp = target / ".version"
    if stamp.exists() and stamp.read_text() == wanted:
        return
    source = ROOT / "node_modules" / "mathjax"
    installed = source / "package.json"
    if not installed.exists() or json.loads(installed.read_text())["version"] != wanted:
        npm = shutil.which("npm")
        if npm is None:
            raise RuntimeError("npm is needed once to fetch MathJax for the site; install Node.js")
        logger.info("installing MathJax %s from the npm registry", wanted)
        subprocess.run([npm, "install", "--no-audit", "--no-fund", "--no-package-lock",
                        "--loglevel=error"], cwd=ROOT, check=True)
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source / "es5", target)
    stamp.write_text(wanted)


def drop_thebe(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    def is_thebe(script) -> bool:
        body = str(getattr(script, "attributes", {}).get("body", ""))
        return "thebe" in (getattr(script, "filename", None) or "") or "THEBE" in body

    if "script_files" in context:
        context["script_files"] = [s for s in context["script_files"] if not is_thebe(s)]


def setup(app: Sphinx) -> dict:
    os.environ["HELPERS_STATIC_DEMOS"] = "1"
    vendor_mathjax()
    app.connect("html-page-context", drop_thebe, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
