"""The theme's Font Awesome icons as inline SVG, written into the pages at build time.

The theme loads ``_static/scripts/fontawesome.js`` (1.45 MB) on every page only to replace its few
``<i class="fa-solid fa-bars">`` elements by inline SVG in the reader's browser. ``inline_icons``
writes the SVG that script would have drawn (same classes, the icon's outline and viewBox) into the
HTML, and drops the script; ``book/_static/book.css`` holds the few CSS rules it would inject.

The outlines come from the npm package ``@fortawesome/fontawesome-free``, pinned in package.json
to the theme's own Font Awesome version and installed by ``scripts/setup.sh``: one SVG file per
icon, the very outlines the theme's script carries. An icon that cannot be resolved stops the build
with its name rather than leaving a blank on the page.

Icons drawn later by the theme's JavaScript (the close button of a version or announcement banner,
``<i class="fa-solid fa-xmark">``, neither enabled on this site) still show: the theme's stylesheet
carries Font Awesome's icon font rules, so such an ``<i>`` draws as a glyph of that font.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from sphinx.application import Sphinx

from . import ROOT, pinned_npm

PACKAGE = ROOT / "node_modules" / "@fortawesome" / "fontawesome-free"

#: Class names that make an element an icon, and the style they name ("fa" is Font Awesome 4's,
#: still solid). Font Awesome's script replaces only elements carrying one of these.
STYLES = {"fa": "solid", "fas": "solid", "fa-solid": "solid", "far": "regular",
          "fa-regular": "regular", "fab": "brands", "fa-brands": "brands"}

#: Modifier classes that book/_static/book.css gives their SVG rules (Font Awesome's script would
#: inject them). Any other ``fa-`` class next to the icon's name stops the build: add its rule.
MODIFIERS = frozenset({"fa-lg"})

#: An ``<i>`` or ``<span>`` start tag, and its end tag when nothing is in between.
ELEMENT = re.compile(r"<(i|span)(\s[^<>]*)?>(\s*</\1>)?")
CLASS_ATTR = re.compile(r"""\sclass\s*=\s*(?:"([^"]*)"|'([^']*)')""")
TITLE_ATTR = re.compile(r"\stitle\s*=", re.I)
#: The theme's ``<script defer src=".../fontawesome.js?digest=...">`` (with the comment that
#: introduces it), and any ``<link rel="preload">`` of that script.
SCRIPT = re.compile(r"(?:<!-- So that users can add custom icons -->\s*)?"
                    r"<script\b[^>]*\bsrc=\"[^\"]*/fontawesome\.js[^\"]*\"[^>]*></script>\s*"
                    r"|<link\b[^>]*\bhref=\"[^\"]*/fontawesome\.js[^\"]*\"[^>]*>\s*")
#: What the theme copies to the site for that script alone.
SCRIPT_FILES = ("fontawesome.js", "fontawesome.js.map", "fontawesome.js.LICENSE.txt")


class IconError(RuntimeError):
    """An icon of a page that cannot be drawn (the message says which, and what to do)."""


@dataclass(frozen=True)
class Icon:
    name: str  # the canonical name (an alias such as "search" resolves to "magnifying-glass")
    view_box: str
    path: str


class FontAwesome(dict):
    """``{(style, name): Icon}`` read from the npm package on first use of each icon."""

    def __init__(self, package: Path = PACKAGE) -> None:
        super().__init__()
        self.package = package

    def __missing__(self, key: tuple[str, str]) -> Icon:
        style, name = key
        check_package(self.package)
        svg = self.package / "svgs" / style / f"{name}.svg"
        if not svg.exists():
            canonical = aliases(self.package).get((style, name))
            if canonical is None:
                raise KeyError(key)
            svg = self.package / "svgs" / style / f"{canonical}.svg"
        text = svg.read_text(encoding="utf-8")
        view_box = re.search(r'viewBox="([^"]+)"', text).group(1)
        path = re.search(r'<path d="([^"]+)"', text).group(1)
        self[key] = icon = Icon(svg.stem, view_box, path)
        return icon


def wanted_version() -> str:
    """The Font Awesome version package.json pins (the theme's own)."""
    return pinned_npm("@fortawesome/fontawesome-free")


def check_package(package: Path = PACKAGE) -> None:
    """Stop with a clear message if the npm package is missing or not the pinned version."""
    wanted = wanted_version()
    manifest = package / "package.json"
    have = json.loads(manifest.read_text(encoding="utf-8"))["version"] if manifest.exists() else None
    if have != wanted:
        raise IconError(
            f"Font Awesome Free {wanted} (the icons' outlines) is missing from {package} (found: "
            f"{have}); run  bash scripts/setup.sh  to install it from the npm registry")


@functools.cache
def aliases(package: Path) -> dict[tuple[str, str], str]:
    """``{(style, old name): name}``: Font Awesome 6 renamed icons and keeps the old names."""
    families = json.loads((package / "metadata" / "icon-families.json").read_text(encoding="utf-8"))
    return {(style, alias): name for name, entry in families.items()
            for style in entry.get("svgs", {}).get("classic", {})
            for alias in entry.get("aliases", {}).get("names", [])}


def svg_for(tag: str, icons: Mapping[tuple[str, str], Icon]) -> str | None:
    """The inline SVG that replaces one start tag, or None if it is not an icon. Like Font
    Awesome's script: the class list starts with ``svg-inline--fa fa-NAME`` and keeps every
    other class but the style's, every other attribute is kept, and the icon is hidden from
    assistive technology (it always sits next to a label)."""
    match = ELEMENT.fullmatch(tag)
    found = CLASS_ATTR.search(match.group(2) or "")
    classes = (found.group(1) or found.group(2) or "").split() if found else []
    styles = {STYLES[c] for c in classes if c in STYLES}
    if not styles:
        return None
    if len(styles) > 1 or match.group(3) is None or TITLE_ATTR.search(match.group(2)):
        raise IconError(f"{tag}: an icon element must name one style, be empty and have no "
                        "title (Font Awesome's script would drop its content or make the title "
                        "its accessible name); booksite/icons.py does not draw that")
    style = styles.pop()
    names = [c for c in classes if c.startswith("fa-") and c not in STYLES and c not in MODIFIERS]
    if len(names) != 1:
        raise IconError(
            f"{tag}: expected one icon name among its classes, found {names or 'none'}; an "
            f"fa- class other than the icon's name needs its rule in book/_static/book.css and "
            f"in icons.MODIFIERS (supported: {sorted(MODIFIERS)})")
    try:
        icon = icons[style, names[0].removeprefix("fa-")]
    except KeyError:
        raise IconError(f"{tag}: {names[0]} is not a Font Awesome Free {style} icon (looked up "
                        f"in the npm package @fortawesome/fontawesome-free)") from None
    kept = [c for c in classes if c not in STYLES and c != names[0]]
    others = CLASS_ATTR.sub("", match.group(2)).strip()
    return (f'<svg class="{" ".join(["svg-inline--fa", "fa-" + icon.name, *kept])}"'
            f'{" " + others if others else ""} aria-hidden="true" focusable="false" role="img" '
            f'viewBox="{icon.view_box}"><path fill="currentColor" d="{icon.path}"></path></svg>')


def inline_icons(html: str, icons: Mapping[tuple[str, str], Icon]) -> tuple[str, int]:
    """Every Font Awesome icon of a page drawn inline, and the page without fontawesome.js;
    returns the page and the number of icons drawn."""
    count = 0

    def replace(match: re.Match) -> str:
        nonlocal count
        svg = svg_for(match.group(0), icons)
        if svg is None:
            return match.group(0)
        count += 1
        return svg

    html = ELEMENT.sub(replace, html)
    return SCRIPT.sub("", html), count


#: The icons of every page, read from the npm package as the pages ask for them.
FONT_AWESOME = FontAwesome()


def drop_script_files(app: Sphinx, exception: Exception | None) -> None:
    """The site no longer ships fontawesome.js (the pages no longer load it)."""
    if exception is not None or app.builder.format != "html":
        return
    for name in SCRIPT_FILES:
        (Path(app.outdir) / "_static" / "scripts" / name).unlink(missing_ok=True)


def setup(app: Sphinx) -> None:
    # before the notebooks run, not after; only the website draws icons
    app.connect("builder-inited", lambda app: app.builder.format == "html" and check_package())
    app.connect("build-finished", drop_script_files)
