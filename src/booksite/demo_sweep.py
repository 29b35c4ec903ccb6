"""Find and drive every slider demo of every chapter: shared by the demo tests and the benchmark
(``benchmarks/slider_latency.py``).

``collect_demos(notebook)`` runs a chapter's code cells in this process and returns the demos it
declares, recorded through ``helpers.sliders.ON_CREATE`` (no list of demos to keep up to date).
What a notebook changes in the process (NumPy's print options, matplotlib's rcParams and pyplot
figures, the working folder) is put back afterwards, so later tests see the state they started
with.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
from pathlib import Path

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np

import helpers
from helpers.sliders import ON_CREATE, SliderDemo

from . import chapters

#: The chapter notebooks, in reading order (_toc.yml).
NOTEBOOKS = chapters()


def collect_demos(notebook: str | os.PathLike) -> list[SliderDemo]:
    """Run a notebook's code cells here and return every demo it declares, in order.

    Cells tagged ``raises-exception`` may fail; any other failing cell raises ``RuntimeError``.
    """
    from IPython.core.interactiveshell import InteractiveShell

    path = Path(notebook)
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    found: list[SliderDemo] = []
    shell = InteractiveShell.instance()
    shell.reset()
    cwd, printoptions, rc = os.getcwd(), np.get_printoptions(), mpl.rcParams.copy()
    ON_CREATE.append(found.append)
    try:
        os.chdir(path.parent)
        with contextlib.redirect_stdout(io.StringIO()):
            for cell in cells:
                if cell["cell_type"] != "code":
                    continue
                result = shell.run_cell("".join(cell["source"]), silent=True, store_history=False)
                tags = cell.get("metadata", {}).get("tags", [])
                if not result.success and "raises-exception" not in tags:
                    raise RuntimeError(f"{path.name}: a cell failed: {result.error_in_exec!r}")
    finally:
        ON_CREATE.remove(found.append)
        plt.close("all")  # figures a chapter drew with pyplot; the demos keep their own
        shell.reset()
        os.chdir(cwd)
        np.set_printoptions(**printoptions)
        with warnings_quiet():
            mpl.rcParams.update(rc)
    return found


@contextlib.contextmanager
def warnings_quiet():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # rcParams.copy() holds deprecated keys; restoring is fine
        yield


def random_settings(demo: SliderDemo, n: int, rng: np.random.Generator) -> list[dict]:
    """``n`` random settings of all the demo's parameters, each on its slider's step grid."""
    settings = []
    for _ in range(n):
        settings.append({name: random_value(spec, rng) for name, spec in demo.params.items()})
    return settings


def random_value(spec, rng: np.random.Generator):
    if isinstance(spec, helpers.Choice):
        return spec.options[rng.integers(len(spec.options))]
    steps = round((spec.max - spec.min) / spec.step)
    v = spec.min + rng.integers(0, steps + 1) * spec.step
    return int(v) if spec.integer else float(min(v, spec.max))


def sweep_values(spec, rng: np.random.Generator) -> list:
    """The values a sweep tries for one parameter: every option, or both ends and three random."""
    if isinstance(spec, helpers.Choice):
        return list(spec.options)
    ends = [int(spec.min), int(spec.max)] if spec.integer else [spec.min, spec.max]
    return ends + [random_value(spec, rng) for _ in range(3)]
