"""Eigendecomposition and SVD: the pure math of chapter 3 (NumPy only).

Eigenvalues of symmetric matrices come in descending order with orthonormal eigenvectors, and
truncated SVDs give the best rank-k approximation of a matrix (Eckart–Young). No function warns
at the edges (a singular matrix, a zero matrix, k = min(m, n)).

Examples
--------
>>> from helpers.decompositions import sym_eig_descending, low_rank_approx
>>> lam, Q = sym_eig_descending([[2.0, 1.0], [1.0, 2.0]])
>>> lam.round(6).tolist()
[3.0, 1.0]
>>> int(np.linalg.matrix_rank(low_rank_approx(np.arange(12.0).reshape(3, 4) ** 2, 1)))
1
"""

from __future__ import annotations

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validate as v

__all__ = [
    "sym_eig_descending",
    "classify_definiteness",
    "DEFINITENESS",
    "characteristic_polynomial_2x2",
    "det_cofactor",
    "lu_partial_pivoting",
    "det_lu",
    "singular_values_from_gram",
    "svd_signed",
    "svd_reconstruct",
    "low_rank_approx",
    "rank_k_error",
    "low_rank_storage",
    "spectral_radius",
    "power_iteration",
    "pca",
]

#: The labels :func:`classify_definiteness` returns.
DEFINITENESS = (
    "positive definite",
    "positive semidefinite",
    "negative definite",
    "negative semidefinite",
    "indefinite",
    "zero",
)

#: Largest matrix :func:`det_cofactor` accepts (its cost grows like n!).
MAX_COFACTOR_SIZE = 8


def _square(a: ArrayLike, name: str) -> NDArray[np.float64]:
    """Check that ``a`` is a non-empty, finite, square 2-D array."""
    arr = v.as_float_array(a, name)
    if arr.ndim != 2 or arr.shape[0] != arr.shape[1] or arr.shape[0] == 0:
        raise ValueError(
            f"{name} must be a square 2-D matrix (n × n, n ≥ 1); got shape {arr.shape}"
        )
    return arr


def _symmetric(a: ArrayLike, name: str) -> NDArray[np.float64]:
    """Check that ``a`` is square and equal to its transpose (up to rounding)."""
    arr = _square(a, name)
    scale = max(1.0, float(np.max(np.abs(arr))))
    gap = float(np.max(np.abs(arr - arr.T)))
    if gap > 1e-10 * scale:
        raise ValueError(
            f"{name} must be symmetric ({name} = {name}ᵀ); its largest mismatch "
            f"|{name}[i, j] − {name}[j, i]| is {gap:.3g}. Use np.linalg.eig for a general matrix"
        )
    return 0.5 * (arr + arr.T)


def _matrix(a: ArrayLike, name: str) -> NDArray[np.float64]:
    """Check that ``a`` is a finite 2-D array with at least one row and one column."""
    arr = v.as_float_array(a, name)
    if arr.ndim != 2 or 0 in arr.shape:
        raise ValueError(f"{name} must be a 2-D matrix (m × n, m, n ≥ 1); got shape {arr.shape}")
    return arr



def _lead_signs(rows: NDArray[np.float64]) -> NDArray[np.float64]:
    """±1 per row: the sign that makes the row's largest-magnitude entry positive (the first such
    entry when several tie up to rounding). The one sign convention of the eigenvectors, singular
    vectors and principal components this module returns."""
    mags = np.abs(rows)
    lead = np.argmax(mags >= (1.0 - 1e-9) * mags.max(axis=1, keepdims=True), axis=1)
    return np.where(rows[np.arange(rows.shape[0]), lead] < 0, -1.0, 1.0)


def sym_eig_descending(a: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Eigenvalues of a real symmetric matrix in descending order, with orthonormal eigenvectors.

    Returns ``(lam, Q)`` with ``a = Q @ np.diag(lam) @ Q.T``, ``lam[0] ≥ lam[1] ≥ …`` and the
    eigenvector of ``lam[i]`` in column ``Q[:, i]``. An eigenvector is fixed only up to sign; each
    column is flipped so that its largest-magnitude entry is positive (the first, of entries
    tied up to rounding), which makes the output
    reproducible. With a repeated eigenvalue any orthonormal basis of its eigenspace is valid; this
    returns the one ``np.linalg.eigh`` finds. Chapter 3.

    Examples
    --------
    >>> lam, Q = sym_eig_descending([[1.0, 0.0], [0.0, 3.0]])
    >>> lam.tolist(), Q.tolist()
    ([3.0, 1.0], [[0.0, 1.0], [1.0, 0.0]])
    """
    arr = _symmetric(a, "A")
    lam, q = np.linalg.eigh(arr)
    lam, q = lam[::-1].copy(), q[:, ::-1].copy()
    return lam, q * _lead_signs(q.T) + 0.0


def classify_definiteness(a: ArrayLike, tol: float | None = None) -> str:
    """Classify a real symmetric matrix by the signs of its eigenvalues.

    Returns one of :data:`DEFINITENESS`: "positive definite" (all λ > 0), "positive semidefinite"
    (all λ ≥ 0, some = 0), "negative definite" (all λ < 0), "negative semidefinite" (all λ ≤ 0, some
    = 0), "indefinite" (both signs) or "zero" (every λ = 0: the zero matrix, which is both positive
    and negative semidefinite). An eigenvalue counts as 0 when ``|λ| ≤ tol``; by default
    ``tol = n · ε · max|λ|``, the size of the rounding error of an eigenvalue solver. Chapter 3.

    Examples
    --------
    >>> classify_definiteness([[2.0, 0.0], [0.0, 1.0]])
    'positive definite'
    >>> classify_definiteness([[1.0, 1.0], [1.0, 1.0]])
    'positive semidefinite'
    >>> classify_definiteness([[1.0, 0.0], [0.0, -1.0]])
    'indefinite'
    """
    if tol is not None:
        tol = v.real_number(tol, "tol", low=0, what="or None for the default")
    lam, _ = sym_eig_descending(a)
    if tol is None:
        tol = lam.size * np.finfo(float).eps * float(np.max(np.abs(lam)))
    pos, neg = bool(np.any(lam > tol)), bool(np.any(lam < -tol))
    zero = bool(np.any(np.abs(lam) <= tol))
    if pos and neg:
        return "indefinite"
    if pos:
        return "positive semidefinite" if zero else "positive definite"
    if neg:
        return "negative semidefinite" if zero else "negative definite"
    return "zero"


def characteristic_polynomial_2x2(a: ArrayLike) -> NDArray[np.float64]:
    """Coefficients of det(A − λI) = λ² − tr(A) λ + det(A) for a 2 × 2 matrix, highest power first.

    The same convention as ``np.poly(A)``, so ``np.roots`` of the result gives the eigenvalues.
    Chapter 3.

    Examples
    --------
    >>> characteristic_polynomial_2x2([[5.0, 2.0], [2.0, 5.0]]).tolist()
    [1.0, -10.0, 21.0]
    """
    arr = _square(a, "A")
    if arr.shape != (2, 2):
        raise ValueError(
            f"A must be 2 × 2 (use np.poly for larger matrices); got shape {arr.shape}"
        )
    trace = arr[0, 0] + arr[1, 1]
    det = arr[0, 0] * arr[1, 1] - arr[0, 1] * arr[1, 0]
    return np.array([1.0, -trace, det]) + 0.0


def det_cofactor(a: ArrayLike) -> float:
    """Determinant by cofactor (Laplace) expansion along the first row, recursively.

    det A = Σⱼ (−1)ʲ a₀ⱼ det(A without row 0 and column j). It costs about n! operations, so it is
    a check for small matrices (n ≤ 8), not a replacement for ``np.linalg.det`` (which uses an LU
    factorization with partial pivoting, see :func:`lu_partial_pivoting`). The input is converted
    to float64, so on integer entries the result is exact only while every partial product and
    sum stays below 2⁵³ in magnitude. Chapter 3.

    Examples
    --------
    >>> det_cofactor([[1.0, 2.0], [3.0, 4.0]])
    -2.0
    """
    arr = _square(a, "A")
    n = arr.shape[0]
    if n > MAX_COFACTOR_SIZE:
        raise ValueError(
            f"A is {n} × {n}; cofactor expansion costs about n! steps, so it accepts at most "
            f"{MAX_COFACTOR_SIZE} × {MAX_COFACTOR_SIZE}. Use np.linalg.det for larger matrices"
        )
    return float(_cofactor(arr)) + 0.0


def _cofactor(arr: NDArray) -> float:
    n = arr.shape[0]
    if n == 1:
        return float(arr[0, 0])
    if n == 2:
        return float(arr[0, 0] * arr[1, 1] - arr[0, 1] * arr[1, 0])
    total = 0.0
    for j in range(n):
        if arr[0, j] != 0:
            minor = np.delete(arr[1:], j, axis=1)
            total += (-1) ** j * arr[0, j] * _cofactor(minor)
    return total


def lu_partial_pivoting(a: ArrayLike) -> tuple[NDArray[np.int64], NDArray[np.float64],
                                                  NDArray[np.float64], int]:
    """LU factorization with partial pivoting, PA = LU, by Gaussian elimination.

    At step j the row with the largest ``|A[i, j]|`` among rows j, j+1, … is swapped into row j
    (the pivot), then multiples of it are subtracted from the rows below to zero column j. Returns
    ``(perm, L, U, swaps)``: ``A[perm] = L @ U`` with ``L`` unit lower triangular (every
    ``|L[i, j]| ≤ 1``), ``U`` upper triangular, and ``swaps`` the number of row swaps made, so
    that det A = (−1)^swaps · ∏ U[i, i]. This is what LAPACK's ``getrf`` (behind
    ``np.linalg.det`` and ``np.linalg.solve``) computes. It exists for every square matrix,
    singular ones included (a zero pivot column is skipped, leaving a 0 on the diagonal of U),
    whereas an LU factorization *without* row swaps fails as soon as a pivot is 0, as for
    [[0, 1], [1, 0]]. Chapter 3.

    Examples
    --------
    >>> perm, L, U, swaps = lu_partial_pivoting([[0.0, 1.0], [1.0, 0.0]])
    >>> perm.tolist(), U.tolist(), swaps
    ([1, 0], [[1.0, 0.0], [0.0, 1.0]], 1)
    """
    u = _square(a, "A").copy()
    n = u.shape[0]
    perm = np.arange(n)
    lower = np.eye(n)
    swaps = 0
    for j in range(n - 1):
        p = j + int(np.argmax(np.abs(u[j:, j])))
        if p != j:
            u[[j, p]] = u[[p, j]]
            perm[[j, p]] = perm[[p, j]]
            lower[[j, p], :j] = lower[[p, j], :j]
            swaps += 1
        if u[j, j] == 0.0:
            continue  # the whole column below the diagonal is 0 already
        factors = u[j + 1:, j] / u[j, j]
        lower[j + 1:, j] = factors
        u[j + 1:] -= np.outer(factors, u[j])
        u[j + 1:, j] = 0.0
    return perm, lower + 0.0, u + 0.0, swaps


def det_lu(a: ArrayLike) -> float:
    """Determinant from an LU factorization with partial pivoting: (−1)^swaps · ∏ U[i, i].

    About n³/3 multiplications, like ``np.linalg.det``, instead of the n! of
    :func:`det_cofactor`. Chapter 3.

    Examples
    --------
    >>> det_lu([[0.0, 1.0], [1.0, 0.0]])
    -1.0
    """
    _, _, u, swaps = lu_partial_pivoting(a)
    return float((-1) ** swaps * np.prod(np.diag(u))) + 0.0


def singular_values_from_gram(a: ArrayLike) -> NDArray[np.float64]:
    """Singular values of an m × n matrix as the square roots of the eigenvalues of AᵀA.

    Returns the min(m, n) largest, in descending order. Eigenvalues of AᵀA that rounding pushed a
    hair below zero are clipped to 0 before the square root. This squares the matrix's condition
    number, so ``np.linalg.svd`` is more accurate for tiny singular values; this function shows
    *why* they are what they are. Chapter 3.

    Examples
    --------
    >>> (singular_values_from_gram([[1.0, 0.0], [0.0, 2.0], [2.0, 1.0]]) ** 2).round(10).tolist()
    [7.0, 3.0]
    """
    arr = _matrix(a, "A")
    lam, _ = sym_eig_descending(arr.T @ arr)
    r = min(arr.shape)
    return np.sqrt(np.clip(lam[:r], 0.0, None))


def svd_signed(a: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64],
                                      NDArray[np.float64]]:
    """Thin SVD ``(U, s, Vᵀ)`` with a fixed sign for each pair of singular vectors.

    A pair (uᵢ, vᵢ) is fixed only up to a common sign: flipping both keeps A vᵢ = σᵢ uᵢ and
    A = U diag(s) Vᵀ, flipping one alone breaks them. Each right singular vector vᵢ (row i of
    ``Vt``) is flipped so that its largest-magnitude entry is positive (the first such entry, when
    several tie up to rounding), the convention of :func:`sym_eig_descending`, and uᵢ is flipped
    with it. The result is reproducible, and the figures of chapter 3 draw vᵢ and σᵢuᵢ from it.
    Returns arrays of shapes (m, p), (p,) and (p, n), p = min(m, n), as
    ``np.linalg.svd(a, full_matrices=False)`` does. Chapter 3.

    Examples
    --------
    >>> U, s, Vt = svd_signed([[1.0, 0.0], [0.0, 2.0], [2.0, 1.0]])
    >>> (s ** 2).round(6).tolist(), (Vt[0] * np.sqrt(2)).round(6).tolist()
    ([7.0, 3.0], [1.0, 1.0])
    >>> bool(np.allclose(np.array([[1.0, 0.0], [0.0, 2.0], [2.0, 1.0]]) @ Vt[0], s[0] * U[:, 0]))
    True
    """
    arr = _matrix(a, "A")
    u, s, vt = np.linalg.svd(arr, full_matrices=False)
    signs = _lead_signs(vt)
    return u * signs + 0.0, s, vt * signs[:, None] + 0.0


def svd_reconstruct(u: ArrayLike, s: ArrayLike, vt: ArrayLike, k: int) -> NDArray[np.float64]:
    """Rebuild Σᵢ<ₖ σᵢ uᵢ vᵢᵀ from a thin SVD ``(U, s, Vᵀ)`` as ``np.linalg.svd`` returns it.

    ``k`` counts the leading singular triplets kept, 0 ≤ k ≤ len(s) (k = 0 gives the zero matrix).
    Computing the SVD once and calling this for many k is how the rank slider of chapter 3 stays
    fast. Chapter 3.

    Examples
    --------
    >>> U, s, Vt = np.linalg.svd(np.eye(2), full_matrices=False)
    >>> svd_reconstruct(U, s, Vt, 2).tolist()
    [[1.0, 0.0], [0.0, 1.0]]
    """
    ua, sa, vta = v.as_float_array(u, "U"), v.as_float_array(s, "s"), v.as_float_array(vt, "Vt")
    if sa.ndim != 1 or ua.ndim != 2 or vta.ndim != 2 or ua.shape[1] < sa.size or \
            vta.shape[0] < sa.size:
        raise ValueError(
            "expected a thin SVD: U of shape (m, r), s of shape (r,), Vt of shape (r, n); "
            f"got {ua.shape}, {sa.shape}, {vta.shape}"
        )
    k = v.whole_number(k, "k", least=0, most=sa.size, what="the number of singular values kept")
    return (ua[:, :k] * sa[:k]) @ vta[:k] + 0.0


def low_rank_approx(a: ArrayLike, k: int) -> NDArray[np.float64]:
    """Best rank-k approximation of a matrix: its SVD truncated to the k largest singular values.

    By the Eckart–Young theorem no matrix of rank ≤ k is closer to ``a`` in the Frobenius (or
    spectral) norm. ``k`` must be an integer in [1, min(m, n)]. Chapter 3.

    Examples
    --------
    >>> A = np.array([[3.0, 0.0], [0.0, 1.0]])
    >>> low_rank_approx(A, 1).tolist()
    [[3.0, 0.0], [0.0, 0.0]]
    """
    arr = _matrix(a, "A")
    k = v.whole_number(k, "k", least=1, most=min(arr.shape),
                       what=f"the rank kept, at most min(m, n) for shape {arr.shape}")
    u, s, vt = np.linalg.svd(arr, full_matrices=False)
    return svd_reconstruct(u, s, vt, k)


def rank_k_error(singular_values: ArrayLike, k: int) -> float:
    """Frobenius error ‖A − Aₖ‖_F of the best rank-k approximation: √(Σ_{i>k} σᵢ²),
    the sum over the singular values after the k largest (indices counted from 1).

    ``singular_values`` are all of A's singular values (any order is fine, they are sorted in
    descending order first; they must be ≥ 0); ``k`` is an integer in [0, len(σ)]. Chapter 3.

    Examples
    --------
    >>> rank_k_error([3.0, 4.0, 0.0], 0)
    5.0
    >>> rank_k_error([4.0, 3.0], 1)
    3.0
    """
    s = v.as_float_array(singular_values, "singular_values")
    if s.ndim != 1 or s.size == 0:
        raise ValueError(
            f"singular_values must be a non-empty 1-D array; got shape {s.shape}"
        )
    if np.any(s < 0):
        raise ValueError(f"singular values are ≥ 0; got {float(s.min()):g}")
    k = v.whole_number(k, "k", least=0, most=s.size, what="the number of singular values kept")
    tail = np.sort(s)[::-1][k:]
    if tail.size == 0:
        return 0.0
    scale = float(tail.max())
    if scale == 0.0:
        return 0.0
    return scale * float(np.sqrt(np.sum((tail / scale) ** 2)))


def low_rank_storage(m: int, n: int, k: int) -> int:
    """Numbers stored for a rank-k SVD of an m × n matrix: k(m + n + 1) (k columns of U, k rows of
    Vᵀ and k singular values), against m·n for the matrix itself. Chapter 3.

    Examples
    --------
    >>> low_rank_storage(100, 80, 5), 100 * 80
    (905, 8000)
    """
    m = v.whole_number(m, "m", least=1, what="a matrix dimension")
    n = v.whole_number(n, "n", least=1, what="a matrix dimension")
    k = v.whole_number(k, "k", least=0, most=min(m, n), what="the rank kept, at most min(m, n)")
    return k * (m + n + 1)


def spectral_radius(a: ArrayLike) -> float:
    """Spectral radius ρ(A) = maxᵢ |λᵢ| of a square matrix (complex eigenvalues included).

    For a diagonalizable A it sets how fast ‖Aᵗx‖ grows (ρ > 1) or decays (ρ < 1) once the
    dominant eigenvector's component of x is nonzero. Chapter 3.

    Examples
    --------
    >>> round(spectral_radius([[0.0, -2.0], [2.0, 0.0]]), 12)   # eigenvalues ±2i
    2.0
    """
    arr = _square(a, "A")
    return float(np.max(np.abs(np.linalg.eigvals(arr))))


def power_iteration(a: ArrayLike, x0: ArrayLike, num_steps: int = 100
                    ) -> tuple[float, NDArray[np.float64]]:
    """Top eigenpair of a real symmetric matrix by power iteration: x ← Ax / ‖Ax‖, repeated.

    Returns ``(lam, q)``: the Rayleigh quotient qᵀAq and the unit vector q after ``num_steps``
    steps, its sign fixed so that its largest-magnitude entry is positive. It converges to the
    eigenvector of the eigenvalue of largest magnitude when that magnitude is strictly larger than
    every other eigenvalue's and x0 has a nonzero component along it; the angle error shrinks by
    about (second-largest |λ|) / (largest |λ|) per step, which is λ₂/λ₁ for a positive
    semidefinite matrix with eigenvalues λ₁ ≥ λ₂ ≥ … ≥ 0. If Ax becomes 0 (x0 in the null space), the current x is returned.
    Chapter 3.

    Examples
    --------
    >>> lam, q = power_iteration([[2.0, 1.0], [1.0, 2.0]], [1.0, 0.0], 60)
    >>> round(lam, 10), q.round(6).tolist()
    (3.0, [0.707107, 0.707107])
    """
    arr = _symmetric(a, "A")
    x = v.as_float_array(x0, "x0")
    if x.shape != (arr.shape[0],):
        raise ValueError(
            f"x0 must be a vector of length {arr.shape[0]} (A is {arr.shape[0]} × "
            f"{arr.shape[0]}); got shape {x.shape}"
        )
    if not np.any(x):
        raise ValueError("x0 must be a nonzero vector (power iteration normalizes it)")
    steps = v.whole_number(num_steps, "num_steps", least=0, most=10**7)
    x = x / np.linalg.norm(x)
    for _ in range(steps):
        y = arr @ x
        norm = float(np.linalg.norm(y))
        if norm == 0.0:
            break
        x = y / norm
    if x[np.argmax(np.abs(x))] < 0:
        x = -x
    return float(x @ arr @ x), x + 0.0


def pca(x: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """Principal component analysis of a data matrix with one sample per row (n × d, n ≥ 2).

    Centers each column, takes the thin SVD Xc = U diag(σ) Vᵀ and returns ``(components,
    explained_variance, mean)``: the principal directions as the rows of Vᵀ (each with its
    largest-magnitude entry positive), the variances σᵢ²/(n − 1) along them in descending order
    (the eigenvalues of the sample covariance matrix), and the column means. Chapter 3.

    Examples
    --------
    >>> comps, var, mean = pca([[0.0, 0.0], [2.0, 2.0], [4.0, 4.0]])
    >>> comps.round(6).tolist()[0], var.round(6).tolist(), mean.tolist()
    ([0.707107, 0.707107], [8.0, 0.0], [2.0, 2.0])
    """
    arr = _matrix(x, "X")
    if arr.shape[0] < 2:
        raise ValueError(
            f"X must have at least 2 samples (rows) to estimate a variance; got shape {arr.shape}"
        )
    mean = arr.mean(axis=0)
    _, s, vt = np.linalg.svd(arr - mean, full_matrices=False)
    return vt * _lead_signs(vt)[:, None] + 0.0, s**2 / (arr.shape[0] - 1) + 0.0, mean + 0.0
