"""The fast path of a rename: files whose every mention of the name the graph already explains.

Parsing a file and resolving its scopes costs tens of milliseconds for a large module; a rename
of a function called from hundreds of files cannot afford that for each. Most of those files
mention the name only where the graph has already looked: at calls it resolved to the symbol
(CALLS edges carry the line and column where the call starts) and in the import statements it
recorded (IMPORTS edges carry their line). When a byte search finds no other mention of the old
name and none at all of the new one (so nothing can collide or be captured), the file's edits
are those places, each checked against the text; the import statement alone is parsed with
`ast`. Any other mention (a non-call use, a comment, a string, a shadowing definition) sends
the file to the full analysis of `references` and `rename_scopes`.
"""

from __future__ import annotations

import ast
import re
from functools import cache

from codeintel.planning.python.references import Span

_MAX_IMPORT_LINES = 60


def mentions(data: bytes, name: str) -> bool:
    encoded = name.encode()
    return encoded in data and _word(name).search(data) is not None  # `in` first: a plain search is far faster


def positions(lines: list[bytes], name: str) -> set[tuple[int, int]]:
    """(line, byte column) of every whole-word mention of `name`."""
    pattern, encoded = _word(name), name.encode()
    return {
        (number, found.start())
        for number, line in enumerate(lines, 1)
        if encoded in line
        for found in pattern.finditer(line)
    }


def callee_span(lines: list[bytes], line: int, col: int, name: str) -> Span | None:
    """The called name of a call starting at (line, col): `name(` or `a.b.name(` on that line."""
    if not 0 < line <= len(lines):
        return None
    found = _callee(name).match(lines[line - 1], col)
    if found is None:
        return None
    return Span(line, found.start(1), found.end(1))


def import_at(lines: list[bytes], line: int) -> tuple[ast.Import | ast.ImportFrom, int] | None:
    """The import statement starting on `line`, parsed alone, and its indentation in bytes;
    None when what starts there is not an import statement that parses alone."""
    if not 0 < line <= len(lines):
        return None
    first = lines[line - 1]
    indent = len(first) - len(first.lstrip(b" \t"))
    chunk = first[indent:]
    for extra in range(_MAX_IMPORT_LINES):
        try:
            tree = ast.parse(chunk)
        except SyntaxError:
            if line + extra >= len(lines):
                return None
            chunk += lines[line + extra]
            continue
        statement = tree.body[0] if tree.body else None
        if isinstance(statement, ast.Import | ast.ImportFrom):
            return statement, indent
        return None
    return None


def alias_span(alias: ast.alias, line: int, indent: int, name: str) -> Span:
    """The imported name of `alias` in the file, from its position in the statement parsed alone."""
    start = alias.col_offset + (indent if alias.lineno == 1 else 0)
    return Span(line + alias.lineno - 1, start, start + len(name.encode()))


@cache
def _word(name: str) -> re.Pattern[bytes]:
    return re.compile(rb"(?<![\w])" + re.escape(name.encode()) + rb"(?![\w])")


@cache
def _callee(name: str) -> re.Pattern[bytes]:
    return re.compile(rb"(?:[A-Za-z_]\w*\s*\.\s*)*(" + re.escape(name.encode()) + rb")\s*\(")
