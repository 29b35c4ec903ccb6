"""Timing for the claims the chapters measure.

Every speed claim in the book (a batched product against a loop, ``solve`` against ``inv``,
gradient descent against a direct solve) goes through :func:`best_time`, so all of them are
measured the same way: the first call is a warm-up and is not counted (it pays for caches, lazy
imports and memory allocation), then the best of several repeats is kept, because on a shared
machine noise only ever adds time. :func:`blas_threads` runs a block with the linear-algebra
library (BLAS) on a given number of threads, so that a timing measures the arithmetic and not a
thread waiting for a free core.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any, Callable, Iterator

from ._validate import whole_number

__all__ = ["best_time", "blas_threads"]


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
    repeat = whole_number(repeat, "repeat", least=1)
    number = whole_number(number, "number", least=1)
    warmup = whole_number(warmup, "warmup")
    for _ in range(warmup):
        fn()
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, time.perf_counter() - start)
    return best / number


@contextlib.contextmanager
def blas_threads(n: int) -> Iterator[bool]:
    """Run the ``with`` block with the BLAS library that NumPy uses limited to ``n`` threads.

    A matrix product large enough is split by BLAS over several threads; on a busy machine a
    thread that waits for a free core can add milliseconds to one call, which hides what a timing
    is meant to show. On exit the previous thread counts are restored. Yields True if a BLAS
    library was found and limited, False if none was (then nothing changes). Built on
    ``threadpoolctl``, which knows OpenBLAS, MKL and BLIS. Used by chapter 1.

    Examples
    --------
    >>> import numpy as np
    >>> with blas_threads(1):
    ...     y = np.ones((300, 300)) @ np.ones((300, 2))
    >>> float(y[0, 0])
    300.0
    >>> with blas_threads(0):
    ...     pass
    Traceback (most recent call last):
    ...
    ValueError: n must be a whole number ≥ 1; got 0
    """
    n = whole_number(n, "n", least=1)
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=n, user_api="blas") as limiter:
        yield bool(limiter.get_original_num_threads().get("blas"))
