"""Reader notebooks: every chapter as a reader runs it in JupyterLab, on Binder or in the browser.

The chapters are written in MyST (``{term}`` roles, glued numbers, ``{exercise}`` directives …),
which only the book build understands: opened in Jupyter, the source shows ``{glue:text}`key```
where a number belongs. After the build has read every chapter and executed it, this extension
writes each chapter again as a plain Jupyter notebook, resolved against what the build knows:

- every glued number is written into its sentence, formatted as on the website (a measured one,
  glued with ``helpers.prose.glue(..., measured=True)``, says that it was measured on the
  machine that built the book and where the cell that measures it is);
- ``{term}`` becomes a link to the website's glossary, ``{cite:p}``/``{cite:t}`` become
  "(Kullback and Leibler, 1951)" linking to the references page, ``{eq}`` becomes "(5.4)",
  ``{ref}`` a link to the section, ``$$ … $$ (label)`` a formula with its number (``\\tag``);
- each exercise becomes a heading "Exercise 5.2 (★★) …" and its solution (prose and code
  cells) a collapsed heading "Solution to Exercise 5.2" that the reader unfolds;
- code cells are unchanged (outputs removed: the reader runs them); cells tagged ``hide-input``
  or ``remove-cell`` start with their source folded, as on the website; a first, folded code cell says in one
  line how to get the book's ``helpers`` package where it is missing.

Any MyST syntax this module does not know stops the build, so nothing raw reaches a reader. The
notebooks land in ``<outdir>/notebooks/`` with ``README.md``, ``requirements.txt`` and the
``helpers`` wheel, and in one archive (``DOWNLOAD_ALL``) for "Download all notebooks".
"""

from __future__ import annotations

import codecs
import copy
import json
import re
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import latexcodec  # noqa: F401  (registers the "ulatex" codec used for author names)
import nbformat
from sphinx.application import Sphinx

from . import chapters as chapter_notebooks
from . import helpers_dependencies, pinned_requirement

#: where the reader notebooks land, under the builder's output folder
SUBDIR = "notebooks"
DOWNLOAD_ALL = "mathematics-of-deep-learning-notebooks.zip"
#: the metadata key JupyterLab 4 reads to start a heading collapsed
COLLAPSED = "jp-MarkdownHeadingCollapsed"

ROLE = re.compile(r"\{(?P<role>[a-z]+(?::[a-z]+)?)\}`(?P<text>[^`]*)`")
FENCE_OPEN = re.compile(r"^(?P<fence>`{3,}|:{3,})\{(?P<name>[\w-]+)\}[ \t]*(?P<arg>.*)$")
TARGET = re.compile(r"^\((?P<label>[\w.:-]+)\)=[ \t]*$", re.M)
#: ``$$ … $$ (label)``, on one line or several
LABELLED_MATH = re.compile(r"\$\$(?P<body>(?:(?!\$\$).)+?)\$\$[ \t]*\((?P<label>[\w.:-]+)\)",
                           re.S)
SLUG_LINK = re.compile(r"\]\(#(?P<slug>[^)\s]+)\)")
HEADING = re.compile(r"^(#{1,6})[ \t]+(.+?)[ \t]*#*[ \t]*$", re.M)
#: what may not be left in a reader notebook's Markdown (checked after conversion)
LEFTOVER = re.compile(r"\{[a-z]+(?::[a-z]+)?\}`|^\s*:(?:label|class):|^(?:`{3,}|:{3,})\{", re.M)


class ConversionError(RuntimeError):
    """The chapter holds MyST this converter cannot turn into plain notebook Markdown."""


@dataclass
class Book:
    """What the build knows that a chapter's Markdown refers to."""

    site: str                                  # the website's address, ending in "/"
    terms: dict[str, str]                      # glossary term (as written, and lower-cased) → URL
    labels: dict[str, tuple[str, str, str]]    # label → (docname, anchor, section title)
    equations: dict[str, tuple[str, str]]      # equation label → (docname, "5.4")
    exercises: dict[str, str]                  # exercise label → "5.2"
    citations: dict[str, tuple[str, str, str]]  # bib key → (authors, year, URL)
    figures: dict[str, tuple[str, str]] = field(default_factory=dict)  # name → (docname, "1.3")
    chapter_numbers: dict[str, str] = field(default_factory=dict)  # docname → "5"

    def page(self, docname: str, anchor: str = "") -> str:
        return f"{self.site}{docname}.html" + (f"#{anchor}" if anchor else "")


def glue_values(path: Path) -> dict[str, dict]:
    """The glue data myst-nb saved next to an executed notebook (``<name>.glue.json``)."""
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def plain_authors(persons) -> str:
    """Author-year names as the website shows them: "Shannon", "Kullback and Leibler",
    "Goodfellow et al."."""
    def last(person) -> str:
        text = " ".join(person.last_names)
        text = codecs.decode(text, "ulatex") if "\\" in text or "{" in text else text
        return text.replace("{", "").replace("}", "")

    names = [last(p) for p in persons]
    if len(names) == 1:
        return names[0]
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return f"{names[0]} et al."


def book_from_env(app: Sphinx, site: str) -> Book:
    env = app.env
    std = env.domaindata["std"]
    terms: dict[str, str] = {}
    for (kind, name), (doc, anchor) in std["objects"].items():
        if kind == "term":
            url = f"{site}{doc}.html#{anchor}"
            terms[name] = url
            terms.setdefault(name.lower(), url)
    equations, exercises, figures = {}, {}, {}
    for doc, kinds in env.toc_fignumbers.items():
        for anchor, number in kinds.get("displaymath", {}).items():
            equations[anchor.removeprefix("equation-")] = (doc, ".".join(map(str, number)))
        for label, number in kinds.get("exercise", {}).items():
            exercises[label] = ".".join(map(str, number))
        for anchor, number in kinds.get("figure", {}).items():
            figures[anchor] = (doc, ".".join(map(str, number)))
    citations = {}
    for citation in env.domaindata["cite"]["citations"]:
        entry = citation.entry
        persons = entry.persons.get("author") or entry.persons.get("editor") or []
        year = entry.fields.get("year", "n.d.")
        url = f"{site}{citation.bibliography_key.docname}.html#{citation.citation_id}"
        citations[citation.key] = (plain_authors(persons), str(year), url)
    chapters = {doc: ".".join(map(str, numbers[""]))
                for doc, numbers in env.toc_secnumbers.items() if numbers.get("")}
    return Book(site, terms, dict(std["labels"]), equations, exercises, citations, figures,
                chapters)


def jupyter_anchor(title: str) -> str:
    """The id JupyterLab gives a rendered heading: its text, spaces turned into hyphens."""
    text = re.sub(r"`([^`]*)`", r"\1", title)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"[*_]", "", text)
    return text.strip().replace(" ", "-")


def myst_slug(title: str) -> str:
    """MyST's heading slug (GitHub's): lower case, punctuation dropped, spaces to hyphens."""
    text = re.sub(r"`([^`]*)`", r"\1", title).strip().lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


@dataclass
class Chapter:
    """One chapter being converted: its docname, glue data and which cell glued what."""

    docname: str
    book: Book
    glue: dict[str, dict]
    glued_by: dict[str, int]                   # glue key → index of the code cell that glued it
    headings: dict[str, str] = field(default_factory=dict)  # MyST slug → JupyterLab anchor
    #: exercise label → its heading in this reader notebook ("Exercise 6.1 (★) …")
    exercise_headings: dict[str, str] = field(default_factory=dict)
    #: Markdown cell → where the cell that measured its timings is ("above" or "below")
    measured: dict[int, str] = field(default_factory=dict)

    def fail(self, message: str) -> ConversionError:
        return ConversionError(f"{self.docname}: {message}")

    # -- roles -----------------------------------------------------------------------------
    def role(self, name: str, text: str, cell: int) -> str:
        handler = {"glue:text": self.glue_text, "term": self.term, "cite:p": self.cite_p,
                   "cite:t": self.cite_t, "eq": self.eq, "ref": self.ref,
                   "numref": self.numref}.get(name)
        if handler is None:
            raise self.fail(f"no reader-notebook form for the role {{{name}}}`{text}`")
        return handler(text, cell)

    @staticmethod
    def split_target(text: str) -> tuple[str | None, str]:
        """``title <target>`` → (title, target); ``target`` → (None, target)."""
        match = re.fullmatch(r"(?s)(.*?)\s*<([^<>]+)>", text)
        return (match.group(1), match.group(2)) if match else (None, text)

    def glue_text(self, text: str, cell: int) -> str:
        from myst_nb.core.variables import format_plain_text

        key, colon, spec = text.rpartition(":")
        if not colon:
            key, spec = text, "s"
        if key not in self.glue:
            raise self.fail(f"glued value {key!r} was not computed by any cell")
        output = self.glue[key]
        plain = output["data"].get("text/plain")
        if plain is None:
            raise self.fail(f"glued value {key!r} has no text form")
        value = format_plain_text(plain, spec)
        if output.get("metadata", {}).get("helpers", {}).get("measured"):
            self.measured[cell] = "above" if self.glued_by.get(key, -1) < cell else "below"
        return value

    def term(self, text: str, cell: int) -> str:
        title, target = self.split_target(text)
        target = " ".join(target.split())  # a role may break across lines, as Sphinx allows
        url = self.book.terms.get(target) or self.book.terms.get(target.lower())
        if url is None:
            raise self.fail(f"no glossary entry for the term {target!r}")
        return f"[{title or target}]({url})"

    def _cite(self, text: str) -> list[tuple[str, str, str]]:
        entries = []
        for key in (k.strip() for k in text.split(",")):
            if key not in self.book.citations:
                raise self.fail(f"no bibliography entry {key!r}")
            entries.append(self.book.citations[key])
        return entries

    def cite_p(self, text: str, cell: int) -> str:
        items = [f"[{authors}, {year}]({url})" for authors, year, url in self._cite(text)]
        return "(" + "; ".join(items) + ")"

    def cite_t(self, text: str, cell: int) -> str:
        return ", ".join(f"[{authors} ({year})]({url})" for authors, year, url in self._cite(text))

    def eq(self, text: str, cell: int) -> str:
        if text not in self.book.equations:
            raise self.fail(f"no numbered equation {text!r}")
        doc, number = self.book.equations[text]
        if doc == self.docname:
            return f"({number})"
        return f"[({number})]({self.book.page(doc, 'equation-' + text)})"

    def ref(self, text: str, cell: int) -> str:
        title, label = self.split_target(text)
        label = label.strip()
        if label not in self.book.labels:
            raise self.fail(f"no target {label!r} for {{ref}}")
        doc, anchor, section = self.book.labels[label]
        if label in self.book.exercises:  # the website writes "Exercise 6.1", as numref does
            shown = title or f"Exercise {self.book.exercises[label]}"
            heading = self.exercise_headings.get(label)
            if heading:
                return f"[{shown}](#{jupyter_anchor(heading)})"
            return f"[{shown}]({self.book.page(doc, anchor)})"
        title = title or section
        if doc == self.docname and section:
            return f"[{title}](#{jupyter_anchor(section)})"
        return f"[{title}]({self.book.page(doc, anchor)})"

    def numref(self, text: str, cell: int) -> str:
        title, label = self.split_target(text)
        if label not in self.book.figures:
            raise self.fail(f"no numbered figure {label!r} for {{numref}}")
        doc, number = self.book.figures[label]
        shown = (title or "Fig. %s").replace("%s", number).replace("{number}", number)
        if doc == self.docname:
            return shown
        return f"[{shown}]({self.book.page(doc, label)})"

    def caption(self, cell: nbformat.NotebookNode) -> str | None:
        """The caption the website shows under a cell's figure, numbered as there."""
        figure = cell.metadata.get("mystnb", {}).get("figure", {})
        if not figure.get("caption"):
            return None
        number = self.book.figures.get(figure.get("name", ""), ("", ""))[1]
        label = f"Fig. {number}" if number else "Figure"
        return f"*{label}: {self.markdown(figure['caption'], -1)}*"

    # -- Markdown --------------------------------------------------------------------------
    def markdown(self, text: str, cell: int) -> str:
        text = TARGET.sub("", text)
        text = LABELLED_MATH.sub(lambda m: self.tagged(m, cell), text)
        text = SLUG_LINK.sub(lambda m: self.slug_link(m["slug"]), text)
        text = ROLE.sub(lambda m: self.role(m["role"], m["text"], cell), text)
        return re.sub(r"\n{3,}", "\n\n", text).strip("\n")

    def tagged(self, match: re.Match, cell: int) -> str:
        label = match["label"]
        if label not in self.book.equations:
            raise self.fail(f"the labelled equation {label!r} has no number")
        body = match["body"].rstrip()
        return f"$${body} \\tag{{{self.book.equations[label][1]}}}$$"

    def slug_link(self, slug: str) -> str:
        if slug not in self.headings:
            raise self.fail(f"the link #{slug} names no heading of the chapter")
        return f"](#{self.headings[slug]})"


def split_directives(text: str) -> list[tuple[str, str, str, dict, str]]:
    """A Markdown cell cut into ("text", body) pieces and directives
    ("directive", name, argument, options, body); nested fences are kept in the body."""
    lines = text.split("\n")
    pieces: list = []
    plain: list[str] = []
    i = 0
    while i < len(lines):
        match = FENCE_OPEN.match(lines[i])
        if not match:
            plain.append(lines[i])
            i += 1
            continue
        fence = match["fence"]
        j = i + 1
        while j < len(lines) and not re.fullmatch(
                re.escape(fence[0]) + "{%d,}[ \t]*" % len(fence), lines[j]):
            j += 1
        if j == len(lines):
            raise ConversionError(f"unclosed directive {{{match['name']}}} ({lines[i]!r})")
        body = lines[i + 1:j]
        options = {}
        while body and re.match(r"^:[\w-]+:", body[0]):
            key, _, value = body.pop(0)[1:].partition(":")
            options[key] = value.strip()
        if plain:
            pieces.append(("text", "\n".join(plain)))
            plain = []
        pieces.append(("directive", match["name"], match["arg"].strip(), options,
                       "\n".join(body)))
        i = j + 1
    if plain:
        pieces.append(("text", "\n".join(plain)))
    return pieces


def markdown_cell(source: str, **metadata) -> nbformat.NotebookNode:
    cell = nbformat.v4.new_markdown_cell(source)
    cell.metadata.update(metadata)
    return cell


def helpers_check_cell(site: str) -> nbformat.NotebookNode:
    """A first code cell, folded: where ``helpers`` is missing, one line says how to get it
    (an exception with ``_render_traceback_`` shows as that line, not as a traceback)."""
    # (an import, not importlib.util.find_spec: the in-browser kernel installs a package when a
    # cell's code imports it)
    source = f'''# This chapter runs with the book's `helpers` package. If it is missing, say how to get it.
try:
    import helpers  # noqa: F401
except ModuleNotFoundError:
    class HelpersMissing(ModuleNotFoundError):
        def _render_traceback_(self):
            return [str(self)]

    raise HelpersMissing(
        "This notebook needs the book's helpers package: download all notebooks with it from "
        "{site}{SUBDIR}/{DOWNLOAD_ALL}, unzip, run  pip install -r requirements.txt  in that "
        "folder, then restart the kernel.") from None'''
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["jupyter"] = {"source_hidden": True}
    return cell


def convert(source: nbformat.NotebookNode, chapter: Chapter) -> nbformat.NotebookNode:
    """The reader notebook of one chapter (``source`` is the notebook as the author wrote it)."""
    book = chapter.book
    for cell in source.cells:
        if cell.cell_type == "markdown":
            for _, title in HEADING.findall(cell.source):
                chapter.headings.setdefault(myst_slug(title), jupyter_anchor(title))
            for piece in split_directives(cell.source):
                if piece[0] == "directive" and piece[1] == "exercise" and "label" in piece[3]:
                    label = piece[3]["label"]
                    if label in book.exercises:
                        chapter.exercise_headings[label] = \
                            f"Exercise {book.exercises[label]} {piece[2]}".rstrip()
    number = book.chapter_numbers.get(chapter.docname, "")
    out = nbformat.v4.new_notebook()
    out.metadata = copy.deepcopy(source.metadata)
    out.metadata["dl_math_book"] = {
        "chapter": number, "source": f"{chapter.docname}.ipynb",
        "website": book.page(chapter.docname),
        "note": "Made from the book's source by the book build; edit the source, not this file.",
    }
    cells: list = []
    in_solution: str | None = None
    first_code = True
    for index, cell in enumerate(source.cells):
        if cell.cell_type == "code":
            if first_code:
                cells.append(helpers_check_cell(book.site))
                first_code = False
            new = nbformat.v4.new_code_cell(cell.source)
            new.metadata = copy.deepcopy(cell.metadata)
            new.metadata.pop("execution", None)
            tags = set(new.metadata.get("tags", []))
            # folded where the website hides or removes them (a removed cell still runs)
            if tags & {"hide-input", "remove-input", "remove-cell"}:
                new.metadata.setdefault("jupyter", {})["source_hidden"] = True
            if tags & {"remove-output", "remove-cell"}:
                new.metadata.setdefault("jupyter", {})["outputs_hidden"] = True
            cells.append(new)
            caption = chapter.caption(cell)
            if caption:
                cells.append(markdown_cell(caption))
            continue
        if cell.cell_type != "markdown":
            raise chapter.fail(f"cell {index} is a {cell.cell_type} cell")
        parts: list[str] = []

        def flush(extra: dict | None = None) -> None:
            text = "\n\n".join(p for p in parts if p.strip())
            if text.strip():
                cells.append(markdown_cell(text, **(extra or {})))
            parts.clear()

        for piece in split_directives(cell.source):
            if piece[0] == "text":
                parts.append(chapter.markdown(piece[1], index))
                continue
            _, name, arg, options, body = piece
            if name == "exercise":
                label = options.get("label")
                if label not in book.exercises:
                    raise chapter.fail(f"exercise {arg!r} has no label the build numbered")
                flush()
                title = chapter.markdown(arg, index)
                parts.append(f"### Exercise {book.exercises[label]} {title}".rstrip())
                parts.append(chapter.markdown(body, index))
                flush()
            elif name == "solution-start":
                if arg not in book.exercises:
                    raise chapter.fail(f"solution of an unknown exercise {arg!r}")
                if in_solution:
                    raise chapter.fail(f"solution of {arg!r} starts inside another one")
                flush()
                in_solution = arg
                heading = f"#### Solution to Exercise {book.exercises[arg]}"
                extra = chapter.markdown(body, index) if body.strip() else ""
                cells.append(markdown_cell(heading, **{COLLAPSED: True}))
                if extra:
                    parts.append(extra)
            elif name == "solution-end":
                if not in_solution:
                    raise chapter.fail("solution-end without a solution-start")
                flush()
                in_solution = None
            else:
                raise chapter.fail(f"no reader-notebook form for the directive {{{name}}}")
        flush()
        if index in chapter.measured:
            where = chapter.measured[index]
            cells[-1].source += (f"\n\n*The timings in this paragraph were measured on the "
                                 f"machine that built the book; run the cell {where} to "
                                 "measure your own.*")
    if in_solution:
        raise chapter.fail(f"the solution of {in_solution!r} has no solution-end")
    for cell in cells:
        if cell.cell_type == "markdown" and LEFTOVER.search(cell.source):
            raise chapter.fail("MyST syntax left in a reader notebook: "
                               + LEFTOVER.search(cell.source).group(0))
    out.cells = cells
    return out


def glue_cells(executed: Path) -> dict[str, int]:
    """Glue key → index of the code cell that glued it, read from the executed notebook."""
    if not executed.exists():
        return {}
    notebook = nbformat.read(executed, as_version=4)
    found = {}
    for index, cell in enumerate(notebook.cells):
        for output in cell.get("outputs", []):
            name = output.get("metadata", {}).get("scrapbook", {}).get("name")
            if name:
                found[name] = index
    return found


def chapters(app: Sphinx) -> list[str]:
    """The docnames of the chapter notebooks, in reading order (``booksite.chapters``)."""
    srcdir = Path(app.srcdir)
    return [path.relative_to(srcdir).with_suffix("").as_posix()
            for path in chapter_notebooks(srcdir)]


def write_reader_notebooks(app: Sphinx, builder) -> None:
    """``write-started``: every page is read and numbered (its glue values, labels, section,
    equation and exercise numbers and citations are in the environment), none written yet."""
    site = app.config.book_site_url
    if not site.endswith("/"):
        raise ConversionError(f"book_site_url must end with '/', got {site!r}")
    book = book_from_env(app, site)
    executed_dir = Path(app.env.mystnb_config.output_folder)
    out = Path(app.outdir) / SUBDIR
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    written = []
    for doc in chapters(app):
        source = nbformat.read(app.env.doc2path(doc), as_version=4)
        executed = executed_dir / (doc + ".ipynb")
        chapter = Chapter(doc, book, glue_values(executed.with_suffix(".glue.json")),
                          glue_cells(executed))
        notebook = convert(source, chapter)
        target = out / Path(doc).with_suffix(".ipynb").name
        nbformat.write(notebook, target)
        written.append(target)
    write_archive(out, written, site)


README = """# The mathematics of deep learning: the notebooks

The chapters of the book ({site}) as Jupyter notebooks, with the `helpers` package they
import. To run them (Python 3.11 or newer):

    python -m venv .venv
    .venv/bin/pip install -r requirements.txt        (Windows: .venv\\Scripts\\pip ...)
    .venv/bin/jupyter lab

then open a chapter and choose Run > Run All Cells. The sliders are live widgets. Running as
root (a container, WSL)? Add --allow-root to the last command.

The numbers in the text were computed when the book was built; the cells compute them again.
Timings were measured on the machine that built the book, and say so.
"""

#: What the notebooks import: helpers' own dependencies (pyproject.toml) and the notebook app,
#: with the versions the book is built and tested with (requirements.txt): one list of each.
READER_PACKAGES = (*helpers_dependencies(), "jupyterlab", "ipykernel")


def reader_requirements() -> str:
    return "\n".join(f"{name}=={pinned_requirement(name)}" for name in READER_PACKAGES)


def write_archive(out: Path, notebooks: list[Path], site: str) -> Path:
    """README, requirements (the wheel of ``helpers`` and what the notebooks import) and the
    notebooks, in ``out`` and zipped into one archive."""
    from . import lite_site

    wheel = lite_site.helpers_wheel(out)
    (out / "requirements.txt").write_text(
        f"# The book's helpers package, then what the notebooks import (versions as the book\n"
        f"# is built and tested with).\n./{wheel.name}\n{reader_requirements()}\n")
    (out / "README.md").write_text(README.format(site=site))
    archive = out / DOWNLOAD_ALL
    folder = DOWNLOAD_ALL.removesuffix(".zip")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        for path in [out / "README.md", out / "requirements.txt", wheel, *notebooks]:
            z.write(path, f"{folder}/{path.name}")
    return archive


def link_reader_notebooks(app: Sphinx, pagename: str, templatename: str, context: dict,
                          doctree) -> None:
    """A chapter page's download menu gives its reader notebook and the archive of all of them
    (not the MyST source), and its Binder launch opens the reader notebook Binder built
    (``postBuild``)."""
    if context.get("page_source_suffix") != ".ipynb":
        return
    up = "../" * pagename.count("/")
    name = Path(pagename).name + ".ipynb"
    for group in context.get("header_buttons", []):
        if group.get("label") == "download-buttons":
            # the MyST source (and its copy as ".ipynb", where myst-nb adds one) gives way to
            # the reader notebook
            kept = [b for b in group["buttons"] if b.get("label") not in
                    ("download-source-button", "download-notebook-button")]
            kept.insert(0, {"type": "link", "url": f"{up}{SUBDIR}/{name}", "text": ".ipynb",
                            "icon": "fas fa-code", "label": "download-notebook-button",
                            "tooltip": "Download this chapter as a Jupyter notebook (it needs "
                                       "the book's helpers package: see All notebooks)"})
            kept.insert(1, {"type": "link", "url": f"{up}{SUBDIR}/{DOWNLOAD_ALL}",
                            "text": "All notebooks (.zip)", "icon": "fas fa-file",
                            "tooltip": "Download every chapter as a notebook, with the helpers "
                                       "package and a requirements file",
                            "label": "download-all-notebooks-button"})
            group["buttons"] = kept
        if group.get("label") == "launch-buttons":
            for button in group["buttons"]:
                url = button.get("url", "")
                if "urlpath=" in url and "/tree/book/" in url:
                    button["url"] = url.replace("/tree/book/", f"/tree/{SUBDIR}/")


def setup(app: Sphinx) -> None:
    app.add_config_value("book_site_url", "", "env", [str])
    app.connect("html-page-context", link_reader_notebooks, priority=503)
    # once every page is read and numbered (sections, equations and exercises are numbered after
    # env-updated, when Sphinx checks what depends on what), before the lite build (priority
    # 600), which takes the reader notebooks as its contents
    app.connect("write-started", write_reader_notebooks, priority=550)
