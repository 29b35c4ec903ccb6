"""Numbers written for the prose: what a cell glues into a sentence (every chapter).

A chapter computes a number in a cell and glues it (``glue("key", value)``); its Markdown cites it
as ``{glue:text}`key:.3f```. The book build writes the value into the sentence, on the website
and in the reader notebooks. Scientific notation in running text reads as 2.2 × 10⁻¹⁶, not as a
program's ``2.2e-16``.
"""

from __future__ import annotations

from ._validate import real_number, whole_number

__all__ = ["glue", "sci", "Measured"]

_SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


class Measured:
    """A glued value that was measured (a timing): the reader notebooks say that the number in
    the sentence was measured on the machine that built the book. Displays as its value."""

    def __init__(self, value) -> None:
        self.value = value

    def _repr_mimebundle_(self, include=None, exclude=None):
        from IPython.core.formatters import format_display_data

        data, _ = format_display_data(self.value)
        return data, {"helpers": {"measured": True}}


def glue(name: str, value, *, measured: bool = False) -> None:
    """Keep ``value`` under ``name`` for the prose, without showing it.

    In the book build this is myst-nb's ``glue`` (the value's ``text/plain`` form is what the
    sentence shows). ``measured=True`` marks a timing: it depends on the machine that ran the
    cell, and the reader notebooks say so next to the number. Where myst-nb is not installed (a
    reader's own Jupyter, the in-browser book) there is no sentence to fill, and nothing happens.
    """
    if not isinstance(name, str) or not name.isidentifier():
        raise ValueError(f"glue name must be an identifier such as 'kl_value', got {name!r}")
    try:
        from myst_nb import glue as myst_glue
    except ModuleNotFoundError:
        return
    if getattr(value, "shape", None) == () and hasattr(value, "item"):
        # a NumPy scalar (or 0-d array) shows as "np.float64(1.64)" under NumPy 2, which no
        # format such as ``:.3f`` in the sentence can read: glue the Python number it holds
        value = value.item()
    myst_glue(name, Measured(value) if measured else value, display=False)


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
