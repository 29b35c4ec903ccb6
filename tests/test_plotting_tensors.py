"""Tests of helpers.plotting.tensors (chapter 1 views) on the Agg backend."""

from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

from helpers.plotting.base import COLORS  # noqa: E402
from helpers.plotting.tensors import BroadcastShapesPlot  # noqa: E402

SHAPES = [(3, 4), (4,), (3, 1), (1, 4), (2, 3, 4), (3,), (2, 1, 4)]


def _view(**params):
    fig = Figure()
    ax = fig.subplots()
    return fig, BroadcastShapesPlot(ax, **params)


def _visible_texts(view):
    return [[t.get_text() if t.get_visible() else None for t in row] for row in view.texts]


def test_compatible_pair_shows_aligned_axes_and_result():
    fig, view = _view(a=(3, 1), b=(2, 1, 4))
    assert _visible_texts(view) == [["(1)→2", "3", "1→4"], ["2", "1→3", "4"], ["2", "3", "4"]]
    assert view.status.get_text() == "A + B has shape (2, 3, 4)"
    assert view.labels[0].get_text() == "A (3, 1)"
    # Stretched boxes are orange, result boxes green, missing axes dashed.
    assert view.boxes[0][2].get_edgecolor() == to_rgba(COLORS["orange"])
    assert view.boxes[2][0].get_edgecolor() == to_rgba(COLORS["green"])
    assert view.boxes[0][0].get_linestyle() == "--"
    # A missing axis that stretches is filled like a stretched one (only its edge is dashed).
    assert view.boxes[0][0].get_facecolor() == view.boxes[0][2].get_facecolor()
    assert view.boxes[0][0].get_edgecolor() == to_rgba(COLORS["orange"])
    assert not any(box.get_hatch() for row in view.boxes for box in row)
    text = view.describe()
    assert "A has shape (3, 1) and B has shape (2, 1, 4)" in text
    assert "axis -1: A 1, B 4 → 4, A stretched" in text
    assert "A + B has shape (2, 3, 4)." in text


def test_clashing_pair_highlights_the_axis_and_says_why():
    fig, view = _view(a=(2, 3, 4), b=(3,))
    assert _visible_texts(view)[2] == ["2", "3", "✗"]
    red = to_rgba(COLORS["red"])
    assert view.boxes[0][2].get_edgecolor() == red and view.boxes[1][2].get_edgecolor() == red
    assert view.boxes[0][1].get_edgecolor() != red
    # A clash box has no fill, so it cannot be taken for an orange stretched box.
    assert view.boxes[0][2].get_facecolor() == to_rgba("white")
    # Clash boxes are hatched (a cue beyond color); other boxes are not.
    assert view.boxes[0][2].get_hatch() and view.boxes[2][2].get_hatch()
    assert not view.boxes[0][1].get_hatch() and not view.boxes[2][1].get_hatch()
    assert view.status.get_text() == "error: on axis -1, 4 ≠ 3 and neither is 1"
    assert "A + B fails: on axis -1" in view.describe()
    assert "axis -1: A 4, B 3 → clash" in view.describe()
    view.update(a=(3, 1), b=(1, 4))          # the hatch goes when the clash does
    assert not any(box.get_hatch() for row in view.boxes for box in row)


def test_shorter_shapes_hide_unused_columns():
    fig, view = _view(a=(4,), b=(3,))
    assert _visible_texts(view) == [[None, None, "4"], [None, None, "3"], [None, None, "✗"]]
    view.update(a=(1, 4), b=(4,))
    assert _visible_texts(view) == [[None, "1", "4"], [None, "(1)", "4"], [None, "1", "4"]]
    assert not view.boxes[0][0].get_visible()


def test_update_changes_the_artists_and_every_pair_draws_without_warnings():
    fig, view = _view(a=(3, 4), b=(4,))
    before = (_visible_texts(view), view.status.get_text(), view.describe())
    view.update(a=(2, 3, 4), b=(3,))
    after = (_visible_texts(view), view.status.get_text(), view.describe())
    assert all(x != y for x, y in zip(before, after))
    for a, b in itertools.product(SHAPES, SHAPES):
        view.update(a=a, b=b)
        fig.canvas.draw()  # warnings are errors (pyproject), so drawing must be clean
        desc = view.describe()
        try:
            expected = np.broadcast_shapes(a, b)
        except ValueError:
            assert "fails" in desc and view.status.get_text().startswith("error")
        else:
            assert f"A + B has shape {expected}" in desc
            assert view.status.get_text() == f"A + B has shape {expected}"


def test_animated_artists_cover_everything_update_touches():
    fig, view = _view()
    assert set(view.animated) >= {*view.labels, view.status}
    assert len(view.animated) == 3 * 3 * 2 + 4


def test_too_many_axes_are_rejected():
    fig, view = _view()
    with pytest.raises(ValueError, match="at most 3 axes"):
        view.update(a=(2, 2, 2, 2), b=(2,))


# -- static figures -------------------------------------------------------------------------------

from helpers.plotting.tensors import plot_cost_per_sample, show_images  # noqa: E402


def test_plot_cost_per_sample_draws_microseconds_per_sample_on_log_axes():
    fig = Figure()
    ax = fig.subplots()
    sizes, times = [1, 10, 100], [2e-6, 5e-6, 2e-5]
    line, loop = plot_cost_per_sample(ax, sizes, times, loop_seconds_per_sample=1.5e-6)
    np.testing.assert_allclose(line.get_xdata(), sizes)
    np.testing.assert_allclose(line.get_ydata(), [2.0, 0.5, 0.2])
    np.testing.assert_allclose(loop.get_ydata(), [1.5, 1.5])
    assert ax.get_xscale() == ax.get_yscale() == "log"
    assert "per sample" in ax.get_ylabel()
    fig.canvas.draw()
    assert len(plot_cost_per_sample(ax, sizes, times)) == 1


@pytest.mark.parametrize("sizes, times", [([1, 2], [1e-6]), ([], []), ([0, 2], [1e-6, 1e-6]),
                                          ([1, 2], [1e-6, 0.0]), ([1, 2], [1e-6, np.nan])])
def test_plot_cost_per_sample_rejects_bad_input(sizes, times):
    ax = Figure().subplots()
    with pytest.raises(ValueError):
        plot_cost_per_sample(ax, sizes, times)


def test_plot_cost_per_sample_rejects_bad_loop_time():
    ax = Figure().subplots()
    with pytest.raises(ValueError, match="loop_seconds_per_sample"):
        plot_cost_per_sample(ax, [1], [1e-6], loop_seconds_per_sample=-1.0)


def test_show_images_shows_each_image_with_its_title():
    fig = Figure()
    axes = fig.subplots(1, 2)
    rng = np.random.default_rng(0)
    imgs = [rng.random((4, 5, 3)), rng.integers(0, 256, (4, 5, 3), dtype=np.uint8)]
    artists = show_images(axes, imgs, ["right", "wrong"])
    np.testing.assert_array_equal(artists[1].get_array(), imgs[1])
    assert [ax.get_title() for ax in axes] == ["right", "wrong"]
    assert not axes[0].axison
    fig.canvas.draw()


def test_show_images_rejects_mismatched_or_channels_first_input():
    axes = Figure().subplots(1, 2)
    with pytest.raises(ValueError, match="one axes and one title per image"):
        show_images(axes, [np.zeros((2, 2, 3))], ["a", "b"])
    with pytest.raises(ValueError, match="channels last"):
        show_images(axes, [np.zeros((3, 2, 2))] * 2, ["a", "b"])


def test_cost_per_sample_draws_the_fitted_model():
    import matplotlib.pyplot as plt
    from helpers.plotting.tensors import plot_cost_per_sample

    fig, ax = plt.subplots()
    sizes = [1, 10, 100, 1000]
    times = [2e-6 + 1e-7 * n for n in sizes]
    artists = plot_cost_per_sample(ax, sizes, times, loop_seconds_per_sample=3e-6,
                                   model=(2e-6, 1e-7))
    assert len(artists) == 3
    x, y = artists[1].get_data()
    assert np.allclose(y, 1e6 * (2e-6 / x + 1e-7))          # µs per sample
    with pytest.raises(ValueError, match="model"):
        plot_cost_per_sample(ax, sizes, times, model=(-1.0, 1e-7))
    plt.close(fig)


def test_broadcast_values_marks_exactly_the_stored_entries():
    import matplotlib.pyplot as plt
    from helpers.plotting.tensors import plot_broadcast_values

    grey = to_rgba(COLORS["grey"])
    for a, b in [(np.array([[0], [10], [20]]), np.arange(1, 5)),
                 (np.arange(6).reshape(2, 3), np.array(5)),
                 (np.arange(3), np.arange(3))]:
        fig, axes = plt.subplots(1, 3)
        texts = plot_broadcast_values(axes, a, b)
        shape = np.broadcast_shapes(a.shape, b.shape)
        n = int(np.prod(shape))
        assert len(texts) == 3 * n
        for k, arr in enumerate((a, b, a + b)):
            panel = texts[k * n:(k + 1) * n]
            # Black entries are what the array stores; the rest are stride-0 repeats.
            assert sum(to_rgba(t.get_color()) != grey for t in panel) == arr.size
            assert [float(t.get_text()) for t in panel] == list(
                np.broadcast_to(arr, shape).ravel().astype(float))
        plt.close(fig)


@pytest.mark.parametrize("a, b", [(np.zeros((3, 4)), np.zeros(3)),
                                  (np.zeros((2, 2, 2)), np.zeros(2)),
                                  (np.zeros((9, 1)), np.zeros(2)),
                                  (np.zeros((0, 1)), np.zeros(2))])
def test_broadcast_values_rejects_what_it_cannot_draw(a, b):
    import matplotlib.pyplot as plt
    from helpers.plotting.tensors import plot_broadcast_values

    fig, axes = plt.subplots(1, 3)
    with pytest.raises(ValueError):
        plot_broadcast_values(axes, a, b)
    plt.close(fig)


def test_broadcast_values_titles_use_the_given_names():
    import matplotlib.pyplot as plt
    from helpers.plotting.tensors import plot_broadcast_values

    fig, axes = plt.subplots(1, 3)
    plot_broadcast_values(axes, np.array([[0], [10], [20]]), np.arange(1, 5), names=("a", "r"))
    assert [ax.get_title() for ax in axes] == ["a: (3, 1) → (3, 4)", "r: (4,) → (3, 4)",
                                               "a + r: (3, 4)"]
    plt.close(fig)
    for bad in [("a",), ("a", "b", "c"), ("a", 1)]:
        fig, axes = plt.subplots(1, 3)
        with pytest.raises(ValueError, match="names"):
            plot_broadcast_values(axes, np.zeros(2), np.zeros(2), names=bad)
        plt.close(fig)


def test_broadcast_key_names_the_missing_axis_that_is_not_stretched():
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    view = BroadcastShapesPlot(ax, a=(4,), b=(2, 1, 4))
    texts = {t.get_text() for t in ax.texts}
    assert "missing axis, not stretched" in texts and "missing axis, stretched" in texts
    # A's missing axis -2 meets B's size 1: a grey dashed "(1)", the key's last entry.
    assert view.texts[0][1].get_text() == "(1)"
    assert view.boxes[0][1].get_linestyle() == "--"
    plt.close(fig)
