"""Cross-file resolution for Python: which module, class, function or external name each
import, call and base class refers to.

Resolution is name-based and flow-insensitive: a name is looked up through the Python
scope chain (function locals and parameters, enclosing functions, module globals, star
imports, builtins), then attributes are followed through modules, submodules, classes (by
C3 MRO), instances created by calling a class, `self`/`cls`, `super()` and externals.
When a name has several bindings the latest one that resolves wins. Every lookup that
reads another module is recorded as a dependency of the file being resolved, so an
incremental scan knows which files to resolve again when a module changes, appears or
disappears.
"""

from __future__ import annotations

import builtins
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from codeintel.model import Definition, FileFacts, Import
from codeintel.resolve.modules import ModuleIndex, is_package_init

BUILTIN_NAMES = frozenset(dir(builtins))
STDLIB_TOP_LEVEL = frozenset(sys.stdlib_module_names)
BUILTIN_PREFIX = "<builtin>"


@dataclass(frozen=True, slots=True)
class ModuleTarget:
    path: str


@dataclass(frozen=True, slots=True)
class DefTarget:
    path: str
    index: int  # position in FileFacts.definitions


@dataclass(frozen=True, slots=True)
class InstanceTarget:
    cls: DefTarget


@dataclass(frozen=True, slots=True)
class ExternalTarget:
    name: str  # dotted; builtins as '<builtin>.name'

    @property
    def kind(self) -> str:
        top = self.name.split(".", 1)[0]
        if top == BUILTIN_PREFIX:
            return "builtin"
        return "stdlib" if top in STDLIB_TOP_LEVEL else "third_party"


Target = ModuleTarget | DefTarget | InstanceTarget | ExternalTarget


@dataclass(slots=True)
class Binding:
    """One way a name is bound in a scope; `kind` says how to turn it into a Target."""

    line: int
    kind: str  # def | import_module | import_from | assign | param_self | param_cls
    value: object


@dataclass(slots=True)
class Scope:
    qualname: str
    kind: str  # module | class | function
    parent: str | None
    def_index: int | None = None
    bindings: dict[str, list[Binding]] = field(default_factory=dict)
    star_imports: list[tuple[int, str]] = field(default_factory=list)  # (level, module)
    signature: str = ""
    _params: frozenset[str] | None = None

    @property
    def params(self) -> frozenset[str]:
        """Parameter names, parsed from the signature only when a look-up needs them."""
        if self._params is None:
            self._params = frozenset(_param_names(self.signature)) if self.kind == "function" else frozenset()
        return self._params

    def bind(self, name: str, binding: Binding) -> None:
        self.bindings.setdefault(name, []).append(binding)


@dataclass(slots=True)
class ModuleTables:
    """Per-file scopes, definition lookup and class members, built once per file on demand."""

    path: str
    facts: FileFacts
    scopes: dict[str, Scope]
    def_by_qualname: dict[str, int]  # last definition wins, like Python
    children: dict[int, dict[str, int]]  # class def index -> member name -> def index
    instance_attrs: dict[int, dict[str, list[Binding]]]  # class def index -> self.attr bindings


def _param_names(signature: str) -> list[str]:
    """Parameter names from a signature's text: 'def f(self, a: int = 1, *args, **kw)' -> [self, a, args, kw]."""
    start = signature.find("(")
    if start < 0:
        return []
    depth, current, parts = 0, [], []
    for ch in signature[start + 1 :]:
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            if depth == 0:
                break
            depth -= 1
        if ch == "," and depth == 0:
            parts.append("".join(current))
            current = []
        else:
            current.append(ch)
    parts.append("".join(current))
    names = []
    for part in parts:
        name = part.strip().lstrip("*").split(":", 1)[0].split("=", 1)[0].strip()
        if name.isidentifier():
            names.append(name)
    return names


def _first_param(signature: str) -> str | None:
    """'def m(self, x)' -> 'self'; None when there is no positional first parameter."""
    start = signature.find("(")
    if start < 0:
        return None
    head = signature[start + 1 :].lstrip()
    end = len(head)
    for stop in ",:=)":
        found = head.find(stop)
        if 0 <= found < end:
            end = found
    name = head[:end].strip()
    return name if name.isidentifier() else None


def _split_callee(callee: str) -> list[tuple[str, bool]] | None:
    """'a.b().c' -> [('a', False), ('b', True), ('c', False)]; None for forms not followed (subscripts)."""
    if "(" not in callee:  # the common case, a plain dotted name
        names = callee.split(".")
        return [(name, False) for name in names] if all(name.isidentifier() for name in names) else None
    segments: list[tuple[str, bool]] = []
    depth = 0
    current: list[str] = []
    called = False
    for ch in callee:
        if ch == "(":
            depth += 1
            continue
        if ch == ")":
            depth -= 1
            called = True
            continue
        if depth:
            continue
        if ch == ".":
            segments.append(("".join(current), called))
            current, called = [], False
            continue
        if called:
            return None
        current.append(ch)
    segments.append(("".join(current), called))
    if any(not name.isidentifier() for name, _ in segments):
        return None
    return segments


class PythonResolver:
    """Resolves names across a whole repository's FileFacts, building per-file tables lazily."""

    def __init__(self, facts_by_path: Mapping[str, FileFacts], python_paths: Iterable[str] | None = None) -> None:
        """`facts_by_path` may load lazily: only the modules a look-up reads are touched."""
        self.facts_by_path = facts_by_path
        self.index = ModuleIndex(python_paths if python_paths is not None else facts_by_path)
        self._tables: dict[str, ModuleTables] = {}
        self._deps: set[str] = set()
        self._mro_cache: dict[DefTarget, tuple[list, frozenset[str]]] = {}
        self._mro_active: set[DefTarget] = set()
        self._memo: dict[tuple, tuple[Target | None, frozenset[str]]] = {}

    # ---- dependency recording -------------------------------------------------------

    def begin_file(self, path: str) -> None:
        self._deps = set()

    def end_file(self) -> list[str]:
        """The module names this file's resolution read or looked up, its own included."""
        return sorted(self._deps)

    def _find_module(self, name: str) -> str | None:
        self._deps.add(name)
        return self.index.find(name)

    def _tables_of(self, path: str) -> ModuleTables:
        self._deps.add(self.index.name_of[path])
        tables = self._tables.get(path)
        if tables is None:
            tables = self._build_tables(path)
            self._tables[path] = tables
        return tables

    def definition_index(self, path: str, qualname: str) -> int | None:
        """Position in the file's definitions of the (last) definition named `qualname`."""
        return self._tables_of(path).def_by_qualname.get(qualname)

    # ---- tables ---------------------------------------------------------------------

    def _build_tables(self, path: str) -> ModuleTables:
        facts = self.facts_by_path[path]
        scopes: dict[str, Scope] = {"": Scope("", "module", None)}
        def_by_qualname: dict[str, int] = {}
        children: dict[int, dict[str, int]] = {}
        instance_attrs: dict[int, dict[str, list[Binding]]] = {}
        for i, definition in enumerate(facts.definitions):
            def_by_qualname[definition.qualname] = i
            kind = "class" if definition.kind == "class" else "function"
            scope = Scope(definition.qualname, kind, definition.parent, i, signature=definition.signature)
            scopes[definition.qualname] = scope
            if definition.kind == "method" and "staticmethod" not in definition.decorators:
                first = _first_param(definition.signature)
                if first:
                    is_cls = "classmethod" in definition.decorators
                    scope.bind(first, Binding(0, "param_cls" if is_cls else "param_self", definition.parent))
        for i, definition in enumerate(facts.definitions):
            parent = scopes.get(definition.parent)
            if parent is None:
                continue
            parent.bind(definition.name, Binding(definition.span.start_line, "def", i))
            if parent.kind == "class" and parent.def_index is not None:
                children.setdefault(parent.def_index, {})[definition.name] = i
        for imp in facts.imports:
            scope = scopes.get(imp.scope)
            if scope is None:
                continue
            if imp.name == "*":
                scope.star_imports.append((imp.level, imp.module))
            elif imp.name is None:
                if imp.alias:
                    scope.bind(imp.alias, Binding(imp.line, "import_module", (0, imp.module)))
                else:
                    head = imp.module.split(".", 1)[0]
                    scope.bind(head, Binding(imp.line, "import_module", (0, head)))
            else:
                bound = imp.alias or imp.name
                scope.bind(bound, Binding(imp.line, "import_from", (imp.level, imp.module, imp.name)))
        for assignment in facts.assignments:
            scope = scopes.get(assignment.scope)
            if scope is None:
                continue
            target = assignment.target
            if target.isidentifier():
                scope.bind(target, Binding(assignment.line, "assign", (assignment.value, assignment.is_call)))
            elif target.startswith(("self.", "cls.")) and target.count(".") == 1 and scope.def_index is not None:
                method = facts.definitions[scope.def_index]
                owner = scopes.get(method.parent)
                if owner is not None and owner.kind == "class" and owner.def_index is not None:
                    attrs = instance_attrs.setdefault(owner.def_index, {})
                    attrs.setdefault(target.split(".", 1)[1], []).append(
                        Binding(assignment.line, "assign", (assignment.value, assignment.is_call, assignment.scope))
                    )
        for scope in scopes.values():
            for bindings in scope.bindings.values():
                bindings.sort(key=lambda b: b.line, reverse=True)
        for attrs in instance_attrs.values():
            for bindings in attrs.values():
                bindings.sort(key=lambda b: b.line, reverse=True)
        return ModuleTables(path, facts, scopes, def_by_qualname, children, instance_attrs)

    # ---- name lookup ----------------------------------------------------------------

    def resolve_module(self, path: str, level: int, module: str) -> str | None:
        """The absolute module name an import refers to, relative imports made absolute."""
        if level == 0:
            return module
        package = self.index.package_of(path)
        parts = package.split(".") if package else []
        if level - 1 > len(parts):
            return None
        base = parts[: len(parts) - (level - 1)] if level > 1 else parts
        return ".".join([*base, module] if module else base)

    def lookup(self, path: str, scope_name: str, name: str, seen: frozenset = frozenset()) -> Target | None:
        """Resolve a bare name as Python would in `scope_name` of module `path`."""
        tables = self._tables_of(path)
        scope = tables.scopes.get(scope_name, tables.scopes[""])
        first = True
        while scope is not None:
            if first or scope.kind != "class":  # class bodies are not visible from nested scopes
                target = self._lookup_in_scope(tables, scope, name, seen)
                if target is not None:
                    return target
                if scope.kind == "function" and name in scope.params and name not in scope.bindings:
                    return None  # a parameter shadows outer names; its value is unknown here
            first = False
            scope = tables.scopes.get(scope.parent) if scope.parent is not None else None
        if name in BUILTIN_NAMES:
            return ExternalTarget(f"{BUILTIN_PREFIX}.{name}")
        return None

    def _lookup_in_scope(self, tables: ModuleTables, scope: Scope, name: str, seen: frozenset) -> Target | None:
        key = (tables.path, scope.qualname, name)
        if key in seen:
            return None
        seen = seen | {key}
        for binding in scope.bindings.get(name, ()):  # latest first, see _build_tables
            target = self._bind_target(tables, scope, binding, seen)
            if target is not None:
                return target
        for level, module in reversed(scope.star_imports):
            target = self._from_star(tables.path, level, module, name, seen)
            if target is not None:
                return target
        return None

    def _bind_target(self, tables: ModuleTables, scope: Scope, binding: Binding, seen: frozenset) -> Target | None:
        path = tables.path
        match binding.kind:
            case "def":
                return DefTarget(path, binding.value)
            case "param_self" | "param_cls":
                index = tables.def_by_qualname.get(binding.value)
                if index is None:
                    return None
                cls = DefTarget(path, index)
                return InstanceTarget(cls) if binding.kind == "param_self" else cls
            case "import_module":
                _, module = binding.value
                return self.module_target(module)
            case "import_from":
                level, module, name = binding.value
                absolute = self.resolve_module(path, level, module)
                if absolute is None:
                    return None
                return self.member_of_module(absolute, name, seen)
            case "assign":
                value, is_call = binding.value[0], binding.value[1]
                scope_name = binding.value[2] if len(binding.value) > 2 else scope.qualname
                target = self.resolve_expression(path, scope_name, value, seen)
                if target is None:
                    return None
                return self.call_result(target) if is_call else target
        return None

    def module_target(self, name: str) -> Target:
        path = self._find_module(name)
        return ModuleTarget(path) if path is not None else ExternalTarget(name)

    def member_of_module(self, module: str, name: str, seen: frozenset = frozenset()) -> Target | None:
        """`from module import name`: a definition, a re-export, or a submodule."""
        path = self._find_module(module)
        if path is None:
            return ExternalTarget(f"{module}.{name}")
        return self.attribute(ModuleTarget(path), name, seen)

    def _from_star(self, path: str, level: int, module: str, name: str, seen: frozenset) -> Target | None:
        absolute = self.resolve_module(path, level, module)
        if absolute is None:
            return None
        star_path = self._find_module(absolute)
        if star_path is None:
            return None
        tables = self._tables_of(star_path)
        exported = tables.facts.all_names
        if exported is not None and name not in exported:
            return None
        if exported is None and name.startswith("_"):
            return None
        return self._lookup_in_scope(tables, tables.scopes[""], name, seen)

    # ---- attributes and calls --------------------------------------------------------

    def attribute(self, target: Target, name: str, seen: frozenset = frozenset()) -> Target | None:
        """`target.name`. Memoised for modules and classes (with the modules the answer read, which
        every reuse adds to the current file's dependencies) when no cycle guard is in force."""
        if seen or not isinstance(target, ModuleTarget | DefTarget):
            return self._attribute(target, name, seen)
        return self._memoised(("attribute", target, name), self._attribute, target, name, seen)

    def _memoised(self, key: tuple, compute, *args) -> Target | None:
        """compute(*args) once per key; every reuse adds the modules the first computation read to
        the current file's dependencies, so memoising never hides a dependency."""
        cached = self._memo.get(key)
        if cached is not None:
            result, deps = cached
            self._deps.update(deps)
            return result
        outer_deps, self._deps = self._deps, set()
        try:
            result = compute(*args)
        finally:
            own_deps, self._deps = self._deps, outer_deps
            self._deps.update(own_deps)
        self._memo[key] = (result, frozenset(own_deps))
        return result

    def _attribute(self, target: Target, name: str, seen: frozenset) -> Target | None:
        match target:
            case ExternalTarget(ext):
                return ExternalTarget(f"{ext}.{name}")
            case ModuleTarget(path):
                tables = self._tables_of(path)
                found = self._lookup_in_scope(tables, tables.scopes[""], name, seen)
                if found is not None:
                    return found
                if is_package_init(path) or path.endswith("__init__.pyi"):
                    sub = self._find_module(f"{self.index.name_of[path]}.{name}")
                    if sub is not None:
                        return ModuleTarget(sub)
                return None
            case DefTarget():
                if self._definition(target).kind != "class":
                    return None
                return self.class_member(target, name, seen)
            case InstanceTarget(cls):
                member = self.class_member(cls, name, seen)
                if member is not None:
                    return member
                return self._instance_attribute(cls, name, seen)
        return None

    def _definition(self, target: DefTarget) -> Definition:
        """The definition a target names; reading it needs no new dependency, since finding the
        target already read its module."""
        tables = self._tables.get(target.path)
        if tables is None:
            tables = self._tables_of(target.path)
        return tables.facts.definitions[target.index]

    def class_member(self, cls: DefTarget, name: str, seen: frozenset = frozenset(), skip_self: bool = False):
        for klass in self.mro(cls)[1 if skip_self else 0 :]:
            if isinstance(klass, ExternalTarget):
                return ExternalTarget(f"{klass.name}.{name}")
            tables = self._tables_of(klass.path)
            index = tables.children.get(klass.index, {}).get(name)
            if index is not None:
                return DefTarget(klass.path, index)
            definition = tables.facts.definitions[klass.index]
            scope = tables.scopes.get(definition.qualname)
            if scope is not None and name in scope.bindings:
                found = self._lookup_in_scope(tables, scope, name, seen)
                if found is not None:
                    return found
        return None

    def _instance_attribute(self, cls: DefTarget, name: str, seen: frozenset) -> Target | None:
        for klass in self.mro(cls):
            if isinstance(klass, ExternalTarget):
                return None
            tables = self._tables_of(klass.path)
            for binding in tables.instance_attrs.get(klass.index, {}).get(name, ()):
                target = self._bind_target(tables, tables.scopes[""], binding, seen)
                if target is not None:
                    return target
        return None

    def bases(self, cls: DefTarget) -> list[Target]:
        """The class's bases, resolved in the scope that encloses the class statement."""
        definition = self._definition(cls)
        out: list[Target] = []
        for base in definition.bases:
            target = self.resolve_expression(cls.path, definition.parent, base)
            if isinstance(target, DefTarget) and self._definition(target).kind != "class":
                continue
            if isinstance(target, DefTarget | ExternalTarget):
                out.append(target)
        return out

    def mro(self, cls: DefTarget) -> list[DefTarget | ExternalTarget]:
        """C3 linearisation over the repository's classes; an external base ends its branch.

        Memoised per class together with the modules its computation read, which are added to
        the dependencies of every file that reuses it. A class reached again while its own MRO
        is being computed (a cycle through names) contributes only itself.
        """
        cached = self._mro_cache.get(cls)
        if cached is not None:
            result, deps = cached
            self._deps.update(deps)
            return result
        if cls in self._mro_active:
            return [cls]
        outer_deps, self._deps = self._deps, set()
        self._mro_active.add(cls)
        try:
            result = self._c3(cls)
        finally:
            self._mro_active.discard(cls)
            own_deps, self._deps = self._deps, outer_deps
            self._deps.update(own_deps)
        self._mro_cache[cls] = (result, frozenset(own_deps | {self.index.name_of[cls.path]}))
        return result

    def _c3(self, cls: DefTarget) -> list[DefTarget | ExternalTarget]:
        bases = self.bases(cls)
        sequences = [self.mro(base) if isinstance(base, DefTarget) else [base] for base in bases]
        sequences.append(list(bases))
        result: list[DefTarget | ExternalTarget] = [cls]
        while True:
            sequences = [seq for seq in sequences if seq]
            if not sequences:
                return result
            for seq in sequences:
                head = seq[0]
                if not any(head in other[1:] for other in sequences):
                    break
            else:  # inconsistent hierarchy: Python would refuse it; fall back to depth-first order
                for seq in sequences:
                    result.extend(item for item in seq if item not in result)
                return result
            result.append(head)
            sequences = [seq[1:] if seq[0] == head else seq for seq in sequences]

    def call_result(self, target: Target) -> Target | None:
        """What calling `target` gives: an instance for a class; nothing known for a function."""
        if isinstance(target, DefTarget) and self._definition(target).kind == "class":
            return InstanceTarget(target)
        if isinstance(target, ExternalTarget):
            return ExternalTarget(f"{target.name}()")
        return None

    def resolve_expression(self, path: str, scope_name: str, expression: str, seen: frozenset = frozenset()):
        """Resolve a dotted expression such as 'self.repo.save', 'super().close' or 'make().run'."""
        segments = _split_callee(expression)
        if not segments:
            return None
        head, head_called = segments[0]
        if head == "super" and head_called:
            target = self._super(path, scope_name)
            rest = segments[1:]
            if target is None or not rest:
                return None
            cls, name = target
            current = self.class_member(cls, rest[0][0], seen, skip_self=True)
            if current is not None and rest[0][1]:
                current = self.call_result(current)
            segments_left = rest[1:]
        else:
            current = self.lookup(path, scope_name, head, seen)
            if current is not None and head_called:
                current = self.call_result(current)
            segments_left = segments[1:]
        for name, called in segments_left:
            if current is None:
                return None
            current = self.attribute(current, name, seen)
            if current is not None and called:
                current = self.call_result(current)
        return current

    def _super(self, path: str, scope_name: str) -> tuple[DefTarget, str] | None:
        tables = self._tables_of(path)
        scope = tables.scopes.get(scope_name)
        while scope is not None and scope.kind == "function":
            parent = tables.scopes.get(scope.parent) if scope.parent is not None else None
            if parent is not None and parent.kind == "class" and parent.def_index is not None:
                return DefTarget(path, parent.def_index), scope.qualname
            scope = parent
        return None

    def resolve_call(self, path: str, scope_name: str, callee: str) -> Target | None:
        try:
            return self._resolve_call(path, scope_name, callee)
        except RecursionError:  # a pathological chain of aliases: unresolved, never a failed scan
            return None

    def resolve_import(self, path: str, imp: Import) -> Target | None:
        """What one imported name refers to; a name that is not a definition gives its module."""
        try:
            absolute = self.resolve_module(path, imp.level, imp.module)
            if absolute is None:
                return None
            if imp.name is None or imp.name == "*":
                return self.module_target(absolute)
            return self.member_of_module(absolute, imp.name) or self.module_target(absolute)
        except RecursionError:
            return None

    def resolved_bases(self, cls: DefTarget) -> list[Target]:
        try:
            return self.bases(cls)
        except RecursionError:
            return []

    def _resolve_call(self, path: str, scope_name: str, callee: str) -> Target | None:
        target = self.resolve_expression(path, scope_name, callee)
        if isinstance(target, InstanceTarget):
            return self.class_member(target.cls, "__call__")
        if isinstance(target, ModuleTarget):
            return None
        if isinstance(target, DefTarget) and self._definition(target).kind == "class":
            constructor = self.class_member(target, "__init__")
            if isinstance(constructor, DefTarget):  # instantiation runs the repository's __init__
                return constructor
        return target
