"""How fast does each slider demo redraw? Prints a Markdown table; never a pass/fail test.

For every demo in every chapter (found by running the notebooks with the tests' own sweep,
``booksite.demo_sweep``, so new chapters need no edit) it
times one live update, the way the widget does it: set the parameters, update the view's artists,
blit, encode PNG bytes (Agg backend). In the same run it times the naive way that ``interact`` with
``plt.plot`` amounts to: build a new figure for every move, draw it all, save it to PNG.

    python benchmarks/slider_latency.py            # every demo, 40 moves each
    python benchmarks/slider_latency.py --build    # also time a full book build
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import matplotlib as mpl
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from helpers.plotting.base import BOOK_RC
from helpers.sliders import SliderDemo

from booksite import ROOT
from booksite.demo_sweep import NOTEBOOKS, collect_demos, random_settings  # (the tests' sweep)


def naive_render(demo: SliderDemo, values: dict) -> bytes:
    """Rebuild the figure from scratch and save it: what re-running a plotting cell costs."""
    view = demo.view_class
    with mpl.rc_context(BOOK_RC):
        fig = Figure(figsize=demo.figure.get_size_inches(), dpi=demo.figure.dpi,
                     layout="constrained")
        FigureCanvasAgg(fig)
        axes = fig.subplots(1, view.panels, squeeze=False)[0]
        view(axes[0] if view.panels == 1 else tuple(axes), **values)
        out = io.BytesIO()
        fig.savefig(out, format="png")
    return out.getvalue()


def timed(fn, settings: list[dict]) -> list[float]:
    times = []
    for values in settings:
        start = time.perf_counter()
        fn(values)
        times.append((time.perf_counter() - start) * 1e3)
    return times


def p95(times: list[float]) -> float:
    return float(np.percentile(times, 95))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=40, help="slider moves timed per demo")
    parser.add_argument("--build", action="store_true", help="also time a full book build")
    args = parser.parse_args()

    rng = np.random.default_rng(0)
    print(f"Python {sys.version.split()[0]}, matplotlib {mpl.__version__}, Agg backend, "
          f"{args.moves} random moves per demo (after 3 warm-up moves)\n")
    print("| chapter | demo | frames on site | live median (ms) | live p95 (ms) "
          "| naive median (ms) | naive p95 (ms) | speed-up |")
    print("|---|---|---|---|---|---|---|---|")
    for notebook in NOTEBOOKS:
        for demo in collect_demos(notebook):
            settings = random_settings(demo, args.moves + 3, rng)
            live = timed(lambda v: demo.render(**v), settings)[3:]
            naive = timed(lambda v: naive_render(demo, v), settings)[3:]
            _, grids = demo.frame_grid()
            frames = int(np.prod([len(g) for g in grids]))
            speedup = statistics.median(naive) / statistics.median(live)
            print(f"| {notebook.stem[:2]} | {demo.view_class.__name__} | {frames} "
                  f"| {statistics.median(live):.1f} | {p95(live):.1f} "
                  f"| {statistics.median(naive):.1f} | {p95(naive):.1f} | {speedup:.1f}× |")

    if args.build:
        jb = Path(sys.executable).with_name("jupyter-book")
        with tempfile.TemporaryDirectory() as out:
            start = time.perf_counter()
            subprocess.run([str(jb), "build", str(ROOT), "-W", "--path-output", out],
                           check=True, capture_output=True)
            print(f"\nfull book build (jupyter-book build . -W, every notebook executed): "
                  f"{time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
