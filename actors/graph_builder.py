"""The graph-builder actor: one per repository scan, the only writer of the graph store.

It holds the scan's FileFacts as parse batches arrive, then resolves and writes in bulk. It
asks for no CPU while it waits (`num_cpus=0`) so that every core parses.
"""

from __future__ import annotations

import ray

from codeintel.config import Settings
from codeintel.scan.build import BuildJob, BuildOutcome, RepositoryBuild


@ray.remote(num_cpus=0, max_restarts=0)
class GraphBuilderActor:
    def __init__(self, job: BuildJob, settings: Settings) -> None:
        self._build = RepositoryBuild(job, settings)

    def add_encoded(self, encoded: list[bytes]) -> int:
        self._build.add_encoded(encoded)
        return len(encoded)

    def finish(self) -> BuildOutcome:
        return self._build.finish()
