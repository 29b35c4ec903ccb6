"""Tests of helpers.plotting.optimization (chapter 6): the views on an Agg figure."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import helpers  # noqa: E402
from helpers.plotting.optimization import Descent1DPlot, Descent2DPlot  # noqa: E402


def _ax():
    fig = Figure()
    return fig, fig.add_subplot()


def test_1d_regimes_at_extremes_and_inside():
    fig, ax = _ax()
    view = Descent1DPlot(ax, lr=0.05)
    xs_small = view.path_line.get_xdata().copy()
    assert view.status == "converges, never overshoots" and not view.diverged
    assert np.all(np.diff(xs_small) < 0) and np.all(xs_small > 0)  # creeps down one side
    view.update(lr=0.7)
    xs = view.path_line.get_xdata()
    assert view.status == "overshoots, but converges"
    assert np.all(xs[1::2] < 0) and abs(xs[-1]) < 1e-3  # alternates sides, shrinks
    view.update(lr=1.0)
    assert view.status == "bounces between ±x₀ for ever"
    np.testing.assert_allclose(np.abs(view.path_line.get_xdata()), 3.0)
    view.update(lr=1.15)
    assert view.diverged and view.status == "diverges"
    xs = view.path_line.get_xdata()
    assert np.all(np.abs(xs) <= 4.0) and abs(xs[-1]) == 4.0  # clipped at the axis edge
    assert len(view.escape.get_xdata()) == 1
    assert "step 2" in view.label.get_text() and "1.15" in view.describe()
    assert "left the plot" in view.describe()
    fig.canvas.draw()


def test_1d_random_values_change_the_artists():
    fig, ax = _ax()
    view = Descent1DPlot(ax, lr=0.1)
    rng = np.random.default_rng(0)
    for lr in rng.uniform(0.05, 1.15, 8):
        before = view.path_line.get_xdata().copy()
        view.update(lr=float(lr))
        after = view.path_line.get_xdata()
        assert before.shape != after.shape or not np.allclose(before, after)
        assert f"{lr:.2f}" in view.describe() and f"{lr:.2f}" in view.label.get_text()
        assert np.all(np.isfinite(after))
        view.update(lr=0.1)
    fig.canvas.draw()


def test_2d_contours_follow_kappa_and_path_follows_lr():
    fig, ax = _ax()
    view = Descent2DPlot(ax, lr=0.02, kappa=1)
    ex = view.ellipses[-1]
    np.testing.assert_allclose(np.ptp(ex.get_ydata()), np.ptp(ex.get_xdata()), rtol=2e-3)  # circles
    assert view.status == "finished" and "κ = 1" in view.describe()
    view.update(lr=0.02, kappa=10)
    np.testing.assert_allclose(np.ptp(ex.get_xdata()) / np.ptp(ex.get_ydata()), np.sqrt(10), rtol=2e-3)
    slow = view.f_last
    view.update(lr=0.17, kappa=10)  # below 2/κ = 0.2: zig-zags but converges
    ys = view.path_line.get_ydata()
    assert view.f_last < 1e-4 < slow and np.any(ys < 0)
    assert "3.4e-06" in view.label.get_text() or f"{view.f_last:.1e}" in view.label.get_text()


def test_2d_divergence_is_shown_at_the_edge():
    fig, ax = _ax()
    view = Descent2DPlot(ax, lr=0.32, kappa=10)
    assert view.status == "diverged" and view.regime == "diverging"
    xs, ys = view.path_line.get_xdata(), view.path_line.get_ydata()
    assert np.all(np.abs(ys) <= 3.0 + 1e-12) and np.isclose(abs(ys[-1]), 3.0)
    assert len(view.escape.get_xdata()) == 1
    assert "diverges" in view.label.get_text() and "diverged" in view.describe()
    view.update(lr=0.32, kappa=1)
    assert view.status == "finished" and len(view.escape.get_xdata()) == 0
    fig.canvas.draw()


def test_2d_slow_divergence_inside_the_plot_is_named():
    fig, ax = _ax()
    view = Descent2DPlot(ax, lr=0.29, kappa=7)  # 0.29 > 2/7 ≈ 0.286
    assert view.regime == "diverging"
    assert "diverg" in view.label.get_text() and "diverg" in view.describe()


@pytest.mark.parametrize("lr,kappa", [(0.02, 1), (0.02, 10), (0.32, 1), (0.32, 10), (0.14, 5)])
def test_2d_demo_renders_extremes(lr, kappa):
    d = helpers.demo(Descent2DPlot, lr=helpers.Slider(0.02, 0.32, 0.03, value=0.14, frames=11),
                     kappa=helpers.Slider(1, 10, 1, value=5, frames=10))
    png = d.render(lr=lr, kappa=kappa)
    assert png[:4] == b"\x89PNG"
    assert f"κ = {kappa}" in d.describe()
    names, grids = d.frame_grid()
    assert np.prod([len(g) for g in grids]) <= 121


def test_1d_demo_renders_and_frames():
    d = helpers.demo(Descent1DPlot, lr=helpers.Slider(0.05, 1.15, 0.05, value=0.1, frames=23))
    for lr in (0.05, 1.15, 0.5):
        assert d.render(lr=lr)[:4] == b"\x89PNG"
    _, grids = d.frame_grid()
    assert len(grids[0]) == 23 and 0.1 in grids[0]
