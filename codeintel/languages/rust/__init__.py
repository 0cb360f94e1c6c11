"""Rust: tree-sitter extraction of definitions, imports, calls, metrics and typing facts."""

from codeintel.languages.rust.extractor import extract_rust

__all__ = ["extract_rust"]
