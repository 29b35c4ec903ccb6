"""Helpers for *The mathematics of deep learning*.

Three roles, each tested on its own:

* pure math, NumPy only, one module per chapter topic: :mod:`helpers.tensors` (chapter 1),
  :mod:`helpers.linalg` (2), :mod:`helpers.decompositions` (3), :mod:`helpers.probability` (4),
  :mod:`helpers.information` (5), :mod:`helpers.optimization` and :mod:`helpers.autodiff` (6),
  and :mod:`helpers.timing` for every measured speed claim;
* plotting, views that draw on matplotlib axes and update in place: :mod:`helpers.plotting`;
* the slider machinery that turns a view into a live widget or a static web slider:
  :mod:`helpers.sliders` (``helpers.demo``, ``helpers.Slider``, ``helpers.Choice``).

Submodules load on first use (PEP 562), so ``import helpers.tensors`` imports NumPy and nothing
else, and a new module is reachable as ``helpers.<name>`` without being listed here.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import pkgutil
import sys

#: Names re-exported from :mod:`helpers.sliders` (the one-line demo declaration).
_FROM_SLIDERS = ("demo", "Slider", "Choice", "SliderDemo")

__all__ = [m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")]
__all__ += list(_FROM_SLIDERS)
try:  # the one owner of the version is pyproject.toml; installed metadata carries it
    __version__ = importlib.metadata.version("dl-math-book-helpers")
except importlib.metadata.PackageNotFoundError:  # a source tree that was never installed
    __version__ = "0+unknown"

if sys.platform == "emscripten":  # the in-browser book (Pyodide): see helpers/_browser.py
    from ._browser import mend as _mend

    _mend()


def __getattr__(name: str):
    if name in _FROM_SLIDERS:
        return getattr(importlib.import_module(".sliders", __name__), name)
    if not name.startswith("_") and importlib.util.find_spec(f"{__name__}.{name}") is not None:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
