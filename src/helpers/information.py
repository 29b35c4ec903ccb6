"""Information theory: the pure math of chapter 5 (NumPy only).

Every quantity is in nats (natural log) unless ``base`` is given: ``base=2`` gives bits.
The convention 0·log 0 = 0 holds throughout, and no function warns at the edges (p = 0 or 1).

Examples
--------
>>> from helpers.information import entropy, kl_divergence
>>> round(entropy([0.5, 0.5], base=2), 6)
1.0
>>> round(kl_divergence([0.5, 0.5], [0.9, 0.1]), 4)
0.5108
"""

from __future__ import annotations

import math
from typing import Literal

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validate as v

__all__ = [
    "self_information",
    "entropy",
    "cross_entropy",
    "kl_divergence",
    "js_divergence",
    "f_divergence",
    "gaussian_kl",
    "float_format_max",
    "float_format_min",
    "binary_entropy",
    "perplexity",
    "logsumexp",
    "log_softmax",
    "softmax",
    "cross_entropy_loss",
    "gaussian_pdf",
    "gaussian_mixture_pdf",
    "differential_entropy",
    "gaussian_moments",
    "fit_gaussian",
    "modes_covered",
    "density_modes",
    "joint_entropy",
    "conditional_entropy",
    "mutual_information",
    "smooth_labels",
    "soft_cross_entropy_loss",
    "cross_entropy_gradient",
]


def _log(x: NDArray) -> NDArray:
    """Natural log that returns -inf for 0 without a divide-by-zero warning."""
    with np.errstate(divide="ignore"):
        return np.log(x)


def self_information(p: ArrayLike, base: float | None = None) -> NDArray[np.float64] | float:
    """Self-information I(x) = −log P(x) of events with probabilities ``p`` (any shape).

    An impossible event (p = 0) carries infinite information; a certain one (p = 1) carries none.

    Examples
    --------
    >>> float(self_information(0.5, base=2))
    1.0
    """
    arr = v.probabilities(p, "p")
    out = -_log(arr) / v.log_base(base)
    out = out + 0.0  # turns -0.0 (from p = 1) into 0.0
    return float(out) if out.ndim == 0 else out


def entropy(p: ArrayLike, base: float | None = None) -> float:
    """Shannon entropy H(P) = −Σ P(x) log P(x) of a probability vector.

    Examples
    --------
    >>> round(entropy([0.25] * 4, base=2), 12)
    2.0
    """
    arr = v.probability_vector(p, "p")
    pos = arr > 0
    h = -float(np.sum(arr[pos] * np.log(arr[pos])))
    return (max(h, 0.0) + 0.0) / v.log_base(base)  # + 0.0: no −0.0 for a certain outcome


def _pair(p: ArrayLike, q: ArrayLike) -> tuple[NDArray, NDArray]:
    pa = v.probability_vector(p, "p")
    qa = v.probability_vector(q, "q")
    v.same_shape(pa, qa, "p", "q")
    return pa, qa


def cross_entropy(p: ArrayLike, q: ArrayLike, base: float | None = None) -> float:
    """Cross-entropy H(P, Q) = −Σ P(x) log Q(x) for P and Q on the same support.

    It is ``inf`` where Q(x) = 0 < P(x); terms with P(x) = 0 count as 0.

    Examples
    --------
    >>> round(cross_entropy([1.0, 0.0], [0.5, 0.5], base=2), 12)
    1.0
    """
    pa, qa = _pair(p, q)
    pos = pa > 0
    h = -float(np.sum(pa[pos] * _log(qa[pos])))
    return h / v.log_base(base)


def kl_divergence(p: ArrayLike, q: ArrayLike, base: float | None = None) -> float:
    """Kullback–Leibler divergence KL(P‖Q) = Σ P(x) log(P(x)/Q(x)).

    It is ≥ 0, equals 0 only when P = Q, is ``inf`` where Q(x) = 0 < P(x), and is not symmetric.
    Rounding can make the sum a hair below zero for P ≈ Q; such a result is returned as 0.

    Examples
    --------
    >>> kl_divergence([0.5, 0.5], [0.5, 0.5])
    0.0
    >>> kl_divergence([0.5, 0.5], [1.0, 0.0])
    inf
    """
    pa, qa = _pair(p, q)
    pos = pa > 0
    d = float(np.sum(pa[pos] * (np.log(pa[pos]) - _log(qa[pos]))))
    return (max(d, 0.0) + 0.0) / v.log_base(base)


def js_divergence(p: ArrayLike, q: ArrayLike, base: float | None = None) -> float:
    """Jensen–Shannon divergence JS(P, Q) = ½ KL(P‖M) + ½ KL(Q‖M), with M = (P + Q)/2.

    Unlike KL it is symmetric and finite for every pair (M > 0 wherever P or Q is), and it lies
    between 0 and log 2 (1 bit), reaching log 2 exactly when P and Q have disjoint supports.

    Examples
    --------
    >>> js_divergence([1.0, 0.0], [0.0, 1.0], base=2)
    1.0
    >>> js_divergence([0.5, 0.5], [0.5, 0.5])
    0.0
    """
    pa, qa = _pair(p, q)
    m = 0.5 * (pa + qa)
    d = 0.5 * kl_divergence(pa, m) + 0.5 * kl_divergence(qa, m)
    return min(d, math.log(2)) / v.log_base(base)


# For each f: the term Q·f(P/Q) where P, Q > 0 (written without the ratio P/Q, which can
# overflow), the limit f(0) of f(t) as t → 0+, and its slope at infinity lim f(t)/t.
_HALF_LOG2 = 0.5 * math.log(2)
_F_DIVERGENCES = {
    "kl": (lambda p, q: p * (np.log(p) - np.log(q)), 0.0, math.inf),
    "reverse_kl": (lambda p, q: q * (np.log(q) - np.log(p)), math.inf, 0.0),
    "js": (lambda p, q: 0.5 * (p * np.log(p) + q * np.log(q) - (p + q) * np.log((p + q) / 2)),
           _HALF_LOG2, _HALF_LOG2),
    "tv": (lambda p, q: 0.5 * np.abs(p - q), 0.5, 0.5),
    "chi2": (lambda p, q: (p - q) ** 2 / q, 1.0, math.inf),
}


def f_divergence(p: ArrayLike, q: ArrayLike, kind: Literal["kl", "reverse_kl", "js", "tv", "chi2"],
                 base: float | None = None) -> float:
    """The f-divergence D_f(P‖Q) = Σ Q(x) f(P(x)/Q(x)) for one of five convex functions f.

    ``kind`` picks f: ``"kl"`` t log t (KL(P‖Q)), ``"reverse_kl"`` −log t (KL(Q‖P)), ``"js"``
    ½(t log t − (1 + t) log((1 + t)/2)) (Jensen–Shannon), ``"tv"`` ½|t − 1| (total variation),
    ``"chi2"`` (t − 1)² (the χ² divergence). Zeros follow the standard conventions: a point with
    P = Q = 0 contributes 0; one with P = 0 < Q contributes Q·f(0), with f(0) = lim f(t) as t → 0;
    one with Q = 0 < P contributes P·lim f(t)/t as t → ∞. So KL and χ² are infinite where Q
    misses mass of P, while JS and total variation stay finite. No warning is raised.

    Examples
    --------
    >>> f_divergence([1.0, 0.0], [0.0, 1.0], "js", base=2)
    1.0
    >>> f_divergence([1.0, 0.0], [0.0, 1.0], "kl")
    inf
    >>> round(f_divergence([0.5, 0.5], [0.9, 0.1], "tv"), 6)
    0.4
    """
    if kind not in _F_DIVERGENCES:
        raise ValueError(f"kind must be one of {sorted(_F_DIVERGENCES)}; got {kind!r}")
    term, f_at_0, slope_at_inf = _F_DIVERGENCES[kind]
    pa, qa = _pair(p, q)
    both = (pa > 0) & (qa > 0)
    only_q = (pa == 0) & (qa > 0)
    only_p = (pa > 0) & (qa == 0)
    with np.errstate(over="ignore"):  # χ² of a tiny Q(x) can exceed the largest float: +inf
        d = float(np.sum(term(pa[both], qa[both])))
    if np.any(only_q):
        d += f_at_0 * float(qa[only_q].sum())
    if np.any(only_p):
        d += slope_at_inf * float(pa[only_p].sum())
    return (max(d, 0.0) + 0.0) / v.log_base(base)


def gaussian_kl(mean1: ArrayLike, std1: ArrayLike, mean2: ArrayLike = 0.0,
                std2: ArrayLike = 1.0) -> float:
    """Closed-form KL(p‖q) between Gaussians with diagonal covariances, p = N(mean1, diag(std1²)).

    For one coordinate,
    KL = log(std2/std1) + (std1² + (mean1 − mean2)²)/(2 std2²) − ½; for independent
    coordinates the divergences add, so array arguments (broadcast against each other) give the
    sum over all entries. With the defaults q = N(0, I) this is the regularizer of a variational
    autoencoder, ½ Σ (std1² + mean1² − 1 − log std1²).

    Examples
    --------
    >>> round(gaussian_kl(0.0, 1.0, 1.0, 2.0), 6)
    0.443147
    >>> gaussian_kl([0.0, 0.0], [1.0, 1.0])
    0.0
    """
    m1, s1 = v.as_float_array(mean1, "mean1"), v.as_float_array(std1, "std1")
    m2, s2 = v.as_float_array(mean2, "mean2"), v.as_float_array(std2, "std2")
    for arr, name in ((s1, "std1"), (s2, "std2")):
        if np.any(arr <= 0):
            raise ValueError(f"{name} must be > 0 (a standard deviation); got {v._preview(arr)}")
    try:
        m1, s1, m2, s2 = np.broadcast_arrays(m1, s1, m2, s2)
    except ValueError:
        raise ValueError("mean1, std1, mean2 and std2 must broadcast to one shape; got shapes "
                         f"{m1.shape}, {s1.shape}, {m2.shape}, {s2.shape}") from None
    ratio = (s1 / s2) ** 2
    terms = 0.5 * (ratio + ((m1 - m2) / s2) ** 2 - 1.0 - np.log(ratio))
    return max(float(np.sum(terms)), 0.0) + 0.0


def float_format_max(exponent_bits: int, mantissa_bits: int) -> float:
    """Largest finite number of a binary floating-point format laid out like IEEE 754.

    A number is ±1.f × 2^(e − bias) with ``mantissa_bits`` stored fraction bits f and an
    ``exponent_bits``-bit exponent field e, bias = 2^(exponent_bits − 1) − 1, and the all-ones
    exponent reserved for infinity and NaN. The largest finite value has every fraction bit set
    and the largest ordinary exponent: (2 − 2^−mantissa_bits) × 2^bias. float16 is (5, 10),
    bfloat16 (8, 7), float32 (8, 23), float64 (11, 52); formats wider than float64's exponent
    are refused because the answer would not fit in a float64.

    Examples
    --------
    >>> float_format_max(5, 10)  # float16
    65504.0
    >>> float_format_max(8, 7)   # bfloat16
    3.3895313892515355e+38
    """
    e = v.whole_number(exponent_bits, "exponent_bits", least=2, most=11)
    m = v.whole_number(mantissa_bits, "mantissa_bits", least=1, most=52)
    bias = 2 ** (e - 1) - 1
    return math.ldexp(2.0 - 2.0 ** -m, bias)


def float_format_min(exponent_bits: int, mantissa_bits: int) -> float:
    """Smallest positive number of a binary floating-point format laid out like IEEE 754.

    That is the smallest *subnormal*: the exponent field is all zeros, the number is
    0.f × 2^(1 − bias), and only the last fraction bit is set, so it is 2^(1 − bias −
    ``mantissa_bits``) with bias = 2^(exponent_bits − 1) − 1. A positive result below it rounds
    to it or to 0 (underflow). float16 is (5, 10), bfloat16 (8, 7), float32 (8, 23), float64
    (11, 52).

    Examples
    --------
    >>> float_format_min(5, 10)  # float16: 2^−24
    5.960464477539063e-08
    >>> float_format_min(8, 7) == 2.0 ** -133  # bfloat16
    True
    """
    e = v.whole_number(exponent_bits, "exponent_bits", least=2, most=11)
    m = v.whole_number(mantissa_bits, "mantissa_bits", least=1, most=52)
    bias = 2 ** (e - 1) - 1
    return math.ldexp(1.0, 1 - bias - m)


def binary_entropy(p: ArrayLike, base: float | None = None) -> NDArray[np.float64] | float:
    """Entropy of a coin that lands heads with probability ``p``, vectorized over ``p``.

    H(p) = −p log p − (1 − p) log(1 − p); in nats like every function here, so H(0.5) = log 2
    and H(0) = H(1) = 0. With ``base=2`` it is in bits and H(0.5) = 1.

    Examples
    --------
    >>> binary_entropy([0.0, 0.5, 1.0], base=2).tolist()
    [0.0, 1.0, 0.0]
    """
    arr = v.probabilities(p, "p")
    q = 1.0 - arr
    h = np.zeros_like(arr)
    a, b = arr > 0, q > 0
    h[a] -= arr[a] * np.log(arr[a])
    h[b] -= q[b] * np.log(q[b])
    h = np.maximum(h, 0.0) / v.log_base(base)
    return float(h) if h.ndim == 0 else h


def perplexity(probs: ArrayLike) -> float:
    """Perplexity exp(mean(−log p)) of the probabilities a model gave the observed tokens.

    1 for a model that gave every observed token probability 1, ``inf`` if any got 0, and V for
    a model that guesses uniformly over V tokens.

    Examples
    --------
    >>> round(perplexity([0.1] * 5), 10)
    10.0
    """
    arr = v.probabilities(probs, "probs")
    if arr.size == 0:
        raise ValueError("probs must hold at least one probability; got an empty array")
    if np.any(arr == 0):
        return math.inf
    return float(np.exp(-np.mean(np.log(arr))))


def logsumexp(z: ArrayLike, axis: int = -1) -> NDArray[np.float64] | float:
    """log Σ exp(z) along ``axis``, computed without overflow by shifting by the maximum.

    Examples
    --------
    >>> round(float(logsumexp([1000.0, 1000.0])), 6)
    1000.693147
    """
    arr = v.as_float_array(z, "z")
    if arr.ndim == 0:
        raise ValueError(f"z must have at least one axis; got a scalar {float(arr)!r}")
    axis = v.whole_number(axis, "axis", least=-arr.ndim, most=arr.ndim - 1)
    if arr.shape[axis] == 0:
        raise ValueError(f"z must have at least one entry along axis {axis}; got shape {arr.shape}")
    m = np.max(arr, axis=axis, keepdims=True)
    out = np.log(np.sum(np.exp(arr - m), axis=axis, keepdims=True)) + m
    out = np.squeeze(out, axis=axis)
    return float(out) if out.ndim == 0 else out


def log_softmax(z: ArrayLike, axis: int = -1) -> NDArray[np.float64]:
    """Stable log-softmax: z − logsumexp(z) along ``axis``.

    Examples
    --------
    >>> np.exp(log_softmax([1000.0, 1000.0])).round(12).tolist()
    [0.5, 0.5]
    """
    arr = v.as_float_array(z, "z")
    return arr - np.expand_dims(logsumexp(arr, axis=axis), axis)


def softmax(z: ArrayLike, temperature: float = 1.0, axis: int = -1) -> NDArray[np.float64]:
    """Softmax of ``z / temperature`` along ``axis``; lower temperatures sharpen the distribution.

    Examples
    --------
    >>> softmax([0.0, 0.0]).tolist()
    [0.5, 0.5]
    """
    temperature = v.real_number(temperature, "temperature", low=0, low_open=True)
    arr = v.as_float_array(z, "z")
    return np.exp(log_softmax(arr / temperature, axis=axis))


def cross_entropy_loss(logits: ArrayLike, labels: ArrayLike) -> float:
    """Mean cross-entropy loss of softmax(logits) against integer class labels.

    With one-hot targets this is the mean negative log-likelihood −mean log softmax(z)[y].

    Examples
    --------
    >>> round(cross_entropy_loss([[0.0, 0.0]], [1]), 6)
    0.693147
    """
    z = v.as_float_array(logits, "logits")
    if z.ndim != 2:
        raise ValueError(f"logits must be 2-D (samples × classes); got shape {z.shape}")
    y = np.asarray(labels)
    if y.shape != (z.shape[0],):
        raise ValueError(
            f"labels must be one integer per sample, shape ({z.shape[0]},); got shape {y.shape}"
        )
    if not np.issubdtype(y.dtype, np.integer) or np.any((y < 0) | (y >= z.shape[1])):
        raise ValueError(f"labels must be integers in [0, {z.shape[1] - 1}]; got {y.tolist()}")
    logp = log_softmax(z, axis=1)
    return float(-np.mean(logp[np.arange(z.shape[0]), y]))


def gaussian_pdf(x: ArrayLike, mean: float = 0.0, std: float = 1.0) -> NDArray[np.float64]:
    """Density of the normal distribution N(mean, std²) at ``x``: chapter 4's
    :func:`helpers.probability.gaussian_pdf` (one formula), under the names chapter 5 uses.

    Examples
    --------
    >>> round(float(gaussian_pdf(0.0)), 6)
    0.398942
    """
    from .probability import gaussian_pdf as density

    mean = v.real_number(mean, "mean")
    std = v.real_number(std, "std", low=0, low_open=True)
    return density(x, mean, std)


def gaussian_mixture_pdf(
    x: ArrayLike, means: ArrayLike, stds: ArrayLike, weights: ArrayLike
) -> NDArray[np.float64]:
    """Density of a mixture Σ wₖ N(meanₖ, stdₖ²) at ``x``; ``weights`` must be a probability vector.

    Examples
    --------
    >>> round(float(gaussian_mixture_pdf(0.0, [-1, 1], [1, 1], [0.5, 0.5])), 6)
    0.241971
    """
    w = v.probability_vector(weights, "weights")
    m = v.as_float_array(means, "means")
    s = v.as_float_array(stds, "stds")
    if m.shape != w.shape or s.shape != w.shape:
        raise ValueError(
            f"means, stds and weights must have one entry per component; "
            f"got shapes {m.shape}, {s.shape}, {w.shape}"
        )
    xa = v.as_float_array(x, "x")
    return sum(wk * gaussian_pdf(xa, mk, sk) for wk, mk, sk in zip(w, m, s))


def _grid_masses(x: ArrayLike, p: ArrayLike) -> tuple[NDArray, float, NDArray]:
    """Validate a density on an even grid; return the grid, its step and the log cell masses."""
    xa, dx = v.evenly_spaced_grid(x, "x")
    pa = v.as_float_array(p, "p")
    v.same_shape(xa, pa, "x", "p")
    if np.any(pa < 0):
        raise ValueError("p has a negative density value; a density must be ≥ 0 everywhere")
    mass = float(pa.sum() * dx)
    if abs(mass - 1.0) > 1e-2:
        raise ValueError(
            f"p integrates to {mass:.4g} over the grid (Σ p·Δx), expected 1 within 0.01; "
            f"widen the grid or normalize the density"
        )
    log_mass = _log(pa) + math.log(dx) - math.log(mass)
    return xa, dx, log_mass


def differential_entropy(x: ArrayLike, p: ArrayLike, base: float | None = None) -> float:
    """Differential entropy h(p) = −∫ p log p dx of a density sampled on an even grid.

    Examples
    --------
    >>> x = np.linspace(-10, 10, 4001)
    >>> round(differential_entropy(x, gaussian_pdf(x)), 4)  # ½ log(2πe) = 1.4189…
    1.4189
    """
    xa, dx, log_mass = _grid_masses(x, p)
    mass = np.exp(log_mass)
    pos = mass > 0
    # cell mass m = p·Δx, so −Σ m log(m/Δx) is the Riemann sum of −∫ p log p.
    h = -float(np.sum(mass[pos] * (log_mass[pos] - math.log(dx))))
    return h / v.log_base(base)


def gaussian_moments(x: ArrayLike, p: ArrayLike) -> tuple[float, float]:
    """Mean and standard deviation of a density sampled on an even grid (moment matching).

    Examples
    --------
    >>> x = np.linspace(-10, 10, 2001)
    >>> [round(t, 3) for t in gaussian_moments(x, gaussian_pdf(x, 1.0, 2.0))]
    [1.0, 2.0]
    """
    xa, _, log_mass = _grid_masses(x, p)
    mass = np.exp(log_mass)
    mean = float(np.sum(mass * xa))
    return mean, float(np.sqrt(np.sum(mass * (xa - mean) ** 2)))


def _gaussian_log_masses(xa: NDArray, dx: float, means: NDArray, log_stds: NDArray,
                         normalize: bool) -> NDArray:
    """Log cell masses log(φ(x)·Δx) of Gaussians on the grid, one row per (mean, log std) pair.

    With ``normalize`` each row is rescaled to sum to 1 over the grid (q conditioned on the grid).
    """
    z = (xa[None, :] - means[:, None]) * np.exp(-log_stds)[:, None]
    logq = -0.5 * z * z - log_stds[:, None] + (math.log(dx) - 0.5 * math.log(2 * math.pi))
    if normalize:
        m = logq.max(axis=1, keepdims=True)
        logq = logq - (m + np.log(np.sum(np.exp(logq - m), axis=1, keepdims=True)))
    return logq


def fit_gaussian(
    x: ArrayLike, p: ArrayLike, direction: Literal["forward", "reverse"],
    start: tuple[float, float] | None = None,
) -> tuple[float, float]:
    """Fit one Gaussian q to the density ``p`` on the even grid ``x`` by minimizing a KL divergence.

    ``direction="forward"`` minimizes KL(p‖q) = ∫ p log(p/q): q must cover every region where p
    has mass (mode-covering), and the optimum matches p's mean and variance.
    ``direction="reverse"`` minimizes KL(q‖p) = ∫ q log(q/p): q is punished for putting mass
    where p has little, so when the modes of p are well separated it settles on one of them
    (mode-seeking); when they are close it may span them (chapter 5 scans where it switches).
    Since p is known only on the grid, q is conditioned on the grid for the reverse fit.

    Both are found numerically, by the same search: a global grid over mean and log-std (fine
    enough to give every mode of p its own basin, so the better of several local optima wins),
    then a pattern search whose stencil shrinks around the winner. The std is searched between
    the grid step and the grid's width.

    With ``start=(mean, std)`` the global grid is skipped and a local pattern search runs from
    that point instead (it moves to the best point of a small stencil until the center is best,
    then shrinks the stencil): it returns the local optimum whose basin holds ``start``, which
    for the reverse KL need not be the global one.

    Returns
    -------
    (mean, std) of the best Gaussian.

    Examples
    --------
    >>> x = np.linspace(-10, 10, 401)
    >>> p = gaussian_mixture_pdf(x, [-3, 3], [1, 1], [0.3, 0.7])
    >>> [round(t, 1) for t in fit_gaussian(x, p, "reverse")]
    [3.0, 1.0]
    >>> [round(t, 1) for t in fit_gaussian(x, p, "reverse", start=(-3.0, 1.0))]  # lighter mode
    [-3.0, 1.0]
    """
    if direction not in ("forward", "reverse"):
        raise ValueError(f"direction must be 'forward' or 'reverse'; got {direction!r}")
    if start is not None:
        if len(start) != 2:
            raise ValueError(f"start must be a pair (mean, std); got {start!r}")
        start_mean = v.real_number(start[0], "start mean")
        start_std = v.real_number(start[1], "start std", low=0, low_open=True)
    xa, dx, log_p = _grid_masses(x, p)
    p_mass = np.exp(log_p)
    lo_m, hi_m = float(xa[0]), float(xa[-1])
    lo_s, hi_s = math.log(dx), math.log(hi_m - lo_m)

    def objective(means: NDArray, log_stds: NDArray, stride: int = 1) -> NDArray:
        # The terms of KL that depend on q; constants in q are left out.
        if direction == "forward":  # −Σ p log q (cross-entropy)
            log_q = _gaussian_log_masses(xa[::stride], dx, means, log_stds, normalize=False)
            return -(log_q @ p_mass[::stride])
        log_q = _gaussian_log_masses(xa[::stride], dx, means, log_stds, normalize=True)
        q = np.exp(log_q)
        with np.errstate(invalid="ignore"):
            terms = np.where(q > 0, q * (log_q - log_p[::stride]), 0.0)
        return terms.sum(axis=1)

    hm, hs = (hi_m - lo_m) / 40, (hi_s - lo_s) / 24
    if start is not None:  # a local pattern search from the start
        m = min(max(start_mean, lo_m), hi_m)
        s = min(max(math.log(start_std), lo_s), hi_s)
        offsets = np.array([-1.0, 0.0, 1.0])
        for _ in range(1000):
            mg, sg = np.meshgrid(np.clip(m + hm * offsets, lo_m, hi_m),
                                 np.clip(s + hs * offsets, lo_s, hi_s))
            values = objective(mg.ravel(), sg.ravel())
            best = int(np.argmin(values))
            if values[best] < values[4]:  # index 4 of the 3 × 3 stencil is its center
                m, s = mg.ravel()[best], sg.ravel()[best]
            else:
                hm, hs = hm / 3, hs / 3
                if hm < 1e-5:
                    break
        return float(m), float(math.exp(s))
    # Stage 1: a global grid (on every few grid points: it only has to pick the basin).
    stride = max(1, xa.size // 100)
    mg, sg = np.meshgrid(np.linspace(lo_m, hi_m, 41), np.linspace(lo_s, hi_s, 25))
    means, log_stds = mg.ravel(), sg.ravel()
    best = int(np.argmin(objective(means, log_stds, stride)))
    m, s = means[best], log_stds[best]
    # Stage 2: pattern search on the full grid, a 7×7 stencil shrinking threefold each round
    # (from the steps hm, hs set above: the global grid's spacing).
    offsets = np.linspace(-1.0, 1.0, 7)
    # The first rounds run on the coarse grid too; the last ones polish on the full grid.
    for round_ in range(10):
        mg, sg = np.meshgrid(np.clip(m + hm * offsets, lo_m, hi_m),
                             np.clip(s + hs * offsets, lo_s, hi_s))
        best = int(np.argmin(objective(mg.ravel(), sg.ravel(), stride if round_ < 4 else 1)))
        m, s = mg.ravel()[best], sg.ravel()[best]
        hm, hs = hm / 3, hs / 3
    return float(m), float(math.exp(s))


def modes_covered(mean: float, std: float, modes: ArrayLike, k: float = 2.0) -> int:
    """How many of the points ``modes`` lie within ``k`` standard deviations of a Gaussian's mean.

    Chapter 5 uses it to say whether a fitted Gaussian q = N(mean, std²) covers one mode of a
    mixture or spans both: a mode more than ``k``·std from the mean gets little of q's mass
    (about 5 % of it lies beyond 2 std on both sides together).

    Examples
    --------
    >>> modes_covered(3.5, 1.0, [-3.5, 3.5])
    1
    >>> modes_covered(0.7, 3.57, [-3.5, 3.5])
    2
    """
    mean = v.real_number(mean, "mean")
    std = v.real_number(std, "std", low=0, low_open=True)
    k = v.real_number(k, "k", low=0, low_open=True)
    m = v.as_float_array(modes, "modes").ravel()
    return int(np.count_nonzero(np.abs(m - mean) <= k * std))


def density_modes(x: ArrayLike, p: ArrayLike, rel_height: float = 1e-3) -> NDArray[np.float64]:
    """Locations of the modes (local maxima) of a density ``p`` sampled on an even grid ``x``.

    A grid point is a mode when it is higher than its left neighbor and at least as high as its
    right one (so a flat top counts once) and, to ignore rounding noise in the tails, higher than
    ``rel_height`` times the largest value. The ends of the grid count when ``p`` falls away
    from them. Chapter 5 uses it to say whether a Gaussian mixture has one mode or two: two
    unit components are always unimodal at distance ≤ 2, but with unequal weights also beyond.

    Examples
    --------
    >>> x = np.linspace(-10, 10, 2001)
    >>> density_modes(x, gaussian_mixture_pdf(x, [-3, 3], [1, 1], [0.4, 0.6])).round(2)
    array([-3.,  3.])
    >>> density_modes(x, gaussian_mixture_pdf(x, [-1.5, 1.5], [1, 1], [0.1, 0.9])).round(2)
    array([1.5])
    """
    xa, _ = v.evenly_spaced_grid(x, "x")
    pa = v.as_float_array(p, "p")
    v.same_shape(xa, pa, "x", "p")
    if not np.all(np.isfinite(pa)) or np.any(pa < 0):
        raise ValueError("p must be finite and ≥ 0 everywhere (a density sampled on the grid)")
    rel_height = v.real_number(rel_height, "rel_height", low=0, high=1, high_open=True)
    padded = np.concatenate(([-np.inf], pa, [-np.inf]))
    peak = (padded[1:-1] > padded[:-2]) & (padded[1:-1] >= padded[2:])
    peak &= pa > rel_height * pa.max()
    return xa[peak]


def _joint_table(joint: ArrayLike) -> NDArray[np.float64]:
    """Check that ``joint`` is a 2-D table of probabilities P(x, y) (rows x, columns y) summing
    to 1; private to this module (the shared validators only check 1-D vectors)."""
    arr = v.as_float_array(joint, "joint")
    if arr.ndim != 2 or arr.size == 0:
        raise ValueError(
            f"joint must be a non-empty 2-D table P(x, y), rows for x and columns for y; "
            f"got shape {arr.shape}"
        )
    v.probability_vector(arr.ravel(), "joint")
    return arr


def joint_entropy(joint: ArrayLike, base: float | None = None) -> float:
    """Joint entropy H(X, Y) = −Σ P(x, y) log P(x, y) of a joint table (rows x, columns y).

    It is the entropy of the table read as one distribution over the pairs (x, y) (chapter 5).

    Examples
    --------
    >>> round(joint_entropy([[0.25, 0.25], [0.25, 0.25]], base=2), 12)
    2.0
    """
    return entropy(_joint_table(joint).ravel(), base)


def conditional_entropy(joint: ArrayLike, base: float | None = None) -> float:
    """Conditional entropy H(Y | X) = −Σ P(x, y) log P(y | x) of a joint table (rows x, columns y).

    It is the average, over x ~ P(x), of the entropy of the row P(y | x); it equals
    H(X, Y) − H(X) (the chain rule). Transpose the table for H(X | Y). Chapter 5.

    Examples
    --------
    >>> conditional_entropy([[0.5, 0.0], [0.0, 0.5]])  # Y is a function of X
    0.0
    >>> round(conditional_entropy([[0.25, 0.25], [0.25, 0.25]], base=2), 12)
    1.0
    """
    arr = _joint_table(joint)
    px = arr.sum(axis=1, keepdims=True)
    pos = arr > 0
    # P(y | x) = P(x, y) / P(x); rows with P(x) = 0 hold only zeros and contribute nothing.
    ratio = np.divide(arr, px, out=np.ones_like(arr), where=pos)
    h = -float(np.sum(arr[pos] * np.log(ratio[pos])))
    return (max(h, 0.0) + 0.0) / v.log_base(base)


def mutual_information(joint: ArrayLike, base: float | None = None) -> float:
    """Mutual information I(X; Y) = D_KL(P_XY ‖ P_X P_Y) of a joint table (rows x, columns y).

    It equals H(X) + H(Y) − H(X, Y), is ≥ 0, symmetric in X and Y, at most min(H(X), H(Y)),
    and 0 exactly when X and Y are independent. Chapter 5.

    Examples
    --------
    >>> mutual_information([[0.25, 0.25], [0.25, 0.25]])  # independent
    0.0
    >>> round(mutual_information([[0.5, 0.0], [0.0, 0.5]], base=2), 12)  # Y = X
    1.0
    """
    arr = _joint_table(joint)
    # log P(x) + log P(y), not log(P(x) P(y)): the product of two tiny marginals can underflow.
    log_product = _log(arr.sum(axis=1))[:, None] + _log(arr.sum(axis=0))[None, :]
    pos = arr > 0  # where P(x, y) > 0, both marginals are > 0 too
    d = float(np.sum(arr[pos] * (np.log(arr[pos]) - log_product[pos])))
    return (max(d, 0.0) + 0.0) / v.log_base(base)


def smooth_labels(labels: ArrayLike, num_classes: int, alpha: float) -> NDArray[np.float64]:
    """Label-smoothed targets (1 − α)·onehot(y) + α/K, one row per label (chapter 5).

    ``alpha = 0`` gives the one-hot targets; ``alpha = 1`` the uniform distribution.

    Examples
    --------
    >>> smooth_labels([0, 2], 3, 0.3).round(3).tolist()
    [[0.8, 0.1, 0.1], [0.1, 0.1, 0.8]]
    """
    num_classes = v.whole_number(num_classes, "num_classes", least=1)
    alpha = v.real_number(alpha, "alpha", low=0, high=1)
    y = np.asarray(labels)
    if y.ndim != 1 or not np.issubdtype(y.dtype, np.integer) \
            or np.any((y < 0) | (y >= num_classes)):
        raise ValueError(f"labels must be a 1-D array of integers in [0, {num_classes - 1}]; "
                         f"got {y.tolist()}")
    return (1.0 - alpha) * np.eye(num_classes)[y] + alpha / num_classes


def _logits_targets(logits: ArrayLike, targets: ArrayLike) -> tuple[NDArray, NDArray]:
    z = v.as_float_array(logits, "logits")
    if z.ndim != 2 or z.size == 0:
        raise ValueError(f"logits must be a non-empty 2-D array (samples × classes); "
                         f"got shape {z.shape}")
    y = v.as_float_array(targets, "targets")
    v.same_shape(z, y, "logits", "targets")
    for i, row in enumerate(y):
        v.probability_vector(row, f"targets[{i}]")
    return z, y


def soft_cross_entropy_loss(logits: ArrayLike, targets: ArrayLike) -> float:
    """Mean cross-entropy (1/n) Σᵢ H(yᵢ, softmax(zᵢ)) against probability-vector targets.

    Each row of ``targets`` is a probability vector (one-hot, label-smoothed, or a teacher's
    softened output); rows of ``logits`` are samples. Chapter 5.

    Examples
    --------
    >>> round(soft_cross_entropy_loss([[0.0, 0.0]], [[0.9, 0.1]]), 6)
    0.693147
    """
    z, y = _logits_targets(logits, targets)
    return float(-np.sum(y * log_softmax(z, axis=1)) / z.shape[0])


def cross_entropy_gradient(logits: ArrayLike, targets: ArrayLike) -> NDArray[np.float64]:
    """Gradient of :func:`soft_cross_entropy_loss` with respect to the logits: (softmax(Z) − Y)/n.

    Derived in chapter 5 (section "The gradient of the cross-entropy loss"); it holds for any
    probability-vector targets, one-hot or not.

    Examples
    --------
    >>> cross_entropy_gradient([[0.0, 0.0]], [[1.0, 0.0]]).tolist()
    [[-0.5, 0.5]]
    """
    z, y = _logits_targets(logits, targets)
    return (softmax(z, axis=1) - y) / z.shape[0]
