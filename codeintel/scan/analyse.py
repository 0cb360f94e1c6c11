"""The analysis stage of a scan: once the graph of a scan is committed, run the analyses over it
(the graph read-only, the files from the folder the scan read, the git history at the scanned
commit) and keep their findings in the metadata store with a record of the run.

Runs in the scanning process (the scan runner's `analyse`), or as a Ray task that
pipeline/analyse.py starts; both call `analyse_scan`. A failure of one analysis is recorded and
costs only its own findings; a failure of the stage as a whole (the graph cannot be opened) is
raised to the caller, which reports it without failing the scan, whose graph is already
complete."""

from __future__ import annotations

import logging
import time
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from pydantic import BaseModel, ConfigDict

from codeintel.analysis.embeddings.store import EmbeddingStore
from codeintel.analysis.inputs import RepositoryInputs
from codeintel.analysis.run import AnalysisReport, build_checks, run_analyses
from codeintel.config import Settings
from codeintel.graph import open_graph_store
from codeintel.scan.embed import EmbeddingSummary, PoolEncode, embed_repository
from codeintel.store import open_metastore
from codeintel.store.records import AnalysisRecord

log = logging.getLogger(__name__)


class AnalysisJob(BaseModel):
    """What the analyses of one completed scan need to find the repository's state."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    repo_id: str
    scan_id: int
    root: str | None
    """The folder the scan read the files from."""
    commit: str | None = None
    is_git: bool = False


def analyse_scan(job: AnalysisJob, settings: Settings, pool: PoolEncode | None = None) -> AnalysisReport:
    """Embed the scan's symbols (when `embeddings.after_scan`; through `pool` when they are many),
    then run every enabled analysis on the scan's graph and store what they found."""
    checks = build_checks(settings.analysis.skip, settings.analysis.options)
    with closing(open_metastore(settings)) as meta:
        file_states = meta.file_states(job.repo_id)
        with closing(open_graph_store(settings.store.graph, settings.graph_path, read_only=True)) as store:
            root = Path(job.root) if job.root else None
            inputs = RepositoryInputs(store, job.repo_id, file_states, root, job.commit, job.is_git)
            embedded, embed_error = _embed(inputs, settings, pool)
            if embedded is not None:  # the semantic clones read this scan's vectors
                inputs.embeddings = EmbeddingStore(settings.embeddings_path)
                inputs.embedding_version = embedded.model
            report = run_analyses(inputs, checks)
            report.embeddings = embedded
            if embed_error:
                report.errors["embeddings"] = embed_error
        if inputs.unreadable:
            first = next(iter(inputs.unreadable.items()))
            report.errors["sources"] = (
                f"{len(inputs.unreadable)} file(s) could not be read again, e.g. {first[0]}: {first[1]}"
            )
        record = AnalysisRecord(
            repo_id=job.repo_id,
            scan_id=job.scan_id,
            finished_at=datetime.now(UTC),
            seconds=report.seconds,
            counts=report.counts,
            errors=report.errors,
            skipped=report.skipped,
        )
        meta.replace_findings(record, report.findings)
    return report


def _embed(
    inputs: RepositoryInputs, settings: Settings, pool: PoolEncode | None
) -> tuple[EmbeddingSummary | None, str | None]:
    """The embedding stage; its failure is reported and costs only the vectors (and so the
    semantic clones and the search over this scan), never the other analyses."""
    if not settings.embeddings.after_scan or "source" not in inputs.available:
        return None, None
    started = time.perf_counter()
    try:
        return embed_repository(inputs, settings, pool), None
    except Exception as exc:  # noqa: BLE001 - the other analyses go on; say why there are no vectors
        log.exception("embedding the symbols of %s failed", inputs.repo_id)
        return None, f"{type(exc).__name__}: {exc}"
    finally:
        inputs.seconds["embed"] = round(time.perf_counter() - started, 3)
