"""Rust's resolution on the LanguageAnalysis port: the module tree, `use` paths, calls and impls.

Names. A file's module is named by its path with `/` -> `.` and `.rs` dropped
(`src/net/tcp.rs` -> `src.net.tcp`, `src/net/mod.rs` -> `src.net.mod`): one Module node per
file, unique. Inline modules `mod m { ... }` are Class nodes (type_kind "module") of their file.

Module tree. `mod foo;` in a file declares the child module file: `foo.rs` or `foo/mod.rs` in
the declaring file's directory when the file is a `mod.rs`, `lib.rs` or `main.rs`, else (the
Rust 2018 rule) in the directory named after the file (`src/a.rs`: `src/a/foo.rs`); a file
that is not a crate root by name and has no such child directory falls back to its own
directory (crate roots such as `tests/it.rs`, `src/bin/tool.rs` declare modules beside
them). Inline modules add their names to the directory (`mod a { mod b; }` -> `a/b.rs`).
`#[path = "x.rs"]` names the file relative to the declaring file's directory. Crate roots:
every file that no `mod` declaration reaches (`src/lib.rs`, `src/main.rs`, `src/bin/*.rs`,
`tests/*.rs`, `examples/*.rs`, any `lib.rs`/`main.rs`); `crate::` names the root of the
crate the file was reached from.

Paths (in `use` and in calls) resolve as rustc does: `crate::`, `self::`, `super::`
(repeatable), `Self::`; otherwise the first segment is looked up lexically (items and `use`
bindings of the enclosing functions, then of the module; explicit names before globs),
then it is an external crate (`std`, `core`, `alloc`, `serde`...: External names written
with `::`, `std::collections::HashMap::new`). A few prelude names are external std paths
(`Vec` -> `std::vec::Vec`, `String`, `Box`, `Option`, `Result`, `drop` -> `std::mem::drop`).
Later segments are members of a module: its items, child modules, `use` bindings (so
`pub use` re-exports are followed) and globs. Rust 2015 `use a::b` (crate-relative) is
tried when `a` is not in scope. A first segment that is none of these is an external crate,
unless it may name something of the repository (a `mod` whose file was not found, a module
file beside the module, a glob of an external path in scope): then nothing. Another library
crate of the repository is known by its folder (`tokio-1.24.2/src/lib.rs` is crate `tokio`,
`crates/my-lib/src/lib.rs` is `my_lib`); the root crate of the repository has no name
without Cargo.toml (not scanned), so `shop::x` from its `src/bin/*.rs` is taken as external.
Associated functions of primitive types (`u32::from`) give nothing.

Calls, resolved only where the static types give one target:
  - `f()`: an item function in scope (nested fn items, the module's, `use`d ones); a local
    of the same name (a closure) gives nothing; tuple-struct and enum-variant constructors
    (`Point(1, 2)`, `Some(x)`, `E::A(1)`) are not calls of functions: no edge.
  - `a::b::f()`, `Type::assoc()`, `Self::assoc()`, `Type::new()`: through the module tree;
    an associated function of a type is looked up like a method (below).
  - `x.m()`, `self.m()`, `self.field.m()`, `T::new().m()`, `f()?.m()`: the receiver's type
    comes from `self` (the impl's type), parameters (`x: T`, `&T`, `&mut T`, `Box<T>`,
    `Rc<T>`, `Arc<T>`), `let x: T`, `let x = T { .. }`, `let x = <call>` through the declared
    return type (`-> Self`, `-> T`, `-> Option<T>`/`Result<T, E>` with `?`, `.unwrap()` or
    `.expect()`), struct field types, type aliases (`type P = geo::Point;`), elements of
    typed collections (`Vec<T>`, `VecDeque<T>`, sets, `[T]`, `[T; N]`: `for x in &xs`,
    `xs[i]`, `xs.first()`, `xs.iter().map(|x| x.m())` and other iterator adapters), what an
    Option or Result holds (`if let Some(x) = e`, `while let Some(x) = xs.pop()`, a match
    arm `Ok(x) =>`, let-else). A
    variable declared several times (shadowing) takes its latest declaration above the call.
    On a type: its inherent methods, then methods of its trait impls (two traits giving the
    name: ambiguous, no edge), then default methods of the traits it implements (and their
    supertraits). Generic arguments are dropped, so the methods of one name that impl blocks
    for different instantiations give (`impl W<u8>`, `impl W<u16>`, cfg'd twins) each get an
    edge, except from `self.m()` / `Self::m()` inside one of those blocks: its own block's.
  - A receiver whose static type is a trait (`&dyn Tr`, `impl Tr`, a generic `T: Tr`,
    `self` in a trait's default method) and `Tr::m(x)`: the target is the trait's item `m`,
    an edge to the trait's default method when it has one (a node), none when it is only
    declared. `<T as Tr>::m()`: T's impl of Tr, else Tr's default.
  - Macros are not calls (the calls in their arguments are); methods of external and
    primitive types (`v.push(x)` on a Vec, `s.len()`) give nothing. Not followed: user `Deref`
    impls, tuple patterns and other destructuring (`for (k, v) in &map`, `let (a, b) = f()`),
    closures' parameters other than an iterator adapter's one, items written by macros.

bases_of: a trait's supertraits; for a struct, enum or union, the traits implemented for it
anywhere in the repository (`impl Tr for T`), in file and line order: the DEF of a trait the
repository declares, else External (`std::fmt::Display`).
"""

from __future__ import annotations

import posixpath
import re
from collections import Counter
from collections.abc import Collection, Iterable, Mapping
from pathlib import PurePosixPath

from codeintel.model import FileFacts, Import
from codeintel.resolve.port import DEF, EXTERNAL, MODULE, CallEdge, ImportStatus

STDLIB_CRATES = frozenset(("std", "core", "alloc", "proc_macro", "test"))
PRELUDE = {
    "Vec": "std::vec::Vec",
    "String": "std::string::String",
    "Box": "std::boxed::Box",
    "Option": "std::option::Option",
    "Result": "std::result::Result",
    "drop": "std::mem::drop",
    "ToString": "std::string::ToString",
    "Default": "std::default::Default",
    "Iterator": "std::iter::Iterator",
    "Clone": "std::clone::Clone",
    "From": "std::convert::From",
    "Into": "std::convert::Into",
}
PRIMITIVES = frozenset(
    [
        "bool",
        "char",
        "str",
        "u8",
        "u16",
        "u32",
        "u64",
        "u128",
        "usize",
        "i8",
        "i16",
        "i32",
        "i64",
        "i128",
        "isize",
        "f32",
        "f64",
    ]
)
_VERSION_SUFFIX = re.compile(r"-[0-9][0-9A-Za-z.+-]*$")
_UNWRAP = frozenset(("unwrap", "expect", "unwrap_or_default", "unwrap_unchecked"))
_SEQ_KEEP = frozenset(
    [
        "iter",
        "iter_mut",
        "into_iter",
        "drain",
        "filter",
        "rev",
        "skip",
        "take",
        "chain",
        "cloned",
        "copied",
        "peekable",
        "skip_while",
        "take_while",
        "step_by",
        "inspect",
    ]
)
"""Methods of a collection (or an iterator over one) whose result yields the same elements."""
_SEQ_ELEMENT = frozenset(
    ["first", "last", "get", "get_mut", "pop", "pop_front", "pop_back", "front", "back", "next", "nth", "find", "peek"]
)
"""Methods of a collection or iterator that give one element, as an Option."""
_MAX_DEPTH = 40
_NO_CYCLE = 1 << 30
_ROOT_STEMS = frozenset(("mod", "lib", "main"))

ModuleKey = tuple[str, str]  # (file path, inline module qualname or "")
# Entities: ("mod", path, prefix), ("def", path, index), ("ext", "a::b"), ("dyn", path, index)
# (a trait as a receiver's type), ("opt", entity) (an Option/Result of it).


def _crate_name(root: str) -> str:
    """The crate name a library root's folder suggests: `tokio-1.24.2/src/lib.rs` -> `tokio`,
    `crates/my-lib/src/lib.rs` -> `my_lib`; "" for a root at the top of the repository (whose
    name only Cargo.toml, which is not scanned, tells)."""
    parts = root.split("/")
    if parts[-1] != "lib.rs":
        return ""
    parts = parts[:-1]
    if parts and parts[-1] == "src":
        parts = parts[:-1]
    if not parts:
        return ""
    folder = _VERSION_SUFFIX.sub("", parts[-1])
    return folder.replace("-", "_") if folder.replace("-", "_").isidentifier() else ""


def module_name_for(path: str) -> str:
    return path.removesuffix(".rs").replace("/", ".")


def _directory(path: str) -> str:
    parent = str(PurePosixPath(path).parent)
    return "" if parent == "." else parent


def _join(*parts: str) -> str:
    return "/".join(part for part in parts if part)


def _split_path(written: str) -> list[str]:
    """`a::b::<T as c::Tr>::m` -> ['a', 'b', '<T as c::Tr>', 'm']."""
    out: list[str] = []
    depth = 0
    start = 0
    index = 0
    while index < len(written):
        char = written[index]
        if char == "<":
            depth += 1
        elif char == ">":
            depth -= 1
        elif char == ":" and depth == 0 and written.startswith("::", index):
            out.append(written[start:index])
            index += 2
            start = index
            continue
        index += 1
    out.append(written[start:])
    return out


def _split_method(callee: str) -> tuple[str, str] | None:
    """`a.b().m` -> ('a.b()', 'm'), at the last `.` outside angle brackets."""
    depth = 0
    for index in range(len(callee) - 1, -1, -1):
        char = callee[index]
        if char == ">":
            depth += 1
        elif char == "<":
            depth -= 1
        elif char == "." and depth == 0:
            return callee[:index], callee[index + 1 :]
    return None


class RustAnalysis:
    """Resolves the calls, imports and impls of a repository's Rust files."""

    def __init__(self, facts_by_path: Mapping[str, FileFacts], paths: Iterable[str]) -> None:
        self.facts_by_path = facts_by_path
        self.paths = sorted(paths)
        self.calls: dict[str, list[CallEdge]] = {}
        self.counts: Counter = Counter()
        self._solved = False

    # ---- index ------------------------------------------------------------------------

    def _index(self) -> None:
        files = set(self.paths)
        self.items: dict[tuple[str, str], dict[str, list[int]]] = {}  # (path, parent) -> name -> defs
        self.qualindex: dict[str, dict[str, int]] = {}  # path -> qualname -> first index
        self.modules: dict[str, set[str]] = {}  # path -> inline module qualnames
        self.children: dict[ModuleKey, dict[str, ModuleKey]] = {}
        self.parent: dict[ModuleKey, ModuleKey] = {}
        self.uses: dict[tuple[str, str], dict[str, list[Import]]] = {}
        self.globs: dict[tuple[str, str], list[Import]] = {}
        self.vars: dict[tuple[str, str, str], list[tuple[int, str, str]]] = {}  # -> (line, kind, written)
        self.bounds: dict[tuple[str, str], dict[str, str]] = {}
        self.returns: dict[tuple[str, int], str] = {}
        self.fields: dict[tuple[str, str], dict[str, str]] = {}  # (path, struct qualname) -> field -> type
        self.impl_fns: dict[tuple[str, int], tuple[str, str, int]] = {}  # method -> (self type, trait, impl line)
        self.aliases: dict[tuple[str, str], str] = {}  # (path, alias qualname) -> aliased type
        declared: set[str] = set()
        self.files = files
        self.unfound: dict[ModuleKey, set[str]] = {}
        for path in self.paths:
            facts = self.facts_by_path[path]
            qualindex = self.qualindex[path] = {}
            modules = self.modules[path] = set()
            for index, definition in enumerate(facts.definitions):
                qualindex.setdefault(definition.qualname, index)
                if definition.kind == "method":
                    continue
                self.items.setdefault((path, definition.parent), {}).setdefault(definition.name, []).append(index)
                if definition.type_kind == "module":
                    modules.add(definition.qualname)
                    child = (path, definition.qualname)
                    self.children.setdefault((path, definition.parent), {})[definition.name] = child
                    self.parent[child] = (path, definition.parent)
            for imp in facts.imports:
                key = (path, imp.scope)
                if imp.name == "*":
                    self.globs.setdefault(key, []).append(imp)
                elif imp.bound_name != "_":
                    self.uses.setdefault(key, {}).setdefault(imp.bound_name, []).append(imp)
            for flow in facts.flows:
                kind = flow[0]
                if kind == "mod":
                    target = self._mod_file(path, flow[1], flow[2], flow[3], files)
                    if target is None:
                        self.unfound.setdefault((path, flow[1]), set()).add(flow[2])
                    elif target != path:
                        declared.add(target)
                        self.children.setdefault((path, flow[1]), {})[flow[2]] = (target, "")
                        self.parent.setdefault((target, ""), (path, flow[1]))
                elif kind in ("var", "var_expr", "var_elem", "var_some"):
                    self.vars.setdefault((path, flow[1], flow[2]), []).append((flow[4], kind, flow[3]))
                elif kind == "bound":
                    self.bounds.setdefault((path, flow[1]), {}).setdefault(flow[2], flow[3])
                elif kind == "returns":
                    self.returns[(path, flow[1])] = flow[2]
                elif kind == "field":
                    self.fields.setdefault((path, flow[1]), {})[flow[2]] = flow[3]
                elif kind == "impl_fn":
                    self.impl_fns[(path, flow[1])] = (flow[2], flow[3], flow[4])
                elif kind == "alias":
                    self.aliases[(path, flow[1])] = flow[2]
        for variants in self.vars.values():
            variants.sort()
        self.roots = [path for path in self.paths if path not in declared]
        self.crate_roots = set(self.roots)
        named: dict[str, list[str]] = {}
        for root in self.roots:
            name = _crate_name(root)
            if name:
                named.setdefault(name, []).append(root)
        self.crate_names = {name: roots[0] for name, roots in named.items() if len(roots) == 1}
        self.crate_of: dict[str, str] = {}
        for root in self.roots:
            pending = [root]
            while pending:
                current = pending.pop()
                if current in self.crate_of:
                    continue
                self.crate_of[current] = root
                for prefix in [""] + sorted(self.modules.get(current, ())):
                    for child_path, child_prefix in self.children.get((current, prefix), {}).values():
                        if not child_prefix:
                            pending.append(child_path)
        self._memo: dict[tuple, object] = {}
        self._pending: dict[tuple, int] = {}
        self._provisional: dict[tuple, object] = {}
        self._low = _NO_CYCLE
        self._index_impls()

    def _mod_file(self, path: str, inline: str, name: str, attribute: str, files: set[str]) -> str | None:
        directory = _directory(path)
        inline_dirs = inline.replace(".", "/")
        if attribute:
            candidate = posixpath.normpath(_join(directory, inline_dirs, attribute))
            return candidate if candidate in files else None
        stem = PurePosixPath(path).stem
        bases = [_join(directory, inline_dirs)] if stem in _ROOT_STEMS else []
        if stem not in _ROOT_STEMS:
            bases = [_join(directory, stem, inline_dirs), _join(directory, inline_dirs)]
        for base in bases:
            for candidate in (_join(base, name + ".rs"), _join(base, name, "mod.rs")):
                if candidate in files:
                    return candidate
        return None

    def _index_impls(self) -> None:
        self.methods: dict[tuple, dict[str, list[tuple[object, tuple[str, int]]]]] = {}
        self.implemented: dict[tuple, list[object]] = {}  # type entity -> trait entities
        self.trait_methods: dict[tuple, dict[str, tuple[str, int]]] = {}
        for path in self.paths:
            facts = self.facts_by_path[path]
            for flow in facts.flows:
                if flow[0] != "impl":
                    continue
                type_ = self._resolve_type(path, flow[1], flow[2])
                if type_ is None or type_[0] not in ("def", "ext"):
                    continue
                if flow[3]:
                    trait = self._resolve_type(path, flow[1], flow[3])
                    if trait is not None:
                        trait = ("def", *trait[1:]) if trait[0] == "dyn" else trait
                        self.implemented.setdefault(type_, []).append(trait)
            for index, definition in enumerate(facts.definitions):
                if definition.kind != "method":
                    continue
                impl = self.impl_fns.get((path, index))
                scope = definition.parent.rpartition(".")[0]
                if impl is None:  # a trait's default method
                    trait_index = self.qualindex[path].get(definition.parent)
                    if trait_index is not None:
                        methods = self.trait_methods.setdefault(("def", path, trait_index), {})
                        methods.setdefault(definition.name, (path, index))
                    continue
                type_ = self._resolve_type(path, scope, impl[0])
                if type_ is None or type_[0] not in ("def", "ext"):
                    continue
                trait = self._resolve_type(path, scope, impl[1]) if impl[1] else None
                if trait is not None and trait[0] == "dyn":
                    trait = ("def", *trait[1:])
                key = trait if trait is not None else ("inherent",) if not impl[1] else ("ext", impl[1])
                self.methods.setdefault(type_, {}).setdefault(definition.name, []).append((key, (path, index)))

    def _memoized(self, key: tuple, compute, *arguments):
        """compute(*arguments), once per key. A key met again while it is being computed (a
        cycle of uses, globs or variables) gives None there; a result that depended on such an
        unfinished key further up is kept only until the outermost question is answered (so
        what is kept for good never depends on the order of the questions, and a cycle is
        walked once per question, not once per path through it)."""
        memo = self._memo
        if key in memo:
            return memo[key]
        provisional = self._provisional
        if key in provisional:
            return provisional[key]
        pending = self._pending
        if key in pending:
            self._low = min(self._low, pending[key])
            return None
        depth = len(pending)
        pending[key] = depth
        saved, self._low = self._low, _NO_CYCLE
        try:
            value = compute(*arguments)
        finally:
            del pending[key]
        low = self._low
        if low >= depth:
            memo[key] = value
            self._low = saved
        else:
            provisional[key] = value
            self._low = min(saved, low)
        if not pending:
            provisional.clear()
        return value

    # ---- the module tree and paths ----------------------------------------------------

    def _module_of(self, path: str, scope: str) -> ModuleKey:
        """The module a scope is in: the innermost inline module around it, or the file."""
        modules = self.modules.get(path, ())
        current = scope
        while current:
            if current in modules:
                return path, current
            current = current.rpartition(".")[0]
        return path, ""

    def _crate_root(self, module: ModuleKey) -> ModuleKey:
        return self.crate_of.get(module[0], module[0]), ""

    def _lookup(self, path: str, scope: str, name: str, depth: int) -> list:
        """Entities a name denotes in a scope: enclosing functions' items and uses, then the module's."""
        modules = self.modules.get(path, ())
        current = scope
        while True:
            found = self._level(path, current, name, depth, lexical=True)
            if found:
                return found
            if not current or current in modules:
                return []
            current = current.rpartition(".")[0]

    def _level(self, path: str, level: str, name: str, depth: int, lexical: bool = False) -> list:
        """Entities named `name` at one level (a module or a function body) of a file."""
        return self._memoized(("level", path, level, name), self._level_of, path, level, name, depth) or []

    def _level_of(self, path: str, level: str, name: str, depth: int) -> list:
        found: list = []
        for index in self.items.get((path, level), {}).get(name, ()):
            definition = self.facts_by_path[path].definitions[index]
            if definition.type_kind == "module":
                found.append(("mod", path, definition.qualname))
            else:
                found.append(("def", path, index))
        child = self.children.get((path, level), {}).get(name)
        if child is not None and ("mod", *child) not in found:
            found.append(("mod", *child))
        for imp in self.uses.get((path, level), {}).get(name, ()):
            found.extend(self._import_entities(path, imp, depth + 1))
        if not found:
            for imp in self.globs.get((path, level), ()):
                target = self._resolve_path(path, imp.scope, _split_path(imp.module), "type", depth + 1, True)
                if target is not None and target[0] == "mod":
                    found.extend(self._level(target[1], target[2], name, depth + 1))
                elif target is not None and target[0] == "def":  # `use Enum::*`: variants, not functions
                    continue
        return found

    def _import_entities(self, path: str, imp: Import, depth: int) -> list:
        if depth > _MAX_DEPTH:
            return []
        return self._memoized(("import", path, imp), self._import_entities_of, path, imp, depth) or []

    def _import_entities_of(self, path: str, imp: Import, depth: int) -> list:
        segments = _split_path(imp.module)
        found: list = []
        head = (
            self._resolve_path(path, imp.scope, segments[:-1], "type", depth + 1, True) if len(segments) > 1 else None
        )
        if len(segments) == 1:  # `extern crate foo;`, `use foo;`: an item in scope, else a crate
            found = self._first(path, imp.scope, segments[0], depth + 1, use=True)
            if not found and segments[0].isidentifier():
                found = [("ext", segments[0])]
        elif head is not None:
            found = self._members(head, segments[-1], depth + 1)
        return found

    def _first(self, path: str, scope: str, name: str, depth: int, use: bool = False) -> list:
        """Entities of a path's first segment."""
        module = self._module_of(path, scope)
        if name == "crate":
            return [("mod", *self._crate_root(module))]
        if name == "self":
            return [("mod", *module)]
        if name == "super":
            parent = self.parent.get(module)
            return [("mod", *parent)] if parent is not None else []
        if name == "Self":
            self_type = self._self_type(path, scope)
            return [self_type] if self_type is not None else []
        if name == "":  # `::name`: an external crate follows
            return [("ext", "")]
        found = self._lookup(path, scope, name, depth + 1)
        if found:
            return found
        if name[:1].isupper() and "::" not in name:
            generic = self._resolve_type(path, scope, name, depth + 1)  # `T::create()` with `T: Factory`
            if generic is not None and generic[0] == "dyn":
                return [generic]
        if not use and self._bound_somewhere(path, scope, name):
            return []  # in an expression, a name an unresolved `use` or item binds is no crate
        if use and name not in STDLIB_CRATES:  # Rust 2015: `use a::b` is `crate::a::b`
            found = self._level(*self._crate_root(module), name, depth + 1)
            if found:
                return found
        if name in PRELUDE:
            return [("ext", PRELUDE[name])]
        if name in STDLIB_CRATES:
            return [("ext", name)]
        if name in PRIMITIVES:
            return []  # `u32::from(x)`, `str::from_utf8(b)`: associated functions of primitive types
        crate = self.crate_names.get(name)
        if crate is not None:
            return [("mod", crate, "")]
        if name[:1].islower() and name.isidentifier() and not self._maybe_local(path, scope, module, name):
            return [("ext", name)]
        return []

    def _maybe_local(self, path: str, scope: str, module: ModuleKey, name: str) -> bool:
        """Whether an unknown first segment may still name something of the repository rather
        than a crate: a `mod` whose file was not found, a module file beside the module, or a
        glob import of an external path in scope (which may bring the name)."""
        if name in self.unfound.get(module, ()):
            return True
        directory = self._children_dir(module)
        if f"{directory}/{name}.rs".lstrip("/") in self.files or f"{directory}/{name}/mod.rs".lstrip("/") in self.files:
            return True
        modules = self.modules.get(path, ())
        current = scope
        while True:
            for imp in self.globs.get((path, current), ()):
                if _split_path(imp.module)[0] not in ("crate", "self", "super") and not self._lookup(
                    path, imp.scope, _split_path(imp.module)[0], 0
                ):
                    return True
            if not current or current in modules:
                return False
            current = current.rpartition(".")[0]

    def _children_dir(self, module: ModuleKey) -> str:
        """The directory a module's `mod x;` files are in (Rust 2018 rule, as in _mod_file)."""
        path, inline = module
        stem = PurePosixPath(path).stem
        directory = _directory(path)
        base = directory if stem in _ROOT_STEMS or path in self.crate_roots else _join(directory, stem)
        return _join(base, inline.replace(".", "/"))

    def _bound_somewhere(self, path: str, scope: str, name: str) -> bool:
        modules = self.modules.get(path, ())
        current = scope
        while True:
            if name in self.uses.get((path, current), {}) or name in self.items.get((path, current), {}):
                return True
            if not current or current in modules:
                return False
            current = current.rpartition(".")[0]

    def _members(self, entity: tuple, name: str, depth: int) -> list:
        kind = entity[0]
        if kind == "mod" and name in ("super", "self"):
            parent = self.parent.get((entity[1], entity[2])) if name == "super" else (entity[1], entity[2])
            return [("mod", *parent)] if parent is not None else []
        if kind == "mod":
            return self._level(entity[1], entity[2], name, depth + 1)
        if kind == "ext":
            return [("ext", f"{entity[1]}::{name}" if entity[1] else name)]
        if kind in ("def", "dyn"):
            return [(m, "assoc") for m in self._method_targets(entity, name)]
        return []

    def _resolve_path(
        self, path: str, scope: str, segments: list[str], want: str, depth: int, use: bool = False
    ) -> tuple | None:
        """The entity a path names; want: "type" (modules, types, externals) or "value" (functions)."""
        if depth > _MAX_DEPTH or not segments:
            return None
        first = segments[0]
        if first.startswith("<") and first.endswith(">"):
            return self._qualified(path, scope, first[1:-1], segments[1:], depth)
        found = self._first(path, scope, first, depth + 1, use)
        for position, segment in enumerate(segments[1:], start=1):
            entity = self._pick(found, "type")
            if entity is None:
                return None
            found = self._members(entity, segment, depth + 1)
            if position < len(segments) - 1 and found and found[0][1] == "assoc":
                return None
        if found and found[0][1] == "assoc":
            return ("assoc", tuple(target for target, _ in found))
        return self._pick(found, want if len(segments) > 0 else "type")

    def _qualified(self, path: str, scope: str, inner: str, rest: list[str], depth: int) -> tuple | None:
        """`<T as Tr>::m` (T's impl of Tr, else Tr's default) and `<T>::m`."""
        type_written, as_, trait_written = inner.partition(" as ")
        type_ = self._resolve_type(path, scope, type_written)
        if len(rest) != 1 or type_ is None:
            return None
        if not as_:
            targets = self._method_targets(type_, rest[0])
            return ("assoc", tuple(targets)) if targets else None
        trait = self._resolve_type(path, scope, trait_written)
        if trait is None:
            return None
        trait = ("def", *trait[1:]) if trait[0] == "dyn" else trait
        candidates = [t for key, t in self.methods.get(type_, {}).get(rest[0], ()) if key == trait]
        if not candidates and trait[0] == "def":
            default = self._trait_method(trait, rest[0], 0)
            candidates = [default] if default is not None else []
        return ("assoc", tuple(candidates)) if candidates else None

    def _pick(self, found: list, want: str) -> tuple | None:
        for entity in found:
            kind = entity[0]
            if kind == "ext":
                return entity
            if kind == "mod":
                if want == "type":
                    return entity
                continue
            if kind == "dyn" and want == "type":
                return entity
            if kind == "def":
                definition = self.facts_by_path[entity[1]].definitions[entity[2]]
                if (definition.kind == "class") == (want == "type"):
                    return entity
        return None

    # ---- types ------------------------------------------------------------------------

    def _self_type(self, path: str, scope: str) -> tuple | None:
        """The type `Self`/`self` denotes in a method (or a function nested in an impl's method)."""
        qualindex = self.qualindex.get(path, {})
        current = scope
        while current:
            index = qualindex.get(current)
            if index is not None:
                definition = self.facts_by_path[path].definitions[index]
                if definition.kind == "method":
                    impl = self.impl_fns.get((path, index))
                    owner = definition.parent.rpartition(".")[0]
                    if impl is not None:
                        return self._resolve_type(path, owner, impl[0])
                    trait_index = qualindex.get(definition.parent)
                    return ("dyn", path, trait_index) if trait_index is not None else None
                if definition.kind == "class" and definition.type_kind == "module":
                    return None
            current = current.rpartition(".")[0]
        return None

    def _resolve_type(self, path: str, scope: str, written: str, depth: int = 0) -> tuple | None:
        """A written type (normalised by the extractor) in a scope -> a type entity."""
        if not written or depth > _MAX_DEPTH:
            return None
        return self._memoized(("type", path, scope, written), self._resolve_type_of, path, scope, written, depth)

    def _resolve_type_of(self, path: str, scope: str, written: str, depth: int) -> tuple | None:
        if written.startswith("?"):
            inner = self._resolve_type(path, scope, written[1:], depth + 1)
            return ("opt", inner) if inner is not None else None
        if written.startswith("[]"):
            inner = self._resolve_type(path, scope, written[2:], depth + 1)
            return ("seq", inner) if inner is not None else None
        if written.startswith("dyn "):
            trait = self._resolve_type(path, scope, written[4:], depth + 1)
            return ("dyn", *trait[1:]) if trait is not None and trait[0] in ("def", "dyn") else None
        if written == "Self":
            return self._self_type(path, scope)
        if "::" not in written:
            current = scope
            while True:  # a generic parameter with a trait bound, in this function or an enclosing one
                bound = self.bounds.get((path, current), {}).get(written)
                if bound is not None:
                    return self._resolve_type(path, current, "dyn " + bound, depth + 1)
                if not current:
                    break
                current = current.rpartition(".")[0]
        entity = self._resolve_path(path, scope, _split_path(written), "type", depth + 1)
        if entity is None or entity[0] not in ("def", "ext"):
            return None
        if entity[0] == "def":
            definition = self.facts_by_path[entity[1]].definitions[entity[2]]
            if definition.type_kind == "trait":
                return ("dyn", entity[1], entity[2])
            if definition.type_kind == "type":
                return self._unalias(entity, depth + 1)
        return entity

    def _unalias(self, entity: tuple | None, depth: int) -> tuple | None:
        """The type a `type A = B;` alias names (aliases of aliases followed); an alias whose
        type is not one the extractor keeps gives None."""
        if entity is None or entity[0] != "def":
            return entity
        definition = self.facts_by_path[entity[1]].definitions[entity[2]]
        if definition.type_kind != "type":
            return entity
        written = self.aliases.get((entity[1], definition.qualname))
        return self._resolve_type(entity[1], definition.parent, written, depth + 1) if written else None

    def _method_targets(self, type_: tuple, name: str) -> list[tuple[str, int]]:
        """Methods (or associated functions) `name` of a type: inherent, then one trait's, then defaults."""
        type_ = self._unalias(type_, 0)
        if type_ is None:
            return []
        if type_[0] == "def" and self.facts_by_path[type_[1]].definitions[type_[2]].type_kind == "trait":
            type_ = ("dyn", type_[1], type_[2])
        if type_[0] == "dyn":
            found = self._trait_method(("def", type_[1], type_[2]), name, 0)
            return [found] if found is not None else []
        if type_[0] not in ("def", "ext"):
            return []
        candidates = self.methods.get(type_, {}).get(name, ())
        inherent = [target for key, target in candidates if key == ("inherent",)]
        if inherent:
            return inherent
        traits = {key for key, _ in candidates}
        if len(traits) == 1:
            return [target for _, target in candidates]
        if traits:
            return []
        defaults = set()
        for trait in self.implemented.get(type_, ()):
            if trait[0] == "def":
                found = self._trait_method(trait, name, 0)
                if found is not None:
                    defaults.add(found)
        return [defaults.pop()] if len(defaults) == 1 else []

    def _trait_method(self, trait: tuple, name: str, depth: int) -> tuple[str, int] | None:
        """A trait's default method `name`, or a supertrait's."""
        if depth > 8 or trait[0] != "def":
            return None
        found = self.trait_methods.get(trait, {}).get(name)
        if found is not None:
            return found
        path, index = trait[1], trait[2]
        definition = self.facts_by_path[path].definitions[index]
        for base in definition.bases:
            supertrait = self._resolve_type(path, definition.parent, base)
            if supertrait is not None and supertrait[0] == "dyn":
                found = self._trait_method(("def", *supertrait[1:]), name, depth + 1)
                if found is not None:
                    return found
        return None

    def _var_type(self, path: str, scope: str, name: str, line: int, depth: int) -> tuple | None:
        variants = self.vars.get((path, scope, name))
        if not variants:
            return None
        seen = [v for v in variants if v[0] <= line] or variants[:1]
        latest = seen[-1][0]
        chosen = [v for v in seen if v[0] == latest]
        if len(chosen) != 1:
            return None
        _, kind, written = chosen[0]
        key = ("var", path, scope, name, latest)
        if kind == "var":
            return self._memoized(key, self._resolve_type, path, scope, written, depth + 1)
        before = latest - 1 if latest > 1 else 0
        if kind == "var_elem":
            return self._memoized(key, self._element_type, path, scope, written, before, depth + 1)
        if kind == "var_some":
            return self._memoized(key, self._held_type, path, scope, written, before, depth + 1)
        return self._memoized(key, self._expression_type, path, scope, written, before, depth + 1)

    def _held_type(self, path: str, scope: str, expression: str, line: int, depth: int) -> tuple | None:
        """The type an Option or Result written as `expression` holds (`Some(x)`, `Ok(x)`)."""
        found = self._expression_type(path, scope, expression, line, depth + 1)
        return found[1] if found is not None and found[0] == "opt" else None

    def _element_type(self, path: str, scope: str, expression: str, line: int, depth: int) -> tuple | None:
        """The type of an element of a collection (or iterator over one) written as `expression`."""
        found = self._expression_type(path, scope, expression, line, depth + 1)
        return found[1] if found is not None and found[0] == "seq" else None

    def _expression_type(self, path: str, scope: str, expression: str, line: int, depth: int) -> tuple | None:
        """Type of an expression written as a callee is: `x`, `self.a`, `T::new()`, `x.m()?`, `T{}`."""
        if depth > _MAX_DEPTH or not expression:
            return None
        if expression.endswith("?"):
            inner = self._expression_type(path, scope, expression[:-1], line, depth + 1)
            return inner[1] if inner is not None and inner[0] == "opt" else None
        if expression.endswith("{}"):
            return self._resolve_type(path, scope, expression[:-2], depth + 1)
        if expression.endswith("[]"):  # `xs[i]`: an element
            return self._element_type(path, scope, expression[:-2], line, depth + 1)
        if expression.endswith("()"):
            return self._result_type(path, scope, expression[:-2], line, depth + 1)
        if expression == "self":
            return self._self_type(path, scope)
        split = _split_method(expression)
        if split is None:
            if expression.isidentifier() and self._is_local(path, scope, expression):
                return self._var_type(path, scope, expression, line, depth + 1)
            return self._struct_value(path, scope, expression, depth)
        receiver, field = split
        owner = self._expression_type(path, scope, receiver, line, depth + 1)
        if owner is None or owner[0] != "def":
            return None
        definition = self.facts_by_path[owner[1]].definitions[owner[2]]
        written = self.fields.get((owner[1], definition.qualname), {}).get(field)
        return self._resolve_type(owner[1], definition.parent, written, depth + 1) if written else None

    def _struct_value(self, path: str, scope: str, written: str, depth: int) -> tuple | None:
        """The type of a unit struct written as a value (`Dog`) or of a tuple struct's constructor."""
        if not written or not written.replace("::", "").isidentifier():
            return None
        entity = self._resolve_path(path, scope, _split_path(written), "type", depth + 1)
        if entity is None or entity[0] != "def":
            return None
        definition = self.facts_by_path[entity[1]].definitions[entity[2]]
        return entity if definition.type_kind == "struct" else None

    def _result_type(self, path: str, scope: str, callee: str, line: int, depth: int) -> tuple | None:
        split = _split_method(callee) if "::" not in callee.rpartition(".")[2] else None
        if split is not None and (split[1] in _UNWRAP or split[1] in _SEQ_KEEP or split[1] in _SEQ_ELEMENT):
            inner = self._expression_type(path, scope, split[0], line, depth + 1)
            if inner is not None and inner[0] == "opt" and split[1] in _UNWRAP:
                return inner[1]
            if inner is not None and inner[0] == "seq":
                return inner if split[1] in _SEQ_KEEP else ("opt", inner[1]) if split[1] in _SEQ_ELEMENT else None
            if inner is None or inner[0] in ("opt", "seq"):
                return None
        if split is None and not self._is_local(path, scope, callee.partition("::")[0]):
            struct = self._struct_value(path, scope, callee, depth + 1)  # `Point(1, 2)`
            if struct is not None:
                return struct
        targets = self._targets(path, scope, callee, line, depth + 1)
        if not targets or targets[0][0] != DEF:
            return None
        types = set()
        for _, file, index in targets:
            written = self.returns.get((file, index))
            if written is None:
                return None
            definition = self.facts_by_path[file].definitions[index]
            types.add(self._resolve_type(file, definition.qualname, written, depth + 1))
        return types.pop() if len(types) == 1 else None

    # ---- calls ------------------------------------------------------------------------

    def _is_local(self, path: str, scope: str, name: str) -> bool:
        current = scope
        facts = self.facts_by_path[path]
        while current:
            found = facts.scopes.get(current)
            if found is not None and name in found[0]:
                return True
            if current in self.modules.get(path, ()):
                return False
            current = current.rpartition(".")[0]
        return False

    def _targets(self, path: str, scope: str, callee: str, line: int, depth: int = 0) -> list[tuple]:
        """Target keys of a call (several for cfg'd namesakes); [] when not resolved."""
        if depth > _MAX_DEPTH or not callee or "..." in callee or callee.startswith(("(", "closure")):
            return []
        split = _split_method(callee)
        if split is not None and "::" not in split[1]:
            receiver, name = split
            type_ = self._expression_type(path, scope, receiver, line, depth + 1)
            if type_ is None:
                return []
            targets = self._method_targets(type_, name)
            if receiver == "self" and len(targets) > 1:
                targets = self._own_impl(path, scope, targets)
            return [(DEF, *target) for target in targets]
        segments = _split_path(callee)
        if len(segments) == 1 and (not callee.isidentifier() or self._is_local(path, scope, callee)):
            return []
        entity = self._resolve_path(path, scope, segments, "value", depth + 1)
        if entity is None:
            return []
        if entity[0] == "assoc":
            targets = list(entity[1])
            if segments[0] == "Self" and len(targets) > 1:
                targets = self._own_impl(path, scope, targets)
            return [(DEF, *target) for target in targets]
        if entity[0] == "ext":
            return [(EXTERNAL, entity[1])] if "::" in entity[1] else []
        if entity[0] == "def":
            return [(DEF, entity[1], entity[2])]
        return []

    def _own_impl(self, path: str, scope: str, targets: list[tuple[str, int]]) -> list[tuple[str, int]]:
        """Of several impl blocks' methods (`impl Tr for Cursor<Vec<u8>>` and `impl Tr for
        Cursor<&mut [u8]>`, one type once generics are dropped), the one in the caller's own
        impl block, when it is among them: `self.m()` and `Self::m()` name that block's."""
        qualindex = self.qualindex.get(path, {})
        current = scope
        while current:
            index = qualindex.get(current)
            if index is not None and (path, index) in self.impl_fns:
                block = self.impl_fns[(path, index)][2]
                own = [t for t in targets if t[0] == path and self.impl_fns.get(t, (None, None, -1))[2] == block]
                return own or targets
            current = current.rpartition(".")[0]
        return targets

    def solve(self) -> None:
        if self._solved:
            return
        self._index()
        counts: Counter = Counter()
        for path in self.paths:
            edges = []
            for call in self.facts_by_path[path].calls:
                targets = self._targets(path, call.scope, call.callee, call.line)
                if not targets:
                    counts["unresolved"] += 1
                    continue
                counts["internal" if targets[0][0] == DEF else "external"] += 1
                edges.extend(CallEdge(call.scope, call.line, call.col, target) for target in targets)
            self.calls[path] = edges
        self.counts = counts
        self._solved = True

    def release(self) -> None:
        self.calls = {}
        for name in ("items", "uses", "globs", "vars", "methods", "implemented", "trait_methods", "_memo"):
            if hasattr(self, name):
                delattr(self, name)

    # ---- the port ---------------------------------------------------------------------

    def module_name(self, path: str) -> str:
        return module_name_for(path)

    def calls_of(self, path: str) -> Collection[CallEdge]:
        return self.calls.get(path, [])

    def _import_keys(self, path: str, imp: Import) -> list[tuple]:
        if imp.name == "*":
            target = self._resolve_path(path, imp.scope, _split_path(imp.module), "type", 0, True)
            found = [target] if target is not None else []
        else:
            found = self._import_entities(path, imp, 0)
        keys: list[tuple] = []
        for entity in found:
            kind = entity[0]
            if kind == "mod":
                key = (MODULE, entity[1]) if not entity[2] else (DEF, entity[1], self.qualindex[entity[1]][entity[2]])
            elif kind in ("def", "dyn"):
                key = (DEF, entity[1], entity[2])
            elif kind == "ext":
                key = (EXTERNAL, imp.module)
            elif kind == "assoc":
                key = (DEF, *entity[1][0]) if entity[1] else None
            else:
                key = None
            if key is not None and key not in keys:
                keys.append(key)
        return keys

    def import_targets(self, path: str, imp: Import) -> list[tuple]:
        return self._import_keys(path, imp)

    def import_status(self, path: str, imp: Import) -> ImportStatus | None:
        keys = self._import_keys(path, imp)
        if not keys:
            return "unresolved"
        return "external" if all(key[0] == EXTERNAL for key in keys) else "internal"

    def bases_of(self, path: str, index: int) -> list[tuple]:
        definition = self.facts_by_path[path].definitions[index]
        entities: list = []
        if definition.type_kind == "trait":
            for base in definition.bases:
                entity = self._resolve_type(path, definition.parent, base)
                if entity is not None:
                    entities.append(("def", *entity[1:]) if entity[0] == "dyn" else entity)
        elif definition.type_kind in ("struct", "enum", "union"):
            entities = list(self.implemented.get(("def", path, index), ()))
        keys: list[tuple] = []
        for entity in entities:
            key = (DEF, entity[1], entity[2]) if entity[0] == "def" else (EXTERNAL, entity[1])
            if key not in keys:
                keys.append(key)
        return keys

    def scope_index(self, path: str) -> Mapping[str, int]:
        return {
            d.qualname: i
            for i, d in enumerate(self.facts_by_path[path].definitions)
            if d.kind != "class" or d.type_kind == "module"
        }

    def call_site_counts(self) -> Counter:
        return Counter(self.counts)

    @staticmethod
    def external_kind(name: str) -> str:
        """ "stdlib" for std, core, alloc (`std::collections::HashMap::new`), else "third_party"."""
        return "stdlib" if name.split("::", 1)[0] in STDLIB_CRATES else "third_party"
