"""Input checks shared by the pure-math modules.

Every check raises ``ValueError`` with a message that says what was wrong and what was expected,
so a reader who passes a bad argument from a notebook learns how to fix it.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

#: How far the entries of a probability vector may sum from 1 before it is rejected.
SUM_TOLERANCE = 1e-6


def as_float_array(x: ArrayLike, name: str) -> NDArray[np.float64]:
    """Return ``x`` as a float array, rejecting NaN and infinite entries."""
    arr = np.asarray(x, dtype=float)
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must contain only finite numbers; got {_preview(arr)}")
    return arr


def probability_vector(p: ArrayLike, name: str = "p") -> NDArray[np.float64]:
    """Check that ``p`` is a 1-D probability vector: entries ≥ 0 that sum to 1."""
    arr = as_float_array(p, name)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(
            f"{name} must be a non-empty 1-D array of probabilities; got shape {arr.shape}"
        )
    if np.any(arr < 0):
        i = int(np.argmin(arr))
        raise ValueError(
            f"{name} has a negative entry ({name}[{i}] = {arr[i]:g}); probabilities must be ≥ 0"
        )
    total = float(arr.sum())
    if abs(total - 1.0) > SUM_TOLERANCE:
        raise ValueError(
            f"{name} sums to {total:.10g}, expected 1 (within {SUM_TOLERANCE:g}); "
            f"divide by its sum to normalize it"
        )
    return arr


def probabilities(p: ArrayLike, name: str = "p") -> NDArray[np.float64]:
    """Check that every entry of ``p`` (any shape) is a probability in [0, 1]."""
    arr = as_float_array(p, name)
    bad = (arr < 0) | (arr > 1)
    if np.any(bad):
        value = arr[bad].flat[0]
        raise ValueError(f"{name} must lie in [0, 1]; got {value:g}")
    return arr


def same_shape(a: NDArray, b: NDArray, name_a: str, name_b: str) -> None:
    """Check that two arrays have the same shape (no broadcasting)."""
    if a.shape != b.shape:
        raise ValueError(
            f"{name_a} and {name_b} must have the same shape (the same support); "
            f"got {a.shape} and {b.shape}"
        )


def log_base(base: float | None) -> float:
    """Return ln(base), the divisor that turns nats into units of ``base`` (1.0 for nats)."""
    if base is None:
        return 1.0
    if isinstance(base, bool) or not isinstance(base, (int, float, np.integer, np.floating)):
        raise ValueError(f"base must be a number > 0 and ≠ 1, or None for nats; got {base!r}")
    base = float(base)
    if not math.isfinite(base) or base <= 0 or base == 1:
        raise ValueError(f"base must be a number > 0 and ≠ 1, or None for nats; got {base:g}")
    return math.log(base)


def evenly_spaced_grid(x: ArrayLike, name: str = "x") -> tuple[NDArray[np.float64], float]:
    """Check that ``x`` is an increasing, evenly spaced 1-D grid; return it and its spacing."""
    arr = as_float_array(x, name)
    if arr.ndim != 1 or arr.size < 3:
        raise ValueError(f"{name} must be a 1-D grid of at least 3 points; got shape {arr.shape}")
    steps = np.diff(arr)
    dx = float(steps.mean())
    if dx <= 0 or not np.allclose(steps, dx, rtol=1e-6, atol=0.0):
        raise ValueError(
            f"{name} must be increasing and evenly spaced (like np.linspace); "
            f"its steps range from {steps.min():g} to {steps.max():g}"
        )
    return arr, dx


def _preview(arr: NDArray) -> str:
    flat = arr.ravel()
    text = np.array2string(flat[:6], precision=4, separator=", ")
    return text[:-1] + ", …]" if flat.size > 6 else text
