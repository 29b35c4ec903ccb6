"""Helpers for *The mathematics of deep learning*.

Three roles, each tested on its own:

* pure math, NumPy only, one module per chapter topic: :mod:`helpers.tensors` (chapter 1),
  :mod:`helpers.linalg` (2), :mod:`helpers.decompositions` (3), :mod:`helpers.probability` (4),
  :mod:`helpers.information` (5), :mod:`helpers.optimization` (6);
* plotting, views that draw on matplotlib axes and update in place: :mod:`helpers.plotting`;
* the slider machinery that turns a view into a live widget or a static web slider:
  :mod:`helpers.sliders` (``helpers.demo``, ``helpers.Slider``, ``helpers.Choice``).
"""

from . import decompositions, information, linalg, optimization, plotting, probability, sliders, tensors
from .sliders import Choice, Slider, SliderDemo, demo

__all__ = [
    "tensors", "linalg", "decompositions", "probability", "information", "optimization",
    "plotting", "sliders", "demo", "Slider", "Choice", "SliderDemo",
]
__version__ = "0.1.0"
