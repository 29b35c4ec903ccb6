"""What the build does to a page's head so that it paints fast (book/_ext/page_speed.py), tested
on theme markup as the theme writes it, without a build. The effect on real pages is measured by
benchmarks/lighthouse.py and checked in a browser by tests/test_site.py."""

import re
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book" / "_ext"))
import page_speed  # noqa: E402

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
    assert "sphinx-thebe.css" not in page
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


def theme_script(tmp_path: Path, text: str) -> Path:
    script = tmp_path / "_static" / "scripts" / "pydata-sphinx-theme.js"
    script.parent.mkdir(parents=True)
    script.write_text(text, encoding="utf-8")
    return script


def test_the_theme_measures_code_blocks_lazily(tmp_path):
    shipped = (f'(()=>{{"use strict";const e=()=>{{document.querySelectorAll("pre")'
               f'.{page_speed.EAGER_TAB_STOPS}}}}})();\n'
               "//# sourceMappingURL=pydata-sphinx-theme.js.map")
    script = theme_script(tmp_path, shipped)
    page_speed.patch_theme_script(tmp_path)
    patched = script.read_text(encoding="utf-8")
    assert page_speed.EAGER_TAB_STOPS not in patched
    assert page_speed.LAZY_TAB_STOPS in patched
    assert patched.startswith(page_speed.TAB_STOP_OBSERVER)  # defined before the theme runs
    assert "sourceMappingURL" not in patched
    page_speed.patch_theme_script(tmp_path)  # an incremental build: patched once only
    assert script.read_text(encoding="utf-8") == patched


def test_a_theme_without_the_loop_stops_the_build(tmp_path):
    theme_script(tmp_path, "(()=>{})();")
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
