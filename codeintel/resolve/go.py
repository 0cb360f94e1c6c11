"""Go's resolution on the LanguageAnalysis port: packages, imports, calls and embedding.

Names. A directory is a package. A file's module is named by its path with `/` -> `.` and
the `.go` suffix dropped (`sub/pkg/a.go` -> `sub.pkg.a`): one Module node per file, unique,
and the package is the name's prefix. A method is `<module>.T.M` in the module of the file
that declares it (which may differ from the type's file).

Imports. Where the repository has go.mod files (scanned as language "gomod"), an import path
names a directory only under the module that owns it: the go.mod whose module path is the
longest prefix of the import path, with the rest of the path under that go.mod's directory
(the Go tree's `module std` owns the import paths without a dot in their first element).
Anything else is outside the repository. Without any go.mod, an import path is mapped onto the
repository's directories: it names the package directory that is the *longest suffix* of
the import path, counted in whole path elements (`example.com/m/sub/pkg` -> `sub/pkg`, or
`pkg` when there is no `sub/pkg`). Import paths whose first element has no dot and names a
standard library top-level package (`fmt`, `net/http`, `encoding/json`) are never matched,
so a repository directory named `json` does not capture `encoding/json`. The module path
learnt from those matches (`example.com/m`) names the root directory when imported on its
own. An import that matches nothing is external (IMPORTS to External `import/path`).
An import edge targets every file (Module) of the package directory; the builder writes
the first (files sorted by path). The suffix rule (only without go.mod) can mistake a
third-party package whose path ends like a repository directory (`github.com/x/util` and a
local `util/`) for that directory.

Calls, resolved only where Go's static semantics give one target:
  - `F()`: the package-level function F of the caller's package (any file of the
    directory), or of a package imported with `import . "path"`, unless a local name of
    the caller shadows it. Builtins (`len`, `append`) and conversions (`T(x)`) are not edges.
  - `pkg.F()`: F in the imported package's files; a package outside the repository gives
    External `import/path.F` (`fmt.Println`, `github.com/x/y.Do`).
  - Explicit type arguments are dropped (`NewStack[int]()`) when the rest names a
    function of the repository (`xs[0]()`, an index into a slice of functions, gives nothing).
  - `x.M()`, `x.f.M()`, `F().M()`: x's type is known from a declared type (parameter,
    receiver, `var x T`), a composite literal (`T{}`, `&T{}`), `new(T)`, or the declared
    result type of the function that made it (`x := NewT()`, `x, err := pkg.Open()`);
    fields through struct field types; elements of slices, arrays and maps of a known
    element type (`xs[0].M()`, `for _, x := range xs { x.M() }`) and values received by
    `for x := range ch` from a channel of a known type; package-level variables of the
    package or of an imported one (`config.Default.Load()`); in a `case T:` clause of a
    type switch `switch x := v.(type)`, x has type T. M is looked up on the type, then
    through embedded structs, breadth first (Go's promotion: a shallower method wins; two
    at the same depth are ambiguous and give nothing). Types are per function, not per block: a variable
    whose declarations in one function disagree on its type (`x := A{}` and, in an inner
    block, `x := B{}`) gives nothing.
  - Calls on composite literals and type assertions: `T{}.M()`, `(&T{}).M()`, `v.(T).M()`.
  - Method expressions `T.M(t)`, `(*T).M(t)`, `pkg.T.M(t)`.
  - Methods of interface types have no static target: no edge. Calls of function values
    (closures in variables, parameters of func type) give nothing. Methods of external
    types give nothing.
A function or method declared in several files of one package (files for different build
constraints) gives an edge to each: any of them may be the one built.
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
from codeintel.resolve.port import DEF, EXTERNAL, MODULE, CallEdge, ImportStatus, paths_in_language

GO_BUILTINS = frozenset(
    [
        "append",
        "cap",
        "clear",
        "close",
        "complex",
        "copy",
        "delete",
        "imag",
        "len",
        "make",
        "max",
        "min",
        "new",
        "panic",
        "print",
        "println",
        "real",
        "recover",
    ]
)
STDLIB_ROOTS = frozenset(
    [
        "archive",
        "bufio",
        "builtin",
        "bytes",
        "cmp",
        "compress",
        "container",
        "context",
        "crypto",
        "database",
        "debug",
        "embed",
        "encoding",
        "errors",
        "expvar",
        "flag",
        "fmt",
        "go",
        "hash",
        "html",
        "image",
        "index",
        "internal",
        "io",
        "iter",
        "log",
        "maps",
        "math",
        "mime",
        "net",
        "os",
        "path",
        "plugin",
        "reflect",
        "regexp",
        "runtime",
        "slices",
        "sort",
        "strconv",
        "strings",
        "structs",
        "sync",
        "syscall",
        "testing",
        "text",
        "time",
        "unicode",
        "unique",
        "unsafe",
        "weak",
    ]
)
_TYPE_ARGS = re.compile(r"\[[^\[\]]*\]")
_COMPOSITE = re.compile(r"&?([A-Za-z_][\w.]*)(?:\[[^{]*\])?\{.*\}", re.DOTALL)
_ASSERTION = re.compile(r".*\.\(\*?([A-Za-z_][\w.]*)(?:\[.*\])?\)", re.DOTALL)

_MAX_DEPTH = 40
"""Nesting of type look-ups (`a.b().c[0].d`, through variables and results); each variable's
type is computed once (memoised, which also breaks cycles), so this only guards the stack."""
TypeRef = tuple[str, str]  # (package directory, type name)


def module_name_for(path: str) -> str:
    return path.removesuffix(".go").replace("/", ".")


def _element(ref: TypeRef | None, kind: str = "[]") -> TypeRef | None:
    """The element type of a collection type `[]T` (or of a channel `<-T`); None for anything else."""
    if ref is None or not ref[1].startswith(kind):
        return None
    return ref[0], ref[1][2:]


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
        self.namesakes: dict[tuple[str, str], list[tuple[str, int]]] = {}  # (dir, qualname) -> per file
        self.embeds: dict[TypeRef, list[tuple[str, str]]] = {}  # type -> (file, written type)
        self.fields: dict[TypeRef, dict[str, tuple[str, str]]] = {}
        self.results: dict[str, dict[str, tuple[str, tuple[str, ...]]]] = {}  # dir -> qualname -> (file, types)
        self.var_types: dict[tuple[str, str, str], set] = {}  # (path, scope, name) -> {written types or calls}
        self.case_vars: dict[tuple[str, str, str], list[tuple]] = {}  # -> [(type, first, last line)]
        self._var_memo: dict[tuple[str, str, str, int], TypeRef | None] = {}
        self.line = 0  # the line of the call being resolved (type switch clauses are line ranges)
        for path in self.paths:
            facts = self.facts_by_path[path]
            directory = _directory(path)
            self.files_of.setdefault(directory, []).append(path)
            funcs = self.funcs.setdefault(directory, {})
            types = self.types.setdefault(directory, {})
            methods = self.methods.setdefault(directory, {})
            for index, definition in enumerate(facts.definitions):
                if definition.kind != "class" and definition.qualname != "init":
                    namesakes = self.namesakes.setdefault((directory, definition.qualname), [])
                    if all(file != path for file, _ in namesakes):  # one per file
                        namesakes.append((path, index))
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
                elif kind == "var":  # ..., (kind, what, [position,] first line, last line)
                    self.var_types.setdefault((path, flow[1], flow[2]), set()).add(("type", *flow[3:]))
                elif kind == "case_var":
                    self.case_vars.setdefault((path, flow[1], flow[2]), []).append(flow[3:])
                elif kind == "var_range":
                    self.var_types.setdefault((path, flow[1], flow[2]), set()).add(("range", *flow[3:]))
                elif kind == "var_call":
                    self.var_types.setdefault((path, flow[1], flow[2]), set()).add(("call", *flow[3:]))
        self._index_imports()

    def _index_imports(self) -> None:
        directories = set(self.files_of)
        self.import_dir: dict[str, str | None] = {}
        modules = self._go_modules()
        module_paths: set[str] = set()
        for path in self.paths:
            for imp in self.facts_by_path[path].imports:
                if imp.module in self.import_dir:
                    continue
                if modules:
                    self.import_dir[imp.module] = self._in_module(imp.module, modules, directories)
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
        self.dot_imports: dict[str, list[str]] = {}
        for path in self.paths:
            bound = self.bound[path] = {}
            for imp in self.facts_by_path[path].imports:
                name = imp.alias
                if name is None:
                    directory = self.import_dir.get(imp.module)
                    name = self._package_name(directory) if directory is not None else None
                    name = name or imp.name or imp.module
                if name == ".":
                    self.dot_imports.setdefault(path, []).append(imp.module)
                elif name != "_":
                    bound[name] = imp.module

    def _go_modules(self) -> list[tuple[str, str]]:
        """(module path, directory) of every go.mod of the repository, longest module path first."""
        found = []
        for path in paths_in_language(self.facts_by_path, "gomod"):
            for flow in self.facts_by_path[path].flows:
                if flow[0] == "go_module":
                    found.append((flow[1], _directory(path)))
        return sorted(found, key=lambda item: (-len(item[0]), item))

    @staticmethod
    def _in_module(import_path: str, modules: list[tuple[str, str]], directories: set[str]) -> str | None:
        """The directory of an import path under the go.mod module that owns it (the longest
        module path that is a prefix), or None: outside the repository's modules. The Go tree's
        own `module std` owns the paths without a dot in their first element (`fmt`, `internal/abi`)."""
        for module, directory in modules:
            if module == "std":
                if "." in import_path.split("/", 1)[0]:
                    continue
                rest = import_path
            elif import_path == module:
                rest = ""
            elif import_path.startswith(module + "/"):
                rest = import_path[len(module) + 1 :]
            else:
                continue
            candidate = f"{directory}/{rest}".strip("/") if directory else rest
            if candidate in directories:
                return candidate
        return None

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
        """A written type (`T`, `pkg.T`) in a file -> (directory, name) when the repository declares it;
        `[]T` (a collection of T) -> (directory, `[]T`)."""
        if written.startswith(("[]", "<-")):  # a collection or a channel of the type
            element = self._type_ref(path, written[2:])
            return (element[0], written[:2] + element[1]) if element is not None else None
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
        if depth > _MAX_DEPTH:
            return None
        local = self._is_local(path, scope, name)
        if local:
            for type_, first, last in self.case_vars.get((path, scope, name), ()):
                if first <= self.line <= last:
                    return self._type_ref(path, type_)
        block = 0
        if local:
            # The declarations seen on the line of the call: those of the innermost block
            # around it (a block's first line; 0 for parameters, seen in the whole function).
            line = self.line
            seen = [s[-2] for s in self.var_types.get((path, scope, name), ()) if s[-2] <= line <= s[-1] or not s[-2]]
            block = max(seen, default=0)
        key = (path, scope, name, block) if local else (_directory(path), "", name, 0)
        if key in self._var_memo:  # also breaks cycles (`a := b.M()`, `b := a.N()`): None meanwhile
            return self._var_memo[key]
        self._var_memo[key] = None
        self._var_memo[key] = found = self._var_type_of(path, scope, name, local, block, depth)
        return found

    def _var_type_of(self, path: str, scope: str, name: str, local: bool, block: int, depth: int) -> TypeRef | None:
        if local:
            sources = [(path, s) for s in self.var_types.get((path, scope, name), ()) if s[-2] == block]
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
            elif source[0] == "range":  # `for _, x := range xs`: an element; `for x := range ch`: a value
                ranged = self._expression_type(file, sources_scope, source[1], depth + 1)
                refs.add(_element(ranged, "[]" if source[2] == 1 else "<-"))
            else:
                refs.add(self._result_type(file, sources_scope, source[1], source[2], depth + 1))
        if len(refs) != 1:
            return None
        return refs.pop()

    def _expression_type(self, path: str, scope: str, expression: str, depth: int) -> TypeRef | None:
        """Type of `x`, `x.f.g`, `F()`, `pkg.F()`, `x.M()` as written in a callee."""
        if depth > _MAX_DEPTH:
            return None
        literal = _COMPOSITE.fullmatch(expression) or _ASSERTION.fullmatch(expression)
        if literal is not None:  # `T{...}`, `&T{...}`, `v.(T)`, `v.(*pkg.T)`
            return self._type_ref(path, literal.group(1))
        if expression.endswith("()"):
            return self._result_type(path, scope, expression[:-2], 0, depth + 1)
        if expression.endswith("]") and "[" in expression:  # `xs[i]`, `m[key]`: an element
            return _element(self._expression_type(path, scope, expression[: expression.rindex("[")], depth + 1))
        head, dot, field = expression.rpartition(".")
        if not dot:
            return self._var_type(path, scope, expression, depth + 1)
        bound = self.bound.get(path, {})
        if head in bound and not self._is_local(path, scope, head):  # `pkg.Var`
            directory = self.import_dir.get(bound[head])
            files = self.files_of.get(directory, ()) if directory is not None else ()
            return self._var_type(files[0], "", field, depth + 1) if files else None
        ref = self._expression_type(path, scope, head, depth + 1)
        return self._field_type(ref, field) if ref is not None else None

    # ---- calls ------------------------------------------------------------------------

    def _call_target(self, path: str, scope: str, callee: str, depth: int = 0) -> tuple | None:
        if depth > _MAX_DEPTH or not callee or "..." in callee:
            return None
        directory = _directory(path)
        if callee.endswith("]") and "[" in callee:  # `F[int]`, `pkg.F[int]`: explicit type arguments
            base = callee[: callee.rindex("[")]
            target = self._call_target(path, scope, base, depth + 1)
            return target if target is not None and target[0] == DEF else None
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
            for module in () if found else self.dot_imports.get(path, ()):  # `import . "pkg"`
                target_dir = self.import_dir.get(module)
                found = self.funcs.get(target_dir, {}).get(callee) if target_dir is not None else None
                if found:
                    break
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
                self.line = call.line
                target = self._call_target(path, call.scope, call.callee)
                if target is None:
                    counts["unresolved"] += 1
                    continue
                counts["internal" if target[0] == DEF else "external"] += 1
                for each in self._variants(target):
                    edges.append(CallEdge(call.scope, call.line, call.col, each))
            self.calls[path] = edges
        self.counts = counts
        self._solved = True

    def _variants(self, target: tuple) -> list[tuple]:
        """The target and its namesakes in other files of the package: files for other build
        constraints (`dial_unix.go`, `dial_windows.go`) each declare it, and any may be built."""
        if target[0] != DEF:
            return [target]
        qualname = self.facts_by_path[target[1]].definitions[target[2]].qualname
        found = self.namesakes.get((_directory(target[1]), qualname))
        return [(DEF, *each) for each in found] if found and len(found) > 1 else [target]

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

    @staticmethod
    def external_kind(name: str) -> str:
        """ "stdlib" for the standard library (`fmt.Println`, `net/http.Get`), else "third_party"
        (`github.com/pkg/errors.Wrap`); not yet part of the port (the builder asks Python's)."""
        first = name.split("/", 1)[0] if "/" in name else name.split(".", 1)[0]
        return "stdlib" if "." not in first and first in STDLIB_ROOTS else "third_party"
