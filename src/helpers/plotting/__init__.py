"""Plotting: views that draw on matplotlib axes and update their artists in place.

One module per chapter topic; every view follows :class:`helpers.plotting.base.View`, so the slider
machinery in :mod:`helpers.sliders` can drive any of them.
"""

from . import base, decompositions, information, linalg, optimization, probability, tensors
from .base import COLORS, View

__all__ = ["base", "tensors", "linalg", "decompositions", "probability", "information",
           "optimization", "COLORS", "View"]
