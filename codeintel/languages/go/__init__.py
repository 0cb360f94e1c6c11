"""Go: tree-sitter extraction of definitions, imports, calls, metrics and typing facts."""

from codeintel.languages.go.extractor import extract_go

__all__ = ["extract_go"]
