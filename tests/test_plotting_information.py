"""Chapter 5 views: they draw, update in place at the slider extremes, and describe what they show."""

import numpy as np
import pytest
from matplotlib.figure import Figure

import math

from helpers import information as info
from helpers.plotting.information import (BinaryEntropyPlot, CoinCrossEntropyPlot, KLFitPlot,
                                          SoftmaxTemperaturePlot)


def axes(n=1):
    fig = Figure()
    ax = fig.subplots(1, n)
    return ax if n == 1 else tuple(ax)


@pytest.mark.parametrize("p", [0.0, 0.01, 0.5, 0.99, 1.0])
def test_binary_entropy_marker_sits_on_the_curve(p):
    view = BinaryEntropyPlot(axes(), p=0.3)
    view.update(p=p)
    x, y = view.marker.get_data()
    expected = 0.0 if p in (0.0, 1.0) else -(p * np.log2(p) + (1 - p) * np.log2(1 - p))
    assert x[0] == p and y[0] == pytest.approx(expected)
    assert f"p = {p:.2f}" in view.describe()
    # the tangent passes through the marker, with slope log2((1 - p)/p)
    tx, ty = view.tangent.get_data()
    assert np.mean(tx) == pytest.approx(p) and np.mean(ty) == pytest.approx(y[0])
    if 0 < p < 1:
        assert (ty[1] - ty[0]) / (tx[1] - tx[0]) == pytest.approx(np.log2((1 - p) / p))
        slope = f"{np.log2((1 - p) / p):+.2f}"
        assert slope.replace("-", "−") in view.label.get_text()
        assert "-" not in view.label.get_text()  # true minus signs only
    else:
        assert tx[0] == pytest.approx(tx[1], abs=1e-12) and "∞" in view.label.get_text()


@pytest.mark.parametrize("separation,weight", [(0.0, 0.0), (0.0, 1.0), (8.0, 0.0), (8.0, 1.0),
                                               (7.0, 0.4), (3.3, 0.55)])
def test_kl_fit_lines_are_finite_gaussians(separation, weight):
    view = KLFitPlot(axes(), separation=1.0, weight=0.5)
    before = view.rev.get_ydata().copy()
    view.update(separation=separation, weight=weight)
    for line in (view.p_line, view.fwd, view.rev):
        y = line.get_ydata()
        assert np.all(np.isfinite(y)) and y.max() > 0
        assert y.max() < view.p_line.axes.get_ylim()[1]  # fixed limits fit every setting
    if (separation, weight) != (1.0, 0.5):
        assert not np.array_equal(before, view.rev.get_ydata())
    assert "Reverse-KL fit" in view.describe()


def corner_lines(view):
    return view.label.get_text().splitlines()


def test_kl_fit_label_and_alt_text_follow_the_fit():
    view = KLFitPlot(axes(), separation=8.0, weight=0.4)
    assert corner_lines(view)[0].startswith("p: two modes")
    assert corner_lines(view)[1].endswith("both modes")
    assert corner_lines(view)[2].endswith("one mode")
    assert "(covers one mode)" in view.describe()
    view.update(separation=4.0, weight=0.4)  # modes close: the reverse fit spans both
    assert corner_lines(view)[2].endswith("both modes")
    assert "Reverse-KL fit" in view.describe() and "one mode)" not in view.describe()
    view.update(separation=1.0, weight=0.4)  # a unimodal mixture
    assert corner_lines(view)[0] == "p: one mode"
    assert corner_lines(view)[2].endswith("p unimodal")
    assert "(p has one mode)" in view.describe()
    view.update(separation=2.5, weight=0.2)  # components 2.5 apart, unequal: still one mode
    assert corner_lines(view)[2].endswith("p unimodal")
    view.update(separation=3.0, weight=0.2)  # p has two local maxima, the valley very shallow
    assert corner_lines(view)[0].startswith("p: two modes, valley only 0.")
    assert corner_lines(view)[1].endswith("both modes")
    assert "two-mode" not in view.p_line.axes.get_title()
    legend = [t.get_text() for t in view.p_line.axes.get_legend().get_texts()]
    assert not any("mode" in t for t in legend)  # the legend makes no claim about coverage
    assert "-" not in "".join(corner_lines(view)[1:3])  # negative means carry a true minus sign


def test_kl_fit_reverse_line_sits_on_heavier_mode():
    view = KLFitPlot(axes(), separation=8.0, weight=0.2)
    assert view.reverse[0] == pytest.approx(4.0, abs=0.05)
    assert abs(view.forward[0]) < 4.0


@pytest.mark.parametrize("t", [0.05, 1.0, 5.0])
def test_softmax_bars_sum_to_one(t):
    view = SoftmaxTemperaturePlot(axes(2), temperature=1.0)
    view.update(temperature=t)
    heights = [r.get_height() for r in view.bars.patches]
    assert sum(heights) == pytest.approx(1.0)
    assert view.marker.get_data()[0][0] == t
    assert f"temperature {t:.2f}" in view.describe()


def test_low_temperature_is_nearly_one_hot():
    view = SoftmaxTemperaturePlot(axes(2), temperature=0.05)
    assert max(r.get_height() for r in view.bars.patches) > 0.99
    assert view.h < 0.01


@pytest.mark.parametrize("p", [0.0, 0.5, 1.0])
def test_binary_entropy_label_stays_inside_the_axes_above_the_curve(p):
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    fig = Figure()
    canvas = FigureCanvasAgg(fig)
    ax = fig.subplots()
    view = BinaryEntropyPlot(ax, p=p)
    canvas.draw()
    renderer = canvas.get_renderer()
    label = view.label.get_window_extent(renderer)
    assert ax.get_window_extent(renderer).contains(label.x0, label.y0)
    assert ax.get_window_extent(renderer).contains(label.x1, label.y1)
    assert not label.overlaps(ax.title.get_window_extent(renderer))
    assert view.label.get_position()[1] > 1.0  # above the curve's peak of 1 bit


def test_kl_fit_forward_fit_misses_a_light_mode():
    # moment matching: mean (1 − 2w)d/2 = 3.2, std sqrt(1 + w(1 − w)d²) = 2.6, so the mode
    # at −4 is 7.2 from the mean, beyond 2σ = 5.2
    view = KLFitPlot(axes(), separation=8.0, weight=0.1)
    assert view.forward == pytest.approx((3.2, 2.6), abs=0.01)
    assert corner_lines(view)[1].endswith("one mode")


def test_kl_fit_flags_the_tie_at_equal_weights_and_draws_forward_on_top():
    view = KLFitPlot(axes(), separation=8.0, weight=0.5)
    assert corner_lines(view)[2].endswith("one mode (tie: either)")
    assert "either mode is optimal" in view.describe()
    view.update(separation=8.0, weight=0.4)
    assert "tie" not in view.label.get_text()
    assert view.fwd.get_zorder() > view.rev.get_zorder()
    assert view.fwd.get_linewidth() > view.rev.get_linewidth()


def test_kl_fit_label_gives_both_local_optima_and_draws_the_loser_faintly():
    x = KLFitPlot.grid
    view = KLFitPlot(axes(), separation=7.0, weight=0.4)
    # the spanning optimum loses: it is drawn faintly, and both KL values are in the label
    assert view.alt.get_visible()
    assert view.kl_one_mode < view.kl_spanning
    assert view.kl_one_mode == pytest.approx(-math.log(0.6), abs=1e-3)
    assert corner_lines(view)[3] == (f"KL(q‖p): spanning {view.kl_spanning:.3f}, "
                                     f"one mode {view.kl_one_mode:.3f}")
    spanning = info.gaussian_pdf(x, *view.spanning)
    assert np.allclose(view.alt.get_ydata(), spanning)
    assert info.modes_covered(*view.spanning, view.modes) == 2
    view.update(separation=5.0, weight=0.4)  # the spanning fit wins; the one-mode fit is faint
    assert view.kl_spanning < view.kl_one_mode
    assert np.allclose(view.alt.get_ydata(), info.gaussian_pdf(x, *view.one_mode))
    assert view.reverse == pytest.approx(view.spanning, abs=0.02)
    view.update(separation=2.0, weight=0.4)  # one optimum only
    assert not view.alt.get_visible()
    assert corner_lines(view)[3].endswith("no one-mode optimum")
    view.update(separation=8.0, weight=0.1)
    assert corner_lines(view)[3].endswith("no spanning optimum")
    assert "Reverse KL: KL(q‖p) = " in view.describe()


@pytest.mark.parametrize("p,q", [(0.0, 0.0), (0.0, 1.0), (1.0, 0.0), (1.0, 1.0), (0.7, 0.0),
                                 (0.7, 0.7), (0.3, 0.99), (0.5, 0.5)])
def test_coin_cross_entropy_is_entropy_plus_kl(p, q):
    view = CoinCrossEntropyPlot(axes(2), p=0.7, q=0.5)
    with np.errstate(all="raise"):
        view.update(p=p, q=q)
    h = info.binary_entropy(p, base=2)
    kl = info.kl_divergence([p, 1 - p], [q, 1 - q], base=2)
    assert view.h == pytest.approx(h) and view.kl == kl
    assert view.ce == pytest.approx(info.cross_entropy([p, 1 - p], [q, 1 - q], base=2))
    for line in (view.curve, view.gap, view.marker):
        assert np.all(np.isfinite(line.get_ydata()))
    # the stacked bars: H(p) at the bottom, KL on top, cut at the top of the axes when infinite
    assert view.entropy_bar.get_height() == pytest.approx(h)
    assert view.kl_bar.get_y() == pytest.approx(h)
    top = view.kl_bar.get_y() + view.kl_bar.get_height()
    assert top == pytest.approx(min(h + kl, view.top))
    text = view.label.get_text()
    assert ("∞" in text) == math.isinf(kl)
    assert "nan" not in view.describe()


def test_coin_cross_entropy_curve_touches_the_entropy_at_q_equal_p():
    view = CoinCrossEntropyPlot(axes(2), p=0.3, q=0.5)
    qs, ce = view.curve.get_data()
    assert qs[np.argmin(ce)] == pytest.approx(0.3, abs=1 / 400)
    assert ce.min() == pytest.approx(info.binary_entropy(0.3, base=2), abs=1e-4)
    assert np.all(ce >= info.binary_entropy(0.3, base=2) - 1e-12)  # Gibbs' inequality


def test_kl_fit_legend_names_the_dotted_curve_only_when_it_is_drawn():
    view = KLFitPlot(axes(), separation=7.0, weight=0.4)
    handle, text = view.alt_entry
    assert text.get_text().startswith("other local minimum")
    assert view.legend in view.animated  # redrawn with the frame, so it can change
    assert view.alt.get_visible() and handle.get_visible() and text.get_visible()
    view.update(separation=2.0, weight=0.4)  # one optimum only: no dotted curve, no entry
    assert not view.alt.get_visible()
    assert not handle.get_visible() and not text.get_visible()
    view.update(separation=7.0, weight=0.4)
    assert handle.get_visible() and text.get_visible()
