"""The `codeintel` command line: scan, query, callgraph, findings, search, finetune, plan, request-scan,
router, serve and submit.

Ray is imported only when a scan is large enough to need it (or `--ray` asks), so small
projects answer in about a second.
"""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from codeintel.config import Settings, load_settings
from codeintel.ingest import SourceError
from codeintel.model import ScanSummary
from codeintel.store.metastore import MetaStoreError

app = typer.Typer(add_completion=False, no_args_is_help=True, help="Codebase Intelligence Engine")
out = Console()
err = Console(stderr=True)

ConfigOption = Annotated[Path | None, typer.Option("--config", help="YAML settings file (configs/*.yaml)")]
DataDirOption = Annotated[Path | None, typer.Option("--data-dir", help="where the graph and metadata live")]
ScannedLocation = Annotated[str, typer.Argument(help="the repository to scan (updated incrementally if known)")]
RefOption = Annotated[str | None, typer.Option(help="branch, tag or commit")]
OutputOption = Annotated[Path | None, typer.Option("--output", "-o", help="write here instead of stdout")]
RayOption = Annotated[bool | None, typer.Option("--ray/--no-ray")]


def _settings(config: Path | None, data_dir: Path | None) -> Settings:
    try:
        return load_settings(config, data_dir=data_dir)
    except (OSError, ValueError) as exc:
        _fail(f"bad configuration: {exc}")


def _fail(message: str, code: int = 2) -> None:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def _engine(settings: Settings):
    from codeintel.scan.engine import ScanEngine

    def ray_runner():
        from pipeline.scan import RayScanRunner

        return RayScanRunner()

    return ScanEngine(settings, ray_runner=ray_runner)


def run_scan(settings: Settings, location: str, ref: str | None, full: bool, use_ray: bool | None, quiet: bool):
    """Scan with a progress bar on stderr; a bad source exits with code 2 and a clear message."""
    engine = _engine(settings)
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
        disable=quiet or not err.is_terminal,
    ) as bar:
        task = bar.add_task("parsing", total=None)

        def progress(stage: str, done: int, total: int) -> None:
            bar.update(task, completed=done, total=total, description=stage)

        try:
            return engine.scan(location, ref, full=full, use_ray=use_ray, progress=progress)
        except (SourceError, MetaStoreError) as exc:
            _fail(str(exc))


@app.command()
def scan(
    location: Annotated[str, typer.Argument(help="a folder, a git repository path, or an https/ssh/file URL")],
    ref: Annotated[str | None, typer.Option(help="branch, tag or commit to scan")] = None,
    full: Annotated[bool, typer.Option("--full", help="ignore earlier scans and rebuild the graph")] = False,
    ray: Annotated[bool | None, typer.Option("--ray/--no-ray", help="force Ray on or off (default: by size)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="print the summary as JSON")] = False,
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Build or update the code graph of a repository."""
    settings = _settings(config, data_dir)
    summary = run_scan(settings, location, ref, full, ray, quiet=as_json)
    if as_json:
        out.print_json(summary.model_dump_json())
    else:
        print_summary(summary)


def print_summary(summary: ScanSummary) -> None:
    out.print(
        f"[bold]{summary.repo_id}[/] {summary.mode} scan"
        + (f" at {summary.commit[:12]}" if summary.commit else "")
        + (" on Ray" if summary.used_ray else " in-process")
    )
    table = Table(show_header=True, header_style="bold", box=None)
    table.add_column("what")
    table.add_column("count", justify="right")
    for language, n in sorted(summary.files_by_language.items()):
        table.add_row(f"files: {language}", str(n))
    for reason, n in sorted(summary.skipped_by_reason.items()):
        table.add_row(f"skipped: {reason}", str(n))
    table.add_row(
        "parsed now / from cache / reused / deleted",
        f"{summary.files_parsed - summary.files_from_cache} / {summary.files_from_cache}"
        f" / {summary.files_reused} / {summary.files_deleted}",
    )
    if summary.mode == "incremental":
        table.add_row("dependents re-resolved", str(summary.files_reresolved))
    table.add_row("lines", str(summary.lines))
    usual = ("class", "function", "method", "nested")
    for kind in [*usual, *sorted(set(summary.definitions) - set(usual))]:
        table.add_row(f"definitions: {kind}", str(summary.definitions.get(kind, 0)))
    for edge_type, n in sorted(summary.edges_by_type.items()):
        table.add_row(f"edges: {edge_type}", str(n))
    table.add_row("parse errors (files / errors)", f"{summary.files_with_syntax_errors} / {summary.syntax_errors}")
    if summary.files_failed:
        table.add_row("files that could not be read", str(len(summary.files_failed)))
    calls = summary.resolution
    total_calls = sum(v for k, v in calls.items() if k.startswith("calls_"))
    if total_calls:
        table.add_row(
            "calls: internal / external / unresolved",
            f"{calls.get('calls_internal', 0)} / {calls.get('calls_external', 0)} / {calls.get('calls_unresolved', 0)}",
        )
    if summary.embeddings is not None:
        embedded = summary.embeddings
        table.add_row("embedded: encoded now / kept", f"{embedded.computed} / {embedded.reused}")
    for name, why in sorted(summary.analysis_errors.items()):
        err.print(f"[yellow]{name} failed after the scan:[/] {why}", highlight=False)
    table.add_row("seconds", f"{summary.seconds.get('total', 0):.2f}")
    out.print(table)
    for path in summary.files_failed[:20]:
        err.print(f"[yellow]skipped[/] {path}", highlight=False)


@app.command()
def query(
    cypher: Annotated[str, typer.Argument(help="a read-only Cypher query")],
    as_json: Annotated[bool, typer.Option("--json", help="print rows as JSON")] = False,
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Run a read-only Cypher query against the graph."""
    from codeintel.graph import open_graph_store
    from codeintel.graph.port import ReadOnlyQueryError

    settings = _settings(config, data_dir)
    if not settings.graph_path.exists():
        _fail(f"no graph at {settings.graph_path}: run `codeintel scan` first")
    store = open_graph_store(settings.store.graph, settings.graph_path, read_only=True)
    try:
        rows = store.query(cypher)
    except ReadOnlyQueryError as exc:
        _fail(str(exc))
    except Exception as exc:  # noqa: BLE001 - the engine's own message is the useful one
        _fail(f"query failed: {exc}")
    finally:
        store.close()
    if as_json:
        out.print_json(json.dumps(rows, default=str))
        return
    table = Table(*(rows[0].keys() if rows else ["(no rows)"]), box=None, header_style="bold")
    for row in rows:
        table.add_row(*(str(v) for v in row.values()))
    out.print(table)


@app.command()
def callgraph(
    location: ScannedLocation,
    output_format: Annotated[str, typer.Option("--format", help="pycg | json | dot")] = "pycg",
    ref: RefOption = None,
    output: OutputOption = None,
    ray: RayOption = None,
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Scan a repository (incrementally) and print its call graph."""
    from codeintel.graph import open_graph_store
    from codeintel.graph.export import callgraph_from_rows, to_dot, to_json, to_pycg

    if output_format not in ("pycg", "json", "dot"):
        _fail(f"unknown format {output_format!r}: use pycg, json or dot")
    settings = _settings(config, data_dir)
    summary = run_scan(settings, location, ref, False, ray, quiet=True)
    store = open_graph_store(settings.store.graph, settings.graph_path, read_only=True)
    try:
        nodes = store.named_query("callgraph_nodes", repo=summary.repo_id)
        edges = store.named_query("callgraph_edges", repo=summary.repo_id)
    finally:
        store.close()
    graph = callgraph_from_rows(nodes, edges)
    if output_format == "pycg":
        text = json.dumps(to_pycg(graph), indent=2) + "\n"
    elif output_format == "json":
        text = to_json(graph) + "\n"
    else:
        text = to_dot(graph)
    if output is not None:
        output.write_text(text)
    else:
        sys.stdout.write(text)


FINDING_FORMATS = ("table", "json", "sarif")


@app.command()
def findings(
    location: ScannedLocation,
    kind: Annotated[str | None, typer.Option(help="only this kind (complexity, import_cycle, ...)")] = None,
    severity: Annotated[str | None, typer.Option(help="only this severity (high, medium, low, info)")] = None,
    path: Annotated[str | None, typer.Option(help="only paths under this prefix (pkg/ or pkg/mod.py)")] = None,
    output_format: Annotated[str, typer.Option("--format", help="table | json | sarif")] = "table",
    fail_on: Annotated[
        str | None, typer.Option("--fail-on", help="exit 1 when a finding at or above this severity is reported")
    ] = None,
    ref: RefOption = None,
    output: OutputOption = None,
    ray: RayOption = None,
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Scan a repository (incrementally) and report its findings, most severe first; SARIF 2.1.0
    for code-scanning tools, `--fail-on` for a CI gate."""
    from codeintel.analysis.findings import SEVERITY_RANK
    from codeintel.service.engine_service import EngineService
    from codeintel.service.errors import InvalidRequest
    from codeintel.service.findings import filter_findings
    from codeintel.service.sarif import to_sarif

    if output_format not in FINDING_FORMATS:
        _fail(f"unknown format {output_format!r}: use {', '.join(FINDING_FORMATS)}")
    if fail_on is not None and fail_on not in SEVERITY_RANK:
        _fail(f"unknown severity {fail_on!r} for --fail-on: use {', '.join(SEVERITY_RANK)}")
    try:
        filter_findings([], kind, severity, path)  # an unknown kind or severity is refused before scanning
    except InvalidRequest as exc:
        _fail(str(exc))
    settings = _settings(config, data_dir)
    summary = run_scan(settings, location, ref, False, ray, quiet=True)
    service = EngineService(settings)
    try:
        chosen: list = []
        while True:
            page = service.findings(summary.repo_id, kind, severity, path, offset=len(chosen), limit=1000)
            chosen.extend(page.items)
            if not page.items or len(chosen) >= page.total:
                break
        repository = service.get_repository(summary.repo_id)
    finally:
        service.close()
    if output_format == "sarif":
        log = to_sarif(chosen, location=repository.location, commit=repository.last_commit)
        text = json.dumps(log, indent=2) + "\n"
    elif output_format == "json":
        text = json.dumps([f.model_dump() for f in chosen], indent=2) + "\n"
    else:
        table = Table("severity", "kind", "location", "message", "fix", box=None, header_style="bold")
        for f in chosen:
            message = f.message if f.confidence == "high" else f"{f.message} ({f.confidence} confidence)"
            location = f"{f.path}:{f.line}" if f.line else f.path
            table.add_row(f.severity, f.kind, location, message, (f.fix or "").replace("_", " "))
        console = Console(record=True, width=200, file=io.StringIO())
        console.print(table if chosen else "no findings")
        text = console.export_text()
    if output is not None:
        output.write_text(text)
    else:
        sys.stdout.write(text)
    if fail_on is not None and any(SEVERITY_RANK[f.severity] >= SEVERITY_RANK[fail_on] for f in chosen):
        raise typer.Exit(1)


@app.command()
def search(
    query: Annotated[str, typer.Argument(help="what you are looking for, in words or in code")],
    repo: Annotated[list[str] | None, typer.Option("--repo", help="only this repository id (repeatable)")] = None,
    language: Annotated[
        list[str] | None, typer.Option("--language", help="only this language: python, go, ... (repeatable)")
    ] = None,
    kind: Annotated[
        list[str] | None,
        typer.Option("--kind", help="only this kind: class, function, method, nested, lambda (repeatable)"),
    ] = None,
    k: Annotated[int, typer.Option("-k", help="hits at most (1..100)")] = 10,
    as_json: Annotated[bool, typer.Option("--json", help="print the whole answer as JSON")] = False,
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Search the scanned repositories' functions, methods and classes by meaning, best first."""
    from codeintel.service.engine_service import EngineService
    from codeintel.service.errors import ServiceError

    settings = _settings(config, data_dir)
    try:
        with EngineService(settings, scan_in_background=False) as service:
            result = service.semantic_search(query, k, repo, language, kind)
    except ServiceError as exc:
        _fail(exc.message)
    if as_json:
        out.print_json(result.model_dump_json())
        return
    for skipped in result.unsearched:
        err.print(f"[yellow]not searched[/] {skipped.repo}: {skipped.message}", highlight=False)
    if result.query_truncated:
        err.print("[yellow]the query is longer than the model reads; its first part was used[/]", highlight=False)
    if not result.hits:
        out.print("no hits" if result.searched else "no repository has a search index yet", highlight=False)
        return
    several = len({hit.repo for hit in result.hits}) > 1
    table = Table("location", "score", "kind", "symbol", box=None, header_style="bold")
    for hit in result.hits:
        location = f"{hit.path}:{hit.start_line}-{hit.end_line}"
        table.add_row(f"{hit.repo} {location}" if several else location, f"{hit.score:.3f}", hit.kind, hit.qualname)
    out.print(table)


@app.command()
def finetune(
    repo: Annotated[
        list[str] | None, typer.Option("--repo", help="train on this repository id (repeatable; default: all)")
    ] = None,
    epochs: Annotated[int, typer.Option(help="passes over the training pairs")] = 1,
    batch_size: Annotated[int, typer.Option(help="pairs per step (the in-batch negatives)")] = 32,
    max_pairs: Annotated[int | None, typer.Option(help="train on a sample of at most this many pairs")] = None,
    use_ray: Annotated[bool, typer.Option("--ray/--no-ray", help="train in a trainer actor (a GPU if any)")] = False,
    as_json: Annotated[bool, typer.Option("--json", help="print the result as JSON")] = False,
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Tune the encoder on the scanned repositories' own (docstring or name, body) pairs; the new
    checkpoint is used for later embeddings only if it beats the model in use on held-out pairs."""
    from codeintel.analysis.embeddings.finetune import FineTuneConfig, FineTuneError
    from codeintel.analysis.embeddings.tuning_job import run_fine_tuning

    settings = _settings(config, data_dir)
    try:
        tuning = FineTuneConfig(epochs=epochs, batch_size=batch_size, max_train_pairs=max_pairs)
    except ValueError as exc:
        _fail(f"bad option: {exc}")
    try:
        if use_ray:
            from pipeline.finetune import run_fine_tuning_on_ray

            result = run_fine_tuning_on_ray(settings, repo, tuning)
        else:
            result = run_fine_tuning(settings, repo, tuning)
    except (FineTuneError, MetaStoreError, ValueError) as exc:
        _fail(str(exc))
    if as_json:
        out.print_json(result.model_dump_json())
        return
    table = Table("model", "held-out MRR@10", "recall@10", box=None, header_style="bold")
    table.add_row(
        f"{result.base_version} (in use)",
        f"{result.base_scores.mrr_at_10:.3f}",
        f"{result.base_scores.recall_at_10:.3f}",
    )
    table.add_row(f"{result.version} (tuned)", f"{result.scores.mrr_at_10:.3f}", f"{result.scores.recall_at_10:.3f}")
    out.print(table)
    out.print(
        f"{result.train_pairs} training pairs, {result.held_out_pairs} held out, {result.steps} steps on "
        f"{result.device} in {result.train_seconds:.0f} s; checkpoint {result.path}",
        highlight=False,
    )
    if result.promoted:
        out.print(
            "[green]promoted[/]: embeddings and search use the tuned model; "
            "each repository is re-embedded at its next scan"
        )
    else:
        out.print("[yellow]not promoted[/]: it did not beat the model in use on the held-out pairs; kept, unused")


@app.command("request-scan")
def request_scan(
    location: Annotated[str, typer.Argument(help="a folder, a git repository path, or an https/ssh/file URL")],
    ref: Annotated[str | None, typer.Option(help="branch, tag or commit to scan")] = None,
    full: Annotated[bool, typer.Option("--full", help="ask for a full rebuild")] = False,
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Publish scan.requested for the event router (`codeintel router`) to act on."""
    from codeintel.events.bus import open_event_bus
    from codeintel.events.models import ScanRequested
    from codeintel.ingest.source import normalise_location

    settings = _settings(config, data_dir)
    if settings.events.bus == "inprocess":
        _fail("the in-process event bus reaches no router in another process; use redis (configs/production.yaml)")
    event = ScanRequested(location=normalise_location(location), ref=ref, full=full, requested_by="cli")
    try:
        bus = open_event_bus(settings)
        try:
            message_id = bus.publish(event)
        finally:
            bus.close()
    except Exception as exc:  # noqa: BLE001 - a bus that is down is the user's problem to fix; say so
        _fail(f"could not publish scan.requested: {exc}")
    out.print(f"scan.requested {event.id} published as {message_id}", highlight=False)


@app.command()
def router(
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Run the event router on Ray until interrupted: scan.requested events become incremental scans."""
    from actors.event_router import run_event_router

    settings = _settings(config, data_dir)
    if settings.events.bus == "inprocess":
        _fail("the router needs a bus other processes can publish on; use a redis bus (configs/production.yaml)")
    err.print("event router running; Ctrl-C stops it", highlight=False)
    run_event_router(settings, lambda line: err.print(line, highlight=False))


@app.command()
def submit(
    batch_file: Annotated[Path, typer.Argument(help="repos.yaml: the repositories to scan (docs/operations.md)")],
    address: Annotated[
        str | None,
        typer.Option(
            help="the Ray job server (dashboard) URL; default: $RAY_API_SERVER_ADDRESS, $RAY_ADDRESS, "
            "then http://127.0.0.1:8265"
        ),
    ] = None,
    parallel: Annotated[int, typer.Option(min=1, help="repositories scanned at once")] = 2,
    results: Annotated[
        Path | None,
        typer.Option(help="results table, a path on the cluster (default: <data_dir>/batches/<name>.sqlite)"),
    ] = None,
    submission_id: Annotated[str | None, typer.Option(help="the job's submission id (default: generated)")] = None,
    wait: Annotated[bool, typer.Option("--wait/--no-wait", help="follow the job's log until it ends")] = True,
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Submit a batch of repositories as a Ray job (`python -m pipeline.batch`) and follow its log.

    Exits 0 when every repository completed, 1 when the job failed (docs/operations.md).
    """
    from pipeline.batch import BatchFileError, load_batch
    from pipeline.submit import JobSubmission, SubmitError

    try:
        batch = load_batch(batch_file)
    except BatchFileError as exc:
        _fail(str(exc))
    if config is not None and not config.is_file():
        _fail(f"no settings file at {config}")
    try:
        job = JobSubmission(address)
        submission_id = job.submit(batch, parallel, config, data_dir, results, submission_id)
    except SubmitError as exc:
        _fail(str(exc))
    out.print(f"submitted {submission_id}", highlight=False)
    if not wait:
        err.print(f"follow it with: ray job logs --follow --address {job.address} {submission_id}", highlight=False)
        return
    try:
        outcome = job.follow(submission_id, sys.stdout)
    except KeyboardInterrupt:
        err.print(
            f"stopped following; the job goes on. Follow it again with: "
            f"ray job logs --follow --address {job.address} {submission_id}",
            highlight=False,
        )
        raise typer.Exit(130) from None
    if outcome.lost_log:
        err.print(f"[yellow]lost the log stream ({outcome.lost_log}); waited for the job to end[/]", highlight=False)
    if outcome.succeeded:
        out.print(f"job {submission_id} {outcome.describe()}", highlight=False)
        return
    err.print(f"[bold red]job {submission_id} {outcome.describe()}[/]", highlight=False)
    raise typer.Exit(1)


@app.command("serve")
def serve_command(
    host: Annotated[str, typer.Option(help="the address to listen on (0.0.0.0: every interface)")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="HTTP port")] = 8000,
    address: Annotated[
        str | None, typer.Option(help="join this Ray cluster (default: the settings' ray_address, else a local Ray)")
    ] = None,
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Serve the HTTP API (docs/api.md) on Ray Serve until interrupted."""
    from serve.config import load_api_config
    from serve.run import run_api

    settings = _settings(config, data_dir)
    if address is not None:
        pipeline = settings.pipeline.model_copy(update={"ray_address": address})
        settings = settings.model_copy(update={"pipeline": pipeline})
    try:
        api = load_api_config(config)
    except (OSError, ValueError) as exc:
        _fail(f"bad configuration: {exc}")
    if api.admin_token_hash() is None:
        err.print("[yellow]CODEINTEL_ADMIN_TOKEN is not set: no API token can be created over HTTP[/]", highlight=False)

    def serving(url: str) -> None:
        out.print(f"serving {url} (OpenAPI at {url}/openapi.json); Ctrl-C stops it", highlight=False, soft_wrap=True)
        sys.stdout.flush()

    try:
        run_api(settings, api, host, port, on_ready=serving)
    except MetaStoreError as exc:
        _fail(str(exc))
    err.print("stopped", highlight=False)


# The plan commands live in their own module, which reads this one's helpers: added last.
from codeintel.cli_plan import plan_app  # noqa: E402

app.add_typer(plan_app, name="plan")


def main() -> None:  # pragma: no cover - console entry point
    app()
