"""Edits at tree-sitter spans: parse a text, find nodes, replace byte ranges.

tree-sitter reports byte offsets into the UTF-8 encoding, so every replacement is made on the
bytes and decoded once: a non-ASCII character before an identifier never shifts an edit.
Everything outside the replaced spans (formatting, comments) is kept as it was.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

import tree_sitter

from codeintel.languages.java.extractor import runtime as java_runtime
from codeintel.languages.javascript.extractor import runtime as javascript_runtime
from codeintel.planning.model import ImpossibleRequest


@dataclass(frozen=True, order=True)
class Span:
    """Replace bytes [start, end) of a file by `text`."""

    start: int
    end: int
    text: str


def _language(grammar: str) -> tree_sitter.Language:
    """The extractors' own Language for `grammar` (built once per process there)."""
    if grammar == "java":
        return java_runtime().language
    return javascript_runtime().languages[grammar]


def grammar_of(path: str) -> str:
    """The grammar a file parses with, by extension (as the extractors choose it)."""
    if path.endswith(".java"):
        return "java"
    if path.endswith(".tsx"):
        return "tsx"
    if path.endswith((".ts", ".mts", ".cts")):
        return "typescript"
    return "javascript"


def parse(path: str, text: str) -> tree_sitter.Tree:
    """The tree of `text`; refuses a file with syntax errors (its spans cannot be trusted)."""
    tree = tree_sitter.Parser(_language(grammar_of(path))).parse(text.encode("utf-8"))
    if tree.root_node.has_error:
        raise ImpossibleRequest(f"{path} has syntax errors; the planner edits files that parse")
    return tree


def walk(node: tree_sitter.Node) -> Iterator[tree_sitter.Node]:
    """Every node below `node` (itself first), depth first, without recursion."""
    stack = [node]
    while stack:
        current = stack.pop()
        yield current
        stack.extend(reversed(current.children))


def text_of(node: tree_sitter.Node) -> str:
    return node.text.decode("utf-8") if node.text is not None else ""


def replace(node: tree_sitter.Node, text: str) -> Span:
    return Span(node.start_byte, node.end_byte, text)


def apply_spans(text: str, spans: Iterable[Span]) -> str:
    """`text` with every span replaced; identical spans count once, overlapping ones are refused."""
    data = text.encode("utf-8")
    ordered = sorted(set(spans))
    out: list[bytes] = []
    position = 0
    for span in ordered:
        if span.start < position:
            raise ImpossibleRequest(f"two edits overlap at byte {span.start}; the planner cannot combine them")
        out.append(data[position : span.start])
        out.append(span.text.encode("utf-8"))
        position = span.end
    out.append(data[position:])
    return b"".join(out).decode("utf-8")


def line_start(data: bytes, offset: int) -> int:
    return data.rfind(b"\n", 0, offset) + 1


def line_end(data: bytes, offset: int) -> int:
    """The offset just after the newline ending the line that holds `offset`."""
    end = data.find(b"\n", offset)
    return len(data) if end < 0 else end + 1
