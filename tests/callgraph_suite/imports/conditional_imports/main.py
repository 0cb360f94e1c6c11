"""Conditional imports (try/except ImportError, if/else) bind one name to either of two functions."""

import sys

try:
    from speedups import tokenize
except ImportError:
    from pure import tokenize

if sys.platform == "win32":
    from paths_win import join_path
else:
    from paths_posix import join_path


def run(text):
    words = tokenize(text)
    return join_path(words)


print(run("usr local bin"))
