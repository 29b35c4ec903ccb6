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
    """An app after a build that wrote ``docs`` (all of the project's documents), with the
    theme's script and stylesheet as the theme ships them."""
    book_build.WRITTEN.clear()
    book_build.WRITTEN.update(docs)
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


def test_accessibility_fixes_rewrite_the_theme_markup(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(THEME_MARKUP, encoding="utf-8")
    book_build.finish_pages(fake_app(tmp_path), None)
    text = page.read_text(encoding="utf-8")
    assert 'aria-label="Search"' not in text and 'title="Light"' not in text
    assert "<summary>Show code cell source</summary>" in text
    assert 'role="listitem"' in text and "doc-biblioentry" not in text


def test_a_fix_that_matches_nothing_stops_the_build(tmp_path):
    (tmp_path / "page.html").write_text(THEME_MARKUP.replace("doc-biblioentry", "other"),
                                        encoding="utf-8")
    with pytest.raises(RuntimeError, match="bibliography entries as list items"):
        book_build.finish_pages(fake_app(tmp_path), None)


def test_an_incremental_build_gives_no_verdict(tmp_path):
    (tmp_path / "page.html").write_text(THEME_MARKUP.replace("doc-biblioentry", "other"),
                                        encoding="utf-8")
    app = fake_app(tmp_path)
    app.env.found_docs.add("references")  # not rewritten by this build
    book_build.finish_pages(app, None)  # no error: the unmatched fix may match the unwritten page
    text = (tmp_path / "page.html").read_text(encoding="utf-8")
    assert 'aria-label="Search"' not in text and "<summary>Show code cell" in text  # yet fixed


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
    (tmp_path / "page.html").write_text(THEME_MARKUP + error, encoding="utf-8")
    with pytest.raises(RuntimeError, match=r"page: ParseError: .*'\\max' with no arguments"):
        book_build.finish_pages(fake_app(tmp_path), None)


def test_pages_of_jupyterlite_are_left_alone(tmp_path):
    lite = tmp_path / "lite" / "lab"
    lite.mkdir(parents=True)
    (lite / "index.html").write_text("<head></head><i class='fa-solid fa-bars'></i>")
    (tmp_path / "page.html").write_text(THEME_MARKUP, encoding="utf-8")
    book_build.finish_pages(fake_app(tmp_path), None)
    assert (lite / "index.html").read_text() == "<head></head><i class='fa-solid fa-bars'></i>"


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


def test_the_extension_does_not_claim_parallel_writing(monkeypatch):
    """WRITTEN is filled in the process that writes a page: under -j the parent never sees it,
    so setup says False; and a new build (sphinx-autobuild) starts with an empty WRITTEN."""
    from unittest.mock import MagicMock

    from helpers.sliders import STATIC_ENV

    monkeypatch.setenv(STATIC_ENV, "")  # setup sets it; restored after the test
    app = MagicMock()
    assert book_build.setup(app)["parallel_write_safe"] is False
    app.connect.assert_any_call("builder-inited", book_build.forget_written)
    monkeypatch.setattr(book_build, "WRITTEN", {"from-an-earlier-build"})
    book_build.forget_written(app)
    assert not book_build.WRITTEN


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
