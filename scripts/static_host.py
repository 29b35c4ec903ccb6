"""python scripts/static_host.py [_build/html] [--port N]: the same as
``python -m booksite.static_host`` (see its docstring)."""

from booksite.static_host import main

if __name__ == "__main__":
    main()
