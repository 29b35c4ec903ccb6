#!/usr/bin/env bash
# Set up a fresh machine for this book: a virtual environment .venv from requirements.txt.
#   bash scripts/setup.sh            the environment (enough to build the book and run notebooks)
#   bash scripts/setup.sh --browser  also Debian's Chromium, for the browser tests
# The book build itself fetches MathJax from the npm registry the first time (needs npm).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--browser" ] && [ ! -x /usr/bin/chromium ]; then
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
.venv/bin/python -m pip install --quiet -r requirements.txt
echo "environment ready: .venv ($(.venv/bin/python --version))"
