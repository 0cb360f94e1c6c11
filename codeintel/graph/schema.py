"""The code graph's schema: node labels, edge types, their columns, and how ids are made.

Declared once here so that every GraphStore adapter creates the same tables and the
resolver produces rows that fit them. Every node and edge carries `repo` and `file`
(the repository-relative path of the file whose scan produced it; '' for nodes that
belong to no single file, such as Repository and External) so that one file's
subgraph can be replaced on an incremental scan.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ColumnType = Literal["STRING", "INT64", "BOOLEAN", "STRING[]"]

COMMON_COLUMNS: dict[str, ColumnType] = {"id": "STRING", "repo": "STRING", "file": "STRING"}

NODE_COLUMNS: dict[str, dict[str, ColumnType]] = {
    "Repository": {"name": "STRING", "location": "STRING", "commit": "STRING"},
    "File": {
        "path": "STRING",
        "language": "STRING",
        "content_hash": "STRING",
        "lines": "INT64",
        "size": "INT64",
        "syntax_errors": "INT64",
    },
    "Module": {"name": "STRING", "docstring": "STRING"},
    "Class": {
        "name": "STRING",
        "qualname": "STRING",
        "kind": "STRING",
        "start_line": "INT64",
        "end_line": "INT64",
        "decorators": "STRING[]",
        "docstring": "STRING",
    },
    "Function": {
        "name": "STRING",
        "qualname": "STRING",
        "kind": "STRING",
        "parent": "STRING",
        "start_line": "INT64",
        "end_line": "INT64",
        "signature": "STRING",
        "decorators": "STRING[]",
        "docstring": "STRING",
        "is_async": "BOOLEAN",
        "lines": "INT64",
        "cyclomatic": "INT64",
        "parameters": "INT64",
        "max_nesting": "INT64",
        "cognitive": "INT64",
    },
    # kind: builtin | stdlib | third_party | unresolved
    "External": {"name": "STRING", "kind": "STRING"},
}
"""Columns per node label, besides COMMON_COLUMNS. `qualname` is the fully qualified dotted name."""

CODE_NODES = ("Module", "Class", "Function")

EDGE_PAIRS: dict[str, tuple[tuple[str, str], ...]] = {
    "CONTAINS": (("Repository", "File"), ("File", "Module")),
    "DEFINES": (
        ("Module", "Class"),
        ("Module", "Function"),
        ("Class", "Class"),
        ("Class", "Function"),
        ("Function", "Class"),
        ("Function", "Function"),
    ),
    "IMPORTS": (
        ("Module", "Module"),
        ("Module", "Class"),
        ("Module", "Function"),
        ("Module", "External"),
    ),
    "CALLS": tuple((s, d) for s in CODE_NODES for d in ("Class", "Function", "External")),
    "INHERITS": (("Class", "Class"), ("Class", "External")),
}
"""The (from, to) label pairs each edge type allows."""

EDGE_COLUMNS: dict[str, dict[str, ColumnType]] = {
    "CONTAINS": {},
    "DEFINES": {},
    "IMPORTS": {"line": "INT64", "alias": "STRING"},
    "CALLS": {"line": "INT64", "col": "INT64"},
    "INHERITS": {"position": "INT64"},
}
"""Columns per edge type, besides `repo` and `file`."""


@dataclass(slots=True)
class EdgeRow:
    type: str
    src_label: str
    src: str
    dst_label: str
    dst: str
    repo: str
    file: str
    props: dict[str, object] = field(default_factory=dict)


@dataclass(slots=True)
class GraphBatch:
    """Rows to write: node dicts per label (each with id, repo, file and the label's columns) and edges."""

    nodes: dict[str, list[dict[str, object]]] = field(default_factory=dict)
    edges: list[EdgeRow] = field(default_factory=list)

    def add_node(self, label: str, row: dict[str, object]) -> None:
        self.nodes.setdefault(label, []).append(row)

    def extend(self, other: GraphBatch) -> None:
        for label, rows in other.nodes.items():
            self.nodes.setdefault(label, []).extend(rows)
        self.edges.extend(other.edges)


# ---- ids: deterministic from (repository, file, name) so a rescan reproduces them ----


def repository_id(name: str) -> str:
    return name


def file_id(repo: str, path: str) -> str:
    return f"{repo}:{path}"


def module_id(repo: str, path: str) -> str:
    return f"{repo}:{path}:<module>"


def definition_id(repo: str, path: str, qualname: str) -> str:
    return f"{repo}:{path}:{qualname}"


def external_id(repo: str, name: str) -> str:
    return f"{repo}::{name}"
