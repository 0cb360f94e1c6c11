"""Python: tree-sitter queries (`*.scm` beside this file) and the extractor that runs them."""

from codeintel.languages.python.extractor import extract_python, parse_python

__all__ = ["extract_python", "parse_python"]
