"""Binder would build this repository into the environment requirements.txt pins.

repo2docker (the tool Binder runs) is asked for the Dockerfile it would build (``--no-build``
needs no Docker engine); the test reads which Python it picks and what it installs. pip's resolver
(a dry run against the package registry) then checks that requirements.txt is a complete, exact
and consistent set: what it would install is exactly what is pinned, nothing more. None of this
depends on what happens to be installed on the machine running the test.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow
PIN = re.compile(r"^([A-Za-z0-9_.\-]+)==([^\s#]+)$")


def normalize(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def pins(path: Path) -> dict[str, str]:
    found = {}
    for line in path.read_text().splitlines():
        line = line.split("#", 1)[0].strip()
        if not line or line in ("-e .", "-e ./src/booksite", "-r requirements.txt"):
            continue
        match = PIN.match(line)
        assert match, f"{path.name}: line is not an exact pin: {line!r}"
        found[normalize(match.group(1))] = match.group(2)
    return found


@pytest.fixture(scope="module")
def dockerfile() -> str:
    r2d = Path(sys.executable).with_name("jupyter-repo2docker")
    proc = subprocess.run([str(r2d), "--no-build", "--debug", str(ROOT)], capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr[-3000:]
    return proc.stdout + proc.stderr


def test_repo2docker_takes_python_from_runtime_txt(dockerfile):
    version = re.fullmatch(r"python-(\d+\.\d+)", (ROOT / "runtime.txt").read_text().strip())
    assert version, "runtime.txt must name a Python version as python-X.Y"
    assert f"python={version.group(1)}" in dockerfile
    # the Python that Binder gets is the one the tests and the book build run on
    assert version.group(1) == f"{sys.version_info.major}.{sys.version_info.minor}"


def test_repo2docker_installs_the_readers_requirements_and_the_helpers(dockerfile):
    assert 'pip install --no-cache-dir -r "requirements.txt"' in dockerfile
    assert "requirements-dev.txt" not in dockerfile  # Binder gets no test tools
    # the whole repository is in place before the install, so "-e ." finds src/helpers (and
    # "-e ./src/booksite" the build's package)
    copy_all = dockerfile.index("COPY --chown=0:0 src/ ${REPO_DIR}/")
    assert copy_all < dockerfile.index('-r "requirements.txt"')


def test_repo2docker_runs_postbuild_after_the_install(dockerfile):
    """postBuild writes the reader notebooks (tests/test_reader_downloads.py runs it), which the
    launch buttons and the README's badge open."""
    assert dockerfile.index('-r "requirements.txt"') < dockerfile.index("RUN ./postBuild")
    badge = re.search(r"mybinder\.org/v2/gh/[^)\s]+", (ROOT / "README.md").read_text())
    assert badge and "urlpath=lab/tree/notebooks" in badge.group(0), badge


def test_requirements_are_complete_exact_and_consistent(tmp_path):
    reader = pins(ROOT / "requirements.txt")
    dev = pins(ROOT / "requirements-dev.txt")
    assert reader["jupyter-book"].startswith("1."), "stay on Jupyter Book 1.x"
    for tool in ("pytest", "nbval", "hypothesis", "scipy", "playwright", "jupyter-repo2docker"):
        assert tool in dev and tool not in reader, f"{tool} belongs to requirements-dev.txt"
    for name in set(reader) & set(dev):
        assert reader[name] == dev[name], f"{name} is pinned to two versions"
    for path, wanted in ((ROOT / "requirements.txt", reader),
                         (ROOT / "requirements-dev.txt", {**reader, **dev})):
        report = tmp_path / f"{path.stem}.json"
        proc = subprocess.run(
            [sys.executable, "-m", "pip", "install", "--dry-run", "--ignore-installed", "--quiet",
             "--report", str(report), "-r", str(path)],
            cwd=ROOT, capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, f"{path.name} does not resolve:\n{proc.stderr[-3000:]}"
        resolved = {normalize(item["metadata"]["name"]): item["metadata"]["version"]
                    for item in json.loads(report.read_text())["install"]}
        resolved.pop("dl-math-book-helpers")
        resolved.pop("dl-math-book-site")
        assert resolved == wanted, (
            f"{path.name}: unpinned {sorted(set(resolved) - set(wanted))}, "
            f"pinned but not needed {sorted(set(wanted) - set(resolved))}, "
            f"other versions {[(k, v, resolved[k]) for k, v in wanted.items() if k in resolved and resolved[k] != v]}")
