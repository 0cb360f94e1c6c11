"""Rename and move for JavaScript, TypeScript and Java, as edits at tree-sitter spans."""
