"""One Lighthouse run on one page: shared by ``tests/test_lighthouse.py`` (the verdicts) and
``benchmarks/lighthouse.py`` (the figures). Lighthouse comes from npm as a development dependency
(``package.json``) and drives Debian's Chromium; it is a tool of the tests, never of a reader.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from . import ROOT

LIGHTHOUSE = ROOT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = "--headless --no-sandbox --disable-gpu"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def run_lighthouse(url: str, desktop: bool, save: Path | None = None) -> dict:
    """One Lighthouse run on ``url``; returns the figures of the table (times in ms)."""
    if not LIGHTHOUSE.exists():
        raise RuntimeError(f"{LIGHTHOUSE} is missing: run `bash scripts/setup.sh --dev` "
                           "(Lighthouse is a development dependency in package.json)")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "report.json"
        command = [str(LIGHTHOUSE), url, f"--chrome-flags={CHROME_FLAGS}", "--output=json",
                   f"--output-path={out}", "--quiet",
                   f"--only-categories={','.join(CATEGORIES)}"]
        if desktop:
            command.append("--preset=desktop")
        env = dict(os.environ, CHROME_PATH=CHROMIUM)
        proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
        if proc.returncode != 0 or not out.exists():
            raise RuntimeError(f"lighthouse failed on {url}:\n{proc.stderr[-2000:]}")
        report = json.loads(out.read_text())
        if save is not None:
            save.mkdir(parents=True, exist_ok=True)
            name = url.split("/", 3)[-1].replace("/", "_").removesuffix(".html")
            shutil.copy(out, save / f"{name}-{'desktop' if desktop else 'mobile'}.json")
    if report.get("runtimeError"):
        raise RuntimeError(f"lighthouse could not load {url}: {report['runtimeError']}")
    audits = report["audits"]
    requests = audits["network-requests"]["details"]["items"]
    return {
        **{name: round(100 * report["categories"][name]["score"]) for name in CATEGORIES},
        "fcp": audits["first-contentful-paint"]["numericValue"],
        "lcp": audits["largest-contentful-paint"]["numericValue"],
        "tbt": audits["total-blocking-time"]["numericValue"],
        "cls": audits["cumulative-layout-shift"]["numericValue"],
        "bytes": audits["total-byte-weight"]["numericValue"],
        "requests": len(requests),
        "lighthouse": report["lighthouseVersion"],
    }
