"""Probability: the pure math of chapter 4 (NumPy only).

Joint tables are NumPy arrays whose axis ``i`` holds the values of the ``i``-th random variable, so
``joint[a, b]`` is P(x = a, y = b). Every function checks its input and raises ``ValueError`` with
a message that says what was wrong and what was expected; none warns at the edges (θ = 0 or 1,
ρ = ±1, a probability of 0).

Examples
--------
>>> from helpers.probability import bayes_update, marginal
>>> bayes_update([0.5, 0.5], [0.9, 0.1]).round(3).tolist()
[0.9, 0.1]
>>> marginal([[0.1, 0.2], [0.3, 0.4]], keep=0).round(3).tolist()
[0.3, 0.7]
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validate as v

__all__ = [
    "running_frequency",
    "uniform_pdf",
    "uniform_interval_probability",
    "marginal",
    "conditional",
    "is_independent",
    "is_conditionally_independent",
    "expectation",
    "variance",
    "covariance",
    "correlation",
    "correlate",
    "total_probability",
    "bayes_update",
    "bernoulli_log_likelihood",
    "bernoulli_mle",
    "gaussian_pdf",
    "gaussian_cdf",
    "gaussian_quantile",
    "empirical_cdf",
    "multivariate_gaussian_pdf",
    "gaussian_mle",
    "categorical_mle",
    "map_linear_regression",
    "linear_regression_posterior",
    "beta_pdf",
    "sigmoid",
    "log_sigmoid",
    "softplus",
    "gaussian_mixture_pdf",
    "wilson_interval",
    "clopper_pearson_interval",
    "student_t_quantile",
    "mcnemar_exact",
]

#: How far a product of marginals may be from the joint before two variables count as dependent.
INDEPENDENCE_TOLERANCE = 1e-9


def _joint_table(joint: ArrayLike, name: str = "joint") -> NDArray[np.float64]:
    """Check that ``joint`` is a probability table: entries ≥ 0 that sum to 1 (any number of axes)."""
    return v.probability_table(joint, name)


def _axis(arr: NDArray, axis: int, name: str = "axis") -> int:
    """An axis of the table ``arr`` (−1 is the last), returned in [0, ndim)."""
    return v.whole_number(axis, name, least=-arr.ndim, most=arr.ndim - 1,
                          what=f"an axis of a table of {arr.ndim} variable(s)") % arr.ndim


def running_frequency(outcomes: ArrayLike) -> NDArray[np.float64]:
    """Running relative frequency of successes: entry ``n − 1`` is the mean of the first ``n``.

    ``outcomes`` is a 1-D array of 0/1 (or booleans), e.g. coin flips with 1 for heads. By the
    law of large numbers the running frequency approaches P(heads) as ``n`` grows (chapter 4).

    Examples
    --------
    >>> running_frequency([1, 0, 1, 1]).tolist()
    [1.0, 0.5, 0.6666666666666666, 0.75]
    """
    arr = v.as_float_array(outcomes, "outcomes")
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"outcomes must be a non-empty 1-D array of 0/1; got shape {arr.shape}")
    if not np.all((arr == 0) | (arr == 1)):
        bad = arr[(arr != 0) & (arr != 1)][0]
        raise ValueError(f"outcomes must be 0 or 1 (failure or success); got {bad:g}")
    return np.cumsum(arr) / np.arange(1, arr.size + 1)


def _uniform_bounds(a: float, b: float) -> tuple[float, float]:
    a = v.real_number(a, "a")
    return a, v.real_number(b, "b", low=a, low_open=True, what="U(a, b) needs a < b")


def uniform_pdf(x: ArrayLike, a: float = 0.0, b: float = 1.0) -> NDArray[np.float64]:
    """Density of the uniform distribution U(a, b): 1/(b − a) on [a, b], 0 elsewhere (chapter 4).

    Examples
    --------
    >>> uniform_pdf([-1.0, 0.5, 2.0], 0.0, 2.0).tolist()
    [0.0, 0.5, 0.5]
    """
    a, b = _uniform_bounds(a, b)
    xa = v.as_float_array(x, "x")
    return np.where((xa >= a) & (xa <= b), 1.0 / (b - a), 0.0)


def uniform_interval_probability(lo: float, hi: float, a: float = 0.0, b: float = 1.0) -> float:
    """P(lo ≤ x ≤ hi) for x ~ U(a, b) in closed form: the overlap of [lo, hi] and [a, b] over b − a.

    Examples
    --------
    >>> uniform_interval_probability(0.25, 0.75)
    0.5
    >>> uniform_interval_probability(-3.0, 0.5, -1.0, 1.0)
    0.75
    """
    a, b = _uniform_bounds(a, b)
    lo = v.real_number(lo, "lo")
    hi = v.real_number(hi, "hi", low=lo, what="the interval [lo, hi] needs lo ≤ hi")
    overlap = max(0.0, min(hi, b) - max(lo, a))
    return overlap / (b - a)


def marginal(joint: ArrayLike, keep: int = 0) -> NDArray[np.float64]:
    """Marginal distribution of the variable on axis ``keep`` of a joint table (the sum rule).

    P(x) = Σ_y P(x, y): every axis except ``keep`` is summed out. Note the contrast with NumPy:
    ``joint.sum(axis=0)`` *removes* axis 0, while ``marginal(joint, keep=0)`` *keeps* it, which
    is why the argument is named ``keep``.

    Examples
    --------
    >>> marginal([[0.1, 0.2], [0.3, 0.4]], keep=1).round(3).tolist()
    [0.4, 0.6]
    """
    arr = _joint_table(joint)
    ax = _axis(arr, keep, "keep")
    others = tuple(i for i in range(arr.ndim) if i != ax)
    return arr.sum(axis=others) if others else arr.copy()


def conditional(joint: ArrayLike, given: int = 0) -> NDArray[np.float64]:
    """Conditional table P(others | variable on axis ``given``) = P(x, y) / P(given).

    The result has the shape of ``joint``; fixing an index on axis ``given`` gives a distribution
    over the other variables that sums to 1. Conditioning on a value of probability 0 is undefined
    and raises ``ValueError``.

    Examples
    --------
    >>> conditional([[0.1, 0.3], [0.2, 0.4]], given=0).round(3).tolist()  # rows: P(y | x)
    [[0.25, 0.75], [0.333, 0.667]]
    """
    arr = _joint_table(joint)
    ax = _axis(arr, given, "given")
    if arr.ndim < 2:
        raise ValueError(f"conditional needs a table of at least 2 variables; got shape {arr.shape}")
    p_given = marginal(arr, ax)
    if np.any(p_given == 0):
        i = int(np.argmin(p_given))
        raise ValueError(
            f"the variable on axis {ax} has probability 0 at index {i}, so conditioning on it is "
            f"undefined; every value you condition on must have probability > 0"
        )
    shape = [1] * arr.ndim
    shape[ax] = -1
    return arr / p_given.reshape(shape)


def is_independent(joint: ArrayLike, atol: float = INDEPENDENCE_TOLERANCE) -> bool:
    """True when a 2-variable joint table factorizes, P(x, y) = P(x) P(y) (x ⊥ y), within ``atol``.

    Examples
    --------
    >>> is_independent(np.outer([0.3, 0.7], [0.5, 0.5]))
    True
    >>> is_independent([[0.5, 0.0], [0.0, 0.5]])
    False
    """
    arr = _joint_table(joint)
    atol = v.real_number(atol, "atol", low=0)
    if arr.ndim != 2:
        raise ValueError(f"is_independent needs a 2-variable table (2-D); got shape {arr.shape}")
    return bool(np.allclose(arr, np.outer(marginal(arr, 0), marginal(arr, 1)), rtol=0, atol=atol))


def is_conditionally_independent(
    joint: ArrayLike, given: int = 2, atol: float = INDEPENDENCE_TOLERANCE
) -> bool:
    """True when the other two variables of a 3-variable table are independent given axis ``given``.

    x ⊥ y | z means P(x, y | z) = P(x | z) P(y | z) for every value of z with P(z) > 0.

    Examples
    --------
    >>> pz = np.array([0.2, 0.8])
    >>> table = np.einsum("k,ik,jk->ijk", pz, [[0.9, 0.1], [0.1, 0.9]], [[0.8, 0.05], [0.2, 0.95]])
    >>> is_conditionally_independent(table, given=2)
    True
    """
    arr = _joint_table(joint)
    if arr.ndim != 3:
        raise ValueError(
            f"is_conditionally_independent needs a 3-variable table (3-D); got shape {arr.shape}"
        )
    ax = _axis(arr, given, "given")
    atol = v.real_number(atol, "atol", low=0)
    moved = np.moveaxis(arr, ax, 2)
    pz = moved.sum(axis=(0, 1))
    for k in np.flatnonzero(pz > 0):
        slab = moved[:, :, k] / pz[k]
        if not np.allclose(slab, np.outer(slab.sum(1), slab.sum(0)), rtol=0, atol=atol):
            return False
    return True


def _values_probs(values: ArrayLike, probs: ArrayLike) -> tuple[NDArray, NDArray]:
    p = v.probability_vector(probs, "probs")
    x = v.as_float_array(values, "values")
    v.same_shape(x, p, "values", "probs")
    return x, p


def expectation(values: ArrayLike, probs: ArrayLike) -> float:
    """Expectation E[x] = Σ x P(x) of a discrete random variable (chapter 4).

    Examples
    --------
    >>> expectation([1, 2, 3, 4, 5, 6], [1 / 6] * 6)
    3.5
    """
    x, p = _values_probs(values, probs)
    return float(np.sum(x * p))


def variance(values: ArrayLike, probs: ArrayLike) -> float:
    """Variance Var[x] = E[(x − E[x])²] of a discrete random variable (chapter 4).

    Examples
    --------
    >>> round(variance([0, 1], [0.5, 0.5]), 12)
    0.25
    """
    x, p = _values_probs(values, probs)
    mean = float(np.sum(x * p))
    return float(np.sum(p * (x - mean) ** 2))


def _table_moments(joint: ArrayLike, x_values: ArrayLike, y_values: ArrayLike):
    arr = _joint_table(joint)
    if arr.ndim != 2:
        raise ValueError(f"joint must be a 2-variable table (2-D); got shape {arr.shape}")
    xs = v.as_float_array(x_values, "x_values")
    ys = v.as_float_array(y_values, "y_values")
    if xs.shape != (arr.shape[0],) or ys.shape != (arr.shape[1],):
        raise ValueError(
            f"x_values and y_values must give one value per row and column of joint, shapes "
            f"({arr.shape[0]},) and ({arr.shape[1]},); got {xs.shape} and {ys.shape}"
        )
    dx = xs - np.sum(xs * arr.sum(1))
    dy = ys - np.sum(ys * arr.sum(0))
    return arr, dx, dy


def covariance(joint: ArrayLike, x_values: ArrayLike, y_values: ArrayLike) -> float:
    """Covariance Cov(x, y) = E[(x − E[x])(y − E[y])] from a joint table (rows x, columns y).

    Examples
    --------
    >>> covariance([[0.5, 0.0], [0.0, 0.5]], [0, 1], [0, 1])
    0.25
    """
    arr, dx, dy = _table_moments(joint, x_values, y_values)
    return float(dx @ arr @ dy)


def correlation(joint: ArrayLike, x_values: ArrayLike, y_values: ArrayLike) -> float:
    """Correlation ρ = Cov(x, y) / (σ_x σ_y) ∈ [−1, 1] from a joint table (rows x, columns y).

    A variable with zero variance has no defined correlation: that raises ``ValueError``.

    Examples
    --------
    >>> correlation([[0.0, 0.5], [0.5, 0.0]], [0, 1], [0, 1])
    -1.0
    """
    arr, dx, dy = _table_moments(joint, x_values, y_values)
    var_x, var_y = float(arr.sum(1) @ dx**2), float(arr.sum(0) @ dy**2)
    if var_x == 0 or var_y == 0:
        raise ValueError(
            f"correlation needs both variables to vary; got Var[x] = {var_x:g}, Var[y] = {var_y:g}"
        )
    return float(np.clip((dx @ arr @ dy) / math.sqrt(var_x * var_y), -1.0, 1.0))


def correlate(z: ArrayLike, rho: float) -> NDArray[np.float64]:
    """Turn independent standard-normal pairs into pairs with correlation ``rho``.

    ``z`` has shape (n, 2). Row (z₁, z₂) becomes (z₁, ρ z₁ + √(1 − ρ²) z₂): both coordinates keep
    variance 1 and their covariance is ρ. At ρ = ±1 the points fall on the line y = ±x.

    Examples
    --------
    >>> correlate([[1.0, 2.0]], 0.0).tolist()
    [[1.0, 2.0]]
    >>> correlate([[1.0, 2.0]], -1.0).tolist()
    [[1.0, -1.0]]
    """
    rho = v.real_number(rho, "rho", low=-1, high=1)
    arr = v.as_float_array(z, "z")
    if arr.ndim != 2 or arr.shape[1] != 2:
        raise ValueError(f"z must have shape (n, 2), one pair per row; got shape {arr.shape}")
    out = arr.copy()
    out[:, 1] = rho * arr[:, 0] + math.sqrt(max(0.0, 1.0 - rho * rho)) * arr[:, 1]
    return out


def _prior_likelihood(prior: ArrayLike, likelihood: ArrayLike) -> tuple[NDArray, NDArray]:
    p = v.probability_vector(prior, "prior")
    lik = v.probabilities(likelihood, "likelihood")
    v.same_shape(p, lik, "prior", "likelihood")
    return p, lik


def total_probability(prior: ArrayLike, likelihood: ArrayLike) -> float:
    """Total probability of the evidence D: P(D) = Σ_h P(D | h) P(h).

    ``prior[h]`` is P(h) over a discrete set of hypotheses, ``likelihood[h]`` is P(D | h).

    Examples
    --------
    >>> round(total_probability([0.5, 0.5], [0.9, 0.1]), 12)
    0.5
    """
    p, lik = _prior_likelihood(prior, likelihood)
    return float(p @ lik)


def bayes_update(prior: ArrayLike, likelihood: ArrayLike) -> NDArray[np.float64]:
    """Posterior P(h | D) = P(D | h) P(h) / P(D) over a discrete set of hypotheses (Bayes' rule).

    ``prior`` is a probability vector over the hypotheses; ``likelihood[h]`` = P(D | h) is a
    probability in [0, 1] for each hypothesis (it need not sum to 1). Evidence that every
    hypothesis with prior mass calls impossible (P(D) = 0) raises ``ValueError``.

    Examples
    --------
    >>> bayes_update([0.2, 0.8], [0.9 * 0.8, 0.1 * 0.05]).round(4).tolist()  # spam, chapter 4
    [0.973, 0.027]
    """
    p, lik = _prior_likelihood(prior, likelihood)
    joint = p * lik
    evidence = float(joint.sum())
    if evidence <= 0:
        raise ValueError(
            "the evidence has total probability P(D) = Σ P(D|h) P(h) = 0, so the posterior is "
            "undefined; at least one hypothesis with prior > 0 needs likelihood > 0"
        )
    return joint / evidence


def _coin_counts(heads: int, n: int, least_n: int = 0) -> tuple[int, int]:
    """Check k heads in n flips: whole numbers (not 7.0), 0 ≤ k ≤ n and n ≥ ``least_n``."""
    m = v.whole_number(n, "n", least=least_n, what="the number of flips")
    k = v.whole_number(heads, "heads", most=m, what="at most n, the number of flips")
    return k, m


def bernoulli_log_likelihood(
    theta: ArrayLike, heads: int, n: int
) -> NDArray[np.float64] | float:
    """Log-likelihood log L(θ) = k log θ + (n − k) log(1 − θ) of k heads in n coin flips.

    This is the log-probability of one particular sequence with ``heads`` heads (no binomial
    coefficient), vectorized over ``theta`` in [0, 1]. With 0·log 0 = 0 the edges need no special
    care from the caller: log L(0) = 0 when k = 0 and −inf when k > 0 (and likewise at θ = 1);
    no NaN and no warning. Its negative is the negative log-likelihood that chapter 5 meets again
    as the cross-entropy loss. ``heads`` and ``n`` are counts: Python or NumPy integers with
    0 ≤ heads ≤ n (a float such as 7.0 is refused, as everywhere in the book's helpers).

    Examples
    --------
    >>> bernoulli_log_likelihood([0.0, 0.5, 1.0], heads=1, n=2).round(4).tolist()
    [-inf, -1.3863, -inf]
    >>> float(bernoulli_log_likelihood(1.0, heads=3, n=3))
    0.0
    """
    th = v.probabilities(theta, "theta")
    k, m = _coin_counts(heads, n)
    with np.errstate(divide="ignore"):
        log_t, log_1mt = np.log(th), np.log1p(-th)
    out = np.zeros_like(th)
    if k > 0:
        out = out + k * log_t
    if m - k > 0:
        out = out + (m - k) * log_1mt
    return float(out) if out.ndim == 0 else out


def bernoulli_mle(heads: int, n: int) -> float:
    """Maximum-likelihood estimate θ̂ = k / n of a coin's P(heads) from k heads in n flips.

    ``heads`` and ``n`` are counts: Python or NumPy integers with 0 ≤ heads ≤ n and n ≥ 1 (a
    float such as 10.0 is refused).

    Examples
    --------
    >>> bernoulli_mle(7, 10)
    0.7
    """
    k, m = _coin_counts(heads, n, least_n=1)
    return k / m


# -- the distributions the book uses (chapter 4, "The distributions the book uses") ------------

def _gaussian_params(mu: float, sigma: float) -> tuple[float, float]:
    return v.real_number(mu, "mu"), v.real_number(sigma, "sigma", low=0, low_open=True)


def gaussian_pdf(x: ArrayLike, mu: float = 0.0, sigma: float = 1.0) -> NDArray[np.float64]:
    """Density of the Gaussian N(μ, σ²): exp(−(x − μ)²/(2σ²)) / (σ √(2π)) (chapter 4).

    Examples
    --------
    >>> round(float(gaussian_pdf(0.0)), 6)
    0.398942
    >>> gaussian_pdf([1.0, 3.0], mu=2.0, sigma=1.0).round(6).tolist()
    [0.241971, 0.241971]
    """
    mu, sigma = _gaussian_params(mu, sigma)
    z = (v.as_float_array(x, "x") - mu) / sigma
    return np.exp(-0.5 * z * z) / (sigma * math.sqrt(2 * math.pi))


_erfc = np.frompyfunc(math.erfc, 1, 1)


def gaussian_cdf(x: ArrayLike, mu: float = 0.0, sigma: float = 1.0) -> NDArray[np.float64]:
    """Cumulative distribution function of N(μ, σ²): F(x) = P(X ≤ x) = ½ erfc(−(x − μ)/(σ√2)).

    Written with the complementary error function, so the far left tail keeps its relative
    precision (F(−30) ≈ 5e-198 instead of 0). Chapter 4.

    Examples
    --------
    >>> float(gaussian_cdf(0.0))
    0.5
    >>> round(float(gaussian_cdf(1.96)), 4)
    0.975
    """
    mu, sigma = _gaussian_params(mu, sigma)
    z = (v.as_float_array(x, "x") - mu) / (sigma * math.sqrt(2.0))
    return np.asarray(0.5 * _erfc(-z), dtype=float)


def gaussian_quantile(
    q: ArrayLike, mu: float = 0.0, sigma: float = 1.0
) -> NDArray[np.float64] | float:
    """Quantile function (inverse CDF) of N(μ, σ²): the x with F(x) = q, for q in [0, 1].

    Solved in the lower tail by bisection on the standard normal CDF (45 halvings of [−40, 0]),
    then one Newton step; the upper tail follows by symmetry. q = 0 and q = 1 give −inf and
    +inf. Chapter 4.

    Examples
    --------
    >>> round(float(gaussian_quantile(0.975)), 4)
    1.96
    >>> gaussian_quantile([0.0, 0.5, 1.0]).tolist()
    [-inf, 0.0, inf]
    """
    mu, sigma = _gaussian_params(mu, sigma)
    qa = v.probabilities(q, "q")
    # Solve in the lower tail, where the CDF keeps its relative precision: for q > ½ the
    # quantile is −z(1 − q), and 1 − q is exact in floating point for q in [½, 1].
    tail = np.minimum(qa, 1.0 - qa)
    lo = np.full(qa.shape, -40.0)
    hi = np.zeros(qa.shape)
    for _ in range(45):                           # brackets the root to 40 / 2⁴⁵ ≈ 1e-12
        mid = 0.5 * (lo + hi)
        below = gaussian_cdf(mid) < tail
        lo = np.where(below, mid, lo)
        hi = np.where(below, hi, mid)
    z = 0.5 * (lo + hi)
    inner = tail > 0
    dens = gaussian_pdf(z)
    step = np.divide(gaussian_cdf(z) - tail, dens, out=np.zeros_like(z),
                     where=inner & (dens > 0))
    z = np.where(inner, z - step, -np.inf)
    z = np.where(qa > 0.5, -z, z)
    z = np.where(qa == 0.5, 0.0, z)
    out = mu + sigma * z
    return float(out) if out.ndim == 0 else out


def empirical_cdf(samples: ArrayLike, x: ArrayLike) -> NDArray[np.float64]:
    """Empirical CDF of a sample: the fraction of the samples that are ≤ x (chapter 4).

    Examples
    --------
    >>> empirical_cdf([3.0, 1.0, 2.0, 2.0], [0.0, 1.0, 2.0, 2.5, 9.0]).tolist()
    [0.0, 0.25, 0.75, 0.75, 1.0]
    """
    s = v.as_float_array(samples, "samples")
    if s.ndim != 1 or s.size == 0:
        raise ValueError(f"samples must be a non-empty 1-D array; got shape {s.shape}")
    xa = v.as_float_array(x, "x")
    return np.searchsorted(np.sort(s), xa, side="right") / s.size


def _mean_and_cov(mean: ArrayLike, cov: ArrayLike) -> tuple[NDArray, NDArray, NDArray]:
    m = v.as_float_array(mean, "mean")
    c = v.as_float_array(cov, "cov")
    if m.ndim != 1 or m.size == 0 or c.shape != (m.size, m.size):
        raise ValueError(f"mean must have shape (d,) and cov shape (d, d); got {m.shape} and "
                         f"{c.shape}")
    if not np.allclose(c, c.T, rtol=1e-10, atol=1e-12):
        raise ValueError("cov must be symmetric (a covariance matrix equals its transpose)")
    try:
        chol = np.linalg.cholesky(c)
    except np.linalg.LinAlgError:
        raise ValueError("cov must be positive definite for the Gaussian to have a density; "
                         f"its smallest eigenvalue is {np.linalg.eigvalsh(c).min():.3g}") from None
    return m, c, chol


def multivariate_gaussian_pdf(X: ArrayLike, mean: ArrayLike, cov: ArrayLike) -> NDArray[np.float64]:
    """Density of N(μ, Σ) at each row of ``X`` (n × d, samples are rows), Σ positive definite.

    p(x) = exp(−½ (x − μ)ᵀ Σ⁻¹ (x − μ)) / √((2π)^d det Σ), computed through the Cholesky factor
    Σ = L Lᵀ (the quadratic form is ‖L⁻¹(x − μ)‖²). Chapter 4.

    Examples
    --------
    >>> round(float(multivariate_gaussian_pdf([[0.0, 0.0]], [0.0, 0.0], np.eye(2))[0]), 6)
    0.159155
    """
    m, _, chol = _mean_and_cov(mean, cov)
    x = v.as_float_array(X, "X")
    if x.ndim == 1:
        x = x[None, :]
    if x.ndim != 2 or x.shape[1] != m.size:
        raise ValueError(f"X must have shape (n, {m.size}), one sample per row; got {x.shape}")
    u = np.linalg.solve(chol, (x - m).T)          # L⁻¹ (x − μ), one column per sample
    log_det = 2.0 * np.sum(np.log(np.diag(chol)))
    return np.exp(-0.5 * (np.sum(u * u, axis=0) + m.size * math.log(2 * math.pi) + log_det))


def gaussian_mle(samples: ArrayLike) -> tuple[NDArray[np.float64] | float, NDArray[np.float64] | float]:
    """Maximum-likelihood estimates of a Gaussian's mean and (co)variance (chapter 4).

    For a 1-D sample, returns (x̄, (1/n) Σ (xᵢ − x̄)²); for an n × d sample (rows are samples),
    the mean vector and the covariance (1/n) Σ (xᵢ − x̄)(xᵢ − x̄)ᵀ. The variance divides by n,
    not n − 1: it is the MLE, biased low by the factor (n − 1)/n.

    Examples
    --------
    >>> gaussian_mle([1.0, 2.0, 3.0, 6.0])
    (3.0, 3.5)
    """
    x = v.as_float_array(samples, "samples")
    if x.ndim not in (1, 2) or x.shape[0] == 0 or x.size == 0:
        raise ValueError(f"samples must be a non-empty 1-D array or an n × d array (rows are "
                         f"samples); got shape {x.shape}")
    mean = x.mean(axis=0)
    d = x - mean
    if x.ndim == 1:
        return float(mean), float(np.mean(d * d))
    return mean, d.T @ d / x.shape[0]


def categorical_mle(labels: ArrayLike, k: int) -> NDArray[np.float64]:
    """Maximum-likelihood class probabilities from integer labels in {0, …, k − 1}: counts / n.

    Examples
    --------
    >>> categorical_mle([0, 2, 2, 1, 2], k=4).tolist()
    [0.2, 0.2, 0.6, 0.0]
    """
    k = v.whole_number(k, "k", least=1, what="the number of classes")
    y = np.asarray(labels)
    if y.ndim != 1 or y.size == 0 or not np.issubdtype(y.dtype, np.integer) or y.dtype == bool:
        raise ValueError(f"labels must be a non-empty 1-D array of integers; got dtype "
                         f"{y.dtype} and shape {y.shape}")
    if y.min() < 0 or y.max() >= k:
        raise ValueError(f"labels must lie in {{0, …, {k - 1}}}; got values from {y.min()} to "
                         f"{y.max()}")
    return np.bincount(y, minlength=k) / y.size


def map_linear_regression(
    X: ArrayLike, y: ArrayLike, noise_std: float, prior_std: float
) -> NDArray[np.float64]:
    """MAP weights of y = X w + noise, noise ~ N(0, σ²), prior w ~ N(0, τ² I) (chapter 4).

    Maximizing log p(y | X, w) + log p(w) is minimizing ‖y − X w‖² / (2σ²) + ‖w‖² / (2τ²), i.e.
    ridge regression with λ = σ²/τ²: w = (XᵀX + λ I)⁻¹ Xᵀ y. ``X`` is n × d (rows are samples).

    Examples
    --------
    >>> map_linear_regression([[1.0], [2.0]], [1.0, 2.0], noise_std=1.0, prior_std=1.0).tolist()
    [0.8333333333333334]
    """
    A, b, precision = _ridge_system(X, y, noise_std, prior_std)
    return np.linalg.solve(precision, A.T @ b)


def _ridge_system(X: ArrayLike, y: ArrayLike, noise_std: float, prior_std: float):
    """X and y checked, and XᵀX + λI with λ = σ²/τ² (σ² times the posterior precision)."""
    noise_std = v.real_number(noise_std, "noise_std", low=0, low_open=True)
    prior_std = v.real_number(prior_std, "prior_std", low=0, low_open=True)
    A = v.as_float_array(X, "X")
    b = v.as_float_array(y, "y")
    if A.ndim != 2 or b.shape != (A.shape[0],):
        raise ValueError(f"X must be n × d and y of shape (n,); got {A.shape} and {b.shape}")
    lam = (noise_std / prior_std) ** 2
    return A, b, A.T @ A + lam * np.eye(A.shape[1])


def linear_regression_posterior(
    X: ArrayLike, y: ArrayLike, noise_std: float, prior_std: float
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Mean and covariance of the Gaussian posterior of w in y = X w + noise (chapter 4).

    With noise ~ N(0, σ²) and prior w ~ N(0, τ² I), the posterior is
    w | X, y ~ N((XᵀX + λ I)⁻¹ Xᵀ y, σ² (XᵀX + λ I)⁻¹) with λ = σ²/τ²; its mean is the MAP
    (ridge) solution of :func:`map_linear_regression`. ``X`` is n × d (rows are samples).

    Returns
    -------
    mean : ndarray of shape (d,)
    cov : ndarray of shape (d, d), symmetric positive definite

    Examples
    --------
    >>> m, S = linear_regression_posterior([[1.0], [2.0]], [1.0, 2.0], 1.0, 1.0)
    >>> m.tolist(), S.tolist()
    ([0.8333333333333334], [[0.16666666666666666]])
    """
    A, b, precision = _ridge_system(X, y, noise_std, prior_std)
    mean = np.linalg.solve(precision, A.T @ b)
    cov = float(noise_std) ** 2 * np.linalg.inv(precision)
    return mean, (cov + cov.T) / 2


# -- sigmoid and softplus (chapter 4, "Sigmoid and softplus") ----------------------------------

def softplus(z: ArrayLike) -> NDArray[np.float64] | float:
    """Softplus ζ(z) = log(1 + eᶻ), computed without overflow as max(z, 0) + log1p(e^{−|z|}).

    A smooth version of max(z, 0); its derivative is the sigmoid. The naive formula overflows
    for z ≳ 710 and loses all precision for z ≲ −37; this form is accurate everywhere.

    Examples
    --------
    >>> round(float(softplus(0.0)), 6)
    0.693147
    >>> float(softplus(1000.0))
    1000.0
    """
    x = v.as_float_array(z, "z")
    out = np.maximum(x, 0.0) + np.log1p(np.exp(-np.abs(x)))
    return float(out) if out.ndim == 0 else out


def sigmoid(z: ArrayLike) -> NDArray[np.float64] | float:
    """Logistic sigmoid σ(z) = 1 / (1 + e^{−z}), without overflow for large |z|.

    Uses e^{−|z|} only, so neither branch overflows: σ(z) = 1/(1 + e^{−z}) for z ≥ 0 and
    eᶻ/(1 + eᶻ) for z < 0.

    Examples
    --------
    >>> float(sigmoid(0.0))
    0.5
    >>> sigmoid([-800.0, 800.0]).tolist()
    [0.0, 1.0]
    """
    x = v.as_float_array(z, "z")
    e = np.exp(-np.abs(x))
    out = np.where(x >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return float(out) if out.ndim == 0 else out


def log_sigmoid(z: ArrayLike) -> NDArray[np.float64] | float:
    """log σ(z) = −softplus(−z), finite for every finite z (no log of an underflowed 0).

    Examples
    --------
    >>> float(log_sigmoid(-1000.0))
    -1000.0
    """
    x = v.as_float_array(z, "z")
    out = -(np.maximum(-x, 0.0) + np.log1p(np.exp(-np.abs(x))))
    return float(out) if out.ndim == 0 else out


# -- mixtures (chapter 4, "Mixture distributions") --------------------------------------------

def gaussian_mixture_pdf(x: ArrayLike, weights: ArrayLike, means: ArrayLike,
                         stds: ArrayLike) -> NDArray[np.float64]:
    """Density Σₖ πₖ N(x; μₖ, σₖ²) of a one-dimensional Gaussian mixture.

    ``weights`` is a probability vector (the πₖ); ``means`` and ``stds`` have the same length,
    every σₖ > 0.

    Examples
    --------
    >>> round(float(gaussian_mixture_pdf(0.0, [0.5, 0.5], [-1.0, 1.0], [1.0, 1.0])), 6)
    0.241971
    """
    w = v.probability_vector(weights, "weights")
    m = v.as_float_array(means, "means")
    s = v.as_float_array(stds, "stds")
    if m.shape != w.shape or s.shape != w.shape:
        raise ValueError(f"weights, means and stds must have the same length (one per "
                         f"component); got shapes {w.shape}, {m.shape} and {s.shape}")
    if np.any(s <= 0):
        raise ValueError(f"stds must be > 0 (one standard deviation per component); got "
                         f"{s.min():g}")
    xs = v.as_float_array(x, "x")
    z = (xs[..., None] - m) / s
    comp = np.exp(-0.5 * z * z) / (s * math.sqrt(2 * math.pi))
    return comp @ w


# -- comparing accuracies (chapter 4, "Confidence intervals", "Comparing two models") ---------

def wilson_interval(successes: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """Wilson score interval for a proportion: k successes in n independent trials.

    The set of p for which |k/n − p| ≤ z √(p(1 − p)/n), solved in closed form. Unlike the
    Wald interval k/n ± z √(p̂(1 − p̂)/n), it never has zero width at k = 0 or k = n and stays
    inside [0, 1].

    Examples
    --------
    >>> [round(t, 4) for t in wilson_interval(10, 10)]
    [0.7225, 1.0]
    """
    m = v.whole_number(n, "n", least=1, what="the number of trials")
    k = v.whole_number(successes, "successes", most=m, what="at most n, the number of trials")
    z = v.real_number(z, "z", low=0, low_open=True)
    p = k / m
    denom = 1 + z * z / m
    centre = (p + z * z / (2 * m)) / denom
    half = z * math.sqrt(p * (1 - p) / m + z * z / (4 * m * m)) / denom
    # at k = 0 (k = n) the lower (upper) end is exactly 0 (1); rounding would leave ±1e-17
    lo = 0.0 if k == 0 else max(0.0, centre - half)
    hi = 1.0 if k == m else min(1.0, centre + half)
    return lo, hi


def _binomial_upper_tail(k: int, n: int, p: float) -> float:
    """P(K ≥ k) for K ~ Binomial(n, p), summed from log-probabilities (no overflow for large n)."""
    if k <= 0:
        return 1.0
    if p <= 0.0:
        return 0.0
    if p >= 1.0:
        return 1.0
    j = np.arange(k, n + 1)
    log_comb = np.array([math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1)
                         for i in j])
    return float(np.exp(log_comb + j * math.log(p) + (n - j) * math.log1p(-p)).sum())


def _bisect_increasing(f, lo: float, hi: float, iterations: int = 60) -> float:
    """The root of an increasing function f on [lo, hi] with f(lo) < 0 ≤ f(hi), by bisection."""
    for _ in range(iterations):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if f(mid) < 0 else (lo, mid)
    return (lo + hi) / 2


def clopper_pearson_interval(successes: int, n: int,
                             confidence: float = 0.95) -> tuple[float, float]:
    """Clopper–Pearson ("exact") interval for a proportion: k successes in n independent trials.

    With α = 1 − ``confidence``, it keeps every p under which the observed k falls in neither
    α/2 tail of Binomial(n, p): the lower end solves P(K ≥ k) = α/2 (0 when k = 0), the upper
    end P(K ≤ k) = α/2 (1 when k = n). Both tails are monotone in p, and each end is found by
    bisection to about 1e-15. Its coverage is at least ``confidence`` for every p and n, at the
    price of a wider interval than :func:`wilson_interval`.

    Examples
    --------
    >>> [round(t, 4) for t in clopper_pearson_interval(10, 10)]
    [0.6915, 1.0]
    >>> lo, hi = clopper_pearson_interval(0, 20)
    >>> lo, round(hi, 4)
    (0.0, 0.1684)
    """
    m = v.whole_number(n, "n", least=1, what="the number of trials")
    k = v.whole_number(successes, "successes", most=m, what="at most n, the number of trials")
    conf = v.real_number(confidence, "confidence", low=0, high=1, low_open=True, high_open=True,
                         what="the coverage asked for, such as 0.95")
    half_alpha = (1.0 - conf) / 2
    lo = 0.0 if k == 0 else _bisect_increasing(
        lambda p: _binomial_upper_tail(k, m, p) - half_alpha, 0.0, 1.0)
    # P(K ≤ k) = 1 − P(K ≥ k + 1) decreases in p, so P(K ≥ k + 1) − (1 − α/2) increases
    hi = 1.0 if k == m else _bisect_increasing(
        lambda p: _binomial_upper_tail(k + 1, m, p) - (1.0 - half_alpha), 0.0, 1.0)
    return lo, hi


def student_t_quantile(q: float, nu: float) -> float:
    """The q-quantile of Student's t distribution with ν ≥ 1 degrees of freedom (ν need not be
    a whole number, as in Welch's interval).

    The density is proportional to (1 + t²/ν)^{−(ν+1)/2}. The substitution t = √ν·tan u turns
    the probability of [0, t] into c·∫₀^u cos^{ν−1}(s) ds with c = Γ((ν+1)/2)/(√π Γ(ν/2)), a
    smooth integrand on a bounded interval; the integral is taken by Simpson's rule on 4000
    intervals, and u is found by bisection. The result is accurate to about 1e-8 (relative) for
    0.001 ≤ q ≤ 0.999; farther in the tails it degrades when ν < 2, where cos^{ν−1} is not
    smooth at π/2. The distribution is symmetric, so the quantile of 1 − q is minus that of q.

    Examples
    --------
    >>> round(student_t_quantile(0.975, 1), 4)      # ν = 1: tan(0.475π)
    12.7062
    >>> round(student_t_quantile(0.975, 10), 4)
    2.2281
    """
    q = v.real_number(q, "q", low=0, high=1, low_open=True, high_open=True,
                      what="a probability strictly between 0 and 1")
    nu = v.real_number(nu, "nu", low=1, what="the degrees of freedom")
    if q == 0.5:
        return 0.0
    if q < 0.5:
        return -student_t_quantile(1.0 - q, nu)
    c = math.exp(math.lgamma((nu + 1) / 2) - math.lgamma(nu / 2)) / math.sqrt(math.pi)
    weights = np.ones(4001)
    weights[1:-1:2], weights[2:-1:2] = 4.0, 2.0

    def prob_0_to(u: float) -> float:               # P(0 ≤ T ≤ √ν tan u), 0 ≤ u < π/2
        s = np.linspace(0.0, u, 4001)
        return c * u / 12000 * float(weights @ np.cos(s) ** (nu - 1))

    u = _bisect_increasing(lambda w: prob_0_to(w) - (q - 0.5), 0.0, math.pi / 2)
    return math.sqrt(nu) * math.tan(u)


def mcnemar_exact(only_a: int, only_b: int) -> float:
    """Two-sided exact McNemar p-value for two classifiers scored on the same examples.

    ``only_a`` counts the examples that model A gets right and model B wrong, ``only_b`` the
    reverse; the examples both get right or both get wrong carry no information about which is
    better. If the two models are equally accurate, each of the m = only_a + only_b
    disagreements is equally likely to go either way, so min(only_a, only_b) is Binomial(m, ½);
    the p-value is twice its lower tail, capped at 1 (and 1 when m = 0).

    Examples
    --------
    >>> round(mcnemar_exact(0, 8), 5)
    0.00781
    >>> mcnemar_exact(5, 5)
    1.0
    """
    a = v.whole_number(only_a, "only_a", what="examples only model A gets right")
    b = v.whole_number(only_b, "only_b", what="examples only model B gets right")
    m, lo = a + b, min(a, b)
    if m == 0:
        return 1.0
    tail = sum(math.comb(m, i) for i in range(lo + 1))
    # exact integer arithmetic, then one rounding (int / int is correctly rounded in Python)
    return min(1.0, 2 * tail / 2 ** m)


# -- the Beta–Bernoulli pair (chapter 4, "The Beta–Bernoulli pair") ---------------------------

def beta_pdf(theta: ArrayLike, a: float, b: float) -> NDArray[np.float64] | float:
    """Density of Beta(a, b): θ^{a−1} (1 − θ)^{b−1} / B(a, b) on [0, 1], with a, b > 0.

    B(a, b) = Γ(a)Γ(b)/Γ(a + b) is evaluated through ``math.lgamma``, so large a, b (long coin
    sequences) do not overflow. At θ = 0 or 1 the density is 0, finite or +inf, as the exponents
    say (no NaN, no warning).

    Examples
    --------
    >>> float(beta_pdf(0.3, 1.0, 1.0))
    1.0
    >>> round(float(beta_pdf(0.5, 2.0, 2.0)), 6)
    1.5
    """
    a = v.real_number(a, "a", low=0, low_open=True)
    b = v.real_number(b, "b", low=0, low_open=True)
    th = v.probabilities(theta, "theta")
    log_norm = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
    with np.errstate(divide="ignore", invalid="ignore"):
        t1 = np.where(a == 1.0, 0.0, (a - 1.0) * np.log(th))
        t2 = np.where(b == 1.0, 0.0, (b - 1.0) * np.log1p(-th))
    out = np.exp(log_norm + t1 + t2)
    return float(out) if out.ndim == 0 else out
