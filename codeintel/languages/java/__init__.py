"""Java: tree-sitter extraction of definitions, imports, calls, metrics and typing facts."""

from codeintel.languages.java.extractor import extract_java

__all__ = ["extract_java"]
