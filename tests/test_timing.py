"""helpers.timing: the one way the book measures speed."""

import time

import numpy as np
import pytest
from threadpoolctl import threadpool_info

from helpers.timing import best_time, blas_threads


def blas_threads_now() -> list[int]:
    return [lib["num_threads"] for lib in threadpool_info() if lib["user_api"] == "blas"]


def test_best_time_excludes_the_warm_up_and_keeps_the_fastest_run():
    calls = []

    def slow_first():
        calls.append(None)
        time.sleep(0.05 if len(calls) == 1 else 0.001)

    t = best_time(slow_first, repeat=3, number=2, warmup=1)
    assert len(calls) == 1 + 3 * 2
    assert 0.0005 < t < 0.02  # the 50 ms first call is not in it


@pytest.mark.parametrize("kwargs,match", [
    (dict(repeat=0), "repeat must be a whole number ≥ 1"),
    (dict(number=1.5), "number must be a whole number ≥ 1"),
    (dict(warmup=-1), "warmup must be a whole number ≥ 0"),
    (dict(repeat=True), "repeat must be a whole number"),
])
def test_best_time_rejects_bad_counts(kwargs, match):
    with pytest.raises(ValueError, match=match):
        best_time(lambda: None, **kwargs)
    assert best_time(lambda: None, repeat=np.int64(2)) >= 0  # NumPy integers are whole numbers


def test_blas_threads_limits_and_restores():
    before = blas_threads_now()
    assert before, "NumPy's wheels bundle OpenBLAS: threadpoolctl must find it"
    with blas_threads(1) as applied:
        assert applied is True and blas_threads_now() == [1] * len(before)
        a = np.arange(600.0).reshape(30, 20)
        np.testing.assert_allclose(a @ a.T, np.einsum("ik,jk->ij", a, a))
    assert blas_threads_now() == before
    with pytest.raises(RuntimeError), blas_threads(1):
        raise RuntimeError("boom")
    assert blas_threads_now() == before


@pytest.mark.parametrize("bad", [0, -1, 1.5, "2", None, True])
def test_blas_threads_rejects_bad_counts(bad):
    with pytest.raises(ValueError, match="n must be a whole number ≥ 1"):
        with blas_threads(bad):
            pass


def test_best_time_in_the_browser_is_never_zero_and_says_why(monkeypatch, capsys):
    """Under Pyodide (simulated here) a run lasts until the coarse clock sees it, and a notice
    says once that browser timings are not native ones."""
    from helpers import timing

    monkeypatch.setattr(timing, "IN_BROWSER", True)
    monkeypatch.setattr(timing, "_browser_notice_shown", False)
    calls = []
    t = timing.best_time(lambda: calls.append(1), repeat=2, number=3)
    assert t > 0
    assert len(calls) % 3 == 1  # the warm-up call, then whole runs of 3
    timing.best_time(lambda: None, repeat=1)
    assert capsys.readouterr().out.count("In the browser") == 1
