"""Break a Python import cycle: for each import the cycle analysis says to cut (A imports B), move
the names A uses from B out of B's way, or make the import local to the functions that use it.

The import_cycle finding names the fewest imports whose removal breaks the cycle
(codeintel.analysis.cycles); each is tried in turn, then, for a cycle cut by one import, the
other imports of its shortest cycle. For an import A -> B, in order:

1. move the functions and classes A uses from B into A, or, when B uses them too, into a new
   module both import (`move_symbols`): the fix that removes the dependency itself. It is taken
   when the module graph after it no longer has A -> B and has no new cycle;
2. where A uses B's names only inside function bodies, import them there instead of at the top
   of A: the modules then load without the cycle, and every symbol stays in place. The graph
   still records a function-local import, so this is the fallback.

Edits are LibCST tree edits (a lossless tree: comments and formatting survive), as for move.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import ImportAssignment, MetadataWrapper, ParentNodeProvider, ScopeProvider

from codeintel.analysis.cycles import fewest_edges_to_break, shortest_cycle_through
from codeintel.analysis.module_graph import strongly_connected
from codeintel.planning.changes import Changeset, Draft
from codeintel.planning.model import BreakCycleRequest, ImpossibleRequest, SymbolMapping, UnknownTarget
from codeintel.planning.python.imports import (
    LineDropper,
    absolute_from,
    alias_name,
    bound_name,
    import_insert_index,
    is_package_file,
    keep_aliases,
    level_of,
    module_of_import,
)
from codeintel.planning.python.move import ComputedMove, module_graph_after, move_symbols
from codeintel.planning.python.nodes import node_ids
from codeintel.planning.workspace import Workspace
from codeintel.service.models import Symbol

Edge = tuple[str, str]


@dataclass
class _Cycle:
    cycle: list[str]
    members: list[str]
    cuts: list[Edge]
    finding: str | None


@dataclass
class _Outcome:
    renamed: dict[str, str] = field(default_factory=dict)
    added: list[str] = field(default_factory=list)
    symbols: list[str] = field(default_factory=list)
    local_edges: set[Edge] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)


def plan_break_cycle(workspace: Workspace, request: BreakCycleRequest) -> Draft:
    target = _the_cycle(workspace, request)
    ring = " -> ".join([*target.cycle, target.cycle[0]])
    reasons: list[str] = []
    for attempt in _attempts(target):  # each from the scanned code: a failed attempt leaves nothing behind
        changes = Changeset(workspace)
        outcome = _Outcome()
        tried = _break_all(workspace, changes, attempt, request.allow_local_import, outcome, reasons)
        if tried and _broken(workspace, changes, target.members, outcome.local_edges):
            break
        if tried:
            cut = ", ".join(f"{a} -> {b}" for a, b in attempt)
            reasons.append(f"cutting {cut} leaves {', '.join(target.members)} in a cycle")
    else:
        raise ImpossibleRequest(f"the import cycle {ring} cannot be broken safely: " + "; ".join(reasons))
    return Draft(
        goal=f"Break the import cycle {ring}",
        language="python",
        changes=changes,
        mapping=SymbolMapping(renamed=outcome.renamed, added=outcome.added),
        symbols_affected=outcome.symbols,
        resolves=[target.finding] if target.finding else [],
        warnings=outcome.warnings,
        public_api=any(not name.rpartition(".")[2].startswith("_") for name in outcome.renamed),
    )


# ---------------------------------------------------------------- which cycle, which imports


def _the_cycle(workspace: Workspace, request: BreakCycleRequest) -> _Cycle:
    graph = workspace.module_graph
    if request.finding:
        finding = workspace.finding(request.finding)
        if finding.kind != "import_cycle":
            raise ImpossibleRequest(f"finding {finding.id} is a {finding.kind} finding, not an import_cycle one")
        evidence = finding.evidence
        cuts = [(cut["source"], cut["target"]) for cut in evidence.get("break", [])]
        return _Cycle(list(evidence["cycle"]), list(evidence["members"]), cuts, finding.id)
    unknown = [m for m in request.modules if m not in graph.edges]
    if unknown:
        raise UnknownTarget(f"no module {unknown[0]!r} in {workspace.repo_id}")
    component = next((c for c in strongly_connected(graph.edges) if request.modules[0] in c), [])
    outside = [m for m in request.modules if m not in component]
    if len(component) < 2 or outside:
        raise ImpossibleRequest(f"{', '.join(request.modules)} do not import one another in a cycle")
    start = min(component)
    cycle = shortest_cycle_through(graph.edges, start, set(component)) or [start]
    cuts = list(fewest_edges_to_break(graph.edges, component).edges)
    finding = next(
        (f.id for f in workspace.findings if f.kind == "import_cycle" and f.evidence.get("members") == component),
        None,
    )
    return _Cycle(cycle, component, cuts, finding)


def _attempts(target: _Cycle) -> list[list[Edge]]:
    """The analysis's imports to cut first; for a cycle one import cuts, each other import of
    its shortest cycle after."""
    attempts = [target.cuts]
    if len(target.cuts) == 1:
        ring = list(zip(target.cycle, [*target.cycle[1:], target.cycle[0]], strict=True))
        attempts += [[edge] for edge in ring if edge not in target.cuts]
    return attempts


def _broken(workspace: Workspace, changes: Changeset, members: list[str], local_edges: set[Edge]) -> bool:
    """Whether no two of `members` import each other in a cycle any more (at load time: the
    function-local imports this plan made do not count)."""
    graph = module_graph_after(workspace, changes)
    for source, target in local_edges:
        graph.get(source, set()).discard(target)
    inside = set(members)
    return not any(len(set(c) & inside) >= 2 for c in strongly_connected(graph) if len(c) >= 2)


# ---------------------------------------------------------------- one import to cut


def _break_all(
    workspace: Workspace,
    changes: Changeset,
    edges: list[Edge],
    allow_local: bool,
    outcome: _Outcome,
    reasons: list[str],
) -> bool:
    """Cut every import of `edges`; False (with the reasons) at the first that cannot be cut."""
    for source, target in edges:
        reason = _break_edge(workspace, changes, source, target, allow_local, outcome)
        if reason is not None:
            reasons.append(reason)
            return False
    return True


def _break_edge(
    workspace: Workspace, changes: Changeset, a: str, b: str, allow_local: bool, outcome: _Outcome
) -> str | None:
    """Cut the import a -> b with the first fix that works; None when done, else why not."""
    a_path = workspace.file_of_module[a]
    uses = _uses_of(changes.read(a_path), a, is_package_file(a_path), b)
    if not uses.assignments:
        return f"{a} imports {b} other than by a top-level import of it or of its names, which this plan does not edit"
    if uses.whole_module or not uses.names:
        why_not_move = f"{a} uses {b} as a whole, not names in it that could move"
    else:
        why_not_move = _try_moves(workspace, changes, a, b, uses, outcome)
        if why_not_move is None:
            return None
    if uses.module_level:
        return (
            f"{a} uses {', '.join(sorted(uses.names))} from {b} at module level ({uses.module_level[0]}), "
            f"and {why_not_move}"
        )
    if not allow_local:
        return f"{why_not_move}, and a local import (the only other fix) was not allowed"
    functions = _make_local(changes, a, a_path, uses)
    outcome.local_edges.add((a, b))
    outcome.symbols.extend(functions)
    them = "it" if len(functions) == 1 else "them"
    changes.end_step(
        f"Import {b} inside the functions of {a} that use it",
        f"{why_not_move}; {a} uses {', '.join(sorted(uses.names))} from {b} only inside "
        f"{', '.join(functions)}, so the import moves into {them}: {a} no longer imports {b} when it loads, "
        "which breaks the cycle and keeps every symbol in place (the module graph still records the "
        "function-local import)",
    )
    return None


def _try_moves(workspace: Workspace, changes: Changeset, a: str, b: str, uses: _Uses, outcome: _Outcome) -> str | None:
    """Move what a uses from b into a (or a new module); None when done, else why not."""
    symbols: list[Symbol] = []
    for name in sorted(uses.names):
        found = [
            s
            for s in workspace.symbols.by_qualname.get(f"{b}.{name}", [])
            if s.label in ("Class", "Function") and s.kind not in ("method", "nested")
        ]
        if not found:
            return f"{b}.{name} is not a function or class that could move"
        symbols.append(found[0])
    destinations = [a, _shared_module(workspace, b)]
    if _used_in(changes.read(workspace.file_of_module[b]), [s.name for s in symbols]):
        destinations.reverse()  # b uses them too: a module both import comes first
    reasons = []
    them = "it" if len(symbols) == 1 else "them"
    for destination in destinations:
        still_imports = _refuse_if_still_imports(a, b, f"after moving {them} into {destination}")
        try:
            move = move_symbols(workspace, changes, symbols, destination, refuse=still_imports)
        except ImpossibleRequest as exc:
            reasons.append(exc.message)
            continue
        _take(changes, move, outcome, symbols, a, b, destination)
        return None
    names = ", ".join(s.qualname for s in symbols)
    return f"{names} cannot move: " + "; ".join(reasons)


def _refuse_if_still_imports(a: str, b: str, after: str) -> Callable[[ComputedMove], str | None]:
    """move_symbols' `refuse` for a move that leaves the import a -> b it was to remove."""

    def refuse(move: ComputedMove) -> str | None:
        return f"{a} would still import {b} {after}" if b in move.graph_after.get(a, set()) else None

    return refuse


def _take(
    changes: Changeset, move: ComputedMove, outcome: _Outcome, symbols: list[Symbol], a: str, b: str, destination: str
) -> None:
    outcome.renamed.update(move.renamed)
    outcome.added.extend(move.added_modules)
    outcome.symbols.extend(s.qualname for s in symbols)
    outcome.warnings.extend(move.warnings)
    names = ", ".join(s.name for s in symbols)
    them = "it" if len(symbols) == 1 else "them"
    where = (
        f"into {a}, the module that uses {them},"
        if destination == a
        else f"into the new module {destination}, which {a} and {b} both import,"
    )
    changes.end_step(
        f"Move {names} from {b} to {destination}",
        f"{a} imports {b} only for {names}; moving {them} {where} removes the import {a} -> {b} "
        "and creates no other cycle",
    )


def _shared_module(workspace: Workspace, b: str) -> str:
    name = f"{b}_shared"
    number = 2
    while name in workspace.file_of_module:
        name = f"{b}_shared{number}"
        number += 1
    return name


# ---------------------------------------------------------------- what a uses from b


@dataclass
class _Uses:
    names: set[str] = field(default_factory=set)
    """b's names a uses (from-imports, and attributes of b reached through a module binding)."""
    assignments: list[ImportAssignment] = field(default_factory=list)
    """a's top-level import bindings that reach b."""
    module_level: list[str] = field(default_factory=list)
    """Where a uses them outside function bodies (one line each)."""
    whole_module: list[str] = field(default_factory=list)
    """Bindings of b itself that a uses as a value (not `b.name`): nothing to move then."""


def _uses_of(text: str, a: str, is_package: bool, b: str) -> _Uses:
    tree = cst.parse_module(text)
    wrapper = MetadataWrapper(tree, unsafe_skip_copy=True)
    scope = wrapper.resolve(ScopeProvider)[tree]
    parents = wrapper.resolve(ParentNodeProvider)
    assert scope is not None
    uses = _Uses()
    for assignment in scope.assignments:
        if not isinstance(assignment, ImportAssignment):
            continue
        reach = _reach(assignment, a, is_package, b)
        if reach is None:
            continue
        uses.assignments.append(assignment)
        if not _top_level(assignment.node, parents, tree):
            continue
        for reference in assignment.references:
            node = reference.node
            if reach == "module":
                parent = parents.get(node)
                if isinstance(parent, cst.Attribute) and parent.value is node:
                    uses.names.add(parent.attr.value)
                else:
                    uses.whole_module.append(assignment.name)
            else:
                uses.names.add(reach)
            if _enclosing_function(node, parents) is None:
                uses.module_level.append(f"{assignment.name} outside any function body")
        if not assignment.references:
            uses.module_level.append(f"{assignment.name} imported but not used (a re-export)")
    uses.assignments = [a_ for a_ in uses.assignments if _top_level(a_.node, parents, tree)]
    return uses


def _reach(assignment: ImportAssignment, a: str, is_package: bool, b: str) -> str | None:
    """'module' when the binding is module b itself, b's name when it is a name from b, else None."""
    node = assignment.node
    if isinstance(node, cst.Import):
        for alias in node.names:
            if alias_name(alias) == b and (alias.asname is not None and bound_name(alias) == assignment.name):
                return "module"
            if alias_name(alias) == b and alias.asname is None and assignment.name == b:
                return "module"
        return None
    if not isinstance(node, cst.ImportFrom) or isinstance(node.names, cst.ImportStar):
        return None
    base = absolute_from(a, is_package, level_of(node), module_of_import(node))
    for alias in node.names:
        if bound_name(alias) != assignment.name:
            continue
        if f"{base}.{alias_name(alias)}" == b:
            return "module"
        if base == b:
            return alias_name(alias)
    return None


def _top_level(node: cst.CSTNode, parents, tree: cst.Module) -> bool:  # type: ignore[no-untyped-def]
    line = parents.get(node)
    return line is not None and parents.get(line) is tree


def _enclosing_function(node: cst.CSTNode, parents) -> cst.FunctionDef | None:  # type: ignore[no-untyped-def]
    """The outermost function whose body holds `node` (not its decorators, defaults or annotations)."""
    found = None
    child, parent = node, parents.get(node)
    while parent is not None:
        if isinstance(parent, cst.FunctionDef) and child is parent.body:
            found = parent
        child, parent = parent, parents.get(parent)
    return found


def _used_in(text: str, names: list[str]) -> bool:
    """Whether the module-level names `names` are used in `text` outside their own definitions."""
    tree = cst.parse_module(text)
    scope = MetadataWrapper(tree, unsafe_skip_copy=True).resolve(ScopeProvider)[tree]
    assert scope is not None
    own = {id(s) for s in tree.body if isinstance(s, cst.FunctionDef | cst.ClassDef) and s.name.value in names}
    inside: set[int] = set()
    for statement in tree.body:
        if id(statement) in own:
            inside |= node_ids(statement)
    return any(
        id(reference.node) not in inside
        for assignment in scope.assignments
        if assignment.name in names
        for reference in assignment.references
    )


# ---------------------------------------------------------------- the local import


def _make_local(changes: Changeset, a: str, path: str, uses: _Uses) -> list[str]:
    """Move a's top-level imports of b into the functions that use them; returns those functions."""
    text = changes.read(path)
    tree = cst.parse_module(text)
    wrapper = MetadataWrapper(tree, unsafe_skip_copy=True)
    scope = wrapper.resolve(ScopeProvider)[tree]
    parents = wrapper.resolve(ParentNodeProvider)
    assert scope is not None
    names = {assignment.name for assignment in uses.assignments}
    statements: dict[int, cst.Import | cst.ImportFrom] = {}
    needs: dict[int, dict[int, set[str]]] = {}  # function -> import statement -> bound names it needs
    functions: dict[int, cst.FunctionDef] = {}
    for assignment in scope.assignments:
        if not isinstance(assignment, ImportAssignment) or assignment.name not in names:
            continue
        if not _top_level(assignment.node, parents, tree):
            continue
        statements[id(assignment.node)] = assignment.node  # type: ignore[assignment]
        for reference in assignment.references:
            function = _enclosing_function(reference.node, parents)
            assert function is not None
            functions[id(function)] = function
            needs.setdefault(id(function), {}).setdefault(id(assignment.node), set()).add(assignment.name)
    codes: dict[int, list[str]] = {}
    for function_id, wanted in needs.items():
        codes[function_id] = [
            _import_code(statements[statement_id], bound) for statement_id, bound in sorted(wanted.items())
        ]
    new = tree.visit(_Localise(statements, names, codes))
    changes.write(path, new.code)
    qualname = _qualnames(tree, a)
    return sorted(qualname[function_id] for function_id in functions)


def _import_code(node: cst.Import | cst.ImportFrom, bound: set[str]) -> str:
    """The import statement `node` reduced to the aliases binding `bound`, as code."""
    assert not isinstance(node.names, cst.ImportStar)
    keep = [alias for alias in node.names if bound_name(alias) in bound or alias_name(alias) in bound]
    keep[-1] = keep[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    reduced = node.with_changes(names=keep, semicolon=cst.MaybeSentinel.DEFAULT)
    if isinstance(reduced, cst.ImportFrom) and len(keep) == 1:
        reduced = reduced.with_changes(lpar=None, rpar=None)
    return cst.Module(body=[]).code_for_node(reduced)


class _Localise(LineDropper):
    def __init__(self, statements: dict[int, cst.CSTNode], names: set[str], codes: dict[int, list[str]]) -> None:
        super().__init__()
        self.statements = statements
        self.names = names
        self.codes = codes

    def _trim(self, original, updated):  # type: ignore[no-untyped-def]
        if id(original) not in self.statements:
            return updated
        keep = [a for a in updated.names if bound_name(a) not in self.names and alias_name(a) not in self.names]
        return keep_aliases(updated, keep) if keep else cst.RemoveFromParent()

    def leave_Import(self, original, updated):  # type: ignore[no-untyped-def]
        return self._trim(original, updated)

    def leave_ImportFrom(self, original, updated):  # type: ignore[no-untyped-def]
        return self._trim(original, updated)

    def leave_SimpleStatementLine(self, original, updated):  # type: ignore[no-untyped-def]
        return updated if updated.body else self.drop(updated)

    def leave_FunctionDef(self, original: cst.FunctionDef, updated: cst.FunctionDef) -> cst.FunctionDef:
        codes = self.codes.get(id(original))
        if not codes or not isinstance(updated.body, cst.IndentedBlock):
            return updated
        body = list(updated.body.body)
        at = import_insert_index(body)
        lines = [cst.parse_statement(code) for code in codes]
        if at < len(body) and at > 0:
            body[at] = body[at].with_changes(leading_lines=[cst.EmptyLine(indent=False), *body[at].leading_lines])
        elif at == 0 and body:
            lines[0] = lines[0].with_changes(leading_lines=body[0].leading_lines)
            body[0] = body[0].with_changes(leading_lines=[cst.EmptyLine(indent=False)])
        return updated.with_changes(body=updated.body.with_changes(body=body[:at] + lines + body[at:]))


def _qualnames(tree: cst.Module, module: str) -> dict[int, str]:
    """Qualified names of the functions of `tree` (methods under their class), by node id."""
    out: dict[int, str] = {}

    def walk(body, prefix: str) -> None:  # type: ignore[no-untyped-def]
        for statement in body:
            if isinstance(statement, cst.FunctionDef):
                out[id(statement)] = f"{prefix}.{statement.name.value}"
            elif isinstance(statement, cst.ClassDef) and isinstance(statement.body, cst.IndentedBlock):
                walk(statement.body.body, f"{prefix}.{statement.name.value}")

    walk(tree.body, module)
    return out
