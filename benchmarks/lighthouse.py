"""How fast does each page of the built site load on a phone? Prints a Markdown table; never a
pass/fail test.

It builds nothing: it serves an already built site (``_build/html`` by default) from 127.0.0.1
the way static hosts do (text gzip-compressed, ``booksite.static_host``) and runs Lighthouse on
every page of ``_toc.yml``, twice: the default mobile profile (simulated slow 4G, 4× CPU slowdown)
and the desktop preset. Lighthouse comes from npm as a development dependency (``package.json``)
and drives Debian's Chromium; it is a tool of the tests, never of a reader.

    bash scripts/setup.sh --dev --browser              # once: Lighthouse and Chromium
    jupyter-book build .                               # the site to measure
    python benchmarks/lighthouse.py                    # every page, one run each
    python benchmarks/lighthouse.py --runs 3           # the median of three runs per page
    python benchmarks/lighthouse.py --site other/_build/html --pages book/intro --save reports/

Columns: the mobile performance score and its metrics (First and Largest Contentful Paint, Total
Blocking Time, Cumulative Layout Shift), the desktop score, the other three categories (mobile),
and the bytes the page transferred (compressed, as sent) and in how many requests.
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

from booksite import ROOT, book_pages
from booksite.lighthouse import run_lighthouse
from booksite.static_host import serve

def measure(site: Path, pages: list[str], runs: int = 1, save: Path | None = None) -> list[dict]:
    """Every page, mobile and desktop, ``runs`` times each; per page the median of each figure."""
    rows = []
    with serve(site) as base:
        for page in pages:
            url = f"{base}/{page}.html"
            mobile = [run_lighthouse(url, desktop=False, save=save) for _ in range(runs)]
            desktop = [run_lighthouse(url, desktop=True, save=save) for _ in range(runs)]
            row = {"page": page, "lighthouse": mobile[0]["lighthouse"]}
            for key in mobile[0]:
                if key != "lighthouse":
                    row[key] = statistics.median(r[key] for r in mobile)
            row["desktop"] = statistics.median(r["performance"] for r in desktop)
            rows.append(row)
            print(f"  measured {page}", file=sys.stderr, flush=True)
    return rows


def table(rows: list[dict]) -> str:
    """The figures as a Markdown table."""
    lines = ["| page | mobile perf | FCP | LCP | TBT | CLS | desktop perf | a11y | best pr. | SEO "
             "| transfer | requests |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(
            f"| {r['page'].split('/')[-1]} | {r['performance']:.0f} | {r['fcp'] / 1000:.1f} s "
            f"| {r['lcp'] / 1000:.1f} s | {r['tbt']:.0f} ms | {r['cls']:.3f} | {r['desktop']:.0f} "
            f"| {r['accessibility']:.0f} | {r['best-practices']:.0f} | {r['seo']:.0f} "
            f"| {r['bytes'] / 1024:.0f} KiB | {r['requests']:.0f} |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, default=ROOT / "_build" / "html",
                        help="the built site to serve (default: _build/html)")
    parser.add_argument("--pages", nargs="*", default=None,
                        help="pages to measure, as in _toc.yml (default: every page)")
    parser.add_argument("--runs", type=int, default=1,
                        help="Lighthouse runs per page and profile; the median is printed")
    parser.add_argument("--save", type=Path, default=None,
                        help="keep every Lighthouse JSON report in this folder")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error(f"--runs must be at least 1, got {args.runs}")
    if not (args.site / "index.html").exists():
        parser.error(f"no built site at {args.site}: build one first (jupyter-book build .)")
    rows = measure(args.site, args.pages or book_pages(), args.runs, args.save)
    print(f"Lighthouse {rows[0]['lighthouse']}, mobile profile (slow 4G, 4× CPU) unless marked "
          f"desktop; {args.runs} run(s) per page, median; site {args.site}\n")
    print(table(rows))


if __name__ == "__main__":
    main()
