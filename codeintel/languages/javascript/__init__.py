"""JavaScript and TypeScript: one extractor module, three grammars (javascript, typescript, tsx)."""

from codeintel.languages.javascript.extractor import extract_javascript, extract_typescript

__all__ = ["extract_javascript", "extract_typescript"]
