"""The graph-builder actor: one per repository scan, the only writer of the graph store.

It holds the scan's FileFacts as parse batches arrive, then resolves and writes in bulk. It
asks for no CPU while it waits (`num_cpus=0`) so that every core parses. Its progress (each
resolution phase, with the memory it holds) goes to the actor's log.
"""

from __future__ import annotations

import logging

import ray

from codeintel.config import Settings
from codeintel.scan.build import RepositoryBuild
from codeintel.scan.jobs import BuildJob, BuildOutcome


@ray.remote(num_cpus=0, max_restarts=0)
class GraphBuilderActor:
    def __init__(self, job: BuildJob, settings: Settings) -> None:
        logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(message)s")
        logging.getLogger("codeintel.scan").setLevel(logging.INFO)
        self._build = RepositoryBuild(job, settings)
        self._refs = {ref.path: ref for ref in job.files}

    def add_encoded(self, encoded: list[bytes]) -> int:
        self._build.add_encoded(encoded)
        return len(encoded)

    def add_reused(self, encoded_by_path: dict[str, bytes]) -> int:
        """Facts the parse workers found in the cache, as the cache holds them (not written back)."""
        refs = self._refs
        for path, data in encoded_by_path.items():
            self._build.add_reused(refs[path], data)
        return len(encoded_by_path)

    def finish(self) -> BuildOutcome:
        return self._build.finish()
