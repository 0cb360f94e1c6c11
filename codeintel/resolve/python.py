"""Whole-repository resolution for Python: a flow-insensitive, inter-procedural points-to analysis.

Every file's value-flow operations (`FileFacts.flows`, see `codeintel.languages.python.flow`)
become constraints of one `Solver`. Abstract objects are modules, definitions (functions,
lambdas, classes), instances (one per class), bound methods, containers (one per creation
site), generators, `super()` objects and external names. Names are resolved by Python's scope
rules, attributes through modules, classes (by C3 MRO, recomputed when a base's value grows),
instances and `super()`; calls bind arguments to parameters (self included) and results to
returns, so functions passed, returned, stored in containers or attributes, decorated, or
yielded are followed wherever they go.

After the fixpoint, two fallbacks run once and the solver continues: a method nothing calls is
read as if called on an instance of its own class, and a decorator that resolves to nothing
leaves the function it decorates in place.
"""

from __future__ import annotations

import builtins
import sys
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import NamedTuple

from codeintel.model import Definition, FileFacts, Import
from codeintel.resolve.memory import gc_paused
from codeintel.resolve.modules import ModuleIndex, is_package_init
from codeintel.resolve.pointsto import Solver
from codeintel.resolve.port import DEF, EXTERNAL, MODULE, CallEdge, ImportStatus

BUILTIN_NAMES = frozenset(dir(builtins))
STDLIB_TOP_LEVEL = frozenset(sys.stdlib_module_names)
BUILTIN_PREFIX = "<builtin>"
_CONTAINER_METHODS = frozenset(
    ("append", "add", "insert", "extend", "update", "get", "pop", "setdefault", "values", "items", "copy", "appendleft")
)

MAX_EXTERNAL_DEPTH = 5
"""Dots in an external name past which attributes are no longer named (`a.b.c.d.e.f`)."""

# Object kinds (first item of an object key)
NAMESPACE, INSTANCE, BOUND, EXTERNAL_RESULT = "n", "i", "b", "r"  # and DEF, MODULE, EXTERNAL of the port
CONTAINER, GENERATOR, SUPER, CONTAINER_METHOD, ITEMS, PAIR, PROPERTY = "c", "g", "s", "cm", "it", "pr", "p"
_COPYING_BUILTINS = frozenset(("list", "tuple", "set", "frozenset", "sorted", "reversed"))


def external_kind(name: str) -> str:
    top = name.split(".", 1)[0]
    if top == BUILTIN_PREFIX:
        return "builtin"
    return "stdlib" if top in STDLIB_TOP_LEVEL else "third_party"


class Site(NamedTuple):
    """Where a call happens: its file, scope, position and CallSite index (-1 when implicit)."""

    path: str
    scope: str
    line: int
    col: int
    site: int


@dataclass(slots=True)
class Call:
    dst: int
    args: tuple[tuple[str, int | None], ...]  # (star, slot)
    kwargs: tuple[tuple[str, int], ...]
    site: Site
    decorator: bool


@dataclass(slots=True)
class FunctionInfo:
    path: str
    index: int
    definition: Definition
    positional: tuple[str, ...] = ()
    star: str | None = None
    keyword_only: tuple[str, ...] = ()
    double_star: str | None = None
    generator: bool = False
    returns_parameter: str | None = None  # set when every return gives back this parameter unchanged

    @property
    def qualname(self) -> str:
        return self.definition.qualname


class FileScopes:
    """A file's scopes: kind, parent, bound names, global and nonlocal declarations."""

    def __init__(self, facts: FileFacts) -> None:
        self.kind: dict[str, str] = {"": "module"}
        self.parent: dict[str, str] = {}
        self.index: dict[str, int] = {}  # qualname -> its last definition, as Python's rebinding leaves it
        for i, definition in enumerate(facts.definitions):
            self.kind[definition.qualname] = "class" if definition.kind == "class" else "function"
            self.parent[definition.qualname] = definition.parent
            self.index[definition.qualname] = i
        self.tables = {scope: (frozenset(b), frozenset(g), frozenset(n)) for scope, (b, g, n) in facts.scopes.items()}
        self._empty: tuple[frozenset, frozenset, frozenset] = (frozenset(), frozenset(), frozenset())

    def table(self, scope: str) -> tuple[frozenset, frozenset, frozenset]:
        return self.tables.get(scope, self._empty)

    def binds(self, scope: str, name: str) -> bool:
        return name in self.table(scope)[0]


class PythonAnalysis:
    """Points-to analysis of a repository's Python files. Build it, then `solve()`."""

    def __init__(self, facts_by_path: Mapping[str, FileFacts], python_paths: Iterable[str]) -> None:
        self.facts_by_path = facts_by_path
        self.paths = sorted(python_paths)
        self.index = ModuleIndex(self.paths)
        self.solver = Solver()
        self.scopes: dict[str, FileScopes] = {}
        self.functions: dict[tuple[str, int], FunctionInfo] = {}
        self.bases: dict[int, list[int]] = {}  # class object -> base slots
        self.edges: dict[str, set[CallEdge]] = {}
        self.site_status: dict[tuple[str, int], str] = {}  # (path, site) -> internal | external
        self.decorator_calls: list[tuple[int, Call]] = []
        self._instantiations: list[tuple[int, Call]] = []
        self._returned: dict[tuple[str, str], set[str]] = {}  # (path, function) -> references it returns
        self._rebound: set[tuple[str, str]] = set()  # (path, name reference) given a value by a copy
        self._ref_cache: dict[tuple[str, str], int] = {}
        self._module_vars_linking: set[tuple[str, str]] = set()
        self._mro_cache: dict[int, list[int]] = {}
        self._mro_users: dict[int, set[int]] = {}  # class -> classes whose MRO includes it
        self._mro_watchers: dict[int, dict] = {}  # class -> look-ups to redo when its MRO changes
        self._module_names = {name for name in self.index.path_of} | set(self.index._import_path_of)
        self._package_prefixes = {name.rsplit(".", 1)[0] for name in self._module_names if "." in name}

    # ---- objects -------------------------------------------------------------------------

    def key(self, obj: int) -> tuple:
        return self.solver.objects[obj]

    def definition(self, obj: int) -> Definition:
        _, path, index = self.solver.objects[obj]
        return self.facts_by_path[path].definitions[index]

    def is_class(self, obj: int) -> bool:
        key = self.solver.objects[obj]
        return key[0] == DEF and self.facts_by_path[key[1]].definitions[key[2]].kind == "class"

    def def_obj(self, path: str, index: int) -> int:
        return self.solver.obj((DEF, path, index))

    def module_obj(self, name: str) -> int:
        path = self.index.find(name)
        if path is not None:
            return self.solver.obj((MODULE, path))
        if name in self._package_prefixes:
            return self.solver.obj((NAMESPACE, name))
        return self.external(name)

    def external(self, name: str) -> int:
        return self.solver.obj((EXTERNAL, name))

    def external_result(self) -> int:
        """What an external call returns: one object for all, since nothing about it is known."""
        return self.solver.obj((EXTERNAL_RESULT,))

    # ---- slots ---------------------------------------------------------------------------

    def module_var(self, path: str, name: str) -> int:
        """A module-level name; names a module does not bind come from its star imports or builtins."""
        key = (path, f":{name}")
        slot = self.solver.slot_ids.get(key)
        if slot is not None:
            return slot
        slot = self.solver.slot(key)
        scopes = self.scopes_of(path)
        if not scopes.binds("", name) and (path, name) not in self._module_vars_linking:
            self._module_vars_linking.add((path, name))
            provided = False
            for imp in self.facts_by_path[path].imports:
                if imp.name != "*" or imp.scope != "":
                    continue
                absolute = self.absolute_module(path, imp.level, imp.module)
                source = self.index.find(absolute) if absolute is not None else None
                if source is None or not self._exports(source, name):
                    continue
                self.solver.edge(self.module_var(source, name), slot)
                provided = True
            if not provided and name in BUILTIN_NAMES:
                self.solver.add_one(slot, self.external(f"{BUILTIN_PREFIX}.{name}"))
        return slot

    def _exports(self, path: str, name: str) -> bool:
        facts = self.facts_by_path[path]
        if facts.all_names is not None:
            return name in facts.all_names
        if name.startswith("_"):
            return False
        if self.scopes_of(path).binds("", name):
            return True
        return any(imp.name == "*" and imp.scope == "" for imp in facts.imports)

    def scopes_of(self, path: str) -> FileScopes:
        scopes = self.scopes.get(path)
        if scopes is None:
            scopes = self.scopes[path] = FileScopes(self.facts_by_path[path])
        return scopes

    def ref(self, path: str, ref: str) -> int:
        """The slot a file's reference names: a temporary, a return/yield, or a name by scope rules."""
        cache_key = (path, ref)
        slot = self._ref_cache.get(cache_key)
        if slot is not None:
            return slot
        scope, _, name = ref.rpartition(":")
        if ref[0] == "$" or name in ("return", "yield"):
            slot = self.solver.slot(cache_key)
        else:
            slot = self._name_slot(path, scope, name)
        self._ref_cache[cache_key] = slot
        return slot

    def _name_slot(self, path: str, scope: str, name: str) -> int:
        scopes = self.scopes_of(path)
        bound, declared_global, declared_nonlocal = scopes.table(scope)
        if scope and name in declared_global:
            return self.module_var(path, name)
        current = scope
        first = name not in declared_nonlocal
        if not first:
            current = scopes.parent.get(current, "")
        while current:
            kind = scopes.kind.get(current, "function")
            if (first or kind != "class") and scopes.binds(current, name):
                if name in scopes.table(current)[1]:
                    return self.module_var(path, name)
                return self.solver.slot((path, f"{current}:{name}"))
            first = False
            current = scopes.parent.get(current, "")
        return self.module_var(path, name)

    def param_slot(self, info: FunctionInfo, name: str) -> int:
        return self.ref(info.path, f"{info.qualname}:{name}")

    def return_slot(self, info: FunctionInfo, which: str = "return") -> int:
        return self.solver.slot((info.path, f"{info.qualname}:{which}"))

    def field(self, obj: int, attr: str) -> int:
        return self.solver.slot(("f", obj, attr))

    def container_slot(self, obj: int, key) -> int:
        """('a', o): every element; ('u', o): stored under an unknown key; ('k', o, key): a constant key."""
        if key is None:
            return self.solver.slot(("u", obj))
        slot_key = ("k", obj, key)
        slot = self.solver.slot_ids.get(slot_key)
        if slot is None:
            slot = self.solver.slot(slot_key)
            self.solver.edge(slot, self.solver.slot(("a", obj)))
        return slot

    def new_container(self, key: tuple) -> int:
        obj = self.solver.obj(key)
        unknown = ("u", obj)
        if unknown not in self.solver.slot_ids:
            self.solver.edge(self.solver.slot(unknown), self.solver.slot(("a", obj)))
        return obj

    # ---- building constraints ----------------------------------------------------------------

    def build(self) -> None:
        for path in self.paths:
            self._read_functions(path)
        self._find_identities()  # before any constraint: a handler may enter a function at once
        for path in self.paths:
            self._add_file(path)

    def _read_functions(self, path: str) -> None:
        """Parameters, generators, what each function returns and which names are assigned."""
        for op in self.facts_by_path[path].flows:
            kind = op[0]
            if kind == "copy":
                target = op[1]
                if target.endswith(":return"):
                    self._returned.setdefault((path, target[: -len(":return")]), set()).add(op[2])
                elif target[0] != "$":
                    self._rebound.add((path, target))
            elif kind == "params":
                _, index, positional, star, keyword_only, double_star = op
                info = self._function_info(path, index)
                info.positional, info.star, info.keyword_only, info.double_star = (
                    positional,
                    star,
                    keyword_only,
                    double_star,
                )
            elif kind == "generator":
                self._function_info(path, op[1]).generator = True

    def _find_identities(self) -> None:
        """Functions that only ever return one of their parameters unchanged (`def deco(cls): ...;
        return cls`, the shape of most registering decorators). A call of one gives back what that
        call passed, not what every call passed, so decorating a hundred classes with it does not
        make each name hold all hundred."""
        for info in self.functions.values():
            if info.generator:
                continue
            sources = self._returned.get((info.path, info.qualname))
            if sources is None or len(sources) != 1:
                continue
            (source,) = sources
            scope, _, name = source.rpartition(":")
            if scope == info.qualname and name in info.positional and (info.path, source) not in self._rebound:
                info.returns_parameter = name

    def _add_file(self, path: str) -> None:
        facts = self.facts_by_path[path]
        self.scopes_of(path)
        solver = self.solver
        ref = self.ref
        for imp in facts.imports:
            self._add_import(path, imp)
        for op in facts.flows:
            kind = op[0]
            if kind == "copy":
                solver.edge(ref(path, op[2]), ref(path, op[1]))
            elif kind == "load":
                _, dst, base, attr, line, col, scope = op
                site = Site(path, scope, line, col, -1)
                target = ref(path, dst)
                solver.on(ref(path, base), lambda o, a=attr, t=target, s=site: self.load(o, a, t, s))
            elif kind == "call":
                _, dst, func, args, kwargs, site_index, line, col, scope, decorator = op
                call = Call(
                    ref(path, dst),
                    tuple((star, ref(path, a) if a else None) for star, a in args),
                    tuple((name, ref(path, a)) for name, a in kwargs),
                    Site(path, scope, line, col, site_index),
                    decorator,
                )
                callee = ref(path, func)
                if decorator:
                    self.decorator_calls.append((callee, call))
                solver.on(callee, lambda o, c=call: self.call(o, c))
            elif kind == "def":
                solver.add_one(ref(path, op[1]), self.def_obj(path, op[2]))
            elif kind == "store":
                _, base, attr, src, line, col, scope = op
                site = Site(path, scope, line, col, -1)
                source = ref(path, src)
                solver.on(ref(path, base), lambda o, a=attr, s=source, st=site: self.store(o, a, s, st))
            elif kind == "new":
                solver.add_one(ref(path, op[1]), self.new_container((CONTAINER, path, op[1])))
            elif kind == "elem":
                _, dst, base, key = op
                target = ref(path, dst)
                solver.on(ref(path, base), lambda o, k=key, t=target: self.elem(o, k, t))
            elif kind == "estore":
                _, base, key, src = op
                source = ref(path, src)
                solver.on(ref(path, base), lambda o, k=key, s=source: self.estore(o, k, s))
            elif kind == "iter":
                target = ref(path, op[1])
                solver.on(ref(path, op[2]), lambda o, t=target: self.iterate(o, t))
            elif kind == "except":
                target = ref(path, op[1])
                solver.on(ref(path, op[2]), lambda o, t=target: self.caught(o, t))
            elif kind == "bases":
                _, index, base_refs = op
                cls = self.def_obj(path, index)
                slots = [ref(path, r) for r in base_refs]
                self.bases[cls] = slots
                for slot in slots:
                    solver.on(slot, lambda o, c=cls: self._base_changed(c))

    def _function_info(self, path: str, index: int) -> FunctionInfo:
        info = self.functions.get((path, index))
        if info is None:
            info = self.functions[(path, index)] = FunctionInfo(
                path, index, self.facts_by_path[path].definitions[index]
            )
        return info

    def absolute_module(self, path: str, level: int, module: str) -> str | None:
        if level == 0:
            return module
        package = self.index.package_of(path)
        parts = package.split(".") if package else []
        if level - 1 > len(parts):
            return None
        base = parts[: len(parts) - (level - 1)] if level > 1 else parts
        return ".".join([*base, module] if module else base)

    def _add_import(self, path: str, imp: Import) -> None:
        if imp.name == "*" or imp.module == "__future__":
            return
        target = self.ref(path, f"{imp.scope}:{imp.bound_name}")
        self.solver.edge(self.import_slot(path, imp), target)

    def import_slot(self, path: str, imp: Import) -> int:
        """A slot holding what an import statement binds (its own, apart from later rebinding)."""
        key = ("import", path, imp.line, imp.module, imp.name, imp.alias, imp.level)
        existing = self.solver.slot_ids.get(key)
        if existing is not None:
            return existing
        slot = self.solver.slot(key)
        absolute = self.absolute_module(path, imp.level, imp.module)
        if absolute is None:
            return slot
        if imp.name is None:
            name = absolute if imp.alias else absolute.split(".", 1)[0]
            self.solver.add_one(slot, self.module_obj(name))
            return slot
        source = self.index.find(absolute)
        if source is None:
            if absolute in self._package_prefixes:
                self.solver.add_one(slot, self.module_obj(f"{absolute}.{imp.name}"))
            else:
                self.solver.add_one(slot, self.external(f"{absolute}.{imp.name}"))
            return slot
        if self.scopes_of(source).binds("", imp.name) or not self._is_submodule(source, imp.name):
            self.solver.edge(self.module_var(source, imp.name), slot)
        if self._is_submodule(source, imp.name):
            self.solver.add_one(slot, self.module_obj(f"{self.index.name_of[source]}.{imp.name}"))
        return slot

    def _is_submodule(self, path: str, name: str) -> bool:
        if not (is_package_init(path) or path.endswith("__init__.pyi")):
            return False
        return self.index.find(f"{self.index.name_of[path]}.{name}") is not None

    # ---- classes ---------------------------------------------------------------------------

    def _base_changed(self, cls: int) -> None:
        """A base of `cls` may name a new class: redo the look-ups of every class whose MRO changed."""
        affected = self._mro_users.get(cls, set()) | {cls}
        before = {klass: self._mro_cache.pop(klass, None) for klass in affected}
        for klass in sorted(affected):
            if self.mro(klass) == before[klass]:
                continue
            for redo in list(self._mro_watchers.get(klass, {}).values()):
                redo()

    def mro(self, cls: int) -> list[int]:
        """C3 linearisation of a class object; external bases (objects of kind EXTERNAL) end a branch."""
        cached = self._mro_cache.get(cls)
        return cached if cached is not None else self._linearise(cls, frozenset(), {})[0]

    def _linearise(
        self, cls: int, active: frozenset, seen: dict[int, tuple[list[int], frozenset]]
    ) -> tuple[list[int], frozenset]:
        """The MRO of `cls`, cut short where a cyclic hierarchy reaches a class of `active` (those
        being linearised further up), and which of them it reached.

        Each class is linearised once per `mro` call (`seen`), and a result that reached no class
        but `cls` itself is the same wherever it is asked for, so it is kept (`_mro_cache`).
        Without both, every class of a deep hierarchy linearised its bases again, exponentially
        in diamonds and cycles; cycles come from imprecision (a base that may be any of the
        classes a decorator returns) and made the stdlib-and-Django resolution nine times slower
        once three more scripts joined it. In a cycle the first order found stands."""
        cached = self._mro_cache.get(cls)
        if cached is not None:
            return cached, frozenset()
        if cls in active:
            return [cls], frozenset({cls})
        if cls in seen:  # a cut it made counts only where that class is still being linearised
            result, reached_then = seen[cls]
            return result, reached_then & active
        active = active | {cls}
        bases: list[int] = []
        for slot in self.bases.get(cls, ()):
            for obj in sorted(self.solver.points_to[slot]):
                kind = self.solver.objects[obj][0]
                is_base = (kind == DEF and self.is_class(obj)) or kind == EXTERNAL
                if is_base and obj not in bases and obj != cls:
                    bases.append(obj)
        reached: set[int] = set()
        sequences = []
        for base in bases:
            if self.solver.objects[base][0] == DEF:
                sequence, hit = self._linearise(base, active, seen)
                reached |= hit
                sequences.append(sequence)
            else:
                sequences.append([base])
        sequences.append(list(bases))
        result = [cls]
        while True:
            sequences = [seq for seq in sequences if seq]
            if not sequences:
                break
            for seq in sequences:
                head = seq[0]
                if not any(head in other[1:] for other in sequences):
                    break
            else:  # an inconsistent hierarchy: Python refuses it; keep a depth-first order
                for seq in sequences:
                    result.extend(item for item in seq if item not in result)
                break
            result.append(head)
            sequences = [seq[1:] if seq[0] == head else seq for seq in sequences]
        reached.discard(cls)
        seen[cls] = result, frozenset(reached)
        if not reached:
            self._mro_cache[cls] = result
        for klass in result[1:]:
            self._mro_users.setdefault(klass, set()).add(cls)
        return seen[cls]

    def class_attribute_slots(self, cls: int, attr: str, skip_through: int | None = None):
        """Slots that may hold `attr` looked up on a class, by MRO; and the external name when an
        external base is reached first."""
        slots: list[int] = []
        skipping = skip_through is not None
        for klass in self.mro(cls):
            if skipping:
                skipping = klass != skip_through
                continue
            key = self.solver.objects[klass]
            if key[0] == EXTERNAL:
                return slots, f"{key[1]}.{attr}"
            _, path, index = key
            qualname = self.facts_by_path[path].definitions[index].qualname
            slot_key = (path, f"{qualname}:{attr}")
            if self.scopes_of(path).binds(qualname, attr):
                slots.append(self.solver.slot(slot_key))
                return slots, None
            if slot_key in self.solver.slot_ids:  # set from outside the class body
                slots.append(self.solver.slot_ids[slot_key])
        return slots, None

    def watch_mro(self, cls: int, key: tuple, redo) -> bool:
        """Run `redo` now and whenever the class's MRO changes; False when `key` is already watched."""
        watchers = self._mro_watchers.setdefault(cls, {})
        if key in watchers:
            return False
        watchers[key] = redo
        redo()
        return True

    # ---- handlers ----------------------------------------------------------------------------

    def load(self, obj: int, attr: str, dst: int, site: Site) -> None:
        key = self.solver.objects[obj]
        kind = key[0]
        solver = self.solver
        if kind == INSTANCE:
            solver.edge(self.field(obj, attr), dst)
            self._class_lookup(key[1], attr, dst, site, receiver=obj)
        elif kind == DEF:
            if self.is_class(obj):
                self._class_lookup(obj, attr, dst, site, receiver=None)
        elif kind == MODULE:
            path = key[1]
            if self.scopes_of(path).binds("", attr) or not self._is_submodule(path, attr):
                solver.edge(self.module_var(path, attr), dst)
            if self._is_submodule(path, attr):
                solver.add_one(dst, self.module_obj(f"{self.index.name_of[path]}.{attr}"))
        elif kind == NAMESPACE:
            solver.add_one(dst, self.module_obj(f"{key[1]}.{attr}"))
        elif kind == EXTERNAL:
            name = key[1]
            if name.count(".") < MAX_EXTERNAL_DEPTH:
                solver.add_one(dst, self.external(f"{name}.{attr}"))
            else:  # `x = x.parent` in a loop would otherwise name attributes without end
                solver.add_one(dst, self.external_result())
        elif kind == EXTERNAL_RESULT:
            solver.add_one(dst, obj)
        elif kind == SUPER:
            _, cls, receiver = key
            receiver_key = solver.objects[receiver]
            start = receiver_key[1] if receiver_key[0] == INSTANCE else receiver
            self._class_lookup(start, attr, dst, site, receiver=receiver, skip_through=cls)
        elif kind == CONTAINER and attr in _CONTAINER_METHODS:
            solver.add_one(dst, solver.obj((CONTAINER_METHOD, obj, attr)))

    def _class_lookup(self, cls: int, attr: str, dst: int, site: Site, receiver: int | None, skip_through=None) -> None:
        done: set[int] = set()

        def lookup() -> None:
            slots, external = self.class_attribute_slots(cls, attr, skip_through)
            for slot in slots:
                if slot in done:
                    continue
                done.add(slot)
                self.solver.on(slot, lambda f: self._bind_attribute(f, cls, receiver, dst, site))
            if external is not None and not slots:
                self.solver.add_one(dst, self.external(external))

        self.watch_mro(cls, ("attribute", attr, dst, receiver, skip_through), lookup)

    def _bind_attribute(self, value: int, cls: int, receiver: int | None, dst: int, site: Site) -> None:
        """A class attribute read through a class or an instance: methods bind, properties run."""
        solver = self.solver
        key = solver.objects[value]
        if key[0] == PROPERTY:
            if receiver is not None:
                getter = Call(dst, (), (), site, False)
                solver.on(self.field(value, "fget"), lambda f: self._call_accessor(f, getter, receiver))
            return
        if key[0] != DEF or self.is_class(value):
            solver.add_one(dst, value)
            return
        definition = self.definition(value)
        decorators = definition.decorators
        if "staticmethod" in decorators:
            solver.add_one(dst, value)
        elif "classmethod" in decorators:
            owner = cls if receiver is None or solver.objects[receiver][0] != INSTANCE else solver.objects[receiver][1]
            solver.add_one(dst, solver.obj((BOUND, owner, value)))
        elif any(d == "property" or d.endswith(".getter") for d in decorators):
            if receiver is not None:
                self._enter(value, Call(dst, (), (), site, False), receiver)
        elif any(d.endswith((".setter", ".deleter")) for d in decorators):
            return
        elif receiver is None:
            solver.add_one(dst, value)
        else:
            solver.add_one(dst, solver.obj((BOUND, receiver, value)))

    def store(self, obj: int, attr: str, src: int, site: Site) -> None:
        key = self.solver.objects[obj]
        kind = key[0]
        if kind == INSTANCE:
            self.solver.edge(src, self.field(obj, attr))
            slots, _ = self.class_attribute_slots(key[1], attr)
            for slot in slots:
                self.solver.on(slot, lambda f, o=obj: self._setter(f, o, src, site))
        elif kind == DEF and self.is_class(obj):
            _, path, index = key
            qualname = self.facts_by_path[path].definitions[index].qualname
            self.solver.edge(src, self.solver.slot((path, f"{qualname}:{attr}")))
        elif kind == MODULE:
            self.solver.edge(src, self.module_var(key[1], attr))

    def _call_accessor(self, func: int, call: Call, receiver: int) -> None:
        """Run a property's accessor: a function gets the receiver as self (a lambda too)."""
        if self.solver.objects[func][0] == DEF and not self.is_class(func):
            self._enter(func, call, receiver)

    def _setter(self, value: int, receiver: int, src: int, site: Site) -> None:
        key = self.solver.objects[value]
        if key[0] == PROPERTY:
            setter = Call(self.solver.slot(("setter-result", value)), (("", src),), (), site, False)
            self.solver.on(self.field(value, "fset"), lambda f: self._call_accessor(f, setter, receiver))
            return
        if key[0] != DEF or self.is_class(value):
            return
        if any(d.endswith(".setter") for d in self.definition(value).decorators):
            scratch = self.solver.slot(("setter-result", value))
            self._enter(value, Call(scratch, (("", src),), (), site, False), receiver)

    def elem(self, obj: int, key, dst: int) -> None:
        kind = self.solver.objects[obj][0]
        if kind == CONTAINER:
            if key is None:
                self.solver.edge(self.solver.slot(("a", obj)), dst)
            else:
                self.solver.edge(self.container_slot(obj, key), dst)
                self.solver.edge(self.container_slot(obj, None), dst)
        elif kind == PAIR:
            if key in (1, None):
                self.solver.edge(self.solver.slot(("a", self.solver.objects[obj][1])), dst)
        elif kind == EXTERNAL_RESULT:
            self.solver.add_one(dst, obj)

    def estore(self, obj: int, key, src: int) -> None:
        if self.solver.objects[obj][0] == CONTAINER:
            self.solver.edge(src, self.container_slot(obj, key))

    def iterate(self, obj: int, dst: int) -> None:
        key = self.solver.objects[obj]
        kind = key[0]
        if kind == CONTAINER:
            self.solver.edge(self.solver.slot(("a", obj)), dst)
        elif kind == GENERATOR:
            info = self.functions.get((key[1], key[2]))
            if info is not None:
                self.solver.edge(self.return_slot(info, "yield"), dst)
        elif kind == ITEMS:
            self.solver.add_one(dst, self.solver.obj((PAIR, key[1])))
        elif kind == EXTERNAL_RESULT:
            self.solver.add_one(dst, obj)

    def caught(self, obj: int, dst: int) -> None:
        kind = self.solver.objects[obj][0]
        if kind == DEF and self.is_class(obj):
            self.solver.add_one(dst, self.solver.obj((INSTANCE, obj)))
        elif kind == CONTAINER:
            self.solver.on(self.solver.slot(("a", obj)), lambda o: self.caught(o, dst))

    # ---- calls -------------------------------------------------------------------------------

    def record(self, site: Site, target: tuple) -> None:
        self.edges.setdefault(site.path, set()).add(CallEdge(site.scope, site.line, site.col, target))
        if site.site >= 0:
            status = "external" if target[0] == EXTERNAL else "internal"
            key = (site.path, site.site)
            if self.site_status.get(key) != "internal":
                self.site_status[key] = status

    def mark_external(self, site: Site) -> None:
        if site.site >= 0:
            self.site_status.setdefault((site.path, site.site), "external")

    def call(self, obj: int, call: Call) -> None:
        solver = self.solver
        key = solver.objects[obj]
        kind = key[0]
        if kind == DEF:
            if self.is_class(obj):
                self._instantiate(obj, call)
            else:
                self._enter(obj, call, None)
        elif kind == BOUND:
            self._enter(key[2], call, key[1])
        elif kind == INSTANCE:
            done: set[int] = set()

            def lookup() -> None:
                slots, _ = self.class_attribute_slots(key[1], "__call__")
                for slot in slots:
                    if slot not in done:
                        done.add(slot)
                        solver.on(slot, lambda f, o=obj: self._enter_method(f, call, o))

            self.watch_mro(key[1], ("call", obj, id(call)), lookup)
        elif kind == EXTERNAL:
            self.record(call.site, key)
            self._external_call(key[1], call)
        elif kind == EXTERNAL_RESULT:
            self.mark_external(call.site)
            solver.add_one(call.dst, obj)
            if call.decorator:
                self._pass_through(call)
        elif kind == CONTAINER_METHOD:
            self._container_method(key[1], key[2], call)
        elif call.decorator:
            self._pass_through(call)

    def _pass_through(self, call: Call) -> None:
        if call.args and call.args[0][1] is not None:
            self.solver.edge(call.args[0][1], call.dst)

    def _enter_method(self, value: int, call: Call, receiver: int) -> None:
        if self.solver.objects[value][0] == DEF and not self.is_class(value):
            self._enter(value, call, receiver)

    def _enter(self, func: int, call: Call, receiver: int | None) -> None:
        """Call a function definition: record the edge, bind arguments, flow its result."""
        solver = self.solver
        _, path, index = solver.objects[func]
        self.record(call.site, (DEF, path, index))
        info = self._function_info(path, index)
        positional = list(info.positional)
        if receiver is not None and positional:
            solver.add_one(self.param_slot(info, positional[0]), receiver)
            positional = positional[1:]
        elif receiver is not None and info.star:
            return
        passed: dict[str, int] = {}  # parameter -> the slot this call passes it
        position = 0
        for star, slot in call.args:
            if slot is None:
                position += 1
                continue
            if star == "*":
                for name in positional[position:]:
                    target = self.param_slot(info, name)
                    solver.on(slot, lambda o, t=target: self.iterate(o, t))
                if info.star:
                    solver.edge(slot, self.param_slot(info, info.star))
                continue
            if position < len(positional):
                solver.edge(slot, self.param_slot(info, positional[position]))
                passed[positional[position]] = slot
            elif info.star:
                container = self.new_container((CONTAINER, path, f"{info.qualname}:*"))
                solver.add_one(self.param_slot(info, info.star), container)
                solver.edge(slot, self.container_slot(container, None))
            position += 1
        for name, slot in call.kwargs:
            if name == "**":
                for param in (*positional, *info.keyword_only):
                    target = self.param_slot(info, param)
                    solver.on(slot, lambda o, k=param, t=target: self.elem(o, k, t))
                if info.double_star:
                    solver.edge(slot, self.param_slot(info, info.double_star))
            elif name in positional or name in info.keyword_only:
                solver.edge(slot, self.param_slot(info, name))
                passed[name] = slot
            elif info.double_star:
                container = self.new_container((CONTAINER, path, f"{info.qualname}:**"))
                solver.add_one(self.param_slot(info, info.double_star), container)
                solver.edge(slot, self.container_slot(container, name))
        if info.generator:
            solver.add_one(call.dst, solver.obj((GENERATOR, path, index)))
        elif info.returns_parameter in passed:
            solver.edge(passed[info.returns_parameter], call.dst)
        elif receiver is not None and info.positional and info.returns_parameter == info.positional[0]:  # self
            solver.add_one(call.dst, receiver)
        else:
            solver.edge(self.return_slot(info), call.dst)

    def _instantiate(self, cls: int, call: Call) -> None:
        """Calling a class makes its instance and runs the repository's `__new__`/`__init__`; when it
        defines neither, the edge goes to the class (decided after the fixpoint, see `_finish`)."""
        solver = self.solver
        instance = solver.obj((INSTANCE, cls))
        solver.add_one(call.dst, instance)
        done: set[int] = set()

        def lookup() -> None:
            for name in ("__new__", "__init__"):
                slots, _ = self.class_attribute_slots(cls, name)
                for slot in slots:
                    if slot not in done:
                        done.add(slot)
                        receiver = cls if name == "__new__" else instance
                        solver.on(slot, lambda f, r=receiver: self._enter_method(f, call, r))

        if self.watch_mro(cls, ("new", id(call)), lookup):
            self._instantiations.append((cls, call))

    def _external_call(self, name: str, call: Call) -> None:
        solver = self.solver
        if name == f"{BUILTIN_PREFIX}.super":
            self._super(call)
            return
        first = call.args[0][1] if call.args else None
        builtin = name[len(BUILTIN_PREFIX) + 1 :] if name.startswith(BUILTIN_PREFIX) else None
        if builtin in ("next", "iter") and first is not None:
            solver.on(first, lambda o: self.iterate(o, call.dst))
            return
        if builtin in _COPYING_BUILTINS and first is not None:  # list(xs), sorted(xs): a new container of xs's items
            site = call.site
            container = self.new_container((CONTAINER, site.path, f"{builtin}@{site.line}:{site.col}"))
            solver.add_one(call.dst, container)
            target = self.container_slot(container, None)
            solver.on(first, lambda o: self.iterate(o, target))
            return
        if builtin in ("staticmethod", "classmethod") and first is not None:
            solver.edge(first, call.dst)
            return
        if builtin == "type" and len(call.args) == 1 and first is not None:
            solver.on(first, lambda o: self._type_of(o, call.dst))
            return
        if builtin == "property":
            self._property(call)
            return
        if call.decorator:
            self._pass_through(call)
            return
        solver.add_one(call.dst, self.external_result())

    def _type_of(self, obj: int, dst: int) -> None:
        key = self.solver.objects[obj]
        if key[0] == INSTANCE:
            self.solver.add_one(dst, key[1])

    def _property(self, call: Call) -> None:
        """`property(fget, fset)`: an object whose accessor slots hold the functions given."""
        site = call.site
        prop = self.solver.obj((PROPERTY, site.path, site.line, site.col))
        self.solver.add_one(call.dst, prop)
        accessors = dict(zip(("fget", "fset", "fdel"), (slot for _, slot in call.args), strict=False))
        accessors.update((name, slot) for name, slot in call.kwargs if name in ("fget", "fset", "fdel"))
        for name, slot in accessors.items():
            if slot is not None:
                self.solver.edge(slot, self.field(prop, name))

    def _super(self, call: Call) -> None:
        solver = self.solver
        args = [slot for _, slot in call.args if slot is not None]
        if len(args) == 2:
            cls_slot, receiver_slot = args
            solver.on(
                cls_slot,
                lambda c: (
                    solver.on(receiver_slot, lambda r: self._add_super(c, r, call.dst)) if self.is_class(c) else None
                ),
            )
            return
        path, scope = call.site.path, call.site.scope
        facts = self.facts_by_path[path]
        scopes = self.scopes_of(path)
        function = scope
        while function and scopes.kind.get(function) == "function":
            parent = scopes.parent.get(function, "")
            if scopes.kind.get(parent) == "class":
                break
            function = parent
        parent = scopes.parent.get(function, "")
        if not function or scopes.kind.get(parent) != "class":
            return
        cls_index = next((i for i, d in enumerate(facts.definitions) if d.qualname == parent), None)
        fn_index = next((i for i, d in enumerate(facts.definitions) if d.qualname == function), None)
        if cls_index is None or fn_index is None:
            return
        info = self._function_info(path, fn_index)
        if not info.positional:
            return
        cls = self.def_obj(path, cls_index)
        receiver_slot = self.param_slot(info, info.positional[0])
        solver.on(receiver_slot, lambda r: self._add_super(cls, r, call.dst))

    def _add_super(self, cls: int, receiver: int, dst: int) -> None:
        """`super(cls, receiver)`, for receivers (instances or classes) whose MRO holds cls: any other
        pairing would fail in Python, and `super(C, obj)` with two wide slots would make their product."""
        key = self.solver.objects[receiver]
        if key[0] == INSTANCE:
            klass = key[1]
        elif key[0] == DEF and self.is_class(receiver):
            klass = receiver
        else:
            return
        if cls in self.mro(klass):
            self.solver.add_one(dst, self.solver.obj((SUPER, cls, receiver)))

    def _container_method(self, container: int, method: str, call: Call) -> None:
        solver = self.solver
        args = [slot for _, slot in call.args]
        if method in ("append", "add", "appendleft") and args and args[0] is not None:
            solver.edge(args[0], self.container_slot(container, None))
        elif method == "insert" and len(args) > 1 and args[1] is not None:
            solver.edge(args[1], self.container_slot(container, None))
        elif method in ("extend", "update") and args and args[0] is not None:
            target = self.container_slot(container, None)
            solver.on(args[0], lambda o: self.iterate(o, target) if solver.objects[o][0] != CONTAINER else None)
            solver.on(args[0], lambda o: self._merge_container(o, container))
            for name, slot in call.kwargs:
                solver.edge(slot, self.container_slot(container, name))
        elif method in ("get", "pop", "setdefault"):
            solver.edge(solver.slot(("a", container)), call.dst)
        elif method in ("values", "copy"):
            solver.add_one(call.dst, container)
        elif method == "items":
            solver.add_one(call.dst, solver.obj((ITEMS, container)))

    def _merge_container(self, source: int, target: int) -> None:
        if self.solver.objects[source][0] == CONTAINER:
            self.solver.edge(self.solver.slot(("a", source)), self.container_slot(target, None))

    # ---- solving -----------------------------------------------------------------------------

    def solve(self) -> None:
        """Build the constraints and run them to the fixpoint (with the collector paused, see `gc_paused`)."""
        with gc_paused():
            self.build()
            self.solver.solve()
            self._fallbacks()
            self.solver.solve()
            self._finish()

    def release(self) -> None:
        """Free the analysis's structures promptly (see `Solver.release`); it cannot be used after."""
        self.solver.release()
        self._mro_watchers.clear()

    def _finish(self) -> None:
        """Instantiations of classes with no constructor in the repository are calls of the class."""
        for cls, call in self._instantiations:
            has_constructor = any(
                slots for slots, _ in (self.class_attribute_slots(cls, n) for n in ("__new__", "__init__"))
            )
            if not has_constructor:
                _, path, index = self.solver.objects[cls]
                self.record(call.site, (DEF, path, index))

    def _fallbacks(self) -> None:
        """Methods nothing calls get their own class as receiver; unknown decorators pass through."""
        solver = self.solver
        for (path, _), info in list(self.functions.items()):
            definition = info.definition
            if definition.kind != "method" or "staticmethod" in definition.decorators or not info.positional:
                continue
            receiver_slot = self.param_slot(info, info.positional[0])
            if solver.points_to[receiver_slot]:
                continue
            scopes = self.scopes_of(path)
            cls_index = scopes.index.get(scopes.parent.get(definition.qualname, ""))
            if cls_index is None:
                continue
            cls = self.def_obj(path, cls_index)
            receiver = cls if "classmethod" in definition.decorators else solver.obj((INSTANCE, cls))
            solver.add_one(receiver_slot, receiver)
        for callee, call in self.decorator_calls:
            if not solver.points_to[callee]:
                self._pass_through(call)

    # ---- results -----------------------------------------------------------------------------

    def import_targets(self, path: str, imp: Import) -> list[tuple]:
        """Object keys an import names: modules, definitions or externals."""
        if imp.module == "__future__":
            return []
        if imp.name == "*" or imp.name is None:  # `import a.b` depends on a.b, though it binds a
            absolute = self.absolute_module(path, imp.level, imp.module)
            return [self.solver.objects[self.module_obj(absolute)]] if absolute is not None else []
        slot = self.import_slot(path, imp)
        keys = [self.solver.objects[o] for o in sorted(self.solver.points_to[slot])]
        return [k for k in keys if k[0] in (MODULE, DEF, EXTERNAL)]

    def bases_of(self, path: str, index: int) -> list[tuple]:
        cls = self.def_obj(path, index)
        return [self.solver.objects[o] for o in self.mro(cls)[1:] if o in self._direct_bases(cls)]

    def _direct_bases(self, cls: int) -> set[int]:
        found: set[int] = set()
        for slot in self.bases.get(cls, ()):
            for obj in self.solver.points_to[slot]:
                kind = self.solver.objects[obj][0]
                if (kind == DEF and self.is_class(obj)) or kind == EXTERNAL:
                    found.add(obj)
        return found

    def module_name(self, path: str) -> str:
        return self.index.name_of.get(path, path)

    def calls_of(self, path: str) -> set[CallEdge]:
        return self.edges.get(path, set())

    def scope_index(self, path: str) -> dict[str, int]:
        return self.scopes_of(path).index

    def import_status(self, path: str, imp: Import) -> ImportStatus | None:
        if imp.module == "__future__":
            return None
        targets = self.import_targets(path, imp)
        if not targets:
            return "unresolved"
        return "external" if all(t[0] == EXTERNAL for t in targets) else "internal"

    @staticmethod
    def external_kind(name: str) -> str:
        return external_kind(name)

    def call_site_counts(self) -> Counter:
        """Call sites resolved inside the repository, only to externals, or not at all."""
        counts: Counter = Counter()
        for path in self.paths:
            for site in range(len(self.facts_by_path[path].calls)):
                counts[self.site_status.get((path, site), "unresolved")] += 1
        return counts
