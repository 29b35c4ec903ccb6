"""Tests of helpers.linalg (chapter 2): references from NumPy/SciPy and hypothesis properties."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.linalg
import scipy.optimize
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from helpers import linalg as la

FAST = settings(max_examples=60, deadline=None)
finite = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)
vectors = st.integers(1, 8).flatmap(lambda n: arrays(np.float64, n, elements=finite))
ps = st.one_of(st.floats(1.0, 50.0), st.just(math.inf))


def vector_pairs():
    return st.integers(1, 8).flatmap(
        lambda n: st.tuples(arrays(np.float64, n, elements=finite),
                            arrays(np.float64, n, elements=finite)))


# -- matmul_loops ---------------------------------------------------------------------------------
@FAST
@given(st.integers(1, 5), st.integers(1, 5), st.integers(1, 5), st.integers(0, 2**32 - 1))
def test_matmul_loops_matches_numpy(m, n, p, seed):
    rng = np.random.default_rng(seed)
    a, b = rng.normal(size=(m, n)), rng.normal(size=(n, p))
    np.testing.assert_allclose(la.matmul_loops(a, b), a @ b, rtol=1e-12, atol=1e-12)


def test_matmul_loops_worked_example():
    assert la.matmul_loops([[1, 2], [3, 4]], [[5], [7]]).tolist() == [[19.0], [43.0]]


# -- matmul_outer and chain_flops ------------------------------------------------------------------
@FAST
@given(st.integers(1, 5), st.integers(1, 5), st.integers(1, 5), st.integers(0, 2**32 - 1))
def test_matmul_outer_matches_numpy(m, n, p, seed):
    rng = np.random.default_rng(seed)
    a, b = rng.normal(size=(m, n)), rng.normal(size=(n, p))
    np.testing.assert_allclose(la.matmul_outer(a, b), a @ b, rtol=1e-12, atol=1e-12)
    # each term is an outer product of rank at most 1
    for k in range(n):
        assert np.linalg.matrix_rank(np.einsum("i,j->ij", a[:, k], b[k, :])) <= 1


def test_matmul_outer_rejects_mismatched_shapes():
    with pytest.raises(ValueError, match=r"columns of a \(3\) must equal the rows of b \(2\)"):
        la.matmul_outer(np.ones((2, 3)), np.ones((2, 2)))


def _count_flops_by_loops(shapes, order):
    """Independent reference: multiply all-ones matrices with matmul_loops and count 2 per term."""
    mats = [np.ones(s) for s in shapes]
    total = 0
    if order == "left":
        acc = mats[0]
        for m in mats[1:]:
            total += 2 * acc.shape[0] * acc.shape[1] * m.shape[1]
            acc = la.matmul_loops(acc, m)
    else:
        acc = mats[-1]
        for m in reversed(mats[:-1]):
            total += 2 * m.shape[0] * m.shape[1] * acc.shape[1]
            acc = la.matmul_loops(m, acc)
    return total, acc


@FAST
@given(st.lists(st.integers(1, 6), min_size=3, max_size=5))
def test_chain_flops_both_orders(dims):
    shapes = tuple((dims[i], dims[i + 1]) for i in range(len(dims) - 1))
    for order in ("left", "right"):
        count, product = _count_flops_by_loops(shapes, order)
        assert la.chain_flops(*shapes, order=order) == count
        # the product itself does not depend on the order: all entries equal the inner sizes' product
        assert np.all(product == np.prod(dims[1:-1]))


def test_chain_flops_matrix_vector_closed_form():
    m = n = 50
    assert la.chain_flops((m, n), (n, n), (n, 1), order="left") == 2 * m * n * n + 2 * m * n
    assert la.chain_flops((m, n), (n, n), (n, 1), order="right") == 2 * n * n + 2 * m * n


@pytest.mark.parametrize("args, kwargs, message", [
    (((2, 3), (4, 5)), {}, r"do not chain: the columns of matrix 0 \(3\)"),
    (((2, 3),), {}, "at least two"),
    (((2, 3), (3, 0)), {}, "whole number ≥ 1"),
    (((2, 3), (3, 2.0)), {}, "a float"),
    (((2, 3), [3, 2]), {}, r"\(rows, columns\) tuple"),
    (((2, 3), (3, 2)), {"order": "middle"}, 'order must be "left" or "right"'),
])
def test_chain_flops_rejects_bad_input(args, kwargs, message):
    with pytest.raises(ValueError, match=message):
        la.chain_flops(*args, **kwargs)


def test_matmul_loops_shape_errors():
    with pytest.raises(ValueError, match=r"columns of a \(3\) must equal the rows of b \(2\)"):
        la.matmul_loops(np.ones((2, 3)), np.ones((2, 2)))
    with pytest.raises(ValueError, match="2-D matrix"):
        la.matmul_loops(np.ones(3), np.ones((3, 1)))


# -- norms ---------------------------------------------------------------------------------------
@FAST
@given(vectors, ps)
def test_lp_norm_matches_numpy(x, p):
    top = np.max(np.abs(x))
    # NumPy's reference on x / max|x| (so large p cannot underflow), scaled back
    expected = top * np.linalg.norm(x / top, ord=p) if top > 0 else 0.0
    assert la.lp_norm(x, p) == pytest.approx(expected, rel=1e-9, abs=1e-300)


@FAST
@given(vectors)
def test_norm_ordering(x):
    l1, l2, linf = la.lp_norm(x, 1), la.lp_norm(x, 2), la.lp_norm(x, np.inf)
    assert linf <= l2 * (1 + 1e-12) + 1e-300
    assert l2 <= l1 * (1 + 1e-12) + 1e-300


@FAST
@given(vector_pairs(), ps)
def test_triangle_inequality(xy, p):
    x, y = xy
    assert la.lp_norm(x + y, p) <= (la.lp_norm(x, p) + la.lp_norm(y, p)) * (1 + 1e-9) + 1e-9


@FAST
@given(vectors, ps, st.floats(-100, 100, allow_nan=False))
def test_homogeneity(x, p, a):
    assert la.lp_norm(a * x, p) == pytest.approx(abs(a) * la.lp_norm(x, p), rel=1e-9, abs=1e-9)


@FAST
@given(vectors, ps)
def test_positive_definite(x, p):
    n = la.lp_norm(x, p)
    assert n >= 0
    assert (n == 0) == bool(np.all(x == 0))


def test_lp_norm_large_entries_do_not_overflow():
    assert la.lp_norm([1e200, 1e200], 2) == pytest.approx(math.sqrt(2) * 1e200)
    assert la.lp_norm([3.0, 4.0], 1000) == pytest.approx(4.0, rel=1e-3)


def test_lp_norm_rejects_p_below_one_and_points_to_l0():
    for p in (0, 0.5, -1):
        with pytest.raises(ValueError, match="l0_count"):
            la.lp_norm([1.0, 2.0], p)
    with pytest.raises(ValueError, match=r"^p must be a real number in \[1, ∞\]; got 0.5\. For p < 1"):
        la.lp_norm([1.0, 2.0], 0.5)
    assert la.lp_norm([3.0, -4.0], np.inf) == 4.0  # ∞ is a valid p here, unlike elsewhere


def test_lp_norm_rejects_wrong_dimensions():
    with pytest.raises(ValueError, match=r"1-D vector; got shape \(2, 2\)"):
        la.lp_norm(np.eye(2), 2)
    with pytest.raises(ValueError, match="1-D vector"):
        la.lp_norm([], 2)
    with pytest.raises(ValueError, match="finite"):
        la.lp_norm([1.0, np.nan], 2)


@FAST
@given(vectors)
def test_l0_count_counts_nonzeros(x):
    assert la.l0_count(x) == sum(1 for t in x if t != 0)
    if la.l0_count(x) > 0:  # homogeneity fails: doubling x does not double the count
        assert la.l0_count(2 * x) != 2 * la.l0_count(x)


def test_l0_count_rejects_matrix():
    with pytest.raises(ValueError, match="1-D vector"):
        la.l0_count(np.ones((2, 2)))


@FAST
@given(st.integers(1, 5), st.integers(1, 5), st.integers(0, 2**32 - 1))
def test_frobenius_matches_numpy(m, n, seed):
    a = np.random.default_rng(seed).normal(size=(m, n))
    assert la.frobenius_norm(a) == pytest.approx(np.linalg.norm(a, "fro"), rel=1e-12)
    assert la.frobenius_norm(a) == pytest.approx(math.sqrt(np.trace(a.T @ a)), rel=1e-12)


def test_frobenius_rejects_vector():
    with pytest.raises(ValueError, match="2-D matrix"):
        la.frobenius_norm([1.0, 2.0])


@FAST
@given(vector_pairs())
def test_cosine_similarity_matches_definition(xy):
    x, y = xy
    if not (np.any(x) and np.any(y)):
        with pytest.raises(ValueError, match="non-zero"):
            la.cosine_similarity(x, y)
        return
    xs, ys = x / np.max(np.abs(x)), y / np.max(np.abs(y))  # rescaled: no underflow in the reference
    c = la.cosine_similarity(x, y)
    assert -1.0 <= c <= 1.0
    assert c == pytest.approx(float(xs @ ys) / (np.linalg.norm(xs) * np.linalg.norm(ys)), abs=1e-9)
    assert c == pytest.approx(la.cosine_similarity(y, x), abs=1e-12)


def test_cosine_similarity_shapes():
    assert la.cosine_similarity([1.0, 0.0], [0.0, 3.0]) == 0.0
    assert la.cosine_similarity([1.0, 2.0], [-2.0, -4.0]) == pytest.approx(-1.0)
    with pytest.raises(ValueError, match="same shape"):
        la.cosine_similarity([1.0, 2.0], [1.0, 2.0, 3.0])


@pytest.mark.parametrize("p", [1, 1.5, 2, 3, 10, np.inf])
def test_lp_unit_circle_lies_on_the_unit_sphere(p):
    pts = la.lp_unit_circle(p, 101)
    assert pts.shape == (101, 2)
    np.testing.assert_allclose(np.linalg.norm(pts, ord=p, axis=1), 1.0, rtol=1e-12)
    np.testing.assert_allclose(pts[0], pts[-1], atol=1e-12)


def test_lp_unit_circle_errors():
    with pytest.raises(ValueError, match="l0_count"):
        la.lp_unit_circle(0.5)
    with pytest.raises(ValueError, match="n must be a whole number ≥ 3"):
        la.lp_unit_circle(2, 2)


# -- span, rank, special matrices ----------------------------------------------------------------
@FAST
@given(st.integers(0, 2**32 - 1))
def test_in_column_space(seed):
    rng = np.random.default_rng(seed)
    a = rng.normal(size=(4, 2))
    assert la.in_column_space(a, a @ rng.normal(size=2))
    b = rng.normal(size=4)
    residual = np.linalg.lstsq(a, b, rcond=None)[1]
    assert la.in_column_space(a, b) == bool(residual.size and residual[0] < 1e-20)


def test_in_column_space_example_and_errors():
    a = [[180, 75], [160, 50], [175, 80]]
    assert la.in_column_space(a, [138, 116, 137])
    assert not la.in_column_space(a, [100, 0, 50])
    with pytest.raises(ValueError, match="one entry per row"):
        la.in_column_space(a, [1.0, 2.0])


@pytest.mark.parametrize("n", [1, 2, 5, 9])
def test_hilbert_matches_scipy(n):
    np.testing.assert_array_equal(la.hilbert(n), scipy.linalg.hilbert(n))


def test_hilbert_errors():
    for bad in (0, -3):
        with pytest.raises(ValueError, match="n must be a whole number ≥ 1"):
            la.hilbert(bad)


@FAST
@given(st.floats(-10, 10, allow_nan=False))
def test_rotation_is_orthogonal(theta):
    r = la.rotation_matrix(theta)
    assert la.is_orthogonal(r)
    np.testing.assert_allclose(np.linalg.inv(r), r.T, atol=1e-12)
    assert np.linalg.det(r) == pytest.approx(1.0)
    np.testing.assert_allclose(r, scipy.linalg.expm(np.array([[0.0, -theta], [theta, 0.0]])),
                               atol=1e-9)


@FAST
@given(st.integers(1, 5), st.integers(1, 5), st.integers(0, 2**32 - 1))
def test_gram_matrices_are_symmetric(m, n, seed):
    a = np.random.default_rng(seed).normal(size=(m, n))
    assert la.is_symmetric(a.T @ a) and la.is_symmetric(a @ a.T)


def test_special_matrix_checks():
    assert not la.is_symmetric([[1.0, 2.0], [3.0, 4.0]])
    assert not la.is_orthogonal([[1.0, 1.0], [0.0, 1.0]])
    q, _ = np.linalg.qr(np.random.default_rng(0).normal(size=(4, 4)))
    assert la.is_orthogonal(q)
    with pytest.raises(ValueError, match="square"):
        la.is_symmetric(np.ones((2, 3)))
    with pytest.raises(ValueError, match="square"):
        la.is_orthogonal(np.ones((3, 2)))


def test_lora_parameter_count():
    assert la.lora_parameter_count(10_000, 10_000, 8) == (10**8, 160_000)
    full, low = la.lora_parameter_count(300, 200, 4)
    b, a = np.zeros((300, 4)), np.zeros((4, 200))
    assert full == (b @ a).size and low == b.size + a.size
    with pytest.raises(ValueError, match=r"r must be a whole number ≥ 1 and ≤ 10 \(at most min"):
        la.lora_parameter_count(10, 20, 11)
    with pytest.raises(ValueError, match="r must be a whole number ≥ 1"):
        la.lora_parameter_count(10, 20, 0)


# -- number formats ------------------------------------------------------------------------------
bf16_inputs = st.floats(-2.0**127, 2.0**127, allow_nan=False, width=32)


@FAST
@given(bf16_inputs)
def test_bfloat16_keeps_eight_significant_bits(x):
    for mode in ("nearest", "truncate"):
        y = float(la.to_bfloat16(x, mode))
        if x == 0:
            assert y == 0
            continue
        # at most 7 fraction bits survive: y · 2^(7 − e) is an integer
        m, e = math.frexp(y)
        if y != 0:
            assert (m * 2**8).is_integer()
        if mode == "truncate":
            assert abs(y) <= abs(x) and (y == 0 or math.copysign(1, y) == math.copysign(1, x))
        if abs(x) >= float(np.finfo(np.float32).tiny):
            assert abs(y - x) <= abs(x) * 2.0**-7 * (1 if mode == "truncate" else 0.5) * 1.0001


def test_bfloat16_reference_values():
    assert la.to_bfloat16([1 + 2**-7, 1 + 2**-8, 1 + 3 * 2**-9]).tolist() == [
        1 + 2**-7, 1.0, 1 + 2**-7]  # 1 + 2⁻⁸ is a tie: to even (1.0)
    assert la.to_bfloat16(1 + 3 * 2**-9, "truncate").tolist() == 1.0
    assert la.to_bfloat16(-2.75).tolist() == -2.75
    # the same range as float32: a value FP16 cannot hold survives
    assert la.to_bfloat16(1e30) == pytest.approx(1e30, rel=2**-8)


def test_bfloat16_errors():
    with pytest.raises(ValueError, match="float32"):
        la.to_bfloat16(1e39)
    with pytest.raises(ValueError, match="'nearest', 'truncate' or 'stochastic'"):
        la.to_bfloat16(1.0, "up")
    with pytest.raises(ValueError, match="needs rng"):
        la.to_bfloat16(1.0, "stochastic")


@FAST
@given(bf16_inputs, st.integers(0, 2**32 - 1))
def test_bfloat16_stochastic_lands_on_a_neighbour(x, seed):
    if abs(x) < float(np.finfo(np.float32).tiny):
        return
    rng = np.random.default_rng(seed)
    down = float(la.to_bfloat16(x, "truncate"))
    step = 2.0 ** (math.frexp(down)[1] - 8)        # one BF16 step at |down|
    y = float(la.to_bfloat16(x, "stochastic", rng=rng))
    # one of the two BF16 numbers around x: truncated, or one step further from 0
    assert y in (down, down + math.copysign(step, x))


def test_bfloat16_stochastic_is_unbiased():
    # 1 + 0.3 steps: rounds up with probability 0.3, so the mean is x (a binomial reference)
    rng = np.random.default_rng(0)
    x = 1 + 0.3 * 2.0**-7
    y = la.to_bfloat16(np.full(200_000, x), "stochastic", rng=rng).astype(np.float64)
    assert set(np.unique(y)) == {1.0, 1 + 2.0**-7}
    frac_up = np.mean(y > 1.0)
    assert abs(frac_up - 0.3) < 5 * math.sqrt(0.3 * 0.7 / y.size)


@FAST
@given(st.floats(-2.0**127, 2.0**127, allow_nan=False, width=32))
def test_tf32_matches_frexp_rounding(x):
    # an independent reference: round the significand to 11 bits with NumPy's round-half-even
    m, e = np.frexp(np.float64(x))
    expected = np.ldexp(np.round(m * 2**11) / 2**11, e)
    if abs(x) >= float(np.finfo(np.float32).tiny):
        assert float(la.to_tf32(x)) == expected


def test_tf32_reference_values_and_errors():
    assert la.to_tf32([1 + 2**-10, 1 + 2**-11, 1 + 3 * 2**-11]).tolist() == [
        1 + 2**-10, 1.0, 1 + 2**-9]  # ties to even
    with pytest.raises(ValueError, match="TF32"):
        la.to_tf32(1e39)


@FAST
@given(arrays(np.float64, st.integers(1, 20), elements=finite))
def test_int8_roundtrip_error_at_most_half_a_step(x):
    if 0 < np.max(np.abs(x)) < 127 * np.finfo(np.float64).tiny:
        with pytest.raises(ValueError, match="too small to quantize"):
            la.quantize_int8(x)
        return
    q, s = la.quantize_int8(x)
    assert q.dtype == np.int8 and np.all(np.abs(q.astype(int)) <= 127)
    back = la.dequantize_int8(q, s)
    assert np.all(np.abs(back - x) <= s / 2 * (1 + 1e-9) + 1e-300)
    if np.any(x != 0):
        assert np.max(np.abs(q.astype(int))) == 127
        assert s == pytest.approx(np.max(np.abs(x)) / 127)


def test_int8_edges_and_errors():
    q, s = la.quantize_int8([0.0, 0.0])
    assert q.tolist() == [0, 0] and s == 1.0
    with pytest.raises(ValueError, match="empty"):
        la.quantize_int8([])
    with pytest.raises(ValueError, match="too small to quantize"):
        la.quantize_int8([5e-324, 0.0])
    q, s = la.quantize_int8([1e-300, -1e-300])  # tiny but normal: still exact to half a step
    assert q.tolist() == [127, -127] and s == pytest.approx(1e-300 / 127)
    with pytest.raises(ValueError, match="int8 range"):
        la.dequantize_int8([1.5], 0.1)
    with pytest.raises(ValueError, match=r"scale must be a real number in \(0, ∞\); got 0.0"):
        la.dequantize_int8([1], 0.0)


# -- chapter 2 additions: quasi-norm circles, residuals, projections, regularized fits ---------
def _matrices(max_rows=6, max_cols=4):
    """(seed, n, d) triples for random test matrices with n ≥ d."""
    return st.tuples(st.integers(0, 10_000), st.integers(1, max_rows), st.integers(1, max_cols))


@settings(max_examples=40, deadline=None)
@given(st.floats(0.2, 0.99))
def test_lp_unit_circle_quasi_points_satisfy_the_formula(p):
    pts = la.lp_unit_circle(p, 101, allow_quasi=True)
    assert np.all(np.isfinite(pts))
    np.testing.assert_allclose(np.sum(np.abs(pts) ** p, axis=1), 1.0, rtol=1e-9)


def test_lp_unit_circle_quasi_needs_the_flag():
    with pytest.raises(ValueError, match=r"p must be a real number in \[1, ∞\]"):
        la.lp_unit_circle(0.5)
    with pytest.raises(ValueError, match=r"p must be a real number in \(0, ∞\]"):
        la.lp_unit_circle(0.0, allow_quasi=True)


def test_relative_residual_closed_form_and_edges():
    # diagonal A: ‖A‖₂ = max |diagonal|; residual (0, 1) → 1 / (3 · 5)
    a = np.diag([3.0, -1.0])
    assert la.relative_residual(a, [3.0, 4.0], [9.0, -5.0]) == pytest.approx(1.0 / 15.0)
    assert la.relative_residual(a, [0.0, 0.0], [0.0, 0.0]) == 0.0
    assert la.relative_residual(a, [0.0, 0.0], [1.0, 0.0]) == math.inf
    with pytest.raises(ValueError, match="needs x with 2 entries"):
        la.relative_residual(a, [1.0, 2.0, 3.0], [1.0, 2.0])


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10_000), st.integers(1, 8), st.integers(-10, 10))
def test_relative_residual_of_lu_solve_is_near_machine_epsilon(seed, n, k):
    rng = np.random.default_rng(seed)
    a, b = rng.normal(size=(n, n)) + n * np.eye(n), rng.normal(size=n)
    x = scipy.linalg.solve(a, b)
    eta = la.relative_residual(a, x, b)
    assert eta <= 50 * np.finfo(float).eps
    # scale invariance: (cA) x = cb has the same relative residual (c = 2^k scales exactly)
    c = 2.0 ** k
    assert la.relative_residual(c * a, x, c * b) == pytest.approx(eta, rel=1e-12, abs=0)


@settings(max_examples=40, deadline=None)
@given(_matrices(), st.booleans())
def test_orthogonal_projection_matches_scipy_orth(shape, deficient):
    seed, n, d = shape
    rng = np.random.default_rng(seed)
    x = rng.normal(size=(n, d))
    if deficient and d > 1:
        x[:, -1] = x[:, 0] * 2.0          # a dependent column: same column space
    y = rng.normal(size=n)
    q = scipy.linalg.orth(x)              # orthonormal basis of the column space
    y_hat = la.orthogonal_projection(x, y)
    np.testing.assert_allclose(y_hat, q @ (q.T @ y), atol=1e-9)
    np.testing.assert_allclose(x.T @ (y - y_hat), 0.0, atol=1e-8)    # residual ⟂ columns
    np.testing.assert_allclose(la.orthogonal_projection(x, y_hat), y_hat, atol=1e-9)


def test_orthogonal_projection_errors():
    with pytest.raises(ValueError, match="one entry per row"):
        la.orthogonal_projection(np.ones((3, 2)), np.ones(4))
    with pytest.raises(ValueError, match="2-D matrix"):
        la.orthogonal_projection(np.ones(3), np.ones(3))


@settings(max_examples=60, deadline=None)
@given(st.floats(-10, 10), st.floats(0, 5))
def test_soft_threshold_minimizes_the_l1_problem(z, lam):
    w = float(la.soft_threshold([z], lam)[0])
    f = lambda t: 0.5 * (t - z) ** 2 + lam * abs(t)  # noqa: E731
    ref = scipy.optimize.minimize_scalar(f, bounds=(-11, 11), method="bounded",
                                         options={"xatol": 1e-10}).x
    assert f(w) <= f(ref) + 1e-9
    if abs(z) <= lam:
        assert w == 0.0                  # exactly zero, not merely small
    else:
        assert w - z + lam * math.copysign(1.0, w) == pytest.approx(0.0, abs=1e-12)


def test_soft_threshold_errors():
    with pytest.raises(ValueError, match=r"lam must be a real number in \[0, ∞\); got -0.1"):
        la.soft_threshold([1.0], -0.1)
    with pytest.raises(ValueError, match="finite"):
        la.soft_threshold([np.nan], 1.0)


@settings(max_examples=40, deadline=None)
@given(_matrices(8, 4), st.floats(0.01, 100))
def test_ridge_matches_augmented_least_squares(shape, lam):
    seed, n, d = shape
    rng = np.random.default_rng(seed)
    x, y = rng.normal(size=(n, d)), rng.normal(size=n)
    # ½‖Xw − y‖² + (λ/2)‖w‖² = ½‖[X; √λ I] w − [y; 0]‖²
    aug_x = np.vstack([x, math.sqrt(lam) * np.eye(d)])
    aug_y = np.concatenate([y, np.zeros(d)])
    ref = scipy.linalg.lstsq(aug_x, aug_y)[0]
    np.testing.assert_allclose(la.ridge_regression(x, y, lam), ref, rtol=1e-7, atol=1e-9)


def test_ridge_errors():
    with pytest.raises(ValueError, match="full column rank"):
        la.ridge_regression(np.ones((3, 2)), np.ones(3), 0.0)
    with pytest.raises(ValueError, match="lam must be"):
        la.ridge_regression(np.eye(2), np.ones(2), -1.0)
    with pytest.raises(ValueError, match="one entry per row"):
        la.ridge_regression(np.eye(2), np.ones(3), 1.0)


@settings(max_examples=25, deadline=None)
@given(_matrices(10, 4), st.floats(0.05, 5))
def test_lasso_satisfies_the_optimality_conditions(shape, lam):
    seed, n, d = shape
    rng = np.random.default_rng(seed)
    x, y = rng.normal(size=(n, d)), 3 * rng.normal(size=n)
    w = la.lasso_proximal_gradient(x, y, lam, steps=20_000)
    g = x.T @ (y - x @ w)                 # must equal λ sign(w_j) where w_j ≠ 0, |g_j| ≤ λ else
    on = w != 0
    np.testing.assert_allclose(g[on], lam * np.sign(w[on]), atol=1e-3 * (1 + lam))
    assert np.all(np.abs(g[~on]) <= lam * (1 + 1e-6) + 1e-6)


def test_lasso_large_penalty_and_orthonormal_case():
    rng = np.random.default_rng(0)
    x, y = rng.normal(size=(20, 5)), rng.normal(size=20)
    lam_max = np.max(np.abs(x.T @ y))     # known: w = 0 is optimal iff λ ≥ ‖Xᵀy‖∞
    assert np.all(la.lasso_proximal_gradient(x, y, lam_max) == 0.0)
    q, _ = np.linalg.qr(x)
    np.testing.assert_allclose(la.lasso_proximal_gradient(q, y, 0.3, steps=5),
                               np.sign(q.T @ y) * np.maximum(np.abs(q.T @ y) - 0.3, 0))
    assert np.all(la.lasso_proximal_gradient(np.zeros((3, 2)), y[:3], 1.0) == 0.0)
    with pytest.raises(ValueError, match="steps must be a whole number ≥ 1"):
        la.lasso_proximal_gradient(x, y, 1.0, steps=0)
