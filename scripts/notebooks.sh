#!/usr/bin/env bash
# The reader notebooks: the chapters as a reader runs them (numbers written into the text,
# exercises numbered, solutions folded, no MyST syntax), built into notebooks/ and opened in
# JupyterLab. Needs Python 3.11 with venv only: no Node.js, no in-browser runtime.
#   bash scripts/notebooks.sh              set up .venv if needed, build notebooks/, open JupyterLab
#   bash scripts/notebooks.sh --no-lab     only build notebooks/
#   bash scripts/notebooks.sh --system     use the Python environment already active (Binder's
#                                          postBuild) instead of .venv
set -euo pipefail
cd "$(dirname "$0")/.."

lab=1 system=0
for arg in "$@"; do
  case "$arg" in
    --no-lab) lab=0 ;;
    --system) system=1 ;;
    *) echo "unknown option $arg (expected --no-lab and/or --system)" >&2; exit 2 ;;
  esac
done

if [ "$system" = 1 ]; then
  bin="$(dirname "$(command -v python)")"
else
  if [ ! -x .venv/bin/python ]; then
    "${PYTHON:-python3}" -m venv .venv
  fi
  if ! .venv/bin/python -c "import jupyter_book, helpers, booksite" 2>/dev/null; then
    .venv/bin/python -m pip install --quiet --upgrade pip
    .venv/bin/python -m pip install --quiet -r requirements.txt
  fi
  bin=.venv/bin
fi

# Every chapter is executed (its numbers are computed afresh) and written as a reader notebook;
# the "dummy" builder writes no website, so neither KaTeX nor Node.js is needed.
mkdir -p _build
echo "building the reader notebooks (runs every chapter, about a minute)..."
"$bin/jupyter-book" build . --builder custom --custom-builder dummy --path-output _build/reader \
  > _build/reader.log 2>&1 || { tail -40 _build/reader.log >&2; exit 1; }

rm -rf notebooks
cp -r _build/reader/_build/dummy/notebooks notebooks
echo "reader notebooks in notebooks/"

if [ "$lab" = 1 ]; then
  root=()
  if [ "$(id -u)" -eq 0 ]; then root=(--allow-root); fi  # containers, WSL and cloud machines
  exec "$bin/jupyter" lab notebooks/ "${root[@]}"
fi
