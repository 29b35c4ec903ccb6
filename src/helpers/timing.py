"""Timing for the claims the chapters measure (standard library only).

Every speed claim in the book (a batched product against a loop, ``solve`` against ``inv``,
gradient descent against a direct solve) goes through :func:`best_time`, so all of them are
measured the same way: the first call is a warm-up and is not counted (it pays for caches, lazy
imports and memory allocation), then the best of several repeats is kept, because on a shared
machine noise only ever adds time.
"""

from __future__ import annotations

import time
from typing import Any, Callable

__all__ = ["best_time"]


def _whole(value: Any, name: str, least: int) -> int:
    # Local check (not helpers._validate) so this module stays standard-library only.
    if isinstance(value, bool) or not hasattr(value, "__index__"):
        raise ValueError(f"{name} must be a whole number ≥ {least}; got {value!r}")
    value = int(value.__index__())
    if value < least:
        raise ValueError(f"{name} must be a whole number ≥ {least}; got {value}")
    return value


def best_time(fn: Callable[[], Any], *, repeat: int = 5, number: int = 1,
              warmup: int = 1) -> float:
    """Seconds one call of ``fn()`` takes: the best of ``repeat`` runs of ``number`` calls each.

    ``warmup`` calls are made first and not timed. Used by chapters 1, 2 and 6.

    Parameters
    ----------
    fn : callable with no arguments (wrap arguments with a ``lambda``).
    repeat : how many timed runs; the fastest is kept.
    number : calls per run; the run's time is divided by it (use more for very fast ``fn``).
    warmup : untimed calls made first (0 to time the very first call).

    Examples
    --------
    >>> t = best_time(lambda: sum(range(1000)), repeat=3, number=10)
    >>> 0 < t < 1
    True
    >>> best_time(lambda: None, repeat=0)
    Traceback (most recent call last):
    ...
    ValueError: repeat must be a whole number ≥ 1; got 0
    """
    if not callable(fn):
        raise ValueError(f"fn must be a callable taking no arguments; got {fn!r}")
    repeat = _whole(repeat, "repeat", 1)
    number = _whole(number, "number", 1)
    warmup = _whole(warmup, "warmup", 0)
    for _ in range(warmup):
        fn()
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, time.perf_counter() - start)
    return best / number
