"""Batch jobs: scan a list of repositories on a Ray cluster, resumably.

    python -m pipeline.batch repos.yaml [--config settings.yaml] [--data-dir DIR]
                                        [--results PATH] [--parallel N]

Usually started by `codeintel submit repos.yaml --address http://head:8265`, which runs this
module as a Ray job. The batch file:

    name: nightly                  # optional; default: the file's name without .yaml
    repositories:
      - location: /srv/git/shop    # a folder, a git repository path, or an https/ssh/file URL
        ref: main                  # optional: branch, tag or commit
        full: false                # optional: ignore earlier scans and rebuild the graph
      - location: https://github.com/org/repo.git
    settings:                      # optional: overrides, same shape as configs/*.yaml
      pipeline: {batch_size: 128}

Relative locations are taken relative to the batch file's folder.

Every repository gets one row in a results table (SQLite at --results, default
`<data_dir>/batches/<name>.sqlite`): status pending -> running -> completed or failed, with
the scan id, repository id, counts, seconds, error and attempts. Running the same batch again
skips the completed rows and retries the failed ones and those a dead job left running, so a
batch interrupted anywhere is resumed by submitting it again. One bad repository (a missing
path, a broken URL) is recorded as failed; the others still run.

Exit codes: 0 every repository completed, 1 some failed, 2 bad batch file or settings,
3 the batch could not run (Ray or the metadata store unreachable, results file unwritable).

Each scan is one Ray task running `ScanEngine.scan` with the Ray runner: small repositories
parse inside the task, large ones fan out on Ray Data as any scan does. At most `--parallel`
run at once; the graph store queues its writers on a file lock.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sqlite3
import sys
import time
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, Protocol

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, ValidationInfo, field_validator, model_validator

from codeintel.config import Settings, load_settings, refuse_secrets
from codeintel.ingest.source import is_url
from codeintel.model import ScanSummary
from codeintel.store.metastore import MetaStoreError

EXIT_COMPLETED = 0
EXIT_SOME_FAILED = 1
EXIT_BAD_BATCH = 2
EXIT_CANNOT_RUN = 3

Status = Literal["pending", "running", "completed", "failed"]

_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


# ---------------------------------------------------------------- the batch file


class BatchFileError(ValueError):
    """The batch file cannot be used; the message names the file and the bad entry."""


class BatchEntry(BaseModel):
    """One repository of a batch. (location, ref) identifies its row in the results table."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    location: str = Field(min_length=1, description="a folder, a git repository path, or an https/ssh/file URL")
    ref: str | None = Field(None, min_length=1, description="branch, tag or commit; default: what is checked out")
    full: bool = Field(False, description="ignore earlier scans and rebuild the graph")

    @field_validator("location")
    @classmethod
    def _absolute_path(cls, location: str, info: ValidationInfo) -> str:
        """A local path relative to the batch file's folder becomes absolute; URLs stay as written."""
        base = (info.context or {}).get("base")
        if base is None or is_url(location):
            return location
        path = Path(location).expanduser()
        return str(path if path.is_absolute() else (Path(base) / path).resolve())

    @property
    def key(self) -> tuple[str, str]:
        return self.location, self.ref or ""

    @property
    def label(self) -> str:
        return self.location + (f"@{self.ref}" if self.ref else "")


class BatchFile(BaseModel):
    """repos.yaml: the repositories to scan, an optional name and optional settings overrides."""

    model_config = ConfigDict(extra="forbid")

    name: str | None = Field(None, description="names the results file; default: the batch file's name")
    repositories: list[BatchEntry] = Field(min_length=1)
    settings: dict[str, Any] = Field(default_factory=dict, description="overrides, same shape as configs/*.yaml")

    @field_validator("name")
    @classmethod
    def _plain_name(cls, name: str | None) -> str | None:
        if name is not None and not _NAME.match(name):
            raise ValueError("use letters, digits, '.', '_' and '-' only (it names the results file)")
        return name

    @field_validator("settings")
    @classmethod
    def _valid_settings(cls, settings: dict[str, Any], info: ValidationInfo) -> dict[str, Any]:
        """Known keys, the right shapes, no secrets; a relative data_dir is relative to the batch file."""
        try:
            refuse_secrets(settings, "settings")
        except ValueError as exc:
            raise ValueError(str(exc).removeprefix("settings: ")) from None
        unknown = _unknown_keys(Settings, settings)
        if unknown:
            raise ValueError(f"unknown key{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)}")
        Settings.model_validate(settings)  # the shape only; they are merged over the settings file later
        base = (info.context or {}).get("base")
        data_dir = settings.get("data_dir")
        if base is not None and isinstance(data_dir, str) and not Path(data_dir).expanduser().is_absolute():
            settings = {**settings, "data_dir": str((Path(base) / data_dir).resolve())}
        return settings

    @model_validator(mode="after")
    def _unique_entries(self) -> BatchFile:
        seen: set[tuple[str, str]] = set()
        for number, entry in enumerate(self.repositories, start=1):
            if entry.key in seen:
                raise ValueError(f"entry {number} repeats {entry.label!r}: each location and ref once")
            seen.add(entry.key)
        return self


def load_batch(path: Path) -> BatchFile:
    """Read and validate a batch file; `name` is always set on the result.

    Raises BatchFileError with a message that names the file, the entry (by number and
    location) and the field at fault.
    """
    path = Path(path)
    try:
        raw = yaml.safe_load(path.read_text())
    except OSError as exc:
        raise BatchFileError(f"{path}: cannot read it: {exc.strerror or exc}") from None
    except yaml.YAMLError as exc:
        raise BatchFileError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(raw, dict):
        raise BatchFileError(f"{path}: expected a mapping with a `repositories` list at the top level")
    try:
        batch = BatchFile.model_validate(raw, context={"base": path.resolve().parent})
    except ValidationError as exc:
        raise BatchFileError(f"{path}: " + "; ".join(_describe(error, raw) for error in exc.errors())) from None
    if batch.name is None:
        if not _NAME.match(path.stem):
            raise BatchFileError(f"{path}: the file's name cannot name a results file; set `name:` in it")
        batch = batch.model_copy(update={"name": path.stem})
    return batch


def batch_settings(batch: BatchFile, config_file: Path | None, data_dir: Path | None = None) -> Settings:
    """Defaults < settings file < CODEINTEL_* environment < the batch's `settings` < --data-dir."""
    overrides = dict(batch.settings)
    if data_dir is not None:
        overrides["data_dir"] = data_dir
    try:
        return load_settings(config_file, **overrides)
    except (OSError, ValueError) as exc:
        raise BatchFileError(f"bad settings: {exc}") from None


def default_results_path(settings: Settings, batch: BatchFile) -> Path:
    return settings.data_dir / "batches" / f"{batch.name}.sqlite"


def _unknown_keys(model: type[BaseModel], values: dict[str, Any], prefix: str = "") -> list[str]:
    """Keys the settings would silently ignore (a typo such as `pipline:`), as dotted paths."""
    unknown = []
    for key, value in values.items():
        field = model.model_fields.get(key)
        if field is None:
            unknown.append(prefix + str(key))
        elif isinstance(value, dict) and isinstance(field.annotation, type) and issubclass(field.annotation, BaseModel):
            unknown += _unknown_keys(field.annotation, value, f"{prefix}{key}.")
    return unknown


def _describe(error: dict[str, Any], raw: dict[str, Any]) -> str:
    """One pydantic error as `entry 2 of repositories (location '/x'): full: <message>`."""
    loc = list(error["loc"])
    message = error["msg"]
    if error["type"] == "extra_forbidden":
        message = "unknown key"
    elif error["type"] == "model_type":
        message = "expected a mapping such as `- location: /path/to/repo`"
    if len(loc) >= 2 and loc[0] == "repositories" and isinstance(loc[1], int):
        index = loc[1]
        entries = raw.get("repositories")
        entry = entries[index] if isinstance(entries, list) and index < len(entries) else None
        where = f"entry {index + 1} of repositories"
        if isinstance(entry, dict) and isinstance(entry.get("location"), str):
            where += f" (location {entry['location']!r})"
        field = ".".join(str(part) for part in loc[2:])
        return f"{where}: {field}: {message}" if field else f"{where}: {message}"
    if error["type"] == "value_error" and not loc:
        return message.removeprefix("Value error, ")
    return f"{'.'.join(str(part) for part in loc) or 'batch'}: {message.removeprefix('Value error, ')}"


# ---------------------------------------------------------------- the results table


class ScanOutcome(BaseModel):
    """What one repository's scan came to, as a scan task returns it."""

    ok: bool
    scan_id: int | None = None
    repo_id: str | None = None
    counts: dict[str, int] = Field(default_factory=dict)
    seconds: float = 0.0
    error: str | None = None
    used_ray: bool = Field(False, description="the files were parsed on Ray Data (else inside the scan task)")


class ResultRow(BaseModel):
    location: str
    ref: str | None
    status: Status
    scan_id: int | None
    repo_id: str | None
    counts: dict[str, int]
    seconds: float | None
    error: str | None
    attempts: int
    updated_at: str


class ResultTable:
    """One row per (location, ref) in a SQLite file; only the batch driver writes it.

    Rows of repositories no longer in the batch file stay, untouched, and count for nothing.
    """

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, isolation_level=None)
        self._db.execute("PRAGMA busy_timeout=10000")
        self._db.execute(
            """CREATE TABLE IF NOT EXISTS results (
                location   TEXT NOT NULL,
                ref        TEXT NOT NULL DEFAULT '',  -- '' when the batch names no ref
                status     TEXT NOT NULL CHECK (status IN ('pending', 'running', 'completed', 'failed')),
                scan_id    INTEGER,
                repo_id    TEXT,
                counts     TEXT,                      -- JSON object of counts
                seconds    REAL,
                error      TEXT,
                attempts   INTEGER NOT NULL DEFAULT 0,
                updated_at TEXT NOT NULL,
                PRIMARY KEY (location, ref)
            )"""
        )

    def __enter__(self) -> ResultTable:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self._db.close()

    def plan(self, entries: Iterable[BatchEntry]) -> list[BatchEntry]:
        """Record new entries as pending; return every entry not completed yet, in batch order."""
        entries = list(entries)
        now = _now()
        self._db.executemany(
            "INSERT OR IGNORE INTO results (location, ref, status, updated_at) VALUES (?, ?, 'pending', ?)",
            [(*entry.key, now) for entry in entries],
        )
        return [entry for entry in entries if self.row(entry).status != "completed"]

    def started(self, entry: BatchEntry) -> None:
        self._db.execute(
            "UPDATE results SET status = 'running', attempts = attempts + 1, error = NULL, updated_at = ?"
            " WHERE location = ? AND ref = ?",
            (_now(), *entry.key),
        )

    def record(self, entry: BatchEntry, outcome: ScanOutcome) -> None:
        self._db.execute(
            "UPDATE results SET status = ?, scan_id = ?, repo_id = ?, counts = ?, seconds = ?, error = ?,"
            " updated_at = ? WHERE location = ? AND ref = ?",
            (
                "completed" if outcome.ok else "failed",
                outcome.scan_id,
                outcome.repo_id,
                json.dumps(outcome.counts, sort_keys=True),
                round(outcome.seconds, 3),
                outcome.error,
                _now(),
                *entry.key,
            ),
        )

    def row(self, entry: BatchEntry) -> ResultRow:
        rows = self._select("WHERE location = ? AND ref = ?", entry.key)
        if not rows:
            raise KeyError(entry.label)
        return rows[0]

    def rows(self, entries: Iterable[BatchEntry] | None = None) -> list[ResultRow]:
        """The rows of `entries` in their order, or every row of the file."""
        if entries is None:
            return self._select("ORDER BY location, ref", ())
        return [self.row(entry) for entry in entries]

    def _select(self, where: str, params: tuple) -> list[ResultRow]:
        cursor = self._db.execute(
            "SELECT location, ref, status, scan_id, repo_id, counts, seconds, error, attempts, updated_at"
            f" FROM results {where}",
            params,
        )
        return [
            ResultRow(
                location=location,
                ref=ref or None,
                status=status,
                scan_id=scan_id,
                repo_id=repo_id,
                counts=json.loads(counts) if counts else {},
                seconds=seconds,
                error=error,
                attempts=attempts,
                updated_at=updated_at,
            )
            for location, ref, status, scan_id, repo_id, counts, seconds, error, attempts, updated_at in cursor
        ]


def exit_code(rows: Iterable[ResultRow]) -> int:
    return EXIT_COMPLETED if all(row.status == "completed" for row in rows) else EXIT_SOME_FAILED


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


# ---------------------------------------------------------------- running a batch


def counts_of(summary: ScanSummary) -> dict[str, int]:
    return {
        "files": sum(summary.files_by_language.values()),
        "skipped": sum(summary.skipped_by_reason.values()),
        "parsed": summary.files_parsed,
        "reused": summary.files_reused,
        "definitions": sum(summary.definitions.values()),
        "nodes": sum(summary.nodes_by_label.values()),
        "edges": sum(summary.edges_by_type.values()),
        "syntax_errors": summary.syntax_errors,
    }


def scan_entry(entry: BatchEntry, settings: Settings) -> ScanOutcome:
    """Scan one repository; any error becomes a failed outcome (this runs as a Ray task)."""
    from codeintel.scan.engine import ScanEngine
    from pipeline.scan import RayScanRunner

    started = time.perf_counter()
    try:
        summary = ScanEngine(settings, ray_runner=RayScanRunner).scan(entry.location, entry.ref, full=entry.full)
    except Exception as exc:  # noqa: BLE001 - one bad repository is recorded, the batch goes on
        return ScanOutcome(ok=False, error=f"{type(exc).__name__}: {exc}", seconds=time.perf_counter() - started)
    # Analysis hook: codeintel.analysis has no analysis to run yet. When it has, run it here on
    # summary.repo_id and add its findings count to the counts; until then a batch only scans.
    return ScanOutcome(
        ok=True,
        scan_id=summary.scan_id,
        repo_id=summary.repo_id,
        counts=counts_of(summary),
        seconds=time.perf_counter() - started,
        used_ray=summary.used_ray,
    )


class BatchRunner(Protocol):
    """Runs the scans of `entries`, calling `started(entry)` as each begins, and yields each
    entry with its outcome as it finishes (in any order)."""

    def __call__(
        self, entries: list[BatchEntry], started: Callable[[BatchEntry], None]
    ) -> Iterator[tuple[BatchEntry, ScanOutcome]]: ...


class RayBatchRunner:
    """Up to `parallel` scans at once, one Ray task each, never two of one location at once.

    A scan task asks for no CPU: a small repository parses inside it, a large one fans out to
    Ray Data tasks that need the CPUs, so reserving one per scan could starve its own parse
    tasks. `parallel` is what bounds the scans. With any embedded store (the default graph,
    SQLite metadata, the local cache) the tasks run on this driver's node, where those files are.
    """

    def __init__(self, settings: Settings, parallel: int = 2) -> None:
        self.settings = settings
        self.parallel = max(1, parallel)

    def __call__(
        self, entries: list[BatchEntry], started: Callable[[BatchEntry], None]
    ) -> Iterator[tuple[BatchEntry, ScanOutcome]]:
        import ray

        task = ray.remote(num_cpus=0, max_retries=0)(scan_entry).options(**self._placement())
        waiting = list(entries)
        running: dict[Any, tuple[BatchEntry, float]] = {}
        while waiting or running:
            while waiting and len(running) < self.parallel:
                busy = {entry.location for entry, _ in running.values()}
                entry = next((entry for entry in waiting if entry.location not in busy), None)
                if entry is None:  # only other refs of repositories being scanned: one scan per repository
                    break
                waiting.remove(entry)
                started(entry)
                running[task.remote(entry, self.settings)] = (entry, time.perf_counter())
            done, _ = ray.wait(list(running), num_returns=1)
            for ref in done:
                entry, began = running.pop(ref)
                try:
                    outcome = ray.get(ref)
                except Exception as exc:  # noqa: BLE001 - the task itself died (worker lost, out of memory)
                    reason = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
                    outcome = ScanOutcome(
                        ok=False,
                        error=f"scan task died: {type(exc).__name__}: {reason}",
                        seconds=time.perf_counter() - began,
                    )
                yield entry, outcome

    def _placement(self) -> dict[str, Any]:
        store = self.settings.store
        if store.graph != "ladybug" and store.metadata_url is not None and store.cache != "local":
            return {}
        import ray
        from ray.util.scheduling_strategies import NodeAffinitySchedulingStrategy

        return {
            "scheduling_strategy": NodeAffinitySchedulingStrategy(
                node_id=ray.get_runtime_context().get_node_id(), soft=False
            )
        }


def run_batch(
    batch: BatchFile, table: ResultTable, runner: BatchRunner, say: Callable[[str], None] = print
) -> list[ResultRow]:
    """Run every entry not completed yet, recording each start and outcome as it happens, and
    return the batch's rows (in batch order)."""
    todo = table.plan(batch.repositories)
    for entry in batch.repositories:
        if entry not in todo:
            say(f"skipped (completed earlier): {entry.label}")

    def started(entry: BatchEntry) -> None:
        table.started(entry)
        say(f"scanning: {entry.label}")

    for entry, outcome in runner(todo, started):
        table.record(entry, outcome)
        if outcome.ok:
            say(
                f"completed: {entry.label} ({outcome.counts.get('files', 0)} files,"
                f" {outcome.counts.get('nodes', 0)} nodes, {outcome.seconds:.1f} s,"
                f" {'parsed on Ray Data' if outcome.used_ray else 'parsed in the task'})"
            )
        else:
            say(f"failed: {entry.label}: {outcome.error}")
    return table.rows(batch.repositories)


def connect_ray(settings: Settings) -> None:
    """Inside a Ray job join its cluster; elsewhere start or join Ray as any scan does."""
    import ray

    if ray.is_initialized():
        return
    if os.environ.get("RAY_ADDRESS"):  # set by Ray for a job's entrypoint
        ray.init(address="auto", log_to_driver=False, configure_logging=False)
    else:
        from pipeline.ray_session import ensure_ray

        ensure_ray(settings)


def prepare_stores(settings: Settings) -> None:
    """Open the metadata store once, here, so that its migrations have run before parallel scans
    open it: two first opens of one SQLite file at once both try to create the tables."""
    from codeintel.store import open_metastore

    open_metastore(settings).close()


def print_results(rows: list[ResultRow], results: Path) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(width=None if sys.stdout.isatty() else max(120, shutil.get_terminal_size((160, 24)).columns))
    colour = {"completed": "green", "failed": "red", "running": "yellow", "pending": "yellow"}
    table = Table(title=f"batch results ({results})", header_style="bold", title_justify="left")
    numbers = ("attempts", "files", "nodes", "edges", "seconds")
    for column in ("repository", "ref", "status", *numbers, "error"):
        table.add_column(column, justify="right" if column in numbers else "left")
    for row in rows:
        table.add_row(
            row.location,
            row.ref or "",
            f"[{colour[row.status]}]{row.status}[/]",
            str(row.attempts),
            str(row.counts.get("files", "")),
            str(row.counts.get("nodes", "")),
            str(row.counts.get("edges", "")),
            "" if row.seconds is None else f"{row.seconds:.1f}",
            row.error or "",
        )
    console.print(table)
    done = sum(row.status == "completed" for row in rows)
    console.print(f"{done} of {len(rows)} completed", highlight=False)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m pipeline.batch", description="Scan a batch of repositories.")
    parser.add_argument("batch_file", type=Path, help="repos.yaml")
    parser.add_argument("--config", type=Path, help="YAML settings file (configs/*.yaml)")
    parser.add_argument("--data-dir", type=Path, help="where the graph and metadata live")
    parser.add_argument("--results", type=Path, help="results table (default: <data_dir>/batches/<name>.sqlite)")
    parser.add_argument("--parallel", type=int, default=2, help="repositories scanned at once (default 2)")
    args = parser.parse_args(argv)
    if args.parallel < 1:
        parser.error("--parallel must be at least 1")
    try:
        batch = load_batch(args.batch_file)
        settings = batch_settings(batch, args.config, args.data_dir)
    except BatchFileError as exc:
        print(f"error: {exc}", file=sys.stderr, flush=True)
        return EXIT_BAD_BATCH
    results = args.results or default_results_path(settings, batch)
    print(f"batch {batch.name}: {len(batch.repositories)} repositories, results in {results}", flush=True)
    try:
        with ResultTable(results) as table:
            prepare_stores(settings)
            connect_ray(settings)
            rows = run_batch(batch, table, RayBatchRunner(settings, args.parallel), say=_say)
    except (OSError, sqlite3.Error, ConnectionError, MetaStoreError) as exc:
        print(f"error: the batch could not run: {type(exc).__name__}: {exc}", file=sys.stderr, flush=True)
        return EXIT_CANNOT_RUN
    print_results(rows, results)
    return exit_code(rows)


def _say(message: str) -> None:
    print(message, flush=True)


if __name__ == "__main__":
    # Run the imported module, not this `__main__` copy, so the Ray tasks and the records they
    # return are pipeline.batch's own (pickled by reference, not by value).
    from pipeline.batch import main as _main

    sys.exit(_main())
