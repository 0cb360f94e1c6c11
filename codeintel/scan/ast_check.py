"""An independent count of files, functions and classes by Python's `ast`, to check a scan against.

Used by `benchmarks/stdlib_counts.py` (the whole stdlib) and by a test (a sample of it). Only
files that `ast` parses are compared; the others are counted and reported.
"""

from __future__ import annotations

import ast
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel


class DefinitionCounts(BaseModel):
    files: int = 0
    functions: int = 0
    classes: int = 0


@dataclass
class Comparison:
    by_ast: DefinitionCounts
    by_scan: DefinitionCounts
    files_ast_cannot_parse: list[str] = field(default_factory=list)

    def relative_differences(self) -> dict[str, float]:
        out = {}
        for name in ("files", "functions", "classes"):
            expected = getattr(self.by_ast, name)
            actual = getattr(self.by_scan, name)
            out[name] = abs(actual - expected) / expected if expected else float(actual != expected)
        return out


def ast_definition_counts(source: bytes) -> tuple[int, int] | None:
    """(functions incl. methods and async, classes), or None when `ast` cannot parse the source."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    functions = classes = 0
    for node in ast.walk(tree):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            functions += 1
        elif isinstance(node, ast.ClassDef):
            classes += 1
    return functions, classes


def compare_scan_with_ast(root: Path, scanned: dict[str, tuple[int, int]]) -> Comparison:
    """`scanned` maps each scanned file to its (functions, classes) in the graph."""
    by_ast, by_scan = DefinitionCounts(), DefinitionCounts()
    unparsable = []
    for path in sorted(scanned):
        counts = ast_definition_counts((root / path).read_bytes())
        if counts is None:
            unparsable.append(path)
            continue
        by_ast.files += 1
        by_ast.functions += counts[0]
        by_ast.classes += counts[1]
        by_scan.files += 1
        by_scan.functions += scanned[path][0]
        by_scan.classes += scanned[path][1]
    return Comparison(by_ast, by_scan, unparsable)
