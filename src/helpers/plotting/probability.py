"""Plots of chapter 4 (probability): views the slider machinery can drive."""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Rectangle

from .. import probability as prob
from .base import COLORS, View

__all__ = ["BayesPosteriorPlot", "CorrelationScatter", "LawOfLargeNumbersPlot",
           "LikelihoodCurvePlot"]


class BayesPosteriorPlot(View):
    """Bayes' rule for one spam filter: the population as areas (left), prior vs posterior (right).

    Left: a unit square split into spam (width = prior) and not spam; the shaded part of each
    column is the share the filter flags (sensitivity and false-positive rate). The two dark
    areas, P(S, F) and P(not S, F), are also printed, so they can be compared when a rare prior
    makes them too thin to see. Right: bars of the prior P(S), the total probability of a flag
    P(F) and the posterior P(S | F).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, axes = plt.subplots(1, 2)
    >>> view = BayesPosteriorPlot(axes, prior=0.2, sensitivity=0.9, false_positive_rate=0.1)
    >>> round(view.posterior, 4)
    0.6923
    >>> plt.close(fig)
    """

    panels = 2

    def __init__(self, axes: Sequence[Axes], *, prior: float = 0.2, sensitivity: float = 0.9,
                 false_positive_rate: float = 0.1) -> None:
        area_ax, bar_ax = axes
        area_ax.set(xlim=(0, 1), ylim=(0, 1), xlabel="share of all e-mail",
                    ylabel="share flagged (dark)",
                    title="All e-mail: spam (red) | not spam (blue)")
        area_ax.grid(False)
        self.spam_rest = Rectangle((0, 0), 0, 1, color=COLORS["red"], alpha=0.25, lw=0)
        self.spam_flag = Rectangle((0, 0), 0, 0, color=COLORS["red"], lw=0)
        self.ham_rest = Rectangle((0, 0), 0, 1, color=COLORS["blue"], alpha=0.2, lw=0)
        self.ham_flag = Rectangle((0, 0), 0, 0, color=COLORS["blue"], lw=0)
        for patch in (self.spam_rest, self.spam_flag, self.ham_rest, self.ham_flag):
            area_ax.add_patch(patch)
        self.areas = area_ax.text(0.97, 0.96, "", transform=area_ax.transAxes, ha="right",
                                  va="top", fontsize=9, multialignment="left",
                                  bbox=dict(boxstyle="round", fc="white", ec="none", alpha=0.85))
        self.names = ["prior\nP(S)", "flagged\nP(F)", "posterior\nP(S | F)"]
        self.bars = bar_ax.bar(range(3), [0, 0, 0],
                               color=[COLORS["grey"], COLORS["orange"], COLORS["red"]])
        bar_ax.set(ylim=(0, 1.15), xticks=range(3), ylabel="probability",
                   title="Before and after a flag")
        bar_ax.set_xticklabels(self.names)
        self.labels = [bar_ax.text(i, 0, "", ha="center", va="bottom", fontsize=9)
                       for i in range(3)]
        self.animated = [self.spam_rest, self.spam_flag, self.ham_rest, self.ham_flag,
                         *self.bars.patches, *self.labels, self.areas]
        self.update(prior=prior, sensitivity=sensitivity, false_positive_rate=false_positive_rate)

    def update(self, *, prior: float, sensitivity: float, false_positive_rate: float) -> None:
        self.prior, self.sensitivity = float(prior), float(sensitivity)
        self.fpr = float(false_positive_rate)
        self.spam_rest.set_bounds(0, 0, self.prior, 1)
        self.spam_flag.set_bounds(0, 0, self.prior, self.sensitivity)
        self.ham_rest.set_bounds(self.prior, 0, 1 - self.prior, 1)
        self.ham_flag.set_bounds(self.prior, 0, 1 - self.prior, self.fpr)
        prior_vec, lik = [self.prior, 1 - self.prior], [self.sensitivity, self.fpr]
        self.evidence = prob.total_probability(prior_vec, lik)
        # Nothing is ever flagged when prior = 0 and the false-positive rate is 0: P(S | F) is
        # undefined there, so the bar is left empty and labelled instead of raising.
        self.posterior = (float(prob.bayes_update(prior_vec, lik)[0]) if self.evidence > 0
                          else math.nan)
        self.spam_area = self.prior * self.sensitivity
        self.ham_area = (1 - self.prior) * self.fpr
        self.areas.set_text(f"dark red   P(S, F) = {self.spam_area:.3g}\n"
                            f"dark blue  P(not S, F) = {self.ham_area:.3g}")
        heights = [self.prior, self.evidence, self.posterior]
        for rect, label, h in zip(self.bars.patches, self.labels, heights):
            shown = 0.0 if math.isnan(h) else h
            rect.set_height(shown)
            label.set_y(shown + 0.01)
            label.set_text("n/a" if math.isnan(h) else f"{h:.3f}")

    def describe(self) -> str:
        post = ("undefined (nothing is flagged)" if math.isnan(self.posterior)
                else f"{self.posterior:.3f}")
        return (f"Spam filter with prior P(spam) = {self.prior:.3g}, sensitivity "
                f"{self.sensitivity:.2f} and false-positive rate {self.fpr:.2f}: "
                f"P(flagged) = {self.evidence:.3g}, of which spam {self.spam_area:.3g} and good "
                f"mail {self.ham_area:.3g}; posterior P(spam | flagged) = {post}.")


class CorrelationScatter(View):
    """A fixed seeded sample of standard-normal pairs, transformed to have correlation ρ.

    Moving ρ moves the same points (``set_offsets``); nothing is resampled.
    """

    def __init__(self, ax: Axes, *, rho: float = 0.5, n: int = 400) -> None:
        self.base = np.random.default_rng(0).standard_normal((n, 2))
        ax.set(xlim=(-4, 4), ylim=(-4, 4), xlabel="x", ylabel="y", aspect="equal",
               title="Samples with correlation ρ")
        self.points = ax.scatter(self.base[:, 0], self.base[:, 1], s=9,
                                 color=COLORS["blue"], alpha=0.6, lw=0)
        grid = np.array([-4.0, 4.0])
        (self.line,) = ax.plot(grid, 0 * grid, color=COLORS["orange"], lw=1.5,
                               label="regression line E[y | x] = ρx")
        ax.legend(loc="lower right", frameon=False)
        self.grid = grid
        self.label = ax.text(0.03, 0.97, "", transform=ax.transAxes, va="top", fontsize=9.5)
        self.animated = [self.points, self.line, self.label]
        self.update(rho=rho)

    def update(self, *, rho: float) -> None:
        self.rho = float(rho)
        xy = prob.correlate(self.base, self.rho)
        self.points.set_offsets(xy)
        self.line.set_ydata(self.rho * self.grid)
        dx, dy = xy[:, 0] - xy[:, 0].mean(), xy[:, 1] - xy[:, 1].mean()
        self.sample_rho = float(np.clip(dx @ dy / math.sqrt((dx @ dx) * (dy @ dy)), -1, 1))
        self.label.set_text(f"ρ = {self.rho:+.2f}\nin the sample {self.sample_rho:+.3f}")

    def describe(self) -> str:
        return (f"Scatter of {len(self.base)} points with population correlation "
                f"{self.rho:+.2f}; the sample correlation is {self.sample_rho:+.3f}.")


class LawOfLargeNumbersPlot(View):
    """Running frequency of heads of one seeded coin, up to n = 10^log10_n flips.

    The flips come from one fixed sequence of uniform numbers (heads when u < p), so moving the
    sliders extends or re-thresholds the same experiment instead of drawing a new one.
    """

    max_flips = 10_000

    def __init__(self, ax: Axes, *, log10_n: float = 2.0, p: float = 0.5) -> None:
        self.u = np.random.default_rng(0).random(self.max_flips)
        # a few hundred log-spaced indices are enough to draw the running frequency
        self.idx = np.unique(np.geomspace(1, self.max_flips, 400).astype(int)) - 1
        ax.set(xscale="log", xlim=(1, self.max_flips), ylim=(-0.02, 1.02),
               xlabel="number of flips n (log scale)", ylabel="frequency of heads",
               title="Law of large numbers: one coin, more flips")
        (self.freq_line,) = ax.plot([], [], color=COLORS["blue"], lw=1.6, label="running frequency")
        (self.p_line,) = ax.plot([1, self.max_flips], [0, 0], color=COLORS["orange"], ls="--",
                                 lw=1.4, label="P(heads) = p")
        (self.marker,) = ax.plot([], [], "o", color=COLORS["blue"], ms=6)
        ax.legend(loc="lower right", frameon=False)
        self.label = ax.text(0.03, 0.97, "", transform=ax.transAxes, va="top", fontsize=9.5)
        self.animated = [self.freq_line, self.p_line, self.marker, self.label]
        self.update(log10_n=log10_n, p=p)

    def update(self, *, log10_n: float, p: float) -> None:
        self.p = float(p)
        self.n = int(round(10 ** float(log10_n)))
        self.n = min(max(self.n, 1), self.max_flips)
        freq = prob.running_frequency(self.u[: self.n] < self.p)
        idx = self.idx[self.idx < self.n]
        self.freq = float(freq[-1])
        self.freq_line.set_data(idx + 1, freq[idx])
        self.p_line.set_ydata([self.p, self.p])
        self.marker.set_data([self.n], [self.freq])
        self.label.set_text(f"n = {self.n}: frequency {self.freq:.3f} (p = {self.p:.2f})")

    def describe(self) -> str:
        flips = "flip" if self.n == 1 else "flips"
        return (f"Running frequency of heads over {self.n} {flips} of a coin with P(heads) = "
                f"{self.p:.2f}; after {self.n} {flips} it is {self.freq:.3f}, "
                f"off by {abs(self.freq - self.p):.3f}.")


class LikelihoodCurvePlot(View):
    """Likelihood of θ for k heads in n flips (left) and the mean negative log-likelihood (right).

    ``heads_fraction`` sets k = round(fraction · n), so k ≤ n always holds. The likelihood is shown
    relative to its maximum, L(θ) / L(θ̂), so its peak is 1 for every n; the marker is the MLE k/n.
    """

    panels = 2
    nll_top = 3.0

    def __init__(self, axes: Sequence[Axes], *, n: int = 10, heads_fraction: float = 0.7) -> None:
        lik_ax, nll_ax = axes
        self.theta = np.linspace(0.0, 1.0, 201)
        lik_ax.set(xlim=(0, 1), ylim=(0, 1.1), xlabel="θ = P(heads)",
                   ylabel="L(θ) / L(θ̂)", title="Likelihood of θ given the flips")
        nll_ax.set(xlim=(0, 1), ylim=(0, self.nll_top), xlabel="θ = P(heads)",
                   ylabel="−log L(θ) / n  [nats]", title="Mean negative log-likelihood")
        (self.lik_line,) = lik_ax.plot(self.theta, 0 * self.theta, color=COLORS["blue"])
        (self.nll_line,) = nll_ax.plot(self.theta, 0 * self.theta, color=COLORS["red"])
        (self.lik_mark,) = lik_ax.plot([], [], "o", color=COLORS["orange"], ms=7, clip_on=False)
        (self.nll_mark,) = nll_ax.plot([], [], "o", color=COLORS["orange"], ms=7, clip_on=False)
        (self.guide,) = lik_ax.plot([], [], color=COLORS["orange"], lw=1, ls="--")
        self.label = lik_ax.text(0.03, 0.97, "", transform=lik_ax.transAxes, va="top",
                                 fontsize=9.5)
        self.animated = [self.lik_line, self.nll_line, self.lik_mark, self.nll_mark,
                         self.guide, self.label]
        self.update(n=n, heads_fraction=heads_fraction)

    def update(self, *, n: int, heads_fraction: float) -> None:
        self.n = int(n)
        self.k = min(self.n, max(0, int(round(float(heads_fraction) * self.n))))
        ll = prob.bernoulli_log_likelihood(self.theta, self.k, self.n)
        self.mle = prob.bernoulli_mle(self.k, self.n)
        ll_max = float(prob.bernoulli_log_likelihood(self.mle, self.k, self.n))
        self.nll_min = -ll_max / self.n + 0.0  # + 0.0 turns −0.0 (all heads or all tails) into 0.0
        self.lik_line.set_ydata(np.exp(ll - ll_max))  # exp(−inf) = 0 at impossible θ
        # −log L is +inf where θ is impossible; clip above the axes so the line leaves the top
        self.nll_line.set_ydata(np.minimum(-ll / self.n, 1.02 * self.nll_top))
        self.lik_mark.set_data([self.mle], [1.0])
        self.nll_mark.set_data([self.mle], [self.nll_min])
        self.guide.set_data([self.mle, self.mle], [0, 1])
        self.label.set_text(f"k = {self.k}, n = {self.n}\nMLE k/n = {self.mle:.3f}")

    def describe(self) -> str:
        heads = "head" if self.k == 1 else "heads"
        return (f"Likelihood of θ for {self.k} {heads} in {self.n} flips, peaking at the MLE "
                f"θ̂ = k/n = {self.mle:.3f}; the mean negative log-likelihood is lowest there, "
                f"at {self.nll_min:.3f} nats per flip.")
