"""Differences of NumPy under Pyodide (WebAssembly, a 32-bit platform), mended for the chapters.

Imported by ``helpers/__init__.py`` only when ``sys.platform == "emscripten"`` (the in-browser
book); on CPython nothing here runs.

* ``np.bincount`` casts its input to the platform's index type with the "safe" rule. On wasm32
  that type is int32, so the int64 labels that ``rng.choice(k, size=n)`` returns raise
  ``TypeError: Cannot cast array data from dtype('int64') to dtype('int32')``. On a 64-bit
  platform the call just works; here integer input whose values fit is cast first, and anything
  else (floats, values too large) goes to NumPy unchanged, with NumPy's own error.
"""

from __future__ import annotations

import functools

import numpy as np


def _mend_bincount() -> None:
    original = np.bincount
    if getattr(original, "_helpers_mended", False):
        return
    index = np.dtype(np.intp)

    @functools.wraps(original)
    def bincount(x, /, weights=None, minlength=0):
        arr = np.asarray(x)
        if (arr.dtype.kind in "iu" and arr.dtype.itemsize > index.itemsize and arr.size
                and arr.min() >= 0 and arr.max() <= np.iinfo(index).max):
            x = arr.astype(index)
        return original(x, weights=weights, minlength=minlength)

    bincount._helpers_mended = True
    np.bincount = bincount


def mend() -> None:
    _mend_bincount()
