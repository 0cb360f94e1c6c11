"""Gather a repository's FileFacts, resolve them and write the graph: the graph builder's job.

Runs in-process for small scans and inside the graph-builder Ray actor for large ones; the
two paths share this class, which is why they give identical graphs. It is the only writer
of the graph store during a scan (Ladybug allows one read-write process at a time).
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from contextlib import closing
from pathlib import Path

from pydantic import BaseModel, Field

from codeintel.config import Settings
from codeintel.graph import open_graph_store
from codeintel.graph.schema import GraphBatch, repository_id
from codeintel.model import FileFacts, FileRef
from codeintel.resolve.build import GraphBuilder
from codeintel.resolve.memory import gc_paused
from codeintel.scan.codec import cache_key, decode_facts, encode_facts
from codeintel.scan.parse import parse_file
from codeintel.store import open_facts_cache


class BuildJob(BaseModel):
    """What the builder needs to know about one scan; crosses into the Ray actor."""

    repo_id: str
    repo_name: str
    location: str
    commit: str | None = None
    root: str
    fresh: bool
    files: list[FileRef]
    changed: list[str] = Field(description="paths that are new or whose content changed; their facts are sent in")
    deleted: list[str] = Field(default_factory=list)
    prior_fingerprints: dict[str, str] = Field(
        default_factory=dict, description="each file's resolution fingerprint from the previous scan"
    )


class FileResult(BaseModel):
    lines: int
    syntax_errors: int
    error: str | None = None
    fingerprint: str | None = Field(None, description="digest of the file's resolved edges in this scan")


class BuildOutcome(BaseModel):
    files: dict[str, FileResult]
    reresolved: list[str]
    definitions: dict[str, int]
    resolution: dict[str, int]
    nodes_by_label: dict[str, int]
    edges_by_type: dict[str, int]
    seconds: dict[str, float]
    files_from_cache: int = Field(
        0, description="changed files not parsed: the cache held their content (seen before, in any repository)"
    )


def _cached_facts(data: bytes, ref: FileRef) -> FileFacts | None:
    """The facts of a cache entry, for the file `ref`; None for an entry that cannot be read
    (corrupt, or written by other code): it counts as a miss."""
    try:
        facts = decode_facts(data)
    except Exception:  # noqa: BLE001 - whatever is wrong with the entry, parsing again fixes it
        return None
    if facts.path != ref.path:  # the same bytes seen at another path: only the path differs
        facts = facts.model_copy(update={"path": ref.path})
    return facts


class LazyFacts(Mapping[str, FileFacts]):
    """Every file's facts by path, loaded from the cache only when resolution reads them.

    An incremental scan re-resolves a handful of files; it should read the facts of the
    modules those files touch, not of the whole repository. A cache miss is parsed on the
    spot, so nothing is ever lost to an evicted or deleted cache.
    """

    def __init__(self, refs: dict[str, FileRef], loaded: dict[str, FileFacts], cache, root: Path) -> None:
        self._refs = refs
        self.loaded = loaded
        self._cache = cache
        self._root = root
        self.to_cache: dict[str, bytes] = {}
        self.from_cache: set[str] = set()

    def __getitem__(self, path: str) -> FileFacts:
        facts = self.loaded.get(path)
        if facts is None:
            self.preload([path])
            facts = self.loaded[path]
        return facts

    def __iter__(self) -> Iterator[str]:
        return iter(self._refs)

    def __len__(self) -> int:
        return len(self._refs)

    def language_of(self, path: str) -> str:
        return self._refs[path].language

    def preload(self, paths: Iterable[str]) -> None:
        """Load many at once (one cache round trip); identical files share one cache entry."""
        missing = [self._refs[p] for p in paths if p not in self.loaded]
        if not missing:
            return
        keys = [cache_key(ref.content_hash, ref.language) for ref in missing]
        found = self._cache.get_many(sorted(set(keys)))
        for key, ref in zip(keys, missing, strict=True):
            data = found.get(key)
            facts = _cached_facts(data, ref) if data is not None else None
            if facts is None:  # not cached, or an entry this code cannot read: parse again
                facts = parse_file(self._root, ref)
                if facts.error is None:
                    self.to_cache[cache_key(facts.content_hash, facts.language)] = encode_facts(facts)
            else:
                self.from_cache.add(ref.path)
            self.loaded[ref.path] = facts


class RepositoryBuild:
    """Collects facts for one scan (`add`...), then resolves and writes the graph (`finish`).

    A changed file the parse step found in the cache comes in by `add_reused` (in-process) or
    not at all (Ray): `finish` then loads it from the cache with the unchanged files.
    """

    def __init__(self, job: BuildJob, settings: Settings) -> None:
        self.job = job
        self.settings = settings
        self.facts: dict[str, FileFacts] = {}
        self._to_cache: dict[str, bytes] = {}
        self._from_cache: set[str] = set()
        self.seconds: Counter = Counter()

    def add(self, facts: Iterable[FileFacts]) -> None:
        for item in facts:
            self._keep(item, None if item.error else encode_facts(item))

    def add_encoded(self, encoded: Iterable[bytes]) -> None:
        """Facts as parse workers send them; the bytes go to the cache as they are, not re-encoded."""
        for data in encoded:
            self._keep(decode_facts(data), data)

    def add_reused(self, ref: FileRef, data: bytes) -> None:
        """The cache's entry for `ref` (see parse_or_reuse): kept, not written back; an entry
        that cannot be read is parsed now instead."""
        facts = _cached_facts(data, ref)
        if facts is None:
            self.add([parse_file(Path(self.job.root), ref)])
        else:
            self._from_cache.add(ref.path)
            self._keep(facts, None)

    def _keep(self, item: FileFacts, encoded: bytes | None) -> None:
        """Hold the facts for this scan; cache their bytes, if given, unless extraction failed (a retry may succeed)."""
        self.facts[item.path] = item
        if item.error is None and encoded is not None:
            self._to_cache[cache_key(item.content_hash, item.language)] = encoded

    def finish(self) -> BuildOutcome:
        job = self.job
        cache = open_facts_cache(self.settings)
        try:
            started = time.perf_counter()
            refs = {ref.path: ref for ref in job.files}
            facts = LazyFacts(refs, self.facts, cache, Path(job.root))
            changed = set(job.changed)
            facts.preload(refs)  # resolution is whole-program; a cache miss is parsed here
            self.seconds["load_facts"] += time.perf_counter() - started

            started = time.perf_counter()
            with gc_paused(), closing(GraphBuilder(job.repo_id, facts)) as builder:
                fingerprints = builder.fingerprints()
                if job.fresh:
                    node_files = edge_files = set(refs)
                else:
                    node_files = changed
                    edge_files = changed | {p for p, f in fingerprints.items() if job.prior_fingerprints.get(p) != f}
                    edge_files |= builder.files_linked_to(changed)
                result = builder.build(node_files, edge_files)
            del builder  # released: reference counting frees the analysis now
            result.fingerprints = fingerprints
            if job.fresh:
                result.batch.add_node("Repository", self._repository_row())
            self.seconds["resolve"] += time.perf_counter() - started
            self._to_cache.update(facts.to_cache)
            self._from_cache |= facts.from_cache
            if self._to_cache:
                cache.put_many(self._to_cache)
        finally:
            cache.close()

        started = time.perf_counter()
        store = open_graph_store(self.settings.store.graph, self.settings.graph_path)
        try:
            self._write(store, result.batch, node_files, edge_files)
            counts = store.counts(job.repo_id)
            kinds = {row["kind"]: row["n"] for row in store.named_query("definition_kinds", repo=job.repo_id)}
        finally:
            store.close()
        self.seconds["write"] += time.perf_counter() - started
        return self._outcome(result, edge_files, counts, kinds)

    def _repository_row(self) -> dict[str, object]:
        job = self.job
        return {
            "id": repository_id(job.repo_id),
            "repo": job.repo_id,
            "file": "",
            "name": job.repo_name,
            "location": job.location,
            "commit": job.commit,
        }

    def _write(self, store, batch: GraphBatch, node_files: set[str], edge_files: set[str]) -> None:
        job = self.job
        if job.fresh:
            store.write(job.repo_id, batch, fresh=True)
            return
        store.write(
            job.repo_id,
            batch,
            replace_files=sorted(node_files | set(job.deleted)),
            replace_edges_of_files=sorted(edge_files | set(job.deleted)),
        )
        if job.commit is not None:
            store.set_repository_commit(job.repo_id, job.commit)

    def _outcome(self, result, edge_files: set[str], counts: dict[str, int], kinds: dict[str, int]) -> BuildOutcome:
        """Per-file results for the files this scan read; unchanged files keep their stored state."""
        files = {
            path: FileResult(
                lines=facts.lines,
                syntax_errors=facts.syntax_errors,
                error=facts.error,
                fingerprint=result.fingerprints.get(path),
            )
            for path, facts in self.facts.items()
        }
        labels = {"Repository", "File", "Module", "Class", "Function", "External"}
        return BuildOutcome(
            files=files,
            reresolved=sorted(edge_files - set(self.job.changed)),
            definitions=kinds,
            resolution=dict(result.stats),
            nodes_by_label={k: v for k, v in counts.items() if k in labels},
            edges_by_type={k: v for k, v in counts.items() if k not in labels},
            seconds=dict(self.seconds),
            files_from_cache=len(self._from_cache.intersection(self.job.changed)),
        )
