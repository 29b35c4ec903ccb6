"""The reference page of ``helpers`` (``book/api.md``): its docstrings, read by autodoc.

The docstrings are NumPy-style (napoleon turns their sections into reStructuredText) and write
mathematics the way the chapters print it, in Unicode: ``|z|`` is an absolute value and
``‖x‖`` a norm. reStructuredText would read ``|z|`` as a *substitution reference* and stop the
build; :func:`escape_bars` escapes every bar that is text, leaving literals (````…````) and
doctest blocks as they are. Load it as a Sphinx extension (``booksite.api_docs``); it loads
autodoc and napoleon itself.
"""

from __future__ import annotations

import re

#: A literal in reStructuredText, ````…````: its bars are shown as they are.
LITERAL = re.compile(r"``.+?``")


def escape_text_bars(line: str) -> str:
    """``line`` with each ``|`` outside a literal escaped as ``\\|``.

    Examples
    --------
    >>> escape_text_bars("sign(z) · max(|z| − λ, 0), see ``|x|``")
    'sign(z) · max(\\\\|z\\\\| − λ, 0), see ``|x|``'
    """
    out, at = [], 0
    for literal in LITERAL.finditer(line):
        out += [line[at:literal.start()].replace("|", r"\|"), literal.group(0)]
        at = literal.end()
    out.append(line[at:].replace("|", r"\|"))
    return "".join(out)


def escape_bars(app, what, name, obj, options, lines: list[str]) -> None:
    """autodoc's ``autodoc-process-docstring``: escape the text bars of a docstring in place.
    A doctest block (from a ``>>>`` line to the next blank line) is code and is left alone."""
    in_doctest = False
    for k, line in enumerate(lines):
        if line.lstrip().startswith(">>>"):
            in_doctest = True
        elif not line.strip():
            in_doctest = False
        if not in_doctest and "|" in line:
            lines[k] = escape_text_bars(line)


def setup(app) -> dict:
    """Sphinx extension entry point (``booksite.api_docs``)."""
    app.setup_extension("sphinx.ext.autodoc")
    app.setup_extension("sphinx.ext.napoleon")
    app.connect("autodoc-process-docstring", escape_bars)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
