"""helpers.prose: numbers as a sentence writes them."""

import re

import numpy as np
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
