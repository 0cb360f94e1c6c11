"""The planner: a request and a Workspace in, a Plan out.

Each operation is a function `(Workspace, request) -> Draft` for one language, found in
HANDLERS; the planner picks it by the language of the code the request names, then adds what
every plan carries: the blast radius from the graph, the findings it removes, a risk estimate,
the combined patch and an id that is the same for the same request on the same scan.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import math
from collections.abc import Callable
from datetime import UTC, datetime

from pydantic import TypeAdapter

from codeintel.planning.changes import Draft
from codeintel.planning.model import (
    BlastRadius,
    FindingRef,
    ImpossibleRequest,
    Plan,
    PlanRequest,
    Risk,
    UnknownTarget,
)
from codeintel.planning.workspace import Workspace
from codeintel.service.graph_queries import MAX_DEPTH

REQUEST = TypeAdapter(PlanRequest)

HANDLERS: dict[tuple[str, str], str] = {
    ("rename", "python"): "codeintel.planning.python.rename:plan_rename",
    ("move", "python"): "codeintel.planning.python.move:plan_move",
    ("remove_dead_code", "python"): "codeintel.planning.python.dead_code:plan_remove_dead_code",
    ("extract_clone", "python"): "codeintel.planning.python.extract:plan_extract_clone",
    ("break_cycle", "python"): "codeintel.planning.python.cycle:plan_break_cycle",
    ("split_module", "python"): "codeintel.planning.python.split:plan_split_module",
    ("rename", "javascript"): "codeintel.planning.treesitter.rename:plan_rename",
    ("rename", "typescript"): "codeintel.planning.treesitter.rename:plan_rename",
    ("rename", "java"): "codeintel.planning.treesitter.rename:plan_rename",
    ("move", "javascript"): "codeintel.planning.treesitter.move:plan_move",
    ("move", "typescript"): "codeintel.planning.treesitter.move:plan_move",
    ("move", "java"): "codeintel.planning.treesitter.move:plan_move",
}
"""(operation, language) -> 'module:function' of the operation's implementation, imported on use."""

BLAST_DEPTH = MAX_DEPTH
BLAST_SAMPLE = 50


def parse_request(data: dict) -> PlanRequest:
    return REQUEST.validate_python(data)


def supported() -> dict[str, list[str]]:
    """Per operation, the languages it is planned for."""
    out: dict[str, list[str]] = {}
    for operation, language in sorted(HANDLERS):
        out.setdefault(operation, []).append(language)
    return out


def make_plan(workspace: Workspace, request: PlanRequest) -> Plan:
    workspace.check_head()
    language = request_language(workspace, request)
    handler = _handler(request.operation, language)
    draft = handler(workspace, request)
    return finish_plan(workspace, request, draft)


def request_language(workspace: Workspace, request: PlanRequest) -> str:
    """The language of the code the request names: its symbol's, module's or finding's file."""
    path: str | None = None
    if request.operation == "rename":
        # a module too, so that the operation refuses it with its reason rather than "not found"
        path = workspace.symbol(request.symbol, ("Class", "Function", "Module")).file
    elif request.operation == "move":
        path = workspace.symbol(request.symbols[0]).file
    elif request.operation == "remove_dead_code":
        if request.symbols:
            path = workspace.symbol(request.symbols[0]).file
        elif request.paths:
            path = request.paths[0]
        else:
            return "python"
    elif request.operation in ("extract_clone",) or (request.operation == "break_cycle" and request.finding):
        path = workspace.finding(request.finding).path  # type: ignore[arg-type]
    elif request.operation == "break_cycle":
        if not request.modules:
            raise UnknownTarget("break_cycle needs a finding id or the modules of the cycle")
        path = workspace.file_of_module.get(request.modules[0])
        if path is None:
            raise UnknownTarget(f"no module {request.modules[0]!r} in {workspace.repo_id}")
    elif request.operation == "split_module":
        path = workspace.file_of_module.get(request.module) or request.module
    language = workspace.language_of(path or "")
    if language is None:
        raise UnknownTarget(f"{path!r} is not a file the scan of {workspace.repo_id} parsed")
    return language


def _handler(operation: str, language: str) -> Callable[[Workspace, PlanRequest], Draft]:
    target = HANDLERS.get((operation, language))
    if target is None:
        languages = supported().get(operation, [])
        raise ImpossibleRequest(
            f"{operation} is not planned for {language} code; it is for: {', '.join(languages) or 'no language yet'}"
        )
    module_name, function_name = target.split(":")
    return getattr(importlib.import_module(module_name), function_name)


def finish_plan(workspace: Workspace, request: PlanRequest, draft: Draft) -> Plan:
    changes = draft.changes
    changes.end_step("finish")  # anything the operation left outside a step
    patch = changes.patch()
    if not patch:
        raise ImpossibleRequest("the request changes nothing: there is nothing to plan")
    touched = changes.touched()
    blast = blast_radius(workspace, draft.symbols_affected)
    request_data = request.model_dump(mode="json")
    plan_id = (
        "p-"
        + hashlib.sha256(json.dumps([workspace.repo_id, workspace.scan_id, request_data, patch]).encode()).hexdigest()[
            :16
        ]
    )
    return Plan(
        id=plan_id,
        repo_id=workspace.repo_id,
        commit=workspace.commit,
        scan_id=workspace.scan_id,
        created_at=datetime.now(UTC),
        operation=request.operation,
        request=request_data,
        language=draft.language,
        goal=draft.goal,
        steps=changes.steps,
        patch=patch,
        files_touched=touched,
        base_hashes=changes.base_hashes(),
        symbols_affected=sorted(draft.symbols_affected),
        mapping=draft.mapping,
        blast_radius=blast,
        benefit=_benefit(workspace, draft.resolves),
        risk=risk_of(draft, blast, len(touched)),
        warnings=draft.warnings,
    )


def blast_radius(workspace: Workspace, qualnames: list[str], depth: int = BLAST_DEPTH) -> BlastRadius:
    """The union of every affected symbol's impact (callers, subclasses, importers), transitively."""
    starts = []
    for name in qualnames:
        found = workspace.symbols.by_qualname.get(name) or []
        starts.extend(s for s in found if s.label != "External")
    dependents: dict[str, tuple[int, str]] = {}
    files: set[str] = set()
    own = {s.id for s in starts}
    for start in starts:
        report = workspace.dependents.impact(workspace.symbols, start, depth)
        for rank, symbol in enumerate(report.affected_symbols):
            if symbol.id not in own:
                dependents.setdefault(symbol.id, (rank, symbol.qualname))
        files.update(report.affected_files)
    nearest = sorted(dependents.values())
    return BlastRadius(
        symbols=len(dependents),
        files=len(files),
        depth=depth,
        sample=[name for _, name in nearest[:BLAST_SAMPLE]],
        affected_files=sorted(files),
    )


def _benefit(workspace: Workspace, finding_ids: list[str]) -> list[FindingRef]:
    by_id = {f.id: f for f in workspace.findings} if finding_ids else {}
    return [
        FindingRef(id=f.id, kind=f.kind, path=f.path, message=f.message)
        for f in (by_id.get(i) for i in dict.fromkeys(finding_ids))
        if f is not None
    ]


def risk_of(draft: Draft, blast: BlastRadius, files_touched: int) -> Risk:
    """A score from 0 to 1: how much depends on what changes (up to .35, on a log scale: 1,000
    dependents is the full share), how many files the patch touches (.15, full at 20), what the
    operation could not prove (.30, full at 3 warnings) and whether code outside the repository
    can see the change (.20). Issue 10's safety engine refines it with test coverage and churn."""
    factors = []
    blast_share = 0.35 * min(1.0, math.log10(1 + blast.symbols) / 3)
    if blast.symbols:
        factors.append(f"{blast.symbols} dependent symbols in {blast.files} files")
    files_share = 0.15 * min(1.0, files_touched / 20)
    if files_touched > 1:
        factors.append(f"{files_touched} files touched")
    warning_share = 0.30 * min(1.0, len(draft.warnings) / 3)
    if draft.warnings:
        factors.append(f"{len(draft.warnings)} places the plan could not prove and left alone")
    public_share = 0.20 if draft.public_api else 0.0
    if draft.public_api:
        factors.append("changes a public name that code outside the repository may use")
    score = round(min(1.0, blast_share + files_share + warning_share + public_share), 3)
    level = "low" if score < 0.25 else "medium" if score < 0.55 else "high"
    return Risk(score=score, level=level, factors=factors)
