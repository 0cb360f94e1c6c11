"""One copy of a duplicated block: where it is in its module's LibCST tree, and what it needs and
gives (the names it reads from its function, the names it leaves for the rest of the function, and
whether control leaves it other than by falling through).

A clone finding gives token spans (lines), which may start or end in the middle of a statement:
the copy is the longest run of whole statements of one block of a function inside that span. When
the run is the function's whole body (its docstring aside) the copy is the whole function, and a
`return` inside it may stay (the call is returned).

LibCST's scope analysis answers which names a statement reads and which assignments those reads
see; its positions tie the finding's lines to statements.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import (
    Assignment,
    BaseAssignment,
    BuiltinScope,
    FunctionScope,
    GlobalScope,
    MetadataWrapper,
    PositionProvider,
    Scope,
    ScopeProvider,
)

from codeintel.planning.model import ImpossibleRequest


@dataclass
class ParsedModule:
    """A module's tree with its positions and scopes, node identities shared with `tree`."""

    path: str
    name: str
    tree: cst.Module
    positions: dict
    scopes: dict

    @classmethod
    def parse(cls, path: str, name: str, text: str) -> ParsedModule:
        tree = cst.parse_module(text)
        wrapper = MetadataWrapper(tree, unsafe_skip_copy=True)
        return cls(path, name, tree, dict(wrapper.resolve(PositionProvider)), dict(wrapper.resolve(ScopeProvider)))

    def lines(self, node: cst.CSTNode) -> tuple[int, int]:
        span = self.positions[node]
        return span.start.line, span.end.line


@dataclass
class Copy:
    """One copy: the run `owner.body[start:end]` of statements inside `function`."""

    module: ParsedModule
    function: cst.FunctionDef
    qualname: str
    """The enclosing function's qualified name (as the call graph names it)."""
    owner: cst.IndentedBlock
    start: int
    end: int
    whole: bool
    """The run is the function's whole body (its docstring aside)."""

    @property
    def tail(self) -> bool:
        """The run ends the function's body: a `return` in it may stay (the call is returned)."""
        return self.owner is self.function.body and self.end == len(self.owner.body)

    nodes: set[int] = field(default_factory=set)
    """id() of every node inside the run."""

    @property
    def statements(self) -> list[cst.BaseStatement]:
        return list(self.owner.body[self.start : self.end])

    @property
    def where(self) -> str:
        first, _ = self.module.lines(self.statements[0])
        _, last = self.module.lines(self.statements[-1])
        return f"{self.module.path}:{first}-{last}"


def locate(module: ParsedModule, start_line: int, end_line: int) -> Copy:
    """The longest run of whole statements of one function's block within the lines."""
    best: tuple[int, int, cst.IndentedBlock, int, int, list[str], cst.FunctionDef] | None = None
    for block, function, scope in _function_blocks(module.tree):
        run = [
            i
            for i, statement in enumerate(block.body)
            if start_line <= module.lines(statement)[0] and module.lines(statement)[1] <= end_line
        ]
        if not run:
            continue
        first, last = module.lines(block.body[run[0]])[0], module.lines(block.body[run[-1]])[1]
        score = last - first + 1
        if best is None or score > best[0]:
            best = (score, -len(scope), block, run[0], run[-1] + 1, scope, function)
    if best is None:
        raise ImpossibleRequest(
            f"the copy at {module.path}:{start_line}-{end_line} is not inside a function: only blocks of "
            "functions and whole functions are extracted"
        )
    _, _, block, start, end, scope, function = best
    return narrowed(Copy(module, function, ".".join([module.name, *scope]), block, start, end, False), start, end)


def narrowed(copy: Copy, start: int, end: int) -> Copy:
    """The copy cut down to `owner.body[start:end]`."""
    body = copy.function.body
    whole = copy.owner is body and end == len(body.body) and start == (1 if _docstring(copy.function) else 0)
    out = Copy(copy.module, copy.function, copy.qualname, copy.owner, start, end, whole)
    for statement in out.statements:
        out.nodes |= _descendants(statement)
    return out


def _function_blocks(tree: cst.Module) -> list[tuple[cst.IndentedBlock, cst.FunctionDef, list[str]]]:
    """Every indented block inside a function, with its innermost function and that function's
    scope path (class and function names from the module down)."""
    found: list[tuple[cst.IndentedBlock, cst.FunctionDef, list[str]]] = []

    class Finder(cst.CSTVisitor):
        def __init__(self) -> None:
            self.path: list[str] = []
            self.functions: list[cst.FunctionDef] = []

        def visit_ClassDef(self, node: cst.ClassDef) -> None:
            self.path.append(node.name.value)

        def leave_ClassDef(self, node: cst.ClassDef) -> None:
            self.path.pop()

        def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
            self.path.append(node.name.value)
            self.functions.append(node)

        def leave_FunctionDef(self, node: cst.FunctionDef) -> None:
            self.path.pop()
            self.functions.pop()

        def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
            if self.functions:
                found.append((node, self.functions[-1], list(self.path)))

    tree.visit(Finder())
    return found


def _docstring(function: cst.FunctionDef) -> bool:
    body = function.body
    return isinstance(body, cst.IndentedBlock) and bool(body.body) and function.get_docstring() is not None


def _descendants(node: cst.CSTNode) -> set[int]:
    out = {id(node)}
    for child in node.children:
        out |= _descendants(child)
    return out


# ---------------------------------------------------------------- what the block reads and writes


@dataclass
class Flow:
    """What one copy needs from its function and gives back to it."""

    reads: list[str]
    """Names the block reads that its function binds outside the block (parameters, earlier
    assignments): the shared function's parameters, in order of first use."""
    writes: list[str]
    """Names the block binds that the function reads outside the block: the shared function's results."""
    globals: list[str]
    """Names the block reads from the module, imports or builtins, in order of first use."""


def flow(copy: Copy) -> Flow:
    scopes, positions = copy.module.scopes, copy.module.positions
    function_scope = scopes[copy.function.body]
    if not isinstance(function_scope, FunctionScope):
        function_scope = scopes.get(copy.statements[0])
    local_scopes = _function_scopes(function_scope)
    reads: dict[str, int] = {}
    globals_: dict[str, int] = {}
    inner: set[str] = set()

    def where(node: cst.CSTNode) -> tuple[int, int]:
        span = positions[node].start
        return span.line, span.column

    def seen(name: str, node: cst.CSTNode, referents) -> None:
        assignments = [r for r in referents if isinstance(r, BaseAssignment)]
        local = [r for r in assignments if r.scope in local_scopes]
        if local:
            if any(not isinstance(r, Assignment) or id(r.node) not in copy.nodes for r in local):
                reads[name] = min(reads.get(name, where(node)), where(node))
        elif all(isinstance(r.scope, GlobalScope | BuiltinScope) for r in assignments):
            globals_[name] = min(globals_.get(name, where(node)), where(node))

    all_scopes: set[Scope] = {s for s in scopes.values() if s is not None}
    for scope in all_scopes:
        for access in scope.accesses:
            if id(access.node) in copy.nodes and isinstance(access.node, cst.Name):
                seen(access.node.value, access.node, access.referents)
    for node in _walk(copy.statements):
        if isinstance(node, cst.AugAssign) and isinstance(node.target, cst.Name):
            name = node.target.value
            seen(name, node.target, function_scope[name] if name in function_scope else ())  # noqa: SIM401 (no Scope.get)
    for assignment in function_scope.assignments:
        if isinstance(assignment, Assignment) and id(assignment.node) in copy.nodes:
            inner.add(assignment.name)
    updated_after = {
        node.target.value
        for node in _walk([copy.function.body])
        if isinstance(node, cst.AugAssign) and isinstance(node.target, cst.Name) and id(node) not in copy.nodes
    }
    writes = []
    for name in sorted(inner):
        used_outside = name in updated_after or any(
            id(ref.node) not in copy.nodes
            for assignment in function_scope[name]
            if assignment.scope is function_scope
            for ref in assignment.references
        )
        if used_outside:
            writes.append(name)
    writes = sorted(set(writes), key=lambda n: _first_assignment(copy, function_scope, n))
    return Flow(
        reads=sorted(reads, key=reads.__getitem__),
        writes=writes,
        globals=sorted(globals_, key=globals_.__getitem__),
    )


def _first_assignment(copy: Copy, scope: Scope, name: str) -> tuple[int, int]:
    spans = [
        copy.module.positions[a.node].start
        for a in scope[name]
        if isinstance(a, Assignment) and id(a.node) in copy.nodes and a.node in copy.module.positions
    ]
    first = min(spans, key=lambda s: (s.line, s.column))
    return first.line, first.column


def _function_scopes(scope: Scope) -> set[Scope]:
    """The function's scope and those of the functions around it (closures read them too)."""
    out: set[Scope] = set()
    current = scope
    while not isinstance(current, GlobalScope | BuiltinScope):
        if isinstance(current, FunctionScope):
            out.add(current)
        current = current.parent
    return out


def _walk(nodes, stop: tuple[type, ...] = ()) -> list[cst.CSTNode]:
    """Every node under `nodes`, not descending into nodes of the `stop` types (which are listed)."""
    out: list[cst.CSTNode] = []
    stack = list(reversed(list(nodes)))
    while stack:
        node = stack.pop()
        out.append(node)
        if stop and isinstance(node, stop):
            continue
        stack.extend(reversed(node.children))
    return out


def escapes(copy: Copy) -> str | None:
    """Why control or a name binding leaves the block other than by falling through, or None."""
    scoped = (cst.FunctionDef, cst.Lambda, cst.ClassDef)
    for node in _walk(copy.statements, stop=scoped):
        if isinstance(node, scoped):
            continue
        if isinstance(node, cst.Global | cst.Nonlocal):
            keyword = "global" if isinstance(node, cst.Global) else "nonlocal"
            return f"it declares `{keyword}` names"
        if isinstance(node, cst.Yield):
            return "it yields (a generator's body cannot move into another function)"
        if isinstance(node, cst.Await):
            return "it awaits (the shared function would have to be a coroutine)"
        if isinstance(node, cst.Return) and not copy.tail:
            return "it returns from the middle of its function"
    for statement in copy.statements:
        for node in _loose_jumps(statement):
            word = "break" if isinstance(node, cst.Break) else "continue"
            return f"its `{word}` leaves the block for a loop around it"
    for node in _walk(copy.statements):
        bare_call = isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and not node.args
        if bare_call and node.func.value == "super":  # type: ignore[attr-defined]
            return "it calls `super()` without arguments, which works only inside the class"
        if bare_call and node.func.value in ("locals", "vars"):  # type: ignore[attr-defined]
            return f"it calls `{node.func.value}()`, which sees the function's own variables"  # type: ignore[attr-defined]
        if isinstance(node, cst.Attribute) and node.attr.value.startswith("__") and not node.attr.value.endswith("__"):
            return f"it uses the private name `{node.attr.value}`, which Python mangles inside a class only"
    return None


def _loose_jumps(node: cst.CSTNode) -> list[cst.CSTNode]:
    """break/continue statements under `node` that are not inside a loop under `node`."""
    if isinstance(node, cst.Break | cst.Continue):
        return [node]
    if isinstance(node, cst.For | cst.While):
        return _loose_jumps(node.orelse) if node.orelse is not None else []
    if isinstance(node, cst.FunctionDef | cst.ClassDef | cst.Lambda):
        return []
    out: list[cst.CSTNode] = []
    for child in node.children:
        out += _loose_jumps(child)
    return out


def has_return(copy: Copy) -> bool:
    scoped = (cst.FunctionDef, cst.Lambda, cst.ClassDef)
    return any(isinstance(n, cst.Return) for n in _walk(copy.statements, stop=scoped) if not isinstance(n, scoped))
