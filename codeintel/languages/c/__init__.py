"""C: tree-sitter extraction of definitions, includes, calls, metrics and scoping facts."""

from codeintel.languages.c.extractor import extract_c

__all__ = ["extract_c"]
