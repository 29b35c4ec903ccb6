"""The reader notebooks (booksite.reader_notebooks): a chapter's MyST turned into the plain
notebook a reader runs, checked on small notebooks whose every construct is known.

The whole book is converted by every build; the slow tier checks the result where readers meet
it (JupyterLab, the in-browser book, the archive, Binder)."""

from __future__ import annotations

import sys
from pathlib import Path

import nbformat
import pytest

from booksite import reader_notebooks as rn

ROOT = Path(__file__).resolve().parents[1]

SITE = "https://example.org/book-site/"


def book() -> rn.Book:
    return rn.Book(
        site=SITE,
        terms={"entropy": SITE + "book/glossary.html#term-entropy",
               "KL divergence": SITE + "book/glossary.html#term-KL-divergence",
               "kl divergence": SITE + "book/glossary.html#term-KL-divergence"},
        labels={"ch5-kl": ("book/05", "kl-divergence", "KL divergence"),
                "ch5-ex-a": ("book/05", "ch5-ex-a", "Exercise"),
                "ch3-svd": ("book/03", "ch3-svd", "The singular value decomposition")},
        equations={"eq-kl": ("book/05", "5.4"), "eq-svd": ("book/03", "3.7")},
        exercises={"ch5-ex-a": "5.1", "ch5-ex-b": "5.2"},
        citations={"kullback1951": ("Kullback and Leibler", "1951", SITE + "book/references.html#id3"),
                   "goodfellow2016": ("Goodfellow et al.", "2016", SITE + "book/references.html#id9")},
        figures={"ch5-fig-kl": ("book/05", "5.2"), "ch3-fig-svd": ("book/03", "3.1")},
        chapter_numbers={"book/05": "5"},
    )


def glue(value: str, measured: bool = False) -> dict:
    metadata = {"scrapbook": {"name": "x"}}
    if measured:
        metadata["helpers"] = {"measured": True}
    return {"data": {"text/plain": value}, "metadata": metadata}


def chapter(glued: dict | None = None, glued_by: dict | None = None) -> rn.Chapter:
    return rn.Chapter("book/05", book(), glued or {}, glued_by or {})


def notebook(*cells) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for kind, source, *meta in cells:
        cell = (nbformat.v4.new_markdown_cell if kind == "md" else nbformat.v4.new_code_cell)(source)
        if meta:
            cell.metadata.update(meta[0])
        nb.cells.append(cell)
    return nb


def markdown(nb) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


def test_roles_become_what_the_website_shows():
    ch = chapter({"nat": glue("1.4426950408889634"), "name": glue("'fair coin'")})
    text = ch.markdown(
        "One nat is {glue:text}`nat:.4f` bits of the {glue:text}`name`. The {term}`entropy` and "
        "{term}`the divergence <KL\ndivergence>` {cite:p}`kullback1951,goodfellow2016`, as "
        "{cite:t}`kullback1951` wrote; see {eq}`eq-kl`, {eq}`eq-svd`, {ref}`ch5-kl` and "
        "{ref}`chapter 3 <ch3-svd>`.", 0)
    assert "One nat is 1.4427 bits of the fair coin." in text
    assert f"[entropy]({SITE}book/glossary.html#term-entropy)" in text
    assert f"[the divergence]({SITE}book/glossary.html#term-KL-divergence)" in text  # joined
    assert (f"([Kullback and Leibler, 1951]({SITE}book/references.html#id3); "
            f"[Goodfellow et al., 2016]({SITE}book/references.html#id9))") in text
    assert f"[Kullback and Leibler (1951)]({SITE}book/references.html#id3) wrote" in text
    # an equation of this chapter is its number; one of another chapter links to its page
    assert "see (5.4), " in text
    assert f"[(3.7)]({SITE}book/03.html#equation-eq-svd)" in text
    # a section of this chapter is an anchor in the notebook (JupyterLab's heading ids)
    assert "[KL divergence](#KL-divergence)" in text
    assert f"[chapter 3]({SITE}book/03.html#ch3-svd)" in text
    assert "{" not in text and "`" not in text


def test_figures_keep_their_numbered_caption_and_numref_their_number():
    nb = notebook(("md", "# T"),
                  ("code", "plot()", {"mystnb": {"figure": {"caption": "Two fits of {term}`entropy`.",
                                                           "name": "ch5-fig-kl"},
                                                "image": {"alt": "Two curves"}}}),
                  ("md", "As {numref}`ch5-fig-kl` and {numref}`Figure %s <ch3-fig-svd>` show."))
    out = rn.convert(nb, chapter())
    texts = markdown(out)
    assert texts[1] == f"*Fig. 5.2: Two fits of [entropy]({SITE}book/glossary.html#term-entropy).*"
    assert texts[2] == f"As Fig. 5.2 and [Figure 3.1]({SITE}book/03.html#ch3-fig-svd) show."
    # the figure's alt text stays with its cell, for the output a reader's run makes
    assert out.cells[2].metadata["mystnb"]["image"]["alt"] == "Two curves"


def test_labelled_equations_keep_their_number_and_targets_disappear():
    ch = chapter()
    text = ch.markdown("(ch5-kl)=\n## KL divergence\n\n$$\nD = \\sum_x P\\log\\frac{P}{Q}\n$$ (eq-kl)\n"
                       "\nand inline $x$ stays.", 0)
    assert text.startswith("## KL divergence")
    assert "$$\nD = \\sum_x P\\log\\frac{P}{Q} \\tag{5.4}$$" in text
    assert "(eq-kl)" not in text and "(ch5-kl)=" not in text
    assert "inline $x$ stays" in text


def test_heading_links_follow_jupyterlab_ids():
    nb = notebook(("md", "# T\n\n- [Entropy and `np.log`](#entropy-and-nplog)\n\n"
                         "## Entropy and `np.log`\n\ntext"))
    out = rn.convert(nb, chapter())
    assert "[Entropy and `np.log`](#Entropy-and-np.log)" in markdown(out)[0]


def test_exercises_become_numbered_headings_and_solutions_fold_with_their_code():
    nb = notebook(
        ("md", "## Exercises\n\nGraded."),
        ("md", "````{exercise} (★★) Two directions\n:label: ch5-ex-a\nCompute $D$.\n\n"
               "```python\nprint(1)\n```\n````"),
        ("md", "```{solution-start} ch5-ex-a\n:class: dropdown\n```\nBy {eq}`eq-kl`:"),
        ("code", "print(2)"),
        ("md", "So it is larger."),
        ("md", "```{solution-end}\n```"),
        ("md", "```{exercise} (★) Next\n:label: ch5-ex-b\nAgain.\n```"),
        ("md", "```{solution-start} ch5-ex-b\n:class: dropdown\n```"),
        ("code", "print(3)"),
        ("md", "```{solution-end}\n```\n## Summary\n\nDone, as {ref}`ch5-ex-a` shows."),
    )
    out = rn.convert(nb, chapter())
    kinds = [(c.cell_type, c.source.split("\n")[0]) for c in out.cells]
    assert kinds == [
        ("markdown", "## Exercises"),
        ("markdown", "### Exercise 5.1 (★★) Two directions"),
        ("markdown", "#### Solution to Exercise 5.1"),
        ("markdown", "By (5.4):"),
        ("code", rn.helpers_check_cell(SITE).source.split("\n")[0]),
        ("code", "print(2)"),
        ("markdown", "So it is larger."),
        ("markdown", "### Exercise 5.2 (★) Next"),
        ("markdown", "#### Solution to Exercise 5.2"),
        ("code", "print(3)"),
        ("markdown", "## Summary"),
    ]
    # a reference to an exercise names it as the website does and links to its heading
    assert "Done, as [Exercise 5.1](#Exercise-5.1-(★★)-Two-directions) shows." in out.cells[-1].source
    # the exercise keeps its nested code block; the solution headings start collapsed
    assert "```python\nprint(1)\n```" in out.cells[1].source
    collapsed = [c.source for c in out.cells if c.metadata.get(rn.COLLAPSED)]
    assert collapsed == ["#### Solution to Exercise 5.1", "#### Solution to Exercise 5.2"]
    for cell in out.cells:
        assert not rn.LEFTOVER.search(cell.source) or cell.cell_type == "code"


def test_code_cells_are_unchanged_without_outputs_and_hidden_input_starts_folded():
    nb = notebook(("md", "# T"), ("code", "x = 1\nprint(x)", {"tags": ["hide-input"]}),
                  ("code", "y = 2"), ("code", "glue('k', 1)", {"tags": ["remove-cell"]}))
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", text="1\n")]
    nb.cells[1].execution_count = 4
    out = rn.convert(nb, chapter())
    code = [c for c in out.cells if c.cell_type == "code"]
    assert [c.source for c in code[1:]] == ["x = 1\nprint(x)", "y = 2", "glue('k', 1)"]
    assert all(c.outputs == [] and c.execution_count is None for c in code)
    assert code[1].metadata["jupyter"]["source_hidden"] is True
    assert code[1].metadata["tags"] == ["hide-input"]
    assert "jupyter" not in code[2].metadata
    assert code[3].metadata["jupyter"] == {"source_hidden": True, "outputs_hidden": True}
    nbformat.validate(out)


def test_a_measured_number_says_where_it_was_measured():
    ch = chapter({"t": glue("3.14159", measured=True)}, glued_by={"t": 1})
    nb = notebook(("md", "# T"), ("code", "t = 3.14159"), ("md", "It took {glue:text}`t:.2f` µs."))
    out = rn.convert(nb, ch)
    text = markdown(out)[-1]
    assert text.startswith("It took 3.14 µs.")
    assert "measured on the machine that built the book" in text and "cell above" in text


@pytest.mark.parametrize("source, problem", [
    ("{glue:text}`missing:.2f`", "'missing' was not computed"),
    ("{term}`no such term`", "no glossary entry"),
    ("{cite:p}`nobody2020`", "no bibliography entry"),
    ("{eq}`eq-none`", "no numbered equation"),
    ("{ref}`nowhere`", "no target 'nowhere'"),
    ("{numref}`fig-1`", "no numbered figure 'fig-1'"),
    ("{abbr}`NN (neural network)`", "no reader-notebook form for the role"),
    ("$$ x $$ (eq-unknown)", "has no number"),
    ("[see](#no-such-heading)", "names no heading"),
    ("```{admonition} Note\ntext\n```", "no reader-notebook form for the directive"),
    ("```{exercise} (★) X\n:label: ch5-ex-zzz\nq\n```", "no label the build numbered"),
    ("```{solution-end}\n```", "solution-end without a solution-start"),
    ("````{exercise} (★) X\n:label: ch5-ex-a\nq\n```", "unclosed directive"),
])
def test_what_it_cannot_convert_stops_the_build_with_the_reason(source, problem):
    with pytest.raises(rn.ConversionError, match=problem.replace("(", r"\(")):
        rn.convert(notebook(("md", "# T"), ("md", source)), chapter())


def test_a_solution_left_open_stops_the_build():
    nb = notebook(("md", "```{exercise} (★) X\n:label: ch5-ex-a\nq\n```"),
                  ("md", "```{solution-start} ch5-ex-a\n:class: dropdown\n```\nAnswer."))
    with pytest.raises(rn.ConversionError, match="has no solution-end"):
        rn.convert(nb, chapter())


def test_without_helpers_the_first_cell_says_in_one_line_how_to_get_them(monkeypatch):
    cell = rn.helpers_check_cell(SITE)
    assert cell.metadata["jupyter"]["source_hidden"] is True
    # the import itself, which the in-browser kernel reads to install the package
    assert "import helpers" in cell.source
    monkeypatch.setitem(sys.modules, "helpers", None)  # as where it is not installed
    with pytest.raises(ModuleNotFoundError) as caught:
        exec(cell.source, {})
    lines = caught.value._render_traceback_()  # what IPython shows instead of a traceback
    assert len(lines) == 1
    assert f"{SITE}notebooks/{rn.DOWNLOAD_ALL}" in lines[0]
    assert "pip install -r requirements.txt" in lines[0]


def test_with_helpers_the_first_cell_does_nothing():
    exec(rn.helpers_check_cell(SITE).source, {})


def test_author_year_names():
    from pybtex.database import Person

    assert rn.plain_authors([Person("Shannon, Claude E.")]) == "Shannon"
    assert rn.plain_authors([Person("Kullback, S."), Person("Leibler, R. A.")]) == \
        "Kullback and Leibler"
    assert rn.plain_authors([Person("Baydin, At{\\i}l{\\i}m G{\\\"u}ne{\\c{s}}"),
                             Person("Pearlmutter, B."), Person("Radul, A.")]) == "Baydin et al."
    assert rn.plain_authors([Person("G{\\\"o}del, Kurt")]) == "Gödel"


def test_the_archive_pins_what_the_notebooks_import_as_requirements_txt_does():
    pins = rn.reader_requirements().splitlines()
    assert [p.split("==")[0] for p in pins] == list(rn.READER_PACKAGES)
    text = (ROOT / "requirements.txt").read_text()
    for pin in pins:
        assert f"\n{pin}" in text
