"""Input checks shared by the pure-math modules.

Every check raises ``ValueError`` with a message that says what was wrong and what was expected,
so a reader who passes a bad argument from a notebook learns how to fix it. Scalar checks share
one message shape, ``"<name> must be <what>; got <value>"``:

* :func:`whole_number` for counts, sizes, ranks, steps and axes: a Python ``int`` or a NumPy
  integer. ``bool`` is refused (``True`` is not a count), and so is a float even when it is
  whole (``10.0``): a count is a whole number, and the message says so.
* :func:`real_number` for rates, probabilities, tolerances, temperatures and bases: an ``int``,
  a ``float`` or a NumPy real scalar, returned as a Python float; ``bool``, strings, ``None``,
  NaN and ±inf are refused, and so are values outside the stated interval.

Examples
--------
>>> whole_number(np.int64(3), "n")
3
>>> whole_number(10.0, "n")
Traceback (most recent call last):
    ...
ValueError: n must be a whole number ≥ 0; got 10.0 (a float: a count is a whole number, write 10)
>>> real_number(0.5, "p", low=0, high=1, low_open=True)
0.5
>>> real_number(0.0, "p", low=0, high=1, low_open=True)
Traceback (most recent call last):
    ...
ValueError: p must be a real number in (0, 1]; got 0.0
"""

from __future__ import annotations

import math
import numbers

import numpy as np
from numpy.typing import ArrayLike, NDArray

#: How far the entries of a probability vector may sum from 1 before it is rejected.
SUM_TOLERANCE = 1e-6


def _is_bool(value: object) -> bool:
    return isinstance(value, (bool, np.bool_)) or (
        isinstance(value, np.ndarray) and value.dtype == np.bool_)


def _scalar_of_kind(value: object, kinds: str) -> bool:
    """True for a 0-d NumPy array whose dtype kind is one of ``kinds`` (e.g. ``"iu"``)."""
    return isinstance(value, np.ndarray) and value.ndim == 0 and value.dtype.kind in kinds


def _bound(x: float) -> str:
    """A bound as the reader wrote it: 1 rather than 1.0, ∞ for infinity."""
    if x == math.inf:
        return "∞"
    if x == -math.inf:
        return "-∞"
    return f"{x:g}"


def whole_number(value: object, name: str, *, least: int | None = 0, most: int | None = None,
                 what: str = "") -> int:
    """Check that ``value`` is a whole number in [least, most]; return it as a Python int.

    Accepts ``int`` and NumPy integers (``np.int64(3)``); refuses ``bool`` and ``np.bool_``,
    floats (even ``10.0``: a count is a whole number), strings and None. ``least=None`` allows
    any integer below ``most`` (an axis such as −1). ``what``, if given, says in the message what
    the number counts.

    The message reads ``"{name} must be a whole number ≥ {least} and ≤ {most}; got {value!r}"``.

    Examples
    --------
    >>> whole_number(5, "k", least=1, most=3, what="the rank kept")
    Traceback (most recent call last):
        ...
    ValueError: k must be a whole number ≥ 1 and ≤ 3 (the rank kept); got 5
    """
    bounds = [f"≥ {least}"] if least is not None else []
    if most is not None:
        bounds.append(f"≤ {most}")
    expected = f"{name} must be a whole number" + (" " + " and ".join(bounds) if bounds else "")
    if what:
        expected += f" ({what})"
    if _is_bool(value):
        raise ValueError(f"{expected}; got {value!r} (a bool, not a number)")
    if isinstance(value, (float, np.floating)) or _scalar_of_kind(value, "f"):
        hint = (f", write {int(value)}" if math.isfinite(float(value))
                and float(value).is_integer() else "")
        raise ValueError(f"{expected}; got {value!r} (a float: a count is a whole number{hint})")
    if isinstance(value, (int, np.integer)) or _scalar_of_kind(value, "iu"):
        n = int(value)
    else:
        raise ValueError(f"{expected}; got {value!r}")
    if (least is not None and n < least) or (most is not None and n > most):
        raise ValueError(f"{expected}; got {value!r}")
    return n


def _interval(low: float | None, high: float | None, low_open: bool, high_open: bool,
              allow_inf: bool) -> str:
    """The interval in words and brackets: "in (0, 1]", "≥ 0", "> 0", or "finite"."""
    lo = -math.inf if low is None else low
    hi = math.inf if high is None else high
    left = "(" if low_open or (lo == -math.inf and not allow_inf) else "["
    right = ")" if high_open or (hi == math.inf and not allow_inf) else "]"
    return f"{left}{_bound(lo)}, {_bound(hi)}{right}"


def real_number(value: object, name: str, *, low: float | None = None, high: float | None = None,
                low_open: bool = False, high_open: bool = False, allow_inf: bool = False,
                what: str = "", hint: str = "") -> float:
    """Check that ``value`` is a real number in the given interval; return it as a Python float.

    Accepts ``int``, ``float`` and NumPy real scalars; refuses ``bool``, strings, None, NaN and
    ±inf (unless ``allow_inf``, for a parameter such as the p of an Lp norm where ∞ is meant),
    and values outside [low, high] (``low_open`` / ``high_open`` exclude an end; None leaves that
    side unbounded). ``what``, if given, says in the message what the number is; ``hint``, if
    given, is a sentence added after the value (how to fix it).

    The message reads ``"{name} must be a real number in (0, 1]; got {value!r}"`` with the right
    brackets, or ``"{name} must be a finite real number; got …"`` when unbounded.

    Examples
    --------
    >>> real_number(np.float64(2.5), "temperature", low=0, low_open=True)
    2.5
    >>> real_number(float("nan"), "mean")
    Traceback (most recent call last):
        ...
    ValueError: mean must be a finite real number; got nan
    >>> real_number(-1, "lam", low=0)
    Traceback (most recent call last):
        ...
    ValueError: lam must be a real number in [0, ∞); got -1
    """
    if low is None and high is None and not allow_inf:
        expected = f"{name} must be a finite real number"
    else:
        expected = (f"{name} must be a real number in "
                    f"{_interval(low, high, low_open, high_open, allow_inf)}")
    if what:
        expected += f" ({what})"
    if _is_bool(value):
        raise ValueError(f"{expected}; got {value!r} (a bool, not a number)")
    if not (isinstance(value, (numbers.Real, np.integer, np.floating))
            or _scalar_of_kind(value, "iuf")):
        raise ValueError(f"{expected}; got {value!r}")
    x = float(value)
    if math.isnan(x) or (math.isinf(x) and not allow_inf):
        raise ValueError(f"{expected}; got {value!r}")
    if (low is not None and (x < low or (low_open and x == low))) or \
            (high is not None and (x > high or (high_open and x == high))):
        raise ValueError(f"{expected}; got {value!r}" + (f". {hint}" if hint else ""))
    return x


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
    return _one_distribution(arr, name)


def probability_table(p: ArrayLike, name: str = "joint") -> NDArray[np.float64]:
    """Check that ``p`` is a joint probability table, one axis per variable: entries ≥ 0 that
    sum to 1 (:func:`probability_vector` is the one-axis case).

    Examples
    --------
    >>> probability_table([[0.5, -0.5], [0.5, 0.5]])
    Traceback (most recent call last):
        ...
    ValueError: joint has a negative entry (joint[0, 1] = -0.5); probabilities must be ≥ 0
    """
    arr = as_float_array(p, name)
    if arr.ndim == 0 or arr.size == 0:
        raise ValueError(
            f"{name} must be a non-empty table of probabilities with one axis per variable; "
            f"got shape {arr.shape}"
        )
    return _one_distribution(arr, name)


def _one_distribution(arr: NDArray[np.float64], name: str) -> NDArray[np.float64]:
    """The checks every probability vector and table share: entries ≥ 0 that sum to 1."""
    if np.any(arr < 0):
        where = np.unravel_index(int(np.argmin(arr)), arr.shape)
        index = ", ".join(str(int(i)) for i in where)
        raise ValueError(
            f"{name} has a negative entry ({name}[{index}] = {arr[where]:g}); "
            "probabilities must be ≥ 0"
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
    b = real_number(base, "base", low=0, low_open=True, what="≠ 1, or None for nats")
    if b == 1:
        raise ValueError(f"base must be a real number in (0, ∞) (≠ 1, or None for nats); "
                         f"got {base!r}")
    return math.log(b)


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
