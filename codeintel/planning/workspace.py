"""The repository a plan is computed on: its graph as of the latest completed scan, and its files.

Every file an operation reads is checked against the content hash the scan recorded, and a git
repository's HEAD against the scanned commit: an edit computed from a graph that no longer
describes the text would land in the wrong place, so the planner refuses (StaleGraph) rather
than guess.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from functools import cached_property
from pathlib import Path, PurePosixPath
from typing import Any

from codeintel.analysis.findings import Finding
from codeintel.analysis.module_graph import ModuleGraph
from codeintel.graph.port import GraphStore
from codeintel.ingest import GitError
from codeintel.ingest.hashing import content_hash
from codeintel.ingest.source import head_commit, show_prefix
from codeintel.planning.model import StaleGraph, UnknownTarget
from codeintel.service.dependents import DependentsIndex
from codeintel.service.graph_queries import SymbolTable
from codeintel.service.models import Symbol
from codeintel.store.records import FileState

GraphReader = Callable[[], AbstractContextManager[GraphStore]]


class Workspace:
    """One repository as its latest scan saw it. Built by the service from a RepositorySnapshot;
    operations read symbols, findings and the module graph from it, run named graph queries, and
    read files through `source`, which refuses a file that changed since the scan."""

    def __init__(
        self,
        *,
        repo_id: str,
        scan_id: int,
        root: Path,
        commit: str | None,
        symbols: SymbolTable,
        file_states: Mapping[str, FileState],
        read_graph: GraphReader,
        findings: Callable[[], list[Finding]],
        module_graph: Callable[[], ModuleGraph],
        dependents: Callable[[], DependentsIndex],
    ) -> None:
        self.repo_id = repo_id
        self.scan_id = scan_id
        self.root = root
        self.commit = commit
        self.symbols = symbols
        self.file_states = file_states
        self._read_graph = read_graph
        self._findings = findings
        self._module_graph = module_graph
        self._dependents = dependents
        self._sources: dict[str, str] = {}

    # ---- the graph

    def query(self, name: str, **params: Any) -> list[dict[str, Any]]:
        """One of the graph store's named queries over this repository."""
        with self._read_graph() as store:
            return store.named_query(name, repo=self.repo_id, **params)

    @cached_property
    def findings(self) -> list[Finding]:
        return self._findings()

    @cached_property
    def module_graph(self) -> ModuleGraph:
        return self._module_graph()

    @cached_property
    def dependents(self) -> DependentsIndex:
        """Callers, subclasses, importers and definitions in memory, for impact walks."""
        return self._dependents()

    def finding(self, finding_id: str) -> Finding:
        for finding in self.findings:
            if finding.id == finding_id:
                return finding
        raise UnknownTarget(f"no finding {finding_id!r} in the latest analysis of {self.repo_id}")

    def symbol(self, name: str, labels: tuple[str, ...] = ("Class", "Function")) -> Symbol:
        """The one class or function `name` designates (qualified name, id or unique suffix)."""
        from codeintel.service.errors import InvalidRequest, NotFound

        try:
            return self.symbols.resolve(name, labels)
        except NotFound as exc:
            raise UnknownTarget(exc.message) from exc
        except InvalidRequest as exc:
            raise UnknownTarget(exc.message) from exc

    # ---- modules and files

    @cached_property
    def file_of_module(self) -> dict[str, str]:
        return {module: file for file, module in self.symbols.module_of_file.items()}

    def module_of(self, path: str) -> str:
        module = self.symbols.module_of_file.get(path)
        if module is None:
            raise UnknownTarget(f"no module is defined by {path!r} in {self.repo_id}")
        return module

    def language_of(self, path: str) -> str | None:
        state = self.file_states.get(path)
        return state.language if state is not None else None

    def exists(self, path: str) -> bool:
        return path in self.file_states or (self.root / path).exists()

    def source(self, path: str) -> str:
        """The text of a file the scan parsed, refusing one that changed since (StaleGraph)."""
        cached = self._sources.get(path)
        if cached is not None:
            return cached
        safe = PurePosixPath(path)
        if safe.is_absolute() or ".." in safe.parts:
            raise UnknownTarget(f"{path!r} is not a path inside the repository")
        state = self.file_states.get(path)
        if state is None or state.content_hash is None:
            raise UnknownTarget(f"{path!r} is not a file the scan of {self.repo_id} parsed")
        try:
            data = (self.root / path).read_bytes()
        except OSError as exc:
            raise StaleGraph(f"{path} cannot be read any more ({exc.strerror}); rescan the repository") from exc
        if content_hash(data) != state.content_hash:
            raise StaleGraph(f"{path} changed since scan {self.scan_id}; rescan the repository, then plan again")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UnknownTarget(f"{path} is not UTF-8 text; the planner edits UTF-8 files only") from exc
        self._sources[path] = text
        return text

    @cached_property
    def git_prefix(self) -> str:
        """The scanned folder's path inside its git repository ('' at the top or outside git):
        patch paths carry it, so `git apply` takes the patch from anywhere in the repository."""
        try:
            return show_prefix(self.root)
        except (GitError, OSError):
            return ""

    def check_head(self) -> None:
        """Refuse when the repository's HEAD is not the commit the graph was built from."""
        head = current_commit(self.root)
        if self.commit is not None and head is not None and head != self.commit:
            raise StaleGraph(
                f"{self.repo_id} was scanned at commit {self.commit[:12]} but is now at {head[:12]}; "
                "rescan the repository, then plan again"
            )


def current_commit(root: Path) -> str | None:
    """HEAD of the git repository at `root`; None outside git or before the first commit."""
    try:
        return head_commit(root)
    except OSError:  # the folder is gone
        return None
