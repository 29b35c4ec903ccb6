"""Binder would build this repository into the environment requirements.txt pins.

repo2docker (the tool Binder runs) is asked for the Dockerfile it would build (``--no-build``
needs no Docker engine); the test reads which Python it picks and what it installs. Since
requirements.txt pins every package of the closure exactly, installing it yields exactly those
versions; the last test checks that the environment these tests run in is that set too.
"""

from __future__ import annotations

import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s#]+)")


def pins() -> dict[str, str]:
    found = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line == "-e .":
            continue
        match = PIN.match(line)
        assert match, f"requirements.txt line is not an exact pin: {line!r}"
        found[match.group(1).lower().replace("_", "-")] = match.group(2)
    return found


@pytest.fixture(scope="module")
def dockerfile() -> str:
    r2d = Path(sys.executable).with_name("jupyter-repo2docker")
    proc = subprocess.run([str(r2d), "--no-build", "--debug", str(ROOT)], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout + proc.stderr


def test_repo2docker_picks_python_311_from_runtime_txt(dockerfile):
    assert (ROOT / "runtime.txt").read_text().strip() == "python-3.11"
    assert "python=3.11" in dockerfile


def test_repo2docker_installs_requirements_txt_and_the_helpers(dockerfile):
    assert 'pip install --no-cache-dir -r "requirements.txt"' in dockerfile
    # the whole repository is in place before the install, so "-e ." finds src/helpers
    copy_all = dockerfile.index("COPY --chown=0:0 src/ ${REPO_DIR}/")
    assert copy_all < dockerfile.index('-r "requirements.txt"')


def test_every_requirement_is_pinned_and_installed_here():
    wanted = pins()
    for name in ("jupyter-book", "jupyterlab", "ipywidgets", "numpy", "matplotlib", "nbval"):
        assert name in wanted, f"{name} is not pinned"
    assert wanted["jupyter-book"].startswith("1."), "stay on Jupyter Book 1.x"
    wrong = {}
    for name, version in wanted.items():
        try:
            have = metadata.version(name)
        except metadata.PackageNotFoundError:
            have = None
        if have != version:
            wrong[name] = (version, have)
    assert not wrong, f"pinned vs installed: {wrong}"
    assert metadata.version("helpers") and __import__("helpers").__file__.startswith(str(ROOT))
