"""What the build does to a page's head so that it paints fast (booksite.page_speed), tested
on theme markup as the theme writes it, without a build. The effect on real pages is measured by
benchmarks/lighthouse.py and checked in a browser by tests/test_site.py."""

import re
from pathlib import Path
from types import SimpleNamespace

import pytest

from booksite import page_speed

ROOT = Path(__file__).resolve().parents[1]

#: A head as pydata-sphinx-theme, Sphinx and the extensions write it (abridged), and a body.
HEAD = """<html><head>
  <script data-cfasync="false">document.documentElement.dataset.mode = "auto";</script>
  <link href="../_static/styles/pydata-sphinx-theme.css?digest=1" rel="stylesheet" />
  <link rel="stylesheet" type="text/css" href="../_static/sphinx-thebe.css?v=4" />
  <link rel="stylesheet" type="text/css" href="../_static/sphinx-design.min.css?v=6" />
  <link rel="preload" as="script" href="../_static/scripts/bootstrap.js?digest=1" />
<link rel="preload" as="script" href="../_static/scripts/pydata-sphinx-theme.js?digest=1" />
    <script src="../_static/documentation_options.js?v=9"></script>
    <script src="../_static/doctools.js?v=9"></script>
    <script>let toggleHintShow = 'Click to show';</script>
    <script src="../_static/togglebutton.js?v=b"></script>
    <script data-sd-tabs-storage-prefix="sd-" src="../_static/design-tabs.js?v=f"></script>
    <script>DOCUMENTATION_OPTIONS.pagename = 'book/intro';</script>
    <script defer="defer" src="../_static/katex/copy-tex.min.js?v=0"></script>
    <script src="../_static/searchtools.js"></script>
    <script src="../_static/language_data.js"></script>
    <script src="../searchindex.js"></script>
</head>"""
BODY = '<body><p>Text</p><script src="../_static/body.js"></script></body></html>'


def scripts(page: str) -> list[str]:
    return re.findall(r"<script\b[^>]*>", page.split("</head>")[0])


def test_every_script_of_the_head_is_deferred_except_the_inline_ones():
    page = page_speed.speed_up(HEAD + BODY)
    external = [s for s in scripts(page) if "src=" in s]
    assert external and all("defer" in s for s in external)
    # the colour-mode script must run before the first paint (no flash of the wrong theme)
    assert '<script data-cfasync="false">document.documentElement' in page
    assert "<script>let toggleHintShow" in page  # a declaration: runs at once, as before


def test_inline_code_that_uses_a_deferred_global_runs_after_it_in_order():
    page = page_speed.speed_up(HEAD + BODY)
    head = page.split("</head>")[0]
    assert "<script type=\"module\">DOCUMENTATION_OPTIONS.pagename" in head
    assert head.index("documentation_options.js") < head.index("DOCUMENTATION_OPTIONS.pagename")


def test_the_search_index_loads_on_the_search_page_only():
    page = page_speed.speed_up(HEAD + BODY)
    for name in page_speed.SEARCH_SCRIPTS:
        assert name not in page
    search = page_speed.speed_up(HEAD + BODY, search_page=True)
    for name in page_speed.SEARCH_SCRIPTS:
        assert name in search


def test_assets_of_unused_extensions_are_dropped_and_kept_when_used():
    page = page_speed.speed_up(HEAD + BODY)
    assert "sphinx-design" not in page and "design-tabs" not in page
    used = page_speed.speed_up(HEAD + BODY.replace("<p>", '<div class="sd-tab-set"><p>'))
    assert "sphinx-design.min.css" in used and "design-tabs.js" in used


def test_the_preloads_of_deferred_theme_scripts_go_and_the_body_is_untouched():
    page = page_speed.speed_up(HEAD + BODY)
    assert 'rel="preload"' not in page
    assert page.endswith(BODY)
    assert "pydata-sphinx-theme.css" in page


def test_a_page_is_rewritten_once():
    once = page_speed.speed_up(HEAD + BODY)
    assert page_speed.speed_up(once) == once


THEME_SCRIPT, THEME_SHEET = "scripts/pydata-sphinx-theme.js", "styles/pydata-sphinx-theme.css"


def theme_file(tmp_path: Path, name: str, text: str) -> Path:
    """A file of the theme as the build copies it into the site (``scripts/…``, ``styles/…``)."""
    path = tmp_path / "_static" / name
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_the_theme_measures_code_blocks_lazily(tmp_path):
    shipped = (f'(()=>{{"use strict";const e=()=>{{document.querySelectorAll("pre")'
               f'.{page_speed.EAGER_TAB_STOPS}}}}})();\n'
               "//# sourceMappingURL=pydata-sphinx-theme.js.map")
    script = theme_file(tmp_path, THEME_SCRIPT, shipped)
    page_speed.patch_theme_script(tmp_path)
    patched = script.read_text(encoding="utf-8")
    assert page_speed.EAGER_TAB_STOPS not in patched
    assert page_speed.LAZY_TAB_STOPS in patched
    assert patched.startswith(page_speed.TAB_STOP_OBSERVER)  # defined before the theme runs
    assert page_speed.FORWARD_TOGGLES in patched
    assert "sourceMappingURL" not in patched
    page_speed.patch_theme_script(tmp_path)  # an incremental build: patched once only
    assert script.read_text(encoding="utf-8") == patched


def test_a_theme_without_the_loop_stops_the_build(tmp_path):
    theme_file(tmp_path, THEME_SCRIPT, "(()=>{})();")
    with pytest.raises(RuntimeError, match="tab-stop loop was not found"):
        page_speed.patch_theme_script(tmp_path)


def fake_app(tmp_path: Path, metadata: dict, source: str = "page.md"):
    path = tmp_path / source
    return SimpleNamespace(env=SimpleNamespace(metadata={"page": metadata},
                                               doc2path=lambda name: path)), path


def test_a_page_gets_the_description_of_its_front_matter(tmp_path):
    app, _ = fake_app(tmp_path, {"description": "Tensors & shapes: what \"broadcasting\" "
                                                "means for <deep learning> code, with NumPy."})
    context = {"metatags": '<meta name="viewport" />'}
    page_speed.add_description(app, "page", "page.html", context, doctree=object())
    assert context["metatags"].startswith('<meta name="viewport" />')
    assert ('<meta name="description" content="Tensors &amp; shapes: what &quot;broadcasting'
            '&quot; means for &lt;deep learning> code, with NumPy." />') in context["metatags"]


def test_a_notebook_gets_the_description_of_its_metadata(tmp_path):
    app, path = fake_app(tmp_path, {}, "page.ipynb")
    path.write_text('{"metadata": {"description": "Probability for deep learning, checked '
                    'cell by cell in NumPy."}, "cells": []}', encoding="utf-8")
    context = {}
    page_speed.add_description(app, "page", "page.html", context, doctree=object())
    assert 'content="Probability for deep learning, checked cell by cell' in context["metatags"]


@pytest.mark.parametrize("description", [None, "Too short.", "x" * 171])
def test_a_page_without_a_fitting_description_stops_the_build(tmp_path, description):
    app, _ = fake_app(tmp_path, {"description": description} if description else {})
    with pytest.raises(ValueError, match="expected a description of 50–170 characters"):
        page_speed.add_description(app, "page", "page.html", {}, doctree=object())


def test_generated_pages_need_no_description(tmp_path):
    app, _ = fake_app(tmp_path, {})
    context = {}
    page_speed.add_description(app, "search", "search.html", context, doctree=None)
    assert context == {}


def test_images_of_the_article_get_their_size_from_their_file(tmp_path):
    from PIL import Image

    (tmp_path / "_images").mkdir()
    Image.new("RGB", (611, 331)).save(tmp_path / "_images" / "plot.png")
    (tmp_path / "_images" / "map.svg").write_text(
        '<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 44.4 20">'
        "</svg>", encoding="utf-8")
    (tmp_path / "book").mkdir()
    page = ('<img alt="logo" src="../_static/logo.svg"><article class="bd-article">'
            '<img alt="a plot" loading="lazy" src="../_images/plot.png" />'
            '<img alt="a map" src="../_images/map.svg?v=1">'
            '<img class="frame" src="../_images/plot.png" width="620" height="340" alt="x">'
            '</article>')
    sized = page_speed.size_images(page, lambda src: (tmp_path / "book" / src).resolve())
    assert '<img width="611" height="331" alt="a plot" loading="lazy"' in sized
    assert '<img width="44" height="20" alt="a map"' in sized
    assert 'width="620" height="340"' in sized and sized.count("width=") == 3  # kept as given
    assert sized.startswith('<img alt="logo" src="../_static/logo.svg">')  # theme chrome


def test_an_image_missing_from_the_site_stops_the_build(tmp_path):
    page = '<article><img alt="gone" src="../_images/gone.png"></article>'
    with pytest.raises(FileNotFoundError, match="the image ../_images/gone.png is not in the site"):
        page_speed.size_images(page, lambda src: (tmp_path / "book" / src).resolve())


def test_the_theme_stylesheet_loses_its_icon_class_rules_only(tmp_path):
    icons = "".join(f'.fa-i{k}:before,.fa-alias{k}:before{{content:"\\f{k:03x}"}}'
                    for k in range(1200))
    kept = ('.fa-solid{font-family:Font Awesome\\ 6 Free}'
            '.admonition-title:after{content:var(--pst-icon-bell);font:var(--fa-font-solid)}'
            'a.headerlink:before{content:"#"}')
    sheet = theme_file(tmp_path, THEME_SHEET, '@charset "UTF-8";\n:root{--x:1}' + icons + kept
                             + "\n/*# sourceMappingURL=pydata-sphinx-theme.css.map*/")
    page_speed.trim_theme_stylesheet(tmp_path)
    trimmed = sheet.read_text(encoding="utf-8")
    assert trimmed.startswith('@charset "UTF-8";\n' + page_speed.TRIMMED)
    assert ".fa-i7:before" not in trimmed and "sourceMappingURL" not in trimmed
    assert trimmed.endswith(":root{--x:1}" + kept + "\n")
    page_speed.trim_theme_stylesheet(tmp_path)  # an incremental build: trimmed once only
    assert sheet.read_text(encoding="utf-8") == trimmed


def test_a_theme_stylesheet_without_icon_rules_stops_the_build(tmp_path):
    theme_file(tmp_path, THEME_SHEET, ':root{--x:1}.fa-bars:before{content:"\\f0c9"}')
    with pytest.raises(RuntimeError, match="1 Font Awesome icon-class rules found"):
        page_speed.trim_theme_stylesheet(tmp_path)
