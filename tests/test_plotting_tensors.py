"""Tests of helpers.plotting.tensors (chapter 1 views) on the Agg backend."""

from __future__ import annotations

import itertools

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pytest  # noqa: E402
from matplotlib.colors import to_rgba  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402

import helpers  # noqa: E402
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
    assert view.status.get_text() == "error: on axis -1, 4 ≠ 3 and neither is 1"
    assert "A + B fails: on axis -1" in view.describe()
    assert "axis -1: A 4, B 3 → clash" in view.describe()


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


def test_demo_renders_random_pairs_and_has_49_static_frames():
    d = helpers.demo(BroadcastShapesPlot, a=helpers.Choice(SHAPES, value=(3, 4)),
                     b=helpers.Choice(SHAPES, value=(4,)))
    rng = np.random.default_rng(0)
    first = d.render()
    assert first[:4] == b"\x89PNG"
    for _ in range(5):
        a, b = (SHAPES[i] for i in rng.integers(0, len(SHAPES), 2))
        assert d.render(a=a, b=b)[:4] == b"\x89PNG"
    names, grids = d.frame_grid()
    assert names == ["a", "b"] and len(grids[0]) * len(grids[1]) == 49
    assert d.render(a=(2, 3, 4), b=(3,)) != first
