"""Sphinx extension run by every book build (``booksite.book_build`` in _config.yml's extensions).

1. Sets ``HELPERS_STATIC_DEMOS=1`` before the notebooks execute, so every slider demo renders as
   static HTML with precomputed frames (the kernels inherit this process's environment).
2. Drops sphinx-thebe's scripts (Jupyter Book always loads the extension; the book launches on
   Binder instead, and thebe would load its code from a CDN and is injected twice per page).
3. Mends pieces of theme markup that an accessibility audit (axe-core) flags as serious or
   critical (see ``ACCESSIBILITY_FIXES``), while each page is rendered, in memory
   (``FinishingTemplates``, Sphinx's ``template_bridge``): no written page is read back.
4. (Slider demos on the website are rendered by ``booksite.demos``, a Sphinx extension and
   myst-nb MIME renderer of its own, listed in ``_config.yml``.)
5. Lists under each entry of the references page the chapters that cite it (read from the
   citation records of sphinxcontrib-bibtex, see ``list_citing_chapters``).
6. Marks every figure ``loading="lazy"`` (``lazy_images``).
7. Keeps the formulas fast and self-contained: sphinxcontrib-katex typesets them at build time
   (``katex_prerender`` in ``_config.yml``); the site serves KaTeX's stylesheet, fonts and its
   small copy-as-TeX script from ``book/_vendor/katex`` (copied there from the npm registry by
   ``scripts/setup.sh``; served as ``_static/katex``). The build stops with a clear message if
   that copy is missing or is not the KaTeX version that typeset the formulas
   (``check_katex``), and fails on any formula KaTeX could not parse (``finish_page``).
8. Builds the in-browser version of the book (JupyterLite, under ``lite/``) and links each
   chapter page to it: see ``lite_site``.
9. Draws the theme's icons into the pages as inline SVG instead of loading its 1.45 MB
   ``fontawesome.js`` (see ``icons``).
10. Makes pages load fast on a phone: a description per page, a head with nothing but
    stylesheets before the first paint, images with their size, and the theme's script and
    stylesheet lightened (see ``page_speed``).
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

from docutils import nodes
from helpers.sliders import STATIC_ENV
from sphinx.application import Sphinx
from sphinx.jinja2glue import BuiltinTemplateLoader
from sphinx.transforms.post_transforms import SphinxPostTransform

from . import ROOT, icons, lite_site, page_speed, pinned_npm, reader_notebooks

VENDOR = ROOT / "book" / "_vendor"


def check_katex() -> None:
    """The formulas are typeset at build time by the KaTeX that sphinxcontrib-katex bundles; the
    page styles them with the stylesheet and fonts ``scripts/setup.sh`` copies from the npm
    registry into ``book/_vendor/katex``. The two must be the same KaTeX version (the markup
    and the stylesheet change together): stop the build with a clear message otherwise."""
    from sphinxcontrib.katex import katex_version as typesetter

    wanted = pinned_npm("katex")
    stamp = VENDOR / "katex" / ".version"
    have = stamp.read_text().strip() if stamp.exists() else None
    if have != wanted or not (VENDOR / "katex" / "katex.min.css").exists():
        raise RuntimeError(
            f"the site's KaTeX {wanted} is missing from book/_vendor/katex (found: {have}); "
            "run  bash scripts/setup.sh  to fetch it from the npm registry")
    if typesetter != wanted:
        raise RuntimeError(
            f"sphinxcontrib-katex typesets with KaTeX {typesetter} but package.json pins KaTeX "
            f"{wanted} for the stylesheet and fonts: make them the same version")


#: A formula KaTeX could not parse is written as a red ``katex-error`` span (with the message in
#: its title) instead of stopping the build: ``finish_page`` turns it into a build error.
KATEX_ERROR = re.compile(r'<span class="katex-error" title="([^"]*)"[^>]*>')


def drop_thebe(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """No page loads sphinx-thebe's scripts or stylesheet: the one place that says so."""
    def is_thebe(asset) -> bool:
        body = str(getattr(asset, "attributes", {}).get("body", ""))
        return "thebe" in (getattr(asset, "filename", None) or str(asset)) or "THEBE" in body

    for key in ("script_files", "css_files"):
        if key in context:
            context[key] = [asset for asset in context[key] if not is_thebe(asset)]


#: (pattern, replacement, why) applied to every HTML page as it is rendered (``finish_page``).
ACCESSIBILITY_FIXES = [
    # The search field's visible text is "Search Ctrl+K" but its aria-label says only "Search"
    # (axe: label-content-name-mismatch). Without the label, its name is its visible text.
    (re.compile(r'(<button class="btn search-button-field[^"]*"[^>]*?) aria-label="Search"'), r"\1",
     "search field named by its visible text"),
    # The colour-mode button is named "Color mode", but its icons carry titles that count as
    # visible text ("Light", "Dark", ...; label-content-name-mismatch).
    (re.compile(r'(<i class="theme-switch [^"]*"[^>]*?) +title="[^"]*"'), r"\1",
     "colour-mode icons without competing titles"),
    # myst-nb's folded-code toggles are labelled "Toggle hidden content" while they show "Show
    # code cell source" (label-content-name-mismatch): let the visible text name them.
    (re.compile(r'<summary aria-label="Toggle hidden content">'), "<summary>",
     "folded-code toggles named by their visible text"),
    # Docutils marks bibliography entries role="doc-biblioentry" (deprecated) inside a
    # role="list", which must contain list items (aria-required-children, critical).
    (re.compile(r'role="doc-biblioentry"'), 'role="listitem"', "bibliography entries as list items"),
]


class FinishingTemplates(BuiltinTemplateLoader):
    """Sphinx's template loader, with each page finished in memory as it is rendered
    (:func:`finish_page`), before Sphinx writes it: no page is read back from disk. The book's
    ``_config.yml`` names it as Sphinx's ``template_bridge``."""

    def init(self, builder, theme=None, dirs=None) -> None:
        super().init(builder, theme, dirs)
        self.builder = builder

    def render(self, template: str, context: dict) -> str:
        output = super().render(template, context)
        if getattr(self.builder, "format", None) != "html" or "pagename" not in context:
            return output
        return finish_page(output, context["pagename"], self.builder)


#: How many pages each of ``ACCESSIBILITY_FIXES`` changed in this build, and the pages finished.
#: Only for the verdict on stale fixes (``check_fixes_used``): the pages themselves are finished
#: one by one, in memory, in whichever process writes them.
FIXES_USED: list[int] = [0] * len(ACCESSIBILITY_FIXES)
FINISHED: set[str] = set()


def forget_finished(app: Sphinx) -> None:
    """A second build in the same process (sphinx-autobuild) starts its counts afresh."""
    FIXES_USED[:] = [0] * len(ACCESSIBILITY_FIXES)
    FINISHED.clear()


def finish_page(text: str, pagename: str, builder) -> str:
    """One rendered page, finished before it is written: a formula KaTeX could not parse stops the
    build; then the accessibility fixes, the icons drawn inline (``icons``), the head made fast
    (``page_speed``) and the images given their size."""
    errors = [html.unescape(message) for message in KATEX_ERROR.findall(text)]
    if errors:
        raise RuntimeError(f"KaTeX could not typeset these formulas of {pagename}:\n  "
                           + "\n  ".join(errors))
    for k, (pattern, replacement, _) in enumerate(ACCESSIBILITY_FIXES):
        text, count = pattern.subn(replacement, text)
        FIXES_USED[k] += count
    text, _ = icons.inline_icons(text, icons.FONT_AWESOME)  # after the fixes: titles gone
    if pagename != "search":  # the search page keeps its search scripts as they are
        text = page_speed.speed_up(text)
    text = page_speed.size_images(text, page_speed.image_files(builder, pagename))
    FINISHED.add(pagename)
    return text


def check_fixes_used(app: Sphinx, exception: Exception | None) -> None:
    """A fix of the theme's markup that matched no page of a full build stops it (the theme
    changed its markup), so that it is revisited rather than silently dropped. An incremental
    build, or one whose pages were written by parallel workers (whose counts stay in the
    workers), finished fewer pages than the project has: no verdict then. Then the two edits
    of the theme's own files (``page_speed``)."""
    if exception is not None or app.builder.format != "html":
        return
    page_speed.patch_theme_script(Path(app.outdir))
    page_speed.trim_theme_stylesheet(Path(app.outdir))
    stale = [why for (_, _, why), count in zip(ACCESSIBILITY_FIXES, FIXES_USED) if count == 0]
    full_build = FINISHED >= set(getattr(getattr(app, "env", None), "found_docs", ()))
    if stale and full_build:
        raise RuntimeError(
            "these fixes of the theme's markup matched no page (did the theme change?); update "
            f"or remove them in booksite/book_build.py ACCESSIBILITY_FIXES: {stale}")


def lazy_images(app: Sphinx, doctree, docname: str) -> None:
    """Figures load when the reader scrolls near them (loading="lazy"): every page opens with its
    title and text, so no figure is needed for the first paint."""
    from docutils import nodes

    for image in doctree.findall(nodes.image):
        image["loading"] = "lazy"


def list_citing_chapters(app: Sphinx, doctree, docname: str) -> None:
    """On the page holding the bibliography, add "Cited in: …" links under every entry."""
    from docutils import nodes
    from sphinxcontrib.bibtex.domain import get_docnames

    domain = app.env.get_domain("cite")
    key_of = {c.citation_id: c.key for c in domain.citations}
    citing: dict[str, list[str]] = {}
    order = list(get_docnames(app.env))  # reading order
    for ref in domain.citation_refs:
        for target in ref.targets:
            docs = citing.setdefault(target.key, [])
            if ref.docname not in docs:
                docs.append(ref.docname)
    for citation in doctree.findall(nodes.citation):
        key = next((key_of[i] for i in citation["ids"] if i in key_of), None)
        if key is None:
            continue
        docs = sorted(citing.get(key, []), key=order.index)
        if not docs:
            continue
        para = nodes.paragraph(classes=["cited-in"])
        para += nodes.Text("Cited in: ")
        for k, doc in enumerate(docs):
            if k:
                para += nodes.Text("; ")
            uri = app.builder.get_relative_uri(docname, doc)
            number = app.env.toc_secnumbers.get(doc, {}).get("", ())
            title = ".".join(map(str, number)) + ". " if number else ""
            title += app.env.titles[doc].astext()
            para += nodes.reference("", title, internal=True, refuri=uri)
        para += nodes.Text(".")
        citation += para


class GradedExerciseTitles(SphinxPostTransform):
    """"Exercise 3.1 (★) Title", not "Exercise 3.1 ((★) Title)".

    sphinx-exercise sets an exercise's title in brackets after its number, in the exercise's
    heading and in its solution's ("Solution to Exercise 3.1 (…)"). The book's titles open with
    their grade in brackets, "(★) Title", so the two brackets doubled. When the title starts
    with a bracket, the outer pair is dropped; other titles are left as sphinx-exercise sets them.
    Runs after sphinx-exercise's title transforms (priorities 20–22).
    """

    default_priority = 30

    def run(self) -> None:
        from sphinx_exercise.nodes import (exercise_enumerable_node, exercise_node,
                                           solution_node)

        kinds = (exercise_enumerable_node, exercise_node, solution_node)
        for node in self.document.findall(lambda n: isinstance(n, kinds)):
            if node.children and isinstance(node[0], nodes.title):
                unwrap_graded_title(node[0])


def unwrap_graded_title(title: nodes.Element) -> None:
    """In ``title`` (or the reference inside a solution's title), drop the Text " (" before a
    subtitle starting "(" (keeping a space after "Exercise 3.1" in a solution's link) and the
    closing Text ")"."""
    for holder in [title, *title.findall(nodes.reference)]:
        children = holder.children
        opens = [i for i, c in enumerate(children)
                 if isinstance(c, nodes.Text) and str(c) == " (" and i + 1 < len(children)
                 and children[i + 1].astext().startswith("(")]
        if opens and isinstance(children[-1], nodes.Text) and str(children[-1]) == ")":
            # in the exercise's own heading the number before it ("Exercise 3.1 ") ends in a space
            space = " " if opens[0] else ""
            holder.replace(children[opens[0]], nodes.Text(space))
            holder.remove(holder.children[-1])


def join_stream_chunks(outputs: list) -> list:
    """A cell's printed text as the kernel wrote it, before myst-nb merges its streams.

    The kernel sends what a cell prints in chunks cut wherever a flush falls: between a line
    and its newline, or inside a line. myst-nb's ``coalesce_streams`` (``nb_merge_streams``,
    myst_nb/core/utils.py, 1.x) strips the end of every chunk and adds a newline, so a cut
    after "text" shows a blank line, and a cut inside a line breaks it in two. Joining the
    chunks of each stream exactly first leaves myst-nb one chunk per stream, whose end it may
    strip, and keeps its ordering of stdout before stderr and its handling of \\r and \\b.
    """
    joined, first = [], {}
    for output in outputs:
        if output.get("output_type") == "stream":
            name = output["name"]
            if name in first:
                first[name]["text"] += output["text"]
                continue
            output = output.copy()
            first[name] = output
        joined.append(output)
    return joined


def join_streams_before_myst_nb_merges_them() -> None:
    from myst_nb.core import render

    merge = getattr(render, "coalesce_streams", None)
    if merge is None:
        raise RuntimeError("myst_nb.core.render.coalesce_streams is gone: check whether myst-nb "
                           "still breaks a printed line at the kernel's flushes, and drop "
                           "booksite.book_build.join_stream_chunks if not")
    if getattr(merge, "joins_chunks_first", False):
        return
    def coalesce_streams(outputs):
        return merge(join_stream_chunks(outputs))
    coalesce_streams.joins_chunks_first = True
    render.coalesce_streams = coalesce_streams


def setup(app: Sphinx) -> dict:
    os.environ[STATIC_ENV] = "1"
    join_streams_before_myst_nb_merges_them()
    app.add_post_transform(GradedExerciseTitles)
    # only the website needs KaTeX's stylesheet and fonts: the reader notebooks alone (a build
    # with another builder, scripts/notebooks.sh and Binder's postBuild) need no Node.js
    app.connect("builder-inited", lambda app: app.builder.format == "html" and check_katex())
    # KaTeX's copy-tex: copying a selection that holds formulas copies their TeX source (read
    # from the MathML annotation). 1 kB, deferred: nothing on the page waits for it.
    app.add_js_file("katex/copy-tex.min.js", loading_method="defer")
    app.connect("builder-inited", forget_finished)
    app.connect("html-page-context", drop_thebe, priority=900)
    app.connect("html-page-context", page_speed.add_description)
    app.connect("build-finished", check_fixes_used)
    app.connect("doctree-resolved", list_citing_chapters)
    app.connect("doctree-resolved", lazy_images)
    reader_notebooks.setup(app)
    lite_site.setup(app)
    icons.setup(app)
    # Safe for parallel writing: each page is finished in memory as it is rendered, in the process
    # that writes it (``FinishingTemplates``). Only the verdict on stale fixes counts across
    # pages, and it is skipped when the counts are incomplete (see ``check_fixes_used``).
    return {"parallel_read_safe": True, "parallel_write_safe": True}
