"""The slider machinery: one declaration, a live widget in a notebook, a working slider on the website.

A chapter declares a demo in one line, naming a plot *view* (a class from :mod:`helpers.plotting`
that draws on matplotlib axes and knows how to update its artists) and one :class:`Slider` or
:class:`Choice` per parameter::

    helpers.demo(BinaryEntropyPlot, p=helpers.Slider(0.0, 1.0, 0.01, value=0.3))

What the cell then shows depends on where it runs:

* **In a running kernel** (JupyterLab locally or on Binder) it is an ipywidgets slider above an
  image. Moving the slider updates the view's artists in place and redraws by *blitting*: the
  static parts of the figure are rendered once and cached, and each move draws only the artists
  that change, then encodes the canvas as PNG. No figure is re-created and nothing piles up.
* **On the static website** (the book build sets ``HELPERS_STATIC_DEMOS=1``) the output is a
  bundle of frames precomputed by the same view over a grid of parameter values; the book's
  site renders it as range inputs (dropdowns for a :class:`Choice`) that swap the frames, with no kernel and no network. The
  bundle's format belongs to :mod:`helpers.website`; its HTML, script and stylesheet to the
  build's own package (``booksite.demos``), which readers never install.

A view is any class with this shape (see :class:`helpers.plotting.base.View`)::

    class MyPlot(View):
        panels = 1                       # how many axes side by side it wants
        def __init__(self, ax, **params) # draw, keep the artists
        animated: list[Artist]           # the artists that change on update
        def update(self, **params)       # change them (axis limits stay fixed)
        def describe(self) -> str        # a text alternative of what is shown now
"""

from __future__ import annotations

import html
import inspect
import io
import itertools
import math
import textwrap
import os
from dataclasses import dataclass, field
from typing import Any, Sequence

import matplotlib as mpl
import numpy as np
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from PIL import Image

from ._validate import whole_number
from .plotting.base import BOOK_RC, View

__all__ = ["Slider", "Choice", "SliderDemo", "demo", "static_mode", "STATIC_ENV", "MAX_FRAMES"]

#: The environment variable the book build sets so that demos render as static HTML.
STATIC_ENV = "HELPERS_STATIC_DEMOS"
#: The most frames one demo may precompute for the website (a page-weight budget).
MAX_FRAMES = 256
#: Keyword arguments of :func:`demo` that are its own options, never a view's parameters.
DEMO_OPTIONS = ("figsize", "caption")
#: Frames per parameter on the website when a slider does not say, by number of parameters.
DEFAULT_FRAMES = {1: 21, 2: 11, 3: 5}


def static_mode() -> bool:
    """True when demos should render as static HTML (the book build), False in a live kernel."""
    return os.environ.get(STATIC_ENV, "") not in ("", "0")


@dataclass(frozen=True)
class Slider:
    """A numeric parameter: its range and step for the live slider, and its default value.

    ``frames`` is how many evenly spaced values the website precomputes; ``values`` lists the
    website's values explicitly instead (use it so that every value the prose asks a reader to
    try is reachable without a kernel, e.g. rare priors). The default value is always one of
    them. ``integer=True`` declares a whole-number slider (its bounds, step and value must be
    whole numbers); otherwise the values are floats, whatever the bounds look like.

    Examples
    --------
    >>> Slider(0.0, 1.0, 0.25, value=0.5).static_values()
    [0.0, 0.25, 0.5, 0.75, 1.0]
    >>> Slider(0.0, 1.0, 0.001, value=0.2, values=(0.001, 0.01, 0.5)).static_values()
    [0.001, 0.01, 0.2, 0.5]
    """

    min: float
    max: float
    step: float
    value: float
    label: str | None = None
    frames: int | None = None
    fmt: str | None = None
    values: Sequence[float] | None = None
    integer: bool = False

    def __post_init__(self) -> None:
        if not (math.isfinite(self.min) and math.isfinite(self.max) and self.min < self.max):
            raise ValueError(f"Slider needs finite min < max; got min={self.min}, max={self.max}")
        if not (self.step > 0 and self.step <= self.max - self.min):
            raise ValueError(f"Slider step must be in (0, max − min]; got {self.step}")
        if not self.min <= self.value <= self.max:
            raise ValueError(
                f"Slider value {self.value} lies outside its range [{self.min}, {self.max}]"
            )
        if self.integer and not all(float(t).is_integer()
                                    for t in (self.min, self.max, self.step, self.value)):
            raise ValueError("an integer Slider needs whole-number min, max, step and value; got "
                             f"{self.min}, {self.max}, {self.step}, {self.value}")
        if self.frames is not None:
            whole_number(self.frames, "Slider frames", least=2,
                         what="how many values the website precomputes")
        if self.values is not None:
            if self.frames is not None:
                raise ValueError("give a Slider either frames= or values=, not both")
            listed = [float(v) for v in self.values]
            outside = [v for v in listed if not (self.min <= v <= self.max)]
            if outside:
                raise ValueError(f"Slider values {outside} lie outside its range "
                                 f"[{self.min}, {self.max}]")
            if len(set(listed) | {float(self.value)}) < 2:
                raise ValueError("Slider values must give the website at least 2 distinct values")
            object.__setattr__(self, "values", tuple(listed))

    def format(self, value: Any) -> str:
        if self.fmt is not None:
            return self.fmt.format(value)
        if self.integer:
            return str(int(value))
        decimals = max(0, -math.floor(math.log10(self.step) + 1e-9))
        return f"{value:.{decimals}f}"

    def static_values(self, n: int | None = None) -> list:
        """The values the website precomputes: ``n`` evenly spaced over the range, snapped to
        the step, plus the default value."""
        if self.values is not None:
            vals = sorted(set(self.values) | {float(self.value)})
            return [int(t) for t in vals] if self.integer else vals
        n = self.frames or n or DEFAULT_FRAMES[1]
        raw = np.linspace(self.min, self.max, n)
        snapped = self.min + np.round((raw - self.min) / self.step) * self.step
        snapped = np.clip(snapped, self.min, self.max)
        vals = sorted({round(float(t), 12) for t in snapped} | {float(self.value)})
        return [int(t) for t in vals] if self.integer else vals

    def widget(self, name: str):
        import ipywidgets as w

        cls = w.IntSlider if self.integer else w.FloatSlider
        kwargs = dict(min=self.min, max=self.max, step=self.step, value=self.value)
        if self.integer:
            kwargs = {k: int(t) for k, t in kwargs.items()}
        else:
            kwargs["readout_format"] = f".{max(0, -math.floor(math.log10(self.step) + 1e-9))}f"
        return cls(
            description=self.label or name,
            continuous_update=True,
            style={"description_width": "initial"},
            layout=w.Layout(width="min(100%, 22rem)"),
            **kwargs,
        )


@dataclass(frozen=True)
class Choice:
    """A parameter that takes one of a few named values: a dropdown, live and on the website.

    Examples
    --------
    >>> Choice(["a", "b"], value="b").static_values()
    ['a', 'b']
    """

    options: Sequence[Any]
    value: Any
    label: str | None = None
    labels: Sequence[str] | None = field(default=None)

    def __post_init__(self) -> None:
        if len(self.options) < 2:
            raise ValueError(f"Choice needs at least 2 options; got {list(self.options)}")
        if self.value not in list(self.options):
            raise ValueError(f"Choice value {self.value!r} is not one of {list(self.options)}")
        if self.labels is not None and len(self.labels) != len(self.options):
            raise ValueError("Choice labels must have one entry per option")

    def format(self, value: Any) -> str:
        if self.labels is not None:
            return str(self.labels[list(self.options).index(value)])
        return str(value)

    def static_values(self, n: int | None = None) -> list:
        return list(self.options)

    def widget(self, name: str):
        import ipywidgets as w

        return w.Dropdown(
            options=[(self.format(o), o) for o in self.options],
            value=self.value,
            description=self.label or name,
            style={"description_width": "initial"},
        )


Param = Slider | Choice


class FrameRenderer:
    """Draws a view on an off-screen figure and redraws it fast: the one renderer behind both the
    live widget and the website's frames, so the website shows exactly what a reader sees in a
    kernel.

    The parts of the figure that do not move are rendered once and cached; an update changes the
    view's animated artists and draws only those over the cached background (*blitting*). So a
    view keeps everything else fixed, axis limits and ticks included (CONTRIBUTING.md, "A slider
    demo").
    """

    def __init__(self, view: type[View], values: dict[str, Any], *,
                 figsize: tuple[float, float] | None = None, dpi: int = 100) -> None:
        default_size = (6.2, 3.4) if view.panels == 1 else (4.0 * view.panels + 0.6, 3.4)
        with mpl.rc_context(BOOK_RC):
            self.figure = Figure(figsize=figsize or default_size, dpi=dpi, layout="constrained")
            FigureCanvasAgg(self.figure)
            axes = self.figure.subplots(1, view.panels, squeeze=False)[0]
            self.view = view(axes[0] if view.panels == 1 else tuple(axes), **values)
        self._background = None
        self._full_redraw()

    def _full_redraw(self) -> None:
        for artist in self.view.animated:
            artist.set_animated(True)
        canvas = self.figure.canvas
        canvas.draw()
        self.figure.set_layout_engine("none")  # freeze the layout so the cached background holds
        self._background = canvas.copy_from_bbox(self.figure.bbox)
        for artist in self.view.animated:
            self.figure.draw_artist(artist)

    def draw(self, values: dict[str, Any]) -> None:
        """Show the view at ``values`` (all parameters): the cached background, then the
        animated artists (a view changes nothing else: its axis limits are fixed)."""
        self.view.update(**values)
        self.figure.canvas.restore_region(self._background)
        for artist in self.view.animated:
            self.figure.draw_artist(artist)

    def rgb(self) -> Image.Image:
        canvas = self.figure.canvas
        return Image.frombuffer("RGBA", canvas.get_width_height(), canvas.buffer_rgba(),
                                "raw", "RGBA", 0, 1).convert("RGB")

    def png(self) -> bytes:
        """The figure as PNG bytes, encoded fast (for the live widget)."""
        out = io.BytesIO()
        self.rgb().save(out, format="png", compress_level=1)
        return out.getvalue()


#: Functions called with every new :class:`SliderDemo` (tests and benchmarks record demos so).
ON_CREATE: list = []


class SliderDemo:
    """A view bound to its parameters. Prefer :func:`demo` to build one.

    Three jobs, three pieces: a :class:`FrameRenderer` draws (``render``, ``update``, ``rgb``);
    :meth:`widget` wires it to ipywidgets in a kernel (:func:`live_widget`); in the book build
    :meth:`website_bundle` precomputes the frames the website steps through, in the format of
    :mod:`helpers.website`.
    """

    def __init__(self, view: type[View], params: dict[str, Param], *,
                 figsize: tuple[float, float] | None = None, dpi: int = 100,
                 caption: str | None = None) -> None:
        if not params:
            raise ValueError("a demo needs at least one Slider or Choice parameter")
        taken = set(inspect.signature(view.__init__).parameters) & set(DEMO_OPTIONS)
        if taken:
            raise ValueError(f"{view.__name__} has a parameter named {sorted(taken)}, which "
                             f"helpers.demo keeps for its own options {DEMO_OPTIONS}; rename it")
        for name, spec in params.items():
            if not isinstance(spec, (Slider, Choice)):
                raise ValueError(
                    f"parameter {name!r} must be a helpers.Slider or helpers.Choice; got {spec!r}"
                )
        self.view_class = view
        self.params = dict(params)
        self.caption = caption
        self.values = {k: p.value for k, p in self.params.items()}
        self.renderer = FrameRenderer(view, self.values, figsize=figsize, dpi=dpi)
        self._widget = None
        for callback in ON_CREATE:
            callback(self)

    @property
    def figure(self) -> Figure:
        return self.renderer.figure

    @property
    def view(self) -> View:
        return self.renderer.view

    def update(self, **params: Any) -> None:
        """Set some parameters and redraw (blitting when the axes did not change)."""
        unknown = set(params) - set(self.params)
        if unknown:
            raise ValueError(f"unknown parameter(s) {sorted(unknown)}; expected {list(self.params)}")
        self.values.update(params)
        self.renderer.draw(self.values)

    def rgb(self) -> Image.Image:
        return self.renderer.rgb()

    def render(self, **params: Any) -> bytes:
        """Update to ``params`` and return the figure as PNG bytes (fast encoding, for live use)."""
        self.update(**params)
        return self.renderer.png()

    def describe(self) -> str:
        """Text alternative of the figure as it is now."""
        return self.view.describe()

    @property
    def widget(self):
        """The ipywidgets box (sliders above the image), built on first use."""
        if self._widget is None:
            self._widget = live_widget(self)
        return self._widget

    def frame_grid(self) -> tuple[list[str], list[list[Any]]]:
        """The parameter names and, for each, the values the website precomputes."""
        names = list(self.params)
        n = DEFAULT_FRAMES.get(len(names), 3)
        grids = [self.params[k].static_values(n) for k in names]
        total = math.prod(len(g) for g in grids)
        if total > MAX_FRAMES:
            raise ValueError(
                f"this demo would precompute {total} frames for the website (> {MAX_FRAMES}); "
                f"give its sliders fewer frames= or a coarser grid"
            )
        return names, grids

    def website_bundle(self) -> dict[str, Any]:
        """Every frame the website offers, with labels and text alternatives
        (:func:`helpers.website.make_bundle`); leaves the demo at its current values."""
        from . import website

        names, grids = self.frame_grid()
        current = dict(self.values)
        frames, alts = [], []
        for combo in itertools.product(*grids):
            self.update(**dict(zip(names, combo)))
            frames.append(website.encode_frame(self.rgb()))
            alts.append(self.describe())
        self.update(**current)
        width, height = self.figure.canvas.get_width_height()
        return website.make_bundle(
            names=[self.params[n].label or n for n in names],
            labels=[[self.params[n].format(v) for v in g] for n, g in zip(names, grids)],
            frames=frames, alts=alts, start=[g.index(current[n]) for n, g in zip(names, grids)],
            width=width, height=height, caption=self.caption,
            photographic=getattr(self.view, "photographic", False),
            choices=[isinstance(self.params[n], Choice) for n in names])

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        if static_mode():
            from . import website

            bundle = self.website_bundle()
            return {website.MIME_TYPE: bundle, "text/html": website.preview_html(bundle),
                    "text/plain": textwrap.fill(self.describe(), 80)}
        return self.widget._repr_mimebundle_(include=include, exclude=exclude)

    def __repr__(self) -> str:
        return f"SliderDemo({self.view_class.__name__}, {self.values})"


def live_widget(demo: SliderDemo):
    """The live form: one control per parameter above the image, redrawn on every move, and a
    text alternative that screen readers announce (invisible on screen)."""
    import ipywidgets as w

    controls = {name: spec.widget(name) for name, spec in demo.params.items()}
    image = w.Image(value=demo.render(), format="png")
    image.layout = w.Layout(max_width="100%", height="auto")
    alt = w.HTML(value=_alt_html(demo.describe()))

    def on_change(change: dict) -> None:
        name = change["owner"]._helpers_name
        image.value = demo.render(**{name: change["new"]})
        alt.value = _alt_html(demo.describe())

    for name, control in controls.items():
        control._helpers_name = name
        control.observe(on_change, names="value")
    box = w.VBox([w.HBox(list(controls.values()), layout=w.Layout(flex_flow="row wrap")),
                  image, alt])
    box.add_class("helpers-demo-live")
    return box


def _alt_html(text: str) -> str:
    hidden = ("position:absolute;width:1px;height:1px;overflow:hidden;"
              "clip:rect(0 0 0 0);white-space:nowrap")
    return (f'<span class="helpers-demo-alt" aria-live="polite" style="{hidden}">'
            f"{html.escape(text)}</span>")


def demo(view: type[View], *, figsize: tuple[float, float] | None = None,
         caption: str | None = None, **params: Param) -> SliderDemo:
    """Declare a slider demo: a plot view and one ``Slider``/``Choice`` per parameter.

    Display the result (make it the last expression of a cell): a live widget in a kernel,
    a website bundle of precomputed frames in the book build.

    Examples
    --------
    >>> from helpers.plotting.information import BinaryEntropyPlot
    >>> d = demo(BinaryEntropyPlot, p=Slider(0.0, 1.0, 0.01, value=0.3))
    >>> d.render(p=0.5)[1:4]
    b'PNG'
    """
    return SliderDemo(view, params, figsize=figsize, caption=caption)
