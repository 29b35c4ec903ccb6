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
import sys
import time
from typing import Any, Callable, Iterator

from ._validate import whole_number

__all__ = ["best_time", "blas_threads"]

#: True in the browser (Pyodide, WebAssembly): one thread, no BLAS library, and a clock that the
#: browser rounds (to 0.1 ms or more), so a very fast call can time as 0 s.
IN_BROWSER = sys.platform == "emscripten"
#: In the browser, a timed run is repeated until it lasts this long, so the clock can see it.
BROWSER_MIN_RUN = 0.005
_browser_notice_shown = False


def _browser_notice() -> None:
    """Said once per kernel, in the browser only: what a timing there does not show."""
    global _browser_notice_shown
    if not _browser_notice_shown:
        _browser_notice_shown = True
        print("(In the browser, Python runs as WebAssembly on one thread with a coarse clock: "
              "the timings\n below are not those of native NumPy, and their ratios may differ "
              "from the book's.)")


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
    if IN_BROWSER:
        return _best_time_in_browser(fn, repeat, number)
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        best = min(best, time.perf_counter() - start)
    return best / number


def _best_time_in_browser(fn: Callable[[], Any], repeat: int, number: int) -> float:
    """best_time under Pyodide: each run grows (in whole multiples of ``number`` calls) until it
    lasts BROWSER_MIN_RUN, so that the browser's coarse clock never reports 0 s."""
    _browser_notice()
    best = float("inf")
    for _ in range(repeat):
        calls, start = 0, time.perf_counter()
        while True:
            for _ in range(number):
                fn()
            calls += number
            elapsed = time.perf_counter() - start
            if elapsed >= BROWSER_MIN_RUN:
                break
        best = min(best, elapsed / calls)
    return best


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
