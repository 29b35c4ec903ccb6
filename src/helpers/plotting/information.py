"""Plots of chapter 5 (information theory): views the slider machinery can drive."""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np
from matplotlib.axes import Axes

from .. import information as info
from .base import COLORS, View

__all__ = ["BinaryEntropyPlot", "CoinCrossEntropyPlot", "KLFitPlot", "SoftmaxTemperaturePlot"]


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
        # Nothing but the label is drawn above 1.1 bits at any p (the curve peaks at 1 bit and
        # the tangent rises at most about 0.1 above it), so the band above holds the value label
        # and, at the very top, the legend, crossed by no curve or marker.
        ax.set(xlim=(0, 1), ylim=(0, 1.45), xlabel="p = P(heads)", ylabel="$H_b(p)$  [bits]",
               title="Binary entropy: flat near p = 0.5, steep near the ends")
        ax.legend(loc="upper center", frameon=False, fontsize=8.5, ncol=3)
        (self.guide,) = ax.plot([], [], color=COLORS["orange"], lw=1, ls="--")
        (self.tangent,) = ax.plot([], [], color=COLORS["orange"], lw=2.5)
        # clip_on=False: at p = 0 and p = 1 the marker sits on the axes' corner, drawn whole.
        (self.marker,) = ax.plot([], [], "o", color=COLORS["orange"], ms=8, clip_on=False)
        self.label = ax.text(0.5, 1.13, "", ha="center", va="center", fontsize=10)
        self.animated = [self.guide, self.tangent, self.marker, self.label]
        self.update(p=p)

    def _signed_slope(self) -> str:
        """The tangent's slope for the label, with a true minus sign (U+2212)."""
        if math.isfinite(self.s):
            return f"{self.s:+.2f}".replace("-", "−")
        return "+∞" if self.s > 0 else "−∞"

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
        slope = self._signed_slope()
        self.label.set_text(f"p = {p:.2f}:  H_b = {self.h:.3f} bits,  slope {slope}")

    def describe(self) -> str:
        slope = self._signed_slope()
        return ("Binary entropy curve in bits, rising from 0 at p = 0 to 1 at p = 0.5 and back to "
                "0 at p = 1, with its two terms −p log₂ p and −(1 − p) log₂(1 − p) dotted; "
                f"marker at p = {self.p:.2f}, H = {self.h:.3f} bits, slope of the curve {slope} "
                "bits per unit of p.")


class CoinCrossEntropyPlot(View):
    """Cross-entropy of a model coin q against a data coin p: H(p, q) = H(p) + KL(p‖q), in bits.

    Left, the cross-entropy H(p, q) as a function of the model's q for the chosen data coin p
    (solid), the floor H(p) it touches at q = p (dashed), and at the chosen q the gap between
    them, KL(p‖q) (orange). Right, the same two parts stacked in one bar. Where the model gives
    probability 0 to an outcome the data coin produces (q = 0 < p or q = 1 > p), KL and H(p, q)
    are infinite: the curve leaves the top of the axes and the bar is drawn to the top and
    labelled ∞.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, axes = plt.subplots(1, 2)
    >>> view = CoinCrossEntropyPlot(axes, p=0.5, q=0.5)
    >>> view.kl, view.h, view.ce
    (0.0, 1.0, 1.0)
    >>> plt.close(fig)
    """

    panels = 2
    top = 4.0  # bits: a bar taller than this (an infinite KL) is cut here and labelled ∞
    ymax = 4.8  # bits: both panels; the band above ``top`` holds the labels
    q_grid = np.linspace(0.0, 1.0, 401)

    def __init__(self, axes: Sequence[Axes], *, p: float = 0.7, q: float = 0.2) -> None:
        curve_ax, bar_ax = axes
        curve_ax.set(xlim=(0, 1), ylim=(0, self.ymax), xlabel="q = model's P(heads)",
                     ylabel="bits", title="H(p, q) over q (solid), H(p) (dashed)")
        (self.curve,) = curve_ax.plot([], [], color=COLORS["blue"], lw=2)
        (self.floor,) = curve_ax.plot([0, 1], [0, 0], color=COLORS["grey"], lw=1.2, ls="--")
        (self.gap,) = curve_ax.plot([], [], color=COLORS["orange"], lw=3, solid_capstyle="butt")
        # clip_on=False: at q = 0 and q = 1 the marker sits on the axes' edge, drawn whole.
        (self.marker,) = curve_ax.plot([], [], "o", color=COLORS["orange"], ms=7, clip_on=False)
        self.entropy_bar, self.kl_bar = bar_ax.bar([0, 0], [0, 0], width=0.5,
                                                   color=[COLORS["blue"], COLORS["orange"]])
        bar_ax.set(xlim=(-0.6, 0.6), ylim=(0, self.ymax), xticks=[0],
                   xticklabels=["H(p, q)"], ylabel="bits",
                   title="H(p, q) = H(p) + KL(p‖q)")
        self.entropy_text = bar_ax.text(0.3, 0, "", va="center", fontsize=8.5)
        self.kl_text = bar_ax.text(0.3, 0, "", va="center", fontsize=8.5)
        self.label = curve_ax.text(0.5, 0.955, "", transform=curve_ax.transAxes, ha="center",
                                   va="top", fontsize=9)
        self.animated = [self.curve, self.floor, self.gap, self.marker, self.entropy_bar,
                         self.kl_bar, self.entropy_text, self.kl_text, self.label]
        self.update(p=p, q=q)

    @staticmethod
    def cross_entropy_bits(p: float, q: np.ndarray) -> np.ndarray:
        """H(p, q) in bits for a data coin p and model coins q, with 0·log 0 = 0 (inf allowed)."""
        q = np.asarray(q, dtype=float)
        with np.errstate(divide="ignore"):
            log_q, log_not_q = np.log2(q), np.log2(1.0 - q)
        heads = -p * log_q if p > 0 else np.zeros_like(q)
        tails = -(1.0 - p) * log_not_q if p < 1 else np.zeros_like(q)
        return heads + tails

    def update(self, *, p: float, q: float) -> None:
        self.p, self.q = float(p), float(q)
        data, model = [self.p, 1.0 - self.p], [self.q, 1.0 - self.q]
        self.h = float(info.binary_entropy(self.p, base=2))
        self.kl = info.kl_divergence(data, model, base=2)
        self.ce = self.h + self.kl
        beyond = self.ymax * 1.1  # where an infinite or huge value is drawn: above the axes
        ce_curve = np.minimum(self.cross_entropy_bits(self.p, self.q_grid), beyond)
        self.curve.set_data(self.q_grid, ce_curve)
        self.floor.set_ydata([self.h, self.h])
        shown = min(self.ce, beyond)
        self.gap.set_data([self.q, self.q], [self.h, shown])
        self.marker.set_data([self.q], [min(self.ce, self.ymax)])
        self.entropy_bar.set_height(self.h)
        self.kl_bar.set_y(self.h)
        self.kl_bar.set_height(min(self.kl, self.top - self.h))
        kl = f"{self.kl:.3f}" if math.isfinite(self.kl) else "∞"
        ce = f"{self.ce:.3f}" if math.isfinite(self.ce) else "∞"
        self.entropy_text.set_text(f"H(p) = {self.h:.3f}")
        entropy_y = max(self.h / 2, 0.15)
        self.entropy_text.set_y(entropy_y)
        self.kl_text.set_text(f"KL = {kl}")
        self.kl_text.set_y(max(self.h + min(self.kl, self.top - self.h) / 2, entropy_y + 0.35))
        self.label.set_text(f"p = {self.p:.2f}, q = {self.q:.2f}:\n"
                            f"H(p, q) = {self.h:.3f} + {kl} = {ce} bits")

    def describe(self) -> str:
        kl = f"{self.kl:.3f}" if math.isfinite(self.kl) else "infinite"
        ce = f"{self.ce:.3f}" if math.isfinite(self.ce) else "infinite"
        return (f"Cross-entropy of a model coin with P(heads) = {self.q:.2f} against a data coin "
                f"with P(heads) = {self.p:.2f}: H(p, q) = {ce} bits, the entropy H(p) = "
                f"{self.h:.3f} bits plus KL(p‖q) = {kl} bits; the curve of H(p, q) over q "
                f"touches H(p) at q = {self.p:.2f}.")


class KLFitPlot(View):
    """A mixture p of two unit Gaussians and the single Gaussians minimizing forward/reverse KL.

    ``separation`` is the distance between the two unit-variance components, ``weight`` the
    mixture weight of the left one. The corner label says first what p looks like: one mode, or
    two modes with the depth of the valley between them (how far p dips below the lower peak;
    "only" when that dip is under ``shallow_dip``, where the second mode looks like a bend in the
    side of the first). Then, for each fit, it says how many of p's modes (its local maxima,
    :func:`helpers.information.density_modes`) lie within two standard deviations of the fit's
    mean, and flags a tie at equal weights, where either mode is an optimal reverse fit and the
    optimizer's search order picks one. Both fits come from
    :func:`helpers.information.fit_gaussian`. The forward fit is drawn on top, dashed and
    thicker, so it stays visible where the two fits nearly coincide.

    The reverse KL can have several local minima. Two local searches, one started from the
    forward fit (a Gaussian spanning both modes) and one from the heavier component, find the
    spanning optimum and the optimum on the heavier mode; when they differ, the last line of
    the label gives the reverse KL of both and the one that is not the global optimum is drawn
    faintly (dotted). When both searches end in the same place, that line says which kind of
    optimum does not exist.
    """

    grid = np.linspace(-10.0, 10.0, 321)
    fine_grid = np.linspace(-10.0, 10.0, 4001)  # to locate p's modes (local maxima)
    shallow_dip = 0.05

    def __init__(self, ax: Axes, *, separation: float = 7.0, weight: float = 0.4) -> None:
        ax.set(xlim=(-10, 10), ylim=(0, 0.62), xlabel="x", ylabel="density",
               title="One Gaussian q fitted to a mixture p")
        (self.p_line,) = ax.plot(self.grid, 0 * self.grid, color="black", lw=2.5,
                                 label="p (mixture)", zorder=2)
        (self.rev,) = ax.plot(self.grid, 0 * self.grid, color=COLORS["red"], lw=2,
                              label="argmin KL(q‖p), reverse", zorder=3)
        (self.fwd,) = ax.plot(self.grid, 0 * self.grid, color=COLORS["blue"], ls=(0, (4, 3)),
                              lw=3, label="argmin KL(p‖q), forward", zorder=4)
        # the local optimum of the reverse KL that is not the global one (spanning or one-mode)
        (self.alt,) = ax.plot(self.grid, 0 * self.grid, color=COLORS["red"], lw=1.2, ls=":",
                              alpha=0.8, zorder=3)
        # The legend names the fits only; what each fit covers is in the corner label, which
        # follows the fit. Its last entry names the dotted curve, and is shown only in the frames
        # that draw one: the legend is redrawn with the animated artists, that entry's handle and
        # text made visible or not with the curve (the entry is last, so hiding it leaves no gap).
        self.alt.set_label("other local minimum\nof the reverse KL")
        self.legend = ax.legend(handles=[self.p_line, self.fwd, self.rev, self.alt],
                                loc="upper left", frameon=False, fontsize=8.5)
        self.alt_entry = (self.legend.legend_handles[-1], self.legend.get_texts()[-1])
        self.label = ax.text(0.99, 0.99, "", transform=ax.transAxes, ha="right", va="top",
                             fontsize=8.5)
        self.animated = [self.p_line, self.rev, self.alt, self.fwd, self.label, self.legend]
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
        only = "only " if self.dip < self.shallow_dip else ""
        return f"two modes, valley {only}{100 * self.dip:.1f}% deep"

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
        self._local_optima(p, separation, weight)
        self.p_line.set_ydata(p)
        self.fwd.set_ydata(info.gaussian_pdf(x, *self.forward))
        self.rev.set_ydata(info.gaussian_pdf(x, *self.reverse))
        (mf, sf), (mr, sr) = self.forward, self.reverse
        short = {"covers both modes": "both modes", "covers one mode": "one mode",
                 "covers neither mode": "no mode", "p has one mode": "p unimodal",
                 "covers one mode; a tie: either mode is optimal": "one mode (tie: either)"}
        def signed(t: float) -> str:  # a true minus sign, not a hyphen
            return f"{t:+.2f}".replace("-", "−")

        self.label.set_text(f"p: {self.p_shape}\n"
                            f"fwd μ={signed(mf)} σ={sf:.2f}: {short[self.forward_coverage]}\n"
                            f"rev μ={signed(mr)} σ={sr:.2f}: {short[self.reverse_coverage]}\n"
                            f"{self.optima_text}")

    def _reverse_kl(self, p: np.ndarray, fit: tuple[float, float]) -> float:
        q = info.gaussian_pdf(self.grid, *fit)
        return info.kl_divergence(q / q.sum(), p / p.sum())

    def _local_optima(self, p: np.ndarray, separation: float, weight: float) -> None:
        """The spanning and the heavier-mode optimum of the reverse KL, and their KL values."""
        heavier = separation / 2 if weight <= 0.5 else -separation / 2
        self.spanning = info.fit_gaussian(self.grid, p, "reverse", start=self.forward)
        self.one_mode = info.fit_gaussian(self.grid, p, "reverse", start=(heavier, 1.0))
        self.kl_spanning = self._reverse_kl(p, self.spanning)
        self.kl_one_mode = self._reverse_kl(p, self.one_mode)
        self.kl_reverse = self._reverse_kl(p, self.reverse)
        distinct = abs(self.spanning[0] - self.one_mode[0]) > 0.25
        if distinct:
            self.optima_text = (f"KL(q‖p): spanning {self.kl_spanning:.3f}, "
                                f"one mode {self.kl_one_mode:.3f}")
            other = self.spanning if self.kl_one_mode <= self.kl_spanning else self.one_mode
            self.alt.set_ydata(info.gaussian_pdf(self.grid, *other))
        else:
            spans = len(self.modes) < 2 or info.modes_covered(*self.spanning, self.modes) == 2
            missing = "one-mode" if spans else "spanning"
            self.optima_text = f"KL(q‖p) = {self.kl_reverse:.3f}; no {missing} optimum"
        self.alt.set_visible(distinct)
        for artist in self.alt_entry:  # the legend names the dotted curve only when drawn
            artist.set_visible(distinct)

    def describe(self) -> str:
        (mf, sf), (mr, sr) = self.forward, self.reverse
        return (f"Mixture of two unit Gaussians {self.separation:.1f} apart, left weight "
                f"{self.weight:.2f}; p has {self.p_shape}. Forward-KL fit: mean {mf:.2f}, "
                f"std {sf:.2f} ({self.forward_coverage}). Reverse-KL fit: mean {mr:.2f}, "
                f"std {sr:.2f} ({self.reverse_coverage}). Reverse KL: {self.optima_text}.")


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
