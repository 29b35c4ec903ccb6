"""Gradient-based optimization: the pure math of chapter 6 (NumPy only).

The chapter minimizes an objective f by gradient descent, x ← x − ε ∇f(x), checks analytic
gradients against central finite differences, and fits a logistic regression whose speed depends
on the scale of its features (the condition number of the Hessian). Nothing here warns or returns
NaN at the edges: the sigmoid is stable for any finite input, and a diverging descent stops at a
bound and says so.

Examples
--------
>>> from helpers.optimization import gradient_descent, sigmoid
>>> float(sigmoid(0.0))
0.5
>>> run = gradient_descent(lambda x: 2 * x, 3.0, lr=0.25, steps=40)
>>> run.status, round(float(run.path[-1]), 10)
('finished', 0.0)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Callable

import numpy as np
from numpy.typing import ArrayLike, NDArray

from . import _validate as v

__all__ = [
    "sigmoid",
    "sigmoid_derivative",
    "log_sigmoid",
    "softplus",
    "numerical_gradient",
    "check_gradient",
    "DescentResult",
    "gradient_descent",
    "momentum_descent",
    "nesterov_descent",
    "clip_by_norm",
    "adagrad_step",
    "rmsprop_step",
    "adam_step",
    "run_optimizer",
    "lr_schedule",
    "optimal_step",
    "conjugate_gradient",
    "project_max_norm",
    "vandermonde_least_squares",
    "descent_regime",
    "quadratic",
    "standardize",
    "logistic_loss",
    "logistic_gradient",
    "logistic_hessian",
]


def _scalar_or_array(out: NDArray) -> NDArray[np.float64] | float:
    return float(out) if out.ndim == 0 else out


def sigmoid(t: ArrayLike) -> NDArray[np.float64] | float:
    """The logistic sigmoid σ(t) = 1 / (1 + e⁻ᵗ), element-wise, without overflow (chapter 6).

    For t < 0 it is computed as eᵗ / (1 + eᵗ), so e⁻ᵗ is never formed for a large negative t:
    σ(−1000) is 0 and σ(1000) is 1, with no warning.

    Examples
    --------
    >>> sigmoid([-1000.0, 0.0, 1000.0]).tolist()
    [0.0, 0.5, 1.0]
    """
    arr = v.as_float_array(t, "t")
    e = np.exp(-np.abs(arr))  # in (0, 1]: never overflows
    out = np.where(arr >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return _scalar_or_array(out)


def sigmoid_derivative(t: ArrayLike) -> NDArray[np.float64] | float:
    """σ'(t) = σ(t)(1 − σ(t)), element-wise (chapter 6); largest, 1/4, at t = 0.

    Since 1 − σ(t) = σ(−t), it is computed as σ(t)·σ(−t): forming 1 − σ(t) for a large t would
    cancel almost every digit.

    Examples
    --------
    >>> float(sigmoid_derivative(0.0))
    0.25
    """
    arr = v.as_float_array(t, "t")
    return _scalar_or_array(np.asarray(sigmoid(arr)) * np.asarray(sigmoid(-arr)))


def log_sigmoid(t: ArrayLike) -> NDArray[np.float64] | float:
    """log σ(t) = −log(1 + e⁻ᵗ), element-wise and stable for every finite t (chapter 6).

    Computed as −logaddexp(0, −t): taking the log of σ(t) would give log 0 = −inf once σ(t)
    underflows (t below about −745), while log σ(t) ≈ t there. This is the log-likelihood of
    the label 1 in logistic regression, so its negative is the loss of one sample.

    Examples
    --------
    >>> log_sigmoid([-1000.0, 0.0, 1000.0]).tolist()
    [-1000.0, -0.6931471805599453, 0.0]
    """
    arr = v.as_float_array(t, "t")
    return _scalar_or_array(-np.logaddexp(0.0, -arr) + 0.0)  # + 0.0 turns −0.0 into 0.0


def softplus(t: ArrayLike) -> NDArray[np.float64] | float:
    """softplus(t) = log(1 + eᵗ), element-wise and stable for every finite t (chapter 6).

    Computed as logaddexp(0, t), which never forms eᵗ for a large t: softplus(1000) is 1000,
    not inf. It is a smooth ReLU (softplus(t) − max(t, 0) lies in (0, log 2]), its derivative is
    σ(t), and softplus(t) = −log σ(−t).

    Examples
    --------
    >>> softplus([-1000.0, 0.0, 1000.0]).tolist()
    [0.0, 0.6931471805599453, 1000.0]
    """
    arr = v.as_float_array(t, "t")
    return _scalar_or_array(np.logaddexp(0.0, arr))


def numerical_gradient(f: Callable[[NDArray], float], x: ArrayLike, h: float = 1e-5
                       ) -> NDArray[np.float64] | float:
    """Central finite-difference gradient of a scalar function ``f`` at ``x`` (chapter 6).

    Component i is (f(x + h eᵢ) − f(x − h eᵢ)) / (2h); its error shrinks like h² until rounding
    (about machine epsilon · |f| / h) takes over, so h ≈ 1e-5 suits float64.

    Examples
    --------
    >>> numerical_gradient(lambda x: float(x @ x), [1.0, -2.0]).round(6).tolist()
    [2.0, -4.0]
    """
    h = v.real_number(h, "h", low=0, low_open=True)
    xa = v.as_float_array(x, "x")
    grad = np.zeros_like(xa)
    flat, gflat = xa.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + h
        up = float(f(xa))
        flat[i] = old - h
        down = float(f(xa))
        flat[i] = old
        gflat[i] = (up - down) / (2.0 * h)
    return _scalar_or_array(grad)


def check_gradient(f: Callable[[NDArray], float], grad: Callable[[NDArray], ArrayLike],
                   x: ArrayLike, h: float = 1e-5) -> float:
    """Largest error of an analytic gradient against central finite differences, relative to
    the gradient's size: max |g − n| / max(max |g|, max |n|) over the components (chapter 6).

    Measuring every component against the largest one keeps a near-zero component from turning
    the finite difference's tiny error into a huge ratio. A correct gradient gives about 1e-9
    or less in float64; a wrong one gives something of order 1. Check at a point where the
    gradient is clearly nonzero: where it is tiny (say below 1e-6 · |f| / h) the finite
    difference's rounding noise is as large as the gradient itself. (Where the whole gradient
    is exactly zero there is nothing to be relative to: the absolute error is returned.)

    Examples
    --------
    >>> check_gradient(lambda x: float(np.sum(x ** 3)), lambda x: 3 * x ** 2, [1.0, 2.0]) < 1e-8
    True
    >>> round(check_gradient(lambda x: float(np.sum(x ** 3)), lambda x: 2 * x ** 2, [1.0, 2.0]), 3)
    0.333
    """
    xa = v.as_float_array(x, "x")
    analytic = v.as_float_array(grad(xa.copy()), "grad(x)")
    numeric = np.asarray(numerical_gradient(f, xa.copy(), h))
    if analytic.shape != numeric.shape:
        raise ValueError(
            f"grad(x) must have the shape of x, {numeric.shape}; got {analytic.shape}"
        )
    error = float(np.max(np.abs(analytic - numeric), initial=0.0))
    scale = float(max(np.max(np.abs(analytic), initial=0.0), np.max(np.abs(numeric), initial=0.0)))
    return error / scale if scale > 0 else error


@dataclass(frozen=True)
class DescentResult:
    """What :func:`gradient_descent` (or :func:`momentum_descent`) did.

    Attributes
    ----------
    path
        The iterates x₀, x₁, …, one per row (a 1-D array for a scalar x₀).
    values
        f at each iterate, when ``f`` was given; else None.
    status
        ``'converged'`` (the gradient norm fell to ``tol``), ``'diverged'`` (an iterate left the
        box |xᵢ| ≤ bound; it is the last row of ``path``) or ``'finished'`` (all steps taken).
    """

    path: NDArray[np.float64]
    values: NDArray[np.float64] | None
    status: str

    @property
    def steps(self) -> int:
        """How many updates were taken (rows of ``path`` minus one)."""
        return len(self.path) - 1


def gradient_descent(grad: Callable[[NDArray], ArrayLike], x0: ArrayLike, lr: float, steps: int,
                     *, f: Callable[[NDArray], float] | None = None, bound: float = 1e6,
                     tol: float | None = None, f_target: float | None = None) -> DescentResult:
    """Run ``steps`` updates x ← x − lr·∇f(x) from ``x0`` and record the path (chapter 6).

    The run stops early, and says so in ``status``, when an iterate leaves the box
    |xᵢ| ≤ ``bound`` (``'diverged'``: that iterate is kept as the last point, so a plot can show
    where it went), when ‖∇f(x)‖ ≤ ``tol``, or when f(x) ≤ ``f_target`` (needs ``f``); the last
    two give ``'converged'``. A diverging run therefore ends with finite numbers, never overflow
    or NaN.

    Examples
    --------
    >>> run = gradient_descent(lambda x: 2 * x, 1.0, lr=1.5, steps=100, bound=10)
    >>> run.status, run.path.tolist()
    ('diverged', [1.0, -2.0, 4.0, -8.0, 16.0])
    """
    return _descend(grad, x0, lr, 0.0, steps, f=f, bound=bound, tol=tol, f_target=f_target)


def momentum_descent(grad: Callable[[NDArray], ArrayLike], x0: ArrayLike, lr: float,
                     momentum: float, steps: int, *, f: Callable[[NDArray], float] | None = None,
                     bound: float = 1e6, tol: float | None = None,
                     f_target: float | None = None) -> DescentResult:
    """Gradient descent with momentum (Polyak's heavy ball), from ``x0`` (chapter 6).

    The velocity v starts at 0; each step is v ← β·v − lr·∇f(x), then x ← x + v, with
    β = ``momentum`` in [0, 1). With β = 0 this is :func:`gradient_descent` exactly. The velocity
    is a decaying sum of past gradients, so steps along a direction where the gradient keeps its
    sign grow (up to a factor 1/(1 − β)), while steps along a direction where it flips sign
    cancel. The keyword arguments and the returned :class:`DescentResult` are those of
    :func:`gradient_descent` (``tol`` tests the gradient norm, as there).

    Examples
    --------
    >>> grad = lambda x: np.array([1.0, 100.0]) * x     # f = ½(x² + 100 y²), κ = 100
    >>> gd = gradient_descent(grad, [1.0, 1.0], lr=0.0198, steps=5000, tol=1e-8)
    >>> hb = momentum_descent(grad, [1.0, 1.0], lr=0.0331, momentum=0.67, steps=5000, tol=1e-8)
    >>> gd.status, hb.status, gd.steps > 5 * hb.steps
    ('converged', 'converged', True)
    """
    momentum = v.real_number(momentum, "momentum", low=0, high=1, high_open=True)
    return _descend(grad, x0, lr, momentum, steps, f=f, bound=bound, tol=tol,
                    f_target=f_target)


def nesterov_descent(grad: Callable[[NDArray], ArrayLike], x0: ArrayLike, lr: float,
                     momentum: float, steps: int, *, f: Callable[[NDArray], float] | None = None,
                     bound: float = 1e6, tol: float | None = None,
                     f_target: float | None = None) -> DescentResult:
    """Nesterov's accelerated gradient, in its momentum form, from ``x0`` (chapter 6).

    The same as :func:`momentum_descent` except where the gradient is taken: at the look-ahead
    point x + β·v that the velocity alone would reach, v ← β·v − lr·∇f(x + β·v), then
    x ← x + v. With β = 0 it is :func:`gradient_descent`. ``tol`` tests the norm of the
    look-ahead gradient (the only one computed).

    Examples
    --------
    >>> grad = lambda x: np.array([1.0, 100.0]) * x     # f = ½(x² + 100 y²), κ = 100
    >>> run = nesterov_descent(grad, [1.0, 1.0], lr=0.01, momentum=9 / 11, steps=5000, tol=1e-8)
    >>> run.status, run.steps < 300
    ('converged', True)
    """
    momentum = v.real_number(momentum, "momentum", low=0, high=1, high_open=True)
    return _descend(grad, x0, lr, momentum, steps, f=f, bound=bound, tol=tol,
                    f_target=f_target, nesterov=True)


def _descend(grad, x0, lr, momentum, steps, *, f, bound, tol, f_target,
             nesterov=False) -> DescentResult:
    """The loop shared by gradient_descent (momentum 0), momentum_descent and nesterov."""
    lr = v.real_number(lr, "lr", low=0, low_open=True, what="the learning rate")
    bound = v.real_number(bound, "bound", low=0, low_open=True)
    if tol is not None:
        tol = v.real_number(tol, "tol", low=0, low_open=True)
    steps = v.whole_number(steps, "steps")
    if f_target is not None:
        f_target = v.real_number(f_target, "f_target")
        if f is None:
            raise ValueError("f_target needs f, the objective to compare with it")
    x = v.as_float_array(x0, "x0").copy()
    if np.any(np.abs(x) > bound):
        raise ValueError(f"x0 must lie inside the box |xᵢ| ≤ bound = {bound:g}; got {x.tolist()}")
    velocity = np.zeros_like(x)
    path = [x.copy()]
    values = [] if f is None else [float(f(x.copy()))]
    status = "finished"
    for _ in range(steps):
        if f_target is not None and values[-1] <= f_target:
            status = "converged"
            break
        at = x + momentum * velocity if nesterov else x  # the look-ahead point for Nesterov
        g = v.as_float_array(grad(at.copy()), "grad(x)")
        if g.shape != x.shape:
            raise ValueError(f"grad(x) must have the shape of x0, {x.shape}; got {g.shape}")
        if tol is not None and float(np.linalg.norm(g)) <= tol:
            status = "converged"
            break
        velocity = momentum * velocity - lr * g  # with momentum 0: x + (−lr·g) = x − lr·g
        x = x + velocity
        path.append(x.copy())
        if not np.all(np.abs(x) <= bound):  # also catches inf / NaN
            status = "diverged"
            break
        if f is not None:
            values.append(float(f(x.copy())))
    else:
        if f_target is not None and values[-1] <= f_target:
            status = "converged"
    if status == "diverged" and f is not None:
        with np.errstate(over="ignore", invalid="ignore"):  # f may be huge out there
            values.append(float(f(x.copy())))
    return DescentResult(path=np.array(path), values=None if f is None else np.array(values),
                         status=status)


def descent_regime(lr: float, curvature: float) -> str:
    """How gradient descent behaves on a 1-D quadratic f(x) = ½·curvature·x² (chapter 6).

    Each step multiplies x by 1 − lr·curvature, so with L = curvature the step size decides:
    ``'monotone'`` (lr < 1/L), ``'one step'`` (lr = 1/L: lands on the minimum),
    ``'oscillating'`` (1/L < lr < 2/L: overshoots but shrinks), ``'bouncing'`` (lr = 2/L: ±x
    forever) or ``'diverging'`` (lr > 2/L). Equalities are tested with a relative tolerance of
    1e-12.

    Examples
    --------
    >>> [descent_regime(lr, 2.0) for lr in (0.1, 0.5, 0.8, 1.0, 1.2)]
    ['monotone', 'one step', 'oscillating', 'bouncing', 'diverging']
    """
    lr = v.real_number(lr, "lr", low=0, low_open=True, what="the learning rate")
    curvature = v.real_number(curvature, "curvature", low=0, low_open=True)
    r = lr * curvature  # the regime depends on lr·L only
    if math.isclose(r, 1.0, rel_tol=1e-12):
        return "one step"
    if math.isclose(r, 2.0, rel_tol=1e-12):
        return "bouncing"
    if r < 1.0:
        return "monotone"
    return "oscillating" if r < 2.0 else "diverging"


def quadratic(A: ArrayLike, b: ArrayLike | None = None
              ) -> tuple[Callable[[NDArray], float], Callable[[NDArray], NDArray[np.float64]]]:
    """f(x) = ½ xᵀAx − bᵀx and its gradient Ax − b, for a symmetric matrix A (chapter 6).

    The Hessian is A itself, so its eigenvalues are the curvatures along its eigenvectors and
    gradient descent is stable for lr < 2/λ_max. Returns the pair (f, grad).

    Examples
    --------
    >>> f, grad = quadratic([[1.0, 0.0], [0.0, 10.0]])
    >>> f(np.array([1.0, 1.0])), grad(np.array([1.0, 1.0])).tolist()
    (5.5, [1.0, 10.0])
    """
    Aa = v.as_float_array(A, "A")
    if Aa.ndim != 2 or Aa.shape[0] != Aa.shape[1] or Aa.size == 0:
        raise ValueError(f"A must be a square matrix; got shape {Aa.shape}")
    if not np.allclose(Aa, Aa.T, rtol=1e-10, atol=1e-12):
        raise ValueError("A must be symmetric (A = Aᵀ) so that A is the Hessian of ½ xᵀAx")
    n = Aa.shape[0]
    ba = np.zeros(n) if b is None else v.as_float_array(b, "b")
    if ba.shape != (n,):
        raise ValueError(f"b must be a vector of shape ({n},) to match A; got shape {ba.shape}")

    def _x(x: ArrayLike) -> NDArray[np.float64]:
        xa = v.as_float_array(x, "x")
        if xa.shape != (n,):
            raise ValueError(f"x must have shape ({n},) to match A; got shape {xa.shape}")
        return xa

    def f(x: ArrayLike) -> float:
        xa = _x(x)
        return float(0.5 * xa @ Aa @ xa - ba @ xa)

    def grad(x: ArrayLike) -> NDArray[np.float64]:
        return Aa @ _x(x) - ba

    return f, grad


def standardize(X: ArrayLike) -> tuple[NDArray[np.float64], NDArray[np.float64],
                                       NDArray[np.float64]]:
    """Feature scaling by standardization: each column minus its mean, divided by its std.

    Returns (Z, mean, std); every column of Z has mean 0 and standard deviation 1 (chapter 6).

    Examples
    --------
    >>> Z, mean, std = standardize([[20.0, 5000.0], [30.0, 9000.0]])
    >>> Z.tolist(), mean.tolist(), std.tolist()
    ([[-1.0, -1.0], [1.0, 1.0]], [25.0, 7000.0], [5.0, 2000.0])
    """
    Xa = v.as_float_array(X, "X")
    if Xa.ndim != 2 or Xa.shape[0] < 2:
        raise ValueError(
            f"X must be 2-D (samples × features) with at least 2 samples; got shape {Xa.shape}"
        )
    mean, std = Xa.mean(axis=0), Xa.std(axis=0)
    if np.any(std == 0):
        j = int(np.argmin(std))
        raise ValueError(f"column {j} of X is constant (std 0); it cannot be standardized")
    return (Xa - mean) / std, mean, std


def _logistic_args(w: ArrayLike, X: ArrayLike, y: ArrayLike | None = None):
    Xa = v.as_float_array(X, "X")
    if Xa.ndim != 2:
        raise ValueError(f"X must be 2-D (samples × features); got shape {Xa.shape}")
    wa = v.as_float_array(w, "w")
    if wa.shape != (Xa.shape[1],):
        raise ValueError(
            f"w must have one weight per column of X, shape ({Xa.shape[1]},); got {wa.shape}"
        )
    if y is None:
        return wa, Xa, None
    ya = v.as_float_array(y, "y")
    if ya.shape != (Xa.shape[0],):
        raise ValueError(f"y must have one label per row of X, shape ({Xa.shape[0]},); "
                         f"got {ya.shape}")
    if not np.all((ya == 0) | (ya == 1)):
        raise ValueError("y must hold labels 0 or 1")
    return wa, Xa, ya


def logistic_loss(w: ArrayLike, X: ArrayLike, y: ArrayLike) -> float:
    """Mean cross-entropy of a logistic regression P(y = 1 | x) = σ(xᵀw) (chapter 6).

    loss = mean(log(1 + e^z) − y·z) with z = Xw; log(1 + e^z) is :func:`softplus`, computed
    stably, so a huge |z| neither overflows nor returns inf.
    Add a column of ones to ``X`` for an intercept.

    Examples
    --------
    >>> round(logistic_loss([0.0, 0.0], [[1.0, 2.0], [1.0, -1.0]], [1, 0]), 6)  # log 2
    0.693147
    """
    wa, Xa, ya = _logistic_args(w, X, y)
    z = Xa @ wa
    return float(np.mean(softplus(z) - ya * z))


def logistic_gradient(w: ArrayLike, X: ArrayLike, y: ArrayLike) -> NDArray[np.float64]:
    """Gradient of :func:`logistic_loss` with respect to w: Xᵀ(σ(Xw) − y) / n (chapter 6).

    Examples
    --------
    >>> logistic_gradient([0.0, 0.0], [[1.0, 2.0], [1.0, -1.0]], [1, 0]).tolist()
    [0.0, -0.75]
    """
    wa, Xa, ya = _logistic_args(w, X, y)
    return Xa.T @ (np.asarray(sigmoid(Xa @ wa)) - ya) / Xa.shape[0]


def logistic_hessian(w: ArrayLike, X: ArrayLike) -> NDArray[np.float64]:
    """Hessian of :func:`logistic_loss`: Xᵀ diag(σ(1 − σ)) X / n, at the weights w (chapter 6).

    Its condition number (largest over smallest eigenvalue) sets how many steps gradient descent
    needs; features on very different scales make it huge.

    Examples
    --------
    >>> logistic_hessian([0.0], [[2.0], [-2.0]]).tolist()
    [[1.0]]
    """
    wa, Xa, _ = _logistic_args(w, X)
    s = np.asarray(sigmoid(Xa @ wa))
    return (Xa * (s * (1.0 - s))[:, None]).T @ Xa / Xa.shape[0]


# -- chapter 6, part two: clipping, adaptive steps, schedules, line search, constraints -------

def clip_by_norm(g: ArrayLike, max_norm: float) -> NDArray[np.float64]:
    """Gradient clipping by norm: g·min(1, c/‖g‖₂) with c = ``max_norm`` (chapter 6).

    A gradient no longer than c is returned unchanged; a longer one is shortened to length c in
    the same direction, so the step keeps its direction and loses only its size.

    Examples
    --------
    >>> clip_by_norm([3.0, 4.0], 1.0).tolist(), clip_by_norm([0.3, 0.4], 1.0).tolist()
    ([0.6000000000000001, 0.8], [0.3, 0.4])
    """
    ga = v.as_float_array(g, "g")
    c = v.real_number(max_norm, "max_norm", low=0, low_open=True, what="the clipping threshold")
    norm = float(np.linalg.norm(ga))
    return ga * (c / norm) if norm > c else ga.copy()


def _state(x: ArrayLike, g: ArrayLike, s: ArrayLike, name: str):
    xa, ga, sa = (v.as_float_array(a, n) for a, n in ((x, "x"), (g, "g"), (s, name)))
    if ga.shape != xa.shape or sa.shape != xa.shape:
        raise ValueError(f"x, g and {name} must have one shape; got {xa.shape}, {ga.shape} and "
                         f"{sa.shape}")
    if np.any(sa < 0):
        raise ValueError(f"{name} is a running sum of squared gradients and must be ≥ 0")
    return xa, ga, sa


def adagrad_step(x: ArrayLike, g: ArrayLike, s: ArrayLike, lr: float, eps: float = 1e-8
                 ) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """One AdaGrad update (chapter 6): s ← s + g², x ← x − lr·g / (√s + eps), per coordinate.

    ``s`` is the sum of the squared gradients seen so far (start it at zeros). Returns the new
    (x, s). Because s only grows, each coordinate's step shrinks like 1/√(number of steps).

    Examples
    --------
    >>> x, s = adagrad_step([1.0, 1.0], [2.0, -0.5], [0.0, 0.0], lr=0.1, eps=0.0)
    >>> x.tolist(), s.tolist()
    ([0.9, 1.1], [4.0, 0.25])
    """
    xa, ga, sa = _state(x, g, s, "s")
    lr = v.real_number(lr, "lr", low=0, low_open=True, what="the learning rate")
    eps = v.real_number(eps, "eps", low=0)
    return _adagrad(xa, ga, sa, lr, eps)


def _adagrad(x, g, s, lr, eps):
    s = s + g * g
    return x - lr * _ratio(g, s, eps), s


def _ratio(m, s, eps):
    """m / (√s + eps), with 0 where s = 0 (then m = 0 too: no gradient yet)."""
    return np.divide(m, np.sqrt(s) + eps, out=np.zeros_like(m), where=s > 0)


def rmsprop_step(x: ArrayLike, g: ArrayLike, s: ArrayLike, lr: float, rho: float = 0.9,
                 eps: float = 1e-8) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """One RMSProp update (chapter 6): s ← ρs + (1 − ρ)g², x ← x − lr·g / (√s + eps).

    ``s`` is an exponential moving average of the squared gradients (start it at zeros), so old
    gradients are forgotten at the rate 1 − ρ instead of accumulating as in AdaGrad. Returns
    the new (x, s).

    Examples
    --------
    >>> x, s = rmsprop_step([1.0], [2.0], [4.0], lr=0.1, rho=0.5, eps=0.0)
    >>> x.tolist(), s.tolist()
    ([0.9], [4.0])
    """
    xa, ga, sa = _state(x, g, s, "s")
    lr = v.real_number(lr, "lr", low=0, low_open=True, what="the learning rate")
    rho = v.real_number(rho, "rho", low=0, high=1, high_open=True)
    eps = v.real_number(eps, "eps", low=0)
    return _rmsprop(xa, ga, sa, lr, rho, eps)


def _rmsprop(x, g, s, lr, rho, eps):
    s = rho * s + (1.0 - rho) * g * g
    return x - lr * _ratio(g, s, eps), s


def adam_step(x: ArrayLike, g: ArrayLike, m: ArrayLike, s: ArrayLike, t: int, lr: float,
              beta1: float = 0.9, beta2: float = 0.999, eps: float = 1e-8, *,
              weight_decay: float = 0.0, decoupled: bool = False, bias_correction: bool = True
              ) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.float64]]:
    """One Adam update, step number ``t`` ≥ 1 (chapter 6; Kingma and Ba 2015). Returns (x, m, s).

    m ← β₁m + (1 − β₁)g and s ← β₂s + (1 − β₂)g² are moving averages of the gradient and of
    its square (start both at zeros); the bias-corrected m̂ = m/(1 − β₁ᵗ), ŝ = s/(1 − β₂ᵗ)
    undo their pull toward the zero start (``bias_correction=False`` skips it), and
    x ← x − lr·m̂/(√ŝ + eps).

    ``weight_decay`` λ > 0 adds weight decay in one of two ways. ``decoupled=False`` (Adam with
    an L2 penalty): g is replaced by g + λx before the averages, so the decay is rescaled by
    1/√ŝ like the gradient. ``decoupled=True`` (AdamW): x ← x − lr·(m̂/(√ŝ + eps) + λx), the
    same decay for every coordinate whatever its gradients (lr multiplies λ, as in PyTorch).

    Examples
    --------
    The first bias-corrected step moves every coordinate with a nonzero gradient by lr (up to
    eps), whatever the gradient's size:

    >>> x, m, s = adam_step([0.0, 0.0], [1e-3, -50.0], [0.0, 0.0], [0.0, 0.0], t=1, lr=0.1,
    ...                     eps=0.0)
    >>> x.tolist()
    [-0.1, 0.1]
    """
    xa, ga, sa = _state(x, g, s, "s")
    ma = v.as_float_array(m, "m")
    if ma.shape != xa.shape:
        raise ValueError(f"m must have the shape of x, {xa.shape}; got {ma.shape}")
    t = v.whole_number(t, "t", least=1, what="the step number, counted from 1")
    lr = v.real_number(lr, "lr", low=0, low_open=True, what="the learning rate")
    beta1 = v.real_number(beta1, "beta1", low=0, high=1, high_open=True)
    beta2 = v.real_number(beta2, "beta2", low=0, high=1, high_open=True)
    eps = v.real_number(eps, "eps", low=0)
    lam = v.real_number(weight_decay, "weight_decay", low=0)
    return _adam(xa, ga, ma, sa, t, lr, beta1, beta2, eps, lam, decoupled, bias_correction)


def _adam(x, g, m, s, t, lr, beta1, beta2, eps, lam, decoupled, bias_correction):
    if lam and not decoupled:
        g = g + lam * x  # the L2 penalty's gradient joins the data gradient
    m = beta1 * m + (1.0 - beta1) * g
    s = beta2 * s + (1.0 - beta2) * g * g
    m_hat = m / (1.0 - beta1 ** t) if bias_correction else m
    s_hat = s / (1.0 - beta2 ** t) if bias_correction else s
    step = _ratio(m_hat, s_hat, eps)
    if lam and decoupled:
        step = step + lam * x
    return x - lr * step, m, s


_METHODS = ("gd", "momentum", "nesterov", "adagrad", "rmsprop", "adam")


def run_optimizer(grad: Callable[[NDArray], ArrayLike], x0: ArrayLike, method: str,
                  steps: int, lr: float | ArrayLike, *, beta: float = 0.9, beta2: float = 0.999,
                  eps: float = 1e-8, weight_decay: float = 0.0, decoupled: bool = False,
                  bias_correction: bool = True, clip_norm: float | None = None,
                  f: Callable[[NDArray], float] | None = None,
                  bound: float = 1e6) -> DescentResult:
    """Run one of the chapter's update rules for ``steps`` steps from ``x0`` (chapter 6).

    ``method`` is ``'gd'``, ``'momentum'`` (heavy ball, β = ``beta``), ``'nesterov'``
    (β = ``beta``), ``'adagrad'``, ``'rmsprop'`` (ρ = ``beta2``) or ``'adam'`` (β₁ = ``beta``,
    β₂ = ``beta2``; ``weight_decay``, ``decoupled`` and ``bias_correction`` as in
    :func:`adam_step`, so AdamW is ``method='adam', decoupled=True``). ``lr`` is a number or a
    schedule: one learning rate per step (at least ``steps`` of them, e.g. from
    :func:`lr_schedule`). ``clip_norm`` c clips every gradient with :func:`clip_by_norm` first.
    The run stops as ``'diverged'`` when an iterate leaves the box |xᵢ| ≤ ``bound``.

    Examples
    --------
    >>> grad = lambda x: np.array([1.0, 100.0]) * x
    >>> [run_optimizer(grad, [1.0, 1.0], m, 300, 0.01, beta=0.8).status
    ...  for m in ("gd", "momentum", "nesterov", "adam")]
    ['finished', 'finished', 'finished', 'finished']
    """
    if method not in _METHODS:
        raise ValueError(f"method must be one of {_METHODS}; got {method!r}")
    steps = v.whole_number(steps, "steps")
    if np.ndim(lr) == 0:
        rates = np.full(steps, v.real_number(lr, "lr", low=0, low_open=True,
                                             what="the learning rate"))
    else:
        rates = v.as_float_array(lr, "lr")
        if rates.ndim != 1 or len(rates) < steps or np.any(rates[:steps] <= 0):
            raise ValueError(f"a learning-rate schedule must be a 1-D array of at least steps = "
                             f"{steps} positive rates; got shape {rates.shape}")
    beta = v.real_number(beta, "beta", low=0, high=1, high_open=True)
    beta2 = v.real_number(beta2, "beta2", low=0, high=1, high_open=True)
    bound = v.real_number(bound, "bound", low=0, low_open=True)
    if clip_norm is not None:
        clip_norm = v.real_number(clip_norm, "clip_norm", low=0, low_open=True)
    eps = v.real_number(eps, "eps", low=0)
    lam = v.real_number(weight_decay, "weight_decay", low=0)
    x = v.as_float_array(x0, "x0").copy()
    if np.any(np.abs(x) > bound):
        raise ValueError(f"x0 must lie inside the box |xᵢ| ≤ bound = {bound:g}; got {x.tolist()}")
    vel, m, s = np.zeros_like(x), np.zeros_like(x), np.zeros_like(x)
    path, status = [x.copy()], "finished"
    values = None if f is None else [float(f(x.copy()))]
    for k in range(steps):
        at = x + beta * vel if method == "nesterov" else x
        g = np.asarray(grad(at.copy()), dtype=float)
        if g.shape != x.shape:
            raise ValueError(f"grad(x) must have the shape of x0, {x.shape}; got {g.shape}")
        if clip_norm is not None:
            norm = float(np.linalg.norm(g))
            if norm > clip_norm:
                g = g * (clip_norm / norm)
        lr_k = float(rates[k])
        if method in ("gd", "momentum", "nesterov"):
            vel = (0.0 if method == "gd" else beta) * vel - lr_k * g
            x = x + vel
        elif method == "adagrad":
            x, s = _adagrad(x, g, s, lr_k, eps)
        elif method == "rmsprop":
            x, s = _rmsprop(x, g, s, lr_k, beta2, eps)
        else:
            x, m, s = _adam(x, g, m, s, k + 1, lr_k, beta, beta2, eps, lam, decoupled,
                            bias_correction)
        path.append(x.copy())
        if not np.all(np.abs(x) <= bound):
            status = "diverged"
            break
        if values is not None:
            values.append(float(f(x.copy())))
    if status == "diverged" and values is not None:
        with np.errstate(over="ignore", invalid="ignore"):
            values.append(float(f(x.copy())))
    return DescentResult(path=np.array(path), values=None if values is None else np.array(values),
                         status=status)


_SCHEDULES = ("constant", "step", "cosine", "linear")


def lr_schedule(kind: str, steps: int, lr: float, *, warmup: int = 0, final: float = 0.0,
                drop: float = 0.1, every: int | None = None) -> NDArray[np.float64]:
    """A learning rate for each of ``steps`` steps, k = 0, …, steps − 1 (chapter 6).

    The first ``warmup`` steps rise linearly, lr·(k + 1)/warmup, up to ``lr``; the remaining
    T = steps − warmup steps (counted j = 0, …, T − 1) follow ``kind``:

    * ``'constant'``: lr;
    * ``'step'``: lr·dropᵐ with m = ⌊j/every⌋ (``every`` defaults to T // 3 + 1);
    * ``'cosine'``: final + ½(lr − final)(1 + cos(πj/T)), from lr down toward ``final``;
    * ``'linear'``: from lr down toward ``final`` linearly, lr + (final − lr)·j/T.

    Like the cosine, the linear decay would reach ``final`` at j = T, one step after the last, so
    every rate is positive even when ``final`` is 0.

    Examples
    --------
    >>> lr_schedule("cosine", 4, 1.0).tolist()
    [1.0, 0.8535533905932737, 0.5, 0.14644660940672627]
    >>> lr_schedule("constant", 4, 1.0, warmup=2).tolist()
    [0.5, 1.0, 1.0, 1.0]
    """
    if kind not in _SCHEDULES:
        raise ValueError(f"kind must be one of {_SCHEDULES}; got {kind!r}")
    steps = v.whole_number(steps, "steps", least=1)
    lr = v.real_number(lr, "lr", low=0, low_open=True, what="the peak learning rate")
    warmup = v.whole_number(warmup, "warmup", most=steps - 1,
                            what="warm-up steps, fewer than steps")
    final = v.real_number(final, "final", low=0, high=lr, what="the last rate, ≤ lr")
    drop = v.real_number(drop, "drop", low=0, high=1, low_open=True)
    T = steps - warmup
    j = np.arange(T, dtype=float)
    if kind == "constant":
        rest = np.full(T, lr)
    elif kind == "step":
        every = T // 3 + 1 if every is None else v.whole_number(every, "every", least=1)
        rest = lr * drop ** np.floor(j / every)
    elif kind == "cosine":
        rest = final + 0.5 * (lr - final) * (1.0 + np.cos(np.pi * j / T))
    else:
        rest = lr + (final - lr) * j / T
    warm = lr * np.arange(1, warmup + 1) / warmup if warmup else np.zeros(0)
    return np.concatenate([warm, rest])


def optimal_step(g: ArrayLike, H: ArrayLike) -> float:
    """The exact line-search step ε* = gᵀg / gᵀHg along −g on a quadratic with Hessian H.

    Minimizing f(x − εg) ≈ f(x) − ε gᵀg + ½ε² gᵀHg over ε gives ε*; it lies between
    1/λ_max and 1/λ_min, since gᵀHg/gᵀg is a Rayleigh quotient (chapter 6; Goodfellow §4.3).
    Raises ValueError when gᵀHg ≤ 0: then the model has no minimum along −g.

    Examples
    --------
    >>> optimal_step([1.0, 0.0], [[4.0, 0.0], [0.0, 1.0]])
    0.25
    """
    ga = v.as_float_array(g, "g")
    Ha = v.as_float_array(H, "H")
    if ga.ndim != 1 or Ha.shape != (len(ga), len(ga)):
        raise ValueError(f"g must be a vector and H a square matrix of its size; got shapes "
                         f"{ga.shape} and {Ha.shape}")
    curvature = float(ga @ Ha @ ga)
    if curvature <= 0:
        raise ValueError(f"gᵀHg = {curvature:g} ≤ 0: the quadratic model has no minimum along "
                         "−g (the curvature along g must be positive)")
    return float(ga @ ga) / curvature


def conjugate_gradient(H: ArrayLike, b: ArrayLike, x0: ArrayLike | None = None,
                       steps: int | None = None) -> NDArray[np.float64]:
    """Minimize ½xᵀHx − bᵀx by the conjugate gradient method; return every iterate (chapter 6).

    H must be symmetric positive definite (d × d). Each step does an exact line search along a
    direction pᵢ that is H-conjugate to the earlier ones (pᵢᵀHpⱼ = 0), so that the minimizer
    H⁻¹b is reached, in exact arithmetic, after at most d steps (Nocedal and Wright, ch. 5).
    Only products with H are used. The run stops early when the gradient is exactly zero.

    Parameters
    ----------
    H : array_like, shape (d, d)
        Symmetric positive definite Hessian.
    b : array_like, shape (d,)
        Linear term.
    x0 : array_like, shape (d,), optional
        Start (default: the zero vector).
    steps : int, optional
        Number of steps (default d).

    Returns
    -------
    ndarray, shape (k + 1, d)
        The iterates x₀, …, x_k, with k ≤ steps.

    Examples
    --------
    >>> path = conjugate_gradient([[4.0, 1.0], [1.0, 3.0]], [1.0, 2.0])
    >>> len(path), bool(np.allclose(path[-1], [1 / 11, 7 / 11]))
    (3, True)
    """
    Ha = v.as_float_array(H, "H")
    ba = v.as_float_array(b, "b")
    if Ha.ndim != 2 or Ha.shape[0] != Ha.shape[1] or ba.shape != (Ha.shape[0],):
        raise ValueError(f"H must be a square d × d matrix and b a vector of length d; got "
                         f"shapes {Ha.shape} and {ba.shape}")
    if not np.allclose(Ha, Ha.T, rtol=1e-10, atol=1e-12 * max(1.0, np.abs(Ha).max())):
        raise ValueError("H must be symmetric (the Hessian of a quadratic); got H ≠ Hᵀ")
    d = len(ba)
    x = np.zeros(d) if x0 is None else v.as_float_array(x0, "x0").copy()
    if x.shape != (d,):
        raise ValueError(f"x0 must be a vector of length {d}; got shape {x.shape}")
    steps = d if steps is None else v.whole_number(steps, "steps")
    r = ba - Ha @ x                      # the negative gradient
    p, path = r.copy(), [x.copy()]
    for _ in range(steps):
        rr = float(r @ r)
        if rr == 0.0:
            break
        Hp = Ha @ p
        curvature = float(p @ Hp)
        if curvature <= 0:
            raise ValueError(f"pᵀHp = {curvature:g} ≤ 0: H must be positive definite")
        alpha = rr / curvature           # exact line search along p
        x = x + alpha * p
        r = r - alpha * Hp
        p = r + (float(r @ r) / rr) * p  # the next direction, H-conjugate to the others
        path.append(x.copy())
    return np.array(path)


def project_max_norm(W: ArrayLike, c: float, axis: int = -1) -> NDArray[np.float64]:
    """Project onto the max-norm constraint ‖wᵢ‖₂ ≤ c, each slice along ``axis`` (chapter 6).

    A slice (a row with the default axis −1, e.g. one unit's incoming weights) no longer than c
    is kept; a longer one is rescaled to length c. This is the Euclidean projection onto the
    set, the nearest point of the set to W; a 1-D W is one vector.

    Examples
    --------
    >>> project_max_norm([[3.0, 4.0], [0.3, 0.4]], 1.0).tolist()
    [[0.6000000000000001, 0.8], [0.3, 0.4]]
    """
    Wa = v.as_float_array(W, "W")
    c = v.real_number(c, "c", low=0, low_open=True, what="the largest allowed norm")
    if Wa.ndim == 0:
        raise ValueError("W must be a vector or an array of vectors, not a scalar")
    axis = v.whole_number(axis, "axis", least=-Wa.ndim, most=Wa.ndim - 1)
    norms = np.linalg.norm(Wa, axis=axis, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        scale = np.where(norms > c, c / norms, 1.0)
    return Wa * scale


def vandermonde_least_squares(n: int = 50, degree: int = 5
                              ) -> tuple[NDArray[np.float64], NDArray[np.float64],
                                         NDArray[np.float64]]:
    """Chapter 2's ill-conditioned least-squares problem: fit a polynomial on [0, 1].

    X is the n × (degree + 1) Vandermonde matrix of n equally spaced points t in [0, 1] (columns
    1, t, …, t^degree), the true coefficients are all ones, and y = X·ones exactly. Returns
    (X, y, c_true). With the defaults κ₂(XᵀX) is about 10⁷ (chapter 6 solves it by descent).

    Examples
    --------
    >>> X, y, c = vandermonde_least_squares(3, 2)
    >>> X.tolist(), y.tolist()
    ([[1.0, 0.0, 0.0], [1.0, 0.5, 0.25], [1.0, 1.0, 1.0]], [1.0, 1.75, 3.0])
    """
    degree = v.whole_number(degree, "degree", least=1)
    n = v.whole_number(n, "n", least=degree + 1, what="points, more than the degree")
    t = np.linspace(0.0, 1.0, n)
    X = np.vander(t, degree + 1, increasing=True)
    c_true = np.ones(degree + 1)
    return X, X @ c_true, c_true
