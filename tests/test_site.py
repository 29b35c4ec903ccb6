"""The built website, as a reader's browser sees it (Debian's Chromium driven by Playwright).

Every page in _toc.yml is checked: it built, its math is typeset by the MathJax the site serves
itself, every image loads, the console stays free of errors, no request leaves the site, and every
static slider changes the figure when moved.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def toc_pages() -> list[str]:
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    pages = [toc["root"]]
    for part in toc.get("parts", []):
        pages += [chapter["file"] for chapter in part["chapters"]]
    return pages


PAGES = toc_pages()


def test_book_builds_with_warnings_as_errors(book_build):
    returncode, log, html = book_build
    assert returncode == 0, log[-6000:]
    for page in PAGES:
        assert (html / f"{page}.html").is_file(), f"{page}.html was not built"


def test_site_serves_its_own_mathjax(site):
    assert (site / "_static" / "mathjax" / "tex-chtml.js").is_file()
    for page in PAGES:
        text = (site / f"{page}.html").read_text(encoding="utf-8")
        assert "cdn.jsdelivr" not in text and "unpkg.com" not in text, page
        assert "Loading widget" not in text and "widget-view+json" not in text, page


@pytest.mark.parametrize("page", PAGES)
def test_page_in_browser(browser, site_url, page):
    tab = browser.new_page()
    requests, errors = [], []
    tab.on("request", lambda r: requests.append(r.url))
    tab.on("console", lambda m: m.type == "error" and errors.append(m.text))
    tab.on("pageerror", lambda e: errors.append(str(e)))
    try:
        tab.goto(f"{site_url}/{page}.html", wait_until="networkidle")
        # math: every math node typeset by MathJax, none with a TeX error
        tab.wait_for_function(
            "() => document.querySelectorAll('.math').length === 0 || "
            "document.querySelectorAll('mjx-container').length > 0", timeout=20_000)
        math_nodes = tab.evaluate("document.querySelectorAll('.math').length")
        typeset = tab.evaluate("document.querySelectorAll('.math mjx-container, mjx-container').length")
        assert typeset >= math_nodes, f"{page}: {math_nodes} math nodes, {typeset} typeset"
        assert tab.evaluate("document.querySelectorAll('mjx-merror').length") == 0
        # images: all loaded, all with a text alternative
        broken = tab.evaluate(
            "[...document.images].filter(i => !(i.complete && i.naturalWidth > 0)).map(i => i.src.slice(0, 80))")
        assert broken == [], f"{page}: images that did not load: {broken}"
        no_alt = tab.evaluate("[...document.querySelectorAll('img.helpers-demo-frame')]"
                              ".filter(i => !i.alt).length")
        assert no_alt == 0
        # static sliders: moving each one (by keyboard, as a reader would) changes the figure
        demos = tab.locator("figure.helpers-demo")
        for d in range(demos.count()):
            demo = demos.nth(d)
            image = demo.locator("img.helpers-demo-frame")
            for k in range(demo.locator("input[type=range]").count()):
                slider = demo.locator("input[type=range]").nth(k)
                before = (image.get_attribute("src"), image.get_attribute("alt"))
                value = slider.input_value()
                slider.focus()
                key = "ArrowLeft" if slider.get_attribute("max") == value else "ArrowRight"
                tab.keyboard.press(key)
                assert slider.input_value() != value, f"{page}: slider {d}.{k} did not move"
                after = (image.get_attribute("src"), image.get_attribute("alt"))
                assert after[1] != before[1], f"{page}: slider {d}.{k} did not change the figure"
                label = demo.locator("output").nth(k).text_content()
                assert label == slider.get_attribute("aria-valuetext")
        # nothing fetched from another host, nothing logged as an error
        foreign = [u for u in requests
                   if urlparse(u).scheme in ("http", "https") and urlparse(u).hostname != "127.0.0.1"]
        assert foreign == [], f"{page}: requests to other hosts: {foreign}"
        assert errors == [], f"{page}: console errors: {errors}"
    finally:
        tab.close()
