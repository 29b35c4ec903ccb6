"""Lighthouse's verdicts on every page of the built site (slow tier).

Accessibility, best practices and SEO are properties of the page, not of the machine: each must
score 100 (a page without its description, an image without its size, a console error or a
contrast problem costs points). Performance depends on the machine that measures it, so its
figures are only reported, never asserted: ``benchmarks/lighthouse.py`` measures them properly
(every page, mobile and desktop, median of several runs).
"""

from __future__ import annotations

import pytest

from booksite import book_pages, lighthouse

pytestmark = pytest.mark.slow
PAGES = book_pages()


@pytest.mark.parametrize("page", PAGES)
def test_lighthouse_finds_nothing_to_fix(site_url, report, page):
    scores = lighthouse.run_lighthouse(f"{site_url}/{page}.html", desktop=False)
    report.setdefault("Lighthouse, mobile (one run; figures vary with the machine)", {})[page] = {
        "perf": scores["performance"], "FCP s": round(scores["fcp"] / 1000, 1),
        "LCP s": round(scores["lcp"] / 1000, 1), "TBT ms": round(scores["tbt"]),
        "CLS": round(scores["cls"], 3), "kB": round(scores["bytes"] / 1000)}
    for category in ("accessibility", "best-practices", "seo"):
        assert scores[category] == 100, f"{page}: {category} {scores[category]}"
