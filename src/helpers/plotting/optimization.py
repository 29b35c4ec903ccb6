"""Plots of chapter 6 (gradient descent): views the slider machinery can drive."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes

from .. import optimization as opt
from .base import COLORS, View

__all__ = ["Descent1DPlot", "Descent2DPlot"]

_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")

_REGIME_TEXT = {
    "monotone": "converges, never overshoots",
    "one step": "lands on the minimum in one step",
    "oscillating": "overshoots, but converges",
    "bouncing": "bounces between ±x₀ for ever",
    "diverging": "diverges",
}


class Descent1DPlot(View):
    """Gradient descent on f(x) = x² from x₀ = 3: the curve and the iterates joined by lines.

    Since f''(x) = 2 = L, a learning rate below 1/L = 0.5 creeps down one side, one between 0.5
    and 2/L = 1 overshoots but converges, and one above 1 diverges. An iterate that leaves the
    plot (|x| > 4) ends the path; its last segment is drawn to the edge, marked with a red cross.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> view = Descent1DPlot(ax, lr=0.5)
    >>> view.status
    'lands on the minimum in one step'
    >>> plt.close(fig)
    """

    x0, steps, edge, curvature = 3.0, 12, 4.0, 2.0

    def __init__(self, ax: Axes, *, lr: float = 0.1) -> None:
        grid = np.linspace(-self.edge, self.edge, 301)
        ax.plot(grid, grid ** 2, color=COLORS["grey"], lw=1.5, label="f(x) = x²")
        ax.set(xlim=(-self.edge, self.edge), ylim=(-0.8, self.edge ** 2 + 7.5), xlabel="x",
               ylabel="f(x)", title="Gradient descent on f(x) = x², from x₀ = 3")
        (self.path_line,) = ax.plot([], [], "-o", color=COLORS["blue"], lw=1.2, ms=5,
                                    label="iterates xₖ")
        (self.start,) = ax.plot([self.x0], [self.x0 ** 2], "o", color=COLORS["orange"], ms=8,
                                label="start x₀")
        (self.escape,) = ax.plot([], [], "x", color=COLORS["red"], ms=11, mew=3,
                                 label="left the plot")
        ax.legend(loc="upper center", frameon=False, ncols=4, fontsize=8, handletextpad=0.3,
                  columnspacing=1.0)
        self.label = ax.text(0.5, 0.86, "", transform=ax.transAxes, ha="center", va="top",
                             fontsize=9.5)
        self.animated = [self.path_line, self.escape, self.label]
        self.update(lr=lr)

    def update(self, *, lr: float) -> None:
        self.lr = float(lr)
        run = opt.gradient_descent(lambda x: self.curvature * x, self.x0, self.lr, self.steps,
                                   bound=self.edge)
        xs = run.path.copy()
        self.diverged = run.status == "diverged"
        self.steps_taken = run.steps
        if self.diverged:  # clip the escaping step to the plot's edge, along the curve
            xs[-1] = np.sign(xs[-1]) * self.edge
            self.escape.set_data([xs[-1]], [xs[-1] ** 2])
        else:
            self.escape.set_data([], [])
        self.path_line.set_data(xs, xs ** 2)
        self.x_last = float(run.path[-1])
        self.status = _REGIME_TEXT[opt.descent_regime(self.lr, self.curvature)]
        if self.diverged:
            text = f"ε = {self.lr:.2f}: diverges, off the plot at step {run.steps}"
        else:
            text = f"ε = {self.lr:.2f}: {self.status}"
        self.label.set_text(text)

    def describe(self) -> str:
        where = (f"the iterate left the plot (|x| > {self.edge:g}) at step {self.steps_taken}"
                 if self.diverged else f"after {self.steps_taken} steps x = {self.x_last:.4g}")
        return (f"Gradient descent on f(x) = x² from x = {self.x0:g} with learning rate "
                f"{self.lr:.2f}: it {self.status}; {where}. Stable rates are below 2/L = 1.")


def _clip_path(path: np.ndarray, xlim: tuple[float, float], ylim: tuple[float, float]
               ) -> tuple[np.ndarray, int | None]:
    """Cut a 2-D path where it first leaves the box xlim × ylim; end it on the box's edge.

    Returns the (possibly shorter) path and the step at which it left (None if it stayed in).
    """
    lo, hi = np.array([xlim[0], ylim[0]]), np.array([xlim[1], ylim[1]])
    inside = np.all((path >= lo) & (path <= hi), axis=1)
    if inside.all() or not inside[0]:
        return path, None
    k = int(np.argmin(inside))  # first point outside; path[k - 1] is inside
    a, b = path[k - 1], path[k]
    d = b - a
    with np.errstate(divide="ignore", invalid="ignore"):
        t_hi = np.where(d > 0, (hi - a) / d, np.inf)
        t_lo = np.where(d < 0, (lo - a) / d, np.inf)
    t = float(min(t_hi.min(), t_lo.min(), 1.0))
    return np.vstack([path[:k], a + t * d]), k


class Descent2DPlot(View):
    """Gradient descent on f(x, y) = ½(x² + κy²): contour ellipses and the path from (−4.5, 2).

    The Hessian is diag(1, κ), so κ is its condition number and the step must stay below 2/κ.
    The level sets are ellipses with semi-axes r and r/√κ, drawn as lines (no ``contour`` call),
    so they follow κ as fast as the path does. A path that leaves the plot is cut at its edge,
    where a red cross marks it.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> view = Descent2DPlot(ax, lr=0.3, kappa=10)
    >>> view.status
    'diverged'
    >>> plt.close(fig)
    """

    start = (-4.5, 2.0)
    steps, bound = 40, 12.0
    radii = (0.6, 1.2, 2.0, 3.0, 4.2, 5.6)
    xlim, ylim = (-5.2, 5.2), (-3.0, 3.0)

    def __init__(self, ax: Axes, *, lr: float = 0.15, kappa: float = 5.0) -> None:
        ax.set(xlim=self.xlim, ylim=self.ylim, xlabel="x", ylabel="y", aspect="equal")
        self.theta = np.linspace(0.0, 2.0 * np.pi, 65)
        self.ellipses = [ax.plot([], [], color=COLORS["sky"], lw=1.0)[0] for _ in self.radii]
        ax.plot([0], [0], "*", color=COLORS["green"], ms=11)
        (self.path_line,) = ax.plot([], [], "-o", color=COLORS["blue"], lw=1.2, ms=3)
        (self.escape,) = ax.plot([], [], "x", color=COLORS["red"], ms=11, mew=3, clip_on=False)
        ax.plot([self.start[0]], [self.start[1]], "o", color=COLORS["orange"], ms=8, zorder=3)
        self.label = ax.text(0.5, 1.03, "κ = 10, ε = 0.00: diverges (off at step 40)",
                             transform=ax.transAxes, ha="center", va="bottom", fontsize=10)
        self.animated = [*self.ellipses, self.path_line, self.escape, self.label]
        self.update(lr=lr, kappa=kappa)

    def update(self, *, lr: float, kappa: float) -> None:
        self.lr, self.kappa = float(lr), float(kappa)
        c, s = np.cos(self.theta), np.sin(self.theta)
        for line, r in zip(self.ellipses, self.radii):
            line.set_data(r * c, r / np.sqrt(self.kappa) * s)
        f, grad = opt.quadratic(np.diag([1.0, self.kappa]))
        run = opt.gradient_descent(grad, self.start, self.lr, self.steps, f=f, bound=self.bound)
        self.status, self.steps_taken = run.status, run.steps
        self.f_last = float(run.values[-1])
        self.regime = opt.descent_regime(self.lr, self.kappa)  # set by the stiff y direction
        path, self.left_at = _clip_path(run.path, self.xlim, self.ylim)
        self.path_line.set_data(path[:, 0], path[:, 1])
        cut = self.left_at is not None
        self.escape.set_data(path[-1:, 0] if cut else [], path[-1:, 1] if cut else [])
        head = f"κ = {self.kappa:g}, ε = {self.lr:.2f}"
        f_k = "f" + str(run.steps).translate(_SUBSCRIPT)
        if cut:
            self.label.set_text(f"{head}: diverges (off at step {self.left_at})")
        elif self.regime == "diverging":
            self.label.set_text(f"{head}: diverges, {f_k} = {self.f_last:.1e}")
        else:
            self.label.set_text(f"{head}: {f_k} = {self.f_last:.1e}")

    def describe(self) -> str:
        if self.status == "diverged":
            end = (f"the path diverged: it left the plot at step {self.left_at} and the box "
                   f"|x|, |y| ≤ {self.bound:g} at step {self.steps_taken}")
        elif self.regime == "diverging":
            end = f"the path is diverging: f = {self.f_last:.3g} after {self.steps_taken} steps"
        else:
            end = f"after {self.steps_taken} steps f = {self.f_last:.3g} (minimum 0 at the origin)"
        return (f"Contour ellipses of f = ½(x² + κy²) with condition number κ = {self.kappa:g} "
                f"and a gradient-descent path from (−4.5, 2) with learning rate {self.lr:.2f} "
                f"(stable below 2/κ = {2 / self.kappa:.3g}): {end}.")
