"""What the analyses read about one repository as of a completed scan: the graph's function and
class metrics and module imports, the file states, (where the checkout is at hand) the source
text and the git history, and (where the embedding stage stored them) the functions' vectors.
Each input is computed once, when a check first reads it, and the time it took is kept in
`seconds` (as `input.<name>`), so a report can say where the time went."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from codeintel.analysis.class_metrics import ClassMetrics, load_class_metrics
from codeintel.analysis.clones import SourceText
from codeintel.analysis.embeddings.store import EmbeddingStore, text_hash
from codeintel.analysis.embeddings.symbols import symbol_texts
from codeintel.analysis.history import History, HistoryConfig, mine_history
from codeintel.analysis.module_graph import ModuleGraph
from codeintel.analysis.semantic_clones import FunctionVectors
from codeintel.graph.port import GraphStore
from codeintel.store.records import FileState

T = TypeVar("T")

EMBEDDINGS = "embeddings"
"""In `available` when the repository has a stored embedding set at the model version given."""

_MODULE_FILES = """
MATCH (m:Module) WHERE m.repo = $repo
RETURN m.file AS file, m.name AS name
"""


class RepositoryInputs:
    """AnalysisInputs over an open graph store. `root` is the folder the scan read the files from
    (None when it is not at hand: the source-based analyses are then skipped); `is_git` says
    whether it has history to mine at `commit`; `embeddings` and `embedding_version` say where
    the embedding stage kept the symbols' vectors and under which model version (both needed
    for the semantic clones; without them the clone check finds the static clones only)."""

    def __init__(
        self,
        store: GraphStore,
        repo_id: str,
        file_states: Mapping[str, FileState],
        root: Path | None = None,
        commit: str | None = None,
        is_git: bool = False,
        embeddings: EmbeddingStore | None = None,
        embedding_version: str | None = None,
    ) -> None:
        self.store = store
        self.repo_id = repo_id
        self.file_states = file_states
        self.root = root
        self.commit = commit
        self.is_git = is_git
        self.embeddings = embeddings
        self.embedding_version = embedding_version
        self.seconds: dict[str, float] = {}
        self._histories: dict[HistoryConfig, History] = {}
        self.unreadable: dict[str, str] = {}
        """Files that could not be read again for the source-based analyses, with why."""

    @property
    def available(self) -> frozenset[str]:
        """What this repository state offers: the graph always; source and history when at hand;
        embeddings when a set is stored for the repository at `embedding_version`."""
        offered = {"graph"}
        if self.root is not None and self.root.is_dir():
            offered.add("source")
            if self.is_git and self.commit:
                offered.add("history")
        if self._embedding_set() is not None:
            offered.add(EMBEDDINGS)
        return frozenset(offered)

    def _embedding_set(self) -> tuple[EmbeddingStore, str] | None:
        """The store and version of the repository's stored embedding set, None when there is none."""
        if self.embeddings is None or not self.embedding_version:
            return None
        if not self.embeddings.path(self.repo_id, self.embedding_version).exists():
            return None
        return self.embeddings, self.embedding_version

    def _timed(self, name: str, compute: Callable[[], T]) -> T:
        started = time.perf_counter()
        try:
            return compute()
        finally:
            self.seconds[f"input.{name}"] = round(time.perf_counter() - started, 3)

    @cached_property
    def function_metrics(self) -> Sequence[Mapping[str, Any]]:
        return self._timed("function_metrics", lambda: self.store.named_query("function_metrics", repo=self.repo_id))

    @cached_property
    def class_metrics(self) -> Sequence[ClassMetrics]:
        return self._timed("class_metrics", lambda: load_class_metrics(self.store, self.repo_id))

    @cached_property
    def module_graph(self) -> ModuleGraph:
        def load() -> ModuleGraph:
            rows = self.store.query(_MODULE_FILES, {"repo": self.repo_id})
            return ModuleGraph.load(self.store, self.repo_id, {r["file"]: r["name"] for r in rows if r["file"]})

        return self._timed("module_graph", load)

    def history(self, config: HistoryConfig) -> History:
        """The git history at the scanned commit, as `config` bounds it; mined once per config."""
        if config not in self._histories:
            if self.root is None or not self.is_git:
                raise ValueError("the repository has no git history at hand")
            self._histories[config] = self._timed("history", lambda: mine_history(self.root, self.commit, config))
        return self._histories[config]

    @cached_property
    def function_vectors(self) -> FunctionVectors:
        """The functions and methods (not classes) of `symbol_texts` over the graph and `sources`,
        each with the vector stored under its id at `embedding_version`; a symbol without one,
        or whose vector was made from another text (its hash differs: a stale set), is left out.
        Empty when no set is stored."""

        def load() -> FunctionVectors:
            found = self._embedding_set()
            if found is None:
                return FunctionVectors.empty()
            store, version = found
            stored = store.load(self.repo_id, version, 0)
            row_of = {symbol_id: row for row, symbol_id in enumerate(stored.ids)}
            functions, rows = [], []
            for item in symbol_texts(self.store, self.repo_id, self.sources):
                row = row_of.get(item.symbol.id)
                if item.symbol.label == "Function" and row is not None and stored.hashes[row] == text_hash(item.text):
                    functions.append(item)
                    rows.append(row)
            return FunctionVectors(functions, stored.vectors[rows])

        return self._timed("function_vectors", load)

    @cached_property
    def sources(self) -> Sequence[SourceText]:
        """Every parsed file's text (decoded as UTF-8, undecodable bytes replaced)."""
        return self._timed("sources", lambda: list(self._read_sources()))

    def _read_sources(self) -> Iterator[SourceText]:
        if self.root is None:
            return
        root = self.root.resolve()
        for path, state in sorted(self.file_states.items()):
            if state.status != "parsed" or not state.language:
                continue
            target = (root / path).resolve()
            if not target.is_relative_to(root):  # the listing refused such paths; never follow one out
                self.unreadable[path] = "outside the repository"
                continue
            try:
                data = target.read_bytes()
            except OSError as exc:
                self.unreadable[path] = f"{type(exc).__name__}: {exc.strerror or exc}"
                continue
            yield SourceText(path, state.language, data.decode("utf-8", errors="replace"))
