"""`codeintel plan ...`: refactoring plans from the command line.

Each planning command scans the repository first (incrementally: only what changed), plans on
that scan, stores the plan and prints what it does; `--diff` prints the patch, `-o FILE` writes
it for `git apply`, `--json` prints the whole plan. `show`, `list` and `patch` read stored plans;
`patch` refuses a plan whose repository has moved on since it was computed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.table import Table

from codeintel.cli import ConfigOption, DataDirOption, RayOption, _fail, _settings, err, out, run_scan
from codeintel.config import Settings
from codeintel.planning.model import Plan

T = TypeVar("T")

plan_app = typer.Typer(
    no_args_is_help=True,
    help="Plan refactorings as patches: rename, move, dead code, clones, cycles, god modules.",
)

Location = Annotated[str, typer.Argument(help="the repository (scanned first, incrementally)")]
JsonOption = Annotated[bool, typer.Option("--json", help="print the whole plan as JSON")]
DiffOption = Annotated[bool, typer.Option("--diff", help="print the patch after the summary")]
PatchFile = Annotated[Path | None, typer.Option("--output", "-o", help="write the patch here, for git apply")]


def _ask(settings: Settings, question: Callable[[Any], T], refused: str = "") -> T:
    """`question(service)` on an EngineService over `settings`; a service error exits 2 with its message."""
    from codeintel.service.engine_service import EngineService
    from codeintel.service.errors import ServiceError

    try:
        with EngineService(settings, scan_in_background=False) as service:
            return question(service)
    except ServiceError as exc:
        _fail(f"{refused}{exc.message}")
        raise  # unreachable: _fail exits


def _plan(
    location: str,
    request: dict[str, Any],
    *,
    as_json: bool,
    diff: bool,
    output: Path | None,
    ray: bool | None,
    config: Path | None,
    data_dir: Path | None,
) -> None:
    settings = _settings(config, data_dir)
    summary = run_scan(settings, location, None, False, ray, quiet=True)
    plan = _ask(settings, lambda service: service.plan(summary.repo_id, request), "plan refused: ")
    _show(plan, as_json=as_json, diff=diff, output=output)


def _show(plan: Plan, *, as_json: bool, diff: bool, output: Path | None) -> None:
    if output is not None:
        output.write_text(plan.patch)
    if as_json:
        out.print_json(plan.model_dump_json())
        return
    print_plan(plan)
    if output is not None:
        out.print(f"patch written to {output}; apply it with: git apply {output}", highlight=False)
    if diff:
        sys.stdout.write(plan.patch)


def print_plan(plan: Plan) -> None:
    commit = f" at {plan.commit[:12]}" if plan.commit else ""
    out.print(f"[bold]{plan.id}[/] {plan.goal}", highlight=False)
    risk = f"risk {plan.risk.level} ({plan.risk.score})"
    out.print(f"{plan.repo_id}{commit}, scan {plan.scan_id}; {risk}", highlight=False)
    for number, step in enumerate(plan.steps, 1):
        files = ", ".join(edit.path for edit in step.edits)
        out.print(f"  {number}. {step.title} [dim]({files})[/]", highlight=False)
    table = Table(show_header=False, box=None)
    table.add_column("what", style="bold")
    table.add_column("value")
    for old, new in plan.mapping.renamed.items():
        table.add_row("renames", f"{old} -> {new}")
    for name in plan.mapping.removed:
        table.add_row("removes", name)
    for name in plan.mapping.added:
        table.add_row("adds", name)
    table.add_row("files touched", str(len(plan.files_touched)))
    radius = plan.blast_radius
    table.add_row("blast radius", f"{radius.symbols} dependent symbols in {radius.files} files")
    for finding in plan.benefit:
        table.add_row("removes finding", f"{finding.kind} {finding.path}: {finding.message}")
    for factor in plan.risk.factors:
        table.add_row("risk", factor)
    for warning in plan.warnings:
        table.add_row("left alone", warning)
    out.print(table)


@plan_app.command()
def rename(
    location: Location,
    symbol: Annotated[str, typer.Argument(help="qualified name of the function, method or class")],
    new_name: Annotated[str, typer.Argument(help="the new identifier")],
    as_json: JsonOption = False,
    diff: DiffOption = False,
    output: PatchFile = None,
    ray: RayOption = None,
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Rename a symbol with every reference, import and re-export."""
    request = {"operation": "rename", "symbol": symbol, "new_name": new_name}
    _plan(location, request, as_json=as_json, diff=diff, output=output, ray=ray, config=config, data_dir=data_dir)


@plan_app.command()
def move(
    location: Location,
    symbols: Annotated[list[str], typer.Argument(help="top-level functions or classes, by qualified name")],
    to: Annotated[str, typer.Option("--to", help="the destination module (dotted); created if absent")],
    as_json: JsonOption = False,
    diff: DiffOption = False,
    output: PatchFile = None,
    ray: RayOption = None,
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Move functions or classes to another module, updating every import."""
    request = {"operation": "move", "symbols": symbols, "to_module": to}
    _plan(location, request, as_json=as_json, diff=diff, output=output, ray=ray, config=config, data_dir=data_dir)


@plan_app.command("dead-code")
def dead_code(
    location: Location,
    symbol: Annotated[list[str] | None, typer.Option("--symbol", help="only this dead definition (repeatable)")] = None,
    path: Annotated[list[str] | None, typer.Option("--path", help="only in this file (repeatable)")] = None,
    low_confidence: Annotated[
        bool, typer.Option("--include-low-confidence", help="also what the analysis is only partly sure of")
    ] = False,
    as_json: JsonOption = False,
    diff: DiffOption = False,
    output: PatchFile = None,
    ray: RayOption = None,
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Remove dead definitions and the imports they leave unused."""
    request = {
        "operation": "remove_dead_code",
        "symbols": symbol or [],
        "paths": path or [],
        "include_low_confidence": low_confidence,
    }
    _plan(location, request, as_json=as_json, diff=diff, output=output, ray=ray, config=config, data_dir=data_dir)


@plan_app.command("extract-clone")
def extract_clone(
    location: Location,
    finding: Annotated[str, typer.Argument(help="id of a clone finding (codeintel findings --kind clone)")],
    name: Annotated[str | None, typer.Option("--name", help="the shared function's name")] = None,
    to: Annotated[str | None, typer.Option("--to", help="the module that receives it")] = None,
    as_json: JsonOption = False,
    diff: DiffOption = False,
    output: PatchFile = None,
    ray: RayOption = None,
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Replace duplicated code (Type-1 and Type-2 clones) by one shared function."""
    request = {"operation": "extract_clone", "finding": finding, "function_name": name, "to_module": to}
    _plan(location, request, as_json=as_json, diff=diff, output=output, ray=ray, config=config, data_dir=data_dir)


@plan_app.command("break-cycle")
def break_cycle(
    location: Location,
    finding: Annotated[str | None, typer.Argument(help="id of an import_cycle finding")] = None,
    module: Annotated[list[str] | None, typer.Option("--module", help="or: a module of the cycle (repeat)")] = None,
    local_import: Annotated[
        bool, typer.Option("--local-import/--no-local-import", help="allow a function-local import as the fix")
    ] = True,
    as_json: JsonOption = False,
    diff: DiffOption = False,
    output: PatchFile = None,
    ray: RayOption = None,
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Break an import cycle by moving the symbols that cause it, or by a local import."""
    request = {
        "operation": "break_cycle",
        "finding": finding,
        "modules": module or [],
        "allow_local_import": local_import,
    }
    _plan(location, request, as_json=as_json, diff=diff, output=output, ray=ray, config=config, data_dir=data_dir)


@plan_app.command()
def split(
    location: Location,
    module: Annotated[str, typer.Argument(help="the module to split (dotted name or file)")],
    max_parts: Annotated[int | None, typer.Option("--max-parts", help="at most this many modules in all")] = None,
    reexport: Annotated[
        bool,
        typer.Option(
            "--reexport",
            help="also import the moved public names back into the module, where that makes no import cycle",
        ),
    ] = False,
    as_json: JsonOption = False,
    diff: DiffOption = False,
    output: PatchFile = None,
    ray: RayOption = None,
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """Split a god module along the communities of its internal call graph."""
    request = {"operation": "split_module", "module": module, "max_parts": max_parts, "reexport": reexport}
    _plan(location, request, as_json=as_json, diff=diff, output=output, ray=ray, config=config, data_dir=data_dir)


@plan_app.command("list")
def list_plans(
    location: Location,
    ray: RayOption = None,
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """The repository's stored plans, newest first."""
    settings = _settings(config, data_dir)
    summary = run_scan(settings, location, None, False, ray, quiet=True)
    page = _ask(settings, lambda service: service.list_plans(summary.repo_id, 0, 1000))
    if not page.items:
        out.print("no plans", highlight=False)
        return
    table = Table(box=None, header_style="bold")
    for column in ("id", "created", "operation", "risk", "files"):
        table.add_column(column, no_wrap=True)  # an id cut short could not be given back to `show`
    table.add_column("goal")
    for item in page.items:
        created = item.created_at.strftime("%Y-%m-%d %H:%M")
        table.add_row(item.id, created, item.operation, item.risk, str(item.files_touched), item.goal)
    out.print(table)


@plan_app.command()
def show(
    plan_id: Annotated[str, typer.Argument(help="the plan's id (p-...)")],
    as_json: JsonOption = False,
    diff: DiffOption = False,
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """A stored plan: its steps, mapping, blast radius, benefit and risk."""
    plan = _ask(_settings(config, data_dir), lambda service: service.get_plan(plan_id))
    _show(plan, as_json=as_json, diff=diff, output=None)


@plan_app.command()
def patch(
    plan_id: Annotated[str, typer.Argument(help="the plan's id (p-...)")],
    output: PatchFile = None,
    config: ConfigOption = None,
    data_dir: DataDirOption = None,
) -> None:
    """A stored plan's patch, for `git apply`; refused when the repository moved on since the plan."""
    text = _ask(_settings(config, data_dir), lambda service: service.plan_patch(plan_id))
    if output is not None:
        output.write_text(text)
        err.print(f"patch written to {output}", highlight=False)
    else:
        sys.stdout.write(text)
