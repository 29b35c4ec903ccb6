"""The package itself: its pure-math modules stay light, and every module is reachable lazily."""

import pkgutil
import subprocess
import sys

import pytest

import helpers

#: Every module but the plotting package and the slider machinery is pure math (NumPy only).
PURE_MATH = [m.name for m in pkgutil.iter_modules(helpers.__path__)
             if not m.ispkg and not m.name.startswith("_") and m.name != "sliders"]


@pytest.mark.parametrize("module", PURE_MATH)
def test_pure_math_modules_import_neither_matplotlib_nor_widgets(module):
    code = (f"import sys, helpers.{module}; "
            "print(sorted(m for m in ('matplotlib', 'ipywidgets', 'PIL') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]", f"helpers.{module} pulled in {out.stdout.strip()}"


def test_every_module_is_reachable_as_an_attribute():
    for name in helpers.__all__:
        assert getattr(helpers, name) is not None
    assert helpers.demo is helpers.sliders.demo
    assert helpers.plotting.View is helpers.plotting.base.View
    with pytest.raises(AttributeError, match="no attribute 'no_such_module'"):
        helpers.no_such_module


def test_browser_mends_bincount_for_int64_labels_on_a_32_bit_platform(monkeypatch):
    """helpers._browser (imported only under Pyodide) casts int64 labels that fit to intp before
    np.bincount; simulated here by pretending intp is 32-bit."""
    import numpy as np
    from helpers import _browser

    calls = []
    monkeypatch.setattr(np, "bincount", lambda x, weights=None, minlength=0:
                        calls.append(np.asarray(x).dtype) or "counted")
    monkeypatch.setattr(np, "intp", np.int32)
    _browser.mend()
    labels = np.array([0, 2, 1, 2], dtype=np.int64)
    assert np.bincount(labels) == "counted" and calls == [np.dtype(np.int32)]
    np.bincount(np.array([0.5]))  # not integers: handed to NumPy unchanged
    assert calls[-1] == np.dtype(np.float64)
