"""Tests of helpers.plotting.optimization (chapter 6): the views on an Agg figure."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.backends.backend_agg import FigureCanvasAgg  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import time  # noqa: E402
import warnings  # noqa: E402

import helpers  # noqa: E402
from helpers.sliders import FrameRenderer  # noqa: E402
from helpers.autodiff import Var, softmax_cross_entropy, topological_order  # noqa: E402
from helpers.plotting.optimization import (  # noqa: E402
    Descent1DPlot,
    ConditioningPlot,
    Descent2DPlot,
    OptimizerRacePlot,
    SaddlePlot,
    plot_computational_graph,
)


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
    assert view.status == "oscillates with constant amplitude (±x₀)"
    np.testing.assert_allclose(np.abs(view.path_line.get_xdata()), 3.0)
    view.update(lr=1.15)
    assert view.diverged and view.status == "diverges"
    xs, ys = view.path_line.get_xdata(), view.path_line.get_ydata()
    assert np.all(np.abs(xs) <= 4.0) and np.all(ys <= Descent1DPlot.ylim[1])
    # the last point is where the step toward the true iterate 3·(1 − 2.3)² leaves the plot
    a, b = np.array([xs[-2], ys[-2]]), np.array([3 * 1.3 ** 2, (3 * 1.3 ** 2) ** 2])
    assert ys[-1] == pytest.approx(Descent1DPlot.ylim[1]) or abs(xs[-1]) == pytest.approx(4.0)
    cross = (b - a)[0] * (ys[-1] - a[1]) - (b - a)[1] * (xs[-1] - a[0])
    assert cross == pytest.approx(0.0, abs=1e-9) and ys[-1] > xs[-1] ** 2  # off the curve
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
    # closed form: on ½(x² + κy²) each step multiplies x by 1 − ε and y by 1 − εκ
    (x0, y0), k = Descent2DPlot.start, Descent2DPlot.steps
    f_k = 0.5 * ((x0 * 0.83 ** k) ** 2 + 10 * (y0 * (1 - 0.17 * 10) ** k) ** 2)
    assert view.f_last == pytest.approx(f_k, rel=1e-9)
    assert f"f₄₀ = {f_k:.1e}" in view.label.get_text()


def test_2d_divergence_is_shown_at_the_edge():
    fig, ax = _ax()
    view = Descent2DPlot(ax, lr=0.32, kappa=10)
    assert view.status == "diverged" and view.regime == "diverging"
    ys = view.path_line.get_ydata()
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


@pytest.mark.parametrize("lr", [1.0, np.nextafter(1.0, 2.0), np.nextafter(1.0, 0.0),
                                0.05 + 19 * 0.05])
def test_1d_boundary_within_rounding_shows_constant_amplitude(lr):
    # A slider grid computed in floating point lands within rounding of ε = 2/λ = 1, not on it.
    fig, ax = _ax()
    view = Descent1DPlot(ax, lr=float(lr))
    assert view.status == "oscillates with constant amplitude (±x₀)" and not view.diverged
    np.testing.assert_allclose(np.abs(view.path_line.get_xdata()), 3.0, rtol=1e-12)
    assert "constant amplitude" in view.label.get_text() and "constant" in view.describe()
    assert "2/λ = 1" in view.describe()  # the prose of the demo writes the curvature as λ


# -- the saddle ---------------------------------------------------------------------------------
def _axes2():
    fig = Figure(figsize=(8.6, 3.4))
    FigureCanvasAgg(fig)
    return fig, tuple(fig.subplots(1, 2))


def _f(x, y):
    return x ** 2 / 2 + y ** 4 / 4 - y ** 2 / 2


@pytest.mark.parametrize("offset", [0.0, 0.5])
@pytest.mark.parametrize("lr", [0.05, 0.5])
def test_saddle_extremes_draw_without_warnings_or_nan(offset, lr):
    fig, axes = _axes2()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        view = SaddlePlot(axes, offset=0.2, lr=0.2)
        before = view.f_line.get_ydata().copy()
        assert view.update(offset=offset, lr=lr) in (None, False)  # blit: no relayout
        fig.canvas.draw()
    xs, ys = view.path_line.get_data()
    fy = view.f_line.get_ydata()
    assert np.all(np.isfinite(xs)) and np.all(np.isfinite(ys)) and np.all(np.isfinite(fy))
    assert not np.allclose(before, fy)
    np.testing.assert_allclose(fy, _f(np.asarray(xs), np.asarray(ys)), atol=1e-15)
    run = helpers.optimization.gradient_descent(lambda p: np.array([p[0], p[1] ** 3 - p[1]]),
                                                [1.5, offset], lr, SaddlePlot.steps)
    np.testing.assert_allclose(np.column_stack([xs, ys]), run.path, rtol=1e-13, atol=1e-300)
    assert axes[0].get_xlim() == SaddlePlot.xlim and axes[1].get_xlim() == (0, SaddlePlot.steps)
    assert f"{lr:.2f}" in view.describe() and f"{lr:.2f}" in view.label.get_text()


def test_saddle_offset_zero_converges_to_the_saddle():
    fig, axes = _axes2()
    view = SaddlePlot(axes, offset=0.0, lr=0.1)
    ys = view.path_line.get_ydata()
    assert np.all(ys == 0.0)  # the stable manifold y = 0 is never left
    assert view.end == "the saddle (0, 0)" and view.drop_step is None
    assert "at the saddle (0, 0)" in view.describe() and "never fell below −0.2" in view.describe()
    assert len(view.drop.get_xdata()) == 0
    # x shrinks by the factor 1 − ε per step: the closed form of the endpoint
    assert view.x_end == pytest.approx(1.5 * 0.9 ** SaddlePlot.steps, rel=1e-9)


def test_saddle_small_offsets_plateau_longer():
    fig, axes = _axes2()
    view = SaddlePlot(axes, offset=0.5, lr=0.1)
    steps = {}
    for offset in (0.5, 0.05, 0.005, -0.005):
        view.update(offset=offset, lr=0.1)
        steps[offset] = view.drop_step
        fy = view.f_line.get_ydata()
        assert view.drop_step is not None and fy[view.drop_step] < -0.2 <= fy[view.drop_step - 1]
        assert f"after {view.drop_step} steps" in view.describe()
        assert f"k = {view.drop_step}" in view.label.get_text()
    assert steps[0.5] < steps[0.05] < steps[0.005] == steps[-0.005]  # symmetric in y
    # near y = 0, y grows by the factor 1 + ε per step: ten times smaller costs log 10 / log 1.1
    predicted = np.log(10) / np.log(1.1)
    assert abs((steps[0.005] - steps[0.05]) - predicted) < 2
    view.update(offset=-0.005, lr=0.1)
    assert view.end == "the minimum (0, −1)" and "(0, −1)" in view.describe()
    view.update(offset=0.005, lr=0.1)
    assert view.end == "the minimum (0, 1)"


def test_saddle_describe_is_honest_when_the_path_has_not_arrived():
    fig, axes = _axes2()
    for offset in (1e-12, 1e-9):  # too small to escape in 300 steps at ε = 0.05
        view = SaddlePlot(axes, offset=offset, lr=0.05)
        assert not view.arrived and view.end == "near the saddle (0, 0)"
        assert "leaving it" in view.describe() and "near" in view.label.get_text()
        assert abs(view.y_end) == pytest.approx(offset * 1.05 ** SaddlePlot.steps, rel=1e-3)
    view.update(offset=0.1, lr=0.05)
    assert view.arrived and "leaving" not in view.describe()


def test_saddle_rejects_out_of_range_parameters():
    fig, axes = _axes2()
    view = SaddlePlot(axes)
    for kwargs in ({"offset": 2.0, "lr": 0.1}, {"offset": 0.1, "lr": 0.0},
                   {"offset": 0.1, "lr": 1.0}):
        with pytest.raises(ValueError, match="must lie in"):
            view.update(**kwargs)


def test_saddle_reaches_the_saddle_or_a_minimum_depending_on_the_offset():
    fig, axes = _axes2()
    view = SaddlePlot(axes, offset=0.01, lr=0.1)
    seen = set()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for offset in (0.0, 0.001, 0.1, 0.5):
            for lr in (0.05, 0.5):
                view.update(offset=offset, lr=lr)
                fig.canvas.draw()
                seen.add(view.end)
                if offset == 0.0:  # on the stable manifold y = 0 the saddle is where it ends
                    assert view.end == "the saddle (0, 0)"
    assert {"the saddle (0, 0)", "the minimum (0, 1)"} <= seen


def test_saddle_blits_fast():
    frames = FrameRenderer(SaddlePlot, {"offset": 0.05, "lr": 0.1})
    rng = np.random.default_rng(0)
    times = []
    for _ in range(15):
        t = time.perf_counter()
        frames.draw({"offset": float(rng.uniform(0, 0.5)), "lr": float(rng.uniform(0.05, 0.5))})
        times.append(time.perf_counter() - t)
    assert np.median(times) < 0.1  # about 10 ms on a free core; generous for a busy machine


# -- the computational graph --------------------------------------------------------------------
def _two_layer_loss():
    rng = np.random.default_rng(0)
    X = Var(rng.normal(size=(8, 4)), name="X")
    W1, b1 = Var(rng.normal(size=(4, 16)), name="W1"), Var(np.zeros(16), name="b1")
    W2, b2 = Var(rng.normal(size=(16, 3)), name="W2"), Var(np.zeros(3), name="b2")
    return softmax_cross_entropy((X @ W1 + b1).relu() @ W2 + b2, rng.integers(0, 3, 8))


def _count(artists):
    boxes = [a for a in artists if hasattr(a, "get_bbox_patch") and a.get_bbox_patch()]
    arrows = [a for a in artists if getattr(a, "arrow_patch", None) is not None]
    return boxes, arrows


@pytest.mark.parametrize("build", ["net", "shared"])
def test_graph_has_one_box_per_node_and_one_arrow_per_edge(build):
    if build == "net":
        root = _two_layer_loss()
    else:  # x is used by two ops, and twice by one: x·x counts as one (parent, child) pair
        x = Var(2.0, name="x")
        root = (x * x + x.exp()).tanh()
    order = topological_order(root)
    edges = {(id(p), id(n)) for n in order for p in n.parents}
    fig = Figure(figsize=(6.2, 3.4))
    FigureCanvasAgg(fig)
    ax = fig.add_subplot()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        artists = plot_computational_graph(ax, root)
        fig.canvas.draw()
    boxes, arrows = _count(artists)
    assert len(boxes) == len(order) and len(arrows) == len(edges)
    assert len(boxes) + len(arrows) == len(artists)
    labels = [b.get_text() for b in boxes]
    if build == "net":
        assert len(order) == 11 and "W1\n4×16" in labels and "softmax CE\nscalar" in labels
    # no two boxes overlap once drawn
    renderer = fig.canvas.get_renderer()
    extents = [b.get_bbox_patch().get_window_extent(renderer) for b in boxes]
    for i, a in enumerate(extents):
        for b in extents[i + 1:]:
            assert not a.overlaps(b)


def test_graph_rejects_a_non_var():
    fig = Figure()
    with pytest.raises(ValueError, match="root must be a Var"):
        plot_computational_graph(fig.add_subplot(), np.ones(3))


@pytest.mark.parametrize("view,default,values", [
    (Descent1DPlot, {"lr": 0.1}, {"lr": 1.15}),
    (Descent1DPlot, {"lr": 0.1}, {"lr": 1.0}),
    (Descent2DPlot, {"lr": 0.14, "kappa": 5}, {"lr": 0.26, "kappa": 10}),
    (Descent2DPlot, {"lr": 0.14, "kappa": 5}, {"lr": 0.32, "kappa": 1}),
    (SaddlePlot, {"offset": 0.05, "lr": 0.1}, {"offset": 0.0, "lr": 0.5}),
    (ConditioningPlot, {"frac": 0.9, "kappa": 10}, {"frac": 1.1, "kappa": 100}),
    (OptimizerRacePlot, {"lr": 0.05, "beta1": 0.9, "beta2": 0.999},
     {"lr": 0.3, "beta1": 0.0, "beta2": 0.9}),
    (SaddlePlot, {"offset": 0.05, "lr": 0.1}, {"offset": 1e-9, "lr": 0.05}),
])
def test_blitted_frame_equals_a_fresh_drawing(view, default, values):
    live = FrameRenderer(view, default)
    live.draw(values)
    fresh = FrameRenderer(view, values)
    assert np.array_equal(np.asarray(live.rgb()), np.asarray(fresh.rgb()))


def test_conditioning_same_fraction_is_slower_at_larger_kappa():
    fig, ax = _ax()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        view = ConditioningPlot(ax, frac=0.9, kappa=1)
        f_last = {}
        for kappa in (1, 10, 100):
            view.update(frac=0.9, kappa=kappa)
            f_last[kappa] = view.f_last
            # closed form: x and y shrink by 1 − ε and 1 − εκ per step, ε = 0.9·2/κ
            lr = 1.8 / kappa
            expected = 0.5 * ((4.5 * (1 - lr) ** 40) ** 2 + kappa * (2 * (1 - lr * kappa) ** 40) ** 2)
            assert view.f_last == pytest.approx(expected, rel=1e-9)
            assert f"κ = {kappa}" in view.label.get_text() and "0.9·2/κ" in view.label.get_text()
        assert f_last[1] < f_last[10] < f_last[100]
        view.update(frac=1.5, kappa=100)
        assert view.status == "diverged" and "diverged" in view.describe()
    with pytest.raises(ValueError, match="frac"):
        view.update(frac=0.0, kappa=10)


@pytest.mark.parametrize("frac,kappa,shown", [(0.1, 100, "0.002"), (0.9, 100, "0.018"),
                                              (1.1, 100, "0.022")])
def test_conditioning_text_tells_small_rates_apart(frac, kappa, shown):
    # ε = frac·2/κ must print with three significant figures, not as 0.00 or 0.02
    fig, ax = _ax()
    FigureCanvasAgg(fig)
    view = ConditioningPlot(ax, frac=frac, kappa=kappa)
    assert f"learning rate {shown} " in view.describe()
    assert "0.00 " not in view.describe()


@pytest.mark.parametrize("lr,beta1,beta2", [(0.01, 0.0, 0.9), (0.3, 0.9, 0.999), (0.3, 0.0, 0.9),
                                            (0.1, 0.5, 0.99)])
def test_race_matches_the_helpers_at_extremes(lr, beta1, beta2):
    fig, axes = _axes2()
    FigureCanvasAgg(fig)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        view = OptimizerRacePlot(axes, lr=0.05, beta1=0.9, beta2=0.999)
        before = [c.get_ydata().copy() for c in view.curves]
        view.update(lr=lr, beta1=beta1, beta2=beta2)
        fig.canvas.draw()
    f, grad = helpers.optimization.quadratic(np.diag([1.0, 10.0]))
    adam = helpers.optimization.run_optimizer(grad, (-4.5, 2.0), "adam", 80, lr, beta=beta1,
                                              beta2=beta2, f=f, bound=1e4)
    assert view.final["Adam"] == pytest.approx(adam.values[-1])
    for curve, old in zip(view.curves, before):
        y = np.asarray(curve.get_ydata())
        assert np.all(np.isfinite(y)) and np.all((y >= 1e-12) & (y <= 1e3))
    assert any(not np.array_equal(c.get_ydata(), o) for c, o in zip(view.curves, before))
    text = view.describe()
    assert f"learning rate {lr:g}" in text and "Adam" in text
    if lr == 0.3:  # above 2/κ = 0.2 plain gradient descent diverges; Adam does not
        assert view.status["gradient descent"] == "diverged" and "diverged" in text
        assert view.status["Adam"] == "finished"
