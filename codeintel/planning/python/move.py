"""Move top-level functions and classes to another module, updating every import.

Edits are made on LibCST trees (a lossless concrete syntax tree): the moved definitions keep
their decorators, comments and formatting byte for byte, and the imports of every importer are
rewritten in place without disturbing the rest of the file, which raw spans or `ast` (that
drops comments and formatting) would not give. LibCST's scope analysis says which module-level
names the moved code uses, so exactly those come along as imports.

A move is computed in full (every new text and the module graph after it) before anything is
written, so a refused move leaves the Changeset as it was; break_cycle relies on that to try
one fix after another.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass, field
from pathlib import PurePosixPath

import libcst as cst
from libcst.metadata import Assignment, ImportAssignment, MetadataWrapper, PositionProvider, ScopeProvider

from codeintel.planning.changes import Changeset, Draft
from codeintel.planning.model import ImpossibleRequest, MoveRequest, PlanningError, SymbolMapping
from codeintel.planning.python.imports import (
    ImportRewriter,
    absolute_from,
    add_future_imports,
    add_imports,
    alias_name,
    bound_name,
    future_features,
    imported_modules,
    is_package_file,
    level_of,
    module_of_import,
    prefers_relative,
    render_from,
    valid_module_name,
)
from codeintel.planning.python.nodes import node_ids
from codeintel.planning.python.unused_imports import drop_imports, reexported, removable_imports
from codeintel.planning.workspace import Workspace
from codeintel.service.models import Symbol

ModuleEdges = dict[str, set[str]]


@dataclass
class ComputedMove:
    """A move worked out but not yet written: the new texts, and what they mean."""

    texts: dict[str, str] = field(default_factory=dict)
    created: set[str] = field(default_factory=set)
    renamed: dict[str, str] = field(default_factory=dict)
    added_modules: list[str] = field(default_factory=list)
    graph_after: ModuleEdges = field(default_factory=dict)
    new_edges: set[tuple[str, str]] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)

    def write(self, changes: Changeset) -> None:
        for path in sorted(self.texts):
            if path in self.created and not changes.exists(path):
                changes.create(path, self.texts[path])
            else:
                changes.write(path, self.texts[path])


def move_symbols(
    workspace: Workspace,
    changes: Changeset,
    symbols: list[Symbol],
    to_module: str,
    refuse: Callable[[ComputedMove], str | None] | None = None,
) -> ComputedMove:
    """Move the top-level functions and classes `symbols` into `to_module` (created, with any
    missing package `__init__.py`, when it does not exist), writing into `changes`.

    The definitions leave their modules with their decorators and the comments directly above
    them and land at the end of the destination; what they use comes along as imports (the
    source's imports they use, in the same style; the source's names that stay, imported from
    it); every importer (`from src import f`, relative forms, `import src` with `src.f` uses,
    re-exports in `__init__.py`, `__all__`) is rewritten to the destination, and a source
    module that still uses a moved name imports it from there.

    Returns the move written: its `renamed` mapping {old qualname: new qualname} (a class carries
    its methods by the prefix rule), the modules it created (`added_modules`) and its `warnings`
    (what it could not rewrite: star imports, names spelt out in strings). Raises
    ImpossibleRequest, with the reason, when the destination already binds a name, a symbol is
    not top level, the destination is a source, its name is not a valid module name, the module
    graph after the move would have a new import cycle (named), or `refuse`, the caller's own
    condition on the computed move, gives a reason; a refused move writes nothing. It does not
    end a step: the caller does.
    """
    move = compute_move(workspace, changes, symbols, to_module)
    refuse_new_cycles(move, symbols, to_module)
    reason = refuse(move) if refuse is not None else None
    if reason is not None:
        raise ImpossibleRequest(reason)
    move.write(changes)
    return move


def plan_move(workspace: Workspace, request: MoveRequest) -> Draft:
    symbols = [workspace.symbol(name) for name in request.symbols]
    changes = Changeset(workspace)
    move = move_symbols(workspace, changes, symbols, request.to_module)
    names = ", ".join(s.qualname for s in symbols)
    changes.end_step(
        f"Move {names} to {request.to_module}",
        f"the definitions move with their decorators and comments; every import of them now names {request.to_module}",
    )
    return Draft(
        goal=f"Move {names} to {request.to_module}",
        language="python",
        changes=changes,
        mapping=SymbolMapping(renamed=move.renamed, added=move.added_modules),
        symbols_affected=[s.qualname for s in symbols],
        warnings=move.warnings,
        public_api=any(not s.name.startswith("_") for s in symbols),
    )


# ---------------------------------------------------------------- computing a move


def compute_move(workspace: Workspace, changes: Changeset, symbols: list[Symbol], to_module: str) -> ComputedMove:
    """Every new text of the move and the module graph after it; raises ImpossibleRequest for a
    request that cannot be carried out (cycles are checked by `refuse_new_cycles`)."""
    if not valid_module_name(to_module):
        raise ImpossibleRequest(f"{to_module!r} is not a valid Python module name")
    groups: dict[str, list[Symbol]] = {}
    for symbol in symbols:
        _check_top_level(workspace, symbol)
        source = workspace.module_of(symbol.file or "")
        if source == to_module:
            raise ImpossibleRequest(
                f"{symbol.qualname} is defined in {to_module} already: the destination is its module"
            )
        groups.setdefault(source, []).append(symbol)
    move = ComputedMove()
    files = _Files(workspace, changes, move)
    dst_path = files.ensure_module(to_module, next(iter(symbols)).file or "")
    for source, group in groups.items():
        _move_group(workspace, files, move, source, [s.name for s in group], to_module, dst_path)
        for symbol in group:
            move.renamed[symbol.qualname] = f"{to_module}.{symbol.name}"
    move.graph_after, move.new_edges = _graph_after(workspace, changes, move, files)
    return move


def _check_top_level(workspace: Workspace, symbol: Symbol) -> None:
    if symbol.label not in ("Class", "Function") or symbol.file is None:
        raise ImpossibleRequest(f"{symbol.qualname} is not a function or class: only those can be moved")
    module = workspace.module_of(symbol.file)
    if symbol.qualname != f"{module}.{symbol.name}" or symbol.kind in ("method", "nested"):
        what = "a method" if symbol.kind == "method" else "a nested definition"
        raise ImpossibleRequest(
            f"{symbol.qualname} is {what}, not a top-level function or class of {module}: "
            "move its top-level class or function instead"
        )


class _Files:
    """The texts a move reads and writes: the changeset's, overlaid with the move's own."""

    def __init__(self, workspace: Workspace, changes: Changeset, move: ComputedMove) -> None:
        self.workspace = workspace
        self.changes = changes
        self.move = move
        self.modules = set(workspace.file_of_module)
        self.path_of = dict(workspace.file_of_module)
        for path in changes.touched():  # modules earlier moves on this changeset created
            if path.endswith(".py") and path not in workspace.file_states and changes.final_text(path) is not None:
                module = _module_for_path(workspace, path)
                if module is not None:
                    self.modules.add(module)
                    self.path_of[module] = path

    def read(self, path: str) -> str:
        return self.move.texts[path] if path in self.move.texts else self.changes.read(path)

    def write(self, path: str, text: str) -> None:
        self.move.texts[path] = text

    def read_other(self, path: str, language: str | None) -> str | None:
        """A Python file the move only looks through (for strings, re-exports); None for other
        files and for one that cannot be read as scanned, which such a look can do without."""
        if language != "python" or self.workspace.file_states[path].content_hash is None:
            return None
        try:
            return self.read(path)
        except PlanningError:
            return None

    def is_package(self, module: str) -> bool:
        return is_package_file(self.path_of[module])

    def ensure_module(self, module: str, near_file: str) -> str:
        """The file of `module`, created (with missing package `__init__.py` files) when absent."""
        if module in self.path_of:
            return self.path_of[module]
        near_module = self.workspace.module_of(near_file)
        # the folder module names start from: above a module's own folders, and for a package's
        # __init__.py also above the package's folder
        parts = near_module.count(".") + 1
        up = parts if is_package_file(near_file) else parts - 1
        root = PurePosixPath(near_file).parents[up]
        root_prefix = "" if str(root) == "." else f"{root}/"
        parts = module.split(".")
        for cut in range(1, len(parts)):
            package = ".".join(parts[:cut])
            if package in self.path_of:
                if not self.is_package(package):
                    raise ImpossibleRequest(f"{package} is a module, not a package: {module} cannot be created in it")
                continue
            init = f"{root_prefix}{'/'.join(parts[:cut])}/__init__.py"
            if self.changes.exists(init):
                continue
            self._create(package, init, f'"""The {package} package."""\n')
        path = f"{root_prefix}{'/'.join(parts)}.py"
        if self.changes.exists(path):
            raise ImpossibleRequest(f"{path} exists but is not a module the scan knows; rescan first")
        self._create(module, path, "")
        return path

    def _create(self, module: str, path: str, text: str) -> None:
        self.move.texts[path] = text
        self.move.created.add(path)
        self.move.added_modules.append(module)
        self.modules.add(module)
        self.path_of[module] = path


def _module_for_path(workspace: Workspace, path: str) -> str | None:
    """The dotted name of a Python file the scan did not see, from where the scanned modules live."""
    for module, file in workspace.file_of_module.items():
        tail = module.replace(".", "/") + ("/__init__.py" if file.endswith("/__init__.py") else ".py")
        if file.endswith(tail):
            prefix = file[: len(file) - len(tail)]
            if path.startswith(prefix):
                parts = path[len(prefix) : -len(".py")].split("/")
                if parts[-1] == "__init__":
                    parts.pop()
                return ".".join(parts)
    return None


@dataclass
class _Source:
    """The source module's tree with what its global scope says about the moved names."""

    tree: cst.Module
    statements: dict[str, cst.BaseCompoundStatement]
    needed: dict[str, Assignment | ImportAssignment]
    """Module-level names the moved code uses that it does not define, by name."""
    still_used: set[str]
    """Moved names the code that stays still uses."""


def _analyse_source(text: str, module: str, names: list[str]) -> _Source:
    tree = cst.parse_module(text)
    statements: dict[str, cst.BaseCompoundStatement] = {}
    for statement in tree.body:
        if isinstance(statement, cst.FunctionDef | cst.ClassDef) and statement.name.value in names:
            statements[statement.name.value] = statement
    missing = [name for name in names if name not in statements]
    if missing:
        raise ImpossibleRequest(
            f"{', '.join(f'{module}.{n}' for n in missing)} is not a top-level def or class statement of {module} "
            "(defined conditionally or by assignment): it cannot be moved as a unit"
        )
    inside: set[int] = set()
    for statement in statements.values():
        inside |= node_ids(statement)
    in_all: set[int] = set()
    for statement in tree.body:
        if _assigns_all(statement):
            in_all |= node_ids(statement)
    wrapper = MetadataWrapper(tree, unsafe_skip_copy=True)
    scope = wrapper.resolve(ScopeProvider)[tree]
    positions = wrapper.resolve(PositionProvider)
    assert scope is not None
    needed: dict[str, Assignment | ImportAssignment] = {}
    still_used: set[str] = set()
    for assignment in scope.assignments:
        name = assignment.name
        refs = [r for r in assignment.references if id(r.node) not in in_all]
        ins = [r for r in refs if id(r.node) in inside]
        if name in statements:
            if len(ins) < len(refs):
                still_used.add(name)
            continue
        if id(assignment.node) in inside or not isinstance(assignment, Assignment | ImportAssignment):
            continue
        if ins:
            needed.setdefault(name, assignment)

    def written_at(item: tuple[str, Assignment | ImportAssignment]) -> tuple[int, int, int]:
        name, assignment = item
        start = positions[assignment.node].start
        names = getattr(assignment.node, "names", ())
        index = (
            next((i for i, a in enumerate(names) if bound_name(a) == name), 0) if isinstance(names, tuple | list) else 0
        )
        return start.line, start.column, index

    needed = dict(sorted(needed.items(), key=written_at))
    return _Source(tree, statements, needed, still_used)


def _move_group(
    workspace: Workspace, files: _Files, move: ComputedMove, src: str, names: list[str], dst: str, dst_path: str
) -> None:
    src_path = files.path_of[src]
    src_is_package = files.is_package(src)
    dst_is_package = files.is_package(dst)
    source = _analyse_source(files.read(src_path), src, names)

    # 1. Every importer of src (dst included) names dst instead, before dst receives the code.
    importers = {files.path_of[m] for m in workspace.module_graph.reverse().get(src, {}) if m in files.path_of}
    importers |= {dst_path}
    importers |= {p for p in move.texts if p.endswith(".py")}
    importers |= {p for p in files.changes.touched() if p.endswith(".py") and files.changes.final_text(p) is not None}
    module_at = {p: m for m, p in files.path_of.items()}
    for path in sorted(importers - {src_path}):
        module = module_at.get(path)
        if module is None:
            continue
        text = files.read(path)
        tree = cst.parse_module(text)
        rewriter = ImportRewriter(module, files.is_package(module), src, dst, names, files.modules)
        new = rewriter.rewrite(tree)
        if rewriter.scan.star:
            move.warnings.append(
                f"{module} imports * from {src}: it no longer gets {', '.join(names)} from there, "
                f"unless it imports them from {dst}"
            )
        if new.code != text:
            files.write(path, new.code)

    _warn_string_mentions(workspace, files, move, [f"{src}.{name}" for name in names])

    # 2. dst: refuse names it binds already, then add the imports the code needs and the code.
    dst_text = files.read(dst_path)
    dst_tree = cst.parse_module(dst_text) if dst_text else cst.Module(body=[])
    dst_bindings = _global_bindings(dst_tree, dst, dst_is_package)
    taken = [name for name in names if name in dst_bindings]
    if taken:
        raise ImpossibleRequest(f"{dst} already binds {', '.join(taken)}: the moved definition would replace it")
    imports = _imports_for_destination(source, src, src_is_package, dst, dst_is_package, names, dst_bindings)
    dst_tree = add_imports(dst_tree, imports, dst, dst_is_package)
    dst_tree = add_future_imports(dst_tree, future_features(source.tree))
    dst_tree = _append_definitions(dst_tree, [source.statements[n] for n in names])
    dst_tree = _extend_all(dst_tree, names, create=dst_path in move.created and _all_names(source.tree) is not None)
    files.write(dst_path, dst_tree.code)

    # 3. src: the definitions (and imports only they used) go; names still used come from dst.
    src_tree = _remove_definitions(source.tree, set(names))
    src_tree = drop_imports(src_tree, _left_unused(workspace, files, source.tree, src_tree, src, src_path))
    src_tree = _shrink_all(src_tree, set(names))
    if source.still_used:
        relative = prefers_relative(src_tree)
        still = sorted(source.still_used)
        code = render_from(src, src_is_package, dst, [(n, None) for n in still], relative)
        src_tree = add_imports(src_tree, [code], src, src_is_package)
    files.write(src_path, src_tree.code)


def _warn_string_mentions(workspace: Workspace, files: _Files, move: ComputedMove, qualnames: list[str]) -> None:
    """A moved name spelt out in a string (`mock.patch("pkg.mod.f")`, a plugin entry) is not
    rewritten: say where, since the code there breaks at run time only."""
    for path, state in sorted(workspace.file_states.items()):
        text = files.read_other(path, state.language)
        if text is None:
            continue
        for name in qualnames:
            if f'"{name}' in text or f"'{name}" in text:
                move.warnings.append(f"{path} names {name} in a string, which this plan does not rewrite")


def _left_unused(
    workspace: Workspace, files: _Files, before: cst.Module, after: cst.Module, src: str, src_path: str
) -> set[str]:
    """The imports of src only the moved code read, less those other modules import from src
    (as this move leaves them): the dead-code operation's rules (codeintel.planning.python.unused_imports)."""
    keys = removable_imports(before, after, path=src_path)
    if not keys:
        return keys
    last = src.rpartition(".")[2]
    texts = []
    for path, state in workspace.file_states.items():
        text = files.read_other(path, state.language) if path != src_path else None
        if text is not None and last in text:
            texts.append(text)
    return keys - reexported(src, keys, texts)


# ---------------------------------------------------------------- the destination


def _global_bindings(tree: cst.Module, module: str, is_package: bool) -> dict[str, tuple[str, ...]]:
    """Module-level names of `tree` with what each is: ('import', module), ('from', module, name)
    or ('def',)."""
    scopes = MetadataWrapper(tree, unsafe_skip_copy=True).resolve(ScopeProvider)
    scope = scopes[tree]
    assert scope is not None
    out: dict[str, tuple[str, ...]] = {}
    for assignment in scope.assignments:
        if isinstance(assignment, ImportAssignment):
            out.setdefault(assignment.name, _origin(assignment, module, is_package))
        elif isinstance(assignment, Assignment):
            out.setdefault(assignment.name, ("def",))
    return out


def _origin(assignment: ImportAssignment, module: str, is_package: bool) -> tuple[str, ...]:
    node = assignment.node
    if isinstance(node, cst.Import):
        for alias in node.names:
            if bound_name(alias) == assignment.name or alias_name(alias) == assignment.name:
                return ("import", alias_name(alias))
        return ("import", assignment.name)
    assert isinstance(node, cst.ImportFrom)
    base = absolute_from(module, is_package, level_of(node), module_of_import(node)) or ""
    if not isinstance(node.names, cst.ImportStar):
        for alias in node.names:
            if bound_name(alias) == assignment.name:
                return ("from", base, alias_name(alias))
    return ("from", base, assignment.name)


def _imports_for_destination(
    source: _Source,
    src: str,
    src_is_package: bool,
    dst: str,
    dst_is_package: bool,
    names: list[str],
    dst_bindings: Mapping[str, tuple[str, ...]],
) -> list[str]:
    """The import statements dst needs for what the moved code uses from src's module scope."""
    from_groups: dict[tuple[str, bool], list[tuple[str, str | None]]] = {}
    plain: list[str] = []
    relative_src = prefers_relative(source.tree)
    for name, assignment in source.needed.items():
        if name in names:
            continue
        if isinstance(assignment, ImportAssignment):
            origin = _origin(assignment, src, src_is_package)
            if origin[0] == "from" and origin[1] == dst:
                continue  # it comes from dst: the name is local there
            if origin[0] == "import" and origin[1] == dst:
                raise ImpossibleRequest(f"the moved code reaches {dst} through `import {dst}`; it cannot move into it")
            _refuse_clash(name, origin, dst_bindings, dst, src)
            if name in dst_bindings:
                continue
            node = assignment.node
            if origin[0] == "import":
                alias = name if "." not in name and name != origin[1] else None
                plain.append(f"import {origin[1]}" + (f" as {alias}" if alias else ""))
            else:
                relative = isinstance(node, cst.ImportFrom) and bool(node.relative)
                from_groups.setdefault((origin[1], relative), []).append(
                    (origin[2], name if name != origin[2] else None)
                )
        else:
            origin = ("from", src, name)
            _refuse_clash(name, origin, dst_bindings, dst, src)
            if name not in dst_bindings:
                from_groups.setdefault((src, relative_src), []).append((name, None))
    out = list(dict.fromkeys(plain))
    for (module, relative), group in from_groups.items():
        out.append(render_from(dst, dst_is_package, module, group, relative))
    return out


def _refuse_clash(
    name: str, origin: tuple[str, ...], dst_bindings: Mapping[str, tuple[str, ...]], dst: str, src: str
) -> None:
    if name in dst_bindings and dst_bindings[name] != origin:
        raise ImpossibleRequest(
            f"{dst} already binds {name}, a different {name} from the one the moved code uses in {src}"
        )


def _append_definitions(tree: cst.Module, statements: list[cst.BaseCompoundStatement]) -> cst.Module:
    """The definitions with the comments directly above them, at the end of `tree` (before a
    closing `if __name__ == "__main__":` block)."""
    body = list(tree.body)
    at = len(body)
    if body and _is_main_block(body[-1]):
        at -= 1
    new = []
    for number, statement in enumerate(statements):
        attached = _attached_comments(statement.leading_lines)
        blank = [] if (at == 0 and number == 0) else [cst.EmptyLine(), cst.EmptyLine()]
        new.append(statement.with_changes(leading_lines=blank + attached))
    return tree.with_changes(body=body[:at] + new + body[at:])


def _is_main_block(statement: cst.CSTNode) -> bool:
    return (
        isinstance(statement, cst.If)
        and isinstance(statement.test, cst.Comparison)
        and isinstance(statement.test.left, cst.Name)
        and statement.test.left.value == "__name__"
    )


def _attached_comments(lines: tuple[cst.EmptyLine, ...] | list[cst.EmptyLine]) -> list[cst.EmptyLine]:
    """The comment lines directly above a definition (no blank line between)."""
    attached: list[cst.EmptyLine] = []
    for line in reversed(list(lines)):
        if line.comment is None:
            break
        attached.insert(0, line)
    return attached


# ---------------------------------------------------------------- the source


def _remove_definitions(tree: cst.Module, names: set[str]) -> cst.Module:
    """`tree` without the definitions `names` and the comments directly above them; comments
    further up (a section header) stay, with the next statement."""
    body: list[cst.BaseStatement] = []
    carried: list[cst.EmptyLine] = []
    for statement in tree.body:
        if isinstance(statement, cst.FunctionDef | cst.ClassDef) and statement.name.value in names:
            lines = list(statement.leading_lines)
            kept = lines[: len(lines) - len(_attached_comments(lines))]
            if any(line.comment is not None for line in kept):
                carried.extend(kept)
            continue
        if carried:
            statement = statement.with_changes(leading_lines=carried + list(statement.leading_lines))
            carried = []
        body.append(statement)
    if carried:
        return tree.with_changes(body=body, footer=carried + list(tree.footer))
    return tree.with_changes(body=body)


# ---------------------------------------------------------------- __all__


def _assigns_all(statement: cst.CSTNode) -> bool:
    if not isinstance(statement, cst.SimpleStatementLine):
        return False
    for small in statement.body:
        targets = []
        if isinstance(small, cst.Assign):
            targets = [t.target for t in small.targets]
        elif isinstance(small, cst.AnnAssign | cst.AugAssign):
            targets = [small.target]
        if any(isinstance(t, cst.Name) and t.value == "__all__" for t in targets):
            return True
    return False


def _all_names(tree: cst.Module) -> list[str] | None:
    for statement in tree.body:
        if _assigns_all(statement):
            return [
                element.value.evaluated_value
                for small in statement.body  # type: ignore[attr-defined]
                if isinstance(small, cst.Assign) and isinstance(small.value, cst.List | cst.Tuple)
                for element in small.value.elements
                if isinstance(element.value, cst.SimpleString)
            ]
    return None


class _AllEditor(cst.CSTTransformer):
    """Edits the list or tuple assigned to `__all__`: drops `drop`, appends the names of `add` it
    lacks; `value` is the list it made."""

    def __init__(self, drop: set[str], add: list[str]) -> None:
        self.drop = drop
        self.add = add
        self.value: cst.List | cst.Tuple | None = None

    def leave_Assign(self, original: cst.Assign, updated: cst.Assign) -> cst.Assign:
        if not _is_all_list(updated):
            return updated
        assert isinstance(updated.value, cst.List | cst.Tuple)
        elements = [
            e
            for e in updated.value.elements
            if not (isinstance(e.value, cst.SimpleString) and e.value.evaluated_value in self.drop)
        ]
        present = {e.value.evaluated_value for e in elements if isinstance(e.value, cst.SimpleString)}
        for name in self.add:
            if name not in present:
                if elements and elements[-1].comma is cst.MaybeSentinel.DEFAULT:
                    elements[-1] = elements[-1].with_changes(
                        comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
                    )
                elements.append(cst.Element(cst.SimpleString(f'"{name}"')))
        if elements and len(elements) < len(updated.value.elements) and not self.add:
            trailing = updated.value.elements[-1].comma
            elements[-1] = elements[-1].with_changes(comma=trailing)
        self.value = updated.value.with_changes(elements=elements)
        return updated.with_changes(value=self.value)


class _AllReplacer(cst.CSTTransformer):
    def __init__(self, value: cst.List | cst.Tuple) -> None:
        self.value = value

    def leave_Assign(self, original: cst.Assign, updated: cst.Assign) -> cst.Assign:
        return updated.with_changes(value=self.value) if _is_all_list(updated) else updated


def _is_all_list(node: cst.Assign) -> bool:
    """Whether `node` assigns a list or tuple to `__all__` (the form these edits handle)."""
    names_all = any(isinstance(t.target, cst.Name) and t.target.value == "__all__" for t in node.targets)
    return names_all and isinstance(node.value, cst.List | cst.Tuple)


def _shrink_all(tree: cst.Module, names: set[str]) -> cst.Module:
    return tree.visit(_AllEditor(names, [])) if _all_names(tree) is not None else tree


def _extend_all(tree: cst.Module, names: list[str], create: bool) -> cst.Module:
    """dst's `__all__` lists the moved public names where it has one (or, created by the move,
    where the source had one)."""
    public = [n for n in names if not n.startswith("_")]
    if not public:
        return tree
    if _all_names(tree) is not None:
        return tree.visit(_AllEditor(set(), public))
    if not create:
        return tree
    line = cst.parse_statement(f"__all__ = [{', '.join(repr(n).replace(chr(39), chr(34)) for n in public)}]")
    body = list(tree.body)
    from codeintel.planning.python.imports import import_insert_index

    at = import_insert_index(body)
    line = line.with_changes(leading_lines=[cst.EmptyLine()] if at else [])
    return tree.with_changes(body=body[:at] + [line] + body[at:])


def relist_in_all(tree: cst.Module, before: cst.Module, names: Collection[str]) -> cst.Module:
    """`tree` whose `__all__` lists `names` again where `before` (the module before the moves)
    listed them: a module that re-exports moved names keeps declaring them, in its own order."""
    listed, current = _all_names(before), _all_names(tree)
    if listed is None or current is None:
        return tree
    rebuilt = _AllEditor(set(listed) - set(current) - set(names), [])
    before.visit(rebuilt)
    return tree if rebuilt.value is None else tree.visit(_AllReplacer(rebuilt.value))


# ---------------------------------------------------------------- the module graph after the move


def _graph_after(
    workspace: Workspace, changes: Changeset, move: ComputedMove, files: _Files
) -> tuple[ModuleEdges, set[tuple[str, str]]]:
    """The module graph with every file this changeset and this move rewrote re-read: an import
    edge goes where the file no longer imports its target, and comes where it newly does. Edges
    the text does not show (a name reached through a re-export) are kept."""
    before = workspace.module_graph.edges
    graph: ModuleEdges = {m: set(t) for m, t in before.items()}
    for module in files.modules:
        graph.setdefault(module, set())
    paths = set(changes.touched()) | set(move.texts)
    module_of = {p: m for m, p in files.path_of.items()}
    for path in sorted(paths):
        module = module_of.get(path)
        if module is None or not path.endswith(".py"):
            continue
        is_package = files.is_package(module)
        final = move.texts.get(path, changes.final_text(path))
        new = set() if final is None else imported_modules(cst.parse_module(final), module, is_package, files.modules)
        if workspace.exists(path) and path in workspace.file_states:
            old = imported_modules(cst.parse_module(workspace.source(path)), module, is_package, files.modules)
        else:
            old = set()
        graph[module] = (graph.get(module, set()) - (old - new)) | (new - old)
    old_edges = {(s, t) for s, targets in before.items() for t in targets}
    new_edges = {(s, t) for s, targets in graph.items() for t in targets} - old_edges
    return graph, new_edges


def module_graph_after(workspace: Workspace, changes: Changeset) -> ModuleEdges:
    """The module graph with the files `changes` rewrote so far re-read (see `_graph_after`)."""
    move = ComputedMove()
    graph, _ = _graph_after(workspace, changes, move, _Files(workspace, changes, move))
    return graph


def path_between(graph: Mapping[str, Collection[str]], start: str, goal: str) -> list[str] | None:
    """A shortest import path start -> ... -> goal (breadth first), or None."""
    parent: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        if node == goal:
            chain = [node]
            while parent[chain[-1]] is not None:
                chain.append(parent[chain[-1]])  # type: ignore[arg-type]
            return chain[::-1]
        for child in sorted(graph.get(node, ())):
            if child not in parent:
                parent[child] = node
                queue.append(child)
    return None


def new_cycle(move: ComputedMove, prefer_start: str) -> list[str] | None:
    """A cycle through an import edge the move adds, as [a, b, ..., a], starting at
    `prefer_start` when it is on it; None when the move adds no cycle."""
    for source, target in sorted(move.new_edges):
        back = path_between(move.graph_after, target, source)
        if back is None:
            continue
        cycle = [source, *back]  # source -> target -> ... -> source
        ring = cycle[:-1]
        if prefer_start in ring:
            at = ring.index(prefer_start)
            ring = ring[at:] + ring[:at]
        return [*ring, ring[0]]
    return None


def refuse_new_cycles(move: ComputedMove, symbols: list[Symbol], to_module: str) -> None:
    cycle = new_cycle(move, to_module)
    if cycle is not None:
        names = ", ".join(s.qualname for s in symbols)
        raise ImpossibleRequest(f"moving {names} into {to_module} would create the import cycle {' -> '.join(cycle)}")
