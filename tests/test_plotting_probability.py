"""Tests of the chapter-4 views: drawn on Agg figures, driven to extremes and random values."""

import math

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from helpers import probability as prob  # noqa: E402
from helpers.plotting import probability as views  # noqa: E402


def axes_for(view_cls):
    fig = Figure()
    axes = fig.subplots(1, view_cls.panels, squeeze=False)[0]
    return fig, axes[0] if view_cls.panels == 1 else tuple(axes)


def bar_heights(view):
    return [r.get_height() for r in view.bars.patches]


# -- Bayes ----------------------------------------------------------------------------------------

def test_bayes_plot_matches_the_helper_and_changes():
    fig, ax = axes_for(views.BayesPosteriorPlot)
    view = views.BayesPosteriorPlot(ax, prior=0.2, sensitivity=0.9, false_positive_rate=0.1)
    before = bar_heights(view)
    expected = prob.bayes_update([0.2, 0.8], [0.9, 0.1])[0]
    assert before[2] == pytest.approx(expected)
    assert before[1] == pytest.approx(0.2 * 0.9 + 0.8 * 0.1)
    assert f"{expected:.3f}" in view.describe()
    view.update(prior=0.5, sensitivity=0.6, false_positive_rate=0.4)
    assert bar_heights(view) != before
    assert view.spam_flag.get_height() == pytest.approx(0.6)
    assert view.ham_flag.get_x() == pytest.approx(0.5)
    # P(spam | flagged) = 0.5·0.6 / (0.5·0.6 + 0.5·0.4) = 0.3 / 0.5, worked by hand
    assert "posterior P(spam | flagged) = 0.600." in view.describe()


@pytest.mark.parametrize("prior", [0.0, 0.8])
@pytest.mark.parametrize("sens", [0.6, 1.0])
@pytest.mark.parametrize("fpr", [0.0, 0.4])
def test_bayes_plot_extremes(prior, sens, fpr):
    fig, ax = axes_for(views.BayesPosteriorPlot)
    view = views.BayesPosteriorPlot(ax, prior=prior, sensitivity=sens, false_positive_rate=fpr)
    fig.canvas.draw()
    heights = bar_heights(view)
    assert all(math.isfinite(h) for h in heights)
    if prior == 0 and fpr == 0:
        assert "undefined" in view.describe() and heights[2] == 0
        assert view.labels[2].get_text() == "n/a"
    else:
        assert heights[2] == pytest.approx(prior * sens / (prior * sens + (1 - prior) * fpr))


@pytest.mark.parametrize("prior, fpr", [(0.001, 0.01), (0.01, 0.05), (0.5, 0.0)])
def test_bayes_plot_prints_the_two_flagged_areas(prior, fpr):
    """At a rare prior the dark areas are too thin to see, so their values are printed."""
    fig, ax = axes_for(views.BayesPosteriorPlot)
    view = views.BayesPosteriorPlot(ax, prior=prior, sensitivity=0.99, false_positive_rate=fpr)
    spam, ham = prior * 0.99, (1 - prior) * fpr
    text = view.areas.get_text()
    assert f"P(S, F) = {spam:.3g}" in text and f"P(not S, F) = {ham:.3g}" in text
    assert view.spam_flag.get_width() * view.spam_flag.get_height() == pytest.approx(spam)
    assert view.ham_flag.get_width() * view.ham_flag.get_height() == pytest.approx(ham)
    assert view.posterior == pytest.approx(spam / (spam + ham))
    assert f"prior P(spam) = {prior:.3g}," in view.describe()


def test_likelihood_and_frequency_alt_texts_use_the_singular_for_one():
    fig, ax = axes_for(views.LikelihoodCurvePlot)
    view = views.LikelihoodCurvePlot(ax, n=10, heads_fraction=0.1)
    assert "1 head in 10 flips" in view.describe()
    fig, ax = axes_for(views.LawOfLargeNumbersPlot)
    view = views.LawOfLargeNumbersPlot(ax, log10_n=0.0, p=0.5)
    assert "over 1 flip of" in view.describe() and "after 1 flip it" in view.describe()


# -- correlation ----------------------------------------------------------------------------------

@pytest.mark.parametrize("rho", [-1.0, -0.37, 0.0, 0.81, 1.0])
def test_correlation_scatter(rho):
    fig, ax = axes_for(views.CorrelationScatter)
    view = views.CorrelationScatter(ax, rho=0.5)
    before = view.points.get_offsets().copy()
    view.update(rho=rho)
    fig.canvas.draw()
    after = np.asarray(view.points.get_offsets())
    np.testing.assert_array_equal(after[:, 0], before[:, 0])  # the same points, moved
    assert np.all(np.isfinite(after))
    ref = np.corrcoef(after.T)[0, 1]
    assert view.sample_rho == pytest.approx(ref, abs=1e-9)
    assert abs(ref - rho) < 0.1
    assert f"{rho:+.2f}" in view.describe() and f"{ref:+.3f}" in view.describe()
    if rho != 0.5:
        assert not np.array_equal(after[:, 1], before[:, 1])


# -- law of large numbers -------------------------------------------------------------------------

@pytest.mark.parametrize("log10_n, p", [(0.0, 0.0), (0.0, 1.0), (4.0, 0.0), (4.0, 1.0),
                                        (2.5, 0.3), (3.7, 0.65)])
def test_law_of_large_numbers_plot(log10_n, p):
    fig, ax = axes_for(views.LawOfLargeNumbersPlot)
    view = views.LawOfLargeNumbersPlot(ax, log10_n=2.0, p=0.5)
    before = np.asarray(view.freq_line.get_ydata()).copy()
    view.update(log10_n=log10_n, p=p)
    fig.canvas.draw()
    n = round(10**log10_n)
    flips = np.random.default_rng(0).random(10_000)[:n] < p
    assert view.n == n
    assert view.freq == pytest.approx(flips.mean())
    unit = "flip" if n == 1 else "flips"
    assert f"{n} {unit} of" in view.describe() and f"{flips.mean():.3f}" in view.describe()
    assert not np.array_equal(np.asarray(view.freq_line.get_ydata()), before)


def test_law_of_large_numbers_converges():
    fig, ax = axes_for(views.LawOfLargeNumbersPlot)
    view = views.LawOfLargeNumbersPlot(ax, log10_n=4.0, p=0.3)
    assert abs(view.freq - 0.3) < 0.02


# -- likelihood -----------------------------------------------------------------------------------

@pytest.mark.parametrize("n, frac", [(10, 0.0), (10, 1.0), (100, 0.0), (100, 1.0), (37, 0.42)])
def test_likelihood_plot(n, frac):
    fig, ax = axes_for(views.LikelihoodCurvePlot)
    view = views.LikelihoodCurvePlot(ax, n=10, heads_fraction=0.7)
    before = np.asarray(view.lik_line.get_ydata()).copy()
    view.update(n=n, heads_fraction=frac)
    fig.canvas.draw()
    k = round(frac * n)
    assert (view.k, view.n, view.mle) == (k, n, k / n)
    lik = np.asarray(view.lik_line.get_ydata())
    assert np.all(np.isfinite(lik)) and lik.max() == pytest.approx(1.0, abs=1e-3)
    assert view.theta[np.argmax(lik)] == pytest.approx(k / n, abs=0.01)
    assert np.all(np.isfinite(view.nll_line.get_ydata()))
    assert f"{k} heads in {n} flips" in view.describe() and f"{k / n:.3f}" in view.describe()
    assert not np.array_equal(lik, before)
    assert view.nll_min >= 0 and "-0.000" not in view.describe()


def test_likelihood_plot_nll_minimum_is_entropy_of_mle():
    fig, ax = axes_for(views.LikelihoodCurvePlot)
    view = views.LikelihoodCurvePlot(ax, n=20, heads_fraction=0.25)
    t = 5 / 20
    assert view.nll_min == pytest.approx(-(t * math.log(t) + (1 - t) * math.log(1 - t)))
