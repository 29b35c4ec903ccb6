"""Every slider demo in every chapter, found by running the notebooks: extremes, random values,
blitting against a fresh drawing, and the website's frame grid.

No list of demos to maintain: a chapter added later is swept as soon as it is in _toc.yml.
"""

import io
import warnings

import numpy as np
import pytest
from PIL import Image

from booksite.demo_sweep import NOTEBOOKS, collect_demos, random_settings, sweep_values
from helpers.sliders import MAX_FRAMES, FrameRenderer


@pytest.fixture(scope="module", params=NOTEBOOKS, ids=lambda p: p.stem)
def chapter_demos(request):
    return request.param, collect_demos(request.param)


def test_every_chapter_declares_a_demo(chapter_demos):
    notebook, demos = chapter_demos
    assert demos, f"{notebook.name} declares no slider demo"


def test_demos_work_at_extremes_and_random_values(chapter_demos):
    _, demos = chapter_demos
    rng = np.random.default_rng(0)
    for demo in demos:
        name = demo.view_class.__name__
        for param, spec in demo.params.items():
            seen = set()
            for value in sweep_values(spec, rng):
                with warnings.catch_warnings():
                    warnings.simplefilter("error")
                    png = demo.render(**{param: value})
                    text = demo.describe()
                assert text and "nan" not in text.lower(), f"{name} {param}={value}: {text!r}"
                seen.add(png)
                Image.open(io.BytesIO(png)).verify()
            assert len(seen) > 1, f"{name}: moving {param} never changed the figure"
            demo.update(**{param: spec.value})


def test_blitted_frames_equal_a_fresh_full_drawing(chapter_demos):
    """The fast path (cached background + animated artists) draws exactly what a new figure does."""
    _, demos = chapter_demos
    rng = np.random.default_rng(1)
    for demo in demos:
        for values in random_settings(demo, 2, rng):
            demo.update(**values)
            fresh = FrameRenderer(demo.view_class, dict(demo.values),
                                  figsize=tuple(demo.figure.get_size_inches()), dpi=demo.figure.dpi)
            assert np.array_equal(np.asarray(demo.rgb()), np.asarray(fresh.rgb())), (
                f"{demo.view_class.__name__} at {values}: the blitted frame differs")
        demo.update(**{k: spec.value for k, spec in demo.params.items()})


def test_website_offers_the_default_within_the_frame_budget(chapter_demos):
    _, demos = chapter_demos
    for demo in demos:
        names, grids = demo.frame_grid()
        assert all(len(g) >= 2 for g in grids)
        assert np.prod([len(g) for g in grids]) <= MAX_FRAMES
        for name, grid in zip(names, grids):
            assert demo.params[name].value in grid, f"{name}: the default is not a website value"
