"""Gather a repository's FileFacts, resolve them and write the graph: the graph builder's job.

Runs in-process for small scans and inside the graph-builder Ray actor for large ones; the
two paths share this class, which is why they give identical graphs. It is the only writer
of the graph store during a scan (Ladybug allows one read-write process at a time).

A scan is resolved one phase (one analysis) at a time. Up to `pipeline.phase_process_files`
files, every phase runs here inside one transaction: a failed scan leaves the previous graph
as it was. A larger scan runs each phase in a process of its own that commits it
(`codeintel.scan.phase_process`), because the memory a phase leaves behind is not returned
to the system; a scan that fails part way then leaves a partial graph, and the scan record
says it failed, so the next scan of the repository is a full one.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import time
from collections import Counter
from collections.abc import Iterable
from contextlib import closing
from pathlib import Path

from codeintel.config import Settings
from codeintel.graph import open_graph_store
from codeintel.graph.port import GraphRowWriter, GraphStore
from codeintel.graph.schema import GraphBatch, repository_id
from codeintel.model import FileFacts, FileRef
from codeintel.resolve.build import GraphBuilder, Phase
from codeintel.scan.codec import cache_key, decode_facts, encode_facts
from codeintel.scan.facts import LazyFacts, cached_facts
from codeintel.scan.jobs import BuildJob, BuildOutcome, FileResult
from codeintel.scan.parse import parse_file
from codeintel.scan.phase import PhaseOutcome, memory_in_use, resolve_phase
from codeintel.scan.phase_process import PhaseRequest, run_phase_process
from codeintel.scan.spill import FactsSpill
from codeintel.store import open_facts_cache

_log = logging.getLogger(__name__)


class RepositoryBuild:
    """Collects facts for one scan (`add`...), then resolves and writes the graph (`finish`).

    A changed file the parse step found in the cache comes in by `add_reused` (in-process) or
    not at all (Ray): `finish` then loads it from the cache with the unchanged files. Facts
    that arrive encoded (from parse workers, or the cache) stay encoded until a phase reads
    them; a scan resolved in phase processes keeps them in a FactsSpill file those read.
    """

    def __init__(self, job: BuildJob, settings: Settings) -> None:
        self.job = job
        self.settings = settings
        self.facts: dict[str, FileFacts] = {}
        self._to_cache: dict[str, bytes] = {}
        self._from_cache: set[str] = set()
        self.seconds: Counter = Counter()
        self._workdir: Path | None = None
        self._spill: FactsSpill | None = None
        self._encoded: dict[str, bytes] | FactsSpill = {}
        if len(job.files) >= settings.pipeline.phase_process_files:
            self._workdir = Path(tempfile.mkdtemp(prefix="codeintel-build-"))
            self._spill = self._encoded = FactsSpill(self._workdir / "facts.spill")

    def add(self, facts: Iterable[FileFacts]) -> None:
        for item in facts:
            if item.error is not None:
                self.facts[item.path] = item
                continue
            encoded = encode_facts(item)
            self._to_cache[cache_key(item.content_hash, item.language)] = encoded
            if self._spill is None:
                self.facts[item.path] = item
            else:
                self._spill[item.path] = encoded

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
        if cached_facts(data, ref) is None:
            self.add([parse_file(Path(self.job.root), ref)])
        else:
            self._from_cache.add(ref.path)
            self._encoded[ref.path] = data

    def finish(self) -> BuildOutcome:
        job = self.job
        refs = {ref.path: ref for ref in job.files}
        cache = open_facts_cache(self.settings)
        try:
            if self._to_cache:  # first: what was parsed is kept even if resolution or the write fails
                cache.put_many(self._to_cache)
                self._to_cache = {}
            _log.info("resolving %d files; memory now %s", len(refs), memory_in_use())
            facts = LazyFacts(refs, self.facts, self._encoded, cache, Path(job.root))
            builder = GraphBuilder(job.repo_id, facts)
            node_paths = set(refs) if job.fresh else set(job.changed)
            if self._spill is None:
                outcomes, counts, kinds = self._resolve_here(builder, facts, node_paths)
            else:
                outcomes, counts, kinds = self._resolve_in_processes(builder.phases(), node_paths)
            self._from_cache |= facts.from_cache
            if facts.to_cache:  # cache misses parsed while resolving
                cache.put_many(facts.to_cache)
        finally:
            cache.close()
            if self._spill is not None:
                self._spill.close()
            if self._workdir is not None:
                shutil.rmtree(self._workdir, ignore_errors=True)
        return self._outcome(outcomes, counts, kinds)

    def _resolve_here(
        self, builder: GraphBuilder, facts: LazyFacts, node_paths: set[str]
    ) -> tuple[list[PhaseOutcome], dict, dict]:
        """Every phase in this process, in one transaction."""
        job = self.job
        with closing(self._graph_store()) as store:
            with store.writer(job.repo_id, fresh=job.fresh) as writer:
                self._clear(writer)
                builder.schedule_nodes(node_paths)
                outcomes = [
                    resolve_phase(builder, facts, phase, writer, job, self.settings.pipeline.graph_batch_files)
                    for phase in builder.phases()
                ]
                self._write_timed(writer, builder.deferred_batch())  # edges across phases, now every node is in
            counts, kinds = self._conclude(store)
        return outcomes, counts, kinds

    def _resolve_in_processes(self, phases: list[Phase], node_paths: set[str]) -> tuple[list[PhaseOutcome], dict, dict]:
        """Each phase in a process of its own, one after another, each committing its rows."""
        job = self.job
        assert self._spill is not None and self._workdir is not None
        with closing(self._graph_store()) as store, store.writer(job.repo_id, fresh=job.fresh) as writer:
            self._clear(writer)
        pending = set(node_paths)
        outcomes = []
        for phase in phases:
            request = PhaseRequest(
                job=job,
                settings=self.settings,
                language=phase.language,
                spill_path=str(self._spill.path),
                spill_index=self._spill.index,
                failed=self.facts,
                pending_nodes=sorted(pending),
                files_per_batch=self.settings.pipeline.graph_batch_files,
                log_level=logging.getLogger("codeintel.scan").getEffectiveLevel(),
            )
            outcomes.append(run_phase_process(request, self._workdir))
            pending.difference_update(phase.paths)
            _log.info("phase %s done in its own process; builder memory now %s", phase.language, memory_in_use())
        with closing(self._graph_store()) as store:
            with store.writer(job.repo_id) as writer:
                for outcome in outcomes:
                    self._write_timed(writer, outcome.deferred)
            counts, kinds = self._conclude(store)
        return outcomes, counts, kinds

    def _graph_store(self) -> GraphStore:
        return open_graph_store(self.settings.store.graph, self.settings.graph_path)

    def _clear(self, writer: GraphRowWriter) -> None:
        """A full scan starts with the Repository node (the writer removed the old graph); an
        incremental one removes the nodes of changed and deleted files and the edges of deleted ones."""
        job = self.job
        if job.fresh:
            repository = GraphBatch()
            repository.add_node("Repository", self._repository_row())
            writer.write(repository)
        else:
            writer.delete_files(sorted(set(job.changed) | set(job.deleted)))
            writer.delete_edges_of_files(sorted(job.deleted))

    def _write_timed(self, writer: GraphRowWriter, batch: GraphBatch) -> None:
        started = time.perf_counter()
        writer.write(batch)
        self.seconds["write"] += time.perf_counter() - started

    def _conclude(self, store: GraphStore) -> tuple[dict, dict]:
        """Record the commit an incremental scan brought the graph to; count what the graph holds."""
        job = self.job
        if not job.fresh and job.commit is not None:
            store.set_repository_commit(job.repo_id, job.commit)
        kinds = {row["kind"]: row["n"] for row in store.named_query("definition_kinds", repo=job.repo_id)}
        return store.counts(job.repo_id), kinds

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

    def _outcome(self, outcomes: list[PhaseOutcome], counts: dict, kinds: dict) -> BuildOutcome:
        """Per-file results for the files this scan read; unchanged files keep their stored state."""
        results: dict[str, FileResult] = {}
        stats: Counter = Counter()
        edge_files: set[str] = set()
        for outcome in outcomes:
            results.update(outcome.results)
            stats += outcome.stats
            edge_files |= outcome.edge_files
            self.seconds += outcome.seconds
            self._from_cache |= outcome.from_cache
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
