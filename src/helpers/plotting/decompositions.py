"""Plots of chapter 3 (eigendecomposition and SVD): views the slider machinery can drive."""

from __future__ import annotations

from typing import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import FancyArrowPatch
from numpy.typing import ArrayLike, NDArray

from .. import decompositions as dec
from .base import COLORS, View

__all__ = ["SymmetricEigenPlot", "LowRankImagePlot", "sample_image", "plot_svd_ellipse_3d"]

def sample_image(height: int = 192) -> NDArray[np.float64]:
    """Grace Hopper's portrait from matplotlib's sample data, as grayscale floats in [0, 1].

    It ships with matplotlib (no download). The image is resized to ``height`` pixels high,
    keeping its aspect ratio (the original is 600 × 512). Chapter 3.

    Examples
    --------
    >>> sample_image(96).shape
    (96, 82)
    """
    from matplotlib.cbook import get_sample_data
    from PIL import Image

    if isinstance(height, bool) or not isinstance(height, (int, np.integer)) or \
            not 8 <= height <= 600:
        raise ValueError(f"height must be an integer number of pixels in [8, 600]; got {height!r}")
    with get_sample_data("grace_hopper.jpg") as f:
        img = Image.open(f).convert("L")
        width = round(img.width * height / img.height)
        img = img.resize((width, int(height)), Image.Resampling.LANCZOS)
        return np.asarray(img, dtype=float) / 255.0


def _check_3x2(a: ArrayLike) -> NDArray[np.float64]:
    arr = np.asarray(a, dtype=float)
    if arr.shape != (3, 2) or not np.all(np.isfinite(arr)):
        raise ValueError(
            f"a must be a finite 3 × 2 matrix (it maps R² to R³); got shape {arr.shape}"
        )
    return arr


def plot_svd_input_circle(ax: Axes, a: ArrayLike, n: int = 200) -> list:
    """Draw the input side of a 3 × 2 matrix's SVD: the unit circle of R² and v₁, v₂.

    The right singular vectors are drawn as arrows in the colors :func:`plot_svd_ellipse_3d` uses
    for σ₁u₁ and σ₂u₂, the vectors they are mapped to; both take their signs from
    :func:`helpers.decompositions.svd_signed`, so ``a`` maps each arrow drawn here onto the
    segment drawn there. Returns the artists drawn. Chapter 3.
    """
    arr = _check_3x2(a)
    t = np.linspace(0, 2 * np.pi, n)
    artists = [ax.plot(np.cos(t), np.sin(t), color=COLORS["grey"], ls="--", lw=1.2,
                       label="unit circle")[0]]
    _, _, vt = dec.svd_signed(arr)  # the signs plot_svd_ellipse_3d uses for σᵢuᵢ
    for i, color in enumerate((COLORS["red"], COLORS["orange"])):
        v = vt[i]
        arrow = FancyArrowPatch((0, 0), (float(v[0]), float(v[1])), arrowstyle="-|>",
                                mutation_scale=14, color=color, lw=2.2, shrinkA=0, shrinkB=0)
        ax.add_patch(arrow)
        artists.append(arrow)
        artists.append(ax.plot([], [], color=color, lw=2.2,
                               label=f"v{'₁₂'[i]} ↦ σ{'₁₂'[i]}u{'₁₂'[i]}")[0])
    ax.axhline(0, color="black", lw=0.6)
    ax.axvline(0, color="black", lw=0.6)
    ax.set(xlim=(-1.4, 1.4), ylim=(-1.4, 1.4), aspect="equal", xlabel="x₁", ylabel="x₂")
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    return artists


def plot_svd_ellipse_3d(ax: Axes, a: ArrayLike, n: int = 200, *, show_input: bool = True,
                        tilt: float = 10.0) -> list:
    """Draw the unit circle of R² mapped by a 3 × 2 matrix: an ellipse in a plane of R³.

    Its semi-axes are σ₁u₁ and σ₂u₂ (singular values times left singular vectors), drawn as
    segments from the origin. With ``show_input`` the unit circle and the right singular vectors
    v₁, v₂ that ``a`` maps onto the semi-axes are also drawn, dotted, in the plane z = 0 (which
    mixes the input space into the output space; :func:`plot_svd_input_circle` draws them on
    their own axes instead). ``ax`` must be a 3-D axes (``projection="3d"``). The view looks along
    the normal u₁ × u₂ of the ellipse's plane, raised by ``tilt`` degrees, with an orthographic
    projection, so the semi-axes keep their true ratio on the page. Returns the artists drawn.
    Chapter 3.
    """
    arr = _check_3x2(a)
    t = np.linspace(0, 2 * np.pi, n)
    circle = np.vstack([np.cos(t), np.sin(t)])
    ellipse = arr @ circle
    u, s, vt = dec.svd_signed(arr)  # the signs plot_svd_input_circle uses for vᵢ
    artists = []
    if show_input:
        artists.append(ax.plot(circle[0], circle[1], 0 * t, color=COLORS["grey"], ls="--", lw=1.2,
                               label="unit circle in the plane z = 0")[0])
    artists.append(ax.plot(*ellipse, color=COLORS["blue"], lw=2, label="image Bx of the circle")[0])
    names = ("σ₁u₁", "σ₂u₂")
    for i, color in enumerate((COLORS["red"], COLORS["orange"])):
        tip = s[i] * u[:, i]
        artists.append(ax.plot([0, tip[0]], [0, tip[1]], [0, tip[2]], color=color, lw=2.5,
                               label=f"{names[i]}, length σ{'₁₂'[i]} = {s[i]:.3f}")[0])
        artists.append(ax.scatter(*tip, color=color, s=25, depthshade=False))
    # The right singular vectors: unit vectors of the input plane z = 0 that B sends to σᵢuᵢ.
    for i, color in enumerate((COLORS["red"], COLORS["orange"]) if show_input else ()):
        artists.append(ax.plot([0, vt[i, 0]], [0, vt[i, 1]], [0, 0], color=color, lw=2.4,
                               ls=(0, (1, 1.5)), marker="o", markevery=[1], mfc="white",
                               ms=5, label=f"v{'₁₂'[i]} (unit, in the plane z = 0)")[0])
    lim = float(np.max(np.abs(ellipse))) * 1.05
    ax.set(xlim=(-lim, lim), ylim=(-lim, lim), zlim=(-lim, lim), xlabel="x", ylabel="y",
           zlabel="z")
    ax.set_box_aspect((1, 1, 1))
    # Look along the normal u₁ × u₂ of the ellipse's plane, tilted by a few degrees so the axes
    # still read as 3-D, with an orthographic projection: the semi-axes keep their true ratio.
    normal = np.cross(u[:, 0], u[:, 1])
    normal = normal * (1 if normal[2] >= 0 else -1)
    elev = float(np.degrees(np.arcsin(np.clip(normal[2], -1, 1))))
    azim = float(np.degrees(np.arctan2(normal[1], normal[0])))
    ax.view_init(elev=min(elev + tilt, 90.0), azim=azim)
    ax.set_proj_type("ortho")
    ax.legend(loc="upper left", bbox_to_anchor=(-0.05, 1.02), fontsize=8, frameon=False)
    return artists


class SymmetricEigenPlot(View):
    """A symmetric 2 × 2 matrix A = [[a, b], [b, d]] acting on the unit circle.

    Draws the unit circle (grey), its image {Ax : ‖x‖ = 1} (an ellipse, black), the eigenvector
    directions (dotted lines across the plot, in the colors of their arrows, with a dot at each
    unit eigenvector q₁, q₂, so they stay visible beside the arrows) and the scaled eigenvectors
    λ₁q₁, λ₂q₂ (arrows, vermilion and blue, drawn over the ellipse): the ellipse's semi-axes. A negative eigenvalue flips its arrow; a zero one collapses the ellipse to a
    segment; a repeated one (a = d, b = 0) turns the ellipse into a circle, where every direction
    is an eigenvector. Eigenvalues come from :func:`helpers.decompositions.sym_eig_descending`.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> view = SymmetricEigenPlot(ax, a=2.0, b=0.0, d=1.0)
    >>> view.describe().split("; ")[1]
    'eigenvalues λ₁ = 2.00, λ₂ = 1.00 (positive definite)'
    >>> plt.close(fig)
    """

    limit = 4.2
    colors = (COLORS["red"], COLORS["blue"])  # λ₁q₁ vermilion, λ₂q₂ blue: easy to tell apart
    ellipse_color = "black"

    def __init__(self, ax: Axes, *, a: float = 2.0, b: float = 0.75, d: float = 1.0) -> None:
        t = np.linspace(0.0, 2 * np.pi, 241)
        self.circle = np.vstack([np.cos(t), np.sin(t)])
        ax.plot(*self.circle, color=COLORS["grey"], lw=1.2, ls="--", label="unit circle")
        lim = self.limit
        ax.set(xlim=(-lim, lim), ylim=(-lim, lim), aspect="equal", xlabel="x₁", ylabel="x₂",
               title="A = [[a, b], [b, d]] maps the unit circle")
        ax.axhline(0, color="black", lw=0.6)
        ax.axvline(0, color="black", lw=0.6)
        (self.ellipse,) = ax.plot([], [], color=self.ellipse_color, lw=2, label="image Ax")
        self.units = [ax.plot([], [], color=c, lw=1.3, ls=":")[0] for c in self.colors]
        self.dots = [ax.plot([], [], color=c, ls="none", marker="o", ms=6, mec="white",
                             mew=0.8, zorder=5)[0] for c in self.colors]
        self.arrows = []
        for i, c in enumerate(self.colors):
            arrow = FancyArrowPatch((0, 0), (1, 0), arrowstyle="-|>", mutation_scale=14,
                                    color=c, lw=2.2, shrinkA=0, shrinkB=0, zorder=4)
            ax.add_patch(arrow)
            self.arrows.append(arrow)
        # Legend entries for the arrows (proxy lines: the patches are not in the legend).
        for i, c in enumerate(self.colors):
            ax.plot([], [], color=c, lw=2.2, label=f"λ{'₁₂'[i]}q{'₁₂'[i]}")
        for i, c in enumerate(self.colors):
            ax.plot([], [], color=c, lw=1.3, ls=":", marker="o", ms=5,
                    label=f"unit q{'₁₂'[i]}")
        ax.legend(loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8.5, frameon=False)
        self.label = ax.text(1.04, 0.0, "", transform=ax.transAxes, fontsize=9, va="bottom",
                             linespacing=1.5)
        self.animated = [self.ellipse, *self.units, *self.arrows, *self.dots, self.label]
        self.update(a=a, b=b, d=d)

    def update(self, *, a: float, b: float, d: float) -> None:
        self.matrix = np.array([[a, b], [b, d]], dtype=float)
        lam, self.q = dec.sym_eig_descending(self.matrix)
        self.lam = np.where(np.abs(lam) < 1e-12, 0.0, lam)  # no "−0.00" from rounding
        self.kind = dec.classify_definiteness(self.matrix)
        self.repeated = bool(np.isclose(self.lam[0], self.lam[1], rtol=0, atol=1e-9))
        self.ellipse.set_data(*(self.matrix @ self.circle))
        self.tips = self.q * self.lam  # column i is λᵢ qᵢ, the tip of arrow i
        for i in range(2):
            q, tip = self.q[:, i], self.tips[:, i]
            reach = 2 * self.limit  # the whole line through the origin, clipped by the axes
            self.units[i].set_data([-reach * q[0], reach * q[0]], [-reach * q[1], reach * q[1]])
            self.dots[i].set_data([q[0]], [q[1]])
            self.arrows[i].set_positions((0.0, 0.0), (float(tip[0]), float(tip[1])))
            # A zero eigenvalue has a zero-length arrow: hide it rather than draw a stray head.
            self.arrows[i].set_visible(bool(abs(self.lam[i]) > 1e-9))
        note = "\nrepeated λ" if self.repeated else ""
        self.label.set_text(f"λ₁ = {self.lam[0]:+.2f}\nλ₂ = {self.lam[1]:+.2f}\n"
                            f"{'zero matrix' if self.kind == 'zero' else self.kind}{note}")

    def describe(self) -> str:
        (a, b), (_, d) = self.matrix
        l1, l2 = self.lam
        q1, q2 = self.q.T
        text = (f"A = [[{a:.2f}, {b:.2f}], [{b:.2f}, {d:.2f}]]; eigenvalues λ₁ = {l1:.2f}, "
                f"λ₂ = {l2:.2f} ({self.kind}); unit eigenvectors q₁ = ({q1[0]:.2f}, {q1[1]:.2f}), "
                f"q₂ = ({q2[0]:.2f}, {q2[1]:.2f}). The unit circle maps to an ellipse with "
                f"semi-axes of lengths {abs(l1):.2f} and {abs(l2):.2f} along q₁ and q₂, so the "
                f"largest stretch of a unit vector is max|λᵢ| = {max(abs(l1), abs(l2)):.2f}")
        if self.repeated:
            text += "; the eigenvalue is repeated, so every direction is an eigenvector"
        return text + "."


class LowRankImagePlot(View):
    """Rank-k approximation of a grayscale image (left) and its error against k (right).

    The SVD is computed once, in ``__init__``; an update rebuilds Σᵢ<ₖ σᵢuᵢvᵢᵀ with
    :func:`helpers.decompositions.svd_reconstruct` and swaps the image data. The right panel shows
    the relative Frobenius error ‖A − Aₖ‖_F / ‖A‖_F and the storage k(m + n + 1) / (m n) of the
    rank-k factors, both as fractions, with markers at the current k. The image is shown in
    ``gray_levels`` = 32 shades (see ``_gray_levels``).
    """

    panels = 2
    photographic = True
    gray_levels = 32

    def __init__(self, axes: Sequence[Axes], *, k: int = 10, image: ArrayLike | None = None,
                 k_max: int = 50) -> None:
        img_ax, err_ax = axes
        self.image = sample_image(192) if image is None else np.asarray(image, dtype=float)
        if self.image.ndim != 2:
            raise ValueError(f"image must be a 2-D grayscale array; got shape {self.image.shape}")
        m, n = self.image.shape
        self.u, self.s, self.vt = np.linalg.svd(self.image, full_matrices=False)
        self.k_max = min(int(k_max), self.s.size)
        self.norm = float(np.linalg.norm(self.image))
        ks = np.arange(0, self.k_max + 1)
        self.errors = np.array([dec.rank_k_error(self.s, int(j)) for j in ks]) / self.norm
        self.storage = np.array([dec.low_rank_storage(m, n, int(j)) for j in ks]) / (m * n)
        self.shown = img_ax.imshow(self._gray_levels(self.image), cmap="gray", vmin=0.0,
                                   vmax=1.0, interpolation="nearest")
        img_ax.set(xticks=[], yticks=[], title=f"rank-k approximation ({m} × {n} px)")
        img_ax.grid(False)
        err_ax.plot(ks, self.errors, color=COLORS["blue"], label="relative error ‖A−Aₖ‖/‖A‖")
        err_ax.plot(ks, self.storage, color=COLORS["green"], ls="--",
                    label="storage k(m+n+1) / mn")
        err_ax.set(xlim=(0, self.k_max), ylim=(0, 1.05), xlabel="rank k", ylabel="fraction",
                   title="Error and storage against k")
        err_ax.legend(loc="upper right", bbox_to_anchor=(1.0, 0.88), frameon=False)
        (self.err_marker,) = err_ax.plot([], [], "o", color=COLORS["blue"], ms=8, clip_on=False)
        (self.sto_marker,) = err_ax.plot([], [], "s", color=COLORS["green"], ms=6, clip_on=False)
        self.label = err_ax.text(0.97, 0.96, "", transform=err_ax.transAxes, ha="right",
                                 va="top", fontsize=9)
        self.animated = [self.shown, self.err_marker, self.sto_marker, self.label]
        self.update(k=k)

    def update(self, *, k: int) -> None:
        k = int(k)
        if not 1 <= k <= self.k_max:
            raise ValueError(f"k must be an integer in [1, {self.k_max}]; got {k}")
        self.k = k
        approx = dec.svd_reconstruct(self.u, self.s, self.vt, k)
        self.shown.set_data(self._gray_levels(approx))
        self.error, self.stored = float(self.errors[k]), float(self.storage[k])
        self.err_marker.set_data([k], [self.error])
        self.sto_marker.set_data([k], [self.stored])
        self.label.set_text(f"k={k}: error {self.error:.1%}, storage {self.stored:.1%}")

    def _gray_levels(self, values: NDArray) -> NDArray:
        """Clip to [0, 1] and round to ``gray_levels`` shades. The website stores each frame with a
        64-colour palette; 32 grays leave room in it for the blue and green of the curves."""
        top = self.gray_levels - 1
        return np.round(np.clip(values, 0.0, 1.0) * top) / top

    def describe(self) -> str:
        m, n = self.image.shape
        return (f"Rank-{self.k} approximation of a {m} × {n} grayscale portrait; relative "
                f"Frobenius error {self.error:.1%}, storing {self.stored:.1%} of the pixel count. "
                f"The error curve falls steeply for the first few ranks, then slowly.")
