"""C++: tree-sitter extraction of definitions, includes, calls, metrics and typing facts."""

from codeintel.languages.cpp.extractor import extract_cpp

__all__ = ["extract_cpp"]
