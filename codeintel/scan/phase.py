"""Resolve one phase of a repository build and write its rows: the unit of work of a build.

The same function runs for every phase inside one transaction (`RepositoryBuild` of a small
or medium scan) and for one phase in a process of its own (`codeintel.scan.phase_process`, a
scan too large for one process), which is why both give the same graph.
"""

from __future__ import annotations

import gc
import logging
import resource
import time
from collections import Counter
from dataclasses import dataclass, field

from codeintel.graph.port import GraphRowWriter
from codeintel.graph.schema import GraphBatch
from codeintel.resolve.build import GraphBuilder, Phase
from codeintel.resolve.memory import gc_paused
from codeintel.scan.facts import LazyFacts
from codeintel.scan.jobs import BuildJob, FileResult

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


@dataclass
class PhaseOutcome:
    """What one phase gave: per-file results and fingerprints, the files whose edges it wrote,
    its resolution counts and seconds, and the edges it held back for nodes of later phases."""

    language: str
    results: dict[str, FileResult] = field(default_factory=dict)
    fingerprints: dict[str, str] = field(default_factory=dict)
    edge_files: set[str] = field(default_factory=set)
    stats: Counter = field(default_factory=Counter)
    seconds: Counter = field(default_factory=Counter)
    deferred: GraphBatch = field(default_factory=GraphBatch)
    from_cache: set[str] = field(default_factory=set)


def resolve_phase(
    builder: GraphBuilder,
    facts: LazyFacts,
    phase: Phase,
    writer: GraphRowWriter,
    job: BuildJob,
    files_per_batch: int,
) -> PhaseOutcome:
    """Solve `phase`, write its nodes and edges in batches of files, then free what it held."""
    phase_started = time.perf_counter()
    outcome = PhaseOutcome(phase.language)
    seconds = outcome.seconds
    changed = set(job.changed)
    started = time.perf_counter()
    with gc_paused():
        facts.preload(phase.paths)  # resolution is whole-program within the phase
        seconds["load_facts"] += time.perf_counter() - started
        started = time.perf_counter()
        builder.solve(phase)
        outcome.fingerprints = builder.fingerprints(phase.paths)
        if job.fresh:
            node_files = edge_files = set(phase.paths)
        else:
            node_files = changed.intersection(phase.paths)
            edge_files = node_files | {p for p, f in outcome.fingerprints.items() if job.prior_fingerprints.get(p) != f}
            edge_files |= builder.files_linked_to(changed, within=phase.paths)
            writer.delete_edges_of_files(sorted(edge_files - node_files))
        outcome.edge_files = edge_files
        batches = builder.batches(node_files, edge_files, files_per_batch)
        while True:
            batch = next(batches, None)
            seconds["resolve"] += time.perf_counter() - started
            if batch is None:
                break
            started = time.perf_counter()
            writer.write(batch)
            seconds["write"] += time.perf_counter() - started
            started = time.perf_counter()
    outcome.stats = builder.stats(phase)
    for path in phase.paths:  # every file the phase read: fingerprints may change anywhere
        item = facts[path]
        outcome.results[path] = FileResult(
            lines=item.lines,
            syntax_errors=item.syntax_errors,
            error=item.error,
            fingerprint=outcome.fingerprints.get(path),
        )
    started = time.perf_counter()
    builder.release(phase)
    facts.evict(phase.paths)
    gc.collect()  # what the phase left in reference cycles, before the next one allocates
    seconds["resolve"] += time.perf_counter() - started
    _log.info(
        "phase %s: %d files in %.1f s; memory now %s",
        phase.language,
        len(phase.paths),
        time.perf_counter() - phase_started,
        memory_in_use(),
    )
    return outcome
