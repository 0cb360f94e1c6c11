"""Gather a repository's FileFacts, resolve them and write the graph: the graph builder's job.

Runs in-process for small scans and inside the graph-builder Ray actor for large ones; the
two paths share this class, which is why they give identical graphs. It is the only writer
of the graph store during a scan (Ladybug allows one read-write process at a time).
"""

from __future__ import annotations

import gc
import logging
import resource
import time
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
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

_log = logging.getLogger(__name__)


def memory_in_use() -> str:
    """This process's resident memory now and at its peak (for the log of a large scan)."""
    try:
        with open("/proc/self/statm") as statm:
            resident = int(statm.read().split()[1]) * resource.getpagesize()
    except OSError:
        resident = 0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    return f"{resident / 2**30:.2f} GiB, peak {peak / 2**30:.2f} GiB"


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
    """Every file's facts by path, decoded only when resolution reads them, and dropped again
    (`evict`) once a phase is done with them.

    A file's facts come from the bytes the parse workers sent (kept compressed, about a tenth
    of the decoded size), else from the facts cache; a cache miss is parsed on the spot, so
    nothing is ever lost to an evicted or deleted cache. An incremental scan re-resolves a
    handful of files and reads the facts of the modules they touch, not the whole repository.
    """

    def __init__(
        self, refs: dict[str, FileRef], loaded: dict[str, FileFacts], encoded: dict[str, bytes], cache, root: Path
    ) -> None:
        self._refs = refs
        self.loaded = loaded
        self._encoded = encoded
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

    def evict(self, paths: Iterable[str]) -> None:
        """Drop decoded facts that can be decoded again from the bytes kept for them."""
        for path in paths:
            if path in self._encoded:
                self.loaded.pop(path, None)

    def preload(self, paths: Iterable[str]) -> None:
        """Load many at once (one cache round trip); identical files share one cache entry."""
        wanted = [p for p in paths if p not in self.loaded]
        for path in wanted:
            data = self._encoded.get(path)
            if data is not None:
                self.loaded[path] = _cached_facts(data, self._refs[path]) or parse_file(self._root, self._refs[path])
        missing = [self._refs[p] for p in wanted if p not in self.loaded]
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
                    encoded = encode_facts(facts)
                    self.to_cache[key] = encoded
                    self._encoded[ref.path] = encoded  # so an evicted file decodes instead of parsing again
            else:
                self.from_cache.add(ref.path)
                self._encoded[ref.path] = data
            self.loaded[ref.path] = facts


class RepositoryBuild:
    """Collects facts for one scan (`add`...), then resolves and writes the graph (`finish`).

    A changed file the parse step found in the cache comes in by `add_reused` (in-process) or
    not at all (Ray): `finish` then loads it from the cache with the unchanged files. Facts
    that arrive encoded (from parse workers, or the cache) stay encoded until a phase reads them.
    """

    def __init__(self, job: BuildJob, settings: Settings) -> None:
        self.job = job
        self.settings = settings
        self.facts: dict[str, FileFacts] = {}
        self._encoded: dict[str, bytes] = {}
        self._to_cache: dict[str, bytes] = {}
        self._from_cache: set[str] = set()
        self.seconds: Counter = Counter()

    def add(self, facts: Iterable[FileFacts]) -> None:
        for item in facts:
            self.facts[item.path] = item
            if item.error is None:
                self._to_cache[cache_key(item.content_hash, item.language)] = encode_facts(item)

    def add_encoded(self, encoded: Iterable[bytes]) -> None:
        """Facts as parse workers send them: kept as they are (compressed) for the cache and for
        the phase that reads them; only the path and whether extraction failed are read now."""
        for data in encoded:
            facts = decode_facts(data)
            if facts.error is None:
                self._encoded[facts.path] = data
                self._to_cache[cache_key(facts.content_hash, facts.language)] = data
            else:
                self.facts[facts.path] = facts  # a retry may succeed: neither cached nor re-decodable

    def add_reused(self, ref: FileRef, data: bytes) -> None:
        """The cache's entry for `ref` (see parse_or_reuse): kept, not written back; an entry
        that cannot be read is parsed now instead."""
        if _cached_facts(data, ref) is None:
            self.add([parse_file(Path(self.job.root), ref)])
        else:
            self._from_cache.add(ref.path)
            self._encoded[ref.path] = data

    def finish(self) -> BuildOutcome:
        job = self.job
        refs = {ref.path: ref for ref in job.files}
        changed, deleted = set(job.changed), set(job.deleted)
        files_per_batch = self.settings.pipeline.graph_batch_files
        fingerprints: dict[str, str] = {}
        edge_files: set[str] = set()
        stats: Counter = Counter()
        results: dict[str, FileResult] = {}
        cache = open_facts_cache(self.settings)
        store = open_graph_store(self.settings.store.graph, self.settings.graph_path)
        try:
            if self._to_cache:  # first: what was parsed is kept even if resolution or the write fails
                cache.put_many(self._to_cache)
                self._to_cache = {}
            _log.info("resolving %d files; memory now %s", len(refs), memory_in_use())
            facts = LazyFacts(refs, self.facts, self._encoded, cache, Path(job.root))
            builder = GraphBuilder(job.repo_id, facts)
            with store.writer(job.repo_id, fresh=job.fresh) as writer:
                if job.fresh:
                    repository = GraphBatch()
                    repository.add_node("Repository", self._repository_row())
                    writer.write(repository)
                else:
                    writer.delete_files(sorted(changed | deleted))
                    writer.delete_edges_of_files(sorted(deleted))
                builder.schedule_nodes(refs if job.fresh else changed)
                for phase in builder.phases():
                    phase_started = time.perf_counter()
                    phase_edges = self._write_phase(builder, facts, phase, writer, fingerprints, files_per_batch)
                    edge_files |= phase_edges
                    stats += builder.stats(phase)
                    for path in phase.paths:  # every file the phase read: fingerprints may change anywhere
                        item = facts[path]
                        results[path] = FileResult(
                            lines=item.lines,
                            syntax_errors=item.syntax_errors,
                            error=item.error,
                            fingerprint=fingerprints.get(path),
                        )
                    started = time.perf_counter()
                    builder.release(phase)
                    facts.evict(phase.paths)
                    gc.collect()  # what the phase left in reference cycles, before the next one allocates
                    self.seconds["resolve"] += time.perf_counter() - started
                    _log.info(
                        "phase %s: %d files in %.1f s; memory now %s",
                        phase.language,
                        len(phase.paths),
                        time.perf_counter() - phase_started,
                        memory_in_use(),
                    )
                started = time.perf_counter()
                writer.write(builder.deferred_batch())  # edges across phases, now that every node is written
                self.seconds["write"] += time.perf_counter() - started
            self._from_cache |= facts.from_cache
            if facts.to_cache:  # cache misses parsed while resolving
                cache.put_many(facts.to_cache)
            if not job.fresh and job.commit is not None:
                store.set_repository_commit(job.repo_id, job.commit)
            counts = store.counts(job.repo_id)
            kinds = {row["kind"]: row["n"] for row in store.named_query("definition_kinds", repo=job.repo_id)}
        finally:
            store.close()
            cache.close()
        return self._outcome(results, stats, edge_files, counts, kinds)

    def _write_phase(self, builder, facts: LazyFacts, phase, writer, fingerprints: dict, files_per_batch: int) -> set:
        """Solve one phase, then write its nodes and edges in batches; returns its edge files."""
        job = self.job
        changed = set(job.changed)
        started = time.perf_counter()
        with gc_paused():
            facts.preload(phase.paths)  # resolution is whole-program within the phase
            self.seconds["load_facts"] += time.perf_counter() - started
            started = time.perf_counter()
            builder.solve(phase)
            phase_fingerprints = builder.fingerprints(phase.paths)
            fingerprints.update(phase_fingerprints)
            if job.fresh:
                node_files = edge_files = set(phase.paths)
            else:
                node_files = changed.intersection(phase.paths)
                edge_files = node_files | {
                    p for p, f in phase_fingerprints.items() if job.prior_fingerprints.get(p) != f
                }
                edge_files |= builder.files_linked_to(changed, within=phase.paths)
                writer.delete_edges_of_files(sorted(edge_files - node_files))
            batches = builder.batches(node_files, edge_files, files_per_batch)
            while True:
                batch = next(batches, None)
                self.seconds["resolve"] += time.perf_counter() - started
                if batch is None:
                    break
                started = time.perf_counter()
                writer.write(batch)
                self.seconds["write"] += time.perf_counter() - started
                started = time.perf_counter()
        return edge_files

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

    def _outcome(
        self, results: dict[str, FileResult], stats: Counter, edge_files: set[str], counts: dict, kinds: dict
    ) -> BuildOutcome:
        """Per-file results for the files this scan read; unchanged files keep their stored state."""
        labels = {"Repository", "File", "Module", "Class", "Function", "External"}
        return BuildOutcome(
            files=results,
            reresolved=sorted(edge_files - set(self.job.changed)),
            definitions=kinds,
            resolution=dict(stats),
            nodes_by_label={k: v for k, v in counts.items() if k in labels},
            edges_by_type={k: v for k, v in counts.items() if k not in labels},
            seconds={k: round(v, 3) for k, v in self.seconds.items()},
            files_from_cache=len(self._from_cache.intersection(self.job.changed)),
        )
