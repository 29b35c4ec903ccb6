"""python scripts/fetch_lite.py: the same as ``python -m booksite.fetch_lite`` (see its docstring)."""

import sys

from booksite.fetch_lite import main

if __name__ == "__main__":
    sys.exit(main())
