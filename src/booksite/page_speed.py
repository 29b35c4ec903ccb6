"""Pages that load fast on a phone: what the book build does to the theme's pages beyond Sphinx.

Called from ``book_build`` (see its docstring). Measured with ``benchmarks/lighthouse.py``.

* ``add_description``: every page gets ``<meta name="description">`` (search engines show it
  under the title). A Markdown page states it in its front matter (``description: ...``), a
  notebook in its metadata (``"description": ...``); a page without one stops the build.
* ``speed_up``: rewrites a page's ``<head>``, as it is rendered (in memory, before it is
  written: ``book_build.FinishingTemplates``), so that nothing but stylesheets stands
  between the HTML and the first paint:

  - scripts in the head are deferred (they run after the page is parsed, in the same order);
    the theme's one-line inline scripts that use a deferred script's global become module
    scripts, which run in that same queue (a module script is deferred by definition);
  - the search index and its two scripts (158 kB, 44 kB gzip, for this book) load only on the
    search page:
    the theme's search box sends the reader there (``search_as_you_type`` is off), no other page
    uses them;
  - stylesheets and scripts of an extension a page does not use (sphinx-design, whose markup
    the book does not use) are not linked (sphinx-thebe's are never linked:
    ``book_build.drop_thebe`` removes them from every page as it is rendered);
  - the theme's ``<link rel="preload">`` of its two deferred scripts goes: it fetches them
    ahead of the stylesheets and the page's own text, for code that runs after parsing anyway.
    (Preloading KaTeX's fonts as well was measured and made the largest paint later, not
    earlier: they then compete with the stylesheets for the phone's bandwidth.)

* ``size_images``: every image of the article carries its width and height, so the browser
  keeps its place before it loads (figures load lazily: ``book_build.lazy_images``) and nothing
  below it jumps when it arrives.

* ``trim_theme_stylesheet``: the theme's stylesheet, which every page needs before its first
  paint, carries Font Awesome's rule for each of its 1,881 icon classes (``.fa-bars:before``
  and so on: 86 kB, 20 kB of its 66 kB gzip). Those rules draw ``<i class="fa-...">`` elements
  with the icon font; the pages have none left (``icons.py`` draws them as SVG), so they go.
  The icon font itself stays, for the few icons the theme's own rules draw (admonition titles).

* ``patch_theme_script``: the theme's script measures every code block and output of the page
  when it has loaded (to make the ones that scroll sideways reachable by keyboard). Reading
  their widths forces the browser to lay out the whole page at once, a second or more of
  blocked main thread on a phone for a long chapter, and defeats ``content-visibility`` (see
  book.css), which spares the browser the sections far from the screen. The patch keeps the
  behavior and makes it lazy: every such block is a tab stop until it comes near the screen,
  where it is measured (and stays a tab stop only if it scrolls). The patch also makes the
  sidebar toggles of the article's header work (``FORWARD_TOGGLES``).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from sphinx.application import Sphinx

#: Shown by search engines under the page title: between these lengths reads whole there.
DESCRIPTION_LENGTH = (50, 170)


def source_description(source: Path) -> str | None:
    """A page's description as its source states it: a notebook's metadata
    (``"description": ...``), a Markdown page's front matter (``description: ...``). The one
    parser of it: the build and ``tests/test_chapters.py`` both call this."""
    text = Path(source).read_text(encoding="utf-8")
    if Path(source).suffix == ".ipynb":
        described = json.loads(text)["metadata"].get("description")
    else:
        import yaml

        front = re.match(r"---\n(.*?)\n---\n", text, flags=re.S)
        described = (yaml.safe_load(front.group(1)) or {}).get("description") if front else None
    return str(described) if described else None


def page_description(app: Sphinx, pagename: str) -> str | None:
    """The page's description: the front matter MyST already parsed, else the source's
    (:func:`source_description`: a notebook's metadata)."""
    described = app.env.metadata.get(pagename, {}).get("description")
    if described:
        return str(described)
    source = Path(app.env.doc2path(pagename))
    return source_description(source) if source.suffix == ".ipynb" else None


def add_description(app: Sphinx, pagename: str, templatename: str, context: dict,
                    doctree) -> None:
    if doctree is None:  # generated pages (search, index): not pages a reader lands on
        return
    text = page_description(app, pagename)
    low, high = DESCRIPTION_LENGTH
    if not text or not low <= len(text) <= high:
        raise ValueError(
            f"{pagename}: expected a description of {low}–{high} characters, got "
            f"{len(text or '')} ({text!r}); state it in the notebook's metadata "
            '("description": "...") or in the Markdown front matter (description: "...")')
    escaped = text.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    context["metatags"] = context.get("metatags", "") + (
        f'\n<meta name="description" content="{escaped}" />')


SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script>\s*", re.S)
LINK = re.compile(r"<link\b[^>]*>\s*")
#: Scripts only the search page needs.
SEARCH_SCRIPTS = ("searchtools.js", "language_data.js", "searchindex.js")
#: Assets of extensions this book loads but whose markup a page may not use: (files, marker of
#: use in the page body).
UNUSED_WITHOUT = [(("sphinx-design.min.css", "design-tabs.js"), 'class="sd-')]


def _attribute(attrs: str, name: str) -> str | None:
    match = re.search(rf'\b{name}="([^"]*)"', attrs)
    return match.group(1) if match else None


def speed_up(page: str, search_page: bool = False) -> str:
    """The page with its head rewritten (see the module docstring); the body is kept as is."""
    split = page.find("</head>")
    if split < 0:
        return page
    head, body = page[:split], page[split:]
    dropped = [] if search_page else list(SEARCH_SCRIPTS)
    for files, marker in UNUSED_WITHOUT:
        if marker not in body:
            dropped += files

    def url_dropped(url: str | None) -> bool:
        name = (url or "").split("?")[0].rsplit("/", 1)[-1]
        return any(name == d or name.startswith(d) for d in dropped)

    deferred_globals = False

    def script(match: re.Match) -> str:
        nonlocal deferred_globals
        attrs, code = match.group(1), match.group(2)
        src = _attribute(attrs, "src")
        if src is not None:
            if url_dropped(src):
                return ""
            if not re.search(r"\b(defer|async)\b", attrs) and 'type="module"' not in attrs:
                if src.split("?")[0].endswith("documentation_options.js"):
                    deferred_globals = True
                attrs += ' defer="defer"'
            return f"<script{attrs}>{code}</script>\n"
        if deferred_globals and "DOCUMENTATION_OPTIONS" in code and "type=" not in attrs:
            attrs += ' type="module"'
        return f"<script{attrs}>{code}</script>\n"

    def link(match: re.Match) -> str:
        tag = match.group(0)
        return "" if url_dropped(_attribute(tag, "href")) else tag

    head = SCRIPT.sub(script, head)
    head = LINK.sub(link, head)
    head = PRELOAD.sub("", head)
    return head + body


PRELOAD = re.compile(r'<link rel="preload" as="script" href="[^"]*/scripts/'
                     r'(?:bootstrap|pydata-sphinx-theme)\.js[^"]*" />\s*')

#: In the theme's script (pydata-sphinx-theme 0.17.1), the loop that measures every code block
#: and output when the page has loaded, on resize and when the page changes.
EAGER_TAB_STOPS = ("forEach(e=>{e.tabIndex=e.scrollWidth>e.clientWidth||"
                   "e.scrollHeight>e.clientHeight?0:-1})")
LAZY_TAB_STOPS = "forEach(e=>{bookTabStops.unobserve(e);bookTabStops.observe(e)})"
#: Measures a block when it comes within 400 px of the screen; until then it is a tab stop.
TAB_STOP_OBSERVER = (
    "/* book_build (page_speed.py): code blocks and outputs measured near the screen */\n"
    "var bookTabStops=new IntersectionObserver(function(entries){entries.forEach(function(x){"
    "var e=x.target;if(x.isIntersecting){e.tabIndex=e.scrollWidth>e.clientWidth||"
    "e.scrollHeight>e.clientHeight?0:-1}else if(!e.hasAttribute(\"tabindex\")){e.tabIndex=0}"
    "})},{rootMargin:\"400px 0px\"});\n")
#: Both themes bind their sidebar toggles to the first ``.primary-toggle`` and
#: ``.secondary-toggle`` of the page: the navbar's, which this layout hides. The visible ones in
#: the article's header (the ☰ and the contents icon) would do nothing, so on a phone the
#: chapter list could not be opened. They pass their clicks on to the first. This works around
#: pydata-sphinx-theme#2451 ("Mobile primary-sidebar toggle silently does nothing with some
#: themes", since 0.17.0; also sphinx-book-theme#988): drop it when the theme binds every toggle.
FORWARD_TOGGLES = (
    "/* book_build (page_speed.py): the article header's sidebar toggles act as the navbar's */\n"
    "[\"primary\",\"secondary\"].forEach(function(k){var b=document.querySelectorAll(\".\"+k+"
    "\"-toggle\");for(var i=1;i<b.length;i++)b[i].addEventListener(\"click\",function(e){"
    "e.preventDefault();b[0].click()})});\n")


def patch_theme_script(outdir: Path) -> None:
    """Make the theme's keyboard tab stops lazy (see the module docstring). The build stops if
    the theme's script no longer has the loop (the theme changed: revisit the patch)."""
    script = Path(outdir) / "_static" / "scripts" / "pydata-sphinx-theme.js"
    text = script.read_text(encoding="utf-8")
    if TAB_STOP_OBSERVER in text:  # an incremental build that did not copy the theme again
        return
    if text.count(EAGER_TAB_STOPS) != 1:
        raise RuntimeError(
            f"{script}: the theme's tab-stop loop was not found (did pydata-sphinx-theme "
            "change?); update or remove page_speed.patch_theme_script")
    text = text.replace(EAGER_TAB_STOPS, LAZY_TAB_STOPS)
    # the source map no longer matches the patched line: do not point to it
    text = re.sub(r"\n//# sourceMappingURL=\S+\s*$", "\n", text)
    script.write_text(TAB_STOP_OBSERVER + FORWARD_TOGGLES + text, encoding="utf-8")


IMG = re.compile(r"<img\b[^>]*>")


def image_size(path: Path) -> tuple[int, int]:
    """Width and height of an image file in CSS pixels as a page shows it (1 image pixel = 1 CSS
    pixel, as an ``<img>`` without a size shows it)."""
    if path.suffix == ".svg":
        svg = re.search(r"<svg\b[^>]*>", path.read_text(encoding="utf-8")).group(0)
        size = [_attribute(svg, name) for name in ("width", "height")]
        if all(size) and all(re.fullmatch(r"[\d.]+(px)?", v) for v in size):
            return tuple(round(float(v.removesuffix("px"))) for v in size)
        box = _attribute(svg, "viewBox").replace(",", " ").split()
        return round(float(box[2])), round(float(box[3]))
    from PIL import Image

    with Image.open(path) as image:
        return image.size


def image_files(builder, pagename: str):
    """Where the image files a page names are while the page is written: the site's copies of its
    figures (``_images/``) are made only after every page is written, so those are found where
    Sphinx copies them from (``builder.images``: source path → name); every other image (the
    static files are copied before the pages are written) in the site."""
    outdir = Path(builder.outdir).resolve()
    page_dir = (outdir / pagename).parent
    sources = {name: Path(builder.srcdir, source) for source, name in builder.images.items()}

    def locate(src: str) -> Path:
        path = (page_dir / src).resolve()
        if path.parent == outdir / "_images" and path.name in sources:
            return sources[path.name]
        return path

    return locate


def size_images(page: str, locate) -> str:
    """The page with ``width`` and ``height`` on every image of its article that lacks them
    (read from the image file, found by ``locate(src)``: see :func:`image_files`; the stylesheet
    keeps the aspect ratio when a column is narrower). An image whose file is missing stops the
    build."""
    start, end = page.find("<article"), page.rfind("</article>")
    if start < 0 or end < 0:
        return page

    def sized(match: re.Match) -> str:
        tag = match.group(0)
        src = _attribute(tag, "src")
        if _attribute(tag, "width") or not src or src.startswith(("data:", "http:", "https:")):
            return tag
        path = locate(src.split("?")[0])
        if not path.is_file():
            raise FileNotFoundError(f"the image {src} is not in the site ({path})")
        width, height = image_size(path)
        return tag.replace("<img ", f'<img width="{width}" height="{height}" ', 1)

    return page[:start] + IMG.sub(sized, page[start:end]) + page[end:]


#: A rule of Font Awesome's icon classes in the theme's stylesheet, e.g.
#: ``.fa-bars:before,.fa-navicon:before{content:"\\f0c9"}``.
ICON_CLASS_RULE = re.compile(r'(?<=[}\s])(?:\.fa-[\w-]+:{1,2}(?:before|after),?)+'
                             r'\{content:"[^"]*"\}')
TRIMMED = "/* book_build (page_speed.py): Font Awesome's icon-class rules removed */\n"


def trim_theme_stylesheet(outdir: Path) -> None:
    """Drop the icon-class rules from the theme's stylesheet (see the module docstring). The
    build stops if they are not there (the theme changed: revisit this)."""
    sheet = Path(outdir) / "_static" / "styles" / "pydata-sphinx-theme.css"
    text = sheet.read_text(encoding="utf-8")
    if TRIMMED in text:  # an incremental build that did not copy the theme again
        return
    text, count = ICON_CLASS_RULE.subn("", text)
    if count < 1000:
        raise RuntimeError(
            f"{sheet}: {count} Font Awesome icon-class rules found, expected over a thousand "
            "(did pydata-sphinx-theme change?); update or remove page_speed.trim_theme_stylesheet")
    text = re.sub(r"\n?/\*# sourceMappingURL=\S+\s*\*/\s*$", "\n", text)  # map is stale
    charset = re.match(r'@charset "[^"]*";\s*', text)  # must stay the stylesheet's first bytes
    at = charset.end() if charset else 0
    sheet.write_text(text[:at] + TRIMMED + text[at:], encoding="utf-8")
