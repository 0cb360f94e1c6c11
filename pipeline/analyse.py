"""The analysis stage of a Ray scan as a Ray task: it reads the committed graph, the checkout and
the git history where the scan's workers read the files, and stores the findings itself, so a
large repository's analyses run on a worker of the cluster rather than in the driver. Its
embedding stage sends many texts to the pool of embedder actors (pipeline/embed.py)."""

from __future__ import annotations

import ray

from codeintel.analysis.run import AnalysisReport
from codeintel.config import Settings
from codeintel.scan.analyse import AnalysisJob, analyse_scan
from pipeline.embed import encode_on_ray
from pipeline.ray_session import ensure_ray


@ray.remote(num_cpus=1, max_retries=1)
def _analyse_task(job: AnalysisJob, settings: Settings) -> AnalysisReport:
    return analyse_scan(job, settings, pool=encode_on_ray)


def analyse_on_ray(job: AnalysisJob, settings: Settings) -> AnalysisReport:
    """Run `analyse_scan` as one Ray task and wait for its report (a task that fails raises here)."""
    ensure_ray(settings)
    return ray.get(_analyse_task.remote(job, settings))
