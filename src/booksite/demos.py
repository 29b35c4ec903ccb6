"""The website side of a slider demo: a bundle (:mod:`helpers.website`) becomes a slider on the page.

myst-nb hands outputs of type :data:`helpers.website.MIME_TYPE` to :class:`MimeRenderer`
(registered under the ``myst_nb.mime_renderers`` entry point in ``src/booksite/pyproject.toml``).
While the page is read, it decodes the bundle's frames once into image files in myst-nb's output
folder (next to the notebook's other output images) and turns the bundle into a :class:`DemoNode`
that names those files (:func:`split_frames`): no frame travels as base64 through the doctree or the
pickled environment. When Sphinx writes the page, :func:`visit_demo_html` copies the frame files to
``_static/demo-frames/<key>/<index>.webp``, writes the text alternatives to
``_static/demo-frames/<key>.js`` (:func:`alts_script`), and puts the demo's HTML in the page
(:func:`demo_html`): range inputs (a dropdown for a :class:`helpers.Choice`), the default frame
(loaded lazily) and a small JSON record. The slider script and stylesheet (:data:`SCRIPT`,
:data:`CSS`) are written once into ``_static`` and linked only from the pages that hold a demo
(:func:`link_assets`). A move fetches just the one frame it shows (about 10 kB); the text
alternatives load the first time a reader reaches for a slider. Everything works from ``file://``
too.

Load it as a Sphinx extension (``booksite.demos`` in ``_config.yml``'s extensions). Everything
that crosses from the bundle to HTML, JavaScript and CSS (class names, attributes) is defined here
and nowhere else; the functions are plain and unit-tested on their own.
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import json
import os
import shutil

from docutils import nodes

from helpers.website import MIME_TYPE, default_index, make_bundle  # noqa: F401  (the format)

#: Where the frame files go, relative to the site's root.
FRAMES_DIR = "_static/demo-frames"
#: The slider script and stylesheet, written into ``_static`` by the build.
SCRIPT_NAME = "helpers-demo.js"
CSS_NAME = "helpers-demo.css"
#: Class names shared by the HTML, the script and the stylesheet.
FIGURE_CLASS = "helpers-demo"
PHOTO_CLASS = "helpers-demo-photo"
FRAME_CLASS = "helpers-demo-frame"
DATA_CLASS = "helpers-demo-data"


def decode_frame(uri: str):
    """The image a frame's data URI holds (the inverse of :func:`helpers.website.encode_frame`)."""
    from PIL import Image

    head, _, payload = uri.partition(",")
    if not head.startswith("data:image/") or not head.endswith(";base64"):
        raise ValueError(f"expected a base64 image data URI; got one starting {uri[:30]!r}")
    return Image.open(io.BytesIO(base64.b64decode(payload)))


def frames_key(bundle: dict) -> str:
    """A file name for the bundle's frames: the same frames always get the same name."""
    digest = hashlib.sha1()
    for text in bundle["frames"] + bundle["alts"]:
        digest.update(text.encode("utf-8"))
        digest.update(b"\0")
    return digest.hexdigest()[:16]


def alts_script(bundle: dict) -> str:
    """The content of the file of text alternatives that a demo loads on first use (``bundle``
    as :func:`split_frames` leaves it)."""
    payload = json.dumps(bundle["alts"], separators=(",", ":"))
    return ("window.helpersDemoAlts = window.helpersDemoAlts || {};\n"
            f'window.helpersDemoAlts["{bundle["key"]}"] = {payload};\n')


def frame_files(bundle: dict) -> dict[str, bytes]:
    """The frames as image files, named relative to ``FRAMES_DIR``: ``<key>/<index>.<ext>``."""
    key = frames_key(bundle)
    files = {}
    for index, uri in enumerate(bundle["frames"]):
        head, _, payload = uri.partition(",")
        ext = head.removeprefix("data:image/").removesuffix(";base64")
        files[f"{key}/{index}.{ext}"] = base64.b64decode(payload)
    return files


def split_frames(bundle: dict) -> tuple[dict, dict[str, bytes]]:
    """The bundle as the page keeps it, and its frame files: the frames' data URIs become file
    names relative to ``FRAMES_DIR`` (``<key>/<index>.<ext>``) and ``key`` names the demo.

    Examples
    --------
    >>> b = make_bundle(names=["p"], labels=[["0.1", "0.9"]],
    ...                 frames=["data:image/webp;base64,AA==", "data:image/webp;base64,AQ=="],
    ...                 alts=["low", "high"], start=[1], width=10, height=5)
    >>> page, files = split_frames(b)
    >>> page["frames"] == list(files) == [f"{page['key']}/0.webp", f"{page['key']}/1.webp"]
    True
    """
    files = frame_files(bundle)
    return {**bundle, "frames": list(files), "key": frames_key(bundle)}, files


def demo_html(bundle: dict, dom_id: str, frames_dir: str) -> str:
    """The demo as it stands in the page: labelled range inputs (a select for a choice), the
    default frame, and a JSON record (value labels, where the frames are) that :data:`SCRIPT`
    reads. ``bundle`` is as :func:`split_frames` leaves it; ``frames_dir`` is the URL of
    ``FRAMES_DIR`` relative to the page.

    Examples
    --------
    >>> b = make_bundle(names=["p"], labels=[["0.1", "0.9"]],
    ...                 frames=["data:image/webp;base64,AA==", "data:image/webp;base64,AQ=="],
    ...                 alts=["low", "high"], start=[1], width=10, height=5)
    >>> page = demo_html(split_frames(b)[0], "d1", "../_static/demo-frames")
    >>> f'src="../_static/demo-frames/{frames_key(b)}/1.webp"' in page and 'alt="high"' in page
    True
    """
    start, labels = bundle["start"], bundle["labels"]
    choices = bundle.get("choices") or [False] * len(labels)
    key = bundle["key"]
    rows = []
    for k, name in enumerate(bundle["names"]):
        control = f"{dom_id}-{k}"
        label = f'<label for="{control}">{html.escape(name)}</label>'
        if choices[k]:  # a pick among named options: a dropdown, which shows its own value
            options = "".join(
                f'<option value="{i}"{" selected" if i == start[k] else ""}>'
                f"{html.escape(text)}</option>" for i, text in enumerate(labels[k]))
            rows.append(f'<div class="helpers-demo-control">{label}'
                        f'<select id="{control}">{options}</select></div>')
            continue
        text = html.escape(labels[k][start[k]])
        rows.append(
            f'<div class="helpers-demo-control">{label}<input id="{control}" type="range" '
            f'min="0" max="{bundle["shape"][k] - 1}" step="1" value="{start[k]}" '
            f'aria-valuetext="{text}"><output for="{control}">{text}</output></div>')
    index = default_index(bundle)
    ext = bundle["frames"][index].rpartition(".")[2]
    record = json.dumps({"shape": bundle["shape"], "labels": labels,
                         "frames": f"{frames_dir}/{key}/", "ext": ext,
                         "alts": f"{frames_dir}/{key}.js"}, separators=(",", ":"))
    record = record.replace("</", "<\\/")
    caption = (f"<figcaption>{html.escape(bundle['caption'])}</figcaption>"
               if bundle.get("caption") else "")
    classes = FIGURE_CLASS + (f" {PHOTO_CLASS}" if bundle.get("photographic") else "")
    return (
        f'<figure class="{classes}" id="{dom_id}">'
        f'<div class="helpers-demo-controls">{"".join(rows)}</div>'
        f'<img class="{FRAME_CLASS}" src="{frames_dir}/{key}/{index}.{ext}" loading="lazy" '
        f'width="{bundle["width"]}" height="{bundle["height"]}" '
        f'alt="{html.escape(bundle["alts"][index])}">{caption}'
        f'<script type="application/json" class="{DATA_CLASS}" data-key="{key}">{record}</script>'
        f"</figure>")


#: The slider script: wires every demo of the page, loads a demo's frames on first use.
SCRIPT = r"""(function () {
  "use strict";
  function wire(figure) {
    var holder = figure.querySelector("script.%(data)s");
    var meta = JSON.parse(holder.textContent);
    var key = holder.getAttribute("data-key");
    var img = figure.querySelector("img.%(frame)s");
    // one control per parameter, in order: a range input (with its output) or a select
    var inputs = figure.querySelectorAll("input[type=range], select");
    var alts = null, loading = false;
    function loadAlts() {
      if (alts || loading) return;
      loading = true;
      var script = document.createElement("script");
      script.src = meta.alts;
      script.onload = function () { alts = window.helpersDemoAlts[key]; show(); };
      document.head.appendChild(script);
    }
    function show() {
      var index = 0;
      for (var k = 0; k < inputs.length; k++) {
        var i = parseInt(inputs[k].value, 10);
        index = index * meta.shape[k] + i;
        if (inputs[k].tagName === "SELECT") continue;
        inputs[k].parentNode.querySelector("output").textContent = meta.labels[k][i];
        inputs[k].setAttribute("aria-valuetext", meta.labels[k][i]);
      }
      if (!alts) return loadAlts();
      img.src = meta.frames + index + "." + meta.ext;
      img.alt = alts[index];
    }
    for (var k = 0; k < inputs.length; k++) {
      inputs[k].addEventListener("input", show);
      inputs[k].addEventListener("change", show);
      inputs[k].addEventListener("focus", loadAlts);
      inputs[k].addEventListener("pointerdown", loadAlts);
    }
  }
  function start() { document.querySelectorAll("figure.%(figure)s").forEach(wire); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
""" % {"data": DATA_CLASS, "frame": FRAME_CLASS, "figure": FIGURE_CLASS}

#: The demos' stylesheet. Dark theme: figures are drawn on white, so their lightness is inverted
#: (and hues turned back); photographs would become negatives and are only dimmed.
CSS = """figure.%(figure)s { margin: 0.5rem 0 1.25rem; max-width: 100%%; }
figure.%(figure)s img.%(frame)s { display: block; max-width: 100%%; height: auto; border-radius: 4px; }
.helpers-demo-controls { display: flex; flex-wrap: wrap; gap: 0.25rem 1.5rem; margin-bottom: 0.4rem;
  font-size: 0.9rem; }
.helpers-demo-control { display: flex; align-items: center; gap: 0.5rem; }
.helpers-demo-control input[type="range"] { width: min(14rem, 60vw); }
.helpers-demo-control output { font-variant-numeric: tabular-nums; min-width: 3.5em; }
.helpers-demo-control select { font: inherit; padding: 0.15rem 0.3rem; max-width: 60vw;
  color: var(--pst-color-text-base, inherit); background: var(--pst-color-background, inherit);
  border: 1px solid var(--pst-color-border, #888); border-radius: 4px; }
html[data-theme="dark"] figure.%(figure)s img.%(frame)s {
  filter: invert(0.92) hue-rotate(180deg); background-color: transparent; }
html[data-theme="dark"] figure.%(photo)s img.%(frame)s { filter: brightness(0.75); }
""" % {"figure": FIGURE_CLASS, "frame": FRAME_CLASS, "photo": PHOTO_CLASS}


# -- Sphinx and myst-nb ----------------------------------------------------------------------------
class DemoNode(nodes.General, nodes.Element):
    """A slider demo in the doctree; its ``bundle`` attribute holds the bundle."""


class MimeRenderer:
    """myst-nb MIME renderer plugin: a demo bundle becomes a :class:`DemoNode`."""

    #: Prefer the bundle over the HTML preview in HTML builds.
    mime_priority_overrides = [("html", MIME_TYPE, 5), ("dirhtml", MIME_TYPE, 5),
                               ("singlehtml", MIME_TYPE, 5)]

    @staticmethod
    def handle_mime(renderer, data, inline):
        if inline or data.mime_type != MIME_TYPE:
            return None
        bundle = data.content if isinstance(data.content, dict) else json.loads(data.string)
        page_bundle, files = split_frames(bundle)
        # the frames become files in myst-nb's output folder now, once; the doctree names them
        uris = [renderer.write_file(["demo-frames", *name.split("/")], content, exists_ok=True)
                for name, content in files.items()]
        node = DemoNode()
        node["bundle"] = page_bundle
        node["frames_source"] = uris[0].rsplit("/", 2)[0]  # the folder holding <key>/
        node["dom_id"] = f"helpers-demo-{data.cell_index}-{data.output_index}"
        return [node]


def drop_previews(app, doctree) -> None:
    """Keep only the demo of a demo's output (``doctree-read``): myst-nb keeps every form of an
    output until the writer picks one, and the bundle's HTML preview for notebook viewers holds
    the default frame as base64. The site never shows it, so it is dropped before the doctree is
    stored."""
    for bundle in list(doctree.findall(nodes.container)):
        forms = bundle.children
        if bundle.get("nb_element") == "mime_bundle" and any(
                form.get("mime_type") == MIME_TYPE for form in forms):
            for form in [f for f in forms if f.get("mime_type") != MIME_TYPE]:
                bundle.remove(form)


def visit_demo_html(translator, node) -> None:
    """Copy the demo's frame files, write its text alternatives, and put its HTML in the page."""
    builder = translator.builder
    bundle = node["bundle"]
    source = node["frames_source"]  # as myst-nb names files: "/…" is relative to the source dir
    if source.startswith("/"):
        source = os.path.normpath(os.path.join(builder.srcdir, source[1:]))
    root = os.path.join(builder.outdir, *FRAMES_DIR.split("/"))
    for name in bundle["frames"]:
        target = os.path.join(root, *name.split("/"))
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(os.path.join(source, *name.split("/")), target)
    with open(os.path.join(root, f"{bundle['key']}.js"), "w", encoding="utf-8") as f:
        f.write(alts_script(bundle))
    page = os.path.join(builder.outdir, builder.get_target_uri(builder.current_docname))
    frames_dir = os.path.relpath(root, os.path.dirname(page)).replace(os.sep, "/")
    translator.body.append(demo_html(bundle, node["dom_id"], frames_dir))
    raise nodes.SkipNode


def visit_demo_text(translator, node) -> None:
    """Builders other than HTML show nothing of a demo (the text alternative is in the HTML)."""
    raise nodes.SkipNode


def write_assets(app) -> None:
    """Put the slider script and stylesheet into the site's ``_static`` folder."""
    if app.builder.format != "html":
        return
    static = os.path.join(app.outdir, "_static")
    os.makedirs(static, exist_ok=True)
    for name, text in ((SCRIPT_NAME, SCRIPT), (CSS_NAME, CSS)):
        with open(os.path.join(static, name), "w", encoding="utf-8") as f:
            f.write(text)


def link_assets(app, pagename, templatename, context, doctree) -> None:
    """Link the script and stylesheet from the pages that hold a demo, and from no other."""
    if doctree is not None and next(iter(doctree.findall(DemoNode)), None) is not None:
        app.add_js_file(SCRIPT_NAME, loading_method="defer")
        app.add_css_file(CSS_NAME)


def setup(app) -> dict:
    """Sphinx extension entry point (``booksite.demos``)."""
    app.add_node(DemoNode, html=(visit_demo_html, None), latex=(visit_demo_text, None),
                 text=(visit_demo_text, None), man=(visit_demo_text, None),
                 texinfo=(visit_demo_text, None))
    app.connect("builder-inited", write_assets)
    app.connect("doctree-read", drop_previews)
    app.connect("html-page-context", link_assets)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
