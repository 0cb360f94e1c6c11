"""Which identifiers a rename changes, file by file, and the checks that refuse an unsafe one.

The files come from the graph (importers, callers, the classes of a method family); each is
read through the Changeset (so a file changed since the scan is refused) and searched with
`references`. Every name that will be written is also checked against what it would meet:
a name already bound where the symbol is bound, a local of the new name that would capture
a renamed use, a builtin or star-imported name of the new name that the rename would shadow.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from codeintel.planning.changes import Changeset
from codeintel.planning.model import ImpossibleRequest, UnknownTarget
from codeintel.planning.python.references import (
    PythonFile,
    Span,
    alias_name_span,
    attribute_chain,
    attribute_span,
    name_span,
)
from codeintel.planning.python.rename_scopes import Occurrence, Scope
from codeintel.planning.python.rename_text import alias_span, callee_span, import_at, mentions, positions
from codeintel.planning.workspace import Workspace
from codeintel.service.models import Symbol

RenameScope = Literal["global", "local", "method"]
_CODE = ("Module", "Class", "Function")


@dataclass
class FileRename:
    file: PythonFile
    spans: set[Span] = field(default_factory=set)


@dataclass
class Renames:
    scope: RenameScope
    files: list[FileRename]
    defining_files: set[str]
    renamed: dict[str, str]
    warnings: list[str]


def find_renames(workspace: Workspace, changes: Changeset, symbol: Symbol, new: str) -> Renames:
    parent_name = symbol.qualname.rpartition(".")[0]
    parents = [s for s in workspace.symbols.by_qualname.get(parent_name, []) if s.label in _CODE]
    parent = parents[0] if parents else None
    search = _Search(workspace, changes, symbol, new)
    if parent is None or parent.label == "Module":
        search.global_binding()
    elif parent.label == "Function":
        search.local_binding()
    elif symbol.label == "Function":
        search.method_family(parent)
    else:
        raise ImpossibleRequest(f"{symbol.qualname} is a class defined in a class body: renaming it is not supported")
    return search.result()


class _Search:
    def __init__(self, workspace: Workspace, changes: Changeset, symbol: Symbol, new: str) -> None:
        self.workspace = workspace
        self.changes = changes
        self.symbol = symbol
        self.old = symbol.name
        self.new = new
        self.module = workspace.module_of(symbol.file or "")
        self.scope: RenameScope = "global"
        self.renames: dict[str, FileRename] = {}
        self.defining_files: set[str] = {symbol.file or ""}
        self.renamed: dict[str, str] = {symbol.qualname: _sibling(symbol.qualname, new)}
        self.warnings: list[str] = []
        self._unreadable: set[str] = set()
        self._ambiguous: set[tuple[str, int, int]] = set()

    # ---- files

    def text_file(self, path: str | None) -> PythonFile | None:
        """The file at `path`, read but not parsed yet; None for a file that is not Python or not UTF-8."""
        if not path or path in self._unreadable:
            return None
        if path in self.renames:
            return self.renames[path].file
        if self.workspace.language_of(path) != "python":
            return None
        try:
            text = self.changes.read(path)
        except UnknownTarget as exc:  # not UTF-8: the planner edits UTF-8 files only
            self._unreadable.add(path)
            self.warnings.append(f"{exc.message}; references in it are left alone")
            return None
        file = PythonFile(path, self.workspace.symbols.module_of_file.get(path, ""), text)
        self.renames[path] = FileRename(file)
        return file

    def file(self, path: str | None) -> PythonFile | None:
        """The parsed file at `path`; None for a file that is not Python or does not parse."""
        file = self.text_file(path)
        if file is None or file.parsed():
            return file
        self._unreadable.add(file.path)
        self.warnings.append(f"{file.path}: does not parse; references in it are left alone")
        return None

    def add(self, file: PythonFile, spans: Iterable[Span | None]) -> None:
        self.renames[file.path].spans.update(span for span in spans if span is not None)

    def result(self) -> Renames:
        self._warn_ambiguous()
        files = [r for r in self.renames.values() if r.spans]
        files.sort(key=lambda r: r.file.path)
        return Renames(self.scope, files, self.defining_files, self.renamed, self.warnings)

    def _query_files(self, name: str, ids: list[str]) -> list[dict]:
        return self.workspace.query(name, ids=ids) if ids else []

    def _module_ids(self, modules: Iterable[str]) -> list[str]:
        return [s.id for m in modules for s in self.workspace.symbols.by_qualname.get(m, []) if s.label == "Module"]

    # ---- calls the graph resolved

    def _graph_sites(self, ids: list[str]) -> dict[str, list[tuple[int, int]]]:
        """Per file, the (line, column) of the calls the graph resolved to `ids` and to nothing
        else of the same name; the others (`os.path.join`, resolved to posixpath.join and to
        ntpath.join) cannot be renamed for one of them and are reported by `result`."""
        wanted = set(ids)
        others = [
            s.id
            for s in self.workspace.symbols.symbols
            if s.name == self.old and s.id not in wanted and s.label in ("Function", "Class")
        ]
        elsewhere = {(r["file"], r["line"], r["col"]) for r in self._query_files("calls_into", others)}
        sites: dict[str, list[tuple[int, int]]] = {}
        for row in self._query_files("calls_into", ids):
            if row.get("col") is None:
                continue
            site = (row["file"], row["line"], row["col"])
            if site in elsewhere:
                self._ambiguous.add(site)
            else:
                sites.setdefault(row["file"], []).append((row["line"], row["col"]))
        return sites

    def _rename_calls(self, file: PythonFile, sites: list[tuple[int, int]], warn_names: bool) -> None:
        """The called attribute of each resolved call, where the reference rules did not reach it
        (the graph followed what imports alone do not show)."""
        for site in sites:
            for call in file.calls_at.get(site, []):
                func = call.func
                if isinstance(func, ast.Attribute) and func.attr == self.old:
                    self.add(file, [attribute_span(func)])
                elif isinstance(func, ast.Name) and func.id == self.old and warn_names:
                    self._warn_missed_name(file, call)

    def _warn_ambiguous(self) -> None:
        left: dict[str, list[int]] = {}
        for path, line, col in sorted(self._ambiguous):
            file = self.text_file(path)
            span = None if file is None else callee_span(file.lines, line, col, self.old)
            if file is not None and span is not None and span in self.renames[path].spans:
                continue
            left.setdefault(path, []).append(line)
        for path, lines in left.items():
            shown = ", ".join(str(line) for line in lines[:10]) + (" ..." if len(lines) > 10 else "")
            self.warnings.append(
                f"{path}: {len(lines)} calls the graph resolved to {self.symbol.qualname} and to another "
                f"{self.old} too (lines {shown}); left alone"
            )

    # ---- a module-level function or class

    def global_binding(self) -> None:
        namespaces = {self.module}
        """Dotted names through which `namespace.old` is the symbol: its module, the modules that
        re-export it, and module aliases (`os.path` when `os` does `import posixpath as path`)."""
        sites = self._graph_sites([self.symbol.id])
        import_lines: dict[str, set[int]] = {}
        full = {self.symbol.file or ""}
        frontier = [self.symbol.id, *self._module_ids([self.module])]
        while frontier:
            grown: set[str] = set()
            for row in self._query_files("importers_of", frontier):
                import_lines.setdefault(row["file"], set()).add(row["line"])
                grown |= self._reexports_at(row["file"], row["line"], namespaces, full)
            frontier = self._module_ids(grown)
        for path in sorted({self.symbol.file or ""} | set(sites) | set(import_lines)):
            if path not in full and self._explained(
                path, sites.get(path, []), import_lines.get(path, set()), namespaces
            ):
                continue
            file = self.file(path)
            if file is not None:
                self._global_references(file, namespaces)
                self._rename_calls(file, sites.get(path, []), warn_names=True)

    def _reexports_at(self, path: str, line: int, namespaces: set[str], full: set[str]) -> set[str]:
        """The namespaces the import on `line` makes: read from the statement alone when it is at
        the top level (no indentation) or makes none, from the whole file otherwise (an import
        in an `if` or a `try` may be one of several bindings of the name, or no module-level one)."""
        file = self.text_file(path)
        found = None if file is None or path in full else import_at(file.lines, line)
        if file is not None and found is not None:
            statement, indent = found
            if indent == 0:
                return self._reexports(file, [statement], namespaces)
            if not self._reexports(file, [statement], set(namespaces)):
                return set()
        full.add(path)
        file = self.file(path)
        if file is None:
            return set()
        module_level = [node for node, scope in file.imports if scope is file.scopes.module]
        return self._reexports(file, module_level, namespaces, _rebound_names(file))

    def _reexports(
        self,
        file: PythonFile,
        imports: list[ast.Import | ast.ImportFrom],
        namespaces: set[str],
        rebound: frozenset[str] = frozenset(),
    ) -> set[str]:
        """Add the namespaces these module-level imports of `file` make for the symbol; the
        modules whose importers must now be read too. A name bound more than once at module
        level (`import posixpath as path` in one branch, `import ntpath as path` in another) is
        no alias of one module."""
        grown: set[str] = set()
        for node in imports:
            for alias in node.names:
                if isinstance(node, ast.ImportFrom):
                    source = file.absolute(node)
                    reexported = source in namespaces and (
                        alias.name == "*" or (alias.name == self.old and alias.asname in (None, self.old))
                    )
                    if reexported and file.module not in namespaces:
                        namespaces.add(file.module)
                        grown.add(file.module)
                    full = f"{source}.{alias.name}"
                else:
                    full = alias.name if alias.asname else ""
                bound = alias.asname or alias.name
                if full in namespaces and bound not in rebound and (alias.asname or isinstance(node, ast.ImportFrom)):
                    namespaces.add(f"{file.module}.{bound}")
                    grown.add(file.module)
        return grown

    def _explained(self, path: str, sites: list[tuple[int, int]], lines: set[int], namespaces: set[str]) -> bool:
        """The fast path (see `rename_text`): True when every mention of the old name in the file
        is a resolved call or an import of the symbol, and the new name appears nowhere; the
        edits are then made without parsing the file."""
        file = self.text_file(path)
        if file is None:
            return True
        if mentions(file.data, self.new):
            return False
        spans: dict[tuple[int, int], Span] = {}
        for line, col in sites:
            span = callee_span(file.lines, line, col, self.old)
            if span is not None:
                spans[(span.line, span.start)] = span
        for line in lines:
            found = import_at(file.lines, line)
            if found is None:
                return False
            statement, indent = found
            if not isinstance(statement, ast.ImportFrom):
                continue
            for alias in statement.names:
                if alias.name == self.old:
                    if file.absolute(statement) not in namespaces:
                        return False
                    span = alias_span(alias, line, indent, self.old)
                    spans[(span.line, span.start)] = span
        if positions(file.lines, self.old) != set(spans):
            return False
        self.add(file, spans.values())
        return True

    def _global_references(self, file: PythonFile, namespaces: set[str]) -> None:
        module_scope = file.scopes.module
        bindings: list[Scope] = []
        if file.path == self.symbol.file:
            bindings.append(module_scope)
        module_bindings: dict[tuple[int, str], list[str]] = {}
        for node, scope in file.imports:
            for alias in node.names:
                if isinstance(node, ast.Import):
                    bound = alias.asname or alias.name.split(".", 1)[0]
                    target = alias.name if alias.asname else bound
                    module_bindings.setdefault((id(scope), bound), []).append(target)
                    continue
                source = file.absolute(node)
                if alias.name == "*":
                    if source in namespaces and self.old not in scope.bound:
                        bindings.append(scope)
                elif alias.name == self.old and source in namespaces:
                    self.add(file, [alias_name_span(alias, self.old)])
                    if alias.asname is None:
                        bindings.append(scope)
                else:
                    module_bindings.setdefault((id(scope), alias.asname or alias.name), []).append(
                        f"{source}.{alias.name}"
                    )
        for scope in dict.fromkeys(bindings):
            self._rename_binding(file, scope, importer=file.path != self.symbol.file)
        if module_scope in bindings:
            self.add(file, file.dunder_all_spans(self.old))
        for node in file.attributes:
            if node.attr != self.old:
                continue
            chain = attribute_chain(node)
            if chain is None:
                continue
            base, middle = chain
            owner = file.scopes.owner_of(base)
            for module in module_bindings.get((id(owner), base.id), []):
                if ".".join([module, *middle]) in namespaces:
                    self.add(file, [attribute_span(node)])
                    break
        renamed = self.renames[file.path].spans
        for line in file.strings_equal_to(self.old, renamed):
            self.warnings.append(f"{file.path}:{line}: the string {self.old!r} may name the symbol; left alone")

    def _rename_binding(self, file: PythonFile, scope: Scope, importer: bool) -> None:
        """Rename the uses of `old` bound in `scope` after checking that `new` is free there."""
        if self.new in scope.bound:
            if importer:
                raise ImpossibleRequest(
                    f"renaming {self.symbol.qualname} to {self.new} would collide in {file.module or file.path}, "
                    f"which imports {self.old} without an alias and already binds {self.new!r}"
                )
            where = self.module if scope.kind == "module" else _dotted(self.module, scope)
            raise ImpossibleRequest(f"{where} already binds {self.new!r}")
        occurrences = file.scopes.references(scope, self.old)
        self._check_capture(file, scope, occurrences)
        self.add(file, [file.span_of(o) for o in occurrences])

    def _check_capture(self, file: PythonFile, scope: Scope, occurrences: list[Occurrence]) -> None:
        shadowed = [o for o in file.scopes.references(scope, self.new) if o.kind == "name"]
        if shadowed:
            line = shadowed[0].node.lineno  # type: ignore[attr-defined]
            raise ImpossibleRequest(
                f"{file.path}:{line} uses {self.new!r} (a builtin or a star-imported name); naming "
                f"{self.old} {self.new!r} would change what it means"
            )
        for occurrence in occurrences:
            other = file.scopes.owner(occurrence.scope, self.new)
            if other is not None and other is not scope and self.new in other.bound:
                line = occurrence.node.lineno  # type: ignore[attr-defined]
                raise ImpossibleRequest(
                    f"{file.path}:{line}: {self.new!r} is a local name there, so the renamed reference to "
                    f"{self.old} would mean that local instead"
                )

    def _warn_missed_name(self, file: PythonFile, call: ast.Call) -> None:
        """A global `old` called where the graph saw the symbol but no rule tied the name to it
        (a local of that name, such as a parameter defaulting to the function, is its own binding)."""
        func: ast.Name = call.func  # type: ignore[assignment]
        if name_span(func) in self.renames[file.path].spans or file.scopes.owner_of(func) is not file.scopes.module:
            return
        self.warnings.append(
            f"{file.path}:{call.lineno}: a call of {self.old} through a binding not followed; left alone"
        )

    # ---- a function or class defined in a function

    def local_binding(self) -> None:
        self.scope = "local"
        file = self.file(self.symbol.file)
        if file is None:
            raise ImpossibleRequest(f"{self.symbol.file} does not parse")
        owners = scopes_at(file, _path_in_module(self.symbol.qualname, self.module)[:-1])
        if not owners:
            raise ImpossibleRequest(f"the definition of {self.symbol.qualname} was not found in {file.path}")
        for owner in owners:
            self._rename_binding(file, owner, importer=False)

    # ---- a method and its family

    def method_family(self, owner_class: Symbol) -> None:
        self.scope = "method"
        classes = self._hierarchy(owner_class)
        family = [
            method
            for cls in classes
            for method in self.workspace.symbols.by_qualname.get(f"{cls.qualname}.{self.old}", [])
            if method.label == "Function"
        ]
        self.renamed = {m.qualname: _sibling(m.qualname, self.new) for m in family}
        class_scopes: set[int] = set()
        repository_bases: dict[str, int] = {}
        for row in self._query_files("bases_of", [c.id for c in classes]):
            repository_bases[row["subclass"]] = repository_bases.get(row["subclass"], 0) + 1
        for cls in classes:
            file = self.file(cls.file)
            if file is None:
                continue
            for scope in scopes_at(file, _path_in_module(cls.qualname, self.workspace.module_of(file.path))):
                class_scopes.add(id(scope))
                if self.new in scope.bound:
                    raise ImpossibleRequest(f"{cls.qualname} already defines {self.new!r}")
                if self.old in scope.bound:
                    self.defining_files.add(file.path)
                    self.add(file, [file.span_of(o) for o in file.scopes.references(scope, self.old)])
                    self._warn_outside_bases(cls, scope, repository_bases.get(cls.id, 0))
        sites = self._graph_sites([m.id for m in family])
        paths = {c.file for c in classes if c.file} | set(sites)
        paths |= {row["file"] for row in self._query_files("importers_of", [c.id for c in classes])}
        for path in sorted(paths):
            file = self.file(path)
            if file is None:
                continue
            own = [a for a in file.attributes if self._self_reference(file, a, class_scopes)]
            self.add(file, [attribute_span(a) for a in own])
            self._rename_calls(file, sites.get(path, []), warn_names=False)
            done = self.renames[path].spans
            ambiguous = {
                id(c.func) for p, line, col in self._ambiguous if p == path for c in file.calls_at.get((line, col), [])
            }
            for node in file.attributes:
                if node.attr == self.old and attribute_span(node) not in done and id(node) not in ambiguous:
                    self.warnings.append(
                        f"{path}:{node.lineno}: `{ast.unparse(node)}` may be this method, but the graph did not "
                        "resolve its receiver; left alone"
                    )

    def _hierarchy(self, start: Symbol) -> list[Symbol]:
        """The classes related to `start` by inheritance in the repository, up and down, transitively."""
        seen = {start.id: start}
        frontier = [start.id]
        while frontier:
            rows = self._query_files("bases_of", frontier) + self._query_files("subclasses_of", frontier)
            frontier = []
            for row in rows:
                if row["id"] not in seen:
                    seen[row["id"]] = self.workspace.symbols.by_id.get(row["id"]) or Symbol(**_symbol_fields(row))
                    frontier.append(row["id"])
        return sorted(seen.values(), key=lambda s: s.qualname)

    def _self_reference(self, file: PythonFile, node: ast.Attribute, class_scopes: set[int]) -> bool:
        """`self.old`, `cls.old` or `super().old` in a method of one of the family's classes."""
        if node.attr != self.old:
            return False
        value = node.value
        if isinstance(value, ast.Name):
            owner = file.scopes.owner_of(value)
            return (
                owner is not None
                and owner.kind == "function"
                and owner.parent is not None
                and id(owner.parent) in class_scopes
                and value.id == owner.first_parameter
            )
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name) and value.func.id == "super":
            occurrence = file.scopes.occurrence_of.get(id(value.func))
            scope = occurrence.scope if occurrence is not None else None
            while scope is not None and not (
                scope.kind == "function" and scope.parent and scope.parent.kind == "class"
            ):
                scope = scope.parent
            return scope is not None and scope.parent is not None and id(scope.parent) in class_scopes
        return False

    def _warn_outside_bases(self, cls: Symbol, scope: Scope, in_repository: int) -> None:
        node = scope.node
        bases = [b for b in getattr(node, "bases", []) if not (isinstance(b, ast.Name) and b.id == "object")]
        if len(bases) > in_repository:
            self.warnings.append(
                f"{cls.file}:{node.lineno}: {cls.qualname} has bases outside the repository; if one of them "  # type: ignore[attr-defined]
                f"defines {self.old}, the renamed method no longer overrides it"
            )


def _rebound_names(file: PythonFile) -> frozenset[str]:
    """Names bound more than once at module level (by imports or anything else)."""
    counts: dict[str, int] = {}
    for occurrence in file.scopes.occurrences:
        if occurrence.binding and occurrence.scope is file.scopes.module:
            counts[occurrence.name] = counts.get(occurrence.name, 0) + 1
    return frozenset(name for name, count in counts.items() if count > 1)


def scopes_at(file: PythonFile, path: list[str]) -> list[Scope]:
    """The scopes of the definitions at `path` (names from the module down), every redefinition."""
    scopes = [file.scopes.module]
    for part in path:
        scopes = [child for scope in scopes for child in scope.defined(part)]
    return scopes


def _path_in_module(qualname: str, module: str) -> list[str]:
    return qualname[len(module) + 1 :].split(".") if module else qualname.split(".")


def _sibling(qualname: str, new: str) -> str:
    parent = qualname.rpartition(".")[0]
    return f"{parent}.{new}" if parent else new


def _dotted(module: str, scope: Scope) -> str:
    names = []
    while scope.parent is not None:
        names.append(scope.name)
        scope = scope.parent
    return ".".join([module, *reversed(names)])


def _symbol_fields(row: dict) -> dict:
    return {key: row[key] for key in ("id", "label", "qualname", "name", "file", "start_line", "end_line", "kind")}
