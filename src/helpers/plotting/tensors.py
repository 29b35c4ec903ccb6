"""Plots of chapter 1 (tensors and broadcasting): views the slider machinery can drive."""

from __future__ import annotations

from typing import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.patches import Rectangle

from .. import tensors as tn
from .base import COLORS, View

__all__ = ["BroadcastShapesPlot", "plot_broadcast_values", "plot_cost_per_sample", "show_images"]

#: The most axes a shape may have in :class:`BroadcastShapesPlot` (one column of boxes each).
MAX_AXES = 3

# Box styles: (face color, edge color, line style) for each kind of box.
_STYLE = {
    "kept": (to_rgba(COLORS["blue"], 0.12), COLORS["blue"], "-"),
    "stretched": (to_rgba(COLORS["orange"], 0.35), COLORS["orange"], "-"),
    "missing": (to_rgba(COLORS["orange"], 0.35), COLORS["orange"], "--"),
    "padded": ("white", COLORS["grey"], "--"),
    "clash": ("white", COLORS["red"], "-"),
    "result": (to_rgba(COLORS["green"], 0.18), COLORS["green"], "-"),
}
# Clash boxes are also hatched, so that they differ from stretched ones by shape, not only color.
_CLASH_HATCH = "//"


def _fmt(shape: Sequence[int]) -> str:
    return str(tuple(shape))


class BroadcastShapesPlot(View):
    """Two shapes aligned from the right, axis by axis, and the shape of ``A + B``.

    Each axis is a box holding its size. Axes that broadcasting stretches (size 1, or missing
    and treated as 1) are filled orange and read ``1→k``, with ``k`` the other shape's size on
    that axis; missing axes have a dashed edge, and a missing axis that meets a size 1 is a grey
    dashed ``(1)``, missing but not stretched; axes
    whose sizes clash are white with a thick vermilion edge and hatching (no fill, so they cannot
    be taken for stretched boxes), and the bottom row then says why ``A + B`` fails. Shapes may
    have up to three axes. The boxes and labels are made once; ``update`` only changes their text, colors
    and visibility.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> view = BroadcastShapesPlot(ax, a=(3, 1), b=(4,))
    >>> view.describe()
    'A has shape (3, 1) and B has shape (4,). Aligned from the right: axis -2: A 3, B missing (acts as 1) → 3, B stretched; axis -1: A 1, B 4 → 4, A stretched. A + B has shape (3, 4).'
    >>> plt.close(fig)
    """

    rows = ("A", "B", "A + B")

    def __init__(self, ax: Axes, *, a: Sequence[int] = (3, 4), b: Sequence[int] = (4,)) -> None:
        ax.set(xlim=(0, 10), ylim=(0, 6.2))
        ax.set_axis_off()
        ax.set_title("Broadcasting: align the shapes from the right")
        self.x0, self.width, self.gap = 3.6, 1.8, 0.3
        self.row_y = (4.2, 3.0, 1.5)  # bottom of each row of boxes
        height = 0.85
        xs = [self.x0 + k * (self.width + self.gap) for k in range(MAX_AXES)]
        for k, x in enumerate(xs):
            ax.text(x + self.width / 2, 5.35, f"axis {k - MAX_AXES}", ha="center", va="bottom",
                    fontsize=9, color=COLORS["grey"])
        ax.plot([0.2, xs[-1] + self.width], [2.65, 2.65], color="black", lw=1)
        self.boxes: list[list[Rectangle]] = []
        self.texts = []
        for y in self.row_y:
            row_boxes, row_texts = [], []
            for x in xs:
                box = Rectangle((x, y), self.width, height, lw=1.6)
                ax.add_patch(box)
                row_boxes.append(box)
                row_texts.append(ax.text(x + self.width / 2, y + height / 2, "", ha="center",
                                         va="center", fontsize=12))
            self.boxes.append(row_boxes)
            self.texts.append(row_texts)
        self.labels = [ax.text(0.2, y + height / 2, "", va="center", fontsize=11)
                       for y in self.row_y]
        self.status = ax.text(0.2, 1.1, "", va="center", fontsize=10.5)
        # A static key to the colors, in two rows.
        for kind, text, x, y in [("stretched", "stretched: size 1 repeated", 0.2, 0.45),
                                 ("missing", "missing axis, stretched", 5.0, 0.45),
                                 ("clash", "clash", 0.2, 0.02),
                                 ("padded", "missing axis, not stretched", 5.0, 0.02)]:
            face, edge, ls = _STYLE[kind]
            ax.add_patch(Rectangle((x, y), 0.45, 0.3, facecolor=face, edgecolor=edge,
                                   ls=ls, lw=1.2,
                                   hatch=_CLASH_HATCH if kind == "clash" else None))
            ax.text(x + 0.6, y + 0.15, text, va="center", fontsize=8.5)
        self.animated = [*(b for row in self.boxes for b in row),
                         *(t for row in self.texts for t in row), *self.labels, self.status]
        self.update(a=a, b=b)

    def _style(self, row: int, col: int, kind: str, text: str) -> None:
        face, edge, ls = _STYLE[kind]
        box, label = self.boxes[row][col], self.texts[row][col]
        box.set(facecolor=face, edgecolor=edge, linestyle=ls, visible=True,
                hatch=_CLASH_HATCH if kind == "clash" else None,
                linewidth=2.4 if kind == "clash" else 1.6)
        label.set(text=text, visible=True,
                  color=COLORS["red"] if kind == "clash" else
                  (COLORS["grey"] if kind in ("missing", "padded") else "black"))
        # On a hatched box the size sits on a plain patch, so it stays readable.
        label.set_bbox(dict(facecolor="white", edgecolor="none", pad=2)
                       if kind == "clash" else None)

    def _hide(self, row: int, col: int) -> None:
        self.boxes[row][col].set_visible(False)
        self.texts[row][col].set_visible(False)

    def update(self, *, a: Sequence[int], b: Sequence[int]) -> None:
        a, b = tuple(int(n) for n in a), tuple(int(n) for n in b)
        if len(a) > MAX_AXES or len(b) > MAX_AXES:
            raise ValueError(f"BroadcastShapesPlot draws shapes of at most {MAX_AXES} axes; "
                             f"got {a} and {b}")
        self.a, self.b = a, b
        ndim = max(len(a), len(b))
        clash = set(tn.clashing_axes(a, b))
        self.clash = tuple(sorted(clash))
        self.result = None if clash else tn.broadcast_shape(a, b)
        # Per-axis sizes of the result where they are defined (a clash has none).
        pa, pb = tn.align_shapes(a, b)
        self.axes_info = []
        for k in range(MAX_AXES):
            axis = k - MAX_AXES
            if axis < -ndim:
                for row in range(3):
                    self._hide(row, k)
                continue
            i = axis + ndim
            na, nb = pa[i], pb[i]
            out = None if axis in clash else (nb if na == 1 else na)
            self.axes_info.append((axis, axis >= -len(a), na, axis >= -len(b), nb, out))
            for row, (present, n) in enumerate(((axis >= -len(a), na), (axis >= -len(b), nb))):
                if out is None:
                    self._style(row, k, "clash" if n != 1 else "kept", str(n))
                elif not present:
                    self._style(row, k, "missing" if out != 1 else "padded",
                                f"(1)→{out}" if out != 1 else "(1)")
                elif n != out:
                    self._style(row, k, "stretched", f"1→{out}")
                else:
                    self._style(row, k, "kept", str(n))
            if out is None:
                self._style(2, k, "clash", "✗")
            else:
                self._style(2, k, "result", str(out))
        self.labels[0].set_text(f"A {_fmt(a)}")
        self.labels[1].set_text(f"B {_fmt(b)}")
        self.labels[2].set_text("A + B")
        if self.result is not None:
            self.status.set(text=f"A + B has shape {_fmt(self.result)}", color=COLORS["green"])
        else:
            axis = self.clash[-1]
            i = axis + ndim
            self.status.set(text=f"error: on axis {axis}, {pa[i]} ≠ {pb[i]} and neither is 1",
                            color=COLORS["red"])

    def describe(self) -> str:
        parts = []
        for axis, has_a, na, has_b, nb, out in self.axes_info:
            sa = f"A {na}" if has_a else "A missing (acts as 1)"
            sb = f"B {nb}" if has_b else "B missing (acts as 1)"
            if out is None:
                parts.append(f"axis {axis}: {sa}, {sb} → clash")
                continue
            stretched = [name for name, n in (("A", na), ("B", nb)) if n == 1 and out != 1]
            note = f", {' and '.join(stretched)} stretched" if stretched else ""
            parts.append(f"axis {axis}: {sa}, {sb} → {out}{note}")
        head = (f"A has shape {_fmt(self.a)} and B has shape {_fmt(self.b)}. "
                f"Aligned from the right: {'; '.join(parts)}.")
        if self.result is not None:
            return f"{head} A + B has shape {_fmt(self.result)}."
        return (f"{head} A + B fails: on axis {self.clash[-1]} the sizes differ and neither "
                f"is 1.")


def plot_cost_per_sample(ax: Axes, batch_sizes: Sequence[int], seconds_per_call: Sequence[float],
                         *, loop_seconds_per_sample: float | None = None,
                         model: tuple[float, float] | None = None) -> list:
    """Log–log plot of the time per sample of one batched call against the batch size
    (chapter 1).

    The curve is ``seconds_per_call / batch_size`` in microseconds; a dashed horizontal line
    marks, if given, the time per sample of a Python loop of single-sample calls, and a thin
    grey curve, if ``model = (a, b)`` is given, the fitted cost per sample ``a / m + b`` at batch
    size ``m`` (see
    :func:`helpers.tensors.fit_overhead`). Returns the artists it made.

    Raises
    ------
    ValueError
        If the two sequences differ in length, are empty, or hold a size < 1 or a time ≤ 0,
        or if the model's curve is not finite and > 0 at every batch size.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> artists = plot_cost_per_sample(ax, [1, 10, 100], [1e-6, 2e-6, 1e-5],
    ...                                loop_seconds_per_sample=1e-6)
    >>> len(artists)
    2
    >>> plt.close(fig)
    """
    sizes = np.asarray(batch_sizes, dtype=float)
    times = np.asarray(seconds_per_call, dtype=float)
    if sizes.ndim != 1 or sizes.shape != times.shape or sizes.size == 0:
        raise ValueError(f"batch_sizes and seconds_per_call must be 1-D and of equal, nonzero "
                         f"length; got shapes {sizes.shape} and {times.shape}")
    if not (np.all(np.isfinite(sizes)) and np.all(sizes >= 1)
            and np.all(np.isfinite(times)) and np.all(times > 0)):
        raise ValueError("batch sizes must be ≥ 1 and times finite and > 0")
    if loop_seconds_per_sample is not None and not (np.isfinite(loop_seconds_per_sample)
                                                     and loop_seconds_per_sample > 0):
        raise ValueError(f"loop_seconds_per_sample must be finite and > 0; "
                         f"got {loop_seconds_per_sample!r}")
    per_sample = 1e6 * times / sizes
    if model is not None:
        a, b = (float(m) for m in model)
        grid = np.geomspace(sizes.min(), sizes.max(), 200)
        curve = 1e6 * (a / grid + b)
        if not (np.all(np.isfinite(curve)) and np.all(curve > 0)):
            raise ValueError(f"model (a, b) must give a finite cost per sample > 0 at every "
                             f"batch size; got a = {a!r}, b = {b!r}")
    artists = ax.plot(sizes, per_sample, "o-", color=COLORS["blue"], ms=4,
                      label="one batched product")
    if model is not None:
        artists += ax.plot(grid, curve, "-", color=COLORS["grey"], lw=1,
                           label="fit t0/m + t1")
    if loop_seconds_per_sample is not None:
        artists.append(ax.axhline(1e6 * loop_seconds_per_sample, color=COLORS["orange"],
                                  ls="--", label="loop of vector products"))
    ax.set(xscale="log", yscale="log", xlabel="batch size (samples per call)",
           ylabel="time per sample (µs)")
    ax.legend(loc="center right")
    return artists


def show_images(axes: Sequence[Axes], images: Sequence[np.ndarray],
                titles: Sequence[str]) -> list:
    """Show RGB images side by side, one per axes, without ticks (chapter 1).

    Each image is an array of shape (height, width, 3), channels last, with values in [0, 1]
    (floats) or 0–255 (``uint8``). Returns the ``AxesImage`` artists.

    Raises
    ------
    ValueError
        If the numbers of axes, images and titles differ, or an image is not (H, W, 3).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, axes = plt.subplots(1, 2)
    >>> img = np.zeros((4, 5, 3))
    >>> len(show_images(axes, [img, img], ["a", "b"]))
    2
    >>> plt.close(fig)
    """
    axes, images, titles = list(axes), list(images), list(titles)
    if not len(axes) == len(images) == len(titles):
        raise ValueError(f"need one axes and one title per image; got {len(axes)} axes, "
                         f"{len(images)} images and {len(titles)} titles")
    out = []
    for ax, img, title in zip(axes, images, titles):
        img = np.asarray(img)
        if img.ndim != 3 or img.shape[-1] != 3:
            raise ValueError(f"each image must have shape (height, width, 3), channels last; "
                             f"got {img.shape}")
        out.append(ax.imshow(img))
        ax.set_title(title)
        ax.set_axis_off()
    return out


#: The largest result :func:`plot_broadcast_values` draws (rows, columns): one box per entry.
MAX_GRID = (8, 8)


def plot_broadcast_values(axes: Sequence[Axes], a: np.ndarray, b: np.ndarray, *,
                          names: Sequence[str] = ("A", "B")) -> list:
    """Draw ``a``, ``b`` and ``a + b`` as grids of numbers, each stretched to the result's shape
    (chapter 1).

    Three panels: ``a`` and ``b`` as broadcasting reads them, and their sum; ``names`` gives the
    two arrays' names for the panel titles (the third is titled with their sum). In the first two,
    the entries the array really stores are drawn in black on white; the copies that
    broadcasting reads again along a stretched axis (stride 0, never written to memory) are
    grey on orange. Arrays of order 0, 1 or 2 whose result has at most 8 × 8 entries are drawn
    (a 1-D result is drawn as one row). Returns the text artists, one per drawn entry.

    Raises
    ------
    ValueError
        If ``axes`` is not three axes, ``names`` is not two strings, an array has more than two
        axes, the shapes cannot broadcast, or the result is larger than 8 × 8.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, axes = plt.subplots(1, 3)
    >>> texts = plot_broadcast_values(axes, np.array([[0], [10], [20]]), np.arange(1, 5))
    >>> len(texts)                       # three 3 × 4 grids
    36
    >>> plt.close(fig)
    """
    axes = list(axes)
    if len(axes) != 3:
        raise ValueError(f"need three axes (A, B and A + B); got {len(axes)}")
    names = tuple(names)
    if len(names) != 2 or not all(isinstance(n, str) for n in names):
        raise ValueError(f"names must be two strings, one per array; got {names!r}")
    a, b = np.asarray(a), np.asarray(b)
    if a.ndim > 2 or b.ndim > 2:
        raise ValueError(f"arrays of at most two axes are drawn; got shapes {a.shape} and "
                         f"{b.shape}")
    shape = tn.broadcast_shape(a.shape, b.shape)  # raises ValueError on a clash
    rows, cols = ((1, 1) + shape)[-2:]
    if rows > MAX_GRID[0] or cols > MAX_GRID[1] or rows * cols == 0:
        raise ValueError(f"the result must have between 1 and {MAX_GRID[0]} × {MAX_GRID[1]} "
                         f"entries; got shape {shape}")
    texts = []
    for ax, name, arr in zip(axes, (*names, f"{names[0]} + {names[1]}"), (a, b, a + b)):
        ra, ca = ((1, 1) + arr.shape)[-2:]
        full = np.broadcast_to(arr.reshape(ra, ca), (rows, cols))
        for i in range(rows):
            for j in range(cols):
                stored = (ra == rows or i == 0) and (ca == cols or j == 0)
                face = "white" if stored else to_rgba(COLORS["orange"], 0.35)
                ax.add_patch(Rectangle((j, i), 1, 1, facecolor=face,
                                       edgecolor=COLORS["grey"], lw=0.8))
                texts.append(ax.text(j + 0.5, i + 0.5, f"{full[i, j]:g}", ha="center",
                                     va="center", fontsize=10,
                                     color="black" if stored else COLORS["grey"]))
        ax.set(xlim=(-0.05, cols + 0.05), ylim=(rows + 0.05, -0.05), aspect="equal")
        ax.set_axis_off()
        ax.set_title(f"{name}: {arr.shape}" + (f" → {shape}" if arr.shape != shape else ""))
    return texts
