"""What every tree-sitter extractor does the same way: line counts, captures in source order,
syntax-error counts, node text and spans, nesting depths, and the facts of a file whose
extraction failed."""

from __future__ import annotations

from collections.abc import Iterable
from importlib import resources
from operator import attrgetter

import tree_sitter

from codeintel.model import FileFacts, Span

_start_byte = attrgetter("start_byte")


def count_lines(source: bytes) -> int:
    """Lines as an editor shows them: a final line without a newline still counts."""
    if not source:
        return 0
    return source.count(b"\n") + (0 if source.endswith(b"\n") else 1)


def sorted_captures(query: tree_sitter.Query, root: tree_sitter.Node, max_depth: int) -> dict[str, list]:
    """captures() groups nodes by capture name, but not in source order: sort each list (a
    stable sort, so nodes that start at the same byte keep a deterministic order)."""
    cursor = tree_sitter.QueryCursor(query)
    cursor.set_max_start_depth(max_depth)
    captures = cursor.captures(root)
    for nodes in captures.values():
        nodes.sort(key=_start_byte)
    return captures


def count_syntax_errors(error_query: tree_sitter.Query, root: tree_sitter.Node) -> int:
    """ERROR and MISSING nodes, as the language's error query captures them (`@error`, `@missing`)."""
    if not root.has_error:
        return 0
    found = tree_sitter.QueryCursor(error_query).captures(root)
    return len(found.get("error", ())) + len(found.get("missing", ()))


MAX_PIECE = 200
"""Characters of source kept where a fact quotes an expression (`short`)."""


class SourceReader:
    """What every extractor reads off its nodes the same way: their text, a shortened
    one-line text, and their span. Subclasses set `source` (the file's bytes)."""

    source: bytes

    def text(self, node: tree_sitter.Node | None) -> str:
        if node is None:
            return ""
        return self.source[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def short(self, node: tree_sitter.Node) -> str:
        """The node's text on one line, cut at MAX_PIECE characters of source."""
        start, end = node.start_byte, node.end_byte
        if end - start <= MAX_PIECE:
            return " ".join(self.text(node).split())
        return " ".join(self.source[start : start + MAX_PIECE].decode("utf-8", "replace").split()) + "..."

    def span(self, node: tree_sitter.Node) -> Span:
        (start_line, start_col), (end_line, end_col) = node.start_point, node.end_point
        return Span(start_line + 1, start_col, end_line + 1, end_col)


def max_nesting(scoped_blocks: Iterable[tuple[int, tree_sitter.Node]]) -> dict[int, int]:
    """Deepest nesting of control blocks per scope. `scoped_blocks` come in source order, each
    with the scope (definition index) it belongs to; a block nests inside the earlier blocks of
    its scope that are still open where it starts."""
    deepest: dict[int, int] = {}
    open_ends: dict[int, list[int]] = {}
    for scope, node in scoped_blocks:
        ends = open_ends.setdefault(scope, [])
        start = node.start_byte
        while ends and ends[-1] <= start:
            ends.pop()
        ends.append(node.end_byte)
        if len(ends) > deepest.get(scope, 0):
            deepest[scope] = len(ends)
    return deepest


def failed_extraction(
    source: bytes, path: str, content_hash: str, language: str, version: str, exc: Exception
) -> FileFacts:
    """The facts of a file whose extraction raised: its lines and the error, so one bad file
    never stops a scan."""
    return FileFacts(
        path=path,
        language=language,
        content_hash=content_hash,
        extractor_version=version,
        lines=count_lines(source) if isinstance(source, bytes | bytearray) else 0,
        error=f"extraction failed: {type(exc).__name__}: {exc}",
    )


class Grammar:
    """A language's parser, its extraction query (the package's query files joined) and its error
    query, built once per process on first use. Parsers are not thread-safe; extraction runs one
    file at a time per process, as in the scan pipeline."""

    def __init__(self, language: tree_sitter.Language, package: str, query_files: tuple[str, ...], error_file: str):
        self.language = language
        self.parser = tree_sitter.Parser(language)
        self.query = tree_sitter.Query(language, "\n".join(_read_query(package, name) for name in query_files))
        self.error_query = tree_sitter.Query(language, _read_query(package, error_file))


def _read_query(package: str, name: str) -> str:
    return resources.files(package).joinpath(name).read_text(encoding="utf-8")
