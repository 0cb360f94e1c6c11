"""The code graph: schema, the GraphStore port and its adapters."""

from __future__ import annotations

from pathlib import Path

from codeintel.graph.port import GraphStore, GraphStoreError, ReadOnlyQueryError, SchemaVersionError

GRAPH_STORE_KINDS = ("ladybug",)

__all__ = [
    "GRAPH_STORE_KINDS",
    "GraphStore",
    "GraphStoreError",
    "ReadOnlyQueryError",
    "SchemaVersionError",
    "open_graph_store",
]


def open_graph_store(kind: str, path: Path, read_only: bool = False) -> GraphStore:
    """Open (creating if needed, unless read-only) the graph store of adapter `kind` at `path`.

    The schema is created or checked before the store is returned.
    """
    if kind == "ladybug":
        from codeintel.graph.ladybug_store import LadybugGraphStore

        store = LadybugGraphStore(Path(path), read_only=read_only)
    else:
        raise GraphStoreError(f"unknown graph store {kind!r}; available: {', '.join(GRAPH_STORE_KINDS)}")
    try:
        store.ensure_schema()
    except Exception:
        store.close()
        raise
    return store
