"""JavaScript and TypeScript resolution: modules, imports, calls and inheritance (the
LanguageAnalysis port), over the facts of codeintel.languages.javascript.

One analysis serves both languages and always indexes every JavaScript and TypeScript file
the builder knows (by extension, from `facts_by_path`), whichever language it was made for:
a `.ts` file importing a `.js` file resolves the same whether the builder made one analysis
or two (registered under "javascript" and "typescript", each reports only its own `paths`).

Resolution is name-based and demand-driven, not a points-to analysis: a value is a
definition (DEF), a module (MODULE), an external name (EXTERNAL) or an instance of a
repository class. What cannot be determined gives no target (an unresolved call), never a
guess. What resolves:
  - modules: relative specifiers against the importing file, probing the specifier as
    written, then with `.ts .tsx .js .jsx .mjs .cjs .mts .cts` added, then `/index` + each;
    a `.js` specifier also finds the `.ts`/`.tsx` file (TypeScript's ESM convention);
    `.d.ts` files are never targets. Bare specifiers (npm packages, `node:` modules) are
    EXTERNAL, named by the specifier plus the member: `import {readFile} from "fs"` ->
    `fs.readFile`; default and namespace imports name the package itself.
    A bare specifier that the governing tsconfig's `paths` or `baseUrl` map onto a repository
    file is that file's module (codeintel.resolve.tsconfig has TypeScript's rules).
  - names, looked up from the innermost scope outwards: definitions, imports (ES and
    `require`), `const x = new C()` / `const g = f` / `const g = ns.f` assignments, TS type
    annotations (`r: Repo` makes `r` an instance of Repo);
  - exports: `export` declarations and lists, `export default`, re-exports (`export {a as b}
    from`, `export *`, `export * as ns`) followed through chains, CommonJS `exports.f = `,
    `module.exports = {...}` and `module.exports = X`;
  - calls: `f()`, `ns.f()`, `obj.m()` on an instance whose class is known (methods looked up
    through repository `extends`), `this.m()` and `this.field.m()` inside a class,
    `super(...)` / `super.m()` (`this.m()` also reaches the overrides of `m` in the
    repository's subclasses of the enclosing class: `this` may be one of theirs), static
    `C.m()`, namespace members `N.f()`, `new C()` -> C's `constructor` (found through
    `extends`) or else the class; calls on externals -> EXTERNAL `pkg.member`. Globals
    (`console.log`, `JSON.parse`) are unresolved.
"""

from __future__ import annotations

import posixpath
from collections import Counter
from collections.abc import Callable, Iterable, Mapping

from codeintel.model import FileFacts, Import
from codeintel.resolve.port import DEF, EXTERNAL, MODULE, CallEdge, ImportStatus
from codeintel.resolve.tsconfig import TsconfigPaths

INSTANCE = "i"
MAX_VALUES = 32
NODE_BUILTINS = frozenset(
    [
        "assert",
        "async_hooks",
        "buffer",
        "child_process",
        "cluster",
        "console",
        "constants",
        "crypto",
        "dgram",
        "diagnostics_channel",
        "dns",
        "domain",
        "events",
        "fs",
        "http",
        "http2",
        "https",
        "inspector",
        "module",
        "net",
        "os",
        "path",
        "perf_hooks",
        "process",
        "punycode",
        "querystring",
        "readline",
        "repl",
        "stream",
        "string_decoder",
        "sys",
        "timers",
        "tls",
        "trace_events",
        "tty",
        "url",
        "util",
        "v8",
        "vm",
        "wasi",
        "worker_threads",
        "zlib",
        "test",
    ]
)
SOURCE_EXTENSIONS = (".ts", ".tsx", ".js", ".jsx", ".mjs", ".cjs", ".mts", ".cts")


def probe_script(base: str, exists: Callable[[str], bool]) -> str | None:
    """The script file a module path names: as written, with an extension, or its index file (a
    `.js` specifier may name the `.ts` file it compiles from); the first that `exists`."""
    candidates = [base]
    stem, ext = posixpath.splitext(base)
    if ext in (".js", ".jsx", ".mjs", ".cjs"):
        candidates += [stem + ".ts", stem + ".tsx", stem + ".mts", stem + ".cts"]
    candidates += [base + e for e in SOURCE_EXTENSIONS]
    candidates += [f"{base}/index{e}" for e in SOURCE_EXTENSIONS]
    return next((candidate for candidate in candidates if exists(candidate)), None)


_NOT_A_SCOPE = ("interface", "enum")


def is_script(path: str) -> bool:
    return path.endswith(SOURCE_EXTENSIONS) and not path.endswith(".d.ts")


def module_name(path: str) -> str:
    """`src/lib/index.ts` -> `src.lib.index`: the path without its extension, `/` -> `.`."""
    stem = path.removesuffix(".d.ts")
    if stem == path:
        stem = posixpath.splitext(path)[0]
    return stem.replace("/", ".")


class _File:
    """One file's facts, indexed for look-ups."""

    def __init__(self, facts: FileFacts) -> None:
        self.facts = facts
        self.defs = facts.definitions
        self.by_qual: dict[str, int] = {}
        self.members: dict[tuple[str, str], int] = {}
        for i, d in enumerate(self.defs):
            self.by_qual[d.qualname] = i
            self.members[(d.parent, d.name)] = i
        self.imports: dict[tuple[str, str], list[Import]] = {}
        for imp in facts.imports:
            if imp.alias is None and imp.name in (None, "*"):
                continue
            self.imports.setdefault((imp.scope, imp.alias or imp.name), []).append(imp)
        self.assigns: dict[tuple[str, str], list[tuple[str, bool]]] = {}
        self.typed: dict[tuple[str, str], list[str]] = {}
        self.exports: dict[str, list[str]] = {}
        self.reexports: list[tuple[str, str | None, str]] = []
        self.cjs: dict[str, list[str]] = {}
        for flow in facts.flows:
            kind = flow[0]
            if kind == "assign":
                self.assigns.setdefault((flow[1], flow[2]), []).append((flow[3], flow[4]))
            elif kind == "typed":
                self.typed.setdefault((flow[1], flow[2]), []).append(flow[3])
            elif kind == "export":
                self.exports.setdefault(flow[2], []).append(flow[1])
            elif kind == "reexport":
                self.reexports.append((flow[1], flow[2], flow[3]))
            elif kind == "cjs_export":
                self.cjs.setdefault(flow[1], []).append(flow[2])

    def is_class(self, index: int) -> bool:
        d = self.defs[index]
        return d.kind == "class" and d.type_kind != "namespace"


class JavaScriptAnalysis:
    """The LanguageAnalysis port for JavaScript and TypeScript (see the module docstring)."""

    def __init__(self, facts_by_path: Mapping[str, FileFacts], paths: Iterable[str]) -> None:
        self.facts_by_path = facts_by_path
        self.paths = list(paths)
        self.files = {p for p in facts_by_path if is_script(p)} | {p for p in self.paths if is_script(p)}
        self.tsconfig = TsconfigPaths(facts_by_path)
        self._files: dict[str, _File] = {}
        self._calls: dict[str, set[CallEdge]] = {}
        self._counts: Counter = Counter()
        self._export_memo: dict[tuple[str, str], frozenset] = {}
        self._subclasses: dict[tuple[str, int], list[tuple[str, int]]] | None = None
        self._bases_memo: dict[tuple, tuple] = {}
        self._name_memo: dict[tuple, frozenset] = {}
        self._in_progress: set[tuple] = set()

    # ---- the port --------------------------------------------------------------------

    def solve(self) -> None:
        for path in self.paths:
            f = self.file(path)
            edges: set[CallEdge] = set()
            for call in f.facts.calls:
                targets = self.call_targets(path, call.scope, call.callee)
                if any(t[0] == DEF for t in targets):
                    self._counts["internal"] += 1
                elif targets:
                    self._counts["external"] += 1
                else:
                    self._counts["unresolved"] += 1
                edges.update(CallEdge(call.scope, call.line, call.col, t) for t in targets)
            self._calls[path] = edges

    def release(self) -> None:
        self._files, self._calls, self._export_memo, self._subclasses = {}, {}, {}, None
        self._bases_memo, self._name_memo, self._in_progress = {}, {}, set()

    def module_name(self, path: str) -> str:
        return module_name(path)

    def calls_of(self, path: str) -> set[CallEdge]:
        return self._calls.get(path, set())

    def import_targets(self, path: str, imp: Import) -> list[tuple]:
        target = self.resolve_module(path, imp.module)
        if target is None:
            return []
        if target[0] == EXTERNAL:
            return [self._external_member(target, imp.name)]
        if imp.name in (None, "*"):
            return [target]
        found = sorted(v for v in self.export_lookup(target[1], imp.name) if v[0] != INSTANCE)
        return found

    def import_status(self, path: str, imp: Import) -> ImportStatus | None:
        target = self.resolve_module(path, imp.module)
        if target is None:
            return "unresolved"
        return "external" if target[0] == EXTERNAL else "internal"

    def bases_of(self, path: str, index: int) -> list[tuple]:
        key = ("bases", path, index)
        memo = self._bases_memo.get(key)
        if memo is not None:
            return list(memo)
        if key in self._in_progress:  # `class A extends A.B`: no answer while asking
            return []
        self._in_progress.add(key)
        try:
            out = self._bases(path, index)
        finally:
            self._in_progress.discard(key)
        self._bases_memo[key] = tuple(out)
        return out

    def _bases(self, path: str, index: int) -> list[tuple]:
        f = self.file(path)
        d = f.defs[index]
        out: list[tuple] = []
        for base in d.bases:
            for value in sorted(self.resolve_expr(path, d.parent, base)):
                is_class = value[0] == DEF and self.file(value[1]).defs[value[2]].kind == "class"
                if (value[0] == EXTERNAL or is_class) and value not in out:
                    out.append(value)
        return out

    def scope_index(self, path: str) -> Mapping[str, int]:
        return self.file(path).by_qual

    def call_site_counts(self) -> Counter:
        return Counter(self._counts)

    @staticmethod
    def external_kind(name: str) -> str:
        """ "stdlib" for Node's built-in modules (`fs.readFile`, `node:path.join`, `fs/promises`),
        else "third_party" (npm packages: `lodash.chunk`, `@scope/pkg.f`)."""
        if name.startswith("node:"):
            return "stdlib"
        first = name.split("/", 1)[0].split(".", 1)[0]
        return "stdlib" if first in NODE_BUILTINS else "third_party"

    # ---- modules ---------------------------------------------------------------------

    def file(self, path: str) -> _File:
        f = self._files.get(path)
        if f is None:
            f = self._files[path] = _File(self.facts_by_path[path])
        return f

    def resolve_module(self, path: str, spec: str) -> tuple | None:
        """MODULE key of a relative specifier's file, or of a bare one that tsconfig `paths` or
        `baseUrl` map into the repository; EXTERNAL for other bare ones; None when missing."""
        if not spec.startswith((".", "/")):
            for base in self.tsconfig.bases(path, spec) if self.tsconfig else ():
                found = self._probe(base)
                if found is not None:
                    return (MODULE, found)
            return (EXTERNAL, spec)
        found = self._probe(posixpath.normpath(posixpath.join(posixpath.dirname(path), spec)).lstrip("/"))
        return (MODULE, found) if found is not None else None

    def _probe(self, base: str) -> str | None:
        return probe_script(base, self.files.__contains__)

    @staticmethod
    def _external_member(target: tuple, name: str | None) -> tuple:
        if name in (None, "*", "default"):
            return target
        return (EXTERNAL, f"{target[1]}.{name}")

    def import_values(self, path: str, imp: Import) -> set[tuple]:
        target = self.resolve_module(path, imp.module)
        if target is None:
            return set()
        if target[0] == EXTERNAL:
            return {self._external_member(target, imp.name)}
        if imp.name is None:
            return self.module_value(target[1])
        return set(self.export_lookup(target[1], imp.name))

    def module_value(self, path: str) -> set[tuple]:
        """What `import * as ns` / `require()` of the file gives: `module.exports = X`'s X, else the module."""
        f = self.file(path)
        if "=" in f.cjs:
            out: set[tuple] = set()
            for value in f.cjs["="]:
                out |= self.resolve_expr(path, "", value)
            return out
        return {(MODULE, path)}

    def export_lookup(self, path: str, name: str) -> frozenset:
        """What the module exports as `name`; a cycle of re-exports gives nothing."""
        key = (path, name)
        memo = self._export_memo.get(key)
        if memo is not None:
            return memo
        if key in self._in_progress:
            return frozenset()
        self._in_progress.add(key)
        try:
            result = self._export(path, name)
        finally:
            self._in_progress.discard(key)
        self._export_memo[key] = result
        return result

    def _export(self, path: str, name: str) -> frozenset:
        f = self.file(path)
        out: set[tuple] = set()
        for local in f.exports.get(name, ()):
            out |= self.resolve_expr(path, "", local)
        for value in f.cjs.get(name, ()):
            out |= self.resolve_expr(path, "", value)
        if not out and name == "default" and "=" in f.cjs:
            out |= self.module_value(path)
        for spec, original, exported in f.reexports:
            if exported != name and not (exported == "*" and name != "default"):
                continue
            target = self.resolve_module(path, spec)
            if target is None:
                continue
            if target[0] == EXTERNAL:
                out.add(self._external_member(target, name if exported == "*" else original))
            elif original is None:
                out |= self.module_value(target[1])
            else:
                out |= self.export_lookup(target[1], name if original == "*" else original)
        if not out and "=" in f.cjs:
            for value in self.module_value(path):
                if value[0] != MODULE:
                    out |= self.attr(value, name)
        return frozenset(out)

    # ---- names and expressions -------------------------------------------------------

    def scope_chain(self, path: str, scope: str) -> list[str]:
        """Scopes whose names are visible from `scope`, innermost first; class bodies are skipped."""
        f = self.file(path)
        chain = []
        while True:
            index = f.by_qual.get(scope)
            if not scope or index is None or not f.is_class(index):
                chain.append(scope)
            if not scope:
                return chain
            scope = f.defs[index].parent if index is not None else scope.rpartition(".")[0]

    def lookup_name(self, path: str, scope: str, name: str) -> set[tuple]:
        """Values of `name` seen from `scope`; memoised, and a name whose value depends on
        itself (`x = y; y = x`) gives nothing for the inner question. More than MAX_VALUES
        values is no answer (an undetermined name, never a guess among many)."""
        key = ("name", path, scope, name)
        memo = self._name_memo.get(key)
        if memo is not None:
            return set(memo)
        if key in self._in_progress:
            return set()
        self._in_progress.add(key)
        try:
            out = self._lookup_name(path, scope, name)
        finally:
            self._in_progress.discard(key)
        if len(out) > MAX_VALUES:
            out = set()
        self._name_memo[key] = frozenset(out)
        return out

    def _lookup_name(self, path: str, scope: str, name: str) -> set[tuple]:
        f = self.file(path)
        for s in self.scope_chain(path, scope):
            out: set[tuple] = set()
            index = f.members.get((s, name))
            if index is not None and f.defs[index].kind != "method":
                out.add((DEF, path, index))
            for imp in f.imports.get((s, name), ()):
                out |= self.import_values(path, imp)
            for value, is_new in f.assigns.get((s, name), ()):
                out |= self.value_of(path, s, value, is_new)
            for type_ in f.typed.get((s, name), ()):
                out |= self.value_of(path, s, type_, True)
            if out:
                return out
        return set()

    def value_of(self, path: str, scope: str, expr: str, is_new: bool) -> set[tuple]:
        values = self.resolve_expr(path, scope, expr)
        if not is_new:
            return values
        return {(INSTANCE, v[1], v[2]) for v in values if v[0] == DEF and self.file(v[1]).is_class(v[2])}

    def enclosing_class(self, path: str, scope: str) -> int | None:
        f = self.file(path)
        while scope:
            index = f.by_qual.get(scope)
            if index is None:
                return None
            if f.is_class(index) and f.defs[index].type_kind not in ("interface", "enum"):
                return index
            scope = f.defs[index].parent
        return None

    def resolve_expr(self, path: str, scope: str, expr: str) -> set[tuple]:
        if any(c in expr for c in "()[]<? "):
            return set()
        head, *rest = expr.split(".")
        if head == "this":
            index = self.enclosing_class(path, scope)
            values = {(INSTANCE, path, index)} if index is not None else set()
        else:
            values = self.lookup_name(path, scope, head)
        for part in rest:
            nxt: set[tuple] = set()
            for value in values:
                nxt |= self.attr(value, part)
            values = nxt
            if not values or len(values) > MAX_VALUES:
                return set()
        return values

    def mro(self, path: str, index: int) -> list[tuple[str, int]]:
        """The class and its repository bases through `extends`, nearest first."""
        out: list[tuple[str, int]] = []
        todo = [(path, index)]
        while todo and len(out) < 64:
            p, i = todo.pop(0)
            if (p, i) in out:
                continue
            out.append((p, i))
            for base in self.bases_of(p, i):
                if base[0] == DEF:
                    todo.append((base[1], base[2]))
        return out

    def member(self, path: str, index: int, name: str) -> tuple | None:
        """The method `name` of a class, found through its repository bases."""
        for p, i in self.mro(path, index):
            f = self.file(p)
            found = f.members.get((f.defs[i].qualname, name))
            if found is not None:
                return (DEF, p, found)
        return None

    def subclasses(self) -> dict[tuple[str, int], list[tuple[str, int]]]:
        """Direct repository subclasses of each class (every JS/TS file is read once)."""
        if self._subclasses is None:
            self._subclasses = {}
            for p in sorted(self.files):
                for i, d in enumerate(self.file(p).defs):
                    if d.kind == "class" and d.bases:
                        for base in self.bases_of(p, i):
                            if base[0] == DEF:
                                self._subclasses.setdefault((base[1], base[2]), []).append((p, i))
        return self._subclasses

    def overrides(self, path: str, index: int, name: str) -> set[tuple]:
        """`name` as declared by the repository's subclasses of a class, at any depth: what
        `this.name()` may also reach when `this` is an instance of a subclass."""
        out: set[tuple] = set()
        todo, seen = list(self.subclasses().get((path, index), ())), set()
        while todo:
            p, i = todo.pop()
            if (p, i) in seen:
                continue
            seen.add((p, i))
            f = self.file(p)
            found = f.members.get((f.defs[i].qualname, name))
            if found is not None:
                out.add((DEF, p, found))
            todo.extend(self.subclasses().get((p, i), ()))
        return out

    def external_bases(self, path: str, index: int) -> list[str]:
        return [b[1] for p, i in self.mro(path, index) for b in self.bases_of(p, i) if b[0] == EXTERNAL]

    def fields(self, path: str, index: int, name: str) -> set[tuple]:
        """Values of `this.name` assigned or declared in a class or its bases (memoised)."""
        key = ("field", path, index, name)
        memo = self._name_memo.get(key)
        if memo is not None:
            return set(memo)
        if key in self._in_progress:
            return set()
        self._in_progress.add(key)
        out: set[tuple] = set()
        try:
            for p, i in self.mro(path, index):
                f = self.file(p)
                qual = f.defs[i].qualname
                for expr, is_new in f.assigns.get((qual, "this." + name), ()):
                    out |= self.value_of(p, qual, expr, is_new)
                for type_ in f.typed.get((qual, "this." + name), ()):
                    out |= self.value_of(p, qual, type_, True)
        finally:
            self._in_progress.discard(key)
        if len(out) > MAX_VALUES:
            out = set()
        self._name_memo[key] = frozenset(out)
        return out

    def attr(self, value: tuple, name: str) -> set[tuple]:
        kind = value[0]
        if kind == MODULE:
            return set(self.export_lookup(value[1], name))
        if kind == EXTERNAL:
            return {(EXTERNAL, f"{value[1]}.{name}")}
        if kind == DEF:
            f = self.file(value[1])
            index = f.members.get((f.defs[value[2]].qualname, name))
            if index is not None:
                return {(DEF, value[1], index)}
            if f.is_class(value[2]):
                found = self.member(value[1], value[2], name)
                return {found} if found else set()
            return set()
        if kind == INSTANCE:
            found = self.member(value[1], value[2], name)
            if found is not None:
                return {found}
            out = self.fields(value[1], value[2], name)
            if not out:
                out = {(EXTERNAL, f"{base}.{name}") for base in self.external_bases(value[1], value[2])}
            return out
        return set()

    # ---- calls -----------------------------------------------------------------------

    def constructor_of(self, value: tuple) -> set[tuple]:
        if value[0] == EXTERNAL:
            return {value}
        if value[0] != DEF or not self.file(value[1]).is_class(value[2]):
            return set()
        found = self.member(value[1], value[2], "constructor")
        return {found} if found is not None else {value}

    def call_targets(self, path: str, scope: str, callee: str) -> set[tuple]:
        if callee.startswith("new "):
            out: set[tuple] = set()
            for value in self.resolve_expr(path, scope, callee[4:]):
                out |= self.constructor_of(value)
            return out
        if callee == "super" or callee.startswith("super."):
            index = self.enclosing_class(path, scope)
            if index is None:
                return set()
            out = set()
            for base in self.bases_of(path, index):
                if callee == "super":
                    out |= self.constructor_of(base)
                elif base[0] == EXTERNAL:
                    out.add((EXTERNAL, f"{base[1]}.{callee[6:]}"))
                else:
                    found = self.member(base[1], base[2], callee[6:])
                    if found is not None:
                        out.add(found)
            return out
        out = set()
        if callee.startswith("this.") and callee.count(".") == 1:
            index = self.enclosing_class(path, scope)
            if index is not None:
                out |= self.overrides(path, index, callee[5:])
        for value in self.resolve_expr(path, scope, callee):
            is_function = value[0] == DEF and self.file(value[1]).defs[value[2]].kind != "class"
            if value[0] == EXTERNAL or is_function:
                out.add(value)
        return out


def javascript_analysis(facts_by_path: Mapping[str, FileFacts], paths: Iterable[str]) -> JavaScriptAnalysis:
    """The factory to register under both "javascript" and "typescript" in ANALYSES."""
    return JavaScriptAnalysis(facts_by_path, paths)
