"""The symbols that are embedded, and the text each is embedded from: every function, method and
class of a repository's graph, with its source lines (as the scan read them) as the text.

A symbol's text is its span in the file, from its first line to its last, dedented; a class's
text is its header and body up to `CLASS_LINES` lines (its methods are symbols of their own, so
the class is known by its name, bases, docstring and first members). The encoder truncates a
long text to its first tokens, which hold the signature and docstring that say most.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence

from pydantic import BaseModel, ConfigDict

from codeintel.analysis.clones import SourceText
from codeintel.graph.port import GraphStore

CLASS_LINES = 60
"""Lines of a class's text at most."""

_SYMBOLS = """
MATCH (n:Class:Function) WHERE n.repo = $repo
RETURN n.id AS id, label(n) AS label, n.name AS name, n.qualname AS qualname, n.file AS file,
       n.start_line AS start_line, n.end_line AS end_line,
       CASE WHEN label(n) = 'Function' THEN n.kind ELSE 'class' END AS kind
ORDER BY file, start_line, id
"""


class SymbolInfo(BaseModel):
    """Where a symbol is and what it is: enough to show a search hit and to filter on."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    id: str
    repo: str
    path: str
    language: str
    label: str
    """The graph label: Function or Class."""
    kind: str
    """function, method, class (or the extractor's finer kind: constructor, lambda...)."""
    name: str
    qualname: str
    start_line: int
    end_line: int


class SymbolText(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    symbol: SymbolInfo
    text: str


def span_text(lines: Sequence[str], start_line: int, end_line: int, limit: int | None = None) -> str:
    """Lines `start_line`..`end_line` (1-based, inclusive) of a file, at most `limit` of them, dedented."""
    last = end_line if limit is None else min(end_line, start_line + limit - 1)
    return textwrap.dedent("".join(lines[start_line - 1 : last])).strip("\n")


def symbol_texts(store: GraphStore, repo_id: str, sources: Iterable[SourceText]) -> list[SymbolText]:
    """Every function, method and class of `repo_id` whose file is among `sources`, with its text;
    symbols with no lines (synthetic ones) or an empty text are left out."""
    by_path = {source.path: source for source in sources}
    lines_of: dict[str, list[str]] = {}
    out: list[SymbolText] = []
    for row in store.query(_SYMBOLS, {"repo": repo_id}):
        source = by_path.get(row["file"])
        start, end = row["start_line"] or 0, row["end_line"] or 0
        if source is None or start < 1 or end < start:
            continue
        if source.path not in lines_of:
            lines_of[source.path] = source.text.splitlines(keepends=True)
        text = span_text(lines_of[source.path], start, end, CLASS_LINES if row["label"] == "Class" else None)
        if not text.strip():
            continue
        symbol = SymbolInfo(
            id=row["id"],
            repo=repo_id,
            path=row["file"],
            language=source.language,
            label=row["label"],
            kind=row["kind"] or row["label"].lower(),
            name=row["name"] or "",
            qualname=row["qualname"] or row["name"] or "",
            start_line=start,
            end_line=end,
        )
        out.append(SymbolText(symbol=symbol, text=text))
    return out
