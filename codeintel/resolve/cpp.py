"""C++'s resolution on the LanguageAnalysis port: includes, calls and base classes.

Names. As for C (`codeintel.resolve.c.module_name_for`), a file's module is its path with
`/` -> `.` and the extension's dot replaced by `_` (`src/shape.cpp` -> `src.shape_cpp`,
`include/shape.hpp` -> `include.shape_hpp`), since a source and its header share a stem.
Definitions are `<module>.<qualname>`: a method defined out of line in `shape.cpp` is
`src.shape_cpp.Shape.area`, its class `include.shape_hpp.Shape`.

The repository is one program: namespaces, classes and functions are indexed by their C++
qualified name over every C++ file (as the linker sees them), not through the include graph.
`static` functions and those of anonymous namespaces are only visible in their own file.

Includes. Each `#include` is looked up with `IncludeResolver` over every C/C++ file of the
repository (quoted: beside the including file first): a repository file -> IMPORTS to its
Module (internal); none -> External `vector` / `boost/any.hpp` (external); several equally
good -> nothing (unresolved).

Calls, resolved only where C++'s static semantics give one target:
  - `f()`: looked up as C++ does, as far as is static: a local name (variable, parameter,
    lambda) shadows everything (no edge); then, from the calling function outwards, its
    class and that class's bases (member functions, implicit `this`), the enclosing
    namespaces, with the `using ns::f;` declarations and `using namespace ns;` directives of
    the calling file at the level they are written. When that finds nothing and the first
    argument is a variable or field of a repository class (`describe(p)`, `swap(a.x, b)`),
    argument-dependent lookup tries the namespace of that class (`shapes::describe`); the
    other arguments' namespaces are not searched.
  - `ns::f()`, `::f()`, `Klass::staticM()`, `Base::m()` (a qualified call is never
    virtual), with namespace aliases and typedef/`using` aliases of classes.
  - `obj.m()`, `ptr->m()`, `this->m()`, `obj.field.m()`, `make().m()`, `(*p).m()`: the
    static type of the object expression: declared locals and parameters (`Klass k;`,
    `const Klass& k`, `Klass* p = ...`), `auto x = new Klass()`, `auto x = Klass(...)`,
    `auto p = std::make_unique<Klass>(...)` (and `unique_ptr`/`shared_ptr` of a class read as
    the class), `auto x = f()` (f's declared result type), `auto& x = a.b`, `auto* p = &y`
    (the expression's type), elements of standard sequences and sets (`for (auto& t :
    tasks)`, `tasks[0]`, `tasks.front()`) and values of maps (`m[key]`, `m.at(key)`,
    `for (auto& [key, value] : m)`), range-for variables with a declared type, fields
    through member declarations (with bases), static members (`Klass::instance_->m()`),
    namespace-level variables (`ns::config.load()`), results of calls whose target is known
    (declared result types, trailing ones too). The innermost block's declaration of a name
    wins; two types in one block give nothing. Template parameters are no types: calls on
    a `T` give nothing (no instantiation is done).
  - Member lookup walks the class, then its bases breadth first: the nearest class that
    declares the name (a definition, a prototype, a pure virtual declaration) is the one;
    two at the same distance is ambiguous (no edge). A name declared there without a body
    anywhere in the repository gives no edge. Virtual calls through a base pointer or
    reference go to the base's method when it has a body: that is the static target (the
    overriders are not added).
  - Constructions: `Klass k;`, `Klass k(args)`, `Klass k{args}`, `Klass(args)`,
    `new Klass(args)`, and a constructor's initialisers (`: Base(x)`, `member_(y)` by the
    member's declared type, `Klass(z)` delegating) -> the constructor `Klass.Klass` that
    matches; a class without a user-declared constructor gives no edge (not the class).
  - Overloads: the candidates of one name are filtered by arity (defaults and `...` count);
    one left -> an edge, several -> none. Definitions in the calling file win over other
    files' (a `static` helper of the file over a namesake elsewhere).
  - `std::sort()`, `std::make_unique<K>()` (any call qualified by `std::`, or a name brought
    in by `using std::sort;`): External `std::sort`. Methods of standard types
    (`v.push_back()`, `s.size()`), operators (`std::cout << x`), calls of function objects
    and lambdas, and names that could only come from `using namespace std;` give nothing.
  - A plain call of a C standard library or POSIX function (`printf()`, `strlen()`, as the C
    analysis lists them) that no scope declares and the repository defines nowhere, not even
    as a method: External `printf`, as the C analysis names it.
  - Calls of C functions (`extern "C"`): a plain `f()` that C++ lookup does not find goes to
    the C function `f` of a C header the calling file includes directly (a `static inline`
    one), or to the non-`static` `f` of that header's C source beside it (`clib.c` for
    `clib.h`); one such definition -> an edge. C functions reached otherwise (transitive
    includes, a source elsewhere) give none.
Not resolved: argument-dependent lookup beyond the first argument (or when ordinary lookup
found a function too), overloaded operators used as operators (`a + b`:
no call site), calls through function pointers, member pointers and function objects,
dependent calls in templates, macros (a call of a macro is unresolved). Two classes with one
qualified name in different files (each in an anonymous namespace, say) share their members'
index: the calling file's own definitions win, otherwise a call is ambiguous.
Counts: internal (an edge into the repository), external (std and the C library),
unresolved.

bases_of: each base as written, looked up from the class's namespace (a repository class ->
its definition; else External with the name as written, template arguments dropped:
`std::exception`, `QObject`).
external_kind: `std::` names, C library functions and standard headers (C++ and C, as the C
analysis knows them) -> "stdlib", anything else "third_party".
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping

from codeintel.languages.cpp.extractor import normalise_type
from codeintel.model import FileFacts, Import
from codeintel.resolve.includes import IncludeResolver
from codeintel.resolve.port import DEF, EXTERNAL, CallEdge, ImportStatus

try:
    from codeintel.resolve.c import C_FAMILY_SUFFIXES, STDLIB_FUNCTIONS, STDLIB_HEADERS, module_name_for
except ImportError:  # pragma: no cover - the C analysis is written at the same time
    C_FAMILY_SUFFIXES = (".c", ".h", ".cc", ".cpp", ".cxx", ".c++", ".hh", ".hpp", ".hxx", ".h++", ".inc", ".ipp")
    STDLIB_HEADERS = frozenset()
    STDLIB_FUNCTIONS = frozenset()

    def module_name_for(path: str) -> str:
        directory, slash, filename = path.rpartition("/")
        stem, dot, extension = filename.rpartition(".")
        if dot and stem:
            filename = f"{stem}_{extension}"
        return (directory + slash + filename).replace("/", ".")


_CPP_STD_HEADERS = """
    algorithm any array atomic barrier bit bitset cassert cctype cerrno cfenv cfloat charconv chrono
    cinttypes climits clocale cmath codecvt compare complex concepts condition_variable coroutine
    csetjmp csignal cstdarg cstddef cstdint cstdio cstdlib cstring ctime cuchar cwchar cwctype deque
    exception execution expected filesystem format forward_list fstream functional future
    initializer_list iomanip ios iosfwd iostream istream iterator latch limits list locale map memory
    memory_resource mutex new numbers numeric optional ostream print queue random ranges ratio regex
    scoped_allocator semaphore set shared_mutex source_location span sstream stack stdexcept
    stop_token streambuf string string_view syncstream system_error thread tuple type_traits typeindex
    typeinfo unordered_map unordered_set utility valarray variant vector version
"""
CPP_STD_HEADERS = frozenset(_CPP_STD_HEADERS.split())
_MAX_DEPTH = 24


def _join(prefix: str, name: str) -> str:
    return f"{prefix}.{name}" if prefix else name


_TEMPLATE_ARGS = re.compile(r"<[^<>]*>")
_ELEMENT_ACCESSORS = frozenset(("front()", "back()", "at()", "top()", "[]"))


def _element(type_: str | None) -> str | None:
    """The element class of a container type `[]K`; None for anything else."""
    return type_[2:] if type_ is not None and type_.startswith("[]") else None


def _value(type_: str | None) -> str | None:
    """What subscripting a container type gives: an element of `[]K`, a value of `{}K`."""
    return type_[2:] if type_ is not None and type_.startswith(("[]", "{}")) else None


def _split_callee(callee: str) -> list[str] | None:
    """`a.b->c` -> ["a", "b", "c"]; `f().m` -> ["f()", "m"]; None for what is not a chain."""
    if "..." in callee or "operator" in callee or "lambda" in callee:
        return None
    parts: list[str] = []
    current = []
    depth = 0
    index = 0
    while index < len(callee):
        char = callee[index]
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        if depth == 0 and (char == "." or callee.startswith("->", index)):
            parts.append("".join(current))
            current = []
            index += 1 if char == "." else 2
            continue
        current.append(char)
        index += 1
    parts.append("".join(current))
    return parts if all(parts) else None


class CppAnalysis:
    """Resolves the calls, includes and base classes of a repository's C++ files."""

    def __init__(self, facts_by_path: Mapping[str, FileFacts], paths: Iterable[str]) -> None:
        self.facts_by_path = facts_by_path
        self.paths = sorted(paths)
        self.calls: dict[str, list[CallEdge]] = {}
        self.counts: Counter = Counter()
        self._solved = False
        self.line = 0  # the line of the call being resolved (variables are seen per block)
        self.col = 0
        self._all_paths = frozenset(p for p in facts_by_path if p.lower().endswith(C_FAMILY_SUFFIXES))
        self._cpp_paths = frozenset(self.paths)
        self.includes = IncludeResolver(self._all_paths)

    # ---- index ------------------------------------------------------------------------

    def _index(self) -> None:
        self.classes: dict[str, list[tuple[str, int]]] = {}
        self.namespaces: set[str] = set()
        self.functions: dict[str, list[tuple[str, int]]] = {}  # free functions by qualname
        self.methods: dict[tuple[str, str], list[tuple[str, int]]] = {}  # (class, name) -> defs
        self.declared: dict[str, set[str]] = {}  # class -> member function names it declares
        self.fields: dict[str, dict[str, str]] = {}
        self.globals: dict[tuple[str, str], set[str]] = {}
        self.aliases: dict[str, str] = {}  # qualified alias -> written type (its container's context)
        self.alias_context: dict[str, str] = {}
        self.ns_aliases: dict[tuple[str, str], str] = {}  # (path, name) -> namespace written
        self.vars: dict[tuple[str, str, str], list[tuple]] = {}
        self.returns: dict[tuple[str, int], str] = {}
        self.params: dict[tuple[str, int], tuple[int, int]] = {}
        self.internal: set[tuple[str, int]] = set()
        self.using: dict[str, list[tuple[str, str]]] = {}  # path -> (container, "ns::name")
        self.using_ns: dict[str, list[tuple[str, str]]] = {}  # path -> (container, "ns")
        self.arities: dict[str, tuple[int, ...]] = {}
        self.scope_def: dict[tuple[str, str], int] = {}
        self.inits: set[tuple[str, int, int]] = set()
        self.first_args: dict[tuple[str, int, int], str] = {}
        self._memo: dict[tuple, object] = {}
        pending_methods = []
        for path in self.paths:
            facts = self.facts_by_path[path]
            for index, definition in enumerate(facts.definitions):
                if definition.kind == "class":
                    if definition.type_kind == "namespace":
                        self.namespaces.add(definition.qualname)
                    else:
                        self.classes.setdefault(definition.qualname, []).append((path, index))
                else:
                    self.scope_def.setdefault((path, definition.qualname), index)
                    if definition.kind == "function":
                        self.functions.setdefault(definition.qualname, []).append((path, index))
                    else:
                        pending_methods.append((path, index, definition))
            for flow in facts.flows:
                kind = flow[0]
                if kind in ("var", "var_call", "var_expr", "var_range", "var_range_value"):
                    self.vars.setdefault((path, flow[1], flow[2]), []).append((kind, flow[3], flow[4], flow[5]))
                elif kind == "field":
                    self.fields.setdefault(flow[1], {}).setdefault(flow[2], flow[3])
                elif kind == "declares":
                    self.declared.setdefault(flow[1], set()).add(flow[2])
                elif kind == "returns":
                    self.returns[(path, flow[1])] = flow[2]
                elif kind == "params":
                    self.params[(path, flow[1])] = (flow[2], flow[3])
                elif kind == "internal":
                    self.internal.add((path, flow[1]))
                elif kind == "global":
                    self.globals.setdefault((flow[1], flow[2]), set()).add(flow[3])
                elif kind == "using":
                    self.using.setdefault(path, []).append((flow[1], flow[2]))
                elif kind == "using_namespace":
                    self.using_ns.setdefault(path, []).append((flow[1], flow[2]))
                elif kind == "alias":
                    self.aliases.setdefault(_join(flow[1], flow[2]), flow[3])
                    self.alias_context.setdefault(_join(flow[1], flow[2]), flow[1])
                elif kind == "namespace_alias":
                    self.ns_aliases[(path, flow[2])] = flow[3]
                elif kind == "arities":
                    self.arities[path] = flow[1]
                elif kind == "inits":
                    self.inits.update((path, line, col) for line, col in flow[1])
                elif kind == "first_args":
                    self.first_args.update(((path, line, col), written) for line, col, written in flow[1])
        for path, index, definition in pending_methods:
            parent = self._class_of_parent(path, definition.parent)
            if parent is None:  # `void ns::f() {}` with `ns` declared in another file
                self.functions.setdefault(definition.qualname, []).append((path, index))
                continue
            self.methods.setdefault((parent, definition.name), []).append((path, index))
            self.declared.setdefault(parent, set()).add(definition.name)
            if parent not in self.classes:
                self.functions.setdefault(definition.qualname, []).append((path, index))

    def _class_of_parent(self, path: str, parent: str) -> str | None:
        """The class a method's parent names: itself, or through the file's using directives
        (`using namespace geo; void Shape::area() {}` defines `geo::Shape::area`)."""
        if parent in self.classes:
            return parent
        if not parent or parent in self.namespaces:
            return None
        for _, written in self.using_ns.get(path, ()):
            candidate = _join(written.replace("::", "."), parent)
            if candidate in self.classes:
                return candidate
        parts = parent.split(".")
        for end in range(len(parts) - 2, -1, -1):  # `namespace a { void K::m() {} }`, K of an outer namespace
            candidate = ".".join(parts[:end] + parts[-1:])
            if candidate in self.classes:
                return candidate
        return parent  # a class the repository does not define, or a namespace it does not declare

    # ---- scopes and name lookup ---------------------------------------------------------

    def _chain(self, path: str, scope: str) -> list[str]:
        """The scopes a name used in `scope` is looked up in, innermost first: the class of a
        method (then the classes and namespaces around it), the namespaces of a function."""
        key = ("chain", path, scope)
        found = self._memo.get(key)
        if found is not None:
            return found  # type: ignore[return-value]
        start = ""
        if scope:
            index = self.scope_def.get((path, scope))
            if index is not None:
                definition = self.facts_by_path[path].definitions[index]
                if definition.kind == "method":
                    start = self._class_of_parent(path, definition.parent) or definition.parent
                else:
                    start = scope.rpartition(".")[0]
            else:
                start = scope
        chain = [scope] if scope and scope != start else []  # the function's own using declarations
        current = start
        while current:
            chain.append(current)
            current = current.rpartition(".")[0]
        chain.append("")
        self._memo[key] = chain
        return chain

    def _lookup(self, path: str, chain: list[str], parts: list[str], depth: int = 0) -> tuple[str, str] | None:
        """What a (qualified) name names from a lookup chain: ("class" | "function" |
        "namespace" | "std", qualified name) or None."""
        if depth > _MAX_DEPTH or not parts:
            return None
        if parts[0] == "":  # `::f`
            return self._lookup_in(path, "", parts[1:], depth)
        alias = self.ns_aliases.get((path, parts[0]))
        if alias is not None:
            parts = alias.split("::") + parts[1:]
        for container in chain:
            found = self._lookup_in(path, container, parts, depth)
            if found is not None:
                return found
            for where, written in self.using.get(path, ()):
                if where == container and written.split("::")[-1] == parts[0]:
                    target = written.split("::") + parts[1:]
                    return self._lookup(path, [container] if container else [""], target, depth + 1) or (
                        self._lookup_in(path, "", target, depth + 1)
                    )
            found_here = set()
            for where, written in self.using_ns.get(path, ()):
                if where != container:
                    continue
                nominated = written.split("::")
                for base in (container, ""):
                    hit = self._lookup_in(path, base, nominated + parts, depth)
                    if hit is not None:
                        found_here.add(hit)
                        break
            if len(found_here) == 1:
                return found_here.pop()
            if len(found_here) > 1:
                return None
        if parts[0] == "std" and len(parts) > 1:
            return ("std", "std::" + "::".join(parts[1:]))
        return None

    def _lookup_in(self, path: str, container: str, parts: list[str], depth: int) -> tuple[str, str] | None:
        if not parts:
            return None
        qualname = _join(container, ".".join(parts))
        if qualname in self.classes:
            return ("class", qualname)
        if qualname in self.functions:
            return ("function", qualname)
        if qualname in self.namespaces:
            return ("namespace", qualname)
        if qualname in self.aliases and depth < _MAX_DEPTH:
            return self._alias_target(qualname, depth + 1)
        if len(parts) > 1:
            head = _join(container, ".".join(parts[:-1]))
            if head in self.aliases and depth < _MAX_DEPTH:
                target = self._alias_target(head, depth + 1)
                if target is not None and target[0] == "class":
                    return ("member", f"{target[1]}\0{parts[-1]}")
            if head in self.classes:
                return ("member", f"{head}\0{parts[-1]}")
        return None

    def _alias_target(self, qualname: str, depth: int) -> tuple[str, str] | None:
        written = self.aliases[qualname]
        container = written[:2] if written.startswith(("[]", "{}")) else ""  # `using Tasks = std::vector<Task>;`
        written = written[len(container) :]
        context = self.alias_context.get(qualname, "")
        chain = [context]
        while context:
            context = context.rpartition(".")[0]
            chain.append(context)
        for scope in chain:
            found = self._lookup_in("", scope, written.split("::"), depth + 1)
            if found is not None:
                if found[0] != "class" or (container and found[1].startswith(("[]", "{}"))):
                    return None
                return ("class", container + found[1]) if container else found
        return None

    def _type(self, path: str, chain: list[str], written: str | None) -> str | None:
        """The repository class a written type names, from a lookup chain (`[]K`: a
        standard container of such a class)."""
        if not written:
            return None
        if written.startswith(("[]", "{}")):
            element = self._type(path, chain, written[2:])
            return written[:2] + element if element is not None else None
        found = self._lookup(path, chain, written.split("::"))
        return found[1] if found is not None and found[0] == "class" else None

    # ---- members --------------------------------------------------------------------------

    def _bases(self, klass: str) -> list[str]:
        key = ("bases", klass)
        found = self._memo.get(key)
        if found is not None:
            return found  # type: ignore[return-value]
        self._memo[key] = []
        bases: list[str] = []
        for path, index in self.classes.get(klass, ()):
            definition = self.facts_by_path[path].definitions[index]
            chain = self._chain_of_class(klass)
            for written in definition.bases:
                base = self._type(path, chain, _normalise(written))
                if base is not None and base != klass and base not in bases:
                    bases.append(base)
            break
        self._memo[key] = bases
        return bases

    @staticmethod
    def _chain_of_class(klass: str) -> list[str]:
        chain = []
        current = klass.rpartition(".")[0]
        while current:
            chain.append(current)
            current = current.rpartition(".")[0]
        chain.append("")
        return chain

    def _member(self, klass: str, name: str, arity: int, caller: str) -> tuple | None | bool:
        """The definition a member function name finds in a class and its bases; False when
        no class of the hierarchy declares the name (lookup goes on outside the class)."""
        level = [klass]
        seen = {klass}
        for _ in range(12):
            declaring = [c for c in level if name in self.declared.get(c, ())]
            if len(declaring) == 1:
                return self._pick(self.methods.get((declaring[0], name), []), arity, caller)
            if len(declaring) > 1:
                return None
            following = []
            for c in level:
                for base in self._bases(c):
                    if base not in seen:
                        seen.add(base)
                        following.append(base)
            if not following:
                return False
            level = following
        return None

    def _field(self, klass: str, name: str) -> str | None:
        """The class type of field `name` of a class (or of a base)."""
        level = [klass]
        seen = {klass}
        for _ in range(12):
            for c in level:
                written = self.fields.get(c, {}).get(name)
                if written is not None:
                    path = self.classes[c][0][0] if c in self.classes else ""
                    return self._type(path, [c, *self._chain_of_class(c)], written)
            following = [b for c in level for b in self._bases(c) if b not in seen]
            seen.update(following)
            if not following:
                return None
            level = following
        return None

    def _pick(self, candidates: list[tuple[str, int]], arity: int, caller: str) -> tuple | None:
        """One definition among overloads: by arity, the caller's file's own first."""
        if arity >= 0:
            fitting = []
            for path, index in candidates:
                definition = self.facts_by_path[path].definitions[index]
                declared = definition.metrics.parameters if definition.metrics else 0
                low, high = self.params.get((path, index), (declared, declared))
                if low <= arity and (high < 0 or arity <= high):
                    fitting.append((path, index))
            candidates = fitting
        candidates = [c for c in candidates if c[0] == caller or c not in self.internal]
        if len(candidates) > 1:
            own = [c for c in candidates if c[0] == caller]
            candidates = own or candidates
        if len(candidates) == 1:
            return (DEF, *candidates[0])
        return None

    def _constructor(self, klass: str, arity: int, caller: str) -> tuple | None:
        name = klass.rpartition(".")[2]
        return self._pick(self.methods.get((klass, name), []), arity, caller)

    # ---- types of expressions -------------------------------------------------------------

    def _class_of_scope(self, path: str, scope: str) -> str | None:
        index = self.scope_def.get((path, scope))
        if index is None:
            return None
        definition = self.facts_by_path[path].definitions[index]
        if definition.kind != "method":
            return None
        parent = self._class_of_parent(path, definition.parent)
        return parent if parent in self.classes or parent in self.declared else None

    def _var_type(self, path: str, scope: str, name: str, line: int, depth: int) -> str | None:
        entries = self.vars.get((path, scope, name))
        chain = self._chain(path, scope)
        if entries:
            visible = [e for e in entries if e[2] <= line <= e[3]]
            if visible:
                innermost = max(e[2] for e in visible)
                key = ("var", path, scope, name, innermost)
                if key in self._memo:  # also breaks cycles (`auto a = b.f(); auto b = a.g();`)
                    return self._memo[key]  # type: ignore[return-value]
                self._memo[key] = None
                types = set()
                for kind, written, first, _last in visible:
                    if first != innermost:
                        continue
                    if kind == "var":
                        types.add(self._type(path, chain, written))
                    elif kind == "var_expr":
                        types.add(self._expression_class(path, scope, written, line, depth + 1))
                    elif kind == "var_range":
                        types.add(_element(self._expression_class(path, scope, written, line, depth + 1)))
                    elif kind == "var_range_value":
                        ranged = self._expression_class(path, scope, written, line, depth + 1)
                        types.add(ranged[2:] if ranged is not None and ranged.startswith("{}") else None)
                    else:
                        types.add(self._result_class(path, scope, written, -1, depth + 1))
                found = types.pop() if len(types) == 1 else None
                self._memo[key] = found
                return found
        if self._is_local(path, scope, name):
            return None
        klass = self._class_of_scope(path, scope)
        if klass is not None:
            found = self._field(klass, name)
            if found is not None:
                return found
        for container in chain:
            written = self.globals.get((container, name))
            if written:
                return self._type(path, chain, next(iter(written))) if len(written) == 1 else None
        return None

    def _qualified_variable(self, path: str, scope: str, written: str) -> str | None:
        prefix, _, name = written.rpartition("::")
        if not prefix:  # `::config`
            types = self.globals.get(("", name))
            return self._type(path, [""], next(iter(types))) if types and len(types) == 1 else None
        hit = self._lookup(path, self._chain(path, scope), prefix.split("::"))
        if hit is None:
            return None
        if hit[0] == "class":
            return self._field(hit[1], name)
        if hit[0] == "namespace":
            types = self.globals.get((hit[1], name))
            if types and len(types) == 1:
                return self._type(path, self._chain_of_class(_join(hit[1], name)), next(iter(types)))
        return None

    def _is_local(self, path: str, scope: str, name: str) -> bool:
        if not scope:
            return False
        local = self.facts_by_path[path].scopes.get(scope)
        return local is not None and name in local[0]

    def _result_class(self, path: str, scope: str, callee: str, arity: int, depth: int) -> str | None:
        """The class a call's result is: a constructor's class, or the declared result type."""
        if depth > _MAX_DEPTH:
            return None
        chain_parts = _split_callee(callee)
        if chain_parts is not None and len(chain_parts) == 1 and not callee.endswith("()"):
            found = self._lookup(path, self._chain(path, scope), callee.lstrip(":").split("::"))
            if callee.startswith("::"):
                found = self._lookup_in(path, "", callee[2:].split("::"), depth)
            if found is not None and found[0] == "class":
                return found[1]
        target = self._target(path, scope, callee, arity, depth + 1)
        if target is None or target[0] != DEF:
            return None
        file, index = target[1], target[2]
        definition = self.facts_by_path[file].definitions[index]
        written = self.returns.get((file, index))
        if written is None:
            return None
        return self._type(file, self._chain(file, definition.qualname), written)

    def _expression_class(self, path: str, scope: str, expression: str, line: int, depth: int) -> str | None:
        parts = _split_callee(expression)
        if parts is None or depth > _MAX_DEPTH:
            return None
        head = parts[0]
        if head == "this":
            current = self._class_of_scope(path, scope)
        elif head.startswith("(*") and head.endswith(")"):
            current = self._expression_class(path, scope, head[2:-1], line, depth + 1)
        elif head.endswith("()"):
            current = self._result_class(path, scope, head[:-2], -1, depth + 1)
        elif "::" in head:  # `Klass::instance_`, `ns::config`: a static member or a global
            current = self._qualified_variable(path, scope, head)
        elif head.endswith("[]") and "(" not in head:  # `xs[i]`, `m[k]`: an element, a value
            current = _value(self._var_type(path, scope, head[:-2], line, depth + 1))
        else:
            current = self._var_type(path, scope, head, line, depth + 1)
        for part in parts[1:]:
            if current is None:
                return None
            if current.startswith("[]"):  # a standard container's element accessors
                current = current[2:] if part in _ELEMENT_ACCESSORS else None
                continue
            if current.startswith("{}"):  # a map's `at(key)`
                current = current[2:] if part == "at()" else None
                continue
            if part.endswith("()"):
                found = self._member(current, part[:-2], -1, path)
                if not found:
                    return None
                file, index = found[1], found[2]
                written = self.returns.get((file, index))
                definition = self.facts_by_path[file].definitions[index]
                current = self._type(file, self._chain(file, definition.qualname), written)
            elif part.endswith("[]"):
                current = _value(self._field(current, part[:-2]))
            else:
                current = self._field(current, part)
        return current

    # ---- calls ----------------------------------------------------------------------------

    def _target(self, path: str, scope: str, callee: str, arity: int, depth: int = 0) -> tuple | None:
        if depth > _MAX_DEPTH or not callee:
            return None
        if callee.startswith("new "):
            klass = self._type(path, self._chain(path, scope), callee[4:])
            return self._constructor(klass, arity, path) if klass is not None else None
        parts = _split_callee(callee)
        if parts is None:
            return None
        if len(parts) > 1:  # obj.m, p->m, this->m, a.b.m, f().m
            name = parts[-1]
            if "::" in name:  # `obj.Base::m()`
                return None
            receiver = callee[: len(callee) - len(name)].removesuffix(".").removesuffix("->")
            klass = self._expression_class(path, scope, receiver, self.line, depth + 1)
            if klass is None:
                return None
            return self._member(klass, name, arity, path) or None
        written = parts[0]
        if written.endswith("()") or written.endswith("]") or written.startswith("("):
            return None  # a call of a call's result or of an element: a function object
        names = written.split("::")
        if len(names) == 1:
            if self._is_local(path, scope, written):
                return None
            chain = self._chain(path, scope)
            for container in chain:
                if container in self.classes or container in self.declared:
                    found = self._member(container, written, arity, path)
                    if found is not False:
                        return found
                    nested = _join(container, written)
                    if nested in self.classes:
                        return self._constructor(nested, arity, path)
                    continue
                hit = self._lookup(path, [container], names)
                if hit is not None:
                    return self._hit(hit, arity, path)
            found = self._argument_dependent(path, scope, written, arity, depth) if depth == 0 else None
            if found is not None:  # (only for the call being resolved: its first argument is known)
                return found
            found = self._c_function(path, written)
            if found is not None:
                return found
            if written in STDLIB_FUNCTIONS and not self._known_anywhere(written):
                return (EXTERNAL, written)  # `printf()`, `strlen()`: the C library
            return None
        if names[0] == "" and len(names) > 1 and names[1] == "std":
            names = names[1:]
        hit = self._lookup(path, self._chain(path, scope), names)
        return self._hit(hit, arity, path) if hit is not None else None

    def _argument_dependent(self, path: str, scope: str, name: str, arity: int, depth: int) -> tuple | None:
        """`describe(p)` with p a `shapes::Point`: ordinary lookup found nothing, so the
        namespaces of the first argument's class (innermost first) are searched."""
        written = self.first_args.get((path, self.line, self.col))
        if written is None:
            return None
        klass = self._expression_class(path, scope, written, self.line, depth + 1)
        if klass is None or klass.startswith(("[]", "{}")):
            return None
        namespace = klass.rpartition(".")[0]
        while namespace and namespace not in self.namespaces:  # a nested class: its namespace
            namespace = namespace.rpartition(".")[0]
        candidates = self.functions.get(_join(namespace, name), []) if namespace else []
        return self._pick(candidates, arity, path) if candidates else None

    def _c_function(self, path: str, name: str) -> tuple | None:
        """A function of the C part of the repository that a plain call names: defined in a
        C header the calling file includes directly, or (not `static`) in the C source of
        such a header (`x.c` beside `x.h`). One such definition -> an edge."""
        key = ("c_files", path)
        files = self._memo.get(key)
        if files is None:
            files = []
            for imp in self.facts_by_path[path].imports:
                header = self.includes.resolve(path, imp.module, imp.level == 1)
                if header is None or header in self._cpp_paths:
                    continue
                stem = header.rpartition(".")[0]
                for candidate, own in ((header, True), (stem + ".c", False)):
                    if self._c_functions_of(candidate):
                        files.append((candidate, own))
            self._memo[key] = files
        found = set()
        for candidate, own in files:  # type: ignore[attr-defined]
            for index, is_static in self._c_functions_of(candidate).get(name, ()):
                if own or not is_static:
                    found.add((DEF, candidate, index))
        return found.pop() if len(found) == 1 else None

    def _c_functions_of(self, path: str) -> dict[str, list[tuple[int, bool]]]:
        key = ("c", path)
        functions = self._memo.get(key)
        if functions is None:
            functions = {}
            if path in self._all_paths:
                facts = self.facts_by_path[path]
                if facts.language == "c":
                    for index, definition in enumerate(facts.definitions):
                        if definition.kind == "function" and not definition.parent:
                            functions.setdefault(definition.name, []).append((index, "static" in definition.decorators))
            self._memo[key] = functions
        return functions  # type: ignore[return-value]

    def _known_anywhere(self, name: str) -> bool:
        """Whether the repository defines a function or method of this name anywhere."""
        names = self._memo.get(("names",))
        if names is None:
            names = {q.rpartition(".")[2] for q in self.functions} | {n for _, n in self.methods}
            self._memo[("names",)] = names
        return name in names  # type: ignore[operator]

    def _initialiser(self, path: str, scope: str, name: str, arity: int) -> tuple | None:
        """`member_(x)` -> the constructor of the member's class; `Base(x)`, `Klass(x)`
        (delegating) -> that class's constructor."""
        klass = self._class_of_scope(path, scope)
        if klass is None:
            return None
        written = self.fields.get(klass, {}).get(name)
        if written is not None:
            member = self._type(path, [klass, *self._chain_of_class(klass)], written)
            return self._constructor(member, arity, path) if member is not None else None
        hit = self._lookup(path, self._chain(path, scope), name.split("::"))
        if hit is None or hit[0] not in ("class", "std"):
            return None
        return self._hit(hit, arity, path)

    def _hit(self, hit: tuple[str, str], arity: int, path: str) -> tuple | None:
        kind, name = hit
        if kind == "std":
            return (EXTERNAL, name)
        if kind == "function":
            return self._pick(self.functions.get(name, []), arity, path)
        if kind == "class":
            return self._constructor(name, arity, path)
        if kind == "member":
            klass, _, member = name.partition("\0")
            if member == klass.rpartition(".")[2]:
                return self._constructor(klass, arity, path)
            return self._member(klass, member, arity, path) or None
        return None

    def solve(self) -> None:
        if self._solved:
            return
        self._index()
        counts: Counter = Counter()
        self.line = 0
        for path in self.paths:
            facts = self.facts_by_path[path]
            arities = self.arities.get(path, ())
            edges = []
            for position, call in enumerate(facts.calls):
                self.line, self.col = call.line, call.col
                arity = arities[position] if position < len(arities) else -1
                try:
                    if (path, call.line, call.col) in self.inits:
                        target = self._initialiser(path, call.scope, call.callee, arity)
                    else:
                        target = self._target(path, call.scope, call.callee, arity)
                except RecursionError:  # pragma: no cover - a pathological chain of aliases
                    target = None
                if target is None:
                    counts["unresolved"] += 1
                    continue
                counts["internal" if target[0] == DEF else "external"] += 1
                edges.append(CallEdge(call.scope, call.line, call.col, target))
            self.calls[path] = edges
        self.counts = counts
        self._solved = True

    def release(self) -> None:
        self.calls = {}
        for name in ("classes", "functions", "methods", "declared", "fields", "vars", "returns", "_memo"):
            if hasattr(self, name):
                delattr(self, name)

    # ---- the port ---------------------------------------------------------------------

    def module_name(self, path: str) -> str:
        return module_name_for(path)

    def calls_of(self, path: str) -> Collection[CallEdge]:
        return self.calls.get(path, [])

    def import_targets(self, path: str, imp: Import) -> list[tuple]:
        return self.includes.import_targets(path, imp)

    def import_status(self, path: str, imp: Import) -> ImportStatus | None:
        return self.includes.import_status(path, imp)

    def bases_of(self, path: str, index: int) -> list[tuple]:
        definition = self.facts_by_path[path].definitions[index]
        targets = []
        chain = self._chain_of_class(definition.qualname)
        for written in definition.bases:
            normalised = _normalise(written)
            if normalised is None:
                continue
            klass = self._type(path, chain, normalised)
            if klass is not None and klass != definition.qualname:
                targets.append((DEF, *self.classes[klass][0]))
            else:
                targets.append((EXTERNAL, normalised))
        return targets

    def scope_index(self, path: str) -> Mapping[str, int]:
        return {d.qualname: i for i, d in enumerate(self.facts_by_path[path].definitions) if d.kind != "class"}

    def call_site_counts(self) -> Counter:
        return Counter(self.counts)

    @staticmethod
    def external_kind(name: str) -> str:
        """ "stdlib" for `std::` names and standard headers (`vector`, `cstdio`, `stdio.h`),
        else "third_party" (`boost/any.hpp`, `QObject`)."""
        if name.startswith("std::") or name in CPP_STD_HEADERS or name in STDLIB_HEADERS or name in STDLIB_FUNCTIONS:
            return "stdlib"
        return "third_party"


def _normalise(written: str) -> str | None:
    """A base class as written -> `ns::Base` (template arguments dropped; a standard
    container base stays itself: `std::vector`, not its elements)."""
    written = written.removeprefix("virtual ").strip()
    for _ in range(8):
        if "<" not in written:
            break
        written = _TEMPLATE_ARGS.sub("", written)
    return normalise_type(written)
