"""The helpers reference page: docstrings that write |z| for an absolute value read as text in
reStructuredText (not as substitution references), literals and doctests are left as they are."""

from docutils.core import publish_doctree

from booksite.api_docs import escape_bars


def rendered(lines: list[str]):
    escape_bars(None, "function", "f", None, {}, lines)
    return publish_doctree("\n".join(lines), settings_overrides={"report_level": 5})


def test_bars_in_text_read_as_bars_and_literals_and_doctests_are_kept():
    lines = ["sign(z) · max(|z| − λ, 0); an eigenvalue counts as 0 when ``|λ| ≤ tol``.",
             "",
             ">>> abs(-2) | 1",
             "3",
             "",
             "The ratio |k/n − p| of the interval."]
    tree = rendered(lines)
    assert not list(tree.findall(lambda n: n.tagname in ("problematic", "system_message",
                                                         "substitution_reference")))
    text = tree.astext()
    assert "max(|z| − λ, 0)" in text and "|λ| ≤ tol" in text and "|k/n − p|" in text
    doctest = next(tree.findall(lambda n: n.tagname == "doctest_block"))
    assert doctest.astext() == ">>> abs(-2) | 1\n3"


def test_without_the_escape_docutils_reads_a_substitution():
    tree = publish_doctree("max(|z| − λ, 0)", settings_overrides={"report_level": 5})
    assert list(tree.findall(lambda n: n.tagname in ("substitution_reference", "problematic")))


def test_the_reference_page_documents_every_public_module():
    import pkgutil
    import re
    from pathlib import Path

    import helpers

    root = Path(__file__).resolve().parents[1]
    page = (root / "book" / "api.md").read_text(encoding="utf-8")
    documented = set(re.findall(r"^\.\. automodule:: (\S+)$", page, flags=re.M))
    public = {"helpers"} | {m.name for m in pkgutil.walk_packages(helpers.__path__, "helpers.")
                            if not any(part.startswith("_") for part in m.name.split("."))}
    assert public - documented == set(), "modules missing from book/api.md"
    assert documented - public == set(), "book/api.md names modules that do not exist"
