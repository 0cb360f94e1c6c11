"""The imports a deletion leaves unused, and taking them out.

Only imports the deleted code was the last user of go: a name bound by a module-level import that
had references before the edit and has none after. An import nobody used before is not ours to
judge. Never removed: `from __future__` imports (they change how the module compiles), names listed
in `__all__`, any import of a package's `__init__.py` (there an import is the package's public
face), and names another module imports from this one (a re-export, found in the importers' text).
`from m import a, b` loses only the names no longer used.

LibCST, because its scope analysis tells which import binds a name and whether anything reads it
(string annotations included), and its lossless tree keeps the other imports, their comments and
their parentheses as they were written.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence

import libcst as cst
from libcst.metadata import ImportAssignment, MetadataWrapper, ScopeProvider

from codeintel.planning.changes import Changeset
from codeintel.planning.python.imports import ImportNode, bound_name, future_features, is_package_file
from codeintel.planning.workspace import Workspace


def used_imports(module: cst.Module) -> set[str]:
    """The keys (bound_name) of the module-level imports something in the module reads."""
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    scope = wrapper.resolve(ScopeProvider)[module]
    referenced: set[tuple[int, str]] = set()
    for assignment in scope.assignments:
        if isinstance(assignment, ImportAssignment) and assignment.references:
            referenced.add((id(assignment.node), assignment.name))
    used = set()
    for statement in _global_imports(module):
        if isinstance(statement.names, cst.ImportStar):
            continue
        for alias in statement.names:
            key = bound_name(alias)
            bound = {key} if alias.asname is not None else _prefixes(key)
            if any((id(statement), name) in referenced for name in bound):
                used.add(key)
    return used


def _prefixes(dotted: str) -> set[str]:
    parts = dotted.split(".")
    return {".".join(parts[:cut]) for cut in range(1, len(parts) + 1)}


def _global_imports(module: cst.Module) -> list[ImportNode]:
    """Import statements that run at module level (inside `if`/`try`/`with` blocks too)."""
    found: list[ImportNode] = []

    class Finder(cst.CSTVisitor):
        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return False

        def visit_ClassDef(self, node: cst.ClassDef) -> bool:
            return False

        def visit_Import(self, node: cst.Import) -> None:
            found.append(node)

        def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
            found.append(node)

    module.visit(Finder())
    return found


def exported_names(module: cst.Module) -> set[str]:
    """The strings of `__all__` (assigned or extended at module level)."""
    names: set[str] = set()

    class Finder(cst.CSTVisitor):
        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return False

        def visit_ClassDef(self, node: cst.ClassDef) -> bool:
            return False

        def _collect(self, value: cst.BaseExpression | None) -> None:
            if isinstance(value, cst.List | cst.Tuple | cst.Set):
                for element in value.elements:
                    if isinstance(element.value, cst.SimpleString):
                        names.add(element.value.evaluated_value)  # type: ignore[arg-type]

        def visit_Assign(self, node: cst.Assign) -> None:
            if any(isinstance(t.target, cst.Name) and t.target.value == "__all__" for t in node.targets):
                self._collect(node.value)

        def visit_AugAssign(self, node: cst.AugAssign) -> None:
            if isinstance(node.target, cst.Name) and node.target.value == "__all__":
                self._collect(node.value)

        def visit_AnnAssign(self, node: cst.AnnAssign) -> None:
            if isinstance(node.target, cst.Name) and node.target.value == "__all__":
                self._collect(node.value)

    module.visit(Finder())
    return names


def reexported(module_name: str, names: set[str], importer_texts: Sequence[str]) -> set[str]:
    """Of `names`, those another module imports from `module_name` (`from pkg.mod import name`,
    relative forms included, or `pkg.mod.name`)."""
    if not names:
        return set()
    last = module_name.rpartition(".")[2]
    source = rf"(?:{re.escape(module_name)}|\.+{re.escape(last)})"
    out = set()
    for name in names:
        word = re.escape(name.partition(".")[0])
        pattern = re.compile(
            rf"from\s+{source}\s+import\s+(?:\([^)]*|[^\n]*)\b{word}\b|\b{re.escape(module_name)}\.{word}\b"
        )
        if any(pattern.search(text) for text in importer_texts):
            out.add(name)
    return out


def importer_texts(workspace: Workspace, changes: Changeset, path: str, module: str) -> list[str]:
    """The texts (as the plan leaves them) of the other Python files that may import from `module`:
    those naming its last component; for `reexported`."""
    last = module.rpartition(".")[2]
    texts = []
    for other, state in workspace.file_states.items():
        if other != path and state.language == "python" and state.content_hash is not None:
            text = changes.final_text(other) or workspace.source(other)
            if last in text:
                texts.append(text)
    return texts


def removable_imports(before: cst.Module, after: cst.Module, *, path: str) -> set[str]:
    """The import keys `before` read and `after` no longer does, less what must stay (see the
    module docstring; re-exports are the caller's to subtract, with `reexported`)."""
    if is_package_file(path):
        return set()
    dropped = used_imports(before) - used_imports(after)
    return dropped - exported_names(after) - set(future_features(after))


def drop_imports(module: cst.Module, keys: set[str]) -> cst.Module:
    """`module` without the module-level import aliases binding `keys`; a statement left with no
    names goes, with the comment lines directly above it."""
    if not keys:
        return module
    targets = {id(statement) for statement in _global_imports(module)}
    doomed: set[int] = set()

    def trimmed(original: ImportNode, updated: ImportNode) -> ImportNode:
        if id(original) not in targets or isinstance(updated.names, cst.ImportStar):
            return updated
        kept = [alias for alias in updated.names if bound_name(alias) not in keys]
        if len(kept) == len(updated.names):
            return updated
        if not kept:
            doomed.add(id(updated))
            return updated
        if updated.names[-1].comma is cst.MaybeSentinel.DEFAULT:
            kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return updated.with_changes(names=kept)

    def line_trimmed(statement: cst.BaseStatement) -> cst.BaseStatement | None:
        if not isinstance(statement, cst.SimpleStatementLine):
            return statement
        body = [small for small in statement.body if id(small) not in doomed]
        if not body:
            return None
        if len(body) == len(statement.body):
            return statement
        if body[-1].semicolon is not cst.MaybeSentinel.DEFAULT:
            body[-1] = body[-1].with_changes(semicolon=cst.MaybeSentinel.DEFAULT)
        return statement.with_changes(body=body)

    class Dropper(cst.CSTTransformer):
        def visit_FunctionDef(self, node: cst.FunctionDef) -> bool:
            return False

        def visit_ClassDef(self, node: cst.ClassDef) -> bool:
            return False

        def leave_Import(self, original: cst.Import, updated: cst.Import) -> cst.Import:
            return trimmed(original, updated)  # type: ignore[return-value]

        def leave_ImportFrom(self, original: cst.ImportFrom, updated: cst.ImportFrom) -> cst.ImportFrom:
            return trimmed(original, updated)  # type: ignore[return-value]

        def leave_Module(self, original: cst.Module, updated: cst.Module) -> cst.Module:
            return rebuild_module(updated, line_trimmed)

        def leave_IndentedBlock(self, original: cst.IndentedBlock, updated: cst.IndentedBlock) -> cst.IndentedBlock:
            return rebuild_block(updated, line_trimmed)

    return module.visit(Dropper())


# ---------------------------------------------------------------- statement lists, shared with dead_code

Rewrite = Callable[[cst.BaseStatement], cst.BaseStatement | None]
"""A statement as it should be, or None when it goes."""


def rebuild_body(
    body: Sequence[cst.BaseStatement], rewrite: Rewrite
) -> tuple[list[cst.BaseStatement], list[cst.EmptyLine]]:
    """`body` with each statement rewritten. A statement that goes takes the comment lines directly
    above it along; an earlier comment block (set off by a blank line) and the blank lines that
    separated it from what came before move on to the next statement. Returns the statements and
    the lines left over at the end."""
    out: list[cst.BaseStatement] = []
    blanks, comments = 0, []
    pending = False
    for statement in body:
        new = rewrite(statement)
        if new is None:
            lines = list(statement.leading_lines)  # type: ignore[attr-defined]
            if not pending:
                blanks = _leading_blanks(lines)
                pending = True
            comments += kept_leading_lines(lines[_leading_blanks(lines) :])
            continue
        if pending:
            lines = list(new.leading_lines)  # type: ignore[attr-defined]
            own = _leading_blanks(lines)
            if comments:
                merged = [cst.EmptyLine()] * blanks + comments + lines
            else:
                merged = [cst.EmptyLine()] * max(blanks, own) + lines[own:]
            new = new.with_changes(leading_lines=merged)
            blanks, comments, pending = 0, [], False
        out.append(new)
    return out, comments


def _leading_blanks(lines: Sequence[cst.EmptyLine]) -> int:
    count = 0
    for line in lines:
        if line.comment is not None:
            break
        count += 1
    return count


def kept_leading_lines(lines: Sequence[cst.EmptyLine]) -> list[cst.EmptyLine]:
    """Of the lines above a removed statement (after its leading blank lines), those that are not its
    own: a comment block set off from it by a blank line (a section heading)."""
    blanks = [i for i, line in enumerate(lines) if line.comment is None]
    if not blanks:
        return []
    head = list(lines[: blanks[-1]])
    if not any(line.comment is not None for line in head):
        return []
    return head


def rebuild_module(module: cst.Module, rewrite: Rewrite) -> cst.Module:
    body, rest = rebuild_body(module.body, rewrite)
    if not body and not rest and not any(line.comment for line in (*module.header, *module.footer)):
        return module.with_changes(body=[], header=[], footer=[], has_trailing_newline=False)  # an empty file
    return module.with_changes(body=body, footer=[*rest, *module.footer])


def rebuild_block(block: cst.IndentedBlock, rewrite: Rewrite) -> cst.IndentedBlock:
    body, rest = rebuild_body(block.body, rewrite)
    if not body:
        body = [cst.SimpleStatementLine([cst.Pass()])]
    return block.with_changes(body=body, footer=[*rest, *block.footer])
