"""Tests of the chapter 2 views on an Agg figure: extremes, random values, artists, descriptions."""

from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import helpers  # noqa: E402
from helpers.plotting.linalg import LinearMapPlot, LpBallPlot  # noqa: E402

ENTRIES = ("a11", "a12", "a21", "a22")


def make(view, **params):
    fig = Figure()
    ax = fig.subplots()
    return fig, view(ax, **params)


def test_linear_map_identity_draws_the_unit_shapes():
    fig, view = make(LinearMapPlot)
    np.testing.assert_allclose(view.patch.get_xy()[:4], [[0, 0], [1, 0], [1, 1], [0, 1]])
    np.testing.assert_allclose(view.col1.get_xydata(), [[0, 0], [1, 0]])
    np.testing.assert_allclose(view.col2.get_xydata(), [[0, 0], [0, 1]])
    assert "area |det A| = 1.00" in view.describe()
    fig.canvas.draw()


def test_linear_map_update_moves_artists_and_reports_numbers():
    fig, view = make(LinearMapPlot)
    before = view.ellipse.get_xydata().copy()
    view.update(a11=2.0, a12=1.0, a21=-0.5, a22=1.5)
    assert not np.allclose(before, view.ellipse.get_xydata())
    np.testing.assert_allclose(view.col1.get_xydata()[1], [2.0, -0.5])
    np.testing.assert_allclose(view.col2.get_xydata()[1], [1.0, 1.5])
    det = 2.0 * 1.5 - 1.0 * (-0.5)
    assert view.det == pytest.approx(det)
    assert f"{det:.2f}" in view.describe() and f"{det:+.2f}" in view.label.get_text()
    # the parallelogram's area (shoelace formula) is |det A|
    x, y = view.patch.get_xy()[:4].T
    area = 0.5 * abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))
    assert area == pytest.approx(abs(det))


@pytest.mark.parametrize("entries, where", [((1.0, 2.0, 0.5, 1.0), "a line"),
                                            ((0.0, 0.0, 0.0, 0.0), "a single point")])
def test_linear_map_singular(entries, where):
    fig, view = make(LinearMapPlot, **dict(zip(ENTRIES, entries)))
    assert view.det == 0.0
    assert "singular" in view.describe() and where in view.describe()
    assert "singular" in view.label.get_text()
    fig.canvas.draw()


def test_linear_map_extremes_and_random_values_fit_the_axes():
    fig, view = make(LinearMapPlot)
    lim = LinearMapPlot.limit
    rng = np.random.default_rng(0)
    cases = list(itertools.product((-2.0, 2.0), repeat=4))
    cases += [tuple(np.round(rng.uniform(-2, 2, 4), 1)) for _ in range(20)]
    for entries in cases:
        view.update(**dict(zip(ENTRIES, entries)))
        for artist in (view.ellipse, view.col1, view.col2):
            pts = artist.get_xydata()
            assert np.all(np.isfinite(pts)) and np.all(np.abs(pts) <= lim)
        assert np.all(np.abs(view.patch.get_xy()) <= lim)
        assert fig.axes[0].get_xlim() == (-lim, lim) and fig.axes[0].get_ylim() == (-lim, lim)
        fig.canvas.draw()


@pytest.mark.parametrize("p", [1.0, 1.37, 2.0, 5.5, 10.0, np.inf])
def test_lp_ball_extremes(p):
    fig, view = make(LpBallPlot, p=2.0)
    before = view.ball.get_xydata().copy()
    view.update(p=p)
    pts = view.ball.get_xydata()
    assert np.all(np.isfinite(pts))
    np.testing.assert_allclose(np.linalg.norm(pts, ord=p, axis=1), 1.0, rtol=1e-9)
    if p != 2.0:
        assert not np.allclose(before, pts)
    norm = np.linalg.norm([0.8, 0.6], ord=p)
    assert f"{norm:.3f}" in view.describe() and f"{norm:.3f}" in view.label.get_text()
    fig.canvas.draw()


def test_lp_ball_describe_names_the_shape():
    _, view = make(LpBallPlot, p=1.0)
    assert "diamond" in view.describe()
    view.update(p=6.0)
    assert "rounded square" in view.describe()


def test_demos_render_png_and_static_frames():
    S = helpers.Slider
    d = helpers.demo(LinearMapPlot, a11=S(0, 2, 0.1, value=1.0, frames=3),
                     a12=S(-2, 2, 0.1, value=0.0, frames=3),
                     a21=S(-2, 2, 0.1, value=0.0, frames=3),
                     a22=S(0, 2, 0.1, value=1.0, frames=3))
    names, grids = d.frame_grid()
    assert np.prod([len(g) for g in grids]) == 81
    assert d.render(a11=2.0, a12=2.0, a21=2.0, a22=2.0)[:4] == b"\x89PNG"
    assert "singular" in d.describe()
    e = helpers.demo(LpBallPlot, p=S(1, 10, 0.5, value=2.0))
    assert e.render(p=10.0)[:4] == b"\x89PNG"
