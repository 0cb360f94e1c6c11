"""Python's name binding rules over an `ast` tree: which scope each identifier refers to.

A rename must change the uses of one binding and nothing else: a local or a parameter of the
same name, a comprehension variable, a class attribute seen from a method (class bodies do not
enclose their methods) all stay. `Scopes` walks a module once, records every scope (module,
class, function or lambda, comprehension), what each binds and declares `global`/`nonlocal`,
and every identifier occurrence with the scope it is read or written in; `owner` then answers
where a name used in a scope is bound, the way the compiler's symbol table would.

Evaluation order decides the scope of a few parts: decorators, default values, annotations
and class bases are evaluated in the enclosing scope; a comprehension's first iterable too;
an assignment expression (`:=`) in a comprehension binds in the nearest enclosing function
or module.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from typing import Literal

ScopeKind = Literal["module", "class", "function", "comprehension"]
OccurrenceKind = Literal["name", "def", "global", "import"]
"""name: an ast.Name; def: the name of a `def` or `class`; global: a name in a `global` or
`nonlocal` statement; import: the name an import binds (handled by the import rules, never
renamed as a plain reference)."""

_COMPREHENSIONS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)


@dataclass(eq=False)
class Scope:
    node: ast.AST
    kind: ScopeKind
    parent: Scope | None
    name: str = ""
    bound: set[str] = field(default_factory=set)
    declared_global: set[str] = field(default_factory=set)
    declared_nonlocal: set[str] = field(default_factory=set)
    children: list[Scope] = field(default_factory=list)
    star_imports: list[ast.ImportFrom] = field(default_factory=list)

    def defined(self, name: str) -> list[Scope]:
        """The classes and functions this scope defines under `name` (more than one when redefined)."""
        return [child for child in self.children if child.name == name and child.kind in ("class", "function")]

    @property
    def first_parameter(self) -> str | None:
        """The first positional parameter of a function (`self`, `cls`), None for other scopes."""
        if not isinstance(self.node, ast.FunctionDef | ast.AsyncFunctionDef):
            return None
        positional = [*self.node.args.posonlyargs, *self.node.args.args]
        return positional[0].arg if positional else None


@dataclass(eq=False)
class Occurrence:
    name: str
    scope: Scope
    node: ast.AST
    kind: OccurrenceKind
    binding: bool


class Scopes:
    """Every scope and identifier occurrence of one module."""

    def __init__(self, tree: ast.Module) -> None:
        self.module = Scope(tree, "module", None)
        self.occurrences: list[Occurrence] = []
        self.occurrence_of: dict[int, Occurrence] = {}
        """id(ast.Name) -> its occurrence."""
        self.scope_of_node: dict[int, Scope] = {id(tree): self.module}
        """id(def, class, lambda or comprehension node) -> the scope it opens."""
        self._owners: dict[tuple[int, str], Scope | None] = {}
        self.imports: list[tuple[ast.Import | ast.ImportFrom, Scope]] = []
        """Every import statement with the scope it binds in."""
        self.attributes: list[ast.Attribute] = []
        self.calls: list[ast.Call] = []
        self.strings: list[ast.Constant] = []
        self._body(tree.body, self.module)

    # ---- resolution

    def owner(self, scope: Scope, name: str) -> Scope | None:
        """The scope whose binding `name` means when used in `scope`; the module scope when no
        enclosing scope binds it (a global the module may bind, a star import or a builtin)."""
        key = (id(scope), name)
        if key not in self._owners:
            self._owners[key] = self._owner(scope, name)
        return self._owners[key]

    def _owner(self, scope: Scope, name: str) -> Scope | None:
        if name in scope.declared_global:
            return self.module
        if name in scope.declared_nonlocal:
            return self._enclosing_function_binding(scope.parent, name)
        if name in scope.bound:
            return scope
        outer = scope.parent
        while outer is not None:
            if outer.kind == "module":
                return outer
            if outer.kind != "class":
                if name in outer.declared_global:
                    return self.module
                if name in outer.bound or name in outer.declared_nonlocal:
                    return self.owner(outer, name)
            outer = outer.parent
        return self.module

    def _enclosing_function_binding(self, scope: Scope | None, name: str) -> Scope | None:
        while scope is not None and scope.kind != "module":
            if scope.kind != "class" and (name in scope.bound or name in scope.declared_nonlocal):
                return self.owner(scope, name)
            scope = scope.parent
        return None

    def owner_of(self, node: ast.Name) -> Scope | None:
        occurrence = self.occurrence_of.get(id(node))
        return None if occurrence is None else self.owner(occurrence.scope, occurrence.name)

    def references(self, owner: Scope, name: str) -> list[Occurrence]:
        """Every occurrence of `name` that means the binding of `owner` (imports left out)."""
        return [
            o
            for o in self.occurrences
            if o.name == name and o.kind != "import" and self.owner(o.scope, o.name) is owner
        ]

    # ---- building

    def _occur(self, name: str, scope: Scope, node: ast.AST, kind: OccurrenceKind, binding: bool) -> None:
        occurrence = Occurrence(name, scope, node, kind, binding)
        self.occurrences.append(occurrence)
        if kind == "name":
            self.occurrence_of[id(node)] = occurrence
        if binding:
            scope.bound.add(name)

    def _open(self, node: ast.AST, kind: ScopeKind, parent: Scope, name: str = "") -> Scope:
        scope = Scope(node, kind, parent, name)
        parent.children.append(scope)
        self.scope_of_node[id(node)] = scope
        return scope

    def _body(self, nodes: list[ast.stmt], scope: Scope) -> None:
        for node in nodes:
            self._visit(node, scope)

    def _visit(self, node: ast.AST, scope: Scope) -> None:
        handler = getattr(self, "_visit_" + type(node).__name__, None)
        if handler is not None:
            handler(node, scope)
        else:
            for child in ast.iter_child_nodes(node):
                self._visit(child, scope)

    def _visit_Attribute(self, node: ast.Attribute, scope: Scope) -> None:
        self.attributes.append(node)
        self._visit(node.value, scope)

    def _visit_Call(self, node: ast.Call, scope: Scope) -> None:
        self.calls.append(node)
        for child in ast.iter_child_nodes(node):
            self._visit(child, scope)

    def _visit_Constant(self, node: ast.Constant, scope: Scope) -> None:
        if isinstance(node.value, str):
            self.strings.append(node)

    def _visit_Name(self, node: ast.Name, scope: Scope) -> None:
        self._occur(node.id, scope, node, "name", not isinstance(node.ctx, ast.Load))

    def _visit_NamedExpr(self, node: ast.NamedExpr, scope: Scope) -> None:
        self._visit(node.value, scope)
        target = scope
        while target.kind == "comprehension" and target.parent is not None:
            target = target.parent
        self._occur(node.target.id, target, node.target, "name", True)

    def _arguments_outside(self, args: ast.arguments, scope: Scope) -> None:
        for default in [*args.defaults, *(d for d in args.kw_defaults if d is not None)]:
            self._visit(default, scope)
        for arg in _all_args(args):
            if arg.annotation is not None:
                self._visit(arg.annotation, scope)

    def _visit_FunctionDef(self, node: ast.FunctionDef | ast.AsyncFunctionDef, scope: Scope) -> None:
        for decorator in node.decorator_list:
            self._visit(decorator, scope)
        self._arguments_outside(node.args, scope)
        if node.returns is not None:
            self._visit(node.returns, scope)
        self._occur(node.name, scope, node, "def", True)
        inner = self._open(node, "function", scope, node.name)
        inner.bound.update(arg.arg for arg in _all_args(node.args))
        self._body(node.body, inner)

    _visit_AsyncFunctionDef = _visit_FunctionDef

    def _visit_Lambda(self, node: ast.Lambda, scope: Scope) -> None:
        self._arguments_outside(node.args, scope)
        inner = self._open(node, "function", scope, "<lambda>")
        inner.bound.update(arg.arg for arg in _all_args(node.args))
        self._visit(node.body, inner)

    def _visit_ClassDef(self, node: ast.ClassDef, scope: Scope) -> None:
        for part in [*node.decorator_list, *node.bases, *node.keywords]:
            self._visit(part, scope)
        self._occur(node.name, scope, node, "def", True)
        self._body(node.body, self._open(node, "class", scope, node.name))

    def _visit_comprehension(self, node: ast.AST, scope: Scope) -> None:
        generators: list[ast.comprehension] = node.generators  # type: ignore[attr-defined]
        self._visit(generators[0].iter, scope)
        inner = self._open(node, "comprehension", scope, "<comprehension>")
        for number, generator in enumerate(generators):
            self._visit(generator.target, inner)
            if number:
                self._visit(generator.iter, inner)
            for condition in generator.ifs:
                self._visit(condition, inner)
        for part in ("elt", "key", "value"):
            if hasattr(node, part):
                self._visit(getattr(node, part), inner)

    _visit_ListComp = _visit_SetComp = _visit_GeneratorExp = _visit_DictComp = _visit_comprehension

    def _visit_Global(self, node: ast.Global, scope: Scope) -> None:
        scope.declared_global.update(node.names)
        for name in node.names:
            self._occur(name, scope, node, "global", False)

    def _visit_Nonlocal(self, node: ast.Nonlocal, scope: Scope) -> None:
        scope.declared_nonlocal.update(node.names)
        for name in node.names:
            self._occur(name, scope, node, "global", False)

    def _visit_Import(self, node: ast.Import, scope: Scope) -> None:
        self.imports.append((node, scope))
        for alias in node.names:
            self._occur(alias.asname or alias.name.split(".", 1)[0], scope, alias, "import", True)

    def _visit_ImportFrom(self, node: ast.ImportFrom, scope: Scope) -> None:
        self.imports.append((node, scope))
        for alias in node.names:
            if alias.name == "*":
                scope.star_imports.append(node)
            else:
                self._occur(alias.asname or alias.name, scope, alias, "import", True)

    def _visit_ExceptHandler(self, node: ast.ExceptHandler, scope: Scope) -> None:
        if node.name:
            scope.bound.add(node.name)
        for child in ast.iter_child_nodes(node):
            self._visit(child, scope)

    def _visit_MatchAs(self, node: ast.MatchAs, scope: Scope) -> None:
        if node.name:
            scope.bound.add(node.name)
        for child in ast.iter_child_nodes(node):
            self._visit(child, scope)

    def _visit_MatchStar(self, node: ast.MatchStar, scope: Scope) -> None:
        if node.name:
            scope.bound.add(node.name)

    def _visit_MatchMapping(self, node: ast.MatchMapping, scope: Scope) -> None:
        if node.rest:
            scope.bound.add(node.rest)
        for child in ast.iter_child_nodes(node):
            self._visit(child, scope)


def _all_args(args: ast.arguments) -> list[ast.arg]:
    out = [*args.posonlyargs, *args.args, *args.kwonlyargs]
    out += [arg for arg in (args.vararg, args.kwarg) if arg is not None]
    return out
