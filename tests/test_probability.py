"""Tests of helpers.probability (chapter 4): properties, SciPy/closed-form references, bad input."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import integrate, stats

from helpers import probability as prob


unit = st.floats(0.0, 1.0)
positive = st.floats(0.01, 1.0)


@st.composite
def prob_vectors(draw, min_size=1, max_size=6):
    w = draw(arrays(float, draw(st.integers(min_size, max_size)), elements=positive))
    return w / w.sum()


@st.composite
def joint_tables(draw, ndim=2):
    shape = tuple(draw(st.integers(1, 4)) for _ in range(ndim))
    w = draw(arrays(float, shape, elements=positive))
    return w / w.sum()


# -- running frequency --------------------------------------------------------------------------

@given(arrays(np.int64, st.integers(1, 200), elements=st.integers(0, 1)))
def test_running_frequency_matches_cumulative_mean(flips):
    freq = prob.running_frequency(flips)
    expected = [flips[: i + 1].mean() for i in range(flips.size)]
    np.testing.assert_allclose(freq, expected)
    assert np.all((freq >= 0) & (freq <= 1))


def test_running_frequency_converges_for_a_seeded_coin():
    flips = np.random.default_rng(0).random(100_000) < 0.3
    assert abs(prob.running_frequency(flips)[-1] - 0.3) < 0.01


@pytest.mark.parametrize("bad, match", [([0, 2], "0 or 1"), ([], "non-empty"),
                                        ([[0, 1]], "1-D"), ([0, np.nan], "finite")])
def test_running_frequency_rejects_bad_input(bad, match):
    with pytest.raises(ValueError, match=match):
        prob.running_frequency(bad)


# -- uniform ------------------------------------------------------------------------------------

@given(st.floats(-5, 5), st.floats(0.1, 5), st.floats(-6, 6), st.floats(0, 6))
def test_uniform_interval_matches_scipy_and_the_integral(a, width, lo, length):
    b, hi = a + width, lo + length
    closed = prob.uniform_interval_probability(lo, hi, a, b)
    ref = stats.uniform(a, width)
    assert closed == pytest.approx(ref.cdf(hi) - ref.cdf(lo), abs=1e-12)
    numeric, _ = integrate.quad(lambda x: float(prob.uniform_pdf(x, a, b)), lo, hi,
                                points=[p for p in (a, b) if lo < p < hi] or None, limit=200)
    assert numeric == pytest.approx(closed, abs=1e-6)


def test_uniform_pdf_matches_scipy():
    x = np.linspace(-2, 3, 101)
    np.testing.assert_allclose(prob.uniform_pdf(x, -1, 2), stats.uniform(-1, 3).pdf(x))


@pytest.mark.parametrize("a, b", [(1.0, 1.0), (2.0, 1.0)])
def test_uniform_rejects_bad_bounds(a, b):
    with pytest.raises(ValueError, match=rf"b must be a real number in \({a:g}, ∞\) \(U\(a, b\) "
                                         rf"needs a < b\); got {b!r}"):
        prob.uniform_pdf(0.5, a, b)


def test_uniform_interval_rejects_reversed_interval():
    with pytest.raises(ValueError, match=r"hi must be a real number in \[0.8, ∞\) .*lo ≤ hi"):
        prob.uniform_interval_probability(0.8, 0.2)


# -- joint tables: marginal, conditional, chain rule, independence ------------------------------

@given(joint_tables(ndim=3))
def test_marginals_are_distributions_and_match_sums(joint):
    for axis in range(3):
        m = prob.marginal(joint, keep=axis)
        assert m.sum() == pytest.approx(1.0)
        others = tuple(i for i in range(3) if i != axis)
        np.testing.assert_allclose(m, np.apply_over_axes(np.sum, joint, others).ravel())


@given(joint_tables(ndim=2))
def test_conditional_rows_sum_to_one_and_chain_rule_rebuilds_joint(joint):
    cond = prob.conditional(joint, given=0)
    np.testing.assert_allclose(cond.sum(axis=1), 1.0)
    np.testing.assert_allclose(cond * prob.marginal(joint, 0)[:, None], joint, atol=1e-15)
    cond_x = prob.conditional(joint, given=1)
    np.testing.assert_allclose(cond_x.sum(axis=0), 1.0)


@given(joint_tables(ndim=3))
def test_chain_rule_three_variables(joint):
    # P(a, b, c) = P(a | b, c) P(b | c) P(c)
    pc = prob.marginal(joint, 2)
    pbc = joint.sum(axis=0)
    p_a_given_bc = joint / pbc[None]
    p_b_given_c = prob.conditional(pbc, given=1)
    np.testing.assert_allclose(p_a_given_bc * p_b_given_c[None] * pc[None, None], joint,
                               atol=1e-15)


@given(prob_vectors(), prob_vectors())
def test_outer_product_is_independent(px, py):
    assert prob.is_independent(np.outer(px, py))


def test_dependent_table_is_detected():
    assert not prob.is_independent([[0.3, 0.2], [0.1, 0.4]])


def test_conditional_independence_without_independence():
    pz = np.array([0.2, 0.8])
    px_z = np.array([[0.9, 0.1], [0.1, 0.9]])    # rows x, columns z
    py_z = np.array([[0.8, 0.05], [0.2, 0.95]])
    joint = np.einsum("k,ik,jk->ijk", pz, px_z, py_z)
    assert prob.is_conditionally_independent(joint, given=2)
    assert prob.is_conditionally_independent(np.moveaxis(joint, 2, 0), given=0)
    assert not prob.is_independent(joint.sum(axis=2))
    joint2 = joint.copy()
    joint2[0, 0, 1] += 0.01  # move mass inside the slab z = 1: sums stay 1, x ⊥ y | z breaks
    joint2[1, 1, 1] -= 0.01
    assert not prob.is_conditionally_independent(joint2, given=2)


@pytest.mark.parametrize("table, match", [
    ([[0.5, 0.6], [0.0, 0.0]], "sums to 1.1"),
    ([[-0.1, 0.6], [0.5, 0.0]], "negative"),
    ([[0.5, np.nan], [0.5, 0.0]], "finite"),
    (0.5, "non-empty table"),
])
def test_tables_that_are_not_probability_tables_are_rejected(table, match):
    for fn in (prob.marginal, prob.conditional):
        with pytest.raises(ValueError, match=match):
            fn(table)


def test_conditional_rejects_zero_probability_and_bad_axis():
    with pytest.raises(ValueError, match="probability 0 at index 1"):
        prob.conditional([[0.5, 0.5], [0.0, 0.0]], given=0)
    with pytest.raises(ValueError, match="given must be a whole number ≥ -2 and ≤ 1"):
        prob.conditional([[0.5, 0.5], [0.0, 0.0]], given=2)
    with pytest.raises(ValueError, match="at least 2 variables"):
        prob.conditional([0.5, 0.5])


# -- moments ------------------------------------------------------------------------------------

@given(prob_vectors(min_size=1), st.floats(-3, 3), st.floats(-3, 3))
def test_expectation_and_variance_match_scipy(p, a, b):
    values = np.arange(p.size, dtype=float)
    ref = stats.rv_discrete(values=(values, p))
    assert prob.expectation(values, p) == pytest.approx(ref.mean(), abs=1e-9)
    assert prob.variance(values, p) == pytest.approx(ref.var(), abs=1e-9)
    # linearity of expectation and Var[a x + b] = a² Var[x]
    assert prob.expectation(a * values + b, p) == pytest.approx(
        a * prob.expectation(values, p) + b, abs=1e-9)
    assert prob.variance(a * values + b, p) == pytest.approx(
        a * a * prob.variance(values, p), abs=1e-9)


@given(joint_tables(ndim=2))
def test_covariance_and_correlation_match_weighted_numpy(joint):
    xs = np.arange(joint.shape[0], dtype=float) ** 2
    ys = np.linspace(-1, 2, joint.shape[1])
    xx, yy = np.meshgrid(xs, ys, indexing="ij")
    c = np.cov(xx.ravel(), yy.ravel(), aweights=joint.ravel(), bias=True)
    assert prob.covariance(joint, xs, ys) == pytest.approx(c[0, 1], abs=1e-9)
    if c[0, 0] > 1e-9 and c[1, 1] > 1e-9:
        r = prob.correlation(joint, xs, ys)
        assert r == pytest.approx(c[0, 1] / math.sqrt(c[0, 0] * c[1, 1]), abs=1e-6)
        assert -1 <= r <= 1


def test_independent_table_has_zero_covariance():
    joint = np.outer([0.2, 0.3, 0.5], [0.6, 0.4])
    assert prob.covariance(joint, [1, 2, 3], [0, 5]) == pytest.approx(0.0, abs=1e-15)


def test_moment_errors():
    with pytest.raises(ValueError, match="same shape"):
        prob.expectation([1, 2, 3], [0.5, 0.5])
    with pytest.raises(ValueError, match="one value per row and column"):
        prob.covariance([[0.5, 0.5]], [0, 1], [0, 1])
    with pytest.raises(ValueError, match="both variables to vary"):
        prob.correlation([[0.5, 0.5]], [0], [0, 1])


@given(st.floats(-1, 1))
def test_correlate_gives_rho(rho):
    z = np.random.default_rng(0).standard_normal((20_000, 2))
    xy = prob.correlate(z, rho)
    np.testing.assert_array_equal(xy[:, 0], z[:, 0])
    assert np.corrcoef(xy.T)[0, 1] == pytest.approx(rho, abs=0.03)
    assert np.all(np.isfinite(xy))


def test_correlate_rejects_bad_input():
    with pytest.raises(ValueError, match=r"rho must be a real number in \[-1, 1\]; got 1.5"):
        prob.correlate(np.zeros((3, 2)), 1.5)
    with pytest.raises(ValueError, match=r"shape \(n, 2\)"):
        prob.correlate(np.zeros((3, 3)), 0.5)


# -- Bayes --------------------------------------------------------------------------------------

@given(prob_vectors(), st.data())
def test_posterior_sums_to_one_and_matches_the_definition(prior, data):
    lik = data.draw(arrays(float, prior.size, elements=st.floats(0.05, 1.0)))
    post = prob.bayes_update(prior, lik)
    assert post.sum() == pytest.approx(1.0)
    assert np.all(post >= 0)
    evidence = prob.total_probability(prior, lik)
    np.testing.assert_allclose(post * evidence, prior * lik, atol=1e-15)


@given(prob_vectors(), st.floats(0.01, 1.0))
def test_uniform_likelihood_returns_the_prior(prior, c):
    np.testing.assert_allclose(prob.bayes_update(prior, np.full(prior.size, c)), prior)


def test_spam_exercise_against_enumeration():
    # brute force over (spam, F1, F2) with F1 ⊥ F2 | spam
    joint = np.einsum("s,is,js->sij", [0.2, 0.8], [[0.9, 0.1], [0.1, 0.9]],
                      [[0.8, 0.05], [0.2, 0.95]])
    p_both = joint[:, 0, 0].sum()
    lik = [0.9 * 0.8, 0.1 * 0.05]
    assert prob.total_probability([0.2, 0.8], lik) == pytest.approx(p_both)
    assert prob.bayes_update([0.2, 0.8], lik)[0] == pytest.approx(joint[0, 0, 0] / p_both)


@pytest.mark.parametrize("prior, lik, match", [
    ([0.5, 0.6], [0.5, 0.5], "prior sums to"),
    ([0.5, 0.5], [0.5, 1.5], r"likelihood must lie in \[0, 1\]"),
    ([0.5, 0.5], [-0.1, 0.5], r"likelihood must lie in \[0, 1\]"),
    ([0.5, 0.5], [0.5, 0.5, 0.5], "same shape"),
    ([1.0, 0.0], [0.0, 1.0], "P\\(D\\) = Σ P\\(D\\|h\\) P\\(h\\) = 0"),
])
def test_bayes_update_rejects_bad_input(prior, lik, match):
    with pytest.raises(ValueError, match=match):
        prob.bayes_update(prior, lik)


# -- likelihood and MLE -------------------------------------------------------------------------

@given(st.integers(1, 60).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n))))
def test_log_likelihood_matches_scipy(nk):
    n, k = nk
    theta = np.linspace(0.0, 1.0, 51)
    ll = prob.bernoulli_log_likelihood(theta, k, n)
    assert not np.any(np.isnan(ll))
    ref = stats.binom.logpmf(k, n, theta) - (math.lgamma(n + 1) - math.lgamma(k + 1)
                                             - math.lgamma(n - k + 1))
    finite = np.isfinite(ref)
    np.testing.assert_allclose(ll[finite], ref[finite], atol=1e-9)
    assert np.array_equal(np.isneginf(ll), np.isneginf(ref))
    # Bernoulli sequence: the same as summing scipy's per-flip log-pmf
    flips = np.r_[np.ones(k), np.zeros(n - k)]
    inner = theta[1:-1]
    np.testing.assert_allclose(ll[1:-1], stats.bernoulli.logpmf(flips[:, None], inner).sum(0))


@given(st.integers(1, 200).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n))))
def test_mle_is_k_over_n_and_maximizes_the_likelihood(nk):
    n, k = nk
    mle = prob.bernoulli_mle(k, n)
    assert mle == k / n
    grid = np.linspace(0.0, 1.0, 2001)
    ll = prob.bernoulli_log_likelihood(grid, k, n)
    assert abs(grid[np.argmax(ll)] - mle) <= 0.5 / 2000 + 1e-12
    assert prob.bernoulli_log_likelihood(mle, k, n) >= ll.max() - 1e-9


def test_log_likelihood_edges_without_warnings():
    assert prob.bernoulli_log_likelihood(0.0, 0, 5) == 0.0
    assert prob.bernoulli_log_likelihood(1.0, 5, 5) == 0.0
    assert prob.bernoulli_log_likelihood(0.0, 1, 5) == -math.inf
    assert prob.bernoulli_log_likelihood(1.0, 4, 5) == -math.inf
    assert prob.bernoulli_log_likelihood(0.5, 0, 0) == 0.0


@pytest.mark.parametrize("theta, k, n, match", [
    (1.2, 1, 2, r"theta must lie in \[0, 1\]"),
    (0.5, 3, 2, r"heads must be a whole number ≥ 0 and ≤ 2 \(at most n"),
    (0.5, -1, 2, "heads must be a whole number ≥ 0"),
    (0.5, [1, 2], 2, "heads must be a whole number"),
    # a count is a whole number: 7.0 heads is refused like 1.5 (it used to be accepted)
    (0.5, 7.0, 10, r"heads must be .*got 7\.0 \(a float: a count is a whole number"),
])
def test_log_likelihood_rejects_bad_input(theta, k, n, match):
    with pytest.raises(ValueError, match=match):
        prob.bernoulli_log_likelihood(theta, k, n)


def test_mle_rejects_no_flips():
    with pytest.raises(ValueError, match=r"n must be a whole number ≥ 1 \(the number of flips"):
        prob.bernoulli_mle(0, 0)
    with pytest.raises(ValueError, match=r"n must be .*got 10\.0 \(a float"):
        prob.bernoulli_mle(7, 10.0)


# -- Gaussian, CDF, quantiles, MLEs, MAP --------------------------------------------------------

mus = st.floats(-50.0, 50.0)
sigmas = st.floats(0.05, 20.0)


@given(arrays(float, st.integers(1, 20), elements=st.floats(-200, 200)), mus, sigmas)
def test_gaussian_pdf_and_cdf_match_scipy(x, mu, sigma):
    np.testing.assert_allclose(prob.gaussian_pdf(x, mu, sigma), stats.norm.pdf(x, mu, sigma),
                               rtol=1e-10, atol=1e-300)
    np.testing.assert_allclose(prob.gaussian_cdf(x, mu, sigma), stats.norm.cdf(x, mu, sigma),
                               rtol=1e-10, atol=1e-300)


def test_gaussian_pdf_integrates_to_one_and_cdf_is_its_integral():
    total, _ = integrate.quad(lambda t: float(prob.gaussian_pdf(t, 1.0, 2.0)), -np.inf, np.inf)
    assert total == pytest.approx(1.0, abs=1e-10)
    area, _ = integrate.quad(lambda t: float(prob.gaussian_pdf(t, 1.0, 2.0)), -np.inf, 0.3)
    assert float(prob.gaussian_cdf(0.3, 1.0, 2.0)) == pytest.approx(area, abs=1e-10)


def test_gaussian_cdf_keeps_the_far_tail():
    assert float(prob.gaussian_cdf(-30.0)) == pytest.approx(stats.norm.cdf(-30.0), rel=1e-10)
    assert float(prob.gaussian_cdf(-30.0)) > 0


@given(st.floats(1e-12, 1 - 1e-12), mus, sigmas)
def test_gaussian_quantile_matches_scipy_and_inverts_the_cdf(q, mu, sigma):
    x = float(prob.gaussian_quantile(q, mu, sigma))
    assert x == pytest.approx(stats.norm.ppf(q, mu, sigma), rel=1e-8, abs=1e-8 * sigma)
    assert float(prob.gaussian_cdf(x, mu, sigma)) == pytest.approx(q, rel=1e-8, abs=1e-15)


def test_gaussian_quantile_edges_without_warnings():
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = prob.gaussian_quantile(np.array([0.0, 0.5, 1.0]), 3.0, 2.0)
    assert out.tolist() == [-np.inf, 3.0, np.inf]


@pytest.mark.parametrize("mu, sigma, match", [
    (0.0, 0.0, r"sigma must be a real number in \(0, ∞\)"),
    (0.0, -1.0, r"sigma must be a real number in \(0, ∞\)"),
    (np.nan, 1.0, "mu must be a finite real number"),
    (0.0, np.inf, r"sigma must be a real number in \(0, ∞\)"),
])
def test_gaussian_rejects_bad_parameters(mu, sigma, match):
    for fn in (prob.gaussian_pdf, prob.gaussian_cdf, prob.gaussian_quantile):
        with pytest.raises(ValueError, match=match):
            fn(0.5, mu, sigma)


def test_gaussian_quantile_rejects_q_outside_unit_interval():
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        prob.gaussian_quantile(1.5)


@given(arrays(float, st.integers(1, 50), elements=st.floats(-10, 10)),
       arrays(float, st.integers(1, 10), elements=st.floats(-12, 12)))
def test_empirical_cdf_matches_scipy_and_counting(samples, x):
    expected = [(samples <= t).mean() for t in x]
    np.testing.assert_allclose(prob.empirical_cdf(samples, x), expected)
    ecdf = stats.ecdf(samples).cdf.evaluate(x)
    np.testing.assert_allclose(prob.empirical_cdf(samples, x), ecdf)


def test_empirical_cdf_rejects_empty_sample():
    with pytest.raises(ValueError, match="non-empty 1-D"):
        prob.empirical_cdf([], 0.0)


@st.composite
def spd_matrices(draw, d):
    a = draw(arrays(float, (d, d), elements=st.floats(-2, 2)))
    return a @ a.T + 0.5 * np.eye(d)


@given(st.integers(1, 4).flatmap(lambda d: st.tuples(
    spd_matrices(d), arrays(float, d, elements=st.floats(-3, 3)),
    arrays(float, (5, d), elements=st.floats(-4, 4)))))
def test_multivariate_gaussian_pdf_matches_scipy(args):
    cov, mean, X = args
    np.testing.assert_allclose(prob.multivariate_gaussian_pdf(X, mean, cov),
                               stats.multivariate_normal(mean, cov).pdf(X).reshape(-1),
                               rtol=1e-8, atol=1e-300)


def test_multivariate_gaussian_pdf_with_diagonal_cov_is_a_product_of_1d_densities():
    X = np.array([[0.3, -1.2], [2.0, 0.5]])
    got = prob.multivariate_gaussian_pdf(X, [0.0, 1.0], np.diag([4.0, 0.25]))
    want = prob.gaussian_pdf(X[:, 0], 0.0, 2.0) * prob.gaussian_pdf(X[:, 1], 1.0, 0.5)
    np.testing.assert_allclose(got, want)


@pytest.mark.parametrize("mean, cov, match", [
    ([0.0, 0.0], [[1.0, 1.0], [1.0, 1.0]], "positive definite"),
    ([0.0, 0.0], [[1.0, 0.5], [0.0, 1.0]], "symmetric"),
    ([0.0], [[1.0, 0.0], [0.0, 1.0]], "shape"),
])
def test_multivariate_gaussian_rejects_bad_covariance(mean, cov, match):
    with pytest.raises(ValueError, match=match):
        prob.multivariate_gaussian_pdf([[0.0] * len(mean)], mean, cov)


@given(arrays(float, st.integers(1, 40), elements=st.floats(-100, 100)))
def test_gaussian_mle_matches_scipy_fit(x):
    mu, var = prob.gaussian_mle(x)
    ref_mu, ref_sd = stats.norm.fit(x)                 # SciPy's MLE: mean and biased std
    assert mu == pytest.approx(ref_mu, abs=1e-9)
    assert var == pytest.approx(ref_sd ** 2, rel=1e-9, abs=1e-9)


@given(arrays(float, (30, 3), elements=st.floats(-10, 10)))
def test_gaussian_mle_in_d_dimensions_is_the_biased_covariance(X):
    mean, cov = prob.gaussian_mle(X)
    np.testing.assert_allclose(mean, X.mean(axis=0))
    np.testing.assert_allclose(cov, np.cov(X, rowvar=False, ddof=0), atol=1e-9)


def test_gaussian_mle_maximizes_the_log_likelihood():
    x = np.random.default_rng(0).normal(2.0, 3.0, 50)
    mu, var = prob.gaussian_mle(x)
    best = stats.norm.logpdf(x, mu, math.sqrt(var)).sum()
    for dm, dv in [(0.05, 0), (-0.05, 0), (0, 0.1), (0, -0.1)]:
        assert stats.norm.logpdf(x, mu + dm, math.sqrt(var + dv)).sum() < best


@given(st.integers(1, 6).flatmap(lambda k: st.tuples(
    st.just(k), arrays(np.int64, st.integers(1, 60), elements=st.integers(0, k - 1)))))
def test_categorical_mle_is_counts_over_n_and_maximizes_the_likelihood(args):
    k, y = args
    p = prob.categorical_mle(y, k)
    np.testing.assert_allclose(p, [(y == c).mean() for c in range(k)])
    ll = stats.multinomial(y.size, p).logpmf(np.bincount(y, minlength=k))
    other = np.full(k, 1 / k)
    assert ll >= stats.multinomial(y.size, other).logpmf(np.bincount(y, minlength=k)) - 1e-9


@pytest.mark.parametrize("labels, k, match", [([0, 3], 3, "lie in"), ([0.5], 2, "integers"),
                                              ([0], 0, "k must")])
def test_categorical_mle_rejects_bad_input(labels, k, match):
    with pytest.raises(ValueError, match=match):
        prob.categorical_mle(labels, k)


@settings(max_examples=30)
@given(arrays(float, (12, 3), elements=st.floats(-3, 3)),
       arrays(float, 12, elements=st.floats(-5, 5)), st.floats(0.1, 3), st.floats(0.1, 3))
def test_map_regression_minimizes_the_negative_log_posterior(X, y, sigma, tau):
    from scipy import optimize
    w = prob.map_linear_regression(X, y, sigma, tau)

    def neg_log_post(u):
        return -(stats.norm.logpdf(y, X @ u, sigma).sum() + stats.norm.logpdf(u, 0, tau).sum())

    ref = optimize.minimize(neg_log_post, np.zeros(3), method="BFGS", options={"gtol": 1e-10})
    assert neg_log_post(w) <= ref.fun + 1e-7
    # ridge as ordinary least squares on an augmented system: rows √λ I with targets 0
    lam = (sigma / tau) ** 2
    A = np.vstack([X, math.sqrt(lam) * np.eye(3)])
    np.testing.assert_allclose(w, np.linalg.lstsq(A, np.r_[y, np.zeros(3)], rcond=None)[0],
                               atol=1e-7)


def test_map_regression_tends_to_least_squares_as_the_prior_widens():
    rng = np.random.default_rng(0)
    X, y = rng.normal(size=(20, 2)), rng.normal(size=20)
    np.testing.assert_allclose(prob.map_linear_regression(X, y, 1.0, 1e6),
                               np.linalg.lstsq(X, y, rcond=None)[0], atol=1e-8)


@pytest.mark.parametrize("noise, prior", [(0.0, 1.0), (1.0, -1.0), (np.inf, 1.0)])
def test_map_regression_rejects_bad_scales(noise, prior):
    with pytest.raises(ValueError, match=r"(noise|prior)_std must be a real number in \(0, ∞\)"):
        prob.map_linear_regression([[1.0]], [1.0], noise, prior)


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 6), st.integers(1, 4), st.floats(0.1, 3.0), st.floats(0.1, 3.0),
       st.integers(0, 2**32 - 1))
def test_regression_posterior_is_the_conditional_of_the_joint_gaussian(n, d, sigma, tau, seed):
    # independent reference: (w, y) is jointly Gaussian with Cov(w, y) = τ² Xᵀ and
    # Cov(y) = τ² X Xᵀ + σ² I; condition on y with the Gaussian conditioning formula
    rng = np.random.default_rng(seed)
    X, y = rng.normal(size=(n, d)), rng.normal(size=n)
    mean, cov = prob.linear_regression_posterior(X, y, sigma, tau)
    K = tau ** 2 * X @ X.T + sigma ** 2 * np.eye(n)
    gain = np.linalg.solve(K, tau ** 2 * X).T              # τ² Xᵀ K⁻¹
    np.testing.assert_allclose(mean, gain @ y, atol=1e-8)
    np.testing.assert_allclose(cov, tau ** 2 * np.eye(d) - gain @ (tau ** 2 * X), atol=1e-8)
    np.testing.assert_allclose(mean, prob.map_linear_regression(X, y, sigma, tau), atol=1e-8)
    assert np.linalg.eigvalsh(cov).min() > 0


def test_regression_posterior_one_example_at_a_time_matches_all_at_once():
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(12, 3)), rng.normal(size=12)
    sigma, tau = 0.7, 1.5
    m, S = np.zeros(3), tau ** 2 * np.eye(3)               # the prior
    for x_i, y_i in zip(X, y):                               # Bayes' rule, one row at a time
        P = np.linalg.inv(S) + np.outer(x_i, x_i) / sigma ** 2
        m_new = np.linalg.solve(P, np.linalg.solve(S, m) + x_i * y_i / sigma ** 2)
        m, S = m_new, np.linalg.inv(P)
    mean, cov = prob.linear_regression_posterior(X, y, sigma, tau)
    np.testing.assert_allclose(mean, m, atol=1e-10)
    np.testing.assert_allclose(cov, S, atol=1e-10)


@pytest.mark.parametrize("X, y", [([1.0, 2.0], [1.0, 2.0]), ([[1.0], [2.0]], [1.0])])
def test_regression_posterior_rejects_bad_shapes(X, y):
    with pytest.raises(ValueError, match="X must be n × d"):
        prob.linear_regression_posterior(X, y, 1.0, 1.0)


# -- sigmoid and softplus -----------------------------------------------------------------------

finite = st.floats(-700.0, 700.0)


@given(finite)
def test_sigmoid_matches_scipy_expit_and_its_identities(z):
    from scipy.special import expit
    s = prob.sigmoid(z)
    assert math.isclose(s, float(expit(z)), rel_tol=1e-12, abs_tol=1e-300)
    assert math.isclose(1 - s, prob.sigmoid(-z), rel_tol=1e-9, abs_tol=1e-15)


@given(finite)
def test_softplus_matches_logaddexp_and_log_sigmoid_is_minus_softplus(z):
    assert math.isclose(prob.softplus(z), float(np.logaddexp(0.0, z)), rel_tol=1e-12,
                        abs_tol=1e-300)
    assert math.isclose(prob.log_sigmoid(z), -float(np.logaddexp(0.0, -z)), rel_tol=1e-12,
                        abs_tol=1e-300)
    # softplus(z) − softplus(−z) = z
    assert math.isclose(prob.softplus(z) - prob.softplus(-z), z, rel_tol=1e-9, abs_tol=1e-9)


def test_softplus_derivative_is_sigmoid():
    z = np.linspace(-20, 20, 401)
    h = 1e-6
    numeric = (prob.softplus(z + h) - prob.softplus(z - h)) / (2 * h)
    np.testing.assert_allclose(numeric, prob.sigmoid(z), atol=1e-8)


def test_sigmoid_family_extremes_and_bad_input():
    assert prob.sigmoid(np.array([-1e6, 1e6])).tolist() == [0.0, 1.0]
    assert prob.softplus(-1e6) == 0.0 and prob.log_sigmoid(1e6) == 0.0
    with pytest.raises(ValueError, match="finite"):
        prob.sigmoid(np.nan)


# -- Gaussian mixture ---------------------------------------------------------------------------

@given(prob_vectors(max_size=4), st.floats(-5, 5))
def test_gaussian_mixture_matches_scipy_sum(w, x):
    means = np.linspace(-2, 2, w.size)
    stds = np.linspace(0.5, 1.5, w.size)
    ref = sum(wk * stats.norm.pdf(x, m, s) for wk, m, s in zip(w, means, stds))
    assert math.isclose(float(prob.gaussian_mixture_pdf(x, w, means, stds)), ref,
                        rel_tol=1e-10, abs_tol=1e-300)


def test_gaussian_mixture_integrates_to_one_and_rejects_bad_input():
    val, _ = integrate.quad(lambda t: float(prob.gaussian_mixture_pdf(
        t, [0.3, 0.7], [-2.0, 1.0], [0.5, 1.0])), -30, 30, points=[-2.0, 1.0])
    assert math.isclose(val, 1.0, rel_tol=1e-8)
    with pytest.raises(ValueError, match="same length"):
        prob.gaussian_mixture_pdf(0.0, [0.5, 0.5], [0.0], [1.0, 1.0])
    with pytest.raises(ValueError, match="stds must be > 0"):
        prob.gaussian_mixture_pdf(0.0, [0.5, 0.5], [0.0, 1.0], [1.0, 0.0])
    with pytest.raises(ValueError, match="sums to"):
        prob.gaussian_mixture_pdf(0.0, [0.5, 0.6], [0.0, 1.0], [1.0, 1.0])


# -- Wilson interval and McNemar ----------------------------------------------------------------

@given(st.integers(1, 500), st.data())
def test_wilson_interval_matches_scipy(n, data):
    k = data.draw(st.integers(0, n))
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=0.95, method="wilson")
    lo, hi = prob.wilson_interval(k, n)
    assert math.isclose(lo, ci.low, abs_tol=1e-9) and math.isclose(hi, ci.high, abs_tol=1e-9)
    assert 0.0 <= lo <= k / n <= hi <= 1.0


@given(st.integers(0, 300), st.integers(0, 300))
def test_mcnemar_exact_matches_scipy_binomtest(a, b):
    ref = 1.0 if a + b == 0 else stats.binomtest(a, a + b, 0.5).pvalue
    assert math.isclose(prob.mcnemar_exact(a, b), ref, rel_tol=1e-9, abs_tol=1e-300)
    assert prob.mcnemar_exact(a, b) == prob.mcnemar_exact(b, a)


def test_comparison_helpers_reject_bad_input():
    with pytest.raises(ValueError, match="whole number"):
        prob.mcnemar_exact(-1, 3)
    with pytest.raises(ValueError, match="whole number"):
        prob.mcnemar_exact(2.0, 3)
    with pytest.raises(ValueError, match="successes"):
        prob.wilson_interval(11, 10)
    with pytest.raises(ValueError, match="n must be"):
        prob.wilson_interval(0, 0)


# -- Beta density -------------------------------------------------------------------------------

@given(st.floats(0.2, 50.0), st.floats(0.2, 50.0), st.floats(0.001, 0.999))
def test_beta_pdf_matches_scipy(a, b, t):
    assert math.isclose(prob.beta_pdf(t, a, b), float(stats.beta.pdf(t, a, b)), rel_tol=1e-9,
                        abs_tol=1e-300)


def test_beta_pdf_edges_integral_and_bad_input():
    assert prob.beta_pdf(np.array([0.0, 1.0]), 2.0, 3.0).tolist() == [0.0, 0.0]
    assert math.isclose(prob.beta_pdf(0.0, 1.0, 3.0), 3.0, rel_tol=1e-12)
    assert prob.beta_pdf(0.0, 0.5, 0.5) == math.inf
    val, _ = integrate.quad(lambda t: prob.beta_pdf(t, 3.0, 5.0), 0, 1)
    assert math.isclose(val, 1.0, rel_tol=1e-10)
    with pytest.raises(ValueError, match="a must be"):
        prob.beta_pdf(0.5, 0.0, 1.0)
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        prob.beta_pdf(1.5, 1.0, 1.0)


# -- Clopper–Pearson and Student's t (chapter 4, "Confidence intervals", "Comparing two models")

@settings(max_examples=40, deadline=None)
@given(st.integers(1, 300), st.data(), st.sampled_from([0.8, 0.9, 0.95, 0.99]))
def test_clopper_pearson_matches_the_beta_quantiles(n, data, conf):
    k = data.draw(st.integers(0, n))
    lo, hi = prob.clopper_pearson_interval(k, n, confidence=conf)
    # independent reference: the ends are quantiles of Beta(k, n − k + 1) and Beta(k + 1, n − k)
    alpha = 1 - conf
    ref_lo = 0.0 if k == 0 else stats.beta.ppf(alpha / 2, k, n - k + 1)
    ref_hi = 1.0 if k == n else stats.beta.ppf(1 - alpha / 2, k + 1, n - k)
    assert math.isclose(lo, ref_lo, abs_tol=1e-9) and math.isclose(hi, ref_hi, abs_tol=1e-9)
    assert 0.0 <= lo <= k / n <= hi <= 1.0


def test_clopper_pearson_coverage_is_at_least_nominal():
    # exact coverage over k ~ Binomial(n, p), at a few (n, p): never below 95 %
    for n, p in [(20, 0.9), (50, 0.98), (30, 0.5)]:
        ks = np.arange(n + 1)
        pmf = stats.binom.pmf(ks, n, p)
        ints = [prob.clopper_pearson_interval(int(k), n) for k in ks]
        cover = sum(w for w, (lo, hi) in zip(pmf, ints) if lo <= p <= hi)
        assert cover >= 0.95


@settings(max_examples=60, deadline=None)
@given(st.floats(0.001, 0.999), st.floats(1.0, 500.0))
def test_student_t_quantile_matches_scipy_and_is_symmetric(q, nu):
    t = prob.student_t_quantile(q, nu)
    assert math.isclose(t, stats.t.ppf(q, nu), rel_tol=1e-7, abs_tol=1e-9)
    assert math.isclose(prob.student_t_quantile(1 - q, nu), -t, rel_tol=1e-9, abs_tol=1e-9)


def test_student_t_quantile_closed_forms():
    # ν = 1 is the Cauchy distribution, quantile tan(π(q − ½)); ν = 2 has
    # t = (2q − 1)/√(2q(1 − q)); large ν approaches the Gaussian quantile
    for q in [0.6, 0.9, 0.975, 0.995]:
        assert math.isclose(prob.student_t_quantile(q, 1), math.tan(math.pi * (q - 0.5)),
                            rel_tol=1e-9)
        assert math.isclose(prob.student_t_quantile(q, 2),
                            (2 * q - 1) / math.sqrt(2 * q * (1 - q)), rel_tol=1e-9)
    assert abs(prob.student_t_quantile(0.975, 1e6) - 1.959963984540054) < 1e-5


def test_interval_helpers_reject_bad_input():
    with pytest.raises(ValueError, match="successes"):
        prob.clopper_pearson_interval(11, 10)
    with pytest.raises(ValueError, match="n must be"):
        prob.clopper_pearson_interval(0, 0)
    with pytest.raises(ValueError, match="confidence"):
        prob.clopper_pearson_interval(3, 10, confidence=1.0)
    with pytest.raises(ValueError, match="q must be"):
        prob.student_t_quantile(1.0, 5)
    with pytest.raises(ValueError, match="nu must be"):
        prob.student_t_quantile(0.9, 0.5)
