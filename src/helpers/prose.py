"""Numbers written for the prose: what a cell glues into a sentence (every chapter).

Scientific notation in running text reads as 2.2 × 10⁻¹⁶, not as a program's ``2.2e-16``.
"""

from __future__ import annotations

from ._validate import real_number, whole_number

__all__ = ["sci"]

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def sci(x: float, digits: int = 1) -> str:
    """``x`` in scientific notation for a sentence, with ``digits`` digits after the point.

    Examples
    --------
    >>> sci(2.220446049250313e-16)
    '2.2 × 10⁻¹⁶'
    >>> sci(48_000_000, digits=2)
    '4.80 × 10⁷'
    >>> sci(0.0)
    '0'
    >>> sci(-1234.5)
    '−1.2 × 10³'
    """
    x = real_number(x, "x")
    digits = whole_number(digits, "digits", least=0)
    if x == 0:
        return "0"
    mantissa, exponent = f"{abs(x):.{digits}e}".split("e")
    sign = "−" if x < 0 else ""
    power = int(exponent)
    if power == 0:
        return f"{sign}{mantissa}"
    return f"{sign}{mantissa} × 10{str(power).translate(_SUPERSCRIPT)}"


