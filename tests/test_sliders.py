"""The slider machinery: specs, blitting, the live widget, and the static HTML for the website."""

import io

import numpy as np
import pytest
from PIL import Image

import helpers
from booksite import demos
from helpers import sliders, website
from helpers.plotting.information import BinaryEntropyPlot, KLFitPlot


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def test_slider_static_values_include_ends_and_default():
    s = helpers.Slider(0.0, 1.0, 0.01, value=0.33, frames=5)
    assert s.static_values() == [0.0, 0.25, 0.33, 0.5, 0.75, 1.0]
    k = helpers.Slider(1, 50, 1, value=7, frames=4, integer=True)
    assert k.static_values() == [1, 7, 17, 34, 50]
    assert all(isinstance(v, int) for v in k.static_values())
    assert k.format(7) == "7" and s.format(0.5) == "0.50"


def test_integer_sliders_are_declared_not_guessed():
    whole_looking = helpers.Slider(1, 10, 1, value=5)
    assert whole_looking.static_values(3)[0] == 1.0
    assert isinstance(whole_looking.static_values(3)[0], float)
    declared = helpers.Slider(1, 10, 1, value=5, integer=True)
    assert all(isinstance(v, int) for v in declared.static_values(3))
    with pytest.raises(ValueError, match="whole-number min, max, step and value"):
        helpers.Slider(0.0, 1.0, 0.5, value=0.5, integer=True)


@pytest.mark.parametrize("kwargs,match", [
    (dict(min=1.0, max=0.0, step=0.1, value=0.5), "min < max"),
    (dict(min=0.0, max=1.0, step=0.0, value=0.5), "step"),
    (dict(min=0.0, max=1.0, step=0.1, value=2.0), "outside its range"),
    (dict(min=0.0, max=1.0, step=0.1, value=0.5, frames=1), "frames must be a whole number ≥ 2"),
    # a float count is refused where it is given, not later inside np.linspace (a TypeError)
    (dict(min=0.0, max=1.0, step=0.1, value=0.5, frames=2.5),
     r"Slider frames must be a whole number ≥ 2 \(how many values the website precomputes\); "
     r"got 2.5 \(a float"),
    (dict(min=0.0, max=1.0, step=0.1, value=0.5, frames=True), "a bool, not a number"),
])
def test_bad_slider_specs_raise(kwargs, match):
    with pytest.raises(ValueError, match=match):
        helpers.Slider(**kwargs)


def test_bad_choice_and_demo_specs_raise():
    with pytest.raises(ValueError, match="not one of"):
        helpers.Choice(["a", "b"], value="c")
    with pytest.raises(ValueError, match="at least one"):
        helpers.demo(BinaryEntropyPlot)
    with pytest.raises(ValueError, match="must be a helpers.Slider"):
        helpers.demo(BinaryEntropyPlot, p=0.3)
    d = helpers.demo(BinaryEntropyPlot, p=helpers.Slider(0.0, 1.0, 0.1, value=0.3))
    with pytest.raises(ValueError, match="unknown parameter"):
        d.update(q=0.5)


def test_frame_budget_is_enforced():
    d = helpers.demo(KLFitPlot, separation=helpers.Slider(0.0, 8.0, 0.1, value=7.0, frames=20),
                     weight=helpers.Slider(0.0, 1.0, 0.05, value=0.4, frames=20))
    with pytest.raises(ValueError, match="frames for the website"):
        d.frame_grid()


@pytest.mark.parametrize("p", [0.0, 0.37, 1.0])
def test_blitted_frame_equals_a_fresh_full_drawing(p):
    """The fast path (cached background + animated artists) must draw exactly what a new figure does."""
    moving = helpers.demo(BinaryEntropyPlot, p=helpers.Slider(0.0, 1.0, 0.01, value=0.5))
    fresh = helpers.demo(BinaryEntropyPlot, p=helpers.Slider(0.0, 1.0, 0.01, value=p))
    assert np.array_equal(pixels(moving.render(p=p)), pixels(fresh.render()))


def test_render_changes_with_the_parameter():
    d = helpers.demo(BinaryEntropyPlot, p=helpers.Slider(0.0, 1.0, 0.01, value=0.5))
    assert not np.array_equal(pixels(d.render(p=0.1)), pixels(d.render(p=0.9)))


def test_live_widget_redraws_in_place_when_the_slider_moves():
    d = helpers.demo(BinaryEntropyPlot, p=helpers.Slider(0.0, 1.0, 0.01, value=0.5, label="p"))
    box = d.widget
    controls, image = box.children[0].children, box.children[1]
    assert [c.description for c in controls] == ["p"]
    figure_before, first = d.figure, image.value
    controls[0].value = 0.2
    assert image.value != first and d.values["p"] == 0.2
    assert d.figure is figure_before  # the same figure, updated, not a new one
    assert "p = 0.20" in box.children[2].value  # text alternative follows the slider


def test_mimebundle_is_a_widget_live_and_a_website_bundle_in_the_build(monkeypatch):
    d = helpers.demo(BinaryEntropyPlot, p=helpers.Slider(0.0, 1.0, 0.1, value=0.3))
    monkeypatch.delenv(sliders.STATIC_ENV, raising=False)
    assert "application/vnd.jupyter.widget-view+json" in d._repr_mimebundle_()
    monkeypatch.setenv(sliders.STATIC_ENV, "1")
    bundle = d._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" not in bundle
    assert bundle[website.MIME_TYPE]["names"] == ["p"]
    assert bundle["text/html"].startswith("<img")  # a viewer without the book's site: one frame


def test_website_bundle_has_every_frame_and_starts_at_the_default():
    d = helpers.demo(KLFitPlot, separation=helpers.Slider(0.0, 8.0, 0.1, value=7.0, frames=3),
                     weight=helpers.Slider(0.0, 1.0, 0.05, value=0.4, frames=3))
    data = d.website_bundle()
    assert data["shape"] == [4, 4]  # 3 evenly spaced values plus the default, for each slider
    assert data["labels"] == [["0.0", "4.0", "7.0", "8.0"], ["0.00", "0.40", "0.50", "1.00"]]
    assert len(data["frames"]) == len(data["alts"]) == 16
    # every combination draws a different picture, except that with the modes on top of each
    # other (separation 0) the weight changes nothing: 1 + 3 × 4 distinct frames
    assert len(set(data["frames"])) == 13
    # the default frame (separation 7 → index 2, weight 0.4 → index 1) is what the demo draws
    assert data["start"] == [2, 1]
    shown = demos.decode_frame(data["frames"][website.default_index(data)]).convert("RGB")
    assert np.array_equal(np.asarray(shown), np.asarray(d.rgb()))
    # rendering the frames leaves the demo at its defaults
    assert d.values == {"separation": 7.0, "weight": 0.4}


def test_a_choice_is_marked_in_the_website_bundle_with_its_options_named():
    from helpers.plotting.tensors import BroadcastShapesPlot

    d = helpers.demo(BroadcastShapesPlot,
                     a=helpers.Choice([(3, 1), (4,)], value=(4,), label="shape of A"),
                     b=helpers.Choice([(2, 1, 4), (3, 4)], value=(3, 4),
                                      labels=["batch", "matrix"]))
    data = d.website_bundle()
    assert data["choices"] == [True, True] and data["start"] == [1, 1]
    assert data["names"] == ["shape of A", "b"]
    assert data["labels"] == [["(3, 1)", "(4,)"], ["batch", "matrix"]]
    slider = helpers.demo(KLFitPlot, separation=helpers.Slider(0.0, 8.0, 4.0, value=4.0),
                          weight=helpers.Slider(0.0, 1.0, 0.5, value=0.5))
    assert slider.website_bundle()["choices"] == [False, False]


def test_explicit_website_values_are_the_frames_with_the_default():
    s = helpers.Slider(0.0, 1.0, 0.001, value=0.2, values=(0.5, 0.001, 0.05))
    assert s.static_values() == [0.001, 0.05, 0.2, 0.5]
    assert s.format(0.001) == "0.001"


@pytest.mark.parametrize("kwargs,match", [
    (dict(values=(0.5, 2.0)), "outside its range"),
    (dict(values=(0.3,)), "at least 2 distinct"),
    (dict(values=(0.1, 0.9), frames=5), "not both"),
])
def test_bad_explicit_values_raise(kwargs, match):
    with pytest.raises(ValueError, match=match):
        helpers.Slider(0.0, 1.0, 0.1, value=0.3, **kwargs)


def test_website_frames_keep_every_pixel_of_the_live_figure():
    """Frames are encoded losslessly: no color of the live figure is merged or shifted."""
    d = helpers.demo(KLFitPlot, separation=helpers.Slider(0.0, 8.0, 0.1, value=3.0, frames=2),
                     weight=helpers.Slider(0.0, 1.0, 0.05, value=0.4, frames=2))
    data = d.website_bundle()
    d.update(separation=8.0, weight=1.0)  # the last frame of the grid
    decoded = np.asarray(demos.decode_frame(data["frames"][-1]).convert("RGB"))
    assert np.array_equal(decoded, np.asarray(d.rgb()))
    assert len(np.unique(decoded.reshape(-1, 3), axis=0)) > 256  # more than a palette could hold


def test_demos_are_recorded_through_the_creation_hook():
    seen = []
    sliders.ON_CREATE.append(seen.append)
    try:
        d = helpers.demo(BinaryEntropyPlot, p=helpers.Slider(0.0, 1.0, 0.1, value=0.3))
    finally:
        sliders.ON_CREATE.remove(seen.append)
    assert seen == [d]


def test_a_view_parameter_cannot_take_the_name_of_a_demo_option():
    class Captioned(BinaryEntropyPlot):
        def __init__(self, ax, *, p: float, caption: str = ""):
            super().__init__(ax, p=p)

    with pytest.raises(ValueError, match=r"parameter named \['caption'\]"):
        helpers.demo(Captioned, p=helpers.Slider(0.0, 1.0, 0.1, value=0.3))
