"""Plots of chapter 6 (gradient descent): views the slider machinery can drive."""

from __future__ import annotations

from typing import Sequence

import numpy as np
from matplotlib.axes import Axes

from .. import optimization as opt
from ..autodiff import Var, topological_order
from .base import COLORS, View

__all__ = ["Descent1DPlot", "Descent2DPlot", "ConditioningPlot", "OptimizerRacePlot", "SaddlePlot",
           "plot_computational_graph"]

_SUBSCRIPT = str.maketrans("0123456789", "₀₁₂₃₄₅₆₇₈₉")

_REGIME_TEXT = {
    "monotone": "converges, never overshoots",
    "one step": "lands on the minimum in one step",
    "oscillating": "overshoots, but converges",
    "bouncing": "oscillates with constant amplitude (±x₀)",
    "diverging": "diverges",
}


class Descent1DPlot(View):
    """Gradient descent on f(x) = x² from x₀ = 3: the curve and the iterates joined by lines.

    Since f''(x) = 2 = λ, a learning rate below 1/λ = 0.5 creeps down one side, 0.5 lands on the
    minimum in one step, one between 0.5 and 2/λ = 1 overshoots but converges, exactly 1 jumps
    between ±x₀ forever (each step multiplies x by 1 − ελ = −1), and one above 1 diverges. An
    iterate that leaves the plot (|x| > 4) ends the path; its last segment, the straight line
    toward that iterate, is cut where it leaves the plot, and a red arrowhead there points
    out through the side it left by (the iterate itself lies off the plot, not on the drawn curve).

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
    ylim = (-0.8, edge ** 2 + 7.5)

    def __init__(self, ax: Axes, *, lr: float = 0.1) -> None:
        grid = np.linspace(-self.edge, self.edge, 301)
        ax.plot(grid, grid ** 2, color=COLORS["grey"], lw=1.5, label="f(x) = x²")
        ax.set(xlim=(-self.edge, self.edge), ylim=self.ylim, xlabel="x",
               ylabel="f(x)", title="Gradient descent on f(x) = x², from x₀ = 3")
        (self.path_line,) = ax.plot([], [], "-o", color=COLORS["blue"], lw=1.2, ms=5,
                                    label="iterates xₖ")
        (self.start,) = ax.plot([self.x0], [self.x0 ** 2], "o", color=COLORS["orange"], ms=8,
                                label="start x₀")
        (self.escape,) = ax.plot([], [], marker=">", ls="", color=COLORS["red"],
                                 ms=11, clip_on=False, label="left the plot")
        self.escape.set_in_layout(False)
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
        points = np.column_stack([xs, xs ** 2])
        if self.diverged:  # cut the escaping step where it leaves the box; an arrow points on
            points, _ = _clip_path(points, (-self.edge, self.edge), self.ylim)
            x_b, y_b = points[-1]
            side = "^" if np.isclose(y_b, self.ylim[1]) else (">" if x_b > 0 else "<")
            self.escape.set_marker(side)  # the side of the plot the path left through
            self.escape.set_data([x_b], [y_b])
        else:
            self.escape.set_data([], [])
        self.path_line.set_data(points[:, 0], points[:, 1])
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
                f"{self.lr:.2f}: it {self.status}; {where}. Stable rates are below 2/λ = 1.")


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
        self.escape.set_in_layout(False)  # else the layout (and every blitted frame) would shift
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
        head = f"κ = {self.kappa:g}, ε = {self.lr:.3g}"
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
                f"and a gradient-descent path from (−4.5, 2) with learning rate {self.lr:.3g} "
                f"(stable below 2/κ = {2 / self.kappa:.3g}): {end}.")


class ConditioningPlot(Descent2DPlot):
    """:class:`Descent2DPlot` with the step given as a fraction of the largest stable step.

    The learning rate is ε = ``frac``·2/κ (κ = λ_max, since λ_min = 1): the same fraction is
    equally safe in the stiff y direction at every κ, so comparing κ values at one fraction
    shows what ill-conditioning costs. The x coordinate (curvature 1, the flat direction when
    κ > 1) is multiplied by 1 − 2·frac/κ per step, closer to 1 as κ grows; the y coordinate
    (curvature κ) by 1 − 2·frac. ``frac`` ≥ 1 bounces or diverges.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> view = ConditioningPlot(ax, frac=0.5, kappa=1)
    >>> view.f_last
    0.0
    >>> view.update(frac=0.5, kappa=100); view.f_last > 1
    True
    >>> plt.close(fig)
    """

    def __init__(self, ax: Axes, *, frac: float = 0.9, kappa: float = 10.0) -> None:
        self.frac = float(frac)
        super().__init__(ax, lr=2.0 * self.frac / float(kappa), kappa=kappa)

    def update(self, *, frac: float = None, kappa: float, lr: float = None) -> None:
        if frac is not None:
            self.frac = float(frac)
        if not 0.0 < self.frac <= 1.5:
            raise ValueError(f"frac must lie in (0, 1.5]; got {self.frac:g}")
        super().update(lr=2.0 * self.frac / float(kappa), kappa=kappa)
        head = f"κ = {self.kappa:g}, ε = {self.frac:g}·2/κ"
        text = self.label.get_text()
        self.label.set_text(head + text[text.index(":"):])

    def describe(self) -> str:
        return (super().describe() + f" The step is the fraction {self.frac:g} of the stable "
                f"limit 2/κ, so at every step the x coordinate (curvature 1) is multiplied by "
                f"{1 - 2 * self.frac / self.kappa:.3g} and the y coordinate (curvature "
                f"{self.kappa:g}) by {1 - 2 * self.frac:.3g}.")


class OptimizerRacePlot(View):
    """Gradient descent, heavy-ball momentum and Adam side by side on f = ½(x² + κy²), κ = 10.

    All three start at (−4.5, 2) with the same learning rate ε and run 80 steps; the heavy ball
    uses β = ``beta1``, Adam uses β₁ = ``beta1`` and β₂ = ``beta2`` (bias-corrected, eps 10⁻⁸).
    Left: the paths over the contour ellipses (a path that leaves the plot is cut at its edge);
    right: f(xₖ) against k on a log scale (values below 10⁻¹² are drawn at 10⁻¹², above 10³ at
    10³).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, axes = plt.subplots(1, 2)
    >>> view = OptimizerRacePlot(axes, lr=0.05, beta1=0.9, beta2=0.999)
    >>> sorted(view.final)
    ['Adam', 'gradient descent', 'momentum']
    >>> plt.close(fig)
    """

    panels = 2
    kappa, start, steps, bound = 10.0, (-4.5, 2.0), 80, 1e4
    xlim, ylim, flim = (-5.2, 5.2), (-3.0, 3.0), (1e-12, 1e3)
    radii = Descent2DPlot.radii

    def __init__(self, axes: Sequence[Axes], *, lr: float = 0.05, beta1: float = 0.9,
                 beta2: float = 0.999) -> None:
        ax, fax = axes
        theta = np.linspace(0.0, 2.0 * np.pi, 65)
        for r in self.radii:
            ax.plot(r * np.cos(theta), r / np.sqrt(self.kappa) * np.sin(theta),
                    color=COLORS["sky"], lw=1.0)
        ax.plot([0], [0], "*", color=COLORS["green"], ms=11)
        ax.plot([self.start[0]], [self.start[1]], "o", color=COLORS["orange"], ms=7, zorder=3)
        self.names = ("gradient descent", "momentum", "Adam")
        colors = (COLORS["blue"], COLORS["red"], COLORS["green"])
        self.paths = [ax.plot([], [], "-", color=c, lw=1.3, label=nm)[0]
                      for nm, c in zip(self.names, colors)]
        ax.set(xlim=self.xlim, ylim=self.ylim, xlabel="x", ylabel="y", aspect="equal",
               title="f = ½(x² + 10y²) from (−4.5, 2)")
        # below the axes: inside, some path crosses every corner for some ε and β
        ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.2), ncols=3, fontsize=7.5,
                  frameon=False, handlelength=1.5, columnspacing=1.0)
        k = np.arange(self.steps + 1)
        self.curves = [fax.semilogy(k, np.ones_like(k, dtype=float), color=c, lw=1.3)[0]
                       for c in colors]
        fax.set(xlim=(0, self.steps), ylim=self.flim, xlabel="step k", ylabel="f(xₖ)",
                title="loss along the path")
        self.label = fax.text(0.97, 0.97, "", transform=fax.transAxes, ha="right", va="top",
                              fontsize=8)
        self.label.set_in_layout(False)
        self.animated = [*self.paths, *self.curves, self.label]
        self.update(lr=lr, beta1=beta1, beta2=beta2)

    def update(self, *, lr: float, beta1: float, beta2: float) -> None:
        self.lr, self.beta1, self.beta2 = float(lr), float(beta1), float(beta2)
        f, grad = opt.quadratic(np.diag([1.0, self.kappa]))
        runs = {
            "gradient descent": opt.run_optimizer(grad, self.start, "gd", self.steps, self.lr,
                                                  f=f, bound=self.bound),
            "momentum": opt.run_optimizer(grad, self.start, "momentum", self.steps, self.lr,
                                          beta=self.beta1, f=f, bound=self.bound),
            "Adam": opt.run_optimizer(grad, self.start, "adam", self.steps, self.lr,
                                      beta=self.beta1, beta2=self.beta2, f=f, bound=self.bound),
        }
        self.final, self.status = {}, {}
        for name, line, curve in zip(self.names, self.paths, self.curves):
            run = runs[name]
            path, _ = _clip_path(run.path, self.xlim, self.ylim)
            line.set_data(path[:, 0], path[:, 1])
            values = np.clip(run.values, *self.flim)
            curve.set_data(np.arange(len(values)), values)
            self.final[name] = float(run.values[-1])
            self.status[name] = run.status
        self.label.set_text(f"ε = {self.lr:g}, β₁ = {self.beta1:g}, β₂ = {self.beta2:g}")

    def _state(self, name: str) -> str:
        if self.status[name] == "diverged":
            return f"{name} diverged"
        return f"{name} f = {self.final[name]:.2g}"

    def describe(self) -> str:
        return (f"Three optimizers on f = ½(x² + 10y²) from (−4.5, 2), {self.steps} steps with "
                f"learning rate {self.lr:g} (momentum β = {self.beta1:g}; Adam β₁ = "
                f"{self.beta1:g}, β₂ = {self.beta2:g}): "
                + "; ".join(self._state(n) for n in self.names) + ".")


def _graph_layout(root: Var) -> tuple[list[Var], dict[int, tuple[int, float]]]:
    """Columns by depth (inputs placed just left of their first use) and rows that keep the
    main chain on one line: a node's first computed parent takes its row, the others go above."""
    order = topological_order(root)
    depth: dict[int, int] = {}
    for node in order:  # parents come first
        depth[id(node)] = 1 + max((depth[id(p)] for p in node.parents), default=-1)
    children: dict[int, list[Var]] = {}
    for node in order:
        for p in node.parents:
            children.setdefault(id(p), []).append(node)
    for node in order:
        if not node.parents and id(node) in children:
            depth[id(node)] = min(depth[id(c)] for c in children[id(node)]) - 1
    shift = min(depth.values())
    place: dict[int, tuple[int, float]] = {}
    taken: set[tuple[int, float]] = set()
    stack = [(root, 0.0)]
    while stack:
        node, row = stack.pop()
        if id(node) in place:
            continue
        col = depth[id(node)] - shift
        while (col, row) in taken:
            row += 1.0
        place[id(node)] = (col, row)
        taken.add((col, row))
        parents = sorted(dict.fromkeys(node.parents), key=lambda p: not p.parents)  # computed first
        for i, p in reversed(list(enumerate(parents))):
            stack.append((p, row + i))
    return order, place


def _node_label(node: Var) -> str:
    if node.name and node.op:  # a computed value with a name: both ("A₁ = +")
        head = f"{node.name} = {node.op}"
    else:
        head = node.name or node.op or "value"
    shape = node.value.shape
    size = "scalar" if shape == () else "×".join(str(n) for n in shape)
    return f"{head}\n{size}"


def plot_computational_graph(ax: Axes, root: Var) -> list:
    """Draw the computational graph of ``root`` left to right by depth (chapter 6).

    One box per Var, labelled with its name (inputs, parameters) or its op (computed nodes) and
    its shape; one arrow per (parent, child) pair, pointing from the input of an op to its
    result. Inputs sit just left of the op that first uses them, so the chain from the data to
    the loss reads along one row. Returns the artists: the boxes (``Text`` objects with a box)
    first, then the arrows (``Annotation`` objects). Computed nodes are blue, inputs orange,
    ``root`` green.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> from helpers.autodiff import Var
    >>> x, w = Var(np.ones((2, 3)), name="X"), Var(np.ones(3), name="w")
    >>> fig, ax = plt.subplots()
    >>> artists = plot_computational_graph(ax, (x @ w).sigmoid().mean())
    >>> len(artists)            # 5 boxes (X, w, @, sigmoid, mean) and 4 arrows
    9
    >>> plt.close(fig)
    """
    if not isinstance(root, Var):
        raise ValueError(f"root must be a Var (the output of the graph); got {type(root).__name__}")
    order, place = _graph_layout(root)
    boxes = {}
    for node in order:
        col, row = place[id(node)]
        color = (COLORS["green"] if node is root else
                 COLORS["blue"] if node.parents else COLORS["orange"])
        boxes[id(node)] = ax.text(
            col, row, _node_label(node), ha="center", va="center", fontsize=8, zorder=3,
            bbox=dict(boxstyle="round,pad=0.35", facecolor="white", edgecolor=color, lw=1.5))
    arrows = []
    for node in order:
        for p in dict.fromkeys(node.parents):
            src, dst = boxes[id(p)], boxes[id(node)]
            arrows.append(ax.annotate(
                "", xy=place[id(node)], xytext=place[id(p)], zorder=2,
                arrowprops=dict(arrowstyle="-|>", color=COLORS["grey"], lw=1.1,
                                shrinkA=0, shrinkB=0, patchA=src.get_bbox_patch(),
                                patchB=dst.get_bbox_patch())))
    cols = [c for c, _ in place.values()]
    rows = [r for _, r in place.values()]
    ax.set(xlim=(min(cols) - 0.6, max(cols) + 0.6), ylim=(min(rows) - 0.7, max(rows) + 0.7))
    ax.set_axis_off()
    return [*boxes.values(), *arrows]


class SaddlePlot(View):
    """Gradient descent near a saddle point: f(x, y) = x²/2 + y⁴/4 − y²/2 (chapter 6).

    ∇f = (x, y³ − y): a critical point at the origin with Hessian diag(1, −1) (a saddle) and
    minima at (0, ±1) where f = −1/4. The path starts at (1.5, offset). Along x the origin
    attracts; along y it repels, but only as fast as y itself: y grows by the factor 1 + ε per
    step near y = 0, so a small offset spends many steps on the plateau f ≈ 0 before it falls
    to a minimum, and offset = 0 (the stable manifold y = 0) converges to the saddle itself.
    Left: contours and the path; right: f against the iteration.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, axes = plt.subplots(1, 2)
    >>> view = SaddlePlot(axes, offset=0.0, lr=0.1)
    >>> view.end
    'the saddle (0, 0)'
    >>> view.update(offset=0.01, lr=0.1); view.end
    'the minimum (0, 1)'
    >>> plt.close(fig)
    """

    panels = 2
    x0, steps, threshold = 1.5, 300, -0.2
    xlim, ylim = (-1.7, 1.7), (-1.45, 1.45)

    @staticmethod
    def f(x: np.ndarray, y: np.ndarray) -> np.ndarray:
        return 0.5 * x ** 2 + 0.25 * y ** 4 - 0.5 * y ** 2

    def __init__(self, axes: Sequence[Axes], *, offset: float = 0.05, lr: float = 0.1) -> None:
        ax, fax = axes
        gx, gy = np.meshgrid(np.linspace(*self.xlim, 121), np.linspace(*self.ylim, 121))
        ax.contour(gx, gy, self.f(gx, gy), levels=[-0.2, -0.1, 0.0, 0.15, 0.4, 0.8, 1.2],
                   colors=COLORS["sky"], linewidths=1.0)
        ax.plot([0], [0], "X", color=COLORS["red"], ms=9, label="saddle")
        ax.plot([0, 0], [-1, 1], "*", color=COLORS["green"], ms=12, label="minima")
        (self.path_line,) = ax.plot([], [], "-", color=COLORS["blue"], lw=1.6)
        (self.start,) = ax.plot([], [], "o", color=COLORS["orange"], ms=7)
        (self.end_dot,) = ax.plot([], [], "o", color=COLORS["blue"], ms=6)
        ax.set(xlim=self.xlim, ylim=self.ylim, xlabel="x", ylabel="y", aspect="equal",
               title="f = x²/2 + y⁴/4 − y²/2")
        ax.legend(loc="lower left", fontsize=7.5, frameon=False, handletextpad=0.2)
        k = np.arange(self.steps + 1)
        fax.axhline(0.0, color=COLORS["red"], lw=1, ls=":")
        fax.axhline(-0.25, color=COLORS["green"], lw=1, ls=":")
        fax.text(self.steps, 0.02, "f at the saddle", ha="right", va="bottom", fontsize=8)
        fax.text(self.steps, -0.27, "f at the minima", ha="right", va="top", fontsize=8)
        (self.f_line,) = fax.plot(k, np.zeros_like(k, dtype=float), color=COLORS["blue"])
        (self.drop,) = fax.plot([], [], "o", color=COLORS["orange"], ms=6)
        fax.set(xlim=(0, self.steps), ylim=(-0.4, 1.2), xlabel="iteration k", ylabel="f(xₖ, yₖ)",
                title="f along the path")
        self.label = fax.text(0.97, 0.93, "", transform=fax.transAxes, ha="right", va="top",
                              fontsize=9)
        self.label.set_in_layout(False)  # inside the axes; its length must not move the layout
        self.animated = [self.path_line, self.start, self.end_dot, self.f_line, self.drop,
                         self.label]
        self.update(offset=offset, lr=lr)

    def update(self, *, offset: float, lr: float) -> None:
        self.offset, self.lr = float(offset), float(lr)
        if not abs(self.offset) < self.ylim[1]:
            raise ValueError(f"offset must lie in ({-self.ylim[1]}, {self.ylim[1]}); "
                             f"got {self.offset:g}")
        if not 0.0 < self.lr < 1.0:  # the curvature at the minima is at most 2: stable below 1
            raise ValueError(f"lr must lie in (0, 1); got {self.lr:g}")
        # x ← x − ε x and y ← y − ε (y³ − y): gradient descent, in plain floats for speed
        path = np.empty((self.steps + 1, 2))
        x, y = self.x0, self.offset
        for k in range(self.steps + 1):
            path[k] = x, y
            x, y = x - self.lr * x, y - self.lr * (y ** 3 - y)
        values = self.f(path[:, 0], path[:, 1])
        self.path_line.set_data(path[:, 0], path[:, 1])
        self.start.set_data([self.x0], [self.offset])
        self.end_dot.set_data(path[-1:, 0], path[-1:, 1])
        self.f_line.set_data(np.arange(len(values)), values)
        below = np.flatnonzero(values < self.threshold)
        self.drop_step = int(below[0]) if below.size else None
        self.drop.set_data(([self.drop_step], [values[self.drop_step]]) if below.size
                           else ([], []))
        self.x_end, self.y_end = float(path[-1, 0]), float(path[-1, 1])
        self.f_end = float(values[-1])
        targets = {"the saddle (0, 0)": 0.0, "the minimum (0, 1)": 1.0,
                   "the minimum (0, −1)": -1.0}
        nearest = min(targets, key=lambda t: np.hypot(self.x_end, self.y_end - targets[t]))
        self.distance = float(np.hypot(self.x_end, self.y_end - targets[nearest]))
        self.leaving = "saddle" in nearest and self.y_end != 0.0  # unstable: y keeps growing
        self.arrived = self.distance < 1e-3 and not self.leaving
        self.end = nearest if self.arrived else f"near {nearest}"
        if self.drop_step is not None:
            news = f"f < −0.2 at k = {self.drop_step}"
        else:
            news = "converges to the saddle" if self.arrived else "still near the saddle"
        self.label.set_text(f"ε = {self.lr:.2f}, y₀ = {self.offset:.3g}: {news}")

    def describe(self) -> str:
        drop = (f"f first fell below −0.2 after {self.drop_step} steps"
                if self.drop_step is not None
                else f"f never fell below −0.2 in {self.steps} steps")
        if self.arrived:
            where = f"at {self.end}"
        elif self.leaving:
            where = (f"near the saddle (0, 0) but leaving it: |y| grows by a factor of about "
                     f"1 + ε = {1 + self.lr:.2f} per step")
        else:
            where = f"{self.end}, {self.distance:.2g} away from it"
        return (f"Gradient descent on f = x²/2 + y⁴/4 − y²/2 (saddle at the origin, minima at "
                f"(0, ±1)) from (1.5, {self.offset:.3g}) with learning rate {self.lr:.2f}: after "
                f"{self.steps} steps it is at ({self.x_end:.3g}, {self.y_end:.3g}) with "
                f"f = {self.f_end:.3g}, {where}; {drop}.")
