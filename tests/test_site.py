"""The built website, as a reader's browser sees it (Debian's Chromium driven by Playwright).

Every page in _toc.yml is checked: it built, its math was typeset when the book was built (KaTeX:
no math script in the browser; MathML for screen readers; TeX on copy), every image loads, the console stays free of errors, no request leaves the site, and every
static slider changes the figure when moved.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from booksite import book_pages

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


PAGES = book_pages()


def test_book_builds_with_warnings_as_errors(book_build):
    returncode, log, html = book_build
    assert returncode == 0, log[-6000:]
    for page in PAGES:
        assert (html / f"{page}.html").is_file(), f"{page}.html was not built"


def test_demo_frames_are_files_not_base64_in_the_doctrees(site, report):
    """A demo's frames are decoded once, when its page is read: the doctrees and the pickled
    environment name frame files; every named frame is in the site."""
    doctrees = site.parent / ".doctrees"
    pickles = sorted(doctrees.rglob("*.doctree")) + [doctrees / "environment.pickle"]
    frame = re.compile(rb"data:image/webp;base64,[A-Za-z0-9+/]{64}")  # a frame, not a mention
    carrying = [p.name for p in pickles if frame.search(p.read_bytes())]
    assert carrying == [], f"frames still travel as base64 through {carrying}"
    report.setdefault("build", {})["book"] = {".doctrees MB": round(
        sum(p.stat().st_size for p in doctrees.rglob("*") if p.is_file()) / 1e6, 1)}
    for page in PAGES:
        text = (site / f"{page}.html").read_text(encoding="utf-8")
        for record in re.findall(r'class="helpers-demo-data" data-key="\w+">(.*?)</script>', text):
            record = json.loads(record)  # JSON reads the page's escaped "<\/" back as "</"
            folder = (site / page).parent.joinpath(record["frames"]).resolve()
            count = 1
            for n in record["shape"]:
                count *= n
            present = [folder / f"{i}.{record['ext']}" for i in range(count)]
            assert all(f.is_file() for f in present), f"{page}: frames missing in {folder}"


def test_site_serves_its_own_katex_and_no_script_of_a_foreign_host(site):
    assert (site / "_static" / "katex" / "katex.min.css").is_file()
    assert (site / "_static" / "katex" / "fonts" / "KaTeX_Main-Regular.woff2").is_file()
    for page in PAGES:
        text = (site / f"{page}.html").read_text(encoding="utf-8")
        assert "cdn.jsdelivr" not in text and "unpkg.com" not in text, page
        assert "Loading widget" not in text and "widget-view+json" not in text, page
        assert "_static/katex/katex.min.css" in text, page


@pytest.mark.parametrize("page", PAGES)
def test_formulas_are_typeset_when_the_book_is_built(site, page):
    """Every formula is in the HTML as KaTeX markup for the eye, MathML for screen readers and
    its TeX source (what a copy yields); no page loads a math script; every numbered equation
    shows its number, and every reference to one leads to it."""
    from bs4 import BeautifulSoup

    text = (site / f"{page}.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(text, "html.parser")
    scripts = [s.get("src", "") for s in soup.find_all("script")]
    assert not [s for s in scripts if "mathjax" in s.lower() or "katex.min.js" in s], page
    formulas = soup.select("span.math, div.math")
    for formula in formulas:
        katex = formula.select_one(".katex")
        assert katex is not None, f"{page}: a formula left untypeset: {formula.text[:60]}"
        annotation = katex.select_one('.katex-mathml math annotation[encoding="application/x-tex"]')
        assert annotation is not None and annotation.text.strip(), page
        assert katex.select_one(".katex-html")["aria-hidden"] == "true", page
    numbered = soup.select("div.math[id^=equation-]")
    for equation in numbered:
        number = equation.select_one("span.eqno").find(string=True).strip()
        assert re.fullmatch(r"\(\d+(\.\d+)*\)", number), (page, number)
    targets = {e["id"] for e in soup.select("[id]")}
    for ref in soup.select('a[href^="#equation-"]'):
        assert ref["href"][1:] in targets, f"{page}: {ref['href']} leads nowhere"
    if Path(page).name[:2].isdigit():
        assert len(formulas) > 50 and numbered, f"{page}: {len(formulas)} formulas?"


#: authoring syntax that must never reach a reader: a dollar sign or TeX command outside a typeset
#: formula (a formula Markdown tore apart), or a MyST role or option left as text
LEFT_AS_TEXT = re.compile(r"\$|\\(?:math[a-z]+|frac|sum|epsilon|lVert|nabla|top)\b"
                          r"|\{(?:eq|term|ref|numref|cite(?::[pt])?|glue(?::text)?)\}|:label:|:class:")


@pytest.mark.parametrize("page", PAGES)
def test_no_authoring_syntax_in_the_text(site, page):
    """The page's text, outside code, outputs and typeset formulas, shows no TeX and no MyST."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((site / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("main") or soup
    for element in article.select("pre, code, script, style, .math, .katex, .cell_output"):
        element.decompose()
    text = " ".join(article.get_text(" ").split())
    left = [text[max(m.start() - 50, 0):m.end() + 30] for m in LEFT_AS_TEXT.finditer(text)]
    assert left == [], f"{page}: authoring syntax in the text: {left[:5]}"


def test_copying_a_formula_copies_its_tex(browser, site_url):
    """KaTeX's copy-tex: a selection holding a formula copies as $TeX$, not as glyphs."""
    tab = browser.new_page()
    try:
        tab.goto(f"{site_url}/book/05_information_theory.html", wait_until="networkidle")
        copied = tab.evaluate("""() => {
            const p = [...document.querySelectorAll('article p')]
                .find(p => p.querySelector('.katex'));
            const range = document.createRange();
            range.selectNodeContents(p);
            getSelection().removeAllRanges();
            getSelection().addRange(range);
            const event = new ClipboardEvent('copy', {clipboardData: new DataTransfer(),
                                                       bubbles: true, cancelable: true});
            p.dispatchEvent(event);
            return [event.clipboardData.getData('text/plain'),
                    p.querySelector('annotation').textContent];
        }""")
        text, tex = copied
        assert f"${tex}$" in text, (text[:200], tex)
    finally:
        tab.close()


#: Widest output line that fits the text column of a page without a horizontal scroll bar.
OUTPUT_COLUMNS = 80


@pytest.mark.parametrize("page", PAGES)
def test_cell_outputs_read_well(site, page):
    """Printed outputs fit the text column, come in one box per cell, and are never a bare
    "True" (a check a reader cannot learn from: assert it quietly instead)."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((site / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
    for cell in soup.select("div.cell"):
        streams = cell.select("div.cell_output div.output.stream, div.cell_output div.output.stdout")
        assert len(streams) <= 1, f"{page}: a cell prints into {len(streams)} separate boxes"
        for pre in cell.select("div.cell_output div.output:not(.traceback) pre"):
            lines = pre.get_text().splitlines()
            wide = [line for line in lines if len(line) > OUTPUT_COLUMNS]
            assert wide == [], f"{page}: output lines wider than {OUTPUT_COLUMNS} columns: {wide[:2]}"
            text = pre.get_text().strip()
            assert not re.fullmatch(r"(.*\bagrees?\b.*:\s*)?(True|False)", text), (
                f"{page}: an output that is only {text!r}")


@pytest.mark.parametrize("page", PAGES)
def test_page_in_browser(browser, site_url, page):
    tab = browser.new_page()
    requests, errors = [], []
    tab.on("request", lambda r: requests.append(r.url))
    tab.on("console", lambda m: m.type == "error" and errors.append(m.text))
    tab.on("pageerror", lambda e: errors.append(str(e)))
    try:
        tab.goto(f"{site_url}/{page}.html", wait_until="networkidle")
        # every display equation fits the text column (split long ones with aligned); KaTeX's
        # stylesheet lets a wider one scroll, so the check is whether it would have to
        wide = tab.evaluate(
            "[...document.querySelectorAll('.katex-display > .katex > .katex-html')]"
            ".filter(m => m.scrollWidth > m.clientWidth + 2)"
            ".map(m => m.closest('div.math').textContent.trim().slice(0, 60))")
        assert wide == [], f"{page}: display equations wider than the text column: {wide}"
        # images: those of the article carry their size (their place is kept before they load);
        # none in the first screen is lazy (that would delay the first paint of the page)
        unsized = tab.evaluate("[...document.querySelectorAll('article img')]"
                               ".filter(i => !i.getAttribute('width') || !i.getAttribute('height'))"
                               ".map(i => i.src.slice(-40))")
        assert unsized == [], f"{page}: images without width and height: {unsized}"
        early = tab.evaluate("[...document.querySelectorAll('img[loading=lazy]')]"
                             ".filter(i => i.getBoundingClientRect().top < innerHeight)"
                             ".map(i => i.src.slice(-40))")
        assert early == [], f"{page}: lazy images in the first screen: {early}"
        # images: all load (lazy ones when asked to), all with a text alternative
        broken = tab.evaluate(
            "async () => { const imgs = [...document.images]; imgs.forEach(i => i.loading = 'eager');"
            " await Promise.all(imgs.map(i => i.decode().catch(() => null)));"
            " return imgs.filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src.slice(0, 80)); }")
        assert broken == [], f"{page}: images that did not load: {broken}"
        no_alt = tab.evaluate("[...document.querySelectorAll('img.helpers-demo-frame')]"
                              ".filter(i => !i.alt).length")
        assert no_alt == 0
        # static sliders and dropdowns: moving each one (by keyboard, as a reader would)
        # changes the figure
        demos = tab.locator("figure.helpers-demo")
        for d in range(demos.count()):
            demo = demos.nth(d)
            image = demo.locator("img.helpers-demo-frame")
            controls = demo.locator("input[type=range], select")
            for k in range(controls.count()):
                control = controls.nth(k)
                is_select = control.evaluate("e => e.tagName") == "SELECT"
                before = (image.get_attribute("src"), image.get_attribute("alt"))
                value = control.input_value()
                control.focus()
                last = (control.evaluate("e => String(e.options.length - 1)") if is_select
                        else control.get_attribute("max"))
                if is_select:  # a closed dropdown steps through its options with the arrows
                    tab.keyboard.press("ArrowUp" if value == last else "ArrowDown")
                else:
                    tab.keyboard.press("ArrowLeft" if value == last else "ArrowRight")
                assert control.input_value() != value, f"{page}: control {d}.{k} did not move"
                # the first move loads the demo's frames; the figure must change soon after
                tab.wait_for_function("([img, src]) => img.getAttribute('src') !== src",
                                      arg=[image.element_handle(), before[0]], timeout=10_000)
                after = (image.get_attribute("src"), image.get_attribute("alt"))
                assert after[1] != before[1], f"{page}: control {d}.{k} did not change the alt text"
                if not is_select:
                    label = control.locator("xpath=following-sibling::output").text_content()
                    assert label == control.get_attribute("aria-valuetext")
        # nothing fetched from another host, nothing logged as an error
        foreign = [u for u in requests
                   if urlparse(u).scheme in ("http", "https") and urlparse(u).hostname != "127.0.0.1"]
        assert foreign == [], f"{page}: requests to other hosts: {foreign}"
        assert errors == [], f"{page}: console errors: {errors}"
    finally:
        tab.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_the_sidebar_toggle_of_the_article_header_works(browser, site_url, width):
    """The ☰ a reader sees opens the chapter list on a phone (a dialog) and hides or shows the
    sidebar on a wide screen, as the theme intends."""
    tab = browser.new_page()
    try:
        tab.set_viewport_size({"width": width, "height": 844})
        tab.goto(f"{site_url}/book/03_eigen_svd.html", wait_until="networkidle")
        tab.locator(".primary-toggle:visible").first.click()
        if width < 992:
            tab.wait_for_function("document.querySelector('#pst-primary-sidebar-modal').open")
            assert tab.locator("#pst-primary-sidebar-modal a", has_text="Probability").count()
        else:
            assert tab.evaluate("document.querySelector('#pst-primary-sidebar')"
                                ".classList.contains('pst-sidebar-hidden')")
    finally:
        tab.close()


def test_a_page_opened_as_a_file_shows_its_math_and_icons(browser, site):
    """Opened from disk (file://), no server: formulas in KaTeX's fonts, icons drawn, and
    nothing fetched from anywhere but the disk."""
    tab = browser.new_page()
    requests, errors = [], []
    tab.on("request", lambda r: requests.append(r.url))
    tab.on("console", lambda m: m.type == "error" and errors.append(m.text))
    try:
        tab.goto((site / "book" / "03_eigen_svd.html").as_uri(), wait_until="load")
        tab.evaluate("document.fonts.ready.then(() => true)")
        fonts = tab.evaluate("[...document.fonts].filter(f => f.family.startsWith('KaTeX'))"
                             ".map(f => f.status)")
        assert fonts and "error" not in fonts and "loaded" in fonts, fonts
        assert tab.evaluate("[...document.querySelectorAll('svg.svg-inline--fa path')]"
                            ".filter(p => p.getBBox().width > 0).length") >= 8
        assert [u for u in requests if not u.startswith(("file:", "data:"))] == []
        assert errors == []
    finally:
        tab.close()


@pytest.mark.parametrize("page", [p for p in PAGES if Path(p).name[:2].isdigit()])
def test_display_equations_read_whole_on_a_phone(browser, site_url, page):
    """At a phone's width (390 px) every display equation lies inside the text column (a wide
    one scrolls sideways from its left edge: no part of it is cut off), and its number sits
    beside it, not on it."""
    tab = browser.new_page()
    try:
        tab.set_viewport_size({"width": 390, "height": 844})
        tab.goto(f"{site_url}/{page}.html", wait_until="networkidle")
        bad = tab.evaluate("""[...document.querySelectorAll('div.math')].flatMap(m => {
            const box = m.getBoundingClientRect();
            const body = m.querySelector('.katex-display > .katex > .katex-html');
            const shown = body.getBoundingClientRect();
            const number = m.querySelector('.eqno');
            const label = m.textContent.trim().slice(0, 40);
            const problems = [];
            if (shown.left < box.left - 1 || shown.right > box.right + 1)
                problems.push(`outside the column: ${label}`);
            if (body.scrollLeft !== 0) problems.push(`not scrolled to its start: ${label}`);
            if (number && number.getBoundingClientRect().left < shown.right - 1)
                problems.push(`number on the formula: ${label}`);
            return problems;
        })""")
        assert bad == [], f"{page}: {bad[:5]}"
    finally:
        tab.close()


#: Cold-load budget of one page: bytes transferred from a server that compresses text, as static
#: hosts do. Why this number: see "Page weight" in README.md.
PAGE_BUDGET = 600_000
#: Budget of one frame of a demo (a slider move fetches one) and of one demo's text
#: alternatives (fetched on first use).
FRAME_BUDGET = 60_000
ALTS_BUDGET = 150_000


@pytest.mark.parametrize("page", PAGES)
def test_page_weight_and_load_time(browser, site, site_url, report, page):
    """Bytes a cold load transfers (cache disabled) and the time to the load event."""
    tab = browser.new_page()
    sizes = []
    try:
        cdp = browser.new_cdp_session(tab)
        cdp.send("Network.enable")
        cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
        cdp.on("Network.loadingFinished", lambda e: sizes.append(e["encodedDataLength"]))
        tab.goto(f"{site_url}/{page}.html", wait_until="networkidle")
        tab.wait_for_function("performance.getEntriesByType('navigation')[0].loadEventEnd > 0")
        load_ms = tab.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
        total = int(sum(sizes))
        # a demo fetches one frame file per move, and its text alternatives on first use
        records = [json.loads(e.text_content())
                   for e in tab.query_selector_all("script.helpers-demo-data")]
        folder = (site / page).parent
        frames = [f.stat().st_size for r in records
                  for f in folder.joinpath(r["frames"]).resolve().iterdir()]
        alts = [folder.joinpath(r["alts"]).resolve().stat().st_size for r in records]
        report.setdefault("page weight (cold load)", {})[page] = {
            "requests": len(sizes), "kB": round(total / 1000), "load ms": round(load_ms),
            "demos": len(records), "largest frame kB": round(max(frames, default=0) / 1000),
            "frames kB (all, on disk)": round(sum(frames) / 1000)}
        assert total <= PAGE_BUDGET, f"{page}: {total:,} bytes on a cold load > {PAGE_BUDGET:,}"
        assert max(frames, default=0) <= FRAME_BUDGET, f"{page}: a frame of {max(frames):,} bytes"
        assert max(alts, default=0) <= ALTS_BUDGET, f"{page}: text alternatives of {max(alts):,} B"
    finally:
        tab.close()


@pytest.mark.parametrize("page", PAGES)
def test_accessibility_audit(browser, site_url, axe_script, report, page):
    """axe-core finds no serious or critical violation; every slider and frame is labelled."""
    tab = browser.new_page()
    try:
        tab.goto(f"{site_url}/{page}.html", wait_until="networkidle")
        tab.add_script_tag(content=axe_script)
        result = tab.evaluate("axe.run(document, {resultTypes: ['violations']})")
        violations = result["violations"]
        bad = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
               for v in violations if v["impact"] in ("serious", "critical")]
        report.setdefault("accessibility (axe-core)", {})[page] = {
            "violations": len(violations), "serious+critical": len(bad),
            "rules": " ".join(sorted(v["id"] for v in violations)) or "-"}
        assert bad == [], f"{page}: serious or critical accessibility violations: {bad}"
        unlabeled = tab.evaluate(
            "[...document.querySelectorAll('figure.helpers-demo :is(input[type=range], select)')]"
            ".filter(i => !(i.labels && i.labels.length && i.labels[0].textContent.trim())).length")
        assert unlabeled == 0
        bare = tab.evaluate("[...document.querySelectorAll('main img')].filter(i => !i.alt).length")
        assert bare == 0, f"{page}: {bare} images without a text alternative"
        by_file = tab.evaluate("[...document.querySelectorAll('main img')].map(i => i.alt)"
                               ".filter(a => /\\.(png|svg|jpe?g|webp|gif)$/i.test(a))")
        assert by_file == [], f"{page}: images announced by their file name: {by_file}"
    finally:
        tab.close()


def _luminance(png: bytes) -> float:
    import io

    import numpy as np
    from PIL import Image

    rgb = np.asarray(Image.open(io.BytesIO(png)).convert("RGB"), dtype=float) / 255
    return float((rgb @ [0.2126, 0.7152, 0.0722]).mean())


@pytest.mark.parametrize("page", [p for p in PAGES if Path(p).name[:2].isdigit()])
def test_figures_follow_the_dark_theme(browser, site_url, artifacts, page):
    """Screenshots in both themes. Plots are light on the light theme and turn dark on the dark
    one; photographs (dimmed, not inverted) must at least be darker than on the light theme."""
    selector = "figure.helpers-demo img.helpers-demo-frame, .cell_output img"
    photo = ("e => !!e.closest('figure.helpers-demo-photo, .tag_photo')")
    luminance = {}
    for mode in ("light", "dark"):
        tab = browser.new_page()
        try:
            tab.add_init_script(f"localStorage.setItem('mode', '{mode}'); "
                                f"localStorage.setItem('theme', '{mode}');")
            tab.goto(f"{site_url}/{page}.html", wait_until="networkidle")
            assert tab.evaluate("document.documentElement.dataset.theme") == mode
            figures = tab.locator(selector)
            assert figures.count() > 0
            for i in range(figures.count()):
                figure = figures.nth(i)
                figure.scroll_into_view_if_needed()
                luminance[mode, i] = (_luminance(figure.screenshot()), figure.evaluate(photo))
                if i == 0:
                    tab.screenshot(path=str(artifacts / f"{Path(page).name}-{mode}.png"))
        finally:
            tab.close()
    for (mode, i), (lum, is_photo) in luminance.items():
        if mode == "light" and not is_photo:
            assert lum > 0.7, f"{page}: plot {i} is dark ({lum:.2f}) on the light theme"
        if mode == "dark" and not is_photo:
            assert lum < 0.35, f"{page}: plot {i} glares ({lum:.2f}) on the dark theme"
        if mode == "dark" and is_photo:
            assert lum < 0.9 * luminance["light", i][0], f"{page}: photo {i} is not dimmed"


@pytest.mark.parametrize("page", [p for p in PAGES if Path(p).name[:2].isdigit()])
def test_exercise_titles_are_bracketed_once(site, page):
    """"Exercise 5.1 (★) Title" and "Solution to Exercise 5.1 (★) Title", never "((★) …)"."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup((site / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
    titles = [" ".join(t.get_text(" ").split()) for t in soup.select("p.admonition-title")]
    graded = [t for t in titles if "★" in t]
    assert len(graded) >= 12, f"{page}: {len(graded)} graded exercise and solution titles?"
    doubled = [t for t in graded if "((" in t.replace(" ", "")]
    assert doubled == [], f"{page}: doubled brackets in {doubled[:3]}"
