"""Matrix products, linear maps, number formats and norms: the pure math of chapter 2 (NumPy only).

Vectors are 1-D arrays and matrices 2-D arrays; a function that expects one rejects the other with
a ``ValueError`` that names the shape it got. No function warns at its edges (a zero vector, a
singular matrix, p = 1 or p = ∞).

Examples
--------
>>> from helpers.linalg import lp_norm, l0_count
>>> lp_norm([3.0, -4.0], 2)
5.0
>>> l0_count([0.0, 2.5, 0.0, -1.0])
2
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validate as v

__all__ = [
    "matmul_loops",
    "matmul_outer",
    "chain_flops",
    "lp_norm",
    "l0_count",
    "frobenius_norm",
    "cosine_similarity",
    "lp_unit_circle",
    "relative_residual",
    "orthogonal_projection",
    "soft_threshold",
    "ridge_regression",
    "lasso_proximal_gradient",
    "in_column_space",
    "hilbert",
    "rotation_matrix",
    "is_symmetric",
    "is_orthogonal",
    "lora_parameter_count",
    "to_bfloat16",
    "to_tf32",
    "quantize_int8",
    "dequantize_int8",
]

#: The largest finite float32; larger magnitudes cannot be stored in FP32 or BF16.
_FLOAT32_MAX = float(np.finfo(np.float32).max)
#: Below this max|x|, the INT8 scale max|x| / 127 would be a subnormal float64 (imprecise or 0).
_TINY_SCALE_LIMIT = 127.0 * float(np.finfo(np.float64).tiny)


# -- private checks ------------------------------------------------------------------------------
def _vector(x: ArrayLike, name: str) -> NDArray[np.float64]:
    arr = v.as_float_array(x, name)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D vector; got shape {arr.shape}")
    return arr


def _matrix(a: ArrayLike, name: str) -> NDArray[np.float64]:
    arr = v.as_float_array(a, name)
    if arr.ndim != 2 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 2-D matrix; got shape {arr.shape}")
    return arr


def _square(a: ArrayLike, name: str) -> NDArray[np.float64]:
    arr = _matrix(a, name)
    if arr.shape[0] != arr.shape[1]:
        raise ValueError(f"{name} must be a square matrix (n × n); got shape {arr.shape}")
    return arr


def _check_p(p: object) -> float:
    """The p of an Lp norm: a real number ≥ 1, or ∞."""
    return v.real_number(p, "p", low=1, allow_inf=True,
                         hint="For p < 1 the triangle inequality fails, so it is not a norm; for "
                              "the number of non-zero entries (the so-called L0 'norm') use "
                              "l0_count(x)")


def _lp_rows(arr: NDArray, p: float, axis: int = -1) -> NDArray[np.float64]:
    """Lp norms along ``axis``, scaled by the largest magnitude so large p cannot overflow."""
    mag = np.abs(arr)
    top = np.max(mag, axis=axis, keepdims=True)
    if p == math.inf:
        return np.squeeze(top, axis=axis)
    safe = np.where(top > 0, top, 1.0)
    total = np.sum((mag / safe) ** p, axis=axis)  # every term ≤ 1 and the largest is 1
    return np.squeeze(safe, axis=axis) * total ** (1.0 / p) * np.squeeze(top > 0, axis=axis)


# -- products ------------------------------------------------------------------------------------
def _product_operands(a: ArrayLike, b: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """A and B as float matrices whose product AB is defined (A m × n, B n × p)."""
    am, bm = _matrix(a, "a"), _matrix(b, "b")
    if am.shape[1] != bm.shape[0]:
        raise ValueError(
            f"cannot multiply a of shape {am.shape} by b of shape {bm.shape}: the columns of a "
            f"({am.shape[1]}) must equal the rows of b ({bm.shape[0]})"
        )
    return am, bm


def matmul_loops(a: ArrayLike, b: ArrayLike) -> NDArray[np.float64]:
    """Matrix product C = AB from its definition C[i, j] = Σₖ A[i, k] B[k, j] (chapter 2).

    A teaching version written with explicit loops over i and j (each entry is the dot product of
    row i of A with column j of B); use ``a @ b`` in real code. A must be m × n and B n × p.

    Examples
    --------
    >>> matmul_loops([[1, 2], [3, 4]], [[5], [7]]).tolist()
    [[19.0], [43.0]]
    """
    am, bm = _product_operands(a, b)
    c = np.zeros((am.shape[0], bm.shape[1]))
    for i in range(am.shape[0]):
        for j in range(bm.shape[1]):
            c[i, j] = float(np.sum(am[i, :] * bm[:, j]))
    return c


def matmul_outer(a: ArrayLike, b: ArrayLike) -> NDArray[np.float64]:
    """Matrix product AB as a sum of outer products, AB = Σₖ A[:, k] B[k, :] (chapter 2).

    The column-times-row reading of a product: term k is the outer product of column k of A with
    row k of B, an m × p matrix whose columns are all multiples of A[:, k]. A teaching version;
    use ``a @ b`` in real code. A must be m × n and B n × p.

    Examples
    --------
    >>> matmul_outer([[1, 2], [3, 4]], [[5, 6], [7, 8]]).tolist()
    [[19.0, 22.0], [43.0, 50.0]]
    """
    am, bm = _product_operands(a, b)
    c = np.zeros((am.shape[0], bm.shape[1]))
    for k in range(am.shape[1]):
        c += np.outer(am[:, k], bm[k, :])
    return c


def chain_flops(*shapes: tuple[int, int], order: Literal["left", "right"] = "left") -> int:
    """Floating-point operations of a chain of matrix products evaluated in a given order.

    Multiplying an m × n by an n × p matrix costs m·p dot products of length n, counted as
    2mnp operations (n multiplications and n additions each). ``order="left"`` evaluates
    ((M₁M₂)M₃)…, ``order="right"`` evaluates M₁(…(Mₖ₋₁Mₖ)). A vector is a matrix with one
    column (shape (n, 1)) or one row.

    Parameters
    ----------
    *shapes : tuple of two positive ints
        The shapes (rows, columns) of M₁, …, Mₖ, k ≥ 2; consecutive inner sizes must agree.
    order : {"left", "right"}
        Which end of the chain is multiplied first.

    Examples
    --------
    >>> chain_flops((100, 100), (100, 100), (100, 1), order="left")   # (AB)x
    2020000
    >>> chain_flops((100, 100), (100, 100), (100, 1), order="right")  # A(Bx)
    40000
    """
    if order not in ("left", "right"):
        raise ValueError(f'order must be "left" or "right"; got {order!r}')
    if len(shapes) < 2:
        raise ValueError(f"need the shapes of at least two matrices; got {len(shapes)}")
    dims = []
    for i, shape in enumerate(shapes):
        if not isinstance(shape, tuple) or len(shape) != 2:
            raise ValueError(f"shape {i} must be a (rows, columns) tuple; got {shape!r}")
        dims.append(tuple(v.whole_number(d, f"shapes[{i}] entry", least=1) for d in shape))
    for i in range(len(dims) - 1):
        if dims[i][1] != dims[i + 1][0]:
            raise ValueError(
                f"shapes {dims[i]} and {dims[i + 1]} do not chain: the columns of matrix {i} "
                f"({dims[i][1]}) must equal the rows of matrix {i + 1} ({dims[i + 1][0]})"
            )
    total = 0
    if order == "left":
        rows, inner = dims[0]
        for _, cols in dims[1:]:
            total += 2 * rows * inner * cols
            inner = cols
    else:
        inner, cols = dims[-1]
        for rows, _ in reversed(dims[:-1]):
            total += 2 * rows * inner * cols
            inner = rows
    return total


# -- norms ---------------------------------------------------------------------------------------
def lp_norm(x: ArrayLike, p: float) -> float:
    """The Lp norm ‖x‖ₚ = (Σᵢ |xᵢ|ᵖ)^(1/p) of a vector, for p ≥ 1 or p = np.inf (chapter 2).

    p = 1 is the sum of magnitudes, p = 2 the Euclidean length and p = ∞ the largest magnitude.
    Values p < 1 raise ``ValueError``: they break the triangle inequality. The count of non-zero
    entries (the "L0 norm") is :func:`l0_count`.

    Examples
    --------
    >>> [lp_norm([3.0, -4.0], p) for p in (1, 2, np.inf)]
    [7.0, 5.0, 4.0]
    """
    pf = _check_p(p)
    return float(_lp_rows(_vector(x, "x"), pf))


def l0_count(x: ArrayLike) -> int:
    """The number of non-zero entries of a vector, often called the "L0 norm" (chapter 2).

    It is not a norm: scaling x by 2 does not double it (homogeneity fails).

    Examples
    --------
    >>> l0_count([0.0, 3.0, -0.5])
    2
    """
    return int(np.count_nonzero(_vector(x, "x")))


def frobenius_norm(a: ArrayLike) -> float:
    """Frobenius norm ‖A‖_F = √(Σᵢⱼ Aᵢⱼ²) of a matrix: the L2 norm of its entries (chapter 2).

    Examples
    --------
    >>> frobenius_norm([[1.0, 2.0], [2.0, 4.0]])
    5.0
    """
    am = _matrix(a, "a")
    return float(_lp_rows(am.ravel(), 2.0))


def cosine_similarity(x: ArrayLike, y: ArrayLike) -> float:
    """cos θ = xᵀy / (‖x‖₂ ‖y‖₂) for two non-zero vectors of the same length (chapter 2).

    Examples
    --------
    >>> round(cosine_similarity([1.0, 0.0], [1.0, 1.0]), 6)  # cos 45°
    0.707107
    """
    xa, ya = _vector(x, "x"), _vector(y, "y")
    v.same_shape(xa, ya, "x", "y")
    nx, ny = float(_lp_rows(xa, 2.0)), float(_lp_rows(ya, 2.0))
    if nx == 0 or ny == 0:
        raise ValueError("cosine similarity needs two non-zero vectors; one of them is all zeros")
    c = float(np.dot(xa / nx, ya / ny))
    return min(1.0, max(-1.0, c))


def lp_unit_circle(p: float, n: int = 401, *, allow_quasi: bool = False) -> NDArray[np.float64]:
    """``n`` points (an n × 2 array, closed: last = first) on the unit circle {x : ‖x‖ₚ = 1} in 2-D.

    Each direction (cos t, sin t) is divided by its Lp norm, so p = 1 gives a diamond, p = 2 the
    round circle and p = ∞ a square (chapter 2). With ``allow_quasi=True``, 0 < p < 1 is accepted
    too: the formula then gives a star-shaped, non-convex curve (not a norm's unit circle).

    Examples
    --------
    >>> pts = lp_unit_circle(1, n=5)
    >>> np.round(pts, 12).tolist()
    [[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [-0.0, -1.0], [1.0, -0.0]]
    >>> mid = lp_unit_circle(0.5, n=9, allow_quasi=True)[1]   # the direction at 45°
    >>> np.round(mid, 12).tolist()
    [0.25, 0.25]
    """
    if allow_quasi:
        pf = v.real_number(p, "p", low=0, low_open=True, allow_inf=True)
    else:
        pf = _check_p(p)
    n = v.whole_number(n, "n", least=3, what="points, to trace a closed curve")
    t = np.linspace(0.0, 2 * np.pi, n)
    u = np.column_stack([np.cos(t), np.sin(t)])
    return u / _lp_rows(u, pf, axis=1)[:, None]


# -- residuals, projections, regularized fits ---------------------------------------------------
def relative_residual(a: ArrayLike, x: ArrayLike, b: ArrayLike) -> float:
    """Backward error ‖Ax − b‖₂ / (‖A‖₂ ‖x‖₂) of a computed solution x of Ax = b (chapter 2).

    A solver is backward stable when this is a small multiple of the machine epsilon: x then
    solves a system whose matrix differs from A by that relative amount. ‖A‖₂ is the operator
    (spectral) norm. For x = 0 the denominator is 0 and the result is ‖b‖₂ relative to nothing:
    ``inf`` if b ≠ 0, 0.0 if b = 0.

    Examples
    --------
    >>> relative_residual([[2.0, 0.0], [0.0, 1.0]], [1.0, 0.0], [2.0, 0.5])
    0.25
    """
    am = _matrix(a, "a")
    xv, bv = _vector(x, "x"), _vector(b, "b")
    if xv.shape[0] != am.shape[1] or bv.shape[0] != am.shape[0]:
        raise ValueError(
            f"a of shape {am.shape} needs x with {am.shape[1]} entries and b with {am.shape[0]}; "
            f"got {xv.shape[0]} and {bv.shape[0]}"
        )
    r = float(np.linalg.norm(am @ xv - bv))
    scale = float(np.linalg.norm(am, 2)) * float(np.linalg.norm(xv))
    if scale == 0.0:
        return 0.0 if r == 0.0 else math.inf
    return r / scale


def orthogonal_projection(x: ArrayLike, y: ArrayLike) -> NDArray[np.float64]:
    """The orthogonal projection ŷ = Xw of y onto the column space of X (chapter 2).

    ``w`` is a least-squares solution of Xw ≈ y (``np.linalg.lstsq``), so the residual y − ŷ is
    orthogonal to every column of X: Xᵀ(y − ŷ) = 0. X is n × d with samples as rows; it need not
    have full column rank (ŷ is unique even when w is not).

    Examples
    --------
    >>> X = [[1.0, 0.0], [0.0, 1.0], [0.0, 0.0]]
    >>> orthogonal_projection(X, [3.0, 4.0, 5.0]).tolist()
    [3.0, 4.0, 0.0]
    """
    xm, yv = _matrix(x, "x"), _vector(y, "y")
    if yv.shape[0] != xm.shape[0]:
        raise ValueError(
            f"y must have one entry per row (sample) of x ({xm.shape[0]}); got {yv.shape[0]}"
        )
    w = np.linalg.lstsq(xm, yv, rcond=None)[0]
    return xm @ w


def soft_threshold(z: ArrayLike, lam: float) -> NDArray[np.float64]:
    """sign(z) · max(|z| − λ, 0), entrywise: the minimizer of ½(w − z)² + λ|w| (chapter 2).

    This is why an L1 penalty produces exact zeros: every |z| ≤ λ maps to 0. ``lam`` must be ≥ 0.

    Examples
    --------
    >>> soft_threshold([-3.0, -0.5, 0.2, 2.0], 1.0).tolist()
    [-2.0, 0.0, 0.0, 1.0]
    """
    za = v.as_float_array(z, "z")
    lam = v.real_number(lam, "lam", low=0)
    return np.sign(za) * np.maximum(np.abs(za) - lam, 0.0) + 0.0  # + 0.0 turns −0.0 into 0.0


def ridge_regression(x: ArrayLike, y: ArrayLike, lam: float) -> NDArray[np.float64]:
    """Minimizer of ½‖Xw − y‖₂² + (λ/2)‖w‖₂²: the solution of (XᵀX + λI)w = Xᵀy (chapter 2).

    The L2 penalty ("weight decay") shrinks every weight toward 0 but leaves it non-zero in
    general. X is n × d (samples as rows); λ must be ≥ 0, and λ = 0 needs X of full column rank.

    Examples
    --------
    >>> ridge_regression([[1.0, 0.0], [0.0, 1.0]], [2.0, -4.0], 1.0).tolist()
    [1.0, -2.0]
    """
    xm, yv = _matrix(x, "x"), _vector(y, "y")
    if yv.shape[0] != xm.shape[0]:
        raise ValueError(
            f"y must have one entry per row (sample) of x ({xm.shape[0]}); got {yv.shape[0]}"
        )
    lam = v.real_number(lam, "lam", low=0)
    gram = xm.T @ xm + lam * np.eye(xm.shape[1])
    if lam == 0.0 and np.linalg.matrix_rank(xm) < xm.shape[1]:
        raise ValueError("with lam = 0, x must have full column rank (independent columns); "
                         "use lam > 0 or np.linalg.lstsq")
    return np.linalg.solve(gram, xm.T @ yv)


def lasso_proximal_gradient(x: ArrayLike, y: ArrayLike, lam: float,
                            steps: int = 500) -> NDArray[np.float64]:
    """Approximate minimizer of ½‖Xw − y‖₂² + λ‖w‖₁ by proximal gradient descent (chapter 2).

    Each step takes a gradient step on the smooth part with step size 1/‖X‖₂² and then applies
    :func:`soft_threshold` with threshold λ/‖X‖₂² (the ISTA iteration), starting from w = 0.
    Entries the threshold sets to 0 are exactly 0. X is n × d (samples as rows); λ ≥ 0.

    Examples
    --------
    >>> lasso_proximal_gradient([[1.0, 0.0], [0.0, 1.0]], [3.0, 0.5], 1.0).tolist()
    [2.0, 0.0]
    """
    xm, yv = _matrix(x, "x"), _vector(y, "y")
    if yv.shape[0] != xm.shape[0]:
        raise ValueError(
            f"y must have one entry per row (sample) of x ({xm.shape[0]}); got {yv.shape[0]}"
        )
    lam = v.real_number(lam, "lam", low=0)
    steps = v.whole_number(steps, "steps", least=1)
    lipschitz = float(np.linalg.norm(xm, 2)) ** 2
    w = np.zeros(xm.shape[1])
    if lipschitz == 0.0:
        return w
    for _ in range(steps):
        w = soft_threshold(w - xm.T @ (xm @ w - yv) / lipschitz, lam / lipschitz)
    return w


# -- span, rank, special matrices ----------------------------------------------------------------
def in_column_space(a: ArrayLike, b: ArrayLike, tol: float | None = None) -> bool:
    """True if b is a linear combination of the columns of A, i.e. Ax = b has a solution (ch. 2).

    Compares the rank of A with the rank of A with b appended as a column (the same rank means b
    adds no new direction). ``tol`` is passed to ``np.linalg.matrix_rank``.

    Examples
    --------
    >>> a = [[180, 75], [160, 50], [175, 80]]
    >>> in_column_space(a, [138, 116, 137]), in_column_space(a, [100, 0, 50])
    (True, False)
    """
    am = _matrix(a, "a")
    bv = _vector(b, "b")
    if tol is not None:
        tol = v.real_number(tol, "tol", low=0)
    if bv.shape[0] != am.shape[0]:
        raise ValueError(
            f"b must have one entry per row of a ({am.shape[0]}); got {bv.shape[0]} entries"
        )
    aug = np.column_stack([am, bv])
    return bool(np.linalg.matrix_rank(aug, tol=tol) == np.linalg.matrix_rank(am, tol=tol))


def hilbert(n: int) -> NDArray[np.float64]:
    """The n × n Hilbert matrix H[i, j] = 1 / (i + j + 1), a classic ill-conditioned matrix (ch. 2).

    Examples
    --------
    >>> hilbert(2).tolist()
    [[1.0, 0.5], [0.5, 0.3333333333333333]]
    """
    n = v.whole_number(n, "n", least=1)
    i = np.arange(n)
    return 1.0 / (i[:, None] + i[None, :] + 1.0)


def rotation_matrix(theta: float) -> NDArray[np.float64]:
    """The 2 × 2 matrix that rotates the plane by ``theta`` radians counter-clockwise (chapter 2).

    It is orthogonal: RᵀR = I, so its inverse is its transpose (the rotation by −theta).

    Examples
    --------
    >>> np.round(rotation_matrix(np.pi / 2) @ [1.0, 0.0], 12).tolist()
    [0.0, 1.0]
    """
    t = v.real_number(theta, "theta")
    c, s = math.cos(t), math.sin(t)
    return np.array([[c, -s], [s, c]])


def is_symmetric(a: ArrayLike, atol: float = 1e-10) -> bool:
    """True if the square matrix A equals its transpose, entry by entry within ``atol`` (ch. 2).

    Examples
    --------
    >>> a = np.array([[1, 2, 3], [4, 5, 6]])
    >>> is_symmetric(a.T @ a), is_symmetric([[1, 2], [3, 4]])
    (True, False)
    """
    am = _square(a, "a")
    atol = v.real_number(atol, "atol", low=0)
    return bool(np.allclose(am, am.T, rtol=0.0, atol=atol))


def is_orthogonal(a: ArrayLike, atol: float = 1e-10) -> bool:
    """True if the square matrix A satisfies AᵀA = I within ``atol`` (orthonormal columns, ch. 2).

    Examples
    --------
    >>> is_orthogonal(rotation_matrix(0.3)), is_orthogonal([[2.0, 0.0], [0.0, 1.0]])
    (True, False)
    """
    am = _square(a, "a")
    atol = v.real_number(atol, "atol", low=0)
    return bool(np.allclose(am.T @ am, np.eye(am.shape[0]), rtol=0.0, atol=atol))


def lora_parameter_count(d_out: int, d_in: int, r: int) -> tuple[int, int]:
    """Trainable parameters of a full d_out × d_in update and of a rank-r LoRA update (ch. 2).

    In the book's d_in × d_out layout the update is ΔW = AB with A of shape d_in × r and B of
    shape r × d_out (the LoRA paper stores their transposes, as PyTorch stores W), so it trains
    r·(d_in + d_out) numbers instead of d_in·d_out. Note the argument order: d_out, then d_in
    (pass them by keyword to be safe).

    Returns
    -------
    (full, low_rank) parameter counts.

    Examples
    --------
    >>> lora_parameter_count(10_000, 10_000, 8)
    (100000000, 160000)
    """
    d_out = v.whole_number(d_out, "d_out", least=1)
    d_in = v.whole_number(d_in, "d_in", least=1)
    r = v.whole_number(r, "r", least=1, most=min(d_out, d_in), what="at most min(d_out, d_in)")
    return d_out * d_in, r * (d_out + d_in)


# -- number formats ------------------------------------------------------------------------------
def to_bfloat16(
    x: ArrayLike, rounding: Literal["nearest", "truncate", "stochastic"] = "nearest", *,
    rng: np.random.Generator | None = None,
) -> NDArray[np.float32]:
    """Round values to bfloat16 (BF16) and return them as float32 (chapter 2).

    BF16 is the top half of a float32: the same sign and 8-bit exponent (so the same range), but
    only 7 of the 23 fraction bits. The emulation takes the float32 bit pattern and clears the low
    16 bits; ``rounding="truncate"`` just clears them (round toward zero), ``"nearest"`` (the
    hardware default) first adds half a BF16 step, ties to even. ``"stochastic"`` adds a uniformly
    random integer in [0, 2¹⁶) to the dropped bits first, so that a value rounds up with probability
    equal to its distance from the lower neighbour (in steps): unbiased on average. It needs ``rng``,
    a ``np.random.Generator``. Values beyond the float32 range are rejected.

    Examples
    --------
    >>> to_bfloat16([1.0, 1 + 2**-7, 1 + 2**-9, 3.14159]).tolist()
    [1.0, 1.0078125, 1.0, 3.140625]
    """
    if rounding not in ("nearest", "truncate", "stochastic"):
        raise ValueError(
            f"rounding must be 'nearest', 'truncate' or 'stochastic'; got {rounding!r}")
    if rounding == "stochastic" and not isinstance(rng, np.random.Generator):
        raise ValueError(f"rounding='stochastic' needs rng, a np.random.Generator; got {rng!r}")
    arr = v.as_float_array(x, "x")
    if np.any(np.abs(arr) > _FLOAT32_MAX):
        raise ValueError(
            f"x has a magnitude above the float32 (and BF16) maximum {_FLOAT32_MAX:.4g}; "
            f"got {float(np.max(np.abs(arr))):.4g}"
        )
    bits = arr.astype(np.float32).view(np.uint32).astype(np.uint64)
    if rounding == "nearest":
        bits = bits + 0x7FFF + ((bits >> 16) & 1)
    elif rounding == "stochastic":
        bits = bits + rng.integers(0, 1 << 16, size=bits.shape, dtype=np.uint64)
    bits = (bits & 0xFFFF0000).astype(np.uint32)
    return bits.view(np.float32)


def to_tf32(x: ArrayLike) -> NDArray[np.float32]:
    """Round values to TF32 and return them as float32 (chapter 2).

    TF32, the format NVIDIA tensor cores use for "float32" matrix products when it is enabled,
    keeps float32's sign and 8-bit exponent but only 10 fraction bits (FP16's precision with FP32's
    range). The emulation rounds the float32 bit pattern to nearest, ties to even, and clears the
    low 13 bits. Values beyond the float32 range are rejected.

    Examples
    --------
    >>> to_tf32([1.0, 1 + 2**-10, 1 + 2**-12, 1e38]).tolist()[:3]
    [1.0, 1.0009765625, 1.0]
    """
    arr = v.as_float_array(x, "x")
    if np.any(np.abs(arr) > _FLOAT32_MAX):
        raise ValueError(
            f"x has a magnitude above the float32 (and TF32) maximum {_FLOAT32_MAX:.4g}; "
            f"got {float(np.max(np.abs(arr))):.4g}"
        )
    bits = arr.astype(np.float32).view(np.uint32).astype(np.uint64)
    bits = bits + 0xFFF + ((bits >> 13) & 1)
    bits = (bits & 0xFFFFE000).astype(np.uint32)
    return bits.view(np.float32)


def quantize_int8(x: ArrayLike) -> tuple[NDArray[np.int8], float]:
    """Symmetric INT8 quantization: q = round(x / s) with s = max|x| / 127 (chapter 2).

    Every value becomes an integer in [−127, 127]; ``dequantize_int8(q, s)`` = q·s approximates x
    with an error of at most s / 2. An all-zero input gets s = 1; an input so tiny that s would
    be a subnormal number (max|x| < 127 × 2.2e-308) is rejected.

    Returns
    -------
    (q, s): the int8 codes and the float scale.

    Examples
    --------
    >>> q, s = quantize_int8([0.5, -1.27, 0.01])
    >>> q.tolist(), s
    ([50, -127, 1], 0.01)
    """
    arr = v.as_float_array(x, "x")
    if arr.size == 0:
        raise ValueError("x must hold at least one value to quantize; got an empty array")
    top = float(np.max(np.abs(arr)))
    if 0 < top < _TINY_SCALE_LIMIT:
        raise ValueError(
            f"x's largest magnitude {top:.3g} is too small to quantize: the scale max|x| / 127 "
            f"would fall below the smallest normal float64; multiply x by a power of 2 first"
        )
    scale = top / 127.0 if top > 0 else 1.0
    q = np.clip(np.rint(arr / scale), -127, 127).astype(np.int8)
    return q, scale


def dequantize_int8(q: ArrayLike, scale: float) -> NDArray[np.float64]:
    """Map INT8 codes back to real numbers: q · scale (the inverse of :func:`quantize_int8`).

    Examples
    --------
    >>> dequantize_int8([50, -127, 1], 0.01).tolist()
    [0.5, -1.27, 0.01]
    """
    qa = np.asarray(q)
    if not np.issubdtype(qa.dtype, np.integer) or np.any((qa < -128) | (qa > 127)):
        raise ValueError("q must hold integers in the int8 range [-128, 127]")
    scale = v.real_number(scale, "scale", low=0, low_open=True)
    return qa.astype(np.float64) * scale
