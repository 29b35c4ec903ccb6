"""The shape every chapter shares, read from the committed notebooks (fast, no execution).

Each chapter: a title, an Overview, its sections, then Exercises (at least six, each with a folded
solution) and a Summary, in that order; no stored outputs; and no mention of the material the book
was planned from (readers have never seen it: the book cites published references instead).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from booksite import ROOT, book_pages, chapters, page_speed

CHAPTERS = chapters()
PAGES = [ROOT / f"{page}.md" for page in book_pages() if (ROOT / f"{page}.md").exists()]


def markdown(nb_path: Path) -> str:
    cells = json.loads(nb_path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")


def test_every_page_has_its_own_description():
    found = {p.stem: page_speed.source_description(p) for p in CHAPTERS + PAGES}
    assert {"intro", "glossary", "references"} <= set(found)
    assert all(found.values()), [name for name, text in found.items() if not text]
    low, high = page_speed.DESCRIPTION_LENGTH
    assert all(low <= len(text) <= high for text in found.values()), found
    assert len(set(found.values())) == len(found), "two pages share a description"


def test_toc_lists_every_chapter_notebook():
    on_disk = sorted((ROOT / "book").glob("[0-9][0-9]_*.ipynb"))
    assert on_disk and sorted(CHAPTERS) == on_disk


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_follows_the_template(nb):
    text = markdown(nb)
    headings = re.findall(r"^(#{1,2}) (.+)$", text, flags=re.M)
    assert headings[0][0] == "#" and [h for h, _ in headings].count("#") == 1, "one # title"
    second = [title.strip() for level, title in headings if level == "##"]
    assert second[0] == "Overview", f"the first section is {second[0]!r}, not Overview"
    assert second[-2:] == ["Exercises", "Summary"], f"the chapter ends with {second[-2:]}"
    overview = text.split("## Overview", 1)[1].split("\n## ", 1)[0]
    assert "You will learn" in overview and "Prerequisites" in overview


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.stem)
def test_at_least_six_exercises_each_with_a_folded_solution(nb):
    text = markdown(nb)
    labels = re.findall(r"```\{exercise\}[^\n]*\n:label: (\S+)", text)
    assert len(labels) >= 6, f"{len(labels)} exercises"
    titles = re.findall(r"```\{exercise\} ([^\n]*)", text)
    ungraded = [t for t in titles if not re.match(r"\(★{1,3}\) \S", t)]
    assert ungraded == [], f"titles must start with their grade, (★) to (★★★): {ungraded}"
    solutions = dict(re.findall(r"```\{solution-start\} (\S+)\n(:class: dropdown)?", text))
    assert set(solutions) == set(labels), "every exercise has one solution, and only those"
    assert all(solutions.values()), "solutions are folded (:class: dropdown)"
    assert text.count("{solution-end}") == len(labels)


#: Widest code line that the website's code box shows without scrolling (book.css sets the code
#: font so that 80 characters fit a 1280-pixel window).
CODE_COLUMNS = 80


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.stem)
def test_code_fits_the_code_box(nb):
    cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
    wide = [line for c in cells if c["cell_type"] == "code"
            for line in "".join(c["source"]).splitlines() if len(line) > CODE_COLUMNS]
    assert wide == [], f"{len(wide)} code lines wider than {CODE_COLUMNS}: {wide[:3]}"


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.stem)
def test_committed_without_outputs(nb):
    cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
    stored = [i for i, c in enumerate(cells)
              if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))]
    assert stored == [], f"cells {stored} carry outputs; clear them before committing"


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.stem)
def test_code_runs_outside_the_book_build(nb):
    """A reader's Jupyter has no build tools: the chapters glue through helpers.prose, and no
    cell imports myst_nb or sphinx (the reader notebooks keep the code cells as written)."""
    cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
    code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    build_only = re.findall(r"^\s*(?:from|import) (myst_nb|sphinx|docutils)\b", code, re.M)
    assert not build_only, f"{nb.name} imports {sorted(set(build_only))}, which readers lack"


PLANNING_MATERIAL = re.compile(
    r"\bthe seeds?\b(?! of| for| to| the| \d| value| generator| argument)|\bseed'?s? "
    r"(article|document|exercise|example|text)s?\b|source articles?|chinese articles?|"
    r"three articles", re.I)


@pytest.mark.parametrize("path", CHAPTERS + PAGES + sorted((ROOT / "book" / "glossary").glob("*.md")),
                         ids=lambda p: p.name)
def test_book_never_mentions_its_planning_material(path):
    text = markdown(path) if path.suffix == ".ipynb" else path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":  # code comments and strings too
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        text += "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
    hits = [m.group(0) for m in PLANNING_MATERIAL.finditer(text)]
    assert hits == [], f"{path.name} mentions {hits}"


#: a Markdown line that opens a block (list item, quote, numbered item) instead of continuing text
BLOCK_START = re.compile(r"^\s*([-+*>]|\d+[.)])(\s|$)")


def lines_that_break_a_formula(source: str) -> list[str]:
    """Lines that start a Markdown block while an inline ``$…$`` opened on an earlier line is still
    open: Markdown ends the paragraph there, so the formula is torn apart and its TeX shows raw
    (a continuation line starting with "- " loses its minus sign to a bullet). Code fences are
    skipped; a directive's body (an exercise, a solution) is Markdown and is read."""
    found, fences = [], []
    inline = display = False
    for line in source.split("\n"):
        stripped = line.strip()
        if stripped.startswith("```"):
            if stripped == "```" and fences:
                fences.pop()
            else:
                fences.append("directive" if stripped[3:].startswith("{") else "code")
            continue
        if "code" in fences:
            continue
        if inline and BLOCK_START.match(line):
            found.append(line)
        for k, part in enumerate(re.sub(r"`[^`]*`", "", line).split("$$")):
            if k:
                display = not display
            if not display and len(re.findall(r"(?<!\\)\$", part)) % 2:
                inline = not inline
    return found


def test_the_formula_check_sees_a_torn_formula():
    torn = "The cross terms sum to $a\n- b$, so"
    assert lines_that_break_a_formula(torn) == ["- b$, so"]
    assert lines_that_break_a_formula("Let $x$ be\n- a list item with $y$") == []
    assert lines_that_break_a_formula("```{exercise}\nlet $e\n> 0$ be\n```") == ["> 0$ be"]
    assert lines_that_break_a_formula("```python\nx = '$'\n- 1\n```") == []


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.stem)
def test_no_line_break_tears_a_formula(nb):
    """A formula wrapped over two source lines must not continue on a line Markdown reads as a
    list item or a quotation."""
    cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
    torn = [line for c in cells if c["cell_type"] == "markdown"
            for line in lines_that_break_a_formula("".join(c["source"]))]
    assert torn == [], f"{nb.name}: a formula continues on a line that starts a block: {torn}"


@pytest.mark.parametrize("nb", CHAPTERS, ids=lambda p: p.stem)
def test_every_figure_has_a_caption_a_name_and_a_text_alternative(nb):
    """A cell that shows a matplotlib figure states its numbered caption, its name (for
    {numref}) and what a reader who cannot see it needs (the image's alt text): without them the
    site's image is announced by its file name."""
    prefix, missing = f"ch{int(nb.stem[:2])}-fig-", []
    for cell in json.loads(nb.read_text(encoding="utf-8"))["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] != "code" or "plt.show()" not in source:
            continue
        meta = cell["metadata"].get("mystnb", {})
        figure, image = meta.get("figure", {}), meta.get("image", {})
        if not (figure.get("caption") and figure.get("name", "").startswith(prefix)
                and len(image.get("alt", "")) >= 40):
            missing.append(source.splitlines()[0][:60])
    assert missing == [], f"figures without caption, name ch<N>-fig-… or alt text: {missing}"
