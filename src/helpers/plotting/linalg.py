"""Plots of chapter 2 (matrix products and linear maps): views the slider machinery can drive."""

from __future__ import annotations

import numpy as np
from matplotlib.axes import Axes
from matplotlib.patches import Polygon

from .. import linalg as la
from .base import COLORS, View

__all__ = ["LinearMapPlot", "LpBallPlot", "PRESETS", "ROTATION_ANGLES", "draw_projection",
           "path_matrix"]

#: |det A| below this counts as singular in the figure (the entries move in steps of 0.1).
SINGULAR_TOL = 1e-9


#: The matrices the linear-map demo offers, by name (every entry lies in [−2, 2]).
PRESETS: dict[str, np.ndarray] = {
    "stretch + shear": np.array([[1.5, 1.0], [0.0, 0.8]]),
    "rotation 60°": np.array([[0.5, -np.sqrt(3) / 2], [np.sqrt(3) / 2, 0.5]]),
    "shear": np.array([[1.0, 1.0], [0.0, 1.0]]),
    "reflection": np.array([[1.0, 0.0], [0.0, -1.0]]),
    "negative diagonal": np.array([[-1.5, 0.0], [0.0, 0.5]]),
    "singular": np.array([[1.0, 2.0], [0.5, 1.0]]),
}

#: Presets that are rotations: their slider turns the angle, A(t) = R(t·angle), so that every
#: frame is a rotation (the straight path (1 − t) I + t R would shrink areas on the way).
ROTATION_ANGLES: dict[str, float] = {"rotation 60°": np.pi / 3}


def path_matrix(preset: str, t: float) -> np.ndarray:
    """The demo's matrix A(t): R(t·angle) for a rotation preset, (1 − t) I + t P otherwise."""
    if preset in ROTATION_ANGLES:
        return la.rotation_matrix(t * ROTATION_ANGLES[preset])
    return (1.0 - t) * np.eye(2) + t * PRESETS[preset]


class LinearMapPlot(View):
    """A 2 × 2 matrix acting on the unit square, circle and e1, e2 (chapter 2).

    The matrix is A(t) = (1 − t) I + t P for a named preset P (see :data:`PRESETS`), except for a
    rotation, where t turns the angle, A(t) = R(t·θ) (see :func:`path_matrix`): t = 0 is the
    identity, t = 1 the preset. Grey dashed: the unit square, the unit circle and the basis
    vectors. In color: their images, a parallelogram spanned by the columns Ae₁ and Ae₂, and an
    ellipse. The parallelogram's area is |det A|; when det A = 0 the plane collapses onto a line
    (or a point). The axis limits fit every preset and every t.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> view = LinearMapPlot(ax, preset="singular", t=1.0)
    >>> view.describe()[:63]
    'A = [[1.00, 2.00], [0.50, 1.00]] is singular (det A = 0.00): it'
    >>> plt.close(fig)
    """

    #: The view's x and y limits, fixed for every preset and t (a test sweeps them). Over all of
    #: them the images reach x from −√5 (the singular preset flattens the circle onto a segment
    #: of half-length √5) to 3 (its image of the corner (1, 1) is (3, 1.5)) and y from −√5/2 to
    #: 1.5. Wider than tall, to fill the demo's figure.
    xlim = (-2.4, 3.2)
    ylim = (-1.4, 1.7)

    def __init__(self, ax: Axes, *, preset: str = "stretch + shear", t: float = 1.0) -> None:
        t_ = np.linspace(0.0, 2 * np.pi, 181)
        self.circle = np.vstack([np.cos(t_), np.sin(t_)])  # 2 × 181
        self.square = np.array([[0.0, 1.0, 1.0, 0.0, 0.0], [0.0, 0.0, 1.0, 1.0, 0.0]])
        ax.set(xlim=self.xlim, ylim=self.ylim, aspect="equal", xlabel="$x_1$",
               ylabel="$x_2$", title="The linear map $\\mathbf{x} \\mapsto A\\mathbf{x}$")
        ax.axhline(0, color=COLORS["grey"], lw=0.8)
        ax.axvline(0, color=COLORS["grey"], lw=0.8)
        grey = dict(color=COLORS["grey"], lw=1.2, ls="--")
        ax.plot(*self.circle, **grey, label="unit square, circle")
        ax.plot(*self.square, **grey)
        self.patch = Polygon(self.square.T[:4], closed=True, facecolor=COLORS["sky"], alpha=0.3,
                             edgecolor=COLORS["blue"], lw=2, label="A · square")
        ax.add_patch(self.patch)
        (self.ellipse,) = ax.plot([], [], color=COLORS["orange"], lw=2,
                                  label="A · circle")
        (self.col1,) = ax.plot([], [], color=COLORS["red"], lw=2.5, marker="o", ms=5,
                               markevery=[1], label="$A\\mathbf{e}_1$ = column 1")
        (self.col2,) = ax.plot([], [], color=COLORS["green"], lw=2.5, marker="o", ms=5,
                               markevery=[1], label="$A\\mathbf{e}_2$ = column 2")
        ax.legend(loc="lower left", bbox_to_anchor=(1.02, 0.0), frameon=False, fontsize=8.5)
        # the matrix and its determinant: beside the plot, above the legend
        self.label = ax.text(1.04, 1.0, "", transform=ax.transAxes, ha="left", va="top",
                             fontsize=9, family="monospace")
        self.animated = [self.patch, self.ellipse, self.col1, self.col2, self.label]
        self.update(preset=preset, t=t)

    def update(self, *, preset: str, t: float) -> None:
        if preset not in PRESETS:
            raise ValueError(f"preset must be one of {list(PRESETS)}; got {preset!r}")
        t = float(t)
        if not 0.0 <= t <= 1.0:
            raise ValueError(f"t must lie in [0, 1]; got {t}")
        self.matrix = path_matrix(preset, t)
        a = self.matrix
        self.det = float(a[0, 0] * a[1, 1] - a[0, 1] * a[1, 0])
        if abs(self.det) < SINGULAR_TOL:
            self.det = 0.0
        self.rank = int(np.linalg.matrix_rank(a))
        self.patch.set_xy((a @ self.square).T[:4])
        self.ellipse.set_data(*(a @ self.circle))
        self.col1.set_data([0.0, a[0, 0]], [0.0, a[1, 0]])
        self.col2.set_data([0.0, a[0, 1]], [0.0, a[1, 1]])
        rows = f"A = [{a[0, 0]:+.2f} {a[0, 1]:+.2f}]\n    [{a[1, 0]:+.2f} {a[1, 1]:+.2f}]"
        if self.det == 0.0:
            where = "a line" if self.rank == 1 else "a point"
            self.label.set_text(f"{rows}\ndet A = 0:\nsingular,\nplane → {where}")
        else:
            flip = "\norientation\nflipped" if self.det < 0 else ""
            self.label.set_text(f"{rows}\ndet A = {self.det:+.2f}\n"
                                f"area = {abs(self.det):.2f}{flip}")

    def describe(self) -> str:
        # two decimals, as in the figure's box and the area (+ 0.0 turns -0.0 into 0.0)
        a = np.round(self.matrix, 2) + 0.0
        text = (f"A = [[{a[0, 0]:.2f}, {a[0, 1]:.2f}], [{a[1, 0]:.2f}, {a[1, 1]:.2f}]]")
        cols = (f"Ae1 = ({a[0, 0]:.2f}, {a[1, 0]:.2f}) and Ae2 = ({a[0, 1]:.2f}, "
                f"{a[1, 1]:.2f})")
        if self.det == 0.0:
            where = "a line" if self.rank == 1 else "a single point"
            return (f"{text} is singular (det A = 0.00): it flattens the unit square and the unit "
                    f"circle onto {where}; {cols}, rank {self.rank}.")
        flip = " and flips orientation" if self.det < 0 else ""
        return (f"{text} maps e1, e2 to {cols}; the unit square becomes a parallelogram of area "
                f"|det A| = {abs(self.det):.2f}{flip}, and the unit circle an ellipse.")


class LpBallPlot(View):
    """The unit circle {x : ‖x‖ₚ = 1} in 2-D for a chosen p, over the p = 1, 2, ∞ outlines.

    p = 1 is a diamond, p = 2 the round circle, and as p grows the curve approaches the L∞ square.
    For 0 < p < 1 the same formula draws a non-convex star: (Σ|xᵢ|ᵖ)^(1/p) is then not a norm.
    A marked vector x = (0.8, 0.6) shows its own Lp norm changing with p.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> LpBallPlot(ax, p=2.0).describe()[:44]
    'Unit circle of the L2 norm in the plane: a c'
    >>> LpBallPlot(ax, p=0.25).describe()[:47]
    'Curve (|x1|^p + |x2|^p)^(1/p) = 1 for p = 0.25:'
    >>> plt.close(fig)
    """

    point = np.array([0.8, 0.6])

    def __init__(self, ax: Axes, *, p: float = 2.0) -> None:
        refs = [(1, "L1: diamond", COLORS["green"], ":"), (2, "L2: circle", COLORS["grey"], "--"),
                (np.inf, "L∞: square", COLORS["purple"], "-.")]
        for q, name, color, ls in refs:
            ax.plot(*la.lp_unit_circle(q, 201).T, color=color, lw=1.3, ls=ls, label=name)
        ax.set(xlim=(-1.25, 1.25), ylim=(-1.25, 1.25), aspect="equal", xlabel="$x_1$",
               ylabel="$x_2$")
        # one title for every p (a changing title would change the layout): for p >= 1 the curve
        # is the unit circle of the norm, below 1 the readout says that the formula is not a norm
        ax.set_title("Curve $(|x_1|^p + |x_2|^p)^{1/p} = 1$")
        (self.ball,) = ax.plot([], [], color=COLORS["blue"], lw=2.5, label="current p")
        ax.plot(*self.point, "o", color=COLORS["orange"], ms=6)
        # the label sits in the free band above the L∞ square, joined to its marker by a line
        ax.annotate("x = (0.8, 0.6)", self.point, xytext=(0.8, 1.12), textcoords="data",
                    ha="center", va="center", fontsize=8.5,
                    arrowprops=dict(arrowstyle="-", color=COLORS["orange"], lw=0.8,
                                    shrinkA=2, shrinkB=4))
        ax.legend(loc="center left", bbox_to_anchor=(1.02, 0.5), frameon=False)
        # the readout: top right, next to the plot, above the legend
        self.label = ax.text(1.04, 0.98, "", transform=ax.transAxes, ha="left", va="top",
                             fontsize=10.5, color=COLORS["blue"])
        self.refs = [la.lp_norm(self.point, q) for q in (1, 2, np.inf)]
        self.animated = [self.ball, self.label]
        self.update(p=p)

    def update(self, *, p: float) -> None:
        self.p = float(p)
        self.ball.set_data(*la.lp_unit_circle(self.p, 401, allow_quasi=True).T)
        if self.p >= 1:
            self.norm = la.lp_norm(self.point, self.p)
        else:  # (Σ|xᵢ|ᵖ)^(1/p) directly: for p < 1 it is not a norm, so lp_norm refuses it
            self.norm = float(np.sum(np.abs(self.point) ** self.p) ** (1.0 / self.p))
        note = "\n(not a norm)" if self.p < 1 else ""
        self.label.set_text(f"p = {self.p:.2f}\n‖x‖ₚ = {self.norm:.3f}{note}")

    def describe(self) -> str:
        shape = ("a non-convex star (not a norm)" if self.p < 1 else
                 "a diamond" if self.p == 1 else "a circle" if self.p == 2 else
                 "a rounded diamond" if self.p < 2 else "a rounded square")
        head = (f"Unit circle of the L{self.p:g} norm in the plane" if self.p >= 1 else
                f"Curve (|x1|^p + |x2|^p)^(1/p) = 1 for p = {self.p:g}")
        return (f"{head}: {shape}, drawn over the "
                f"L1 diamond, L2 circle and L∞ square. The vector x = (0.8, 0.6) has "
                f"‖x‖ₚ = {self.norm:.3f}{' (not a norm)' if self.p < 1 else ''} "
                f"(‖x‖₁ = {self.refs[0]:.3f}, ‖x‖₂ = {self.refs[1]:.3f}, "
                f"‖x‖∞ = {self.refs[2]:.3f}).")


def draw_projection(ax, x: np.ndarray, y: np.ndarray) -> dict:
    """Draw y, its orthogonal projection ŷ onto the column space of a 3 × 2 X, and the residual.

    ``ax`` must be a 3-D axes (``projection="3d"``). The column space (a plane through 0) is drawn
    as a translucent patch spanned by the two columns, the columns as arrows, y in orange, ŷ in
    blue and the residual y − ŷ as a dashed black segment (black, so that it cannot be taken for
    the orange y), perpendicular to the plane, with a small right-angle mark at ŷ between the
    residual and the direction from ŷ to 0 (chapter 2).

    Returns
    -------
    dict of the artists drawn, keyed "plane", "y", "y_hat", "residual", "right_angle" (the
    mark is empty when ŷ or the residual is 0).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig = plt.figure(); ax = fig.add_subplot(projection="3d")
    >>> art = draw_projection(ax, np.array([[1.0, 0], [0, 1], [0, 0]]), np.array([1.0, 2, 3]))
    >>> sorted(art)
    ['plane', 'residual', 'right_angle', 'y', 'y_hat']
    >>> plt.close(fig)
    """
    xm, yv = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if xm.shape != (3, 2) or yv.shape != (3,):
        raise ValueError(f"x must be 3 × 2 and y of length 3 to draw in 3-D; got {xm.shape} "
                         f"and {yv.shape}")
    y_hat = la.orthogonal_projection(xm, yv)
    c1, c2 = xm[:, 0], xm[:, 1]
    s_, t_ = np.meshgrid(np.linspace(-0.3, 1.5, 2), np.linspace(-0.3, 1.5, 2))
    pts = s_[..., None] * c1 + t_[..., None] * c2
    plane = ax.plot_surface(pts[..., 0], pts[..., 1], pts[..., 2], color=COLORS["sky"],
                            alpha=0.25, linewidth=0)
    for c, name in ((c1, "column 1"), (c2, "column 2")):
        ax.quiver(0, 0, 0, *c, color=COLORS["grey"], lw=1.5, arrow_length_ratio=0.1)
        ax.text(*(1.05 * c), name, color=COLORS["grey"], fontsize=8)
    (y_line,) = ax.plot(*np.column_stack([np.zeros(3), yv]), color=COLORS["orange"], lw=2.5,
                        marker="o", markevery=[1], label="$\\mathbf{y}$")
    (yh_line,) = ax.plot(*np.column_stack([np.zeros(3), y_hat]), color=COLORS["blue"], lw=2.5,
                         marker="o", markevery=[1],
                         label="$\\hat{\\mathbf{y}} = X\\hat{\\mathbf{w}}$")
    (r_line,) = ax.plot(*np.column_stack([y_hat, yv]), color="black", lw=2, ls="--",
                        label="residual $\\mathbf{y} - \\hat{\\mathbf{y}}$")
    r = yv - y_hat
    size = 0.1 * max(float(np.linalg.norm(yv)), 1e-300)
    if np.linalg.norm(r) > 1e-12 * size and np.linalg.norm(y_hat) > 1e-12 * size:
        along_r, along_plane = r / np.linalg.norm(r), -y_hat / np.linalg.norm(y_hat)
        corner = np.column_stack([y_hat + size * along_plane,
                                  y_hat + size * (along_plane + along_r),
                                  y_hat + size * along_r])
    else:
        corner = np.empty((3, 0))
    (mark,) = ax.plot(*corner, color="black", lw=1.2)
    ax.set(xlabel="$x_1$", ylabel="$x_2$", zlabel="$x_3$")
    ax.legend(loc="upper left", frameon=False, fontsize=8)
    return {"plane": plane, "y": y_line, "y_hat": yh_line, "residual": r_line,
            "right_angle": mark}
