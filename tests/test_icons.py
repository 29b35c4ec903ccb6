"""The theme's Font Awesome icons drawn as inline SVG at build time (booksite.icons).

The reference for every outline is the theme's own ``fontawesome.js`` (the script the site no
longer loads): its icon tables are parsed here, independently of the npm package the build reads.
"""

import bisect
import importlib.util
import re
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace

import pytest

from booksite import icons

ROOT = Path(__file__).resolve().parents[1]

THEME_SCRIPTS = (Path(importlib.util.find_spec("pydata_sphinx_theme").submodule_search_locations[0])
                 / "theme" / "pydata_sphinx_theme" / "static" / "scripts")
PREFIX = {"fas": "solid", "far": "regular", "fab": "brands"}

#: Pieces of a chapter page as the theme writes them (header, buttons, colour-mode switch,
#: footer), plus a Font Awesome 4 style icon from the book's own prose.
THEME_MARKUP = """<head>
  <!-- So that users can add custom icons -->
  <script defer src="../_static/scripts/fontawesome.js?digest=55c26ed414f5f8a31ebb"></script>
  <!-- Pre-loaded scripts that we'll load fully later -->
  <link rel="preload" as="script" href="../_static/scripts/bootstrap.js?digest=55c26ed414f5f8a31ebb" />
<link rel="preload" as="script" href="../_static/scripts/pydata-sphinx-theme.js?digest=55c26ed414f5f8a31ebb" />
</head><body>
  <button class="pst-navbar-icon sidebar-toggle primary-toggle" aria-label="Site navigation">
    <span class="fa-solid fa-bars"></span>
  </button>
  <button class="pst-navbar-icon sidebar-toggle secondary-toggle" aria-label="On this page">
      <span class="fa-solid fa-outdent"></span>
  </button>
  <button class="btn dropdown-toggle" type="button" data-bs-toggle="dropdown" aria-expanded="false" aria-label="Launch interactive content">
    <i class="fas fa-rocket"></i>
  </button>
<span class="btn__icon-container">
  <i class="fab fa-github"></i>
  </span>
<span class="btn__icon-container">
  <i class="fas fa-file-pdf"></i>
  </span>
<span class="btn__text-container">.pdf</span>
  <i class="theme-switch fa-solid fa-sun                fa-lg" data-mode="light"></i>
  <i class="theme-switch fa-solid fa-moon               fa-lg" data-mode="dark"></i>
  <i class="theme-switch fa-solid fa-circle-half-stroke fa-lg" data-mode="auto"></i>
    <i class="fa-solid fa-magnifying-glass fa-lg"></i>
    <span class="fa-solid fa-list"></span>
      <i class="fa-solid fa-angle-left"></i>
<p>The <span class="fa fa-rocket"></span> launch button, <i>in italics</i>, <span class="pre">x</span></p>
</body>"""
ICONS_IN_MARKUP = 12


@pytest.fixture(scope="module")
def theme_icons() -> dict[tuple[str, str], tuple[str, str]]:
    """``{(style, name): (viewBox, path)}`` from the theme's fontawesome.js: each style's table
    is the object literal just before the ``d("fas", ...)`` call that registers it."""
    js = (THEME_SCRIPTS / "fontawesome.js").read_text(encoding="utf-8")
    calls = [(m.start(), m.group(1)) for m in re.finditer(r'\bd\("(fas|far|fab)",', js)]
    starts = [start for start, _ in calls]
    entry = re.compile(r'(?:"([a-z0-9-]+)"|\b([a-z0-9_]+)):\[(\d+),(\d+),\[[^\]]*\],'
                       r'"[0-9a-f]+","(M[^"]+)"\]')
    table = {}
    for m in entry.finditer(js):
        style = PREFIX[calls[bisect.bisect(starts, m.start())][1]]
        table[style, m.group(1) or m.group(2)] = (f"0 0 {m.group(3)} {m.group(4)}", m.group(5))
    assert len(table) > 2000  # the whole free set: the parse found every table
    return table


class Elements(HTMLParser):
    """Start tags as (tag, attributes), with the ``d`` of each SVG's paths under ``paths``."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "path" and self.tags and self.tags[-1][0] == "svg":
            self.tags[-1][1].setdefault("paths", []).append(dict(attrs).get("d"))
        elif tag != "path":
            self.tags.append((tag, dict(attrs)))

    def svgs(self) -> list[dict]:
        return [attrs for tag, attrs in self.tags if tag == "svg"]


def test_every_icon_becomes_the_svg_the_theme_script_draws(theme_icons):
    html, count = icons.inline_icons(THEME_MARKUP, icons.FONT_AWESOME)
    svgs = Elements(html).svgs()
    assert count == len(svgs) == ICONS_IN_MARKUP
    for svg in svgs:
        classes = svg["class"].split()
        assert classes[0] == "svg-inline--fa" and classes[1].startswith("fa-")
        style = "brands" if classes[1] == "fa-github" else "solid"
        assert (svg["viewbox"], svg["paths"][0]) == theme_icons[style, classes[1][3:]]
        assert len(svg["paths"]) == 1
        assert (svg["aria-hidden"], svg["focusable"], svg["role"]) == ("true", "false", "img")
        assert not {"fa-solid", "fas", "fab", "fa"} & set(classes)  # as the script leaves them
    assert 'fill="currentColor"' in html and html.count('fill="currentColor"') == count
    assert "<i class=\"fa" not in html and "<span class=\"fa" not in html
    # the prose's own markup is untouched
    assert "<i>in italics</i>" in html and '<span class="pre">x</span>' in html


def test_the_colour_mode_icons_keep_what_the_theme_switches_on():
    html, _ = icons.inline_icons(THEME_MARKUP, icons.FONT_AWESOME)
    switches = [svg for svg in Elements(html).svgs() if "theme-switch" in svg["class"].split()]
    assert [(svg["class"].split()[1], svg["data-mode"]) for svg in switches] == [
        ("fa-sun", "light"), ("fa-moon", "dark"), ("fa-circle-half-stroke", "auto")]
    assert all(svg["class"].split()[-1] == "fa-lg" for svg in switches)


def test_the_script_is_dropped_and_the_other_preloads_kept():
    html, _ = icons.inline_icons(THEME_MARKUP, icons.FONT_AWESOME)
    head = html[:html.index("</head>")]
    assert "fontawesome" not in head and "custom icons" not in head
    assert head.count('rel="preload"') == 2 and "bootstrap.js" in head
    preload = '<link rel="preload" as="script" href="_static/scripts/fontawesome.js?digest=1" />'
    assert icons.inline_icons(preload + "<p>", icons.FONT_AWESOME)[0] == "<p>"


def test_a_rewritten_page_is_left_as_it_is():
    once, _ = icons.inline_icons(THEME_MARKUP, icons.FONT_AWESOME)
    assert icons.inline_icons(once, icons.FONT_AWESOME) == (once, 0)


def test_an_old_name_draws_the_icon_it_now_names(theme_icons):
    html, _ = icons.inline_icons('<i class="fas fa-search"></i>', icons.FONT_AWESOME)
    (svg,) = Elements(html).svgs()
    assert svg["class"] == "svg-inline--fa fa-magnifying-glass"
    assert (svg["viewbox"], svg["paths"][0]) == theme_icons["solid", "magnifying-glass"]


def test_the_npm_outlines_are_the_theme_script_outlines(theme_icons):
    """Every icon of the free set, not only today's: an icon a page starts using is drawn as
    the theme would have drawn it (a version mismatch fails here)."""
    fresh = icons.FontAwesome()
    differ = [key for key, (view_box, path) in theme_icons.items()
              if (fresh[key].view_box, fresh[key].path) != (view_box, path)]
    assert not differ


def test_package_json_pins_the_theme_font_awesome():
    header = (THEME_SCRIPTS / "fontawesome.js.LICENSE.txt").read_text(encoding="utf-8")
    assert f"Font Awesome Free {icons.wanted_version()} " in header


@pytest.mark.parametrize("tag, says", [
    ('<i class="fa-solid fa-not-an-icon"></i>', "fa-not-an-icon is not a Font Awesome Free solid"),
    ('<i class="fab fa-bars"></i>', "fa-bars is not a Font Awesome Free brands"),
    ('<i class="fa-solid fa-bars fa-spin"></i>', r"found \['fa-bars', 'fa-spin'\]"),
    ('<i class="fa-solid"></i>', "found none"),
    ('<span class="fa-solid fa-bars">menu</span>', "be empty"),
    ('<i class="fa-solid fa-bars" title="Menu"></i>', "no title"),
    ('<i class="fas fab fa-bars"></i>', "one style"),
])
def test_an_icon_it_cannot_draw_stops_with_its_markup(tag, says):
    with pytest.raises(icons.IconError, match=says) as error:
        icons.inline_icons(f"<p>{tag}</p>", icons.FONT_AWESOME)
    assert tag.split(">")[0] in str(error.value)


def test_elements_the_script_ignores_are_kept():
    """Font Awesome's script replaces only elements with a style class (fa-solid, fas, ...)."""
    page = '<i class="fa-bars"></i><span class="sd-fa">x</span><i>word</i><span>s</span>'
    assert icons.inline_icons(page, icons.FONT_AWESOME) == (page, 0)


def test_without_the_npm_package_the_build_says_how_to_fix_it(tmp_path):
    with pytest.raises(icons.IconError, match="run  bash scripts/setup.sh"):
        icons.FontAwesome(tmp_path / "fontawesome-free")["solid", "bars"]


def test_the_stylesheet_has_the_rules_of_every_modifier_and_the_credit():
    css = (ROOT / "book" / "_static" / "book.css").read_text(encoding="utf-8")
    for modifier in icons.MODIFIERS:
        assert re.search(rf"\.svg-inline--fa\.{modifier}\s*\{{[^}}]*vertical-align", css)
    assert "CC BY 4.0" in css and "fontawesome.com" in css


def test_the_site_no_longer_ships_the_script(tmp_path):
    scripts = tmp_path / "_static" / "scripts"
    scripts.mkdir(parents=True)
    for name in icons.SCRIPT_FILES + ("bootstrap.js",):
        (scripts / name).write_text("x")
    icons.drop_script_files(SimpleNamespace(outdir=str(tmp_path),
                                            builder=SimpleNamespace(format="html")), None)
    assert [p.name for p in scripts.iterdir()] == ["bootstrap.js"]


#: An element Font Awesome's script would have replaced (it has a style class).
UNDRAWN = re.compile(r'<(?:i|span)\s[^>]*class="(?:[^"]*\s)?(?:fa|fas|far|fab|fa-solid|fa-regular|'
                     r'fa-brands)(?:\s[^"]*)?"')


@pytest.mark.slow
def test_icons_without_fontawesome_script(site):
    assert not (site / "_static" / "scripts" / "fontawesome.js").exists()
    drawn = 0
    pages = [p for p in site.rglob("*.html")  # the book's pages, not JupyterLite's or templates
             if p.relative_to(site).parts[0] not in ("_static", "lite")]
    for page in sorted(pages):
        text = page.read_text(encoding="utf-8")
        name = page.relative_to(site)
        assert "fontawesome.js" not in text, name
        assert not UNDRAWN.search(text), (name, UNDRAWN.search(text))
        svgs = [svg for svg in Elements(text).svgs() if "svg-inline--fa" in svg.get("class", "")]
        assert all(svg.get("paths") and all(svg["paths"]) for svg in svgs), name
        if svgs:
            assert text.count("_static/book.css") == 1, name
        drawn += len(svgs)
    assert drawn > 100  # every page's header has a dozen icons
