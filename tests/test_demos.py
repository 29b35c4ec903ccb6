"""Every slider demo in every chapter, found by running the notebooks: extremes and random values.

No list of demos to maintain: a chapter added later is swept as soon as it is in book/.
"""

import io
import warnings
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

import helpers
from helpers.sliders import collect_demos

BOOK = Path(__file__).resolve().parents[1] / "book"
NOTEBOOKS = sorted(BOOK.glob("[0-9][0-9]_*.ipynb"))


def test_every_chapter_is_found():
    assert len(NOTEBOOKS) >= 1


def sweep_values(spec, rng):
    if isinstance(spec, helpers.Choice):
        return list(spec.options)
    values = [spec.min, spec.max]
    for _ in range(3):
        v = spec.min + rng.integers(0, round((spec.max - spec.min) / spec.step) + 1) * spec.step
        values.append(int(v) if spec.is_int else float(min(v, spec.max)))
    return values


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_demos_work_at_extremes_and_random_values(notebook):
    demos = collect_demos(notebook)
    assert demos, f"{notebook.name} declares no slider demo"
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
        # the website precomputes frames within the budget
        names, grids = demo.frame_grid()
        assert all(len(g) >= 2 for g in grids)
