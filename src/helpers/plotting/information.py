"""Plots of chapter 5 (information theory): views the slider machinery can drive."""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np
from matplotlib.axes import Axes

from .. import information as info
from .base import COLORS, View

__all__ = ["BinaryEntropyPlot", "KLFitPlot", "SoftmaxTemperaturePlot"]


class BinaryEntropyPlot(View):
    """Binary entropy H_b(p) in bits over p ∈ [0, 1], its two terms, and its tangent at the chosen p.

    The two dotted curves are the terms −p log₂ p and −(1 − p) log₂(1 − p) that add up to H_b(p);
    the short orange segment is the tangent at p, of slope log₂((1 − p)/p) bits per unit of p
    (0 at p = ½, infinite at the ends), printed in the label.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> view = BinaryEntropyPlot(ax, p=0.5)
    >>> view.describe()
    'Binary entropy curve in bits, rising from 0 at p = 0 to 1 at p = 0.5 and back to 0 at p = 1, with its two terms −p log₂ p and −(1 − p) log₂(1 − p) dotted; marker at p = 0.50, H = 1.000 bits, slope of the curve +0.00 bits per unit of p.'
    >>> plt.close(fig)
    """

    tangent_half_length = 0.12  # in data units, along the tangent

    def __init__(self, ax: Axes, *, p: float = 0.5) -> None:
        grid = np.linspace(0.0, 1.0, 501)
        ax.plot(grid, info.binary_entropy(grid, base=2), color=COLORS["blue"], lw=2,
                label="$H_b(p)$")
        with np.errstate(divide="ignore", invalid="ignore"):
            term = np.where(grid > 0, -grid * np.log2(np.where(grid > 0, grid, 1.0)), 0.0)
        ax.plot(grid, term, color=COLORS["sky"], lw=1.5, ls=":", label="−p log₂ p")
        ax.plot(grid, term[::-1], color=COLORS["green"], lw=1.5, ls=":",
                label="−(1−p) log₂(1−p)")
        ax.axhline(1.0, color=COLORS["grey"], lw=1, ls=":")
        # The curve never rises above 1 bit, so the band above it holds the value label.
        ax.set(xlim=(0, 1), ylim=(0, 1.25), xlabel="p = P(heads)", ylabel="$H_b(p)$  [bits]",
               title="Binary entropy: flat near p = 0.5, steep near the ends")
        ax.legend(loc="lower center", frameon=False, fontsize=8.5, ncol=3)
        (self.guide,) = ax.plot([], [], color=COLORS["orange"], lw=1, ls="--")
        (self.tangent,) = ax.plot([], [], color=COLORS["orange"], lw=2.5)
        # clip_on=False: at p = 0 and p = 1 the marker sits on the axes' corner, drawn whole.
        (self.marker,) = ax.plot([], [], "o", color=COLORS["orange"], ms=8, clip_on=False)
        self.label = ax.text(0.5, 1.13, "", ha="center", va="center", fontsize=10)
        self.animated = [self.guide, self.tangent, self.marker, self.label]
        self.update(p=p)

    @staticmethod
    def slope(p: float) -> float:
        """dH/dp in bits: log₂((1 − p)/p), +∞ at p = 0 and −∞ at p = 1."""
        if p <= 0.0:
            return math.inf
        if p >= 1.0:
            return -math.inf
        return math.log2((1.0 - p) / p)

    def update(self, *, p: float) -> None:
        self.p, self.h = float(p), float(info.binary_entropy(p, base=2))
        self.s = self.slope(self.p)
        angle = math.atan(self.s)  # ±π/2 for an infinite slope: a vertical segment
        dx = self.tangent_half_length * math.cos(angle)
        dy = self.tangent_half_length * math.sin(angle)
        self.tangent.set_data([self.p - dx, self.p + dx], [self.h - dy, self.h + dy])
        self.guide.set_data([p, p], [0, self.h])
        self.marker.set_data([p], [self.h])
        slope = f"{self.s:+.2f}" if math.isfinite(self.s) else ("+∞" if self.s > 0 else "−∞")
        self.label.set_text(f"p = {p:.2f}:  H_b = {self.h:.3f} bits,  slope {slope}")

    def describe(self) -> str:
        slope = f"{self.s:+.2f}" if math.isfinite(self.s) else ("+∞" if self.s > 0 else "−∞")
        return ("Binary entropy curve in bits, rising from 0 at p = 0 to 1 at p = 0.5 and back to "
                "0 at p = 1, with its two terms −p log₂ p and −(1 − p) log₂(1 − p) dotted; "
                f"marker at p = {self.p:.2f}, H = {self.h:.3f} bits, slope of the curve {slope} "
                "bits per unit of p.")


class KLFitPlot(View):
    """A mixture p of two unit Gaussians and the single Gaussians minimizing forward/reverse KL.

    ``separation`` is the distance between the two unit-variance components, ``weight`` the
    mixture weight of the left one. The corner label says first what p looks like: one mode,
    two modes with the depth of the valley between them (how far p dips below the lower peak),
    or a *shoulder* when that dip is under ``shoulder_dip`` (two local maxima that look like
    one bump). Then, for each fit, it says how many of p's modes (its local maxima,
    :func:`helpers.information.density_modes`) lie within two standard deviations of the fit's
    mean, and flags a tie at equal weights, where either mode is an optimal reverse fit and
    the optimizer's search order picks one. Both fits come from
    :func:`helpers.information.fit_gaussian`. The forward fit is drawn on top, dashed and
    thicker, so it stays visible where the two fits nearly coincide.
    """

    grid = np.linspace(-10.0, 10.0, 321)
    fine_grid = np.linspace(-10.0, 10.0, 4001)  # to locate p's modes (local maxima)
    shoulder_dip = 0.05

    def __init__(self, ax: Axes, *, separation: float = 7.0, weight: float = 0.4) -> None:
        ax.set(xlim=(-10, 10), ylim=(0, 0.62), xlabel="x", ylabel="density",
               title="One Gaussian q fitted to a mixture p")
        (self.p_line,) = ax.plot(self.grid, 0 * self.grid, color="black", lw=2.5,
                                 label="p (mixture)", zorder=2)
        (self.rev,) = ax.plot(self.grid, 0 * self.grid, color=COLORS["red"], lw=2,
                              label="argmin KL(q‖p), reverse", zorder=3)
        (self.fwd,) = ax.plot(self.grid, 0 * self.grid, color=COLORS["blue"], ls=(0, (4, 3)),
                              lw=3, label="argmin KL(p‖q), forward", zorder=4)
        # The legend names the fits only; what each fit covers is in the corner label, which
        # follows the fit (redrawing the legend each frame would double the update time).
        ax.legend(handles=[self.p_line, self.fwd, self.rev], loc="upper left", frameon=False,
                  fontsize=8.5)
        self.label = ax.text(0.99, 0.99, "", transform=ax.transAxes, ha="right", va="top",
                             fontsize=8.5)
        self.animated = [self.p_line, self.rev, self.fwd, self.label]
        self.update(separation=separation, weight=weight)

    def _coverage(self, fit: tuple[float, float], reverse: bool = False) -> str:
        if len(self.modes) < 2:
            return "p has one mode"
        n = info.modes_covered(fit[0], fit[1], self.modes)
        text = {2: "covers both modes", 1: "covers one mode"}.get(n, "covers neither mode")
        if reverse and n == 1 and abs(self.weight - 0.5) < 1e-9:
            text += "; a tie: either mode is optimal"
        return text

    def _shape_of_p(self, p_fine: np.ndarray) -> str:
        if len(self.modes) < 2:
            self.dip = 0.0
            return "one mode"
        i, j = np.searchsorted(self.fine_grid, self.modes[[0, -1]])
        self.dip = float(1.0 - p_fine[i:j + 1].min() / min(p_fine[i], p_fine[j]))
        kind = "a shoulder" if self.dip < self.shoulder_dip else "two modes"
        return f"{kind}, valley {100 * self.dip:.1f}% deep"

    def update(self, *, separation: float, weight: float) -> None:
        x = self.grid
        self.separation, self.weight = float(separation), float(weight)
        means, stds, weights = [-separation / 2, separation / 2], [1.0, 1.0], [weight, 1 - weight]
        p = info.gaussian_mixture_pdf(x, means, stds, weights)
        # p's modes are read off the density itself: with unequal weights the mixture can have
        # a single mode even when its two components are more than 2 apart.
        p_fine = info.gaussian_mixture_pdf(self.fine_grid, means, stds, weights)
        self.modes = info.density_modes(self.fine_grid, p_fine)
        self.p_shape = self._shape_of_p(p_fine)
        self.forward = info.fit_gaussian(x, p, "forward")
        self.reverse = info.fit_gaussian(x, p, "reverse")
        self.forward_coverage = self._coverage(self.forward)
        self.reverse_coverage = self._coverage(self.reverse, reverse=True)
        self.p_line.set_ydata(p)
        self.fwd.set_ydata(info.gaussian_pdf(x, *self.forward))
        self.rev.set_ydata(info.gaussian_pdf(x, *self.reverse))
        (mf, sf), (mr, sr) = self.forward, self.reverse
        short = {"covers both modes": "both modes", "covers one mode": "one mode",
                 "covers neither mode": "no mode", "p has one mode": "p unimodal",
                 "covers one mode; a tie: either mode is optimal": "one mode (tie: either)"}
        self.label.set_text(f"p: {self.p_shape}\n"
                            f"fwd μ={mf:+.2f} σ={sf:.2f}: {short[self.forward_coverage]}\n"
                            f"rev μ={mr:+.2f} σ={sr:.2f}: {short[self.reverse_coverage]}")

    def describe(self) -> str:
        (mf, sf), (mr, sr) = self.forward, self.reverse
        return (f"Mixture of two unit Gaussians {self.separation:.1f} apart, left weight "
                f"{self.weight:.2f}; p has {self.p_shape}. Forward-KL fit: mean {mf:.2f}, "
                f"std {sf:.2f} ({self.forward_coverage}). Reverse-KL fit: mean {mr:.2f}, "
                f"std {sr:.2f} ({self.reverse_coverage}).")


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
        # clip_on=False: at the smallest temperature the marker sits on the left edge, drawn whole.
        (self.marker,) = curve_ax.plot([], [], "o", color=COLORS["orange"], ms=8, clip_on=False)
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
