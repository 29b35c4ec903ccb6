"""Tests of the chapter 2 views on an Agg figure: extremes, random values, artists, descriptions."""

from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
import scipy.linalg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import helpers  # noqa: E402
from helpers.plotting.linalg import LinearMapPlot, LpBallPlot, draw_projection  # noqa: E402

PRESETS = helpers.plotting.linalg.PRESETS


def make(view, **params):
    fig = Figure()
    ax = fig.subplots()
    return fig, view(ax, **params)


def shoelace(xy):
    x, y = np.asarray(xy)[:4].T
    return 0.5 * abs(np.dot(x, np.roll(y, -1)) - np.dot(y, np.roll(x, -1)))


def test_linear_map_t0_is_the_identity_for_every_preset():
    for name in PRESETS:
        fig, view = make(LinearMapPlot, preset=name, t=0.0)
        np.testing.assert_allclose(view.patch.get_xy()[:4], [[0, 0], [1, 0], [1, 1], [0, 1]])
        np.testing.assert_allclose(view.col1.get_xydata(), [[0, 0], [1, 0]])
        np.testing.assert_allclose(view.col2.get_xydata(), [[0, 0], [0, 1]])
        assert "|det A| = 1.00" in view.describe()


def test_linear_map_default_is_a_non_trivial_map():
    fig, view = make(LinearMapPlot)
    assert not np.allclose(view.matrix, np.eye(2))
    assert view.det != 0.0 and view.matrix[0, 1] != 0.0   # a stretch with a shear
    fig.canvas.draw()


@pytest.mark.parametrize("name", list(PRESETS))
def test_linear_map_area_is_abs_det_and_orientation_is_reported(name):
    fig, view = make(LinearMapPlot, preset="shear", t=0.0)
    before = view.ellipse.get_xydata().copy()
    view.update(preset=name, t=1.0)
    a = PRESETS[name]
    det = a[0, 0] * a[1, 1] - a[0, 1] * a[1, 0]      # closed form, not numpy's LU
    np.testing.assert_allclose(view.col1.get_xydata()[1], a[:, 0])
    np.testing.assert_allclose(view.col2.get_xydata()[1], a[:, 1])
    assert shoelace(view.patch.get_xy()) == pytest.approx(abs(det), abs=1e-9)
    assert not np.allclose(before, view.ellipse.get_xydata())
    if abs(det) < 1e-9:
        assert "singular" in view.describe() and "singular" in view.label.get_text()
    else:
        assert f"{abs(det):.2f}" in view.describe()
        assert ("flips orientation" in view.describe()) == (det < 0)
        assert ("orientation\nflipped" in view.label.get_text()) == (det < 0)
    fig.canvas.draw()


def test_linear_map_reflection_path_passes_through_a_singular_matrix():
    fig, view = make(LinearMapPlot, preset="reflection", t=0.5)
    assert view.det == 0.0 and view.rank == 1
    assert "a line" in view.describe()


def test_linear_map_rejects_unknown_preset_and_t_outside_range():
    fig, view = make(LinearMapPlot)
    with pytest.raises(ValueError, match="preset must be one of"):
        view.update(preset="spin", t=1.0)
    with pytest.raises(ValueError, match=r"t must lie in \[0, 1\]"):
        view.update(preset="shear", t=1.5)


def test_linear_map_every_preset_and_t_fits_the_axes():
    fig, view = make(LinearMapPlot)
    (x0, x1), (y0, y1) = LinearMapPlot.xlim, LinearMapPlot.ylim
    for name, t in itertools.product(PRESETS, np.linspace(0.0, 1.0, 41)):
        view.update(preset=name, t=t)
        for pts in [a.get_xydata() for a in (view.ellipse, view.col1, view.col2)] + [
                view.patch.get_xy()]:
            assert np.all(np.isfinite(pts))
            assert np.all((x0 < pts[:, 0]) & (pts[:, 0] < x1))
            assert np.all((y0 < pts[:, 1]) & (pts[:, 1] < y1))
        assert fig.axes[0].get_xlim() == (x0, x1) and fig.axes[0].get_ylim() == (y0, y1)
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
    view.update(p=0.5)
    assert "non-convex" in view.describe()


@pytest.mark.parametrize("p", [0.25, 0.75, 1.25, 20.0])
def test_lp_ball_describe_prints_the_exact_p(p):
    # the website's alt text names the slider value exactly (0.25, not a rounded 0.2)
    _, view = make(LpBallPlot, p=p)
    text = view.describe()
    assert f"{p:g}" in text
    assert ("not a norm" in text) == (p < 1) and ("norm in the plane" in text) == (p >= 1)


def test_linear_map_describe_has_no_negative_zero():
    # A(0.4) for the negative diagonal has a (1, 1) entry of about -1e-16: printed as 0.0
    _, view = make(LinearMapPlot, preset="negative diagonal", t=0.4)
    assert abs(view.matrix[0, 0]) < 1e-12
    assert "-0.0" not in view.describe() and "singular" in view.describe()


@pytest.mark.parametrize("p", [0.25, 0.5, 0.75])
def test_lp_ball_below_one_draws_the_quasi_norm_curve(p):
    fig, view = make(LpBallPlot, p=2.0)
    view.update(p=p)
    pts = view.ball.get_xydata()
    assert np.all(np.isfinite(pts))
    np.testing.assert_allclose(np.sum(np.abs(pts) ** p, axis=1), 1.0, rtol=1e-9)
    # non-convex: the midpoint of (1, 0) and (0, 1) lies outside the curve
    assert np.sum(np.abs([0.5, 0.5]) ** p) ** (1 / p) > 1
    expected = (0.8 ** p + 0.6 ** p) ** (1 / p)
    assert f"{expected:.3f}" in view.label.get_text()
    fig.canvas.draw()


def test_draw_projection_residual_is_orthogonal_to_the_plane():
    fig = Figure()
    ax = fig.add_subplot(projection="3d")
    X = np.array([[1.0, 0.0], [0.0, 1.0], [0.4, 0.4]])
    y = np.array([0.6, 1.2, 1.6])
    art = draw_projection(ax, X, y)
    start, end = np.array(art["residual"].get_data_3d()).T
    np.testing.assert_allclose(end, y)
    np.testing.assert_allclose(X.T @ (end - start), 0.0, atol=1e-12)
    np.testing.assert_allclose(np.array(art["y_hat"].get_data_3d())[:, 1], start)
    # the right-angle mark: two sides from its corners, along the residual and in the plane
    p0, p1, p2 = np.array(art["right_angle"].get_data_3d()).T
    side_plane, side_r = p0 - start, p2 - start
    np.testing.assert_allclose(side_plane @ side_r, 0.0, atol=1e-12)
    np.testing.assert_allclose(np.cross(side_r, end - start), 0.0, atol=1e-12)
    np.testing.assert_allclose(p1 - p0, side_r, atol=1e-12)
    fig.canvas.draw()
    # y in the plane: no residual, no mark
    art = draw_projection(fig.add_subplot(projection="3d"), X, X @ np.array([1.0, 2.0]))
    assert np.array(art["right_angle"].get_data_3d()).size == 0
    with pytest.raises(ValueError, match="3 × 2"):
        draw_projection(ax, np.ones((4, 2)), np.ones(4))


@pytest.mark.parametrize("t", np.linspace(0.0, 1.0, 11))
def test_rotation_preset_is_a_rotation_at_every_t(t):
    # the slider turns the angle: every frame keeps the square's shape and area 1
    fig, view = make(LinearMapPlot, preset="rotation 60°", t=t)
    np.testing.assert_allclose(view.matrix.T @ view.matrix, np.eye(2), atol=1e-12)
    np.testing.assert_allclose(view.matrix, scipy.linalg.expm(
        t * np.pi / 3 * np.array([[0.0, -1.0], [1.0, 0.0]])), atol=1e-12)
    assert "|det A| = 1.00" in view.describe()


def test_linear_map_describe_entries_match_the_area():
    # negative diagonal at t = 0.1 is diag(0.75, 0.95): the alt text's entries give its area
    fig, view = make(LinearMapPlot, preset="negative diagonal", t=0.1)
    text = view.describe()
    assert "[[0.75, 0.00], [0.00, 0.95]]" in text and "|det A| = 0.71" in text


def test_draw_projection_residual_stands_apart_from_y_and_y_hat():
    """The residual is dashed black: no hue close to y's orange or ŷ's blue."""
    from matplotlib.colors import to_rgb

    fig = Figure()
    art = draw_projection(fig.add_subplot(projection="3d"),
                          np.array([[1.0, 0.0], [0.0, 1.0], [0.4, 0.4]]), np.array([0.6, 1.2, 1.6]))
    residual = np.array(to_rgb(art["residual"].get_color()))
    for other in ("y", "y_hat"):
        # far apart in RGB (the old vermilion was about 0.2 from the orange)
        assert np.linalg.norm(residual - np.array(to_rgb(art[other].get_color()))) > 0.6
    assert art["residual"].get_linestyle() == "--"
    assert to_rgb(art["right_angle"].get_color()) == tuple(residual)


def test_lp_ball_title_and_readout_say_not_a_norm_below_one():
    import matplotlib.pyplot as plt

    from helpers.plotting.linalg import LpBallPlot
    fig, ax = plt.subplots()
    view = LpBallPlot(ax, p=0.5)
    assert "Curve" in ax.get_title() and "not a norm" in view.label.get_text()
    assert "not a norm" in view.describe()
    view.update(p=2.0)
    assert "not a norm" not in view.label.get_text()
    plt.close(fig)
