"""Plots of chapter 5 (information theory): views the slider machinery can drive."""

from __future__ import annotations

from typing import Sequence

import numpy as np
from matplotlib.axes import Axes

from .. import information as info
from .base import COLORS, View

__all__ = ["BinaryEntropyPlot", "KLFitPlot", "SoftmaxTemperaturePlot"]


class BinaryEntropyPlot(View):
    """Binary entropy H(p) in bits over p ∈ [0, 1], with a marker at the chosen p.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> view = BinaryEntropyPlot(ax, p=0.5)
    >>> view.describe()
    'Binary entropy curve in bits, rising from 0 at p = 0 to 1 at p = 0.5 and back to 0 at p = 1; marker at p = 0.50, H = 1.000 bits.'
    >>> plt.close(fig)
    """

    def __init__(self, ax: Axes, *, p: float = 0.5) -> None:
        grid = np.linspace(0.0, 1.0, 501)
        ax.plot(grid, info.binary_entropy(grid), color=COLORS["blue"], label="H(p)")
        ax.axhline(1.0, color=COLORS["grey"], lw=1, ls=":")
        # The curve never rises above 1 bit, so the band above it holds the value label.
        ax.set(xlim=(0, 1), ylim=(0, 1.25), xlabel="p = P(heads)", ylabel="H(p)  [bits]",
               title="Binary entropy: most uncertain at p = 0.5")
        (self.guide,) = ax.plot([], [], color=COLORS["orange"], lw=1, ls="--")
        # clip_on=False: at p = 0 and p = 1 the marker sits on the axes' corner, drawn whole.
        (self.marker,) = ax.plot([], [], "o", color=COLORS["orange"], ms=8, clip_on=False)
        self.label = ax.text(0.5, 1.13, "", ha="center", va="center", fontsize=10)
        self.animated = [self.guide, self.marker, self.label]
        self.update(p=p)

    def update(self, *, p: float) -> None:
        self.p, self.h = float(p), float(info.binary_entropy(p))
        self.guide.set_data([p, p], [0, self.h])
        self.marker.set_data([p], [self.h])
        self.label.set_text(f"p = {p:.2f}:  H = {self.h:.3f} bits")

    def describe(self) -> str:
        return ("Binary entropy curve in bits, rising from 0 at p = 0 to 1 at p = 0.5 and back to "
                f"0 at p = 1; marker at p = {self.p:.2f}, H = {self.h:.3f} bits.")


class KLFitPlot(View):
    """A mixture p of two unit Gaussians and the single Gaussians minimizing forward/reverse KL.

    ``separation`` is the distance between the two unit-variance components, ``weight`` the
    mixture weight of the left one. The corner label and the alt text say, for each fit, how
    many of p's modes (its local maxima, :func:`helpers.information.density_modes`) lie within
    two standard deviations of the fit's mean, or that p has a single mode. Both fits come from
    :func:`helpers.information.fit_gaussian`.
    """

    grid = np.linspace(-10.0, 10.0, 321)
    fine_grid = np.linspace(-10.0, 10.0, 4001)  # to locate p's modes (local maxima)

    def __init__(self, ax: Axes, *, separation: float = 7.0, weight: float = 0.4) -> None:
        ax.set(xlim=(-10, 10), ylim=(0, 0.5), xlabel="x", ylabel="density",
               title="One Gaussian q fitted to a mixture p")
        (self.p_line,) = ax.plot(self.grid, 0 * self.grid, color="black", lw=2.5,
                                 label="p (mixture)")
        (self.fwd,) = ax.plot(self.grid, 0 * self.grid, color=COLORS["blue"], ls="--",
                              label="argmin KL(p‖q), forward")
        (self.rev,) = ax.plot(self.grid, 0 * self.grid, color=COLORS["red"],
                              label="argmin KL(q‖p), reverse")
        # The legend names the fits only; what each fit covers is in the corner label, which
        # follows the fit (redrawing the legend each frame would double the update time).
        ax.legend(loc="upper left", frameon=False)
        self.label = ax.text(0.99, 0.99, "", transform=ax.transAxes, ha="right", va="top",
                             fontsize=9)
        self.animated = [self.p_line, self.fwd, self.rev, self.label]
        self.update(separation=separation, weight=weight)

    def _coverage(self, fit: tuple[float, float]) -> str:
        if len(self.modes) < 2:
            return "p has one mode"
        n = info.modes_covered(fit[0], fit[1], self.modes)
        return {2: "covers both modes", 1: "covers one mode"}.get(n, "covers neither mode")

    def update(self, *, separation: float, weight: float) -> None:
        x = self.grid
        self.separation, self.weight = float(separation), float(weight)
        means, stds, weights = [-separation / 2, separation / 2], [1.0, 1.0], [weight, 1 - weight]
        p = info.gaussian_mixture_pdf(x, means, stds, weights)
        # p's modes are read off the density itself: with unequal weights the mixture can have
        # a single mode even when its two components are more than 2 apart.
        self.modes = info.density_modes(
            self.fine_grid, info.gaussian_mixture_pdf(self.fine_grid, means, stds, weights))
        self.forward = info.fit_gaussian(x, p, "forward")
        self.reverse = info.fit_gaussian(x, p, "reverse")
        self.forward_coverage = self._coverage(self.forward)
        self.reverse_coverage = self._coverage(self.reverse)
        self.p_line.set_ydata(p)
        self.fwd.set_ydata(info.gaussian_pdf(x, *self.forward))
        self.rev.set_ydata(info.gaussian_pdf(x, *self.reverse))
        (mf, sf), (mr, sr) = self.forward, self.reverse
        short = {"covers both modes": "both modes", "covers one mode": "one mode",
                 "covers neither mode": "no mode", "p has one mode": "p unimodal"}
        self.label.set_text(f"fwd μ={mf:+.2f} σ={sf:.2f}: {short[self.forward_coverage]}\n"
                            f"rev μ={mr:+.2f} σ={sr:.2f}: {short[self.reverse_coverage]}")

    def describe(self) -> str:
        (mf, sf), (mr, sr) = self.forward, self.reverse
        return (f"Mixture of two unit Gaussians {self.separation:.1f} apart, left weight "
                f"{self.weight:.2f}. Forward-KL fit: mean {mf:.2f}, std {sf:.2f} "
                f"({self.forward_coverage}). Reverse-KL fit: mean {mr:.2f}, std {sr:.2f} "
                f"({self.reverse_coverage}).")


class SoftmaxTemperaturePlot(View):
    """Softmax of fixed logits at a temperature T (bars) and its entropy as T varies (curve)."""

    panels = 2

    def __init__(self, axes: Sequence[Axes], *, temperature: float = 1.0,
                 logits: Sequence[float] = (3.0, 1.5, 1.0, 0.2, -1.0)) -> None:
        self.logits = np.asarray(logits, dtype=float)
        k = self.logits.size
        bars_ax, curve_ax = axes
        self.bars = bars_ax.bar(np.arange(k), np.zeros(k), color=COLORS["blue"])
        bars_ax.set(ylim=(0, 1.05), xticks=np.arange(k), xlabel="class",
                    ylabel="probability", title="softmax(z / T)")
        bars_ax.set_xticklabels([f"z={z:g}" for z in self.logits])
        temps = np.geomspace(0.05, 20, 300)
        ent = [info.entropy(info.softmax(self.logits, t), base=2) for t in temps]
        curve_ax.plot(temps, ent, color=COLORS["blue"])
        curve_ax.axhline(np.log2(k), color=COLORS["grey"], lw=1, ls=":")
        curve_ax.text(0.06, np.log2(k), f"log₂ {k} (uniform)", va="bottom", fontsize=8.5)
        curve_ax.set(xscale="log", xlim=(0.05, 20), ylim=(0, np.log2(k) * 1.15),
                     xlabel="temperature T (log scale)", ylabel="entropy  [bits]",
                     title="Entropy of softmax(z / T)")
        (self.marker,) = curve_ax.plot([], [], "o", color=COLORS["orange"], ms=8)
        self.label = curve_ax.text(0.97, 0.05, "", transform=curve_ax.transAxes, ha="right")
        self.animated = [*self.bars.patches, self.marker, self.label]
        self.update(temperature=temperature)

    def update(self, *, temperature: float) -> None:
        self.temperature = float(temperature)
        self.probs = info.softmax(self.logits, self.temperature)
        self.h = info.entropy(self.probs, base=2)
        for rect, prob in zip(self.bars.patches, self.probs):
            rect.set_height(prob)
        self.marker.set_data([self.temperature], [self.h])
        self.label.set_text(f"T = {self.temperature:.2f}:  H = {self.h:.3f} bits")

    def describe(self) -> str:
        probs = ", ".join(f"{q:.2f}" for q in self.probs)
        return (f"Softmax probabilities at temperature {self.temperature:.2f}: {probs}; "
                f"entropy {self.h:.3f} bits of a maximum {np.log2(self.logits.size):.3f}.")
