"""The scan driver: resolve the source, list and filter files, decide what changed, run the
parse-and-build step (in-process or on Ray), and keep the books in the metadata store.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections import Counter
from collections.abc import Callable
from contextlib import closing
from pathlib import Path
from typing import Protocol

from codeintel.analysis.run import AnalysisReport
from codeintel.config import Settings
from codeintel.events.bus import EventBus, open_event_bus
from codeintel.events.models import (
    AnalysisCompleted,
    EmbeddingsUpdated,
    Event,
    FilesParsed,
    GraphUpdated,
    RepositoryRegistered,
    ScanCompleted,
    ScanFailed,
    ScanStarted,
)
from codeintel.ingest import Listing, list_files, resolve_source
from codeintel.languages import EXTRACTORS
from codeintel.model import FileRef, ScanSummary
from codeintel.scan.analyse import AnalysisJob, analyse_scan
from codeintel.scan.build import RepositoryBuild
from codeintel.scan.jobs import BuildJob, BuildOutcome
from codeintel.scan.parse import parse_or_reuse
from codeintel.store import MetaStore, open_facts_cache, open_metastore
from codeintel.store.records import FileState

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
"""progress(stage, done, total): called as files are parsed."""


def _no_progress(stage: str, done: int, total: int) -> None:
    return None


class ScanRunner(Protocol):
    """Parses `to_parse` and runs the graph build for one job: in-process or on Ray."""

    uses_ray: bool

    def run(self, job: BuildJob, to_parse: list[FileRef], settings: Settings, progress: Progress) -> BuildOutcome: ...

    def analyse(self, job: AnalysisJob, settings: Settings) -> AnalysisReport:
        """The analysis stage after the graph is committed (scan/analyse.py: analyse_scan)."""
        ...


class InProcessRunner:
    """Parses in this process, in batches of settings.pipeline.batch_size (one cache lookup each)."""

    uses_ray = False

    def analyse(self, job: AnalysisJob, settings: Settings) -> AnalysisReport:
        return analyse_scan(job, settings)

    def run(self, job: BuildJob, to_parse: list[FileRef], settings: Settings, progress: Progress) -> BuildOutcome:
        started = time.perf_counter()
        build = RepositoryBuild(job, settings)
        root = Path(job.root)
        done = 0
        with closing(open_facts_cache(settings)) as cache:
            size = max(1, settings.pipeline.batch_size)
            for batch in (to_parse[start : start + size] for start in range(0, len(to_parse), size)):
                for ref, result in zip(batch, parse_or_reuse(root, batch, cache), strict=True):
                    if isinstance(result, bytes):
                        build.add_reused(ref, result)
                    else:
                        build.add([result])
                    done += 1
                    progress("parse", done, len(to_parse))
        parse_seconds = time.perf_counter() - started
        outcome = build.finish()
        outcome.seconds["parse"] = parse_seconds
        return outcome


class RecordedProgress:
    """Wraps a progress callback so that the scan's progress also reaches the metadata store
    (`update_scan_progress`), where the API shows it: at the start and end of each stage and at
    most every `every` seconds in between. Best effort: a store that fails costs the record,
    never the scan."""

    def __init__(
        self,
        inner: Progress,
        meta: MetaStore,
        scan_id: int,
        every: float = 0.5,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.inner = inner
        self.meta = meta
        self.scan_id = scan_id
        self.every = every
        self.clock = clock
        self._stage: str | None = None
        self._recorded_at = float("-inf")
        self._failed = False

    def __call__(self, stage: str, done: int, total: int) -> None:
        self.inner(stage, done, total)
        if stage != self._stage or done >= total or self.clock() - self._recorded_at >= self.every:
            self.record(stage, done, total)

    def record(self, stage: str, done: int, total: int) -> None:
        """Write this progress now (without calling the wrapped callback)."""
        self._stage = stage
        self._recorded_at = self.clock()
        if self._failed:
            return
        try:
            self.meta.update_scan_progress(self.scan_id, stage, done, total)
        except Exception as exc:  # noqa: BLE001 - progress is best effort; the scan goes on
            self._failed = True
            log.warning("could not record the progress of scan %s: %s", self.scan_id, exc)


def repository_id_for(name: str, location: str) -> str:
    """Readable and stable: the repository's name plus a short hash of where it lives."""
    return f"{name}-{hashlib.sha1(location.encode()).hexdigest()[:8]}"


class ScanEngine:
    """Runs scans with one settings object; `ray_runner` is supplied by `pipeline/` when Ray may be used.

    Each scan publishes its events (repository.registered, scan.started, files.parsed,
    graph.updated, scan.completed or scan.failed) on `events`, or on the bus the settings name
    when none is given. Publishing is best effort: a bus that is down costs the events, never
    the scan.
    """

    def __init__(
        self,
        settings: Settings,
        ray_runner: Callable[[], ScanRunner] | None = None,
        events: EventBus | None = None,
    ) -> None:
        self.settings = settings
        self.ray_runner = ray_runner
        self.events = events

    def scan(
        self,
        location: str,
        ref: str | None = None,
        *,
        full: bool = False,
        use_ray: bool | None = None,
        progress: Progress = _no_progress,
    ) -> ScanSummary:
        bus = self.events if self.events is not None else open_event_bus(self.settings)
        started: dict[str, object] = {}  # repo_id and scan_id once known, for scan.failed
        try:
            return self._scan(location, ref, full, use_ray, progress, _Publisher(bus), started)
        except BaseException as exc:
            _Publisher(bus)(
                ScanFailed(location=location, error=f"{type(exc).__name__}: {exc}", **started)  # type: ignore[arg-type]
            )
            raise
        finally:
            if self.events is None:
                bus.close()

    def _scan(self, location, ref, full, use_ray, progress, publish: _Publisher, started: dict) -> ScanSummary:
        settings = self.settings
        meta = open_metastore(settings)  # first: a store that cannot be reached leaves data_dir untouched
        try:
            settings.data_dir.mkdir(parents=True, exist_ok=True)
            seconds: dict[str, float] = {}
            clock = time.perf_counter()
            source = resolve_source(location, ref, settings.checkouts_path)
            listing = list_files(source, settings.ingest, set(EXTRACTORS))
            seconds["list"] = time.perf_counter() - clock
            repo_id = repository_id_for(source.name, source.location)

            known = meta.get_repository(repo_id) is not None
            meta.upsert_repository(repo_id, source.name, source.location, source.commit)
            started["repo_id"] = repo_id
            if not known:
                publish(RepositoryRegistered(repo_id=repo_id, name=source.name, location=source.location))
            previous = meta.latest_scan(repo_id)
            fresh = full or previous is None or previous.status != "completed" or not settings.graph_path.exists()
            prior = {} if fresh else meta.file_states(repo_id)
            job, to_parse = self._plan(repo_id, source, listing, prior, fresh)
            runner = self._runner(use_ray, len(to_parse))
            mode = "full" if fresh else "incremental"
            scan_id = meta.start_scan(repo_id, mode, ref, source.commit)
            started["scan_id"] = scan_id
            publish(ScanStarted(repo_id=repo_id, scan_id=scan_id, mode=mode, ref=ref, commit=source.commit))
            recorded = RecordedProgress(progress, meta, scan_id)
            recorded.record("parse", 0, len(to_parse))
            try:
                outcome = runner.run(job, to_parse, settings, recorded)
                file_states = self._file_states(listing, prior, outcome)
                meta.replace_file_states(repo_id, file_states, self._gone(listing, prior))
            except BaseException as exc:
                meta.finish_scan(scan_id, "failed", {}, {}, error=f"{type(exc).__name__}: {exc}")
                raise
            seconds.update({k: round(v, 3) for k, v in outcome.seconds.items()})
            seconds["total"] = round(time.perf_counter() - clock, 3)
            summary = self._summary(
                repo_id, scan_id, source, listing, job, outcome, file_states, runner.uses_ray, seconds
            )
            meta.finish_scan(scan_id, "completed", summary.model_dump(include=_COUNT_FIELDS), seconds)
        finally:
            meta.close()
        publish(
            FilesParsed(
                repo_id=repo_id,
                scan_id=scan_id,
                parsed=summary.files_parsed - summary.files_from_cache,
                reused=summary.files_reused + summary.files_from_cache,
                failed=len(summary.files_failed),
            )
        )
        publish(
            GraphUpdated(
                repo_id=repo_id,
                scan_id=scan_id,
                nodes_by_label=summary.nodes_by_label,
                edges_by_type=summary.edges_by_type,
                files_reresolved=summary.files_reresolved,
            )
        )
        publish(
            ScanCompleted(
                repo_id=repo_id, scan_id=scan_id, mode=mode, files_parsed=summary.files_parsed, seconds=seconds
            )
        )
        if settings.analysis.after_scan:  # the graph is committed and the scan announced: analyse it
            job = AnalysisJob(
                repo_id=repo_id, scan_id=scan_id, root=str(listing.root), commit=source.commit, is_git=source.is_git
            )
            self._analyse(runner, job, summary, publish)
        return summary

    def _analyse(self, runner: ScanRunner, job: AnalysisJob, summary: ScanSummary, publish: _Publisher) -> None:
        """Run the analysis stage; its failure is reported in the summary, never fails the scan."""
        started = time.perf_counter()
        analyse = getattr(runner, "analyse", None) or InProcessRunner().analyse
        try:
            report = analyse(job, self.settings)
        except Exception as exc:  # noqa: BLE001 - the scan's graph is complete; say why there are no findings
            log.exception("the analyses of scan %s failed", job.scan_id)
            summary.analysis_errors = {"analysis": f"{type(exc).__name__}: {exc}"}
            return
        finally:
            summary.seconds["analyse"] = round(time.perf_counter() - started, 3)
        summary.findings = report.counts
        summary.analysis_errors = report.errors
        summary.embeddings = report.embeddings
        if report.embeddings is not None:
            publish(
                EmbeddingsUpdated(
                    repo_id=job.repo_id,
                    scan_id=job.scan_id,
                    model=report.embeddings.model,
                    symbols=report.embeddings.symbols,
                    computed=report.embeddings.computed,
                )
            )
        publish(
            AnalysisCompleted(
                repo_id=job.repo_id,
                scan_id=job.scan_id,
                analysis="all",
                findings=len(report.findings),
                by_kind=report.counts,
                errors=report.errors,
            )
        )

    def _runner(self, use_ray: bool | None, files_to_parse: int) -> ScanRunner:
        wants_ray = use_ray if use_ray is not None else files_to_parse > self.settings.pipeline.ray_threshold_files
        if wants_ray:
            if self.ray_runner is None:
                raise RuntimeError("this engine was built without a Ray runner; use --no-ray")
            return self.ray_runner()
        return InProcessRunner()

    @staticmethod
    def _plan(repo_id, source, listing: Listing, prior: dict[str, FileState], fresh: bool):
        files = listing.files
        if fresh:
            changed = list(files)
        else:
            changed = [
                ref
                for ref in files
                if (state := prior.get(ref.path)) is None
                or state.status != "parsed"
                or state.content_hash != ref.content_hash
            ]
        current = {ref.path for ref in files}
        deleted = sorted(p for p, s in prior.items() if s.status == "parsed" and p not in current)
        job = BuildJob(
            repo_id=repo_id,
            repo_name=source.name,
            location=source.location,
            commit=source.commit,
            root=str(listing.root),
            fresh=fresh,
            files=files,
            changed=[ref.path for ref in changed],
            deleted=deleted,
            prior_fingerprints={
                p: s.edges_fingerprint for p, s in prior.items() if s.status == "parsed" and s.edges_fingerprint
            },
        )
        return job, changed

    @staticmethod
    def _file_states(listing: Listing, prior: dict[str, FileState], outcome: BuildOutcome) -> list[FileState]:
        states = []
        for ref in listing.files:
            result = outcome.files.get(ref.path)
            if result is None:  # not read in this scan: unchanged, so its stored state still holds
                states.append(prior[ref.path])
                continue
            fingerprint = result.fingerprint
            if fingerprint is None and ref.path in prior:
                fingerprint = prior[ref.path].edges_fingerprint
            states.append(
                FileState(
                    path=ref.path,
                    content_hash=ref.content_hash,
                    language=ref.language,
                    size=ref.size,
                    lines=result.lines,
                    syntax_errors=result.syntax_errors,
                    status="parsed" if result.error is None else "error",
                    skip_reason=result.error,
                    edges_fingerprint=fingerprint,
                )
            )
        for skipped in listing.skipped:
            states.append(
                FileState(
                    path=skipped.path,
                    content_hash=None,
                    language=None,
                    size=None,
                    lines=None,
                    syntax_errors=None,
                    status="skipped",
                    skip_reason=skipped.reason.value,
                )
            )
        return states

    @staticmethod
    def _gone(listing: Listing, prior: dict[str, FileState]) -> list[str]:
        present = {ref.path for ref in listing.files} | {s.path for s in listing.skipped}
        return sorted(p for p in prior if p not in present)

    @staticmethod
    def _summary(
        repo_id, scan_id, source, listing, job, outcome: BuildOutcome, file_states, used_ray, seconds
    ) -> ScanSummary:
        states = {s.path: s for s in file_states if s.status != "skipped"}
        files_with_errors = sum(1 for s in states.values() if s.syntax_errors)
        return ScanSummary(
            repo_id=repo_id,
            scan_id=scan_id,
            location=source.location,
            commit=source.commit,
            mode="full" if job.fresh else "incremental",
            used_ray=used_ray,
            files_by_language=dict(Counter(ref.language for ref in listing.files)),
            skipped_by_reason=listing.skipped_by_reason(),
            files_parsed=len(job.changed),
            files_reused=len(job.files) - len(job.changed),
            files_deleted=len(job.deleted),
            files_reresolved=len(outcome.reresolved),
            files_from_cache=outcome.files_from_cache,
            definitions=outcome.definitions,
            nodes_by_label=outcome.nodes_by_label,
            edges_by_type=outcome.edges_by_type,
            files_with_syntax_errors=files_with_errors,
            syntax_errors=sum(s.syntax_errors or 0 for s in states.values()),
            files_failed=sorted(p for p, s in states.items() if s.status == "error"),
            resolution=outcome.resolution,
            lines=sum(s.lines or 0 for s in states.values()),
            seconds=seconds,
        )


class _Publisher:
    """Publishes on a bus, logging instead of raising when the bus fails."""

    def __init__(self, bus: EventBus) -> None:
        self.bus = bus

    def __call__(self, event: Event) -> None:
        try:
            self.bus.publish(event)
        except Exception as exc:  # noqa: BLE001 - events are best effort; the scan's books are in the metastore
            log.warning("could not publish %s: %s", event.type, exc)


_COUNT_FIELDS = {
    "files_by_language",
    "skipped_by_reason",
    "files_parsed",
    "files_reused",
    "files_deleted",
    "files_reresolved",
    "files_from_cache",
    "definitions",
    "nodes_by_label",
    "edges_by_type",
    "syntax_errors",
    "resolution",
}
