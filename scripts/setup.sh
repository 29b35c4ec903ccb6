#!/usr/bin/env bash
# Set up a fresh machine for this book.
#   bash scripts/setup.sh                  readers: .venv from requirements.txt (with the book's two
#                                          packages installed editable: helpers, and the build's
#                                          booksite), and KaTeX for the site (enough to build the
#                                          book and run notebooks)
#   bash scripts/setup.sh --dev            also the test and authoring tools (requirements-dev.txt)
#                                          and axe-core and Lighthouse for the site's audits
#   bash scripts/setup.sh --dev --browser  also Debian's Chromium, for the browser tests (CI)
# Needs Python 3.11 with venv, and Node.js with npm (front-end assets come from the npm registry).
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0 browser=0
for arg in "$@"; do
  case "$arg" in
    --dev) dev=1 ;;
    --browser) browser=1 ;;
    *) echo "unknown option $arg (expected --dev and/or --browser)" >&2; exit 2 ;;
  esac
done

if [ "$browser" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium fonts-noto-cjk >/dev/null
fi

python="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
  "$python" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
if [ "$dev" = 1 ]; then
  .venv/bin/python -m pip install --quiet -r requirements-dev.txt
else
  .venv/bin/python -m pip install --quiet -r requirements.txt
fi

# Front-end assets the site serves itself (package.json): KaTeX's stylesheet, fonts and
# copy-as-TeX script, copied where the build expects them (the formulas themselves are typeset
# at build time by sphinxcontrib-katex, which runs KaTeX in Node.js); with --dev also the test
# tools axe-core and Lighthouse. Never committed.
if ! command -v npm >/dev/null; then
  echo "npm is missing: install Node.js (the build typesets formulas with KaTeX from the npm registry)" >&2
  exit 1
fi
if [ "$dev" = 1 ]; then omit=""; else omit="--omit=dev"; fi
npm install --no-audit --no-fund --no-package-lock --loglevel=error $omit
katex=$(.venv/bin/python -c 'import booksite; print(booksite.pinned_npm("katex"))')
rm -rf book/_vendor/katex book/_vendor/mathjax
mkdir -p book/_vendor/katex
cp node_modules/katex/dist/katex.min.css node_modules/katex/dist/contrib/copy-tex.min.js \
  book/_vendor/katex/
cp -r node_modules/katex/dist/fonts book/_vendor/katex/fonts
echo "$katex" > book/_vendor/katex/.version

# The in-browser book (JupyterLite): Pyodide and the wheels it runs, fetched from the npm and PyPI
# registries, verified by sha256 and cached outside git (booksite.fetch_lite; also
# python scripts/fetch_lite.py).
.venv/bin/python -m booksite.fetch_lite

echo "environment ready: .venv ($(.venv/bin/python --version)), KaTeX $katex in book/_vendor"
