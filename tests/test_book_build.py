"""The book's Sphinx extension (booksite.book_build), tested on its own without a build."""

from pathlib import Path
from types import SimpleNamespace

import pytest

from booksite import book_build, pinned_npm

#: One page with the theme markup every fix expects (as the theme writes it today).
THEME_MARKUP = (
    '<button class="btn search-button-field search-button__button" title="Search" '
    'aria-label="Search" data-bs-placement="bottom">Search Ctrl+K</button>'
    '<i class="theme-switch fa-solid fa-sun fa-lg" data-mode="light" title="Light"></i>'
    '<summary aria-label="Toggle hidden content">Show code cell source</summary>'
    '<div role="doc-biblioentry">Eckart and Young</div>')


def fake_app(outdir: Path, docs=("page",)):
    """An app after a build of the project's documents ``docs``, with the theme's script and
    stylesheet as the theme ships them."""
    scripts = outdir / "_static" / "scripts"
    scripts.mkdir(parents=True, exist_ok=True)
    (scripts / "pydata-sphinx-theme.js").write_text(
        f"(()=>{{a.{book_build.page_speed.EAGER_TAB_STOPS}}})();\n"
        "//# sourceMappingURL=pydata-sphinx-theme.js.map", encoding="utf-8")
    styles = outdir / "_static" / "styles"
    styles.mkdir(parents=True, exist_ok=True)
    (styles / "pydata-sphinx-theme.css").write_text(
        ":root{}" + "".join(f'.fa-i{k}:before{{content:"x"}}' for k in range(1500)),
        encoding="utf-8")
    return SimpleNamespace(outdir=str(outdir), builder=SimpleNamespace(format="html"),
                           env=SimpleNamespace(found_docs=set(docs)))


def finish(tmp_path: Path, text: str, pagename: str = "page", images=None) -> str:
    """The page as the build writes it: rendered, then finished in memory."""
    builder = SimpleNamespace(format="html", outdir=str(tmp_path / "html"),
                              srcdir=str(tmp_path / "src"), images=images or {})
    return book_build.finish_page(text, pagename, builder)


@pytest.fixture(autouse=True)
def new_build():
    book_build.forget_finished(None)


def test_accessibility_fixes_rewrite_the_theme_markup(tmp_path):
    text = finish(tmp_path, THEME_MARKUP)
    assert 'aria-label="Search"' not in text and 'title="Light"' not in text
    assert "<summary>Show code cell source</summary>" in text
    assert 'role="listitem"' in text and "doc-biblioentry" not in text


def test_a_fix_that_matches_nothing_stops_the_build(tmp_path):
    finish(tmp_path, THEME_MARKUP.replace("doc-biblioentry", "other"))
    with pytest.raises(RuntimeError, match="bibliography entries as list items"):
        book_build.check_fixes_used(fake_app(tmp_path), None)


def test_an_incremental_build_gives_no_verdict(tmp_path):
    text = finish(tmp_path, THEME_MARKUP.replace("doc-biblioentry", "other"))
    assert 'aria-label="Search"' not in text and "<summary>Show code cell" in text  # fixed
    app = fake_app(tmp_path)
    app.env.found_docs.add("references")  # not written by this build
    book_build.check_fixes_used(app, None)  # no error: the unmatched fix may match that page


def test_the_build_stops_clearly_without_katex(monkeypatch, tmp_path):
    monkeypatch.setattr(book_build, "VENDOR", tmp_path)
    with pytest.raises(RuntimeError, match="run  bash scripts/setup.sh"):
        book_build.check_katex()


def test_the_build_stops_when_the_stylesheet_and_the_typesetter_differ(monkeypatch, tmp_path):
    (tmp_path / "katex").mkdir()
    (tmp_path / "katex" / "katex.min.css").write_text("")
    (tmp_path / "katex" / ".version").write_text(pinned_npm("katex"))
    monkeypatch.setattr(book_build, "VENDOR", tmp_path)
    book_build.check_katex()  # the pinned copy: fine
    import sphinxcontrib.katex
    monkeypatch.setattr(sphinxcontrib.katex, "katex_version", "0.15.0")
    with pytest.raises(RuntimeError, match="typesets with KaTeX 0.15.0"):
        book_build.check_katex()


def test_a_formula_katex_cannot_parse_stops_the_build(tmp_path):
    """KaTeX writes an unparsable formula as red text; the build names the page and the error."""
    error = ('<span class="katex-error" title="ParseError: KaTeX parse error: Got function '
             '&#x27;\\max&#x27; with no arguments as subscript" style="color:#cc0000">'
             '\\lambda_\\max</span>')
    with pytest.raises(RuntimeError, match=r"of page:\n  ParseError: .*'\\max' with no arguments"):
        finish(tmp_path, THEME_MARKUP + error)


def test_no_written_page_is_read_back_after_the_build(tmp_path):
    """Pages are finished as they are rendered; after the build only the theme's own script and
    stylesheet are patched, and no page (of the book or of JupyterLite) is touched."""
    lite = tmp_path / "lite" / "lab"
    lite.mkdir(parents=True)
    (lite / "index.html").write_text("<head></head><i class='fa-solid fa-bars'></i>")
    (tmp_path / "page.html").write_text(THEME_MARKUP, encoding="utf-8")
    finish(tmp_path, THEME_MARKUP)
    book_build.check_fixes_used(fake_app(tmp_path), None)
    assert (lite / "index.html").read_text() == "<head></head><i class='fa-solid fa-bars'></i>"
    assert (tmp_path / "page.html").read_text(encoding="utf-8") == THEME_MARKUP
    script = tmp_path / "_static" / "scripts" / "pydata-sphinx-theme.js"
    assert book_build.page_speed.LAZY_TAB_STOPS in script.read_text(encoding="utf-8")


def test_a_figure_gets_its_size_from_its_source_before_it_is_copied(tmp_path):
    """Figures reach the site's _images/ only after every page is written: their size is read
    from the file Sphinx copies them from."""
    from PIL import Image

    (tmp_path / "src" / "out").mkdir(parents=True)
    Image.new("RGB", (31, 17)).save(tmp_path / "src" / "out" / "fig.png")
    page = '<head></head><article><img alt="a figure" src="../_images/fig.png"></article>'
    text = finish(tmp_path, page, "book/ch", images={"out/fig.png": "fig.png"})
    assert '<img width="31" height="17" alt="a figure"' in text
    with pytest.raises(FileNotFoundError, match="_images/gone.png"):
        finish(tmp_path, page.replace("fig.png", "gone.png"), "book/ch")


def test_no_page_links_thebe():
    """book_build.drop_thebe is the one owner of "no thebe": its scripts and stylesheet leave
    every page's context before the page is rendered."""
    from sphinx.builders.html._assets import _CascadingStyleSheet, _JavaScript

    context = {
        "script_files": [_JavaScript("_static/doctools.js"), _JavaScript("_static/sphinx-thebe.js"),
                         _JavaScript(None, body="const THEBE_JS_URL = 'x'")],
        "css_files": [_CascadingStyleSheet("_static/book.css"),
                      _CascadingStyleSheet("_static/sphinx-thebe.css")],
    }
    book_build.drop_thebe(None, "page", "page.html", context, None)
    assert [s.filename for s in context["script_files"]] == ["_static/doctools.js"]
    assert [c.filename for c in context["css_files"]] == ["_static/book.css"]


def test_the_extension_writes_safely_in_parallel_and_forgets_an_earlier_build(monkeypatch):
    """Pages are finished per page, in memory, in the process that writes them, so parallel
    writing is safe; a new build (sphinx-autobuild) starts with fresh counts for the verdict."""
    from unittest.mock import MagicMock

    from helpers.sliders import STATIC_ENV

    monkeypatch.setenv(STATIC_ENV, "")  # setup sets it; restored after the test
    app = MagicMock()
    assert book_build.setup(app)["parallel_write_safe"] is True
    app.connect.assert_any_call("builder-inited", book_build.forget_finished)
    book_build.FINISHED.add("from-an-earlier-build")
    book_build.FIXES_USED[0] = 7
    book_build.forget_finished(app)
    assert not book_build.FINISHED and not any(book_build.FIXES_USED)


def test_the_book_renders_through_the_finishing_template_bridge():
    import yaml

    from booksite import ROOT

    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    name = config["sphinx"]["config"]["template_bridge"]
    module, _, cls = name.rpartition(".")
    import importlib

    bridge = getattr(importlib.import_module(module), cls)
    assert issubclass(bridge, book_build.BuiltinTemplateLoader)
    assert bridge.render is not book_build.BuiltinTemplateLoader.render


def test_printed_lines_survive_the_kernels_flushes():
    """A line cut by a flush (before its newline, or inside it) reads as printed on the page:
    no blank line, no broken line, stdout before stderr as myst-nb orders them."""
    from myst_nb.core import render
    from nbformat.v4 import new_output

    book_build.join_streams_before_myst_nb_merges_them()
    chunks = [new_output("stream", name="stdout", text="k = 20: 1.5"),
              new_output("stream", name="stdout", text="\nk = 50: 0.9\nk = 1"),
              new_output("stream", name="stderr", text="careful\n"),
              new_output("stream", name="stdout", text="00: 0.1\n")]
    merged = render.coalesce_streams(chunks)
    assert [(o["name"], o["text"]) for o in merged] == [
        ("stdout", "k = 20: 1.5\nk = 50: 0.9\nk = 100: 0.1\n"), ("stderr", "careful\n")]
    assert chunks[0]["text"] == "k = 20: 1.5", "the cell's own outputs are left as they were"
    book_build.join_streams_before_myst_nb_merges_them()   # a second build in one process
    assert render.coalesce_streams(chunks[:2])[0]["text"] == "k = 20: 1.5\nk = 50: 0.9\nk = 1\n"


def test_a_graded_exercise_title_is_bracketed_once():
    """sphinx-exercise brackets the title after the number; a title opening with its grade
    "(★) …" then read "Exercise 3.1 ((★) …)". The transform drops the outer pair, in the
    exercise's heading and in its solution's link, and leaves other titles alone."""
    from docutils import nodes

    def title(*parts, link=False):
        node = nodes.title()
        holder = nodes.reference() if link else node
        for part in parts:
            holder += nodes.Text(part) if isinstance(part, str) else part
        if link:
            node += nodes.Text("Solution to")
            node += holder
        return node

    graded = title(" (", nodes.inline(text="(★) Singular values"), ")")
    book_build.unwrap_graded_title(graded)
    assert graded.astext() == "(★) Singular values"
    solution = title(" Exercise 3.2", " (", nodes.inline(text="(★★) Singular values"), ")",
                     link=True)
    book_build.unwrap_graded_title(solution)
    assert solution.astext() == "Solution to Exercise 3.2 (★★) Singular values"
    plain = title(" (", nodes.inline(text="Singular values"), ")")
    book_build.unwrap_graded_title(plain)
    assert plain.astext() == " (Singular values)"
