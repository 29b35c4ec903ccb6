"""Tests of helpers.decompositions (chapter 3): properties, NumPy as the reference, bad input."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from helpers import decompositions as dec

FAST = settings(max_examples=40, deadline=None)
entries = st.floats(-10, 10, allow_nan=False, allow_infinity=False, width=64)


@st.composite
def matrices(draw, min_side=1, max_side=6):
    m = draw(st.integers(min_side, max_side))
    n = draw(st.integers(min_side, max_side))
    return draw(arrays(np.float64, (m, n), elements=entries))


@st.composite
def symmetric_matrices(draw, max_side=6):
    n = draw(st.integers(1, max_side))
    a = draw(arrays(np.float64, (n, n), elements=entries))
    return (a + a.T) / 2


# -- sym_eig_descending ----------------------------------------------------------------------------
@FAST
@given(symmetric_matrices())
def test_sym_eig_matches_numpy_and_is_descending(a):
    lam, q = dec.sym_eig_descending(a)
    ref = np.sort(np.linalg.eigvalsh(a))[::-1]
    scale = max(1.0, float(np.abs(a).max()))
    np.testing.assert_allclose(lam, ref, atol=1e-9 * scale)
    assert np.all(np.diff(lam) <= 1e-12 * scale)
    np.testing.assert_allclose(q.T @ q, np.eye(len(a)), atol=1e-9)          # orthonormal
    np.testing.assert_allclose(q @ np.diag(lam) @ q.T, a, atol=1e-8 * scale)  # A = QΛQᵀ


@FAST
@given(symmetric_matrices())
def test_eigenpairs_satisfy_av_equals_lambda_v(a):
    lam, q = dec.sym_eig_descending(a)
    scale = max(1.0, float(np.abs(a).max()))
    for i in range(len(lam)):
        np.testing.assert_allclose(a @ q[:, i], lam[i] * q[:, i], atol=1e-8 * scale)
        # the sign convention: the largest-magnitude entry of each eigenvector is positive (of
        # entries tied up to rounding, the first), so no tied entry of larger size is negative
        mags = np.abs(q[:, i])
        tied = np.flatnonzero(mags >= (1 - 1e-9) * mags.max())
        assert q[tied[0], i] > 0


def test_sym_eig_known_values_and_repeated_eigenvalue():
    lam, q = dec.sym_eig_descending([[2.0, 1.0], [1.0, 2.0]])
    np.testing.assert_allclose(lam, [3.0, 1.0])
    np.testing.assert_allclose(q[:, 0], [1 / math.sqrt(2), 1 / math.sqrt(2)])
    lam, q = dec.sym_eig_descending(3 * np.eye(3))
    np.testing.assert_allclose(lam, [3.0, 3.0, 3.0])
    # any rotation of the eigenbasis works just as well when the eigenvalue repeats
    c, s = math.cos(0.7), math.sin(0.7)
    rot = np.array([[c, -s, 0], [s, c, 0], [0, 0, 1]])
    np.testing.assert_allclose(3 * np.eye(3) @ (q @ rot), 3 * (q @ rot))


@pytest.mark.parametrize("bad, match", [
    ([[1.0, 2.0], [0.0, 1.0]], "symmetric"),
    ([[1.0, 2.0, 3.0]], "square"),
    ([1.0, 2.0], "square"),
    (np.zeros((0, 0)), "square"),
    ([[1.0, np.nan], [np.nan, 1.0]], "finite"),
])
def test_sym_eig_rejects_bad_input(bad, match):
    with pytest.raises(ValueError, match=match):
        dec.sym_eig_descending(bad)


# -- classify_definiteness -------------------------------------------------------------------------
@pytest.mark.parametrize("a, expected", [
    ([[2.0, 0.0], [0.0, 1.0]], "positive definite"),
    ([[1.0, 1.0], [1.0, 1.0]], "positive semidefinite"),
    ([[-2.0, 0.5], [0.5, -1.0]], "negative definite"),
    ([[-1.0, 0.0], [0.0, 0.0]], "negative semidefinite"),
    ([[1.0, 0.0], [0.0, -1.0]], "indefinite"),
    ([[0.0, 0.0], [0.0, 0.0]], "zero"),
    ([[5.0, 2.0], [2.0, 5.0]], "positive definite"),
])
def test_classify_definiteness_examples(a, expected):
    assert dec.classify_definiteness(a) == expected


@FAST
@given(matrices(max_side=5))
def test_gram_matrices_are_positive_semidefinite(a):
    assert dec.classify_definiteness(a.T @ a) in ("positive definite", "positive semidefinite",
                                                  "zero")
    assert dec.classify_definiteness(-(a.T @ a)) in ("negative definite", "negative semidefinite",
                                                     "zero")


@FAST
@given(symmetric_matrices())
def test_classify_agrees_with_eigenvalue_signs(a):
    lam = np.linalg.eigvalsh(a)
    tol = len(lam) * np.finfo(float).eps * float(np.abs(lam).max())
    label = dec.classify_definiteness(a)
    assert label in dec.DEFINITENESS
    if np.all(lam > 10 * tol + 1e-9):
        assert label == "positive definite"
    if np.all(lam < -10 * tol - 1e-9):
        assert label == "negative definite"
    if lam.max() > 1e-6 and lam.min() < -1e-6:
        assert label == "indefinite"


def test_classify_rejects_bad_tolerance():
    with pytest.raises(ValueError, match=r"tol must be a real number in \[0, ∞\)"):
        dec.classify_definiteness(np.eye(2), tol=-1.0)


# -- characteristic polynomial and determinants ----------------------------------------------------
@FAST
@given(arrays(np.float64, (2, 2), elements=entries))
def test_characteristic_polynomial_matches_np_poly(a):
    np.testing.assert_allclose(dec.characteristic_polynomial_2x2(a), np.poly(a), atol=1e-9)


def test_characteristic_polynomial_of_the_worked_gram_matrix():
    coeffs = dec.characteristic_polynomial_2x2([[5.0, 2.0], [2.0, 5.0]])
    np.testing.assert_array_equal(coeffs, [1.0, -10.0, 21.0])
    np.testing.assert_allclose(np.sort(np.roots(coeffs)), [3.0, 7.0])


def test_characteristic_polynomial_rejects_non_2x2():
    with pytest.raises(ValueError, match="2 × 2"):
        dec.characteristic_polynomial_2x2(np.eye(3))


@FAST
@given(st.integers(1, 6).flatmap(lambda n: arrays(np.float64, (n, n), elements=entries)))
def test_det_cofactor_matches_numpy(a):
    ref = np.linalg.det(a)
    assert dec.det_cofactor(a) == pytest.approx(ref, rel=1e-8, abs=1e-6 * max(1.0, abs(ref)))


def test_det_cofactor_of_the_worked_4x4_matrix():
    m = [[4, 2, 1, 0], [1, 3, 2, 1], [0, 1, 5, 2], [2, 3, 1, 1]]
    assert dec.det_cofactor(m) == 23.0  # integers in, exact arithmetic
    assert np.linalg.det(m) == pytest.approx(23.0)


def test_det_cofactor_singular_and_bad_input():
    assert dec.det_cofactor([[1.0, 2.0], [2.0, 4.0]]) == 0.0
    with pytest.raises(ValueError, match="at most 8"):
        dec.det_cofactor(np.eye(9))
    with pytest.raises(ValueError, match="square"):
        dec.det_cofactor(np.ones((2, 3)))


# -- LU with partial pivoting ----------------------------------------------------------------------
@FAST
@given(st.integers(1, 7).flatmap(lambda n: arrays(np.float64, (n, n), elements=entries)))
def test_lu_partial_pivoting_factors_pa_and_matches_scipy(a):
    scipy_linalg = pytest.importorskip("scipy.linalg")
    perm, lower, upper, swaps = dec.lu_partial_pivoting(a)
    n = a.shape[0]
    assert np.allclose(a[perm], lower @ upper, atol=1e-9 * max(1.0, np.abs(a).max()) * n)
    assert np.allclose(lower, np.tril(lower)) and np.allclose(np.diag(lower), 1.0)
    assert np.allclose(upper, np.triu(upper))
    assert np.all(np.abs(lower) <= 1.0 + 1e-12)  # partial pivoting bounds the multipliers
    # the sign of the permutation, counted independently by its inversions
    inversions = sum(perm[i] > perm[j] for i in range(n) for j in range(i + 1, n))
    assert (-1) ** swaps == (-1) ** inversions
    # SciPy's getrf makes the same pivot choices except on exact ties of |pivot|
    p_ref, l_ref, u_ref = scipy_linalg.lu(a)
    assert np.abs(np.prod(np.diag(upper))) == pytest.approx(
        np.abs(np.prod(np.diag(u_ref))), rel=1e-8, abs=1e-8 * max(1.0, np.abs(a).max()) ** n)


@FAST
@given(st.integers(1, 7).flatmap(lambda n: arrays(np.float64, (n, n), elements=entries)))
def test_det_lu_matches_numpy(a):
    ref = np.linalg.det(a)
    scale = max(1.0, np.abs(a).max()) ** a.shape[0]
    assert dec.det_lu(a) == pytest.approx(ref, rel=1e-8, abs=1e-9 * scale)


def test_lu_needs_the_swap_for_the_mirror_and_handles_singular_matrices():
    perm, lower, upper, swaps = dec.lu_partial_pivoting([[0.0, 1.0], [1.0, 0.0]])
    assert perm.tolist() == [1, 0] and swaps == 1
    assert dec.det_lu([[0.0, 1.0], [1.0, 0.0]]) == -1.0
    assert dec.det_lu([[1.0, 2.0], [2.0, 4.0]]) == 0.0
    assert dec.det_lu(np.zeros((3, 3))) == 0.0
    m = [[4, 2, 1, 0], [1, 3, 2, 1], [0, 1, 5, 2], [2, 3, 1, 1]]
    assert dec.det_lu(m) == pytest.approx(23.0)
    with pytest.raises(ValueError, match="square"):
        dec.lu_partial_pivoting(np.ones((2, 3)))
    with pytest.raises(ValueError):
        dec.det_lu([[1.0, np.nan], [0.0, 1.0]])


# -- SVD, singular values, low-rank approximation --------------------------------------------------
@FAST
@given(matrices())
def test_svd_reconstructs_its_matrix(a):
    u, s, vt = np.linalg.svd(a, full_matrices=False)
    scale = max(1.0, float(np.abs(a).max()))
    np.testing.assert_allclose(dec.svd_reconstruct(u, s, vt, len(s)), a, atol=1e-9 * scale)
    assert np.all(dec.svd_reconstruct(u, s, vt, 0) == 0)


@FAST
@given(matrices())
def test_svd_signed_pairs_its_signs_and_agrees_with_numpy(a):
    u, s, vt = dec.svd_signed(a)
    ref_u, ref_s, ref_vt = np.linalg.svd(a, full_matrices=False)
    scale = max(1.0, float(np.abs(a).max()))
    np.testing.assert_allclose(s, ref_s, atol=1e-12 * scale)
    np.testing.assert_allclose((u * s) @ vt, a, atol=1e-9 * scale)           # A = U diag(s) Vᵀ
    np.testing.assert_allclose(a @ vt.T, u * s, atol=1e-9 * scale)            # A vᵢ = σᵢ uᵢ
    np.testing.assert_allclose(np.abs(vt), np.abs(ref_vt), atol=1e-12)       # NumPy's, up to sign
    for i in range(len(s)):
        # the convention: the first largest-magnitude entry of each vᵢ is positive
        lead = np.flatnonzero(np.abs(vt[i]) >= (1 - 1e-9) * np.abs(vt[i]).max())[0]
        assert vt[i, lead] > 0
        # and uᵢ was flipped together with vᵢ (a lone flip would change the sign of uᵢvᵢᵀ)
        if ref_s[i] > 1e-9 * scale:
            np.testing.assert_allclose(np.outer(u[:, i], vt[i]), np.outer(ref_u[:, i], ref_vt[i]),
                                       atol=1e-9)


def test_svd_signed_on_the_worked_example_maps_v1_onto_sigma1_u1():
    b = np.array([[1.0, 0.0], [0.0, 2.0], [2.0, 1.0]])
    u, s, vt = dec.svd_signed(b)
    np.testing.assert_allclose(vt[0], [np.sqrt(0.5), np.sqrt(0.5)])
    # closed form: B (1, 1)/√2 = (1, 2, 3)/√2, and σ₁ = √7
    np.testing.assert_allclose(s[0] * u[:, 0], np.array([1.0, 2.0, 3.0]) / np.sqrt(2))
    with pytest.raises(ValueError, match="2-D matrix"):
        dec.svd_signed(np.ones(3))


@FAST
@given(matrices())
def test_singular_values_from_gram_match_numpy_svd(a):
    ref = np.linalg.svd(a, compute_uv=False)
    got = dec.singular_values_from_gram(a)
    assert got.shape == ref.shape
    # squaring costs precision for tiny σ, so compare σ² (the eigenvalues of AᵀA)
    np.testing.assert_allclose(got ** 2, ref ** 2, atol=1e-9 * max(1.0, float(ref.max()) ** 2))


def test_singular_values_of_the_worked_example():
    b = [[1.0, 0.0], [0.0, 2.0], [2.0, 1.0]]
    np.testing.assert_allclose(dec.singular_values_from_gram(b), [math.sqrt(7), math.sqrt(3)])


@FAST
@given(matrices(), st.data())
def test_low_rank_approx_has_rank_k_and_the_eckart_young_error(a, data):
    s = np.linalg.svd(a, compute_uv=False)
    k = data.draw(st.integers(1, min(a.shape)))
    ak = dec.low_rank_approx(a, k)
    assert ak.shape == a.shape
    scale = max(1.0, float(s.max()))
    rank = np.linalg.matrix_rank(ak, tol=1e-7 * scale)
    assert rank == min(k, int(np.sum(s > 1e-7 * scale)))
    err = np.linalg.norm(a - ak)
    assert err == pytest.approx(dec.rank_k_error(s, k), abs=1e-8 * scale)
    assert dec.rank_k_error(s, k) == pytest.approx(math.sqrt(float(np.sum(s[k:] ** 2))),
                                                   abs=1e-12 * scale)


@FAST
@given(matrices(min_side=2), st.data())
def test_eckart_young_beats_a_random_rank_k_matrix(a, data):
    k = data.draw(st.integers(1, min(a.shape) - 1))
    rng = np.random.default_rng(data.draw(st.integers(0, 1000)))
    other = rng.normal(size=(a.shape[0], k)) @ rng.normal(size=(k, a.shape[1]))
    assert np.linalg.norm(a - dec.low_rank_approx(a, k)) <= np.linalg.norm(a - other) + 1e-9


def test_rank_k_error_edges():
    assert dec.rank_k_error([3.0, 4.0], 0) == 5.0
    assert dec.rank_k_error([3.0, 4.0], 2) == 0.0
    assert dec.rank_k_error([4.0, 3.0], 1) == 3.0
    assert dec.rank_k_error([3.0, 4.0], 1) == 3.0   # sorted first
    assert dec.rank_k_error([0.0, 0.0], 1) == 0.0
    assert dec.rank_k_error([1e200, 1e200], 0) == pytest.approx(math.sqrt(2) * 1e200)


@pytest.mark.parametrize("m, n", list(itertools.product([1, 3, 7], [1, 4])))
def test_low_rank_storage(m, n):
    # Count the entries of an actual truncated SVD instead of restating the formula.
    u, s, vt = np.linalg.svd(np.random.default_rng(0).normal(size=(m, n)), full_matrices=False)
    for k in range(0, min(m, n) + 1):
        assert dec.low_rank_storage(m, n, k) == u[:, :k].size + s[:k].size + vt[:k].size


@pytest.mark.parametrize("call, match", [
    (lambda: dec.low_rank_approx(np.ones((3, 2)), 0), "k must be a whole number ≥ 1 and ≤ 2"),
    (lambda: dec.low_rank_approx(np.ones((3, 2)), 3), "k must be a whole number ≥ 1 and ≤ 2"),
    (lambda: dec.low_rank_approx(np.ones(3), 1), "2-D matrix"),
    (lambda: dec.low_rank_approx(np.ones((2, 2, 2)), 1), "2-D matrix"),
    (lambda: dec.low_rank_approx([[1.0, np.inf]], 1), "finite"),
    (lambda: dec.rank_k_error([1.0, -1.0], 1), "≥ 0"),
    (lambda: dec.rank_k_error([[1.0]], 0), "1-D"),
    (lambda: dec.rank_k_error([1.0, 2.0], 3), "k must be a whole number ≥ 0 and ≤ 2"),
    (lambda: dec.low_rank_storage(0, 3, 0), "m must be a whole number ≥ 1"),
    (lambda: dec.low_rank_storage(3, 3, 4), "k must be a whole number ≥ 0 and ≤ 3"),
    (lambda: dec.svd_reconstruct(np.eye(2), np.ones(3), np.eye(2), 1), "thin SVD"),
    (lambda: dec.singular_values_from_gram(np.ones(4)), "2-D matrix"),
])
def test_bad_input_raises_value_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# -- spectral_radius, power_iteration, pca ---------------------------------------------------------
@FAST
@given(st.integers(1, 5).flatmap(lambda n: arrays(np.float64, (n, n), elements=entries)))
def test_spectral_radius_bounds_powers_and_matches_a_root_of_the_polynomial(a):
    rho = dec.spectral_radius(a)
    # Independent reference: the roots of the characteristic polynomial (np.roots, companion form).
    roots = np.roots(np.poly(a)) if a.shape[0] > 0 else np.array([0.0])
    assert rho == pytest.approx(float(np.max(np.abs(roots))), rel=1e-4, abs=1e-4)
    # ρ(A) ≤ ‖A‖₂ for every square matrix.
    assert rho <= np.linalg.norm(a, 2) * (1 + 1e-9) + 1e-12


def test_spectral_radius_of_a_rotation_and_bad_input():
    assert dec.spectral_radius([[0.0, -1.0], [1.0, 0.0]]) == pytest.approx(1.0)
    assert dec.spectral_radius(np.diag([0.5, -3.0, 2.0])) == pytest.approx(3.0)
    with pytest.raises(ValueError, match="square"):
        dec.spectral_radius(np.ones((2, 3)))


@FAST
@given(st.lists(st.floats(0.5, 10.0), min_size=2, max_size=5, unique=True),
       st.integers(0, 2**32 - 1))
def test_power_iteration_finds_the_top_eigenpair(mags, seed):
    rng = np.random.default_rng(seed)
    lam = np.sort(np.array(mags))[::-1]
    if lam[0] < 1.2 * lam[1]:
        lam[0] = 1.2 * lam[1]              # a clear gap: |λ₂/λ₁| ≤ 1/1.2
    q, _ = np.linalg.qr(rng.normal(size=(lam.size, lam.size)))
    a = q @ np.diag(lam) @ q.T
    x0 = q[:, 0] + 0.1 * rng.normal(size=lam.size)   # nonzero component along q₁
    est, vec = dec.power_iteration(a, x0, 400)
    assert est == pytest.approx(lam[0], rel=1e-8)
    assert abs(vec @ q[:, 0]) == pytest.approx(1.0, abs=1e-8)
    assert np.linalg.norm(vec) == pytest.approx(1.0)


def test_power_iteration_rate_is_the_eigenvalue_ratio():
    a = np.diag([4.0, 2.0, 1.0])
    x = np.ones(3) / np.sqrt(3)
    errs = []
    for steps in range(1, 12):
        _, vec = dec.power_iteration(a, x, steps)
        errs.append(np.linalg.norm(vec[1:]))           # sin of the angle to e₁
    ratios = np.array(errs[1:]) / np.array(errs[:-1])
    assert ratios[-1] == pytest.approx(0.5, rel=1e-3)  # |λ₂/λ₁| = 1/2


def test_power_iteration_edge_cases_and_bad_input():
    est, vec = dec.power_iteration(np.diag([1.0, 0.0]), [0.0, 1.0], 5)   # x0 in the null space
    assert est == 0.0 and np.all(np.isfinite(vec))
    with pytest.raises(ValueError, match="nonzero"):
        dec.power_iteration(np.eye(2), [0.0, 0.0])
    with pytest.raises(ValueError, match="length 2"):
        dec.power_iteration(np.eye(2), [1.0, 0.0, 0.0])
    with pytest.raises(ValueError, match="symmetric"):
        dec.power_iteration([[1.0, 2.0], [0.0, 1.0]], [1.0, 0.0])
    with pytest.raises(ValueError, match="num_steps must be a whole number ≥ 0"):
        dec.power_iteration(np.eye(2), [1.0, 0.0], -1)


@FAST
@given(st.integers(2, 30), st.integers(1, 5), st.integers(0, 2**32 - 1))
def test_pca_matches_the_covariance_eigendecomposition(n, d, seed):
    x = np.random.default_rng(seed).normal(size=(n, d)) * np.arange(1, d + 1)
    comps, var, mean = dec.pca(x)
    cov = np.cov(x, rowvar=False).reshape(d, d)          # independent reference
    lam = np.sort(np.linalg.eigvalsh(cov))[::-1]
    r = min(n, d)
    assert np.allclose(var, lam[:r], atol=1e-9 * max(1.0, lam[0]))
    assert np.allclose(mean, x.mean(axis=0))
    assert np.allclose(comps @ comps.T, np.eye(r), atol=1e-9)
    # Each right singular vector is an eigenvector of the covariance, repeated eigenvalues or not.
    assert np.allclose(comps @ cov, var[:, None] * comps, atol=1e-8 * max(1.0, var[0]))


def test_pca_bad_input():
    with pytest.raises(ValueError, match="at least 2 samples"):
        dec.pca([[1.0, 2.0]])
    with pytest.raises(ValueError, match="2-D"):
        dec.pca([1.0, 2.0, 3.0])
