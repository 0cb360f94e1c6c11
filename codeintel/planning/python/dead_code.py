"""Remove dead code: the dead_code findings of some files (or named dead definitions), then the
imports only they used.

What goes comes from the dead-code analysis (codeintel.analysis.dead_code): its findings, at least
medium confidence unless the request takes low ones too. A named symbol must be dead: one that
something in the graph still calls, imports or subclasses is refused, naming that user, and so is a
dead definition whose (dead) users the plan would leave behind.

Each definition goes with its decorators and the comment lines directly above it; a class body
left empty gets `pass`, and a module left with nothing is an empty module, which still imports.
Then each touched file loses the imports that only the removed code read (unused_imports.py).

LibCST, because the edit is structural (a definition with its decorators, leading comments and
blank lines is one node), and its tree is lossless: every other line, comment and blank line of
the file comes back exactly as written.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

import libcst as cst

from codeintel.analysis.findings import Finding
from codeintel.planning.changes import Changeset, Draft
from codeintel.planning.model import ImpossibleRequest, RemoveDeadCodeRequest, SymbolMapping
from codeintel.planning.python.unused_imports import (
    drop_imports,
    importer_texts,
    rebuild_block,
    rebuild_module,
    reexported,
    removable_imports,
)
from codeintel.planning.workspace import Workspace
from codeintel.service.models import Symbol


@dataclass(frozen=True)
class Target:
    """One definition to remove."""

    qualname: str
    path: str
    finding: str | None
    """The id of the dead_code finding it removes whole (None for a member of a larger finding)."""


def plan_remove_dead_code(workspace: Workspace, request: RemoveDeadCodeRequest) -> Draft:
    if request.symbols:
        targets = _named_targets(workspace, request)
        warnings: list[str] = []
    else:
        targets, warnings = _finding_targets(workspace, request)
    changes = Changeset(workspace)
    by_path: dict[str, list[Target]] = defaultdict(list)
    for target in targets:
        by_path[target.path].append(target)
    for path in sorted(by_path):
        names = sorted(t.qualname for t in by_path[path])
        dropped = _remove_from_file(workspace, changes, path, set(names))
        shown = ", ".join(f"`{n}`" for n in names)
        rationale = f"dead: {shown}"
        if dropped:
            rationale += f"; imports only they used: {', '.join(f'`{d}`' for d in sorted(dropped))}"
        count = len(names)
        changes.end_step(f"Remove {count} dead definition{'s' if count != 1 else ''} from {path}", rationale)
    removed = sorted(t.qualname for t in targets)
    files = sorted(by_path)
    where = files[0] if len(files) == 1 else f"{len(files)} files"
    return Draft(
        goal=f"Remove {len(removed)} dead definition{'s' if len(removed) != 1 else ''} from {where}",
        language="python",
        changes=changes,
        mapping=SymbolMapping(removed=removed),
        symbols_affected=removed,
        resolves=sorted({t.finding for t in targets if t.finding}),
        warnings=warnings,
    )


# ---------------------------------------------------------------- what to remove


def _dead_findings(workspace: Workspace) -> list[Finding]:
    return [f for f in workspace.findings if f.kind == "dead_code" and f.symbol]


def _named_targets(workspace: Workspace, request: RemoveDeadCodeRequest) -> list[Target]:
    findings = _dead_findings(workspace)
    by_symbol = {f.symbol or "": f for f in findings}
    member_of = {member: f for f in findings for member in f.evidence.get("members", [])}
    targets = []
    for name in request.symbols:
        symbol = workspace.symbol(name)
        finding = by_symbol.get(symbol.qualname) or member_of.get(symbol.qualname)
        if finding is None:
            dead = set(by_symbol) | set(member_of)
            raise ImpossibleRequest(f"{symbol.qualname} is not dead: {_live_because(workspace, symbol.id, dead)}")
        if finding.confidence == "low" and not request.include_low_confidence:
            raise ImpossibleRequest(
                f"{symbol.qualname} is dead with low confidence only ({finding.evidence.get('reason', '')}); "
                "pass include_low_confidence to remove it"
            )
        whole = finding.symbol == symbol.qualname
        targets.append(Target(symbol.qualname, symbol.file or finding.path, finding.id if whole else None))
    targets = _outermost(targets)
    left = _users_left(workspace, targets)
    if left:
        target, user = next(iter(left.items()))
        raise ImpossibleRequest(
            f"{target.qualname} is still used by {user}, which the request does not remove; remove both together"
        )
    return targets


def _live_because(workspace: Workspace, symbol_id: str, dead: set[str]) -> str:
    """Who keeps a symbol alive, for the refusal: a live caller, importer or subclass first."""
    users = [
        (row["src_qualname"], f"{row['src_qualname']} calls it ({row['file']}:{row['line']})")
        for row in workspace.query("calls_into", ids=[symbol_id])
    ]
    users += [
        (row["qualname"], f"{row['qualname']} imports it (line {row['line']})")
        for row in workspace.query("importers_of", ids=[symbol_id])
    ]
    users += [
        (row["qualname"], f"{row['qualname']} inherits from it")
        for row in workspace.query("subclasses_of", ids=[symbol_id])
    ]
    users.sort(key=lambda user: user[0] in dead or _within(user[0], dead))
    if users:
        return users[0][1]
    return "the dead-code analysis reaches it from an entry point (a test, a root decorator, `__all__` or a mention)"


def _finding_targets(workspace: Workspace, request: RemoveDeadCodeRequest) -> tuple[list[Target], list[str]]:
    def wanted(path: str) -> bool:
        return not request.paths or any(path == p or path.startswith(p.rstrip("/") + "/") for p in request.paths)

    findings = [f for f in _dead_findings(workspace) if wanted(f.path) and workspace.language_of(f.path) == "python"]
    low = [f for f in findings if f.confidence == "low"]
    if not request.include_low_confidence:
        findings = [f for f in findings if f.confidence != "low"]
    where = ", ".join(request.paths) or workspace.repo_id
    if not findings:
        skipped = f"; {len(low)} low-confidence findings were left out (include_low_confidence)" if low else ""
        raise ImpossibleRequest(f"no dead code to remove in {where}{skipped}")
    targets = _outermost([Target(f.symbol or "", f.path, f.id) for f in findings])
    warnings = []
    while left := _users_left(workspace, targets):
        for target, user in left.items():
            warnings.append(f"left {target.qualname} in place: {user} uses it and is not removed by this plan")
        targets = [t for t in targets if t not in left]
    if not targets:
        raise ImpossibleRequest(f"no dead code in {where} can be removed alone: {'; '.join(warnings)}")
    return targets, warnings


def _outermost(targets: list[Target]) -> list[Target]:
    """Targets less those inside another (a method of a class that goes too)."""
    names = {t.qualname for t in targets}
    unique = {t.qualname: t for t in targets}
    return [t for t in unique.values() if not _within(t.qualname, names - {t.qualname})]


def _within(name: str, containers: set[str]) -> bool:
    parts = name.split(".")
    return any(".".join(parts[:cut]) in containers for cut in range(1, len(parts)))


def _users_left(workspace: Workspace, targets: list[Target]) -> dict[Target, str]:
    """Targets that code staying in place still calls, imports or subclasses: the first such user."""
    names = {t.qualname for t in targets}
    by_file: dict[str, list[Symbol]] = defaultdict(list)
    for s in workspace.symbols.symbols:
        by_file[s.file or ""].append(s)
    ids: dict[str, Target] = {}
    for target in targets:
        for symbol in workspace.symbols.by_qualname.get(target.qualname, []):
            if symbol.label in ("Class", "Function"):
                ids[symbol.id] = target
                ids.update({d.id: target for d in _defined_inside(by_file, symbol)})
    if not ids:
        return {}
    left: dict[Target, str] = {}

    def note(target_id: str, user: str, where: str) -> None:
        target = ids[target_id]
        if user not in names and not _within(user, names) and target not in left:
            left[target] = f"{user} ({where})"

    for row in workspace.query("calls_into", ids=list(ids)):
        note(row["dst_id"], row["src_qualname"], f"a call at {row['file']}:{row['line']}")
    for row in workspace.query("importers_of", ids=list(ids)):
        note(row["target"], row["qualname"], f"an import at line {row['line']}")
    for row in workspace.query("subclasses_of", ids=list(ids)):
        note(row["base"], row["qualname"], "a subclass")
    return left


def _defined_inside(by_file: dict[str, list[Symbol]], symbol: Symbol) -> list[Symbol]:
    """The classes and functions inside `symbol` (its methods, nested functions, lambdas)."""
    prefix = symbol.qualname + "."
    return [
        s
        for s in by_file.get(symbol.file or "", [])
        if s.qualname.startswith(prefix) and s.label in ("Class", "Function")
    ]


# ---------------------------------------------------------------- the edit


def _remove_from_file(workspace: Workspace, changes: Changeset, path: str, qualnames: set[str]) -> set[str]:
    """Remove the definitions from one file, then the imports only they used; returns those imports."""
    before = cst.parse_module(changes.read(path))
    remover = _Remover(workspace.module_of(path), qualnames)
    after = before.visit(remover)
    missing = qualnames - remover.removed
    if missing:
        raise ImpossibleRequest(f"{path} holds no definition {', '.join(sorted(missing))} any more; rescan")
    module = workspace.module_of(path)
    dropped = removable_imports(before, after, path=path)
    if dropped:
        dropped -= reexported(module, dropped, importer_texts(workspace, changes, path, module))
    after = drop_imports(after, dropped)
    changes.write(path, after.code)
    return dropped


class _Remover(cst.CSTTransformer):
    """Drops the class and function definitions named by qualified name (module name first)."""

    def __init__(self, module: str, qualnames: set[str]) -> None:
        self.scope = [module]
        self.qualnames = qualnames
        self.removed: set[str] = set()

    def _doomed(self, statement: cst.BaseStatement) -> bool:
        if isinstance(statement, cst.FunctionDef | cst.ClassDef):
            name = ".".join([*self.scope, statement.name.value])
            if name in self.qualnames:
                self.removed.add(name)
                return True
        return False

    def _rewrite(self, statement: cst.BaseStatement) -> cst.BaseStatement | None:
        return None if self._doomed(statement) else statement

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.scope.append(node.name.value)

    def leave_ClassDef(self, original: cst.ClassDef, updated: cst.ClassDef) -> cst.ClassDef:
        self.scope.pop()
        return updated

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.scope.append(node.name.value)

    def leave_FunctionDef(self, original: cst.FunctionDef, updated: cst.FunctionDef) -> cst.FunctionDef:
        self.scope.pop()
        return updated

    def leave_IndentedBlock(self, original: cst.IndentedBlock, updated: cst.IndentedBlock) -> cst.IndentedBlock:
        if not any(isinstance(s, cst.FunctionDef | cst.ClassDef) for s in updated.body):
            return updated
        return rebuild_block(updated, self._rewrite)

    def leave_Module(self, original: cst.Module, updated: cst.Module) -> cst.Module:
        return rebuild_module(updated, self._rewrite)
