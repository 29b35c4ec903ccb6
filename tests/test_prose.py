"""helpers.prose: numbers as a sentence writes them."""

import re
import sys

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers.prose import sci

SUP = str.maketrans("⁻⁰¹²³⁴⁵⁶⁷⁸⁹", "-0123456789")


@given(st.floats(min_value=-1e300, max_value=1e300, allow_nan=False).filter(lambda x: x != 0),
       st.integers(min_value=0, max_value=6))
def test_sci_reads_back_to_the_rounded_number(x, digits):
    text = sci(x, digits)
    match = re.fullmatch(r"(−?)(\d\.?\d*)(?: × 10([⁻⁰¹²³⁴⁵⁶⁷⁸⁹]+))?", text)
    assert match, text
    sign = -1.0 if match.group(1) else 1.0
    power = int(match.group(3).translate(SUP)) if match.group(3) else 0
    value = sign * float(match.group(2)) * 10.0 ** power
    assert np.isclose(value, float(f"{x:.{digits}e}"), rtol=1e-12)


def test_sci_edge_values():
    assert sci(0) == "0"
    assert sci(np.float64(3.0e-8)) == "3.0 × 10⁻⁸"
    assert sci(1.0) == "1.0"


def test_glue_hands_the_value_to_myst_nb_with_a_measured_mark(monkeypatch):
    import types

    from helpers import prose

    calls = []
    fake = types.ModuleType("myst_nb")
    fake.glue = lambda name, value, display=True: calls.append((name, value, display))
    monkeypatch.setitem(sys.modules, "myst_nb", fake)
    prose.glue("plain", 0.25)
    prose.glue("timing", 3.5, measured=True)
    assert calls[0] == ("plain", 0.25, False)
    name, value, display = calls[1]
    assert (name, display) == ("timing", False)
    # the measured value displays as the number itself, with a mark the reader notebooks read
    data, metadata = value._repr_mimebundle_()
    assert data["text/plain"] == "3.5"
    assert metadata == {"helpers": {"measured": True}}
    # a NumPy scalar is glued as the Python number it holds (its repr is "np.float64(1.64)")
    import numpy as np

    prose.glue("curvature", np.float64(1.640625))
    prose.glue("steps", np.int64(7))
    assert [(type(v), v) for _, v, _ in calls[2:]] == [(float, 1.640625), (int, 7)]


def test_glue_without_myst_nb_does_nothing(monkeypatch):
    from helpers import prose

    monkeypatch.setitem(sys.modules, "myst_nb", None)  # import fails, as in a reader's Jupyter
    assert prose.glue("x", 1.0) is None


def test_glue_names_must_be_identifiers():
    from helpers import prose

    with pytest.raises(ValueError, match="identifier"):
        prose.glue("not a name", 1.0)
