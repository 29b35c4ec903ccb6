"""Plotting: views that draw on matplotlib axes and update their artists in place.

One module per chapter topic; every view follows :class:`helpers.plotting.base.View`, so the slider
machinery in :mod:`helpers.sliders` can drive any of them. Modules load on first use (PEP 562).
"""

from __future__ import annotations

import importlib
import importlib.util
import pkgutil

__all__ = [m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")]
__all__ += ["COLORS", "View"]


def __getattr__(name: str):
    if name in ("COLORS", "View"):
        return getattr(importlib.import_module(".base", __name__), name)
    if not name.startswith("_") and importlib.util.find_spec(f"{__name__}.{name}") is not None:
        return importlib.import_module(f".{name}", __name__)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
