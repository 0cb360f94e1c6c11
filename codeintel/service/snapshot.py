"""One repository's graph and metadata as of its latest completed scan. What questions need
(the symbol table, the module graph, the dependents index, function metrics, file states,
findings) is computed once, on first use, and kept while that scan stays the latest: a new scan
makes a new snapshot, so nothing is ever served stale for longer than the scan takes to finish."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from functools import cached_property
from typing import Any

from codeintel.analysis.checks import CHECKS, GRAPH, run_checks
from codeintel.analysis.class_metrics import ClassMetrics, load_class_metrics
from codeintel.analysis.module_graph import ModuleGraph
from codeintel.graph.port import GraphStore
from codeintel.service.dependents import DependentsIndex
from codeintel.service.graph_queries import SymbolTable
from codeintel.service.models import Finding
from codeintel.store.metastore import MetaStore
from codeintel.store.records import FileState

GraphReader = Callable[[], AbstractContextManager[GraphStore]]


class RepositorySnapshot:
    def __init__(self, repo_id: str, scan_id: int, read_graph: GraphReader, meta: MetaStore) -> None:
        self.repo_id = repo_id
        self.scan_id = scan_id
        self._read_graph = read_graph
        self._meta = meta

    @property
    def read_graph(self) -> GraphReader:
        """Opens the graph read-only for one block."""
        return self._read_graph

    @cached_property
    def symbols(self) -> SymbolTable:
        with self._read_graph() as store:
            return SymbolTable.load(store, self.repo_id)

    @cached_property
    def dependents(self) -> DependentsIndex:
        with self._read_graph() as store:
            return DependentsIndex(store.dependency_edges(self.repo_id))

    @cached_property
    def module_graph(self) -> ModuleGraph:
        with self._read_graph() as store:
            return ModuleGraph.load(store, self.repo_id, self.symbols.module_of_file)

    @cached_property
    def function_metrics(self) -> list[Mapping[str, Any]]:
        with self._read_graph() as store:
            return store.named_query("function_metrics", repo=self.repo_id)

    @cached_property
    def file_states(self) -> Mapping[str, FileState]:
        return self._meta.file_states(self.repo_id)

    @cached_property
    def class_metrics(self) -> list[ClassMetrics]:
        with self._read_graph() as store:
            return load_class_metrics(store, self.repo_id)

    @cached_property
    def findings(self) -> list[Finding]:
        """What the analyses stored after this scan; where they did not run (switched off, or a scan
        of an older version), the checks that need only the graph, run now."""
        record = self._meta.analysis_record(self.repo_id)
        if record is not None and record.scan_id == self.scan_id:
            return self._meta.findings(self.repo_id)
        return run_checks(self, [check for check in CHECKS.values() if check.needs <= {GRAPH}])


class SnapshotCache:
    """The most recently used snapshots, keyed by (repository, scan id); thread-safe."""

    def __init__(self, size: int = 8) -> None:
        self.size = size
        self._items: OrderedDict[tuple[str, int], RepositorySnapshot] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, repo_id: str, scan_id: int, make: Callable[[], RepositorySnapshot]) -> RepositorySnapshot:
        key = (repo_id, scan_id)
        with self._lock:
            found = self._items.get(key)
            if found is not None:
                self._items.move_to_end(key)
                return found
            for stale in [k for k in self._items if k[0] == repo_id]:  # an older scan of the same repository
                del self._items[stale]
            made = self._items[key] = make()
            while len(self._items) > self.size:
                self._items.popitem(last=False)
            return made

    def drop(self, repo_id: str) -> None:
        with self._lock:
            for key in [k for k in self._items if k[0] == repo_id]:
                del self._items[key]
