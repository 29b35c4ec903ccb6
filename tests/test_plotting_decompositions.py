"""Tests of the chapter 3 views: built on Agg figures, driven to the slider extremes and random
values with warnings as errors (pyproject sets filterwarnings = error)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from helpers import decompositions as dec  # noqa: E402
from helpers.plotting.base import COLORS  # noqa: E402
from helpers.plotting.decompositions import (  # noqa: E402
    LowRankImagePlot,
    SymmetricEigenPlot,
    plot_svd_ellipse_3d,
    plot_svd_input_circle,
    sample_image,
)


def _axes(n: int = 1):
    fig = Figure(figsize=(4 * n, 3))
    axes = fig.subplots(1, n, squeeze=False)[0]
    return fig, (axes[0] if n == 1 else tuple(axes))


# -- SymmetricEigenPlot -------------------------------------------------------------------------
def test_symmetric_eigen_plot_draws_the_image_ellipse_and_scaled_eigenvectors():
    fig, ax = _axes()
    view = SymmetricEigenPlot(ax, a=2.0, b=0.0, d=1.0)
    x, y = view.ellipse.get_data()
    assert max(np.abs(x)) == pytest.approx(2.0) and max(np.abs(y)) == pytest.approx(1.0, abs=1e-3)
    before = view.ellipse.get_xydata().copy()
    view.update(a=2.0, b=1.0, d=2.0)
    assert not np.allclose(before, view.ellipse.get_xydata())
    np.testing.assert_allclose(view.lam, [3.0, 1.0])
    # arrow tips sit at λᵢ qᵢ
    np.testing.assert_allclose(view.tips[:, 0], 3.0 * view.q[:, 0])
    np.testing.assert_allclose(view.tips[:, 1], 1.0 * view.q[:, 1])
    text = view.describe()
    assert "3.00" in text and "1.00" in text and "positive definite" in text
    assert "3.00" in view.label.get_text()


@pytest.mark.parametrize("a, b, d, kind", [
    (1.0, 0.0, 1.0, "positive definite"),       # repeated eigenvalue
    (1.0, 1.0, 1.0, "positive semidefinite"),   # singular
    (-2.0, 0.0, -1.0, "negative definite"),
    (0.0, 0.0, 0.0, "zero"),
    (1.0, 1.5, -2.0, "indefinite"),
])
def test_symmetric_eigen_plot_edge_cases(a, b, d, kind):
    fig, ax = _axes()
    view = SymmetricEigenPlot(ax, a=a, b=b, d=d)
    assert view.kind == kind
    fig.canvas.draw()
    xy = view.ellipse.get_xydata()
    assert np.all(np.isfinite(xy))
    assert np.abs(xy).max() <= view.limit
    if a == d and b == 0:
        assert view.repeated and "repeated" in view.describe()
    if kind in ("positive semidefinite", "zero"):
        assert not view.arrows[1].get_visible()   # zero eigenvalue: no stray arrow head
    if kind == "negative definite":
        # a negative eigenvalue flips its arrow against the unit eigenvector
        assert np.dot(view.tips[:, 0], view.q[:, 0]) < 0


def test_symmetric_eigen_plot_at_extremes_and_random_values():
    # The chapter's demo itself (its sliders and website frames) is driven by test_demos.py.
    fig, ax = _axes()
    view = SymmetricEigenPlot(ax, a=2.0, b=0.75, d=1.0)
    rng = np.random.default_rng(0)
    values = [(-2.0, -2.0, -2.0), (2.0, 2.0, 2.0), (-2.0, 2.0, 2.0), (2.0, -2.0, -2.0)]
    values += [tuple(rng.uniform([-2, -2, -2], [2, 2, 2])) for _ in range(5)]
    for a, b, d in values:
        before = view.ellipse.get_xydata().copy()
        view.update(a=a, b=b, d=d)
        assert not np.allclose(before, view.ellipse.get_xydata())
        lam = np.linalg.eigvalsh([[a, b], [b, d]])  # an independent eigenvalue solver
        assert f"{lam.max():.2f}" in view.describe()
        assert np.abs(view.ellipse.get_xydata()).max() <= SymmetricEigenPlot.limit
        fig.canvas.draw()


def test_symmetric_eigen_plot_reports_the_largest_stretch_not_lambda_1():
    # a = 0, b = 0.75, d = −2: λ₁ = 0.25 but the largest stretch is |λ₂| = 2.25 (= ‖A‖₂).
    fig, ax = _axes()
    view = SymmetricEigenPlot(ax, a=0.0, b=0.75, d=-2.0)
    assert view.lam[0] == pytest.approx(0.25) and view.lam[1] == pytest.approx(-2.25)
    stretch = np.linalg.norm([[0.0, 0.75], [0.75, -2.0]], 2)
    assert f"max|λᵢ| = {stretch:.2f}" in view.describe()
    longest = np.linalg.norm(view.ellipse.get_xydata(), axis=1).max()
    assert longest == pytest.approx(stretch, rel=1e-3)


# -- LowRankImagePlot -----------------------------------------------------------------------------
def test_sample_image_is_grayscale_in_unit_range():
    img = sample_image(64)
    assert img.shape == (64, 55) and img.dtype == np.float64
    assert 0.0 <= img.min() < img.max() <= 1.0
    with pytest.raises(ValueError, match="height"):
        sample_image(4)


def test_low_rank_image_plot_updates_image_and_marker():
    fig, axes = _axes(2)
    view = LowRankImagePlot(axes, k=1)
    rank1 = view.shown.get_array().copy()
    assert np.linalg.matrix_rank(dec.svd_reconstruct(view.u, view.s, view.vt, 1)) == 1
    view.update(k=50)
    assert not np.allclose(rank1, view.shown.get_array())
    # the marker sits on the Eckart–Young error √(Σ discarded σ²) / ‖A‖
    expected = np.linalg.norm(view.image - dec.low_rank_approx(view.image, 50)) / view.norm
    assert view.err_marker.get_ydata()[0] == pytest.approx(expected, rel=1e-9)
    # storage: the entries of the truncated SVD actually kept, over those of the image
    u, s, vt = np.linalg.svd(view.image, full_matrices=False)
    kept = u[:, :50].size + s[:50].size + vt[:50].size
    assert view.sto_marker.get_ydata()[0] == pytest.approx(kept / view.image.size)
    assert f"{expected:.1%}" in view.describe() and "Rank-50" in view.describe()
    assert f"{expected:.1%}" in view.label.get_text()
    with pytest.raises(ValueError, match="k must be"):
        view.update(k=51)


def test_low_rank_image_plot_accepts_its_own_image():
    fig, axes = _axes(2)
    rng = np.random.default_rng(0)
    img = rng.uniform(size=(20, 12))
    view = LowRankImagePlot(axes, k=3, image=img, k_max=50)
    assert view.k_max == 12
    view.update(k=12)
    # full rank rebuilds the image exactly, up to the 32 gray levels the view displays
    np.testing.assert_allclose(view.shown.get_array(), img, atol=0.5 / 31 + 1e-9)
    assert len(np.unique(view.shown.get_array())) <= 32
    assert view.error == pytest.approx(0.0, abs=1e-12)


def test_low_rank_image_plot_at_extremes_and_random_values():
    # The chapter's demo itself (its slider and website frames) is driven by test_demos.py.
    fig, axes = _axes(2)
    view = LowRankImagePlot(axes, k=10)
    rng = np.random.default_rng(0)
    for k in [1, 50, *rng.integers(1, 51, size=4)]:
        before = view.shown.get_array().copy()
        view.update(k=int(k))
        shown = view.shown.get_array()
        assert int(k) == 10 or not np.allclose(before, shown)
        # the picture is the rank-k approximation, rebuilt here by NumPy's own SVD
        u, s, vt = np.linalg.svd(view.image, full_matrices=False)
        ref = np.clip((u[:, :k] * s[:k]) @ vt[:k], 0.0, 1.0)
        assert np.max(np.abs(shown - ref)) <= 0.5 / 31 + 1e-9  # 32 gray levels
        assert f"Rank-{int(k)}" in view.describe()
        fig.canvas.draw()


# -- the 3-D picture of the worked example --------------------------------------------------------
def test_svd_ellipse_3d_semi_axes_are_the_singular_values():
    fig = Figure()
    ax = fig.add_subplot(projection="3d")
    b = np.array([[1.0, 0.0], [0.0, 2.0], [2.0, 1.0]])
    artists = plot_svd_ellipse_3d(ax, b)
    fig.canvas.draw()
    x, y, z = artists[1].get_data_3d()
    radii = np.sqrt(x ** 2 + y ** 2 + z ** 2)
    assert radii.max() == pytest.approx(np.sqrt(7), rel=1e-3)
    assert radii.min() == pytest.approx(np.sqrt(3), rel=1e-3)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any("2.646" in t for t in labels) and any("1.732" in t for t in labels)
    with pytest.raises(ValueError, match="3 × 2"):
        plot_svd_ellipse_3d(ax, np.eye(2))


def test_svd_ellipse_3d_right_singular_vectors_map_to_the_semi_axes():
    """The dotted v₁, v₂ lie in the plane z = 0, are orthonormal, and B sends them to the drawn
    σᵢuᵢ, checked against the tips of the semi-axis segments (not against the SVD itself)."""
    fig = Figure()
    ax = fig.add_subplot(projection="3d")
    b = np.array([[1.0, 0.0], [0.0, 2.0], [2.0, 1.0]])
    artists = plot_svd_ellipse_3d(ax, b)
    fig.canvas.draw()
    tips = [np.array(a.get_data_3d())[:, 1] for a in (artists[2], artists[4])]
    vs = [np.array(a.get_data_3d())[:, 1] for a in artists[-2:]]
    for v, tip in zip(vs, tips):
        assert v[2] == 0.0 and np.linalg.norm(v) == pytest.approx(1.0)
        np.testing.assert_allclose(b @ v[:2], tip, atol=1e-12)
    assert vs[0] @ vs[1] == pytest.approx(0.0, abs=1e-12)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert any(t.startswith("v₁") for t in labels) and any(t.startswith("v₂") for t in labels)


def test_symmetric_eigen_plot_legend_names_each_dotted_eigenvector_in_its_color():
    fig, ax = _axes()
    SymmetricEigenPlot(ax, a=2.0, b=0.75, d=1.0)
    handles = {t.get_text(): h for h, t in zip(ax.get_legend().legend_handles,
                                               ax.get_legend().get_texts())}
    for i, name in enumerate(("unit q₁", "unit q₂")):
        assert handles[name].get_linestyle() == ":"
        assert matplotlib.colors.same_color(handles[name].get_color(),
                                            SymmetricEigenPlot.colors[i])


def test_symmetric_eigen_plot_dots_mark_the_unit_eigenvectors_beyond_the_arrows():
    fig, ax = _axes()
    view = SymmetricEigenPlot(ax, a=2.0, b=0.75, d=1.0)
    lam, q = np.linalg.eigh([[2.0, 0.75], [0.75, 1.0]])
    for i, dot in enumerate(view.dots):
        point = np.array(dot.get_data()).ravel()
        assert np.linalg.norm(point) == pytest.approx(1.0)
        assert abs(point @ q[:, ::-1][:, i]) == pytest.approx(1.0)  # along q_i (descending)
        line = np.array(view.units[i].get_data())
        assert np.linalg.norm(line[:, 1]) > view.limit  # the line spans the axes


def test_svd_input_circle_draws_the_right_singular_vectors_and_the_3d_panel_can_omit_them():
    b = np.array([[1.0, 0.0], [0.0, 2.0], [2.0, 1.0]])
    fig, ax = _axes()
    artists = plot_svd_input_circle(ax, b)
    _, s, vt = np.linalg.svd(b)
    arrows = [a for a in artists if hasattr(a, "get_path") and not hasattr(a, "get_data")]
    assert len(arrows) == 2
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[1:] == ["v₁ ↦ σ₁u₁", "v₂ ↦ σ₂u₂"]
    with pytest.raises(ValueError, match="3 × 2"):
        plot_svd_input_circle(ax, np.eye(2))
    fig3 = Figure()
    ax3 = fig3.add_subplot(projection="3d")
    drawn = plot_svd_ellipse_3d(ax3, b, show_input=False)
    texts = [t.get_text() for t in ax3.get_legend().get_texts()]
    assert not any("v₁" in t or "unit circle" in t for t in texts)
    assert len(drawn) == 1 + 2 * 2  # the ellipse, and a segment and a dot per semi-axis


def test_svd_figure_panels_agree_b_maps_each_drawn_v_onto_the_drawn_sigma_u():
    """The arrow vᵢ of the input panel, mapped by B, lands on the tip of the segment σᵢuᵢ of the
    3-D panel (not on −σᵢuᵢ): the two panels share one sign convention."""
    b = np.array([[1.0, 0.0], [0.0, 2.0], [2.0, 1.0]])
    fig, ax = _axes()
    arrows = [a for a in plot_svd_input_circle(ax, b)
              if hasattr(a, "get_path") and not hasattr(a, "get_data")]
    fig3 = Figure()
    ax3 = fig3.add_subplot(projection="3d")
    segments = [a for a in plot_svd_ellipse_3d(ax3, b, show_input=False)
                if hasattr(a, "get_data_3d")][1:]  # after the ellipse
    assert len(arrows) == len(segments) == 2
    for arrow, segment in zip(arrows, segments):
        start, tip = (np.array(p) for p in arrow._posA_posB)
        np.testing.assert_allclose(start, [0.0, 0.0])
        xs, ys, zs = segment.get_data_3d()
        np.testing.assert_allclose(b @ tip, [xs[-1], ys[-1], zs[-1]], atol=1e-12)
    # v₁ of this B is (1, 1)/√2 with the sign convention, and B v₁ = (1, 2, 3)/√2
    np.testing.assert_allclose(np.array(arrows[0]._posA_posB[1]), [np.sqrt(0.5)] * 2)


def test_svd_ellipse_3d_looks_along_the_normal_of_the_ellipse_plane():
    """The camera direction (from elev, azim) is `tilt` degrees from the normal of the column space,
    computed here from the columns of B by a cross product, and the projection is orthographic."""
    b = np.array([[1.0, 0.0], [0.0, 2.0], [2.0, 1.0]])
    normal = np.cross(b[:, 0], b[:, 1])
    normal /= np.linalg.norm(normal)
    for tilt in (0.0, 10.0):
        fig = Figure()
        ax = fig.add_subplot(projection="3d")
        plot_svd_ellipse_3d(ax, b, tilt=tilt)
        el, az = np.radians(ax.elev), np.radians(ax.azim)
        view = np.array([np.cos(el) * np.cos(az), np.cos(el) * np.sin(az), np.sin(el)])
        angle = np.degrees(np.arccos(min(1.0, abs(view @ normal))))
        assert abs(angle - tilt) < 1e-6
        assert ax._focal_length == np.inf  # orthographic


def test_symmetric_eigen_plot_tells_the_two_eigenpairs_and_the_ellipse_apart():
    fig, ax = _axes()
    view = SymmetricEigenPlot(ax, a=1.0, b=1.0, d=1.0)  # positive semidefinite
    first, second = SymmetricEigenPlot.colors
    assert matplotlib.colors.same_color(first, COLORS["red"])
    assert matplotlib.colors.same_color(second, COLORS["blue"])
    assert not any(matplotlib.colors.same_color(view.ellipse.get_color(), c)
                   for c in SymmetricEigenPlot.colors)
    # the class is on one line of the label, after the two eigenvalue lines
    assert view.label.get_text().splitlines()[2] == "positive semidefinite"
    for arrow in view.arrows:
        assert arrow.get_zorder() > view.ellipse.get_zorder()  # arrows over the ellipse
