"""The website form of a slider demo, as a kernel writes it: the *bundle*.

In the book build (``helpers.sliders.STATIC_ENV`` set) a demo's cell output is a bundle of MIME
type :data:`MIME_TYPE`: its parameter names, the labels of the values the website offers, the
frames precomputed by the same view that draws the live widget (lossless WebP data URIs), one text
alternative per frame, the default frame, the image size and an optional caption
(:func:`make_bundle`), with an HTML preview (:func:`preview_html`) for a notebook viewer.

This module is the kernel side of the one data format between a notebook and the site; it needs
neither Sphinx nor docutils (it ships to readers and into the in-browser book). What the website
does with a bundle (the page's HTML, the frame files, the slider script and stylesheet) is
:mod:`booksite.demos`, the build's side.
"""

from __future__ import annotations

import base64
import html
import io
from typing import Any, Sequence

#: The MIME type of a demo bundle in a notebook output.
MIME_TYPE = "application/vnd.helpers.slider-demo+json"
#: The bundle's fields, in order (see :func:`make_bundle`).
BUNDLE_FIELDS = ("names", "labels", "shape", "start", "frames", "alts", "width", "height",
                 "caption", "photographic", "choices")


def encode_frame(image) -> str:
    """A frame as a data URI: lossless WebP, so every pixel keeps the live figure's exact color.

    Lossless WebP (``method=2``, about 10 ms a frame) weighs about 40 % of the same frame as an
    RGB PNG. A palette PNG would be lighter still, but quantizing merges and shifts colors.

    Examples
    --------
    >>> from PIL import Image
    >>> encode_frame(Image.new("RGB", (4, 3), "#D55E00"))[:23]
    'data:image/webp;base64,'
    """
    out = io.BytesIO()
    image.save(out, format="webp", lossless=True, quality=50, method=2)
    return "data:image/webp;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def make_bundle(*, names: Sequence[str], labels: Sequence[Sequence[str]],
                frames: Sequence[str], alts: Sequence[str], start: Sequence[int],
                width: int, height: int, caption: str | None = None,
                photographic: bool = False,
                choices: Sequence[bool] | None = None) -> dict[str, Any]:
    """Check and assemble a demo bundle: the one data format between a notebook and the site.

    ``frames`` and ``alts`` are in row-major order over the sliders (the last slider varies
    fastest); ``start`` gives each slider's index of its default value. ``choices`` marks the
    parameters that are a pick among named options (a :class:`helpers.Choice`, a dropdown on the
    site) rather than points on a scale (a range slider); by default none is.

    Examples
    --------
    >>> b = make_bundle(names=["p"], labels=[["0.1", "0.9"]], frames=["data:a", "data:b"],
    ...                 alts=["low", "high"], start=[1], width=10, height=5)
    >>> b["shape"], default_index(b)
    ([2], 1)
    """
    shape = [len(group) for group in labels]
    if len(names) != len(labels) or not names:
        raise ValueError(f"need one list of labels per slider; got {len(names)} names and "
                         f"{len(labels)} label lists")
    count = 1
    for n in shape:
        count *= n
    if len(frames) != count or len(alts) != count:
        raise ValueError(f"{' × '.join(map(str, shape))} slider values need {count} frames and "
                         f"alt texts; got {len(frames)} and {len(alts)}")
    if len(start) != len(shape) or not all(0 <= s < n for s, n in zip(start, shape)):
        raise ValueError(f"start {list(start)} must give one index per slider within {shape}")
    choices = [False] * len(names) if choices is None else [bool(c) for c in choices]
    if len(choices) != len(names):
        raise ValueError(f"choices must mark each of the {len(names)} parameters; "
                         f"got {len(choices)} marks")
    return {"names": list(names), "labels": [list(g) for g in labels], "shape": shape,
            "start": list(start), "frames": list(frames), "alts": list(alts),
            "width": int(width), "height": int(height), "caption": caption,
            "photographic": bool(photographic), "choices": choices}


def default_index(bundle: dict) -> int:
    """Index, in ``bundle["frames"]``, of the frame at every slider's default value."""
    index = 0
    for n, i in zip(bundle["shape"], bundle["start"]):
        index = index * n + i
    return index


def preview_html(bundle: dict) -> str:
    """What a notebook viewer without the book's site shows: the default frame, no sliders."""
    index = default_index(bundle)
    return (f'<img src="{bundle["frames"][index]}" width="{bundle["width"]}" '
            f'alt="{html.escape(bundle["alts"][index])}">')
