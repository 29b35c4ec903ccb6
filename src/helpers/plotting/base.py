"""The view protocol and the book's figure style, shared by every chapter's plots."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from matplotlib.artist import Artist

#: Colours used across the book (colour-blind-safe Okabe–Ito palette).
COLORS = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "green": "#009E73",
    "red": "#D55E00",
    "purple": "#CC79A7",
    "sky": "#56B4E9",
    "grey": "#6b6b6b",
}

#: rcParams for every figure the helpers make: readable at the page width, white background.
BOOK_RC = {
    "font.size": 10,
    "axes.titlesize": 10.5,
    "axes.labelsize": 10,
    "legend.fontsize": 8.5,
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "grid.alpha": 0.25,
    "figure.facecolor": "white",
    "axes.facecolor": "white",
    "savefig.facecolor": "white",
    "lines.linewidth": 2.0,
}


class View(Protocol):
    """A figure that a slider can drive: the contract :mod:`helpers.sliders` relies on.

    A view draws in ``__init__(ax, **params)`` (``ax`` is a tuple of axes when ``panels > 1``),
    lists in ``animated`` the artists that ``update(**params)`` changes (nothing else changes:
    axis limits are fixed, so an update is drawn by blitting), and says in ``describe()`` what the
    figure shows, for screen readers and the website's ``alt`` text. The book's views subclass it
    for the defaults of ``panels`` and ``photographic``; any class of this shape will do.
    """

    panels: int = 1
    #: True for a view that shows a photograph: the dark theme dims it instead of inverting it.
    photographic: bool = False
    animated: list[Artist]
    #: ``update(**params)``: each view names its own parameters (keyword-only), so the protocol
    #: types it as a callable of any keywords rather than a method every view would narrow.
    update: Callable[..., None]

    def __init__(self, ax: Any, **params: Any) -> None: ...

    def describe(self) -> str: ...
