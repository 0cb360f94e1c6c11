"""One resolution phase in a process of its own: how a scan too large for one process is built.

A phase's analysis (and Ladybug's memory for the phase's transaction) is freed by Python and
the database but not returned to the system: the kernel's C phase leaves the builder at 9.5
GiB, and four phases later it is killed at 24 GiB. A process per phase ends with its phase,
so every phase starts from a small process. The builder starts them one after another; each
reads the facts it needs from the builder's FactsSpill (or the facts cache), opens the graph
store, writes and commits its phase, and hands back a PhaseOutcome. The builder holds the
graph store closed meanwhile (Ladybug allows one read-write process per file).

Run as `python -m codeintel.scan.phase_process REQUEST OUTCOME` (pickle files written and read
by `run_phase_process`).
"""

from __future__ import annotations

import logging
import os
import pickle
import signal
import subprocess
import sys
from collections import deque
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from codeintel.config import Settings
from codeintel.graph import open_graph_store
from codeintel.model import FileFacts
from codeintel.resolve.build import GraphBuilder
from codeintel.scan.facts import LazyFacts
from codeintel.scan.jobs import BuildJob
from codeintel.scan.phase import PhaseOutcome, resolve_phase
from codeintel.scan.spill import FactsSpill
from codeintel.store import open_facts_cache

STDERR_LINES_KEPT = 30


class PhaseProcessError(RuntimeError):
    """A phase's process failed; the message says how, with the end of what it wrote."""


@dataclass
class PhaseRequest:
    """Everything a phase's process needs; pickled to a file for it."""

    job: BuildJob
    settings: Settings
    language: str = ""
    spill_path: str = ""
    spill_index: dict[str, tuple[int, int]] | None = None
    failed: dict[str, FileFacts] | None = None
    pending_nodes: list[str] | None = None
    files_per_batch: int = 0
    log_level: int = logging.WARNING


def resolve_requested_phase(request: PhaseRequest) -> PhaseOutcome:
    """The child's work: the phase named by `request`, written and committed in one transaction."""
    job, settings = request.job, request.settings
    refs = {ref.path: ref for ref in job.files}
    with (
        closing(open_facts_cache(settings)) as cache,
        closing(open_graph_store(settings.store.graph, settings.graph_path)) as store,
        FactsSpill(Path(request.spill_path), request.spill_index) as spill,
    ):
        facts = LazyFacts(refs, dict(request.failed or {}), spill, cache, Path(job.root))
        builder = GraphBuilder(job.repo_id, facts)
        phase = next((p for p in builder.phases() if p.language == request.language), None)
        if phase is None:
            raise PhaseProcessError(f"no phase {request.language!r} in this repository")
        builder.schedule_nodes(request.pending_nodes or ())
        with store.writer(job.repo_id) as writer:  # not fresh: the builder cleared the repository
            outcome = resolve_phase(builder, facts, phase, writer, job, request.files_per_batch)
        outcome.deferred = builder.deferred_batch()
        if facts.to_cache:  # cache misses parsed while resolving
            cache.put_many(facts.to_cache)
        outcome.from_cache = set(facts.from_cache)
    return outcome


def run_phase_process(request: PhaseRequest, workdir: Path) -> PhaseOutcome:
    """Start the phase's process, relay its log to this process's stderr, and return its outcome."""
    request_file = workdir / f"phase-{request.language}.request"
    outcome_file = workdir / f"phase-{request.language}.outcome"
    with open(request_file, "wb") as out:
        pickle.dump(request, out, protocol=pickle.HIGHEST_PROTOCOL)
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)  # as this process imports codeintel
    command = [sys.executable, "-m", "codeintel.scan.phase_process", str(request_file), str(outcome_file)]
    tail: deque[str] = deque(maxlen=STDERR_LINES_KEPT)
    try:
        with subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True) as child:
            assert child.stderr is not None
            for line in child.stderr:
                tail.append(line)
                sys.stderr.write(line)
            status = child.wait()
        if status != 0:
            raise PhaseProcessError(f"phase {request.language}: {describe_exit(status)}\n{''.join(tail)}".rstrip())
        with open(outcome_file, "rb") as result:
            return pickle.load(result)
    finally:
        request_file.unlink(missing_ok=True)
        outcome_file.unlink(missing_ok=True)


def describe_exit(status: int) -> str:
    if status < 0:
        name = signal.Signals(-status).name
        hint = " (the kernel's out-of-memory killer, most likely)" if -status == signal.SIGKILL else ""
        return f"its process was killed by {name}{hint}"
    return f"its process exited with status {status}"


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print("usage: python -m codeintel.scan.phase_process REQUEST OUTCOME", file=sys.stderr)
        return 2
    request_file, outcome_file = Path(argv[0]), Path(argv[1])
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(message)s")
    with open(request_file, "rb") as source:
        request: PhaseRequest = pickle.load(source)
    logging.getLogger("codeintel.scan").setLevel(request.log_level)  # as the builder logs
    outcome = resolve_requested_phase(request)
    partial = outcome_file.with_name(outcome_file.name + ".partial")
    with open(partial, "wb") as out:
        pickle.dump(outcome, out, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(outcome_file)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
