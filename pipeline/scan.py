"""The Ray Data scan pipeline: file refs -> map_batches(parse) on CPU workers -> graph-builder actor.

Parse output travels as encoded FileFacts (one bytes value per file) so a batch is a flat
Arrow table, and the builder actor decodes them; no Ray Data aggregation sits on the hot path.
A file whose facts the cache already holds is not parsed and not sent: the builder loads it
from the cache at `finish`, with the files unchanged since the last scan.
"""

from __future__ import annotations

import math
import time
from contextlib import closing
from pathlib import Path

import ray

from actors.graph_builder import GraphBuilderActor
from codeintel.analysis.run import AnalysisReport
from codeintel.config import Settings
from codeintel.model import FileRef
from codeintel.scan.analyse import AnalysisJob
from codeintel.scan.codec import encode_facts
from codeintel.scan.engine import Progress
from codeintel.scan.jobs import BuildJob, BuildOutcome
from codeintel.scan.parse import parse_or_reuse
from codeintel.store import open_facts_cache
from pipeline.analyse import analyse_on_ray
from pipeline.ray_session import ensure_ray

REF_COLUMNS = ("path", "language", "size", "content_hash")


def parse_batch(batch: dict, root: str, settings: Settings) -> dict[str, list]:
    """A Ray Data batch of file refs -> the same paths with their encoded FileFacts; `reused` marks
    the ones the cache held (their bytes are the cache's, passed on as they are). One cache
    lookup per batch."""
    columns = zip(batch["path"], batch["language"], batch["size"], batch["content_hash"], strict=True)
    refs = [FileRef(path=str(p), language=str(lang), size=int(n), content_hash=str(h)) for p, lang, n, h in columns]
    with closing(open_facts_cache(settings)) as cache:
        results = list(parse_or_reuse(Path(root), refs, cache))
    reused = [isinstance(result, bytes) for result in results]
    return {
        "path": [ref.path for ref in refs],
        "facts": [result if hit else encode_facts(result) for result, hit in zip(results, reused, strict=True)],
        "reused": reused,
    }


def batch_size_for(files: int, workers: int, largest: int) -> int:
    """Big batches, but at least four per worker so the last one does not leave cores idle."""
    return max(1, min(largest, math.ceil(files / (4 * max(1, workers)))))


class RayScanRunner:
    uses_ray = True

    def analyse(self, job: AnalysisJob, settings: Settings) -> AnalysisReport:
        return analyse_on_ray(job, settings)

    def run(self, job: BuildJob, to_parse: list[FileRef], settings: Settings, progress: Progress) -> BuildOutcome:
        ensure_ray(settings)
        started = time.perf_counter()
        builder = GraphBuilderActor.remote(job, settings)
        try:
            if to_parse:
                workers = settings.pipeline.parse_concurrency or int(ray.available_resources().get("CPU", 1)) or 1
                items = [ref.model_dump(include=set(REF_COLUMNS)) for ref in to_parse]
                size = batch_size_for(len(items), workers, settings.pipeline.batch_size)
                dataset = ray.data.from_items(items, override_num_blocks=math.ceil(len(items) / size)).map_batches(
                    parse_batch,
                    fn_kwargs={"root": job.root, "settings": settings},
                    batch_size=size,
                    compute=ray.data.TaskPoolStrategy(size=workers),
                    batch_format="numpy",
                )
                pending, done = [], 0
                for batch in dataset.iter_batches(batch_size=None, batch_format="numpy"):
                    rows = list(zip(batch["path"], batch["facts"], batch["reused"], strict=True))
                    parsed = [bytes(facts) for _, facts, reused in rows if not reused]
                    reused = {str(path): bytes(facts) for path, facts, hit in rows if hit}
                    if parsed:
                        pending.append(builder.add_encoded.remote(parsed))
                    if reused:
                        pending.append(builder.add_reused.remote(reused))
                    done += len(rows)
                    progress("parse", done, len(to_parse))
                ray.get(pending)
            parse_seconds = time.perf_counter() - started
            outcome = ray.get(builder.finish.remote())
            outcome.seconds["parse"] = parse_seconds
            return outcome
        finally:
            ray.kill(builder)
