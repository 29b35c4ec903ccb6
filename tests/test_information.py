"""Chapter 5 math: properties (hypothesis), SciPy as the independent reference, and bad input."""

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy import special, stats

from helpers import information as info



@st.composite
def distributions(draw, size=None, allow_zeros=True):
    n = size if size is not None else draw(st.integers(1, 12))
    lo = 0.0 if allow_zeros else 1e-3
    w = draw(arrays(float, n, elements=st.floats(lo, 1.0)))
    if w.sum() == 0:
        w[0] = 1.0
    return w / w.sum()


@st.composite
def pairs(draw, allow_zeros=True):
    n = draw(st.integers(1, 12))
    return draw(distributions(n, allow_zeros)), draw(distributions(n, allow_zeros))


bases = st.sampled_from([None, 2, 10, math.e, 0.5])


@given(distributions(), bases)
def test_entropy_matches_scipy(p, base):
    assert info.entropy(p, base) == pytest.approx(stats.entropy(p, base=base), abs=1e-12)


@given(distributions())
def test_entropy_bounds(p):
    h = info.entropy(p)
    assert 0.0 <= h <= math.log(p.size) + 1e-12


@given(pairs(), bases)
def test_kl_matches_scipy_rel_entr(pq, base):
    p, q = pq
    nats = special.rel_entr(p, q).sum()
    got = info.kl_divergence(p, q, base) * (1.0 if base is None else math.log(base))
    if math.isinf(nats):
        assert got == math.inf
    else:
        assert got == pytest.approx(max(nats, 0.0), abs=1e-10)


@given(pairs(allow_zeros=False))
def test_kl_nonnegative_and_zero_only_for_equal(pq):
    p, q = pq
    assert info.kl_divergence(p, q) >= 0.0
    assert info.kl_divergence(p, p) == 0.0
    if np.abs(p - q).max() > 1e-3:
        assert info.kl_divergence(p, q) > 0.0


@given(pairs(allow_zeros=False))
def test_cross_entropy_is_entropy_plus_kl(pq):
    p, q = pq
    assert info.cross_entropy(p, q) == pytest.approx(info.entropy(p) + info.kl_divergence(p, q),
                                                     rel=1e-10, abs=1e-12)


def test_kl_is_asymmetric_and_infinite_where_q_misses_p():
    p, q = [0.8, 0.15, 0.05], [1 / 3, 1 / 3, 1 / 3]
    assert info.kl_divergence(p, q) != pytest.approx(info.kl_divergence(q, p))
    assert info.kl_divergence([0.5, 0.5], [1.0, 0.0]) == math.inf
    assert info.cross_entropy([0.5, 0.5], [1.0, 0.0]) == math.inf
    # 0·log 0 = 0: an outcome P never produces does not count, even where Q is 0
    assert info.kl_divergence([1.0, 0.0], [1.0, 0.0]) == 0.0
    assert info.cross_entropy([1.0, 0.0], [1.0, 0.0]) == 0.0


def test_binary_entropy_edges_and_peak(recwarn):
    h = info.binary_entropy(np.array([0.0, 0.5, 1.0]), base=2)
    assert h.tolist() == [0.0, 1.0, 0.0]
    assert info.binary_entropy(0.5) == pytest.approx(math.log(2))  # nats, like every helper
    assert isinstance(info.binary_entropy(0.25), float)
    assert len(recwarn) == 0


@given(arrays(float, st.integers(1, 20), elements=st.floats(0.0, 1.0)))
def test_binary_entropy_matches_scipy(p):
    expected = stats.entropy(np.stack([p, 1 - p]), base=2, axis=0)
    np.testing.assert_allclose(info.binary_entropy(p, base=2), expected, atol=1e-12)
    np.testing.assert_allclose(info.binary_entropy(p), expected * math.log(2), atol=1e-12)


def test_self_information():
    assert info.self_information(0.5, base=2) == 1.0
    assert info.self_information(1.0) == 0.0
    assert info.self_information(0.0) == math.inf
    np.testing.assert_allclose(info.self_information([0.25, 0.125], base=2), [2.0, 3.0])


def test_perplexity_extremes():
    assert info.perplexity([1.0, 1.0, 1.0]) == 1.0
    assert info.perplexity(np.full(7, 1 / 50_000)) == pytest.approx(50_000)
    assert info.perplexity([0.5, 0.0]) == math.inf
    assert info.perplexity([0.5, 0.25, 0.125]) == pytest.approx(4.0)


@given(arrays(float, (3, 5), elements=st.floats(-50, 50)))
def test_log_softmax_matches_scipy(z):
    np.testing.assert_allclose(info.log_softmax(z, axis=1), special.log_softmax(z, axis=1),
                               atol=1e-10)
    np.testing.assert_allclose(info.logsumexp(z, axis=1), special.logsumexp(z, axis=1), atol=1e-10)
    np.testing.assert_allclose(info.softmax(z, 2.0).sum(axis=1), 1.0)


def test_log_softmax_is_stable_for_huge_logits():
    out = info.log_softmax(np.array([1000.0, 1001.0, 1002.0]))
    np.testing.assert_allclose(out, special.log_softmax([0.0, 1.0, 2.0]))
    assert info.log_softmax(np.array([0.0, -800.0]))[1] == pytest.approx(-800.0)


def test_cross_entropy_loss_is_mean_negative_log_likelihood():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(6, 4))
    y = rng.integers(0, 4, size=6)
    nll = -np.mean(np.log(special.softmax(z, axis=1)[np.arange(6), y]))
    assert info.cross_entropy_loss(z, y) == pytest.approx(nll)


def test_differential_entropy_closed_forms():
    x = np.linspace(-40, 40, 80001)
    for sigma in (0.1, 1.0, 3.0):
        got = info.differential_entropy(x, info.gaussian_pdf(x, 0.5, sigma))
        assert got == pytest.approx(stats.norm(0.5, sigma).entropy(), abs=1e-6)


GRID = np.linspace(-10, 10, 321)


@pytest.mark.parametrize("separation", [0.0, 2.0, 4.0, 6.0, 8.0])
@pytest.mark.parametrize("weight", [0.0, 0.2, 0.5, 0.9, 1.0])
def test_forward_fit_is_moment_matching(separation, weight):
    p = info.gaussian_mixture_pdf(GRID, [-separation / 2, separation / 2], [1, 1],
                                  [weight, 1 - weight])
    np.testing.assert_allclose(info.fit_gaussian(GRID, p, "forward"),
                               info.gaussian_moments(GRID, p), atol=1e-4)


def _reverse_kl(mean, std, p):
    q = stats.norm(mean, std).pdf(GRID)
    return special.rel_entr(q / q.sum(), p / p.sum()).sum()


@pytest.mark.parametrize("separation,weight", [(3.0, 0.4), (5.0, 0.4), (5.5, 0.4), (7.0, 0.3),
                                               (8.0, 0.5), (6.0, 0.85), (0.0, 0.5)])
def test_reverse_fit_is_the_global_optimum(separation, weight):
    """Compare with SciPy's Nelder–Mead started from every mode and from a wide Gaussian."""
    from scipy.optimize import minimize

    p = info.gaussian_mixture_pdf(GRID, [-separation / 2, separation / 2], [1, 1],
                                  [weight, 1 - weight])
    mean, std = info.fit_gaussian(GRID, p, "reverse")
    ours = _reverse_kl(mean, std, p)
    starts = [(-separation / 2, 1.0), (separation / 2, 1.0), (0.0, 2.5)]
    best = min(minimize(lambda t: _reverse_kl(t[0], math.exp(t[1]), p), [m, math.log(s)],
                        method="Nelder-Mead", options={"xatol": 1e-8, "fatol": 1e-12}).fun
               for m, s in starts)
    assert ours <= best + 1e-6


def test_reverse_fit_seeks_the_heavier_mode():
    p = info.gaussian_mixture_pdf(GRID, [-4, 4], [1, 1], [0.3, 0.7])
    mean, std = info.fit_gaussian(GRID, p, "reverse")
    assert mean == pytest.approx(4.0, abs=0.01) and std == pytest.approx(1.0, abs=0.01)
    fwd_mean, fwd_std = info.fit_gaussian(GRID, p, "forward")
    assert fwd_std > 3.5  # covers both modes


FINE = np.linspace(-10, 10, 4001)


@settings(max_examples=60, deadline=None)
@given(separation=st.floats(0.0, 8.0), weight=st.floats(0.01, 0.99))
def test_density_modes_match_scipy_find_peaks(separation, weight):
    """The modes are SciPy's peaks of p (interior local maxima) above the noise floor."""
    from scipy.signal import find_peaks

    p = info.gaussian_mixture_pdf(FINE, [-separation / 2, separation / 2], [1, 1],
                                  [weight, 1 - weight])
    peaks, _ = find_peaks(p, height=1e-3 * p.max())
    np.testing.assert_array_equal(info.density_modes(FINE, p), FINE[peaks])


@pytest.mark.parametrize("separation,weight,n", [
    (2.0, 0.5, 1), (2.0, 0.1, 1),   # at distance ≤ 2 always one mode
    (2.5, 0.2, 1), (3.0, 0.1, 1),   # unequal weights: one mode beyond distance 2 too
    (2.5, 0.5, 2), (3.0, 0.2, 2), (8.0, 0.4, 2),
])
def test_density_modes_count_of_two_unit_gaussians(separation, weight, n):
    # Independent count: where the exact derivative p'(x) = Σ −w_k (x − m_k) φ(x − m_k) changes
    # sign from + to −, on a grid fifty times finer.
    m = np.array([-separation / 2, separation / 2])
    w = np.array([weight, 1 - weight])
    x = np.linspace(-12, 12, 200_001)
    dp = -(w * (x[:, None] - m) * stats.norm.pdf(x[:, None] - m)).sum(axis=1)
    sign_changes = np.count_nonzero((dp[:-1] > 0) & (dp[1:] <= 0))
    assert sign_changes == n
    p = info.gaussian_mixture_pdf(FINE, m, [1, 1], w)
    assert info.density_modes(FINE, p).size == n


def test_density_modes_flat_top_and_ends_count_once():
    x = np.linspace(0, 1, 11)
    assert info.density_modes(x, np.array([0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0.0])).size == 1
    np.testing.assert_array_equal(info.density_modes(x, np.linspace(2, 0, 11)), [0.0])
    with pytest.raises(ValueError, match="≥ 0"):
        info.density_modes(x, -np.ones(11))
    with pytest.raises(ValueError, match=r"rel_height must be a real number in \[0, 1\)"):
        info.density_modes(x, np.ones(11), rel_height=1.5)


# -- joint tables: joint and conditional entropy, mutual information -----------------------------
@st.composite
def joint_tables(draw, allow_zeros=True):
    rows, cols = draw(st.integers(1, 5)), draw(st.integers(1, 5))
    flat = draw(distributions(rows * cols, allow_zeros))
    flat[flat < 1e-12] = 0.0  # no denormal entries: the reference's outer product would underflow
    return (flat / flat.sum()).reshape(rows, cols)


@given(joint_tables(), bases)
def test_joint_entropy_is_entropy_of_the_flattened_table(pxy, base):
    assert info.joint_entropy(pxy, base) == pytest.approx(stats.entropy(pxy.ravel(), base=base),
                                                          abs=1e-12)


@given(joint_tables())
def test_conditional_entropy_is_the_average_row_entropy(pxy):
    px = pxy.sum(axis=1)
    expected = sum(w * stats.entropy(row / w) for w, row in zip(px, pxy) if w > 0)
    assert info.conditional_entropy(pxy) == pytest.approx(expected, abs=1e-10)
    # chain rule: H(X, Y) = H(X) + H(Y | X)
    assert info.joint_entropy(pxy) == pytest.approx(stats.entropy(px) +
                                                    info.conditional_entropy(pxy), abs=1e-10)


@given(joint_tables(), bases)
def test_mutual_information_is_kl_to_the_product_of_marginals(pxy, base):
    px, py = pxy.sum(axis=1), pxy.sum(axis=0)
    nats = stats.entropy(pxy.ravel(), np.outer(px, py).ravel())
    got = info.mutual_information(pxy, base) * (1.0 if base is None else math.log(base))
    assert got == pytest.approx(max(nats, 0.0), abs=1e-10)


@given(joint_tables())
def test_mutual_information_properties(pxy):
    px, py = pxy.sum(axis=1), pxy.sum(axis=0)
    i = info.mutual_information(pxy)
    assert i >= 0.0
    assert i == pytest.approx(info.mutual_information(pxy.T), abs=1e-12)  # symmetric
    assert i <= min(stats.entropy(px), stats.entropy(py)) + 1e-10
    assert i == pytest.approx(stats.entropy(px) + stats.entropy(py) - stats.entropy(pxy.ravel()),
                              abs=1e-10)


@given(distributions(), distributions())
def test_mutual_information_is_zero_for_independent_tables(px, py):
    assert info.mutual_information(np.outer(px, py)) == pytest.approx(0.0, abs=1e-12)


def test_mutual_information_of_a_copy_is_the_entropy():
    p = np.array([0.5, 0.3, 0.2])
    assert info.mutual_information(np.diag(p)) == pytest.approx(stats.entropy(p))
    assert info.conditional_entropy(np.diag(p)) == 0.0


# -- label smoothing and the softmax cross-entropy gradient -------------------------------------
@given(st.integers(1, 8), st.floats(0.0, 1.0), st.data())
def test_smooth_labels_rows_are_distributions(k, alpha, data):
    labels = np.array(data.draw(st.lists(st.integers(0, k - 1), min_size=1, max_size=6)))
    y = info.smooth_labels(labels, k, alpha)
    np.testing.assert_allclose(y.sum(axis=1), 1.0)
    assert np.all(y >= 0)
    np.testing.assert_allclose(y[np.arange(labels.size), labels], 1 - alpha + alpha / k)


def test_smooth_labels_extremes():
    np.testing.assert_array_equal(info.smooth_labels([1, 0], 2, 0.0), [[0, 1], [1, 0]])
    np.testing.assert_allclose(info.smooth_labels([1], 4, 1.0), [[0.25] * 4])


@given(arrays(float, (3, 4), elements=st.floats(-20, 20)), st.floats(0.0, 1.0))
def test_soft_cross_entropy_matches_scipy(z, alpha):
    y = info.smooth_labels(np.array([0, 3, 1]), 4, alpha)
    expected = -np.mean(np.sum(y * special.log_softmax(z, axis=1), axis=1))
    assert info.soft_cross_entropy_loss(z, y) == pytest.approx(expected, rel=1e-10, abs=1e-10)


@given(arrays(float, (3, 4), elements=st.floats(-5, 5)), st.floats(0.0, 1.0))
def test_cross_entropy_gradient_matches_finite_differences(z, alpha):
    y = info.smooth_labels(np.array([2, 0, 1]), 4, alpha)
    h, numeric = 1e-6, np.zeros_like(z)
    for idx in np.ndindex(z.shape):
        e = np.zeros_like(z)
        e[idx] = h
        numeric[idx] = (info.soft_cross_entropy_loss(z + e, y) -
                        info.soft_cross_entropy_loss(z - e, y)) / (2 * h)
    np.testing.assert_allclose(info.cross_entropy_gradient(z, y), numeric, atol=1e-7)


def test_soft_cross_entropy_with_one_hot_targets_is_the_label_loss():
    rng = np.random.default_rng(0)
    z, labels = rng.normal(size=(5, 3)), np.array([0, 2, 1, 1, 0])
    assert info.soft_cross_entropy_loss(z, np.eye(3)[labels]) == pytest.approx(
        info.cross_entropy_loss(z, labels))


# -- modes_covered ------------------------------------------------------------------------------
@given(st.floats(-10, 10), st.floats(0.1, 5), st.floats(0.1, 5),
       arrays(float, 3, elements=st.floats(-10, 10)))
def test_modes_covered_grows_with_std_and_ignores_shifts(mean, s1, s2, modes):
    lo, hi = sorted((s1, s2))
    assert info.modes_covered(mean, lo, modes) <= info.modes_covered(mean, hi, modes)
    assert info.modes_covered(mean, lo, modes) == info.modes_covered(0.0, lo, modes - mean)


def test_modes_covered_reads_the_two_fits():
    p = info.gaussian_mixture_pdf(GRID, [-4, 4], [1, 1], [0.4, 0.6])
    assert info.modes_covered(*info.fit_gaussian(GRID, p, "reverse"), [-4, 4]) == 1
    assert info.modes_covered(*info.fit_gaussian(GRID, p, "forward"), [-4, 4]) == 2


# -- bad input: ValueError with a message that says what was wrong -------------------------------
@pytest.mark.parametrize("call,match", [
    (lambda: info.entropy([0.5, -0.1, 0.6]), "negative entry"),
    (lambda: info.entropy([0.5, 0.6]), "sums to 1.1, expected 1"),
    (lambda: info.entropy([]), "non-empty 1-D"),
    (lambda: info.entropy([[0.5, 0.5]]), "non-empty 1-D"),
    (lambda: info.entropy([0.5, float("nan")]), "finite"),
    (lambda: info.kl_divergence([0.5, 0.5], [0.2, 0.3, 0.5]), "same shape"),
    (lambda: info.cross_entropy([1.0], [0.5, 0.5]), "same shape"),
    (lambda: info.entropy([0.5, 0.5], base=1), r"base must be a real number in \(0, ∞\) \(≠ 1, or None for nats\); got 1"),
    (lambda: info.entropy([0.5, 0.5], base=0), "base must be"),
    (lambda: info.entropy([0.5, 0.5], base=-2), "base must be"),
    (lambda: info.binary_entropy([0.2, 1.5]), r"must lie in \[0, 1\]"),
    (lambda: info.perplexity([0.5, 1.2]), r"\[0, 1\]"),
    (lambda: info.perplexity([]), "at least one"),
    (lambda: info.softmax([1.0, 2.0], temperature=0), "temperature must be"),
    (lambda: info.cross_entropy_loss([[0.0, 1.0]], [2]), "labels must be integers"),
    (lambda: info.cross_entropy_loss([0.0, 1.0], [0]), "2-D"),
    (lambda: info.fit_gaussian(GRID, info.gaussian_pdf(GRID), "sideways"), "direction"),
    (lambda: info.fit_gaussian(np.array([0.0, 1.0, 3.0, 4.0]), np.full(4, 0.25), "forward"),
     "evenly spaced"),
    (lambda: info.fit_gaussian(GRID, 2 * info.gaussian_pdf(GRID), "forward"), "integrates to 2"),
    (lambda: info.fit_gaussian(GRID, -info.gaussian_pdf(GRID), "reverse"), "negative"),
    (lambda: info.fit_gaussian(GRID[:10], info.gaussian_pdf(GRID), "reverse"), "same shape"),
    (lambda: info.gaussian_pdf(0.0, std=0.0), r"std must be a real number in \(0, ∞\); got 0.0"),
    (lambda: info.gaussian_mixture_pdf(0.0, [0, 1], [1], [0.5, 0.5]), "one entry per component"),
    (lambda: info.joint_entropy([0.5, 0.5]), "2-D table"),
    (lambda: info.mutual_information([[0.5, 0.6]]), "sums to 1.1"),
    (lambda: info.conditional_entropy([[0.5, -0.5], [0.5, 0.5]]), "negative entry"),
    (lambda: info.smooth_labels([0, 3], 3, 0.1), r"integers in \[0, 2\]"),
    (lambda: info.smooth_labels([0], 3, 1.5), r"alpha must be a real number in \[0, 1\]; got 1.5"),
    (lambda: info.smooth_labels([0], 0, 0.1), "num_classes"),
    (lambda: info.soft_cross_entropy_loss([[0.0, 1.0]], [[0.5, 0.6]]), "sums to 1.1"),
    (lambda: info.cross_entropy_gradient([[0.0, 1.0]], [[1.0, 0.0, 0.0]]), "same shape"),
    (lambda: info.cross_entropy_gradient([0.0, 1.0], [1.0, 0.0]), "2-D"),
    (lambda: info.modes_covered(0.0, 0.0, [1.0]), "std must be"),
    (lambda: info.js_divergence([0.5, 0.5], [1.0]), "same shape"),
    (lambda: info.gaussian_kl(0.0, 0.0), r"std1 must be > 0"),
    (lambda: info.gaussian_kl(0.0, 1.0, 0.0, -1.0), r"std2 must be > 0"),
    (lambda: info.gaussian_kl(float("nan"), 1.0), "mean1 must contain only finite"),
    (lambda: info.gaussian_kl([0.0, 0.0], [1.0, 1.0, 1.0]), "broadcast"),
    (lambda: info.float_format_max(12, 52), r"exponent_bits must be a whole number"),
    (lambda: info.float_format_max(8, 0), r"mantissa_bits must be a whole number"),
    (lambda: info.float_format_max(8.0, 7), "exponent_bits"),
    (lambda: info.float_format_min(8, 53), r"mantissa_bits must be a whole number"),
    (lambda: info.f_divergence([0.5, 0.5], [0.5, 0.5], "hellinger"), "kind must be one of"),
    (lambda: info.f_divergence([0.5, 0.5], [0.5, 0.6], "kl"), "sums to 1.1"),
    (lambda: info.fit_gaussian(GRID, info.gaussian_pdf(GRID), "reverse", start=(0.0, 0.0)),
     "start std must be"),
    (lambda: info.fit_gaussian(GRID, info.gaussian_pdf(GRID), "reverse", start=(0.0,)),
     "start must be a pair"),
])
def test_bad_input_raises_value_error(call, match):
    with pytest.raises(ValueError, match=match):
        call()


# -- Jensen–Shannon, the Gaussian KL in closed form, floating-point limits -----------------------
@given(pairs())
def test_js_divergence_matches_scipy_and_is_bounded(pq):
    p, q = pq
    js = info.js_divergence(p, q)
    # SciPy's jensenshannon is the square root of the divergence (a metric)
    assert js == pytest.approx(float(__import__("scipy.spatial.distance", fromlist=["x"])
                                     .jensenshannon(p, q)) ** 2, abs=1e-9)
    assert 0.0 <= js <= math.log(2) + 1e-12
    assert js == pytest.approx(info.js_divergence(q, p), abs=1e-12)  # symmetric


def test_js_divergence_is_log2_exactly_for_disjoint_supports():
    assert info.js_divergence([0.5, 0.5, 0.0, 0.0], [0.0, 0.0, 0.3, 0.7]) == pytest.approx(
        math.log(2))
    assert info.js_divergence([0.2, 0.8], [0.2, 0.8]) == 0.0


@settings(max_examples=30, deadline=None)
@given(st.floats(-3, 3), st.floats(0.3, 3), st.floats(-3, 3), st.floats(0.3, 3))
def test_gaussian_kl_matches_numerical_integration(m1, s1, m2, s2):
    from scipy import integrate

    def integrand(x):
        return stats.norm.pdf(x, m1, s1) * (stats.norm.logpdf(x, m1, s1)
                                            - stats.norm.logpdf(x, m2, s2))
    numeric, _ = integrate.quad(integrand, m1 - 12 * s1, m1 + 12 * s1, limit=200)
    assert info.gaussian_kl(m1, s1, m2, s2) == pytest.approx(numeric, rel=1e-6, abs=1e-9)


@given(arrays(float, st.integers(1, 6), elements=st.floats(-3, 3)),
       st.floats(0.2, 3))
def test_gaussian_kl_of_a_diagonal_gaussian_adds_over_coordinates(mean, std):
    stds = np.full(mean.shape, std)
    total = info.gaussian_kl(mean, stds)  # against N(0, I)
    expected = sum(info.gaussian_kl(m, std) for m in mean)
    assert total == pytest.approx(expected, rel=1e-12, abs=1e-12)
    # the VAE form ½ Σ (σ² + μ² − 1 − log σ²)
    vae = 0.5 * np.sum(stds**2 + mean**2 - 1 - np.log(stds**2))
    assert total == pytest.approx(vae, rel=1e-9, abs=1e-12)
    assert info.gaussian_kl(mean, stds, mean, stds) == 0.0


@pytest.mark.parametrize("dtype,e,m", [(np.float16, 5, 10), (np.float32, 8, 23),
                                       (np.float64, 11, 52)])
def test_float_format_max_matches_numpy(dtype, e, m):
    assert info.float_format_max(e, m) == float(np.finfo(dtype).max)


def test_float_format_max_of_bfloat16_is_the_top_half_of_a_float32():
    # bfloat16 keeps the upper 16 bits of a float32: its largest finite value is 0x7F7F0000.
    reference = np.array([0x7F7F0000], dtype=np.uint32).view(np.float32)[0]
    assert info.float_format_max(8, 7) == float(reference)


@pytest.mark.parametrize("dtype,e,m", [(np.float16, 5, 10), (np.float32, 8, 23),
                                       (np.float64, 11, 52)])
def test_float_format_min_is_the_smallest_subnormal(dtype, e, m):
    tiny = info.float_format_min(e, m)
    assert tiny == float(np.finfo(dtype).smallest_subnormal)
    assert dtype(tiny) > 0 and dtype(tiny) / dtype(2) == 0  # half of it rounds to 0


def test_float_format_min_of_bfloat16_is_the_last_bit_of_its_top_half():
    # bfloat16 keeps the upper 16 bits of a float32: its smallest subnormal is 0x00010000.
    reference = np.array([0x00010000], dtype=np.uint32).view(np.float32)[0]
    assert info.float_format_min(8, 7) == float(reference)


def _f_divergence_reference(p, q, kind):
    """Each divergence from its own direct formula (SciPy where it has one)."""
    from scipy.spatial.distance import jensenshannon

    if kind == "kl":
        return float(special.rel_entr(p, q).sum())
    if kind == "reverse_kl":
        return float(special.rel_entr(q, p).sum())
    if kind == "js":
        return float(jensenshannon(p, q)) ** 2
    if kind == "tv":
        return 0.5 * float(np.abs(p - q).sum())
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # χ²: 0/0 = 0
        terms = np.where(q > 0, (p - q) ** 2 / q, np.where(p > 0, np.inf, 0.0))
    return float(terms.sum())


@given(pairs(), st.sampled_from(["kl", "reverse_kl", "js", "tv", "chi2"]))
def test_f_divergence_matches_each_direct_formula_with_zeros(pq, kind):
    p, q = pq
    with np.errstate(divide="raise", invalid="raise", over="raise"):  # no warning at zeros
        got = info.f_divergence(p, q, kind)
    expected = _f_divergence_reference(p, q, kind)
    if math.isinf(expected):
        assert got == math.inf
    else:
        assert got == pytest.approx(max(expected, 0.0), rel=1e-9, abs=1e-9)
    assert got >= 0.0


def test_f_divergence_of_disjoint_supports():
    p, q = [0.2, 0.8, 0.0, 0.0], [0.0, 0.0, 0.5, 0.5]
    assert info.f_divergence(p, q, "js", base=2) == pytest.approx(1.0)
    assert info.f_divergence(p, q, "tv") == pytest.approx(1.0)
    assert info.f_divergence(p, q, "kl") == math.inf
    assert info.f_divergence(p, q, "reverse_kl") == math.inf
    assert info.f_divergence(p, q, "chi2") == math.inf
    assert info.f_divergence(p, p, "chi2") == 0.0


def test_fit_gaussian_from_a_start_finds_the_local_optimum_of_its_basin():
    # d = 7, w = 0.4: the reverse KL has a local minimum on each mode and a spanning one
    x = np.linspace(-10, 10, 321)
    p = info.gaussian_mixture_pdf(x, [-3.5, 3.5], [1.0, 1.0], [0.4, 0.6])

    def reverse_kl(fit):
        q = info.gaussian_pdf(x, *fit)
        return info.kl_divergence(q / q.sum(), p / p.sum())

    light = info.fit_gaussian(x, p, "reverse", start=(-3.0, 1.5))
    heavy = info.fit_gaussian(x, p, "reverse", start=(3.0, 1.5))
    spanning = info.fit_gaussian(x, p, "reverse", start=info.gaussian_moments(x, p))
    assert light == pytest.approx((-3.5, 1.0), abs=0.02)
    assert heavy == pytest.approx(info.fit_gaussian(x, p, "reverse"), abs=1e-3)
    assert reverse_kl(light) == pytest.approx(-math.log(0.4), abs=2e-3)  # ignores weight 0.6
    assert reverse_kl(heavy) < reverse_kl(light) < reverse_kl(spanning)
    for fit in (light, heavy, spanning):  # each is a local minimum: every small step is worse
        for dm, ds in ((0.05, 0), (-0.05, 0), (0, 0.05), (0, -0.05)):
            assert reverse_kl((fit[0] + dm, fit[1] * math.exp(ds))) > reverse_kl(fit)
