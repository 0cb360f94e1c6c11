"""The GraphStore port: what the engine needs from a graph database.

The level is "replace this file's subgraph, load these rows, run this named query", not
shared Cypher strings: the fast write paths differ per database (COPY from Arrow for the
embedded store, UNWIND batches over Bolt for Neo4j), so each adapter owns its Cypher.
One contract suite (tests/unit/test_graph_store_contract.py) runs against every adapter.
"""

from __future__ import annotations

from collections.abc import Collection
from contextlib import AbstractContextManager
from typing import Any, Protocol, runtime_checkable

from codeintel.graph.schema import GraphBatch

NodeTuple = tuple[str, str, tuple[tuple[str, Any], ...]]
"""(label, id, sorted (property, value) pairs without id); list values become tuples."""

EdgeTuple = tuple[str, str, str, tuple[tuple[str, Any], ...]]
"""(type, source id, destination id, sorted (property, value) pairs)."""


class GraphStoreError(RuntimeError):
    """A graph store could not do what was asked (bad schema version, unknown query...)."""


class SchemaVersionError(GraphStoreError):
    """The store on disk was written with another schema than this code declares."""


class ReadOnlyQueryError(GraphStoreError):
    """A query given to `GraphStore.query` would write, or is not one single read statement."""


@runtime_checkable
class GraphRowWriter(Protocol):
    def delete_files(self, files: Collection[str]) -> None: ...

    def delete_edges_of_files(self, files: Collection[str]) -> None: ...

    def write(self, batch: GraphBatch) -> None: ...


class GraphStore(Protocol):
    """A code graph laid out as codeintel.graph.schema declares, partitioned by repository."""

    def ensure_schema(self) -> None:
        """Create the tables if absent (idempotent); refuse a store made with another schema."""
        ...

    def write(
        self,
        repo: str,
        batch: GraphBatch,
        *,
        replace_files: Collection[str] = (),
        replace_edges_of_files: Collection[str] = (),
        fresh: bool = False,
    ) -> None:
        """Apply one scan's rows for `repo` atomically.

        fresh: the repository's previous data, if any, is dropped and `batch` bulk-loaded.
        Otherwise: nodes of `replace_files` are deleted with every edge touching them, edges
        produced by `replace_edges_of_files` are deleted, then `batch` is inserted. Nodes that
        belong to no single file (Repository, External) are upserted; every other node in the
        batch must be new after the deletes. External nodes left without incoming edges are
        pruned, so an incremental write ends equal to a fresh write of the same final state.
        """
        ...

    def writer(self, repo: str, *, fresh: bool = False) -> AbstractContextManager[GraphRowWriter]:
        """A transaction that takes one scan's rows in several batches (`write` is one batch).

        fresh: the repository's previous data is dropped first. Otherwise the caller deletes
        what it replaces (`delete_files`, `delete_edges_of_files`) before writing the new rows
        of those files. Each batch's edges may end at nodes of this or an earlier batch. On
        leaving the block, External nodes without incoming edges are pruned and the
        transaction commits; an exception rolls every batch back.
        """
        ...

    def set_repository_commit(self, repo: str, commit: str | None) -> None:
        """Record the commit the repository's graph now reflects (on its Repository node)."""
        ...

    def delete_repository(self, repo: str) -> None: ...

    def counts(self, repo: str) -> dict[str, int]:
        """Nodes per label and edges per type for `repo` (every label and type, zeros included)."""
        ...

    def dump(self, repo: str) -> tuple[set[NodeTuple], set[EdgeTuple]]:
        """Every node and edge of `repo` as comparable tuples (for tests and diffs)."""
        ...

    def dependency_edges(self, repo: str) -> list[tuple[str, str, str]]:
        """Every CALLS, INHERITS, IMPORTS and DEFINES edge of `repo` as (type, source id, target id):
        the whole dependency structure in one read, for traversals done in memory (a plan's blast
        radius reaches tens of thousands of symbols, one query per level is too slow for that)."""
        ...

    def query(
        self, cypher: str, params: dict[str, Any] | None = None, *, procedures: bool = True
    ) -> list[dict[str, Any]]:
        """Run one read-only Cypher statement; rows keyed by the RETURN column names.

        Raises ReadOnlyQueryError for anything that could write, and with `procedures=False` for
        any procedure call. Node and relationship values
        come back as plain dicts of their properties plus `_label`.
        """
        ...

    def named_query(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """Run one of the adapter's canned queries (see the adapter's NAMED_QUERIES)."""
        ...

    def close(self) -> None: ...
