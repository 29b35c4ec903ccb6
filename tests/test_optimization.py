"""Tests of helpers.optimization (chapter 6): properties, SciPy references, bad input."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.linalg
import scipy.optimize
import scipy.special
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from helpers import optimization as opt

finite = st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)
moderate = st.floats(-5, 5, allow_nan=False, allow_infinity=False)
FAST = settings(max_examples=40, deadline=None)


# -- sigmoid ---------------------------------------------------------------------------------
@FAST
@given(arrays(float, st.integers(1, 20), elements=finite))
def test_sigmoid_matches_scipy_expit(t):
    np.testing.assert_allclose(opt.sigmoid(t), scipy.special.expit(t), rtol=1e-12, atol=1e-300)


@FAST
@given(finite)
def test_sigmoid_symmetry(t):
    assert opt.sigmoid(-t) == pytest.approx(1.0 - opt.sigmoid(t), abs=1e-15)


def test_sigmoid_extremes_without_warning():
    out = opt.sigmoid(np.array([-1000.0, -50.0, 0.0, 50.0, 1000.0]))  # warnings are errors
    assert out[0] == 0.0 and out[-1] == 1.0 and out[2] == 0.5
    assert np.all(np.diff(out) >= 0)
    assert isinstance(opt.sigmoid(3.0), float)


@FAST
@given(st.floats(-30, 30))
def test_sigmoid_derivative_against_closed_form(t):
    e = np.exp(-t)
    assert opt.sigmoid_derivative(t) == pytest.approx(e / (1 + e) ** 2, rel=1e-10, abs=1e-300)


def test_sigmoid_rejects_nan():
    with pytest.raises(ValueError, match="finite"):
        opt.sigmoid([0.0, np.nan])


# -- finite differences ----------------------------------------------------------------------
@FAST
@given(arrays(float, (3, 3), elements=moderate), arrays(float, 3, elements=moderate))
def test_numerical_gradient_of_random_quadratic(M, x):
    A = M + M.T
    f, grad = opt.quadratic(A)
    np.testing.assert_allclose(opt.numerical_gradient(f, x), A @ x, atol=1e-6)
    # a relative check needs a gradient well above the rounding noise (about 1e-11 · |f|)
    assume(np.max(np.abs(A @ x)) > 1e-3 * (1 + abs(f(x))))
    assert opt.check_gradient(f, grad, x) < 1e-7


@FAST
@given(arrays(float, 4, elements=st.floats(-2, 2)), arrays(float, 4, elements=moderate))
def test_check_gradient_on_random_cubic_polynomial(coef, x):
    def f(z):
        return float(np.sum(coef * z ** 3 + coef[::-1] * z))

    def grad(z):
        return 3 * coef * z ** 2 + coef[::-1]

    assume(np.max(np.abs(grad(x))) > 1e-3 * (1 + abs(f(x))))
    assert opt.check_gradient(f, grad, x) < 1e-6  # truncation error ≈ |coef|·h²


def test_numerical_gradient_matches_scipy_approx_fprime():
    def f(z):
        return float(np.sin(z[0]) * np.exp(z[1]) + z[2] ** 4)

    x = np.array([0.3, -0.7, 1.1])
    ref = scipy.optimize.approx_fprime(x, f, 1e-7)
    np.testing.assert_allclose(opt.numerical_gradient(f, x), ref, rtol=1e-5)


def test_check_gradient_catches_a_wrong_gradient():
    def f(z):
        return float(z @ z)

    assert opt.check_gradient(f, lambda z: 2 * z, [1.0, -3.0]) < 1e-9
    assert opt.check_gradient(f, lambda z: z, [1.0, -3.0]) > 0.3


def test_numerical_gradient_leaves_x_unchanged_and_keeps_shape():
    x = np.array([[1.0, 2.0], [3.0, 4.0]])
    g = opt.numerical_gradient(lambda z: float(np.sum(z ** 2)), x)
    assert g.shape == (2, 2)
    np.testing.assert_allclose(g, 2 * x, rtol=1e-8)
    np.testing.assert_array_equal(x, [[1.0, 2.0], [3.0, 4.0]])


def test_finite_difference_errors():
    with pytest.raises(ValueError, match=r"h must be a real number in \(0, ∞\); got 0"):
        opt.numerical_gradient(lambda z: 0.0, [1.0], h=0)
    with pytest.raises(ValueError, match="shape of x"):
        opt.check_gradient(lambda z: float(z @ z), lambda z: np.zeros(3), [1.0, 2.0])
    with pytest.raises(ValueError, match="finite"):
        opt.numerical_gradient(lambda z: 0.0, [np.inf])


# -- gradient descent ------------------------------------------------------------------------
@FAST
@given(arrays(float, (2, 2), elements=moderate), arrays(float, 2, elements=moderate),
       st.floats(0.05, 0.95))
def test_descent_decreases_a_convex_quadratic_every_step(M, x0, frac):
    A = M @ M.T + 0.1 * np.eye(2)  # symmetric positive definite
    L = float(np.linalg.eigvalsh(A).max())
    f, grad = opt.quadratic(A)
    run = opt.gradient_descent(grad, x0, lr=frac * 2 / L, steps=30, f=f)
    assert run.status == "finished"
    vals = run.values
    assert np.all(np.diff(vals) <= 1e-12 * (1 + np.abs(vals[:-1])))
    # every step moves toward the direct solve's minimizer (A x* = b, here b = 0): with
    # lr < 2/L each eigencomponent of x − x* shrinks by |1 − lr·λ| < 1
    x_star = np.linalg.solve(A, np.zeros(2))
    dist = np.linalg.norm(np.asarray(run.path) - x_star, axis=1)
    assert np.all(np.isfinite(run.path))
    assert np.all(np.diff(dist) <= 1e-12 * (1 + dist[:-1]))


def test_descent_matches_closed_form_on_1d_quadratic():
    run = opt.gradient_descent(lambda x: 2 * x, 3.0, lr=0.1, steps=10)
    np.testing.assert_allclose(run.path, 3.0 * 0.8 ** np.arange(11), rtol=1e-12)
    assert run.path.shape == (11,) and run.steps == 10


def test_descent_reaches_scipy_minimum():
    A = np.array([[3.0, 1.0], [1.0, 2.0]])
    b = np.array([1.0, -1.0])
    f, grad = opt.quadratic(A, b)
    run = opt.gradient_descent(grad, [0.0, 0.0], lr=0.3, steps=500, tol=1e-10)
    assert run.status == "converged"
    ref = scipy.optimize.minimize(f, np.zeros(2), jac=grad, tol=1e-12).x
    np.testing.assert_allclose(run.path[-1], ref, atol=1e-8)
    np.testing.assert_allclose(run.path[-1], np.linalg.solve(A, b), atol=1e-9)


def test_descent_stops_at_f_target():
    f, grad = opt.quadratic(np.eye(1))
    run = opt.gradient_descent(grad, [4.0], lr=0.5, steps=100, f=f, f_target=1e-6)
    assert run.status == "converged"
    assert run.values[-1] <= 1e-6 < run.values[-2]
    assert len(run.values) == len(run.path)


def test_divergence_is_reported_not_nan():
    run = opt.gradient_descent(lambda x: 2 * x, 1.0, lr=1.5, steps=10_000, f=lambda x: x * x)
    assert run.status == "diverged"
    assert np.all(np.isfinite(run.path)) and np.all(np.isfinite(run.values))
    assert abs(run.path[-1]) > 1e6 >= abs(run.path[-2])
    assert len(run.values) == len(run.path)


def test_descent_errors():
    def grad(x):
        return 2 * x

    with pytest.raises(ValueError, match=r"lr must be a real number in \(0, ∞\) \(the learn"):
        opt.gradient_descent(grad, 1.0, lr=0.0, steps=5)
    with pytest.raises(ValueError, match=r"lr must be a real number in \(0, ∞\)"):
        opt.gradient_descent(grad, 1.0, lr=-0.1, steps=5)
    with pytest.raises(ValueError, match="x0 must contain only finite"):
        opt.gradient_descent(grad, [1.0, np.nan], lr=0.1, steps=5)
    with pytest.raises(ValueError, match="steps must be a whole number ≥ 0; got -1"):
        opt.gradient_descent(grad, 1.0, lr=0.1, steps=-1)
    with pytest.raises(ValueError, match="shape of x0"):
        opt.gradient_descent(lambda x: np.zeros(3), [1.0, 2.0], lr=0.1, steps=5)
    with pytest.raises(ValueError, match="inside the box"):
        opt.gradient_descent(grad, 10.0, lr=0.1, steps=5, bound=5)
    with pytest.raises(ValueError, match="f_target needs f"):
        opt.gradient_descent(grad, 1.0, lr=0.1, steps=5, f_target=0.0)


@FAST
@given(st.floats(1e-3, 3.0), st.floats(0.1, 10.0))
def test_descent_regime_matches_the_multiplier(lr, L):
    regime = opt.descent_regime(lr, L)
    m = 1 - lr * L  # x_{k+1} = m x_k
    expected = ("monotone" if 0 < m < 1 else "one step" if m == 0 else "oscillating"
                if -1 < m < 0 else "bouncing" if m == -1 else "diverging")
    if not (np.isclose(m, 0, atol=1e-11) or np.isclose(m, -1, atol=1e-11)):
        assert regime == expected


def test_descent_regime_edges_and_errors():
    assert opt.descent_regime(0.5, 2.0) == "one step"
    assert opt.descent_regime(1.0, 2.0) == "bouncing"
    with pytest.raises(ValueError, match="curvature"):
        opt.descent_regime(0.1, 0.0)


def test_quadratic_errors():
    with pytest.raises(ValueError, match="square"):
        opt.quadratic(np.ones((2, 3)))
    with pytest.raises(ValueError, match="symmetric"):
        opt.quadratic([[1.0, 2.0], [0.0, 1.0]])
    with pytest.raises(ValueError, match="b must be a vector of shape"):
        opt.quadratic(np.eye(2), [1.0, 2.0, 3.0])
    f, _ = opt.quadratic(np.eye(2))
    with pytest.raises(ValueError, match="x must have shape"):
        f(np.ones(3))


# -- feature scaling and logistic regression -------------------------------------------------
@FAST
@given(arrays(float, (6, 2), elements=st.floats(-1e4, 1e4)))
def test_standardize_gives_mean_zero_std_one(X):
    if np.any(X.std(axis=0) < 1e-3):
        with pytest.raises(ValueError, match="constant"):
            opt.standardize(np.where(X.std(axis=0) < 1e-3, 1.0, X))
        return
    Z, mean, std = opt.standardize(X)
    np.testing.assert_allclose(Z.mean(axis=0), 0, atol=1e-9)
    np.testing.assert_allclose(Z.std(axis=0), 1, rtol=1e-9)
    np.testing.assert_allclose(Z * std + mean, X, rtol=1e-9, atol=1e-6)


def _logistic_data(seed=0, n=40):
    rng = np.random.default_rng(seed)
    X = np.c_[np.ones(n), rng.normal(size=(n, 2))]
    y = (rng.random(n) < 0.5).astype(float)
    return X, y


def test_logistic_loss_matches_scipy_reference():
    X, y = _logistic_data()
    w = np.array([0.2, -1.0, 3.0])
    z = X @ w
    ref = np.mean(np.logaddexp(0, z) - y * z)
    ref2 = -np.mean(y * np.log(scipy.special.expit(z)) + (1 - y) * np.log(scipy.special.expit(-z)))
    assert opt.logistic_loss(w, X, y) == pytest.approx(ref, rel=1e-12)
    assert opt.logistic_loss(w, X, y) == pytest.approx(ref2, rel=1e-10)


def test_logistic_loss_huge_logits_stay_finite():
    X = np.array([[1000.0], [-1000.0]])
    assert opt.logistic_loss([1.0], X, [0, 1]) == pytest.approx(1000.0)
    assert opt.logistic_loss([1.0], X, [1, 0]) == pytest.approx(0.0, abs=1e-300)


@FAST
@given(arrays(float, 3, elements=st.floats(-3, 3)))
def test_logistic_gradient_and_hessian_against_finite_differences(w):
    X, y = _logistic_data()
    assert opt.check_gradient(lambda u: opt.logistic_loss(u, X, y),
                              lambda u: opt.logistic_gradient(u, X, y), w) < 1e-6
    H = opt.logistic_hessian(w, X)
    H_num = np.array([opt.numerical_gradient(lambda u: opt.logistic_gradient(u, X, y)[i], w)
                      for i in range(3)])
    np.testing.assert_allclose(H, H_num, atol=1e-7)
    assert np.all(np.linalg.eigvalsh(H) >= -1e-12)


def test_logistic_descent_reaches_scipy_optimum():
    X, y = _logistic_data(1, 60)
    ref = scipy.optimize.minimize(opt.logistic_loss, np.zeros(3), args=(X, y),
                                  jac=opt.logistic_gradient, method="BFGS", tol=1e-10).x
    run = opt.gradient_descent(lambda w: opt.logistic_gradient(w, X, y), np.zeros(3), lr=2.0,
                               steps=20_000, tol=1e-9)
    assert run.status == "converged"
    np.testing.assert_allclose(run.path[-1], ref, atol=1e-6)


def test_logistic_errors():
    X, y = _logistic_data()
    with pytest.raises(ValueError, match="one weight per column"):
        opt.logistic_loss([0.0, 0.0], X, y)
    with pytest.raises(ValueError, match="one label per row"):
        opt.logistic_gradient(np.zeros(3), X, y[:-1])
    with pytest.raises(ValueError, match="labels 0 or 1"):
        opt.logistic_loss(np.zeros(3), X, np.full(len(y), 2.0))
    with pytest.raises(ValueError, match="2-D"):
        opt.logistic_hessian(np.zeros(3), np.zeros(3))
    with pytest.raises(ValueError, match="at least 2 samples"):
        opt.standardize([[1.0, 2.0]])


# -- log-sigmoid and softplus -----------------------------------------------------------------
@FAST
@given(arrays(float, st.integers(1, 20), elements=finite))
def test_log_sigmoid_matches_scipy_log_expit(t):
    np.testing.assert_allclose(opt.log_sigmoid(t), scipy.special.log_expit(t), rtol=1e-13,
                               atol=1e-300)


@FAST
@given(arrays(float, st.integers(1, 20), elements=finite))
def test_softplus_identities(t):
    sp = np.asarray(opt.softplus(t))
    np.testing.assert_allclose(sp, -scipy.special.log_expit(-t), rtol=1e-13, atol=1e-300)
    np.testing.assert_allclose(sp - np.asarray(opt.softplus(-t)), t, atol=1e-12)  # = t exactly
    assert np.all(sp >= np.maximum(t, 0)) and np.all(sp - np.maximum(t, 0) <= np.log(2) + 1e-15)


@FAST
@given(st.floats(-30, 30))
def test_softplus_against_the_naive_formula_where_it_is_safe(t):
    assert opt.softplus(t) == pytest.approx(np.log1p(np.exp(t)), rel=1e-13)
    assert opt.log_sigmoid(t) == pytest.approx(np.log(1 / (1 + np.exp(-t))), rel=1e-12, abs=1e-15)


def test_log_sigmoid_and_softplus_at_extremes_without_warning():
    t = np.array([-1000.0, -745.0, 0.0, 745.0, 1000.0])  # warnings are errors
    ls, sp = opt.log_sigmoid(t), opt.softplus(t)
    assert np.all(np.isfinite(ls)) and np.all(np.isfinite(sp))
    assert ls[0] == -1000.0 and ls[-1] == 0.0 and sp[0] == 0.0 and sp[-1] == 1000.0
    assert isinstance(opt.softplus(1.0), float) and isinstance(opt.log_sigmoid(1.0), float)
    for fn in (opt.log_sigmoid, opt.softplus):
        with pytest.raises(ValueError, match="finite"):
            fn([0.0, np.inf])
        with pytest.raises(ValueError, match="finite"):
            fn(np.nan)


# -- momentum -----------------------------------------------------------------------------------
def _hand_gd(grad, x0, lr, steps):
    x = np.array(x0, dtype=float)
    out = [x.copy()]
    for _ in range(steps):
        x = x - lr * grad(x)
        out.append(x.copy())
    return np.array(out)


@FAST
@given(arrays(float, (2, 2), elements=moderate), arrays(float, 2, elements=moderate),
       st.floats(0.01, 0.2))
def test_momentum_zero_is_plain_gradient_descent(M, x0, lr):
    f, grad = opt.quadratic(M @ M.T / 10)
    hb = opt.momentum_descent(grad, x0, lr, 0.0, 25, f=f)
    gd = opt.gradient_descent(grad, x0, lr, 25, f=f)
    np.testing.assert_array_equal(hb.path, gd.path)
    np.testing.assert_array_equal(hb.values, gd.values)
    np.testing.assert_allclose(hb.path, _hand_gd(grad, x0, lr, 25), rtol=1e-13, atol=1e-13)


@FAST
@given(st.floats(0.1, 10.0), st.floats(0.01, 0.3), st.floats(0.0, 0.95), st.floats(-3, 3))
def test_heavy_ball_on_1d_quadratic_matches_its_linear_recurrence(lam, lr, beta, x0):
    # x_{k+1} = (1 + β − ε λ) x_k − β x_{k−1}, with x_{−1} = x_0 (the velocity starts at 0)
    run = opt.momentum_descent(lambda x: lam * x, x0, lr, beta, 30, bound=1e300)
    T = np.array([[1 + beta - lr * lam, -beta], [1.0, 0.0]])
    expected = [(np.linalg.matrix_power(T, k) @ [x0, x0])[0] for k in range(31)]
    scale = max(1.0, float(np.max(np.abs(expected))))  # rounding grows with the largest iterate
    np.testing.assert_allclose(run.path, expected, rtol=1e-9, atol=1e-12 * scale)


def test_polyak_momentum_beats_gradient_descent_by_the_predicted_factor():
    mu, L = 1.0, 100.0
    kappa = L / mu
    f, grad = opt.quadratic(np.diag([mu, L]))
    x0 = np.array([1.0, 1.0])
    target = 1e-8
    rate_gd = (kappa - 1) / (kappa + 1)                             # with ε = 2/(L + μ)
    rate_hb = (np.sqrt(kappa) - 1) / (np.sqrt(kappa) + 1)           # Polyak's tuning
    gd = opt.gradient_descent(grad, x0, 2 / (L + mu), 10_000, f=f, f_target=target)
    hb = opt.momentum_descent(grad, x0, 4 / (np.sqrt(L) + np.sqrt(mu)) ** 2, rate_hb ** 2,
                              10_000, f=f, f_target=target)
    assert gd.status == hb.status == "converged"
    # GD contracts both coordinates by exactly rate_gd per step, so f_k = f_0 · rate_gd^(2k)
    assert gd.steps == int(np.ceil(np.log(target / f(x0)) / (2 * np.log(rate_gd))))
    predicted = np.log(rate_hb) / np.log(rate_gd)  # ≈ √κ: the ratio of steps the rates predict
    # the heavy ball's iteration matrix has a double eigenvalue here (error ~ k·rate^k), so
    # allow it up to twice the steps its rate alone predicts
    assert gd.steps / hb.steps > predicted / 2 > 4.9


def test_momentum_diverges_cleanly_and_rejects_bad_momentum():
    # on ½λx² the heavy ball is stable iff 0 < ελ < 2(1 + β): 3 here, beyond GD's limit of 2
    run = opt.momentum_descent(lambda x: 2 * x, 1.0, lr=1.6, momentum=0.5, steps=100, bound=10)
    assert run.status == "diverged" and np.all(np.isfinite(run.path))
    assert np.all(np.abs(run.path[:-1]) <= 10) and abs(run.path[-1]) > 10
    calm = opt.momentum_descent(lambda x: 2 * x, 1.0, lr=1.4, momentum=0.5, steps=400, tol=1e-10)
    assert calm.status == "converged"
    assert opt.gradient_descent(lambda x: 2 * x, 1.0, lr=1.4, steps=400).path[-1] ** 2 > 1
    for bad in (1.0, -0.1, 1.5):
        with pytest.raises(ValueError, match="momentum must be a real number in \\[0, 1\\)"):
            opt.momentum_descent(lambda x: x, 1.0, 0.1, bad, 5)
    with pytest.raises(ValueError, match="lr"):
        opt.momentum_descent(lambda x: x, 1.0, 0.0, 0.5, 5)


def test_descent_regime_at_the_boundary_slider_values():
    # the 1-D demo's website frames come from np.linspace; 2/L must still read as the boundary
    grid = np.linspace(0.05, 1.15, 23)
    lr = grid[np.argmin(np.abs(grid - 1.0))]
    assert opt.descent_regime(float(lr), 2.0) == "bouncing"
    assert opt.descent_regime(1.0 + 1e-9, 2.0) == "diverging"
    assert opt.descent_regime(1.0 - 1e-9, 2.0) == "oscillating"
    run = opt.gradient_descent(lambda x: 2 * x, 3.0, 1.0, 10)
    np.testing.assert_array_equal(np.abs(run.path), 3.0)  # constant amplitude


# -- part two: Nesterov, clipping, adaptive rules, schedules, line search, constraints --------
def test_nesterov_is_gradient_descent_at_beta_zero_and_matches_hand_steps():
    grad = lambda x: np.array([1.0, 4.0]) * x
    a = opt.nesterov_descent(grad, [1.0, 1.0], lr=0.1, momentum=0.0, steps=20)
    b = opt.gradient_descent(grad, [1.0, 1.0], lr=0.1, steps=20)
    np.testing.assert_allclose(a.path, b.path)
    # by hand on f = x²/2 (grad x), lr 0.5, β 0.5: v₁ = −0.5·1, x₁ = 0.5; look-ahead 0.25,
    # v₂ = 0.5·(−0.5) − 0.5·0.25 = −0.375, x₂ = 0.125
    run = opt.nesterov_descent(lambda x: x, 1.0, lr=0.5, momentum=0.5, steps=2)
    np.testing.assert_allclose(run.path, [1.0, 0.5, 0.125])


def test_nesterov_converges_on_lessard_function_where_heavy_ball_cycles():
    def grad(x):  # Lessard, Recht and Packard (2016): μ = 1, L = 25, strongly convex
        x = float(np.asarray(x).reshape(()))
        return 25 * x if x < 1 else (x + 24 if x < 2 else 25 * x - 24)
    hb = opt.momentum_descent(grad, 3.3, lr=4 / 36, momentum=(4 / 6) ** 2, steps=3000)
    nag = opt.nesterov_descent(grad, 3.3, lr=1 / 25, momentum=4 / 6, steps=3000)
    assert abs(hb.path[-1]) > 0.5 and abs(nag.path[-1]) < 1e-12


@FAST
@given(arrays(float, st.integers(1, 6), elements=moderate), st.floats(0.01, 10))
def test_clip_by_norm_properties(g, c):
    out = opt.clip_by_norm(g, c)
    norm = np.linalg.norm(g)
    assert np.linalg.norm(out) <= c * (1 + 1e-12)
    if norm <= c:
        np.testing.assert_array_equal(out, g)
    else:  # same direction, length c
        assert np.linalg.norm(out) == pytest.approx(c)
        np.testing.assert_allclose(out * norm / c, g, atol=1e-12)


@FAST
@given(arrays(float, 3, elements=st.floats(-100, 100).filter(lambda t: abs(t) > 1e-3)),
       st.floats(1e-3, 1.0))
def test_adam_first_step_has_magnitude_lr(g, lr):
    x, m, s = opt.adam_step(np.zeros(3), g, np.zeros(3), np.zeros(3), 1, lr, eps=0.0)
    np.testing.assert_allclose(x, -lr * np.sign(g), rtol=1e-12)
    np.testing.assert_allclose(m, 0.1 * g)
    np.testing.assert_allclose(s, 0.001 * g * g)


def test_adam_without_bias_correction_closed_form():
    # constant gradient: m_t = (1 − β₁ᵗ)g, s_t = (1 − β₂ᵗ)g², step = lr (1 − β₁ᵗ)/√(1 − β₂ᵗ)
    g, x, m, s = np.array([2.0]), np.zeros(1), np.zeros(1), np.zeros(1)
    for t in range(1, 30):
        x_new, m, s = opt.adam_step(x, g, m, s, t, 1.0, eps=0.0, bias_correction=False)
        assert (x - x_new)[0] == pytest.approx((1 - 0.9 ** t) / np.sqrt(1 - 0.999 ** t))
        x = x_new


def test_adamw_and_l2_differ_and_agree_with_hand_formulas():
    x, g = np.array([1.0, 1.0]), np.array([3.0, 0.0])
    zero = np.zeros(2)
    l2, _, _ = opt.adam_step(x, g, zero, zero, 1, 0.1, eps=0.0, weight_decay=0.5)
    w, _, _ = opt.adam_step(x, g, zero, zero, 1, 0.1, eps=0.0, weight_decay=0.5, decoupled=True)
    # L2: gradient (3.5, 0.5), first step −lr·sign; AdamW: −lr·(sign(g) + λx), 0 where g = 0
    np.testing.assert_allclose(l2, [0.9, 0.9])
    np.testing.assert_allclose(w, [1.0 - 0.1 * 1.5, 1.0 - 0.1 * 0.5])


def test_adagrad_and_rmsprop_match_hand_recursions():
    rng = np.random.default_rng(1)
    gs = rng.normal(size=(5, 3))
    x, s = np.zeros(3), np.zeros(3)
    x2, s2 = np.zeros(3), np.zeros(3)
    for k, g in enumerate(gs):
        x, s = opt.adagrad_step(x, g, s, 0.1, eps=0.0)
        x2, s2 = opt.rmsprop_step(x2, g, s2, 0.1, rho=0.8, eps=0.0)
        np.testing.assert_allclose(s, np.sum(gs[:k + 1] ** 2, axis=0))
        weights = 0.2 * 0.8 ** np.arange(k, -1, -1)
        np.testing.assert_allclose(s2, weights @ gs[:k + 1] ** 2)
    # AdaGrad's first step is lr·sign(g), like Adam's
    x, _ = opt.adagrad_step(np.zeros(3), gs[0], np.zeros(3), 0.1, eps=0.0)
    np.testing.assert_allclose(x, -0.1 * np.sign(gs[0]))


def test_run_optimizer_reproduces_the_step_functions():
    grad = lambda x: np.array([1.0, 10.0]) * x
    gd = opt.run_optimizer(grad, [1.0, 1.0], "gd", 30, 0.05)
    np.testing.assert_allclose(gd.path, opt.gradient_descent(grad, [1.0, 1.0], 0.05, 30).path)
    hb = opt.run_optimizer(grad, [1.0, 1.0], "momentum", 30, 0.05, beta=0.7)
    np.testing.assert_allclose(hb.path, opt.momentum_descent(grad, [1.0, 1.0], 0.05, 0.7, 30).path)
    nag = opt.run_optimizer(grad, [1.0, 1.0], "nesterov", 30, 0.05, beta=0.7)
    np.testing.assert_allclose(nag.path,
                               opt.nesterov_descent(grad, [1.0, 1.0], 0.05, 0.7, 30).path)
    x, m, s = np.array([1.0, 1.0]), np.zeros(2), np.zeros(2)
    run = opt.run_optimizer(grad, x, "adam", 10, 0.1, clip_norm=2.0)
    for t in range(1, 11):
        x, m, s = opt.adam_step(x, opt.clip_by_norm(grad(x), 2.0), m, s, t, 0.1)
        np.testing.assert_allclose(run.path[t], x)
    sched = opt.lr_schedule("cosine", 10, 0.1)
    run = opt.run_optimizer(grad, [1.0, 1.0], "gd", 10, sched)
    x = np.array([1.0, 1.0])
    for k in range(10):
        x = x - sched[k] * grad(x)
    np.testing.assert_allclose(run.path[-1], x)
    assert opt.run_optimizer(grad, [1.0, 1.0], "gd", 100, 0.3, bound=100).status == "diverged"


@pytest.mark.parametrize("kwargs, message", [
    (dict(method="sgd"), "method must be one of"),
    (dict(lr=[0.1, 0.1]), "at least steps"),
    (dict(lr=-1.0), "learning rate"),
    (dict(beta=1.0), "beta"),
])
def test_run_optimizer_bad_input(kwargs, message):
    args = dict(grad=lambda x: x, x0=[1.0], method="gd", steps=5, lr=0.1) | kwargs
    with pytest.raises(ValueError, match=message):
        opt.run_optimizer(**args)


def test_lr_schedules_closed_forms():
    T = 100
    cos = opt.lr_schedule("cosine", T, 2.0, final=0.5)
    k = np.arange(T)
    np.testing.assert_allclose(cos, 0.5 + 0.75 * (1 + np.cos(np.pi * k / T)))
    step = opt.lr_schedule("step", T, 1.0, drop=0.5, every=30)
    assert step[29] == 1.0 and step[30] == 0.5 and step[90] == 0.125
    lin = opt.lr_schedule("linear", T, 1.0)
    assert lin[0] == 1.0 and lin[-1] == pytest.approx(0.01) and np.all(np.diff(lin) < 0)
    warm = opt.lr_schedule("cosine", T, 1.0, warmup=10)
    np.testing.assert_allclose(warm[:10], np.arange(1, 11) / 10)
    assert warm[10] == 1.0 and np.all(warm > 0) and len(warm) == T
    with pytest.raises(ValueError, match="kind must be one of"):
        opt.lr_schedule("exp", 10, 1.0)
    with pytest.raises(ValueError, match="warmup"):
        opt.lr_schedule("cosine", 10, 1.0, warmup=10)


@FAST
@given(arrays(float, 3, elements=moderate).filter(lambda g: np.linalg.norm(g) > 1e-3),
       st.integers(0, 1000))
def test_optimal_step_minimizes_along_the_line_and_lies_between_curvatures(g, seed):
    rng = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(rng.normal(size=(3, 3)))
    lam = rng.uniform(0.5, 5.0, 3)
    H = Q @ np.diag(lam) @ Q.T
    eps = opt.optimal_step(g, H)
    ref = scipy.optimize.minimize_scalar(lambda e: 0.5 * (g - e * H @ g) @ np.linalg.solve(
        H, g - e * H @ g), bounds=(0, 10), method="bounded", options={"xatol": 1e-10}).x
    assert eps == pytest.approx(ref, rel=1e-5, abs=1e-7)
    assert 1 / lam.max() - 1e-12 <= eps <= 1 / lam.min() + 1e-12
    with pytest.raises(ValueError, match="no minimum"):
        opt.optimal_step(g, -H)


@FAST
@given(arrays(float, (4, 3), elements=moderate), st.floats(0.1, 5))
def test_project_max_norm_is_the_nearest_point(W, c):
    P = opt.project_max_norm(W, c)
    assert np.all(np.linalg.norm(P, axis=1) <= c * (1 + 1e-12))
    rng = np.random.default_rng(0)
    for _ in range(20):  # no feasible point of the set is closer (row by row)
        Z = opt.project_max_norm(rng.normal(size=(4, 3)) * 3, c)
        assert np.all(np.linalg.norm(W - P, axis=1) <= np.linalg.norm(W - Z, axis=1) + 1e-12)
    np.testing.assert_allclose(opt.project_max_norm(P, c), P)


def test_vandermonde_problem_is_chapter_2s():
    X, y, c = opt.vandermonde_least_squares()
    t = np.linspace(0, 1, 50)
    np.testing.assert_array_equal(X, np.vander(t, 6, increasing=True))
    np.testing.assert_array_equal(c, np.ones(6))
    assert 1e6 < np.linalg.cond(X.T @ X) < 1e8
    np.testing.assert_allclose(np.linalg.lstsq(X, y, rcond=None)[0], c, rtol=1e-8)
    with pytest.raises(ValueError, match="n must"):
        opt.vandermonde_least_squares(3, 5)


# -- conjugate gradient ----------------------------------------------------------------------
@FAST
@given(st.integers(1, 8), st.integers(0, 10_000))
def test_conjugate_gradient_reaches_the_solve_in_at_most_d_steps(d, seed):
    rng = np.random.default_rng(seed)
    Q, _ = np.linalg.qr(rng.normal(size=(d, d)))
    H = Q @ np.diag(rng.uniform(0.5, 20.0, d)) @ Q.T
    H = (H + H.T) / 2
    b = rng.normal(size=d)
    path = opt.conjugate_gradient(H, b)
    assert len(path) <= d + 1
    np.testing.assert_allclose(path[-1], scipy.linalg.solve(H, b, assume_a="pos"),
                               rtol=1e-7, atol=1e-9)
    f = [0.5 * x @ H @ x - b @ x for x in path]     # every step lowers the quadratic
    assert all(a >= c - 1e-12 for a, c in zip(f, f[1:]))


def test_conjugate_gradient_directions_are_conjugate():
    rng = np.random.default_rng(3)
    A = rng.normal(size=(6, 6))
    H = A @ A.T + np.eye(6)
    path = opt.conjugate_gradient(H, rng.normal(size=6))
    P = np.diff(path, axis=0)                          # the steps, multiples of pᵢ
    G = P @ H @ P.T
    off = G - np.diag(np.diag(G))
    assert np.abs(off).max() < 1e-8 * np.abs(np.diag(G)).max()


def test_conjugate_gradient_rejects_bad_input():
    with pytest.raises(ValueError, match="square"):
        opt.conjugate_gradient(np.ones((2, 3)), [1.0, 2.0])
    with pytest.raises(ValueError, match="symmetric"):
        opt.conjugate_gradient([[1.0, 2.0], [0.0, 1.0]], [1.0, 2.0])
    with pytest.raises(ValueError, match="positive definite"):
        opt.conjugate_gradient(-np.eye(2), [1.0, 2.0])
    with pytest.raises(ValueError, match="x0"):
        opt.conjugate_gradient(np.eye(2), [1.0, 2.0], x0=[1.0])
