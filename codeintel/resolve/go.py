"""Go's resolution on the LanguageAnalysis port: packages, imports, calls and embedding.

Names. A directory is a package. A file's module is named by its path with `/` -> `.` and
the `.go` suffix dropped (`sub/pkg/a.go` -> `sub.pkg.a`): one Module node per file, unique,
and the package is the name's prefix. A method is `<module>.T.M` in the module of the file
that declares it (which may differ from the type's file).

Imports. go.mod is not among the scanned facts, so an import path is mapped onto the
repository's directories: it names the package directory that is the *longest suffix* of
the import path, counted in whole path elements (`example.com/m/sub/pkg` -> `sub/pkg`, or
`pkg` when there is no `sub/pkg`). Import paths whose first element has no dot and names a
standard library top-level package (`fmt`, `net/http`, `encoding/json`) are never matched,
so a repository directory named `json` does not capture `encoding/json`. The module path
learnt from those matches (`example.com/m`) names the root directory when imported on its
own. An import that matches nothing is external (IMPORTS to External `import/path`).
An import edge targets every file (Module) of the package directory; the builder writes
the first (files sorted by path).

Calls, resolved only where Go's static semantics give one target:
  - `F()`: the package-level function F of the caller's package (any file of the
    directory), unless a local name of the caller shadows it. Builtins (`len`, `append`)
    and conversions (`T(x)`) are not edges.
  - `pkg.F()`: F in the imported package's files; a package outside the repository gives
    External `import/path.F` (`fmt.Println`, `github.com/x/y.Do`).
  - `x.M()`, `x.f.M()`, `F().M()`: x's type is known from a declared type (parameter,
    receiver, `var x T`), a composite literal (`T{}`, `&T{}`), `new(T)`, or the declared
    result type of the function that made it (`x := NewT()`, `x, err := pkg.Open()`);
    fields through struct field types. M is looked up on the type, then through embedded
    structs, breadth first (Go's promotion: a shallower method wins; two at the same depth
    are ambiguous and give nothing). A variable whose declarations disagree on its type
    gives nothing.
  - Calls on composite literals and type assertions: `T{}.M()`, `(&T{}).M()`, `v.(T).M()`.
  - Method expressions `T.M(t)`, `(*T).M(t)`, `pkg.T.M(t)`.
  - Methods of interface types have no static target: no edge. Calls of function values
    (closures in variables, parameters of func type) give nothing. Methods of external
    types give nothing.
Everything else is unresolved.

bases_of: the embedded types of a struct (or embedded interfaces of an interface) that the
repository declares, else External `import/path.T` for imported ones; which interfaces a
struct implements is not decided (that is not a declared relation in Go).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from pathlib import PurePosixPath

from codeintel.model import FileFacts, Import
from codeintel.resolve.port import DEF, EXTERNAL, MODULE, CallEdge, ImportStatus

GO_BUILTINS = frozenset(
    "append cap clear close complex copy delete imag len make max min new panic print println real recover".split()
)
STDLIB_ROOTS = frozenset(
    """archive bufio builtin bytes cmp compress container context crypto database debug embed encoding
    errors expvar flag fmt go hash html image index internal io iter log maps math mime net os path
    plugin reflect regexp runtime slices sort strconv strings structs sync syscall testing text time
    unicode unique unsafe weak""".split()
)
_TYPE_ARGS = re.compile(r"\[[^\[\]]*\]")
_COMPOSITE = re.compile(r"&?([A-Za-z_][\w.]*)(?:\[[^{]*\])?\{.*\}", re.DOTALL)
_ASSERTION = re.compile(r".*\.\(\*?([A-Za-z_][\w.]*)(?:\[.*\])?\)", re.DOTALL)

TypeRef = tuple[str, str]  # (package directory, type name)


def module_name_for(path: str) -> str:
    return path.removesuffix(".go").replace("/", ".")


def _directory(path: str) -> str:
    parent = str(PurePosixPath(path).parent)
    return "" if parent == "." else parent


class GoAnalysis:
    """Resolves the calls, imports and embeddings of a repository's Go files."""

    def __init__(self, facts_by_path: Mapping[str, FileFacts], paths: Iterable[str]) -> None:
        self.facts_by_path = facts_by_path
        self.paths = sorted(paths)
        self.calls: dict[str, list[CallEdge]] = {}
        self.counts: Counter = Counter()
        self._solved = False

    # ---- index ------------------------------------------------------------------------

    def _index(self) -> None:
        self.files_of: dict[str, list[str]] = {}
        self.funcs: dict[str, dict[str, tuple[str, int]]] = {}
        self.types: dict[str, dict[str, tuple[str, int]]] = {}
        self.methods: dict[str, dict[tuple[str, str], tuple[str, int]]] = {}
        self.type_kind: dict[TypeRef, str] = {}
        self.embeds: dict[TypeRef, list[tuple[str, str]]] = {}  # type -> (file, written type)
        self.fields: dict[TypeRef, dict[str, tuple[str, str]]] = {}
        self.results: dict[str, dict[str, tuple[str, tuple[str, ...]]]] = {}  # dir -> qualname -> (file, types)
        self.var_types: dict[tuple[str, str, str], set] = {}  # (path, scope, name) -> {written types or calls}
        self.package_vars: dict[str, dict[str, list[tuple[str, tuple]]]] = {}
        for path in self.paths:
            facts = self.facts_by_path[path]
            directory = _directory(path)
            self.files_of.setdefault(directory, []).append(path)
            funcs = self.funcs.setdefault(directory, {})
            types = self.types.setdefault(directory, {})
            methods = self.methods.setdefault(directory, {})
            for index, definition in enumerate(facts.definitions):
                if definition.kind == "function":
                    funcs.setdefault(definition.name, (path, index))
                elif definition.kind == "class":
                    types.setdefault(definition.name, (path, index))
                elif definition.kind == "method" and definition.parent:
                    methods.setdefault((definition.parent, definition.name), (path, index))
            results = self.results.setdefault(directory, {})
            for flow in facts.flows:
                kind = flow[0]
                if kind == "typekind":
                    self.type_kind[(directory, flow[1])] = flow[2]
                elif kind == "embed":
                    self.embeds.setdefault((directory, flow[1]), []).append((path, flow[2]))
                elif kind == "field":
                    self.fields.setdefault((directory, flow[1]), {})[flow[2]] = (path, flow[3])
                elif kind == "results":
                    results.setdefault(flow[1], (path, flow[2]))
                elif kind == "var":
                    self.var_types.setdefault((path, flow[1], flow[2]), set()).add(("type", flow[3]))
                elif kind == "var_call":
                    self.var_types.setdefault((path, flow[1], flow[2]), set()).add(("call", flow[3], flow[4]))
        self._index_imports()

    def _index_imports(self) -> None:
        directories = set(self.files_of)
        self.import_dir: dict[str, str | None] = {}
        module_paths: set[str] = set()
        for path in self.paths:
            for imp in self.facts_by_path[path].imports:
                if imp.module in self.import_dir:
                    continue
                found = self._match(imp.module, directories)
                self.import_dir[imp.module] = found
                if found:
                    prefix = imp.module[: len(imp.module) - len(found)].rstrip("/")
                    if prefix:
                        module_paths.add(prefix)
        if "" in directories:
            for module in list(self.import_dir):
                if self.import_dir[module] is None and module in module_paths:
                    self.import_dir[module] = ""
        self.bound: dict[str, dict[str, str]] = {}
        for path in self.paths:
            bound = self.bound[path] = {}
            for imp in self.facts_by_path[path].imports:
                name = imp.alias
                if name is None:
                    directory = self.import_dir.get(imp.module)
                    name = self._package_name(directory) if directory is not None else None
                    name = name or imp.name or imp.module
                if name not in ("_", "."):
                    bound[name] = imp.module

    @staticmethod
    def _match(module: str, directories: set[str]) -> str | None:
        parts = module.split("/")
        if "." not in parts[0] and parts[0] in STDLIB_ROOTS:
            return None
        for start in range(len(parts)):
            candidate = "/".join(parts[start:])
            if candidate in directories and candidate:
                return candidate
        return None

    def _package_name(self, directory: str) -> str | None:
        for path in self.files_of.get(directory, ()):
            for flow in self.facts_by_path[path].flows:
                if flow[0] == "package":
                    return flow[1]
        return None

    # ---- types ------------------------------------------------------------------------

    def _type_ref(self, path: str, written: str) -> TypeRef | None:
        """A written type (`T`, `pkg.T`) in a file -> (directory, name) when the repository declares it."""
        written = _TYPE_ARGS.sub("", written).lstrip("*")
        if "." in written:
            package, _, name = written.partition(".")
            module = self.bound.get(path, {}).get(package)
            directory = self.import_dir.get(module) if module is not None else None
            if directory is None:
                return None
        else:
            directory, name = _directory(path), written
        if name in self.types.get(directory, {}):
            return directory, name
        return None

    def _method(self, ref: TypeRef, name: str) -> tuple[str, int] | None:
        """Method `name` of a type, or promoted through embedded structs (shallowest wins)."""
        level = [ref]
        seen = {ref}
        for _depth in range(8):
            found = {self.methods.get(t[0], {}).get((t[1], name)) for t in level}
            found.discard(None)
            if len(found) == 1:
                return found.pop()
            if len(found) > 1:
                return None
            following = []
            for t in level:
                if self.type_kind.get(t) != "struct":
                    continue
                for file, written in self.embeds.get(t, ()):
                    inner = self._type_ref(file, written)
                    if inner is not None and inner not in seen:
                        seen.add(inner)
                        following.append(inner)
            if not following:
                return None
            level = following
        return None

    def _field_type(self, ref: TypeRef, name: str) -> TypeRef | None:
        """Type of field `name` (named, or an embedded type's name), promoted through embedded structs."""
        level = [ref]
        seen = {ref}
        for _depth in range(8):
            found = set()
            following = []
            for t in level:
                entry = self.fields.get(t, {}).get(name)
                if entry is not None:
                    found.add(self._type_ref(*entry))
                for file, written in self.embeds.get(t, ()):
                    inner = self._type_ref(file, written)
                    if written.rpartition(".")[2] == name:
                        found.add(inner)
                    if inner is not None and inner not in seen:
                        seen.add(inner)
                        following.append(inner)
            if found:
                return found.pop() if len(found) == 1 else None
            if not following:
                return None
            level = following
        return None

    def _result_type(self, path: str, scope: str, callee: str, position: int, depth: int = 0) -> TypeRef | None:
        """Type of result `position` of calling `callee` (a function, a method, or a conversion `T(x)`)."""
        target = self._call_target(path, scope, callee, depth + 1)
        if target is None:
            ref = self._type_ref(path, callee) if position == 0 and not self._is_local(path, scope, callee) else None
            return ref
        if target[0] != DEF:
            return None
        file, index = target[1], target[2]
        definition = self.facts_by_path[file].definitions[index]
        entry = self.results.get(_directory(file), {}).get(definition.qualname)
        if entry is None or position >= len(entry[1]) or not entry[1][position]:
            return None
        return self._type_ref(entry[0], entry[1][position])

    def _is_local(self, path: str, scope: str, name: str) -> bool:
        if not scope:
            return False
        locals_ = self.facts_by_path[path].scopes.get(scope)
        return locals_ is not None and name in locals_[0]

    def _var_type(self, path: str, scope: str, name: str, depth: int) -> TypeRef | None:
        """The one type of a variable of `scope` (or of the package, when no local has the name)."""
        if depth > 6:
            return None
        if self._is_local(path, scope, name):
            sources = [(path, s) for s in self.var_types.get((path, scope, name), ())]
            sources_scope = scope
            if not sources:
                return None
        else:
            sources = []
            sources_scope = ""
            for file in self.files_of.get(_directory(path), ()):
                sources.extend((file, s) for s in self.var_types.get((file, "", name), ()))
            if not sources:
                return None
        refs = set()
        for file, source in sources:
            if source[0] == "type":
                refs.add(self._type_ref(file, source[1]))
            else:
                refs.add(self._result_type(file, sources_scope, source[1], source[2], depth + 1))
        if len(refs) != 1:
            return None
        return refs.pop()

    def _expression_type(self, path: str, scope: str, expression: str, depth: int) -> TypeRef | None:
        """Type of `x`, `x.f.g`, `F()`, `pkg.F()`, `x.M()` as written in a callee."""
        if depth > 6:
            return None
        literal = _COMPOSITE.fullmatch(expression) or _ASSERTION.fullmatch(expression)
        if literal is not None:  # `T{...}`, `&T{...}`, `v.(T)`, `v.(*pkg.T)`
            return self._type_ref(path, literal.group(1))
        if expression.endswith("()"):
            return self._result_type(path, scope, expression[:-2], 0, depth + 1)
        head, dot, field = expression.rpartition(".")
        if not dot:
            return self._var_type(path, scope, expression, depth + 1)
        if head in self.bound.get(path, {}) and not self._is_local(path, scope, head):
            return None  # a package-level variable of another package: not followed
        ref = self._expression_type(path, scope, head, depth + 1)
        return self._field_type(ref, field) if ref is not None else None

    # ---- calls ------------------------------------------------------------------------

    def _call_target(self, path: str, scope: str, callee: str, depth: int = 0) -> tuple | None:
        if depth > 6 or not callee or "..." in callee:
            return None
        directory = _directory(path)
        if callee.startswith("(*") and ")." in callee:  # (*T).M or (*pkg.T).M
            written, _, name = callee[2:].partition(").")
            ref = self._type_ref(path, written)
            found = self._method(ref, name) if ref is not None else None
            return (DEF, *found) if found else None
        head, dot, name = callee.rpartition(".")
        if not dot:
            if self._is_local(path, scope, callee) or callee in GO_BUILTINS:
                return None
            found = self.funcs.get(directory, {}).get(callee)
            return (DEF, *found) if found else None
        bound = self.bound.get(path, {})
        if head in bound and not self._is_local(path, scope, head):
            module = bound[head]
            target_dir = self.import_dir.get(module)
            if target_dir is None:
                return (EXTERNAL, f"{module}.{name}")
            found = self.funcs.get(target_dir, {}).get(name)
            return (DEF, *found) if found else None
        # Method expression `T.M` / `pkg.T.M`
        if not head.endswith(")") and not self._is_local(path, scope, head.partition(".")[0]):
            ref = self._type_ref(path, head)
            if ref is not None and (head.count(".") == 1) == (head.partition(".")[0] in bound):
                found = self._method(ref, name)
                return (DEF, *found) if found else None
        ref = self._expression_type(path, scope, head, depth + 1)
        if ref is None:
            return None
        found = self._method(ref, name)
        return (DEF, *found) if found else None

    def solve(self) -> None:
        if self._solved:
            return
        self._index()
        counts: Counter = Counter()
        for path in self.paths:
            edges = []
            for call in self.facts_by_path[path].calls:
                target = self._call_target(path, call.scope, call.callee)
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
        for name in ("funcs", "types", "methods", "embeds", "fields", "results", "var_types", "bound"):
            if hasattr(self, name):
                delattr(self, name)

    # ---- the port ---------------------------------------------------------------------

    def module_name(self, path: str) -> str:
        return module_name_for(path)

    def calls_of(self, path: str) -> Collection[CallEdge]:
        return self.calls.get(path, [])

    def import_targets(self, path: str, imp: Import) -> list[tuple]:
        directory = self.import_dir.get(imp.module)
        if directory is None:
            return [(EXTERNAL, imp.module)]
        return [(MODULE, file) for file in self.files_of.get(directory, ()) if file != path]

    def import_status(self, path: str, imp: Import) -> ImportStatus | None:
        return "external" if self.import_dir.get(imp.module) is None else "internal"

    def bases_of(self, path: str, index: int) -> list[tuple]:
        definition = self.facts_by_path[path].definitions[index]
        targets = []
        for written in definition.bases:
            written = _TYPE_ARGS.sub("", written).lstrip("*")
            ref = self._type_ref(path, written)
            if ref is not None:
                file, position = self.types[ref[0]][ref[1]]
                targets.append((DEF, file, position))
            elif "." in written:
                package, _, name = written.partition(".")
                module = self.bound.get(path, {}).get(package)
                if module is not None and self.import_dir.get(module) is None:
                    targets.append((EXTERNAL, f"{module}.{name}"))
        return targets

    def scope_index(self, path: str) -> Mapping[str, int]:
        return {d.qualname: i for i, d in enumerate(self.facts_by_path[path].definitions) if d.kind != "class"}

    def call_site_counts(self) -> Counter:
        return Counter(self.counts)
