"""Python import editing on LibCST trees: resolve what an import names, render an import in the
absolute or the relative form, add imports to a module, and rewrite every import of names that
moved from one module to another.

LibCST rather than text spans or `ast`: an import statement is replaced by two (the names that
stay, the names that moved) or dropped with its line, and the attribute uses `src.f` become
`dst.f`, while everything else in the file (comments, blank lines, the style of each import)
comes back unchanged from `Module.code`.
"""

from __future__ import annotations

import keyword
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

import libcst as cst

ImportNode = cst.Import | cst.ImportFrom


# ---------------------------------------------------------------- names


def valid_module_name(name: str) -> bool:
    parts = name.split(".")
    return all(part.isidentifier() and not keyword.iskeyword(part) for part in parts)


def dotted(node: cst.BaseExpression) -> str | None:
    """`a.b.c` for the expression `a.b.c`; None for anything that is not a dotted name."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        base = dotted(node.value)
        return None if base is None else f"{base}.{node.attr.value}"
    return None


def dotted_expr(name: str) -> cst.Name | cst.Attribute:
    parts = name.split(".")
    expr: cst.Name | cst.Attribute = cst.Name(parts[0])
    for part in parts[1:]:
        expr = cst.Attribute(value=expr, attr=cst.Name(part))
    return expr


def is_package_file(path: str) -> bool:
    """Whether the file at `path` is a package's `__init__.py` (relative imports start at the package itself)."""
    return path == "__init__.py" or path.endswith("/__init__.py")


def package_of(module: str, is_package: bool) -> str:
    """The package relative imports of `module` start from."""
    return module if is_package else module.rpartition(".")[0]


def absolute_from(module: str, is_package: bool, level: int, name: str | None) -> str | None:
    """The absolute module a `from <dots><name> import` of `module` names (None: above the top)."""
    if not level:
        return name
    parts = package_of(module, is_package).split(".") if package_of(module, is_package) else []
    if level - 1 > len(parts):
        return None
    base = parts[: len(parts) - (level - 1)]
    if name:
        base += name.split(".")
    return ".".join(base) or None


def relative_from(module: str, is_package: bool, target: str) -> tuple[int, str] | None:
    """(level, name) of the relative import of `target` from `module`, where both share a top-level
    package; None otherwise. name is '' for an import of the package itself (`from . import x`)."""
    package = package_of(module, is_package).split(".") if package_of(module, is_package) else []
    goal = target.split(".")
    if not package or package[0] != goal[0]:
        return None
    common = 0
    while common < min(len(package), len(goal)) and package[common] == goal[common]:
        common += 1
    return len(package) - common + 1, ".".join(goal[common:])


def module_of_import(node: cst.ImportFrom) -> str | None:
    return dotted(node.module) if node.module is not None else None


def level_of(node: cst.ImportFrom) -> int:
    return len(node.relative)


def alias_name(alias: cst.ImportAlias) -> str:
    return dotted(alias.name) or ""


def bound_name(alias: cst.ImportAlias) -> str:
    """The name an import alias binds, as import edits key it: its `as` name, else the name it
    imports (`a.b` for `import a.b`, which binds `a` and reaches `a.b` through it)."""
    if alias.asname is not None and isinstance(alias.asname.name, cst.Name):
        return alias.asname.name.value
    return alias_name(alias)


# ---------------------------------------------------------------- rendering


def render_from(
    importer: str, importer_is_package: bool, target: str, names: Iterable[tuple[str, str | None]], relative: bool
) -> str:
    """`from <target> import a, b as c`, relative to `importer` when `relative` and possible."""
    listed = ", ".join(name if alias in (None, name) else f"{name} as {alias}" for name, alias in names)
    if relative:
        form = relative_from(importer, importer_is_package, target)
        if form is not None:
            level, name = form
            return f"from {'.' * level}{name} import {listed}"
    return f"from {target} import {listed}"


def render_module_import(
    importer: str, importer_is_package: bool, target: str, alias: str | None, style: str, relative: bool
) -> tuple[str, str]:
    """An import binding the module `target`, and the dotted name code then reaches it by.
    style 'import' gives `import a.b` (or `import a.b as x`), style 'from' gives `from a import b`."""
    if style == "from" and "." in target:
        parent, _, last = target.rpartition(".")
        return render_from(importer, importer_is_package, parent, [(last, alias)], relative), alias or last
    if alias:
        return f"import {target} as {alias}", alias
    return f"import {target}", target


def prefers_relative(tree: cst.Module) -> bool:
    """Whether the module imports relatively at its top level (the style new imports follow)."""
    return any(
        isinstance(small, cst.ImportFrom) and small.relative
        for line in tree.body
        if isinstance(line, cst.SimpleStatementLine)
        for small in line.body
    )


def keep_aliases(node: ImportNode, kept: list[cst.ImportAlias]) -> ImportNode:
    """`node` importing only `kept` (not empty): the last one ends as the original last did (a
    trailing comma inside parentheses stays, none is left dangling without)."""
    if node.names[-1].comma is cst.MaybeSentinel.DEFAULT:  # type: ignore[union-attr]
        kept[-1] = kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    return node.with_changes(names=kept)


def statement(code: str) -> cst.SimpleStatementLine:
    line = cst.parse_statement(code)
    assert isinstance(line, cst.SimpleStatementLine)
    return line


# ---------------------------------------------------------------- adding imports


def is_import_line(node: cst.CSTNode) -> bool:
    return isinstance(node, cst.SimpleStatementLine) and all(isinstance(s, ImportNode) for s in node.body)


def _is_docstring(node: cst.CSTNode) -> bool:
    return (
        isinstance(node, cst.SimpleStatementLine)
        and len(node.body) == 1
        and isinstance(node.body[0], cst.Expr)
        and isinstance(node.body[0].value, cst.SimpleString | cst.ConcatenatedString)
    )


def import_insert_index(body: list[cst.BaseStatement] | tuple[cst.BaseStatement, ...]) -> int:
    """Where new imports go in a block: after its leading imports (and docstring), else at its top."""
    index = 0
    if body and _is_docstring(body[0]):
        index = 1
    last_import = None
    for position in range(index, len(body)):
        if is_import_line(body[position]):
            last_import = position
        elif last_import is not None or not _is_docstring(body[position]):
            break
    return index if last_import is None else last_import + 1


def add_imports(
    tree: cst.Module, codes: Iterable[str], module: str | None = None, is_package: bool = False
) -> cst.Module:
    """`tree` with the import statements `codes` added, each once: a `from m import names` joins a
    `from m import ...` of the module's leading import block (written relatively or absolutely:
    `module`, the tree's dotted name, says where its relative imports point; without it only the
    same spelling joins), any other goes after that block (after the docstring where there is
    none, the module's header comments staying above it)."""
    body = list(tree.body)
    at = import_insert_index(body)
    existing = {tree.code_for_node(line).strip() for line in body if is_import_line(line)}
    new: list[cst.SimpleStatementLine] = []
    for code in dict.fromkeys(codes):
        if code in existing:
            continue
        line = statement(code)
        if not _join_from_import(body, at, line, module, is_package):
            new.append(line)
    if not new:
        return tree.with_changes(body=body)
    if at == 0 and body:
        # Before the first statement: keep its comments (a header, a shebang) above the imports.
        first = body[0]
        new[0] = new[0].with_changes(leading_lines=first.leading_lines)
        body[0] = first.with_changes(leading_lines=[cst.EmptyLine()])
    elif at and not is_import_line(body[at - 1]):  # after a docstring: a blank line either side
        new[0] = new[0].with_changes(leading_lines=[cst.EmptyLine()])
        if at < len(body) and not body[at].leading_lines:
            body[at] = body[at].with_changes(leading_lines=[cst.EmptyLine()])
    return tree.with_changes(body=body[:at] + new + body[at:])


def _join_from_import(
    body: list[cst.BaseStatement], block_end: int, line: cst.SimpleStatementLine, module: str | None, is_package: bool
) -> bool:
    """Add the names of the from-import `line` to a from-import of the same module among
    `body[:block_end]` (in place); False when there is none to join."""
    wanted = line.body[0]
    if len(line.body) != 1 or not isinstance(wanted, cst.ImportFrom) or isinstance(wanted.names, cst.ImportStar):
        return False

    def key(node: cst.ImportFrom) -> object:
        if module is None:
            return level_of(node), module_of_import(node)
        return absolute_from(module, is_package, level_of(node), module_of_import(node))

    target = key(wanted)
    if target in (None, (0, "__future__"), "__future__"):
        return False
    for index in range(block_end):
        existing = body[index]
        if not is_import_line(existing):
            continue
        for small in existing.body:  # type: ignore[attr-defined]
            joinable = isinstance(small, cst.ImportFrom) and not isinstance(small.names, cst.ImportStar)
            if joinable and key(small) == target:
                joined = small.with_changes(names=_joined_names(list(small.names), list(wanted.names)))
                body[index] = existing.with_changes(  # type: ignore[attr-defined]
                    body=[joined if s is small else s for s in existing.body]  # type: ignore[attr-defined]
                )
                return True
    return False


def _joined_names(names: list[cst.ImportAlias], more: list[cst.ImportAlias]) -> list[cst.ImportAlias]:
    """`names` followed by those of `more` they lack, separated as `names` are (one per line in
    parentheses stays one per line) and ending as `names` ended (a trailing comma or none)."""
    present = {(alias_name(a), bound_name(a)) for a in names}
    more = [a for a in more if (alias_name(a), bound_name(a)) not in present]
    if not more:
        return names
    between = names[-2].comma if len(names) > 1 else cst.MaybeSentinel.DEFAULT
    if not isinstance(between, cst.Comma):
        between = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
    last = names[-1].comma
    out = [*names[:-1], names[-1].with_changes(comma=between)]
    out += [alias.with_changes(comma=between) for alias in more[:-1]]
    out.append(more[-1].with_changes(comma=last))
    return out


# ---------------------------------------------------------------- dropping lines


class LineDropper(cst.CSTTransformer):
    """A transformer that can drop whole statement lines: `self.drop(line)` in place of
    RemoveFromParent hands the dropped line's blank lines and comments to the next statement of
    its block, so removing the first import of a group keeps the group's spacing."""

    def __init__(self) -> None:
        super().__init__()
        self._dropped: set[int] = set()

    def drop(self, line: cst.SimpleStatementLine) -> cst.SimpleStatementLine:
        marker = line.with_changes(body=[cst.Pass()])
        self._dropped.add(id(marker))
        return marker

    def leave_Module(self, original: cst.Module, updated: cst.Module) -> cst.Module:
        body, pending = self._filter(updated.body, 2)
        footer = list(updated.footer) + ([] if all(line.comment is None for line in pending) else pending)
        return updated.with_changes(body=body, footer=footer)

    def leave_IndentedBlock(self, original: cst.IndentedBlock, updated: cst.IndentedBlock) -> cst.IndentedBlock:
        body, _ = self._filter(updated.body, 1)
        return updated.with_changes(body=body or [cst.SimpleStatementLine([cst.Pass()])])

    def _filter(self, body, most_blank: int):  # type: ignore[no-untyped-def]
        out = []
        pending: list[cst.EmptyLine] = []
        for statement in body:
            if id(statement) in self._dropped:
                pending.extend(statement.leading_lines)
                continue
            if pending:
                statement = statement.with_changes(leading_lines=merge_leading(pending, statement.leading_lines))
                pending = []
            out.append(statement)
        return out, pending


def merge_leading(first, second) -> list[cst.EmptyLine]:  # type: ignore[no-untyped-def]
    """The leading lines of a statement that takes over those of a dropped one before it: the
    comments of both, and no more blank lines in a row than either had."""
    first, second = list(first), list(second)
    if all(line.comment is None for line in first + second):
        return first if len(first) > len(second) else second
    return first + second


def future_features(tree: cst.Module) -> list[str]:
    """The `from __future__ import ...` features of a module."""
    return [
        alias_name(alias)
        for line in tree.body
        if isinstance(line, cst.SimpleStatementLine)
        for small in line.body
        if isinstance(small, cst.ImportFrom)
        and module_of_import(small) == "__future__"
        and not isinstance(small.names, cst.ImportStar)
        for alias in small.names
    ]


def add_future_imports(tree: cst.Module, features: Iterable[str]) -> cst.Module:
    """`tree` with the `__future__` features it lacks, first after its docstring (where Python
    requires them)."""
    missing = [f for f in dict.fromkeys(features) if f not in future_features(tree)]
    if not missing:
        return tree
    line = statement(f"from __future__ import {', '.join(missing)}")
    body = list(tree.body)
    at = 1 if body and _is_docstring(body[0]) else 0
    if at == 0 and body:  # the module's header comments stay above it
        line = line.with_changes(leading_lines=body[0].leading_lines)
        body[0] = body[0].with_changes(leading_lines=[cst.EmptyLine()])
    elif at == 1:
        line = line.with_changes(leading_lines=[cst.EmptyLine()])
        if len(body) > 1 and not body[1].leading_lines:
            body[1] = body[1].with_changes(leading_lines=[cst.EmptyLine()])
    return tree.with_changes(body=body[:at] + [line] + body[at:])


# ---------------------------------------------------------------- rewriting importers


@dataclass
class ModuleBinding:
    """How an importer reaches a module as a value: `import a.b` (chain 'a.b'), `import a.b as x`
    (chain 'x'), `from a import b` (chain 'b')."""

    chain: str
    style: str  # 'import' or 'from'
    alias: bool
    relative: bool
    statement: cst.SimpleStatementLine | None


@dataclass
class ImporterScan:
    """What an importer does with the source module (found before rewriting)."""

    src_bindings: list[ModuleBinding] = field(default_factory=list)
    dst_chain: str | None = None
    moved_attribute_uses: int = 0
    names: set[str] = field(default_factory=set)
    star: bool = False


class _Scanner(cst.CSTVisitor):
    def __init__(self, rewriter: ImportRewriter) -> None:
        self.r = rewriter
        self.scan = ImporterScan()
        self._line: cst.SimpleStatementLine | None = None
        self._attrs: set[int] = set()

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        self._line = node

    def visit_Name(self, node: cst.Name) -> None:
        if id(node) not in self._attrs:
            self.scan.names.add(node.value)

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            target = alias_name(alias)
            has_alias = alias.asname is not None
            binding = ModuleBinding(bound_name(alias) if has_alias else target, "import", has_alias, False, self._line)
            if target == self.r.src:
                self.scan.src_bindings.append(binding)
            elif target == self.r.dst and self.scan.dst_chain is None:
                self.scan.dst_chain = binding.chain

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        base = self.r.resolve(node)
        if base is None or isinstance(node.names, cst.ImportStar):
            if base == self.r.src:
                self.scan.star = True
            return
        for alias in node.names:
            full = f"{base}.{alias_name(alias)}"
            binding = ModuleBinding(
                bound_name(alias), "from", alias.asname is not None, bool(node.relative), self._line
            )
            if full == self.r.src:
                self.scan.src_bindings.append(binding)
            elif full == self.r.dst and self.scan.dst_chain is None:
                self.scan.dst_chain = binding.chain

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self._attrs.add(id(node.attr))
        chain = dotted(node.value)
        moved = chain is not None and node.attr.value in self.r.moved
        if moved and any(b.chain == chain for b in self.scan.src_bindings):
            self.scan.moved_attribute_uses += 1


class ImportRewriter(LineDropper):
    """Rewrites one importer of `src` after `moved` names went to `dst`: `from src import f` (any
    level, any scope) becomes `from dst import f` right where it was (split when it also imports
    names that stay), `src.f` becomes `dst.f` with an import of `dst` next to the one of `src`
    (in the same style), and an import of `src` left unused goes. In `dst` itself the imports of
    the moved names go and `src.f` becomes `f`."""

    def __init__(
        self, importer: str, is_package: bool, src: str, dst: str, moved: Collection[str], modules: Collection[str]
    ) -> None:
        self.importer = importer
        self.is_package = is_package
        self.src = src
        self.dst = dst
        self.moved = set(moved)
        super().__init__()
        self.modules = modules
        self.is_dst = importer == dst
        self.scan = ImporterScan()
        self._dst_line: tuple[cst.SimpleStatementLine, str] | None = None
        self._import_depth = 0
        self.changed = False

    def resolve(self, node: cst.ImportFrom) -> str | None:
        return absolute_from(self.importer, self.is_package, level_of(node), module_of_import(node))

    def rewrite(self, tree: cst.Module) -> cst.Module:
        scanner = _Scanner(self)
        tree.visit(scanner)
        self.scan = scanner.scan
        if self.scan.moved_attribute_uses and not self.is_dst and self.scan.dst_chain is None:
            binding = self.scan.src_bindings[0]
            alias = None
            if binding.alias or binding.style == "from":
                alias = _free_name(self.dst.rpartition(".")[2], self.scan.names)
                if binding.style == "from" and alias == self.dst.rpartition(".")[2]:
                    alias = None
            code, chain = render_module_import(
                self.importer, self.is_package, self.dst, alias, binding.style, binding.relative
            )
            self.scan.dst_chain = chain
            if binding.statement is not None:
                self._dst_line = (binding.statement, code)
        new = tree.visit(self)
        return self._drop_unused_src_bindings(new)

    # ---- from-imports and the lines that hold them

    def leave_SimpleStatementLine(
        self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine
    ) -> cst.BaseStatement | cst.FlattenSentinel | cst.RemovalSentinel:
        extra: list[cst.SimpleStatementLine] = []
        body: list[cst.BaseSmallStatement] = []
        for small in updated.body:
            if isinstance(small, cst.ImportFrom) and self.resolve(small) == self.src:
                kept, added = self._split(small)
                if kept is not None:
                    body.append(kept)
                extra.extend(added)
            else:
                body.append(small)
        if self._dst_line is not None and original is self._dst_line[0]:
            extra.append(statement(self._dst_line[1]))
        if len(body) == len(updated.body) and not extra:
            return updated
        self.changed = True
        lines: list[cst.BaseStatement] = []
        if body:
            last = body[-1]
            if isinstance(last, cst.ImportFrom | cst.Import | cst.Expr | cst.Assign):
                body[-1] = last.with_changes(semicolon=cst.MaybeSentinel.DEFAULT)
            lines.append(updated.with_changes(body=body))
        for number, line in enumerate(extra):
            if not lines and number == 0:
                line = line.with_changes(leading_lines=updated.leading_lines)
            lines.append(line)
        if not lines:
            return self.drop(updated)
        return cst.FlattenSentinel(lines)

    def _split(self, node: cst.ImportFrom) -> tuple[cst.ImportFrom | None, list[cst.SimpleStatementLine]]:
        if isinstance(node.names, cst.ImportStar):
            return node, []
        stay = [a for a in node.names if alias_name(a) not in self.moved]
        go = [a for a in node.names if alias_name(a) in self.moved]
        if not go:
            return node, []
        kept = keep_aliases(node, stay) if stay else None
        if self.is_dst:
            aliased = [a for a in go if bound_name(a) != alias_name(a)]
            lines = [statement(f"{bound_name(a)} = {alias_name(a)}") for a in aliased]
            return kept, lines
        names = [(alias_name(a), bound_name(a) if a.asname is not None else None) for a in go]
        code = render_from(self.importer, self.is_package, self.dst, names, relative=bool(node.relative))
        return kept, [statement(code)]

    # ---- attribute uses

    def visit_Import(self, node: cst.Import) -> None:
        self._import_depth += 1

    def leave_Import(self, original: cst.Import, updated: cst.Import) -> cst.Import:
        self._import_depth -= 1
        return updated

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self._import_depth += 1

    def leave_ImportFrom(self, original: cst.ImportFrom, updated: cst.ImportFrom) -> cst.ImportFrom:
        self._import_depth -= 1
        return updated

    def leave_Attribute(
        self, original: cst.Attribute, updated: cst.Attribute
    ) -> cst.Attribute | cst.Name | cst.BaseExpression:
        if self._import_depth or original.attr.value not in self.moved:
            return updated
        chain = dotted(original.value)
        if chain is None or not any(b.chain == chain for b in self.scan.src_bindings):
            return updated
        self.changed = True
        if self.is_dst:
            return cst.Name(original.attr.value)
        assert self.scan.dst_chain is not None
        return updated.with_changes(value=dotted_expr(self.scan.dst_chain))

    # ---- imports of src left unused

    def _drop_unused_src_bindings(self, tree: cst.Module) -> cst.Module:
        if not self.scan.src_bindings or not self.scan.moved_attribute_uses:
            return tree
        uses = _ChainUses({b.chain for b in self.scan.src_bindings})
        tree.visit(uses)
        unused = {chain for chain in uses.chains if not uses.count.get(chain)}
        if not unused:
            return tree
        return tree.visit(_DropModuleImports(self, unused))


class _ChainUses(cst.CSTVisitor):
    """How often each dotted chain is used outside import statements (as itself or a prefix)."""

    def __init__(self, chains: set[str]) -> None:
        self.chains = chains
        self.count: dict[str, int] = {}

    def visit_Import(self, node: cst.Import) -> bool:
        return False

    def visit_ImportFrom(self, node: cst.ImportFrom) -> bool:
        return False

    def visit_Attribute(self, node: cst.Attribute) -> bool:
        name = dotted(node)
        if name is not None:
            for chain in self.chains:
                if name == chain or name.startswith(chain + "."):
                    self.count[chain] = self.count.get(chain, 0) + 1
                    return False
        return True

    def visit_Name(self, node: cst.Name) -> None:
        if node.value in self.chains:
            self.count[node.value] = self.count.get(node.value, 0) + 1


class _DropModuleImports(LineDropper):
    def __init__(self, rewriter: ImportRewriter, chains: set[str]) -> None:
        super().__init__()
        self.r = rewriter
        self.chains = chains

    def leave_Import(self, original: cst.Import, updated: cst.Import) -> cst.Import | cst.RemovalSentinel:
        keep = [
            a
            for a in updated.names
            if not (alias_name(a) == self.r.src and (bound_name(a) if a.asname else alias_name(a)) in self.chains)
        ]
        return _with_names(updated, keep)

    def leave_ImportFrom(
        self, original: cst.ImportFrom, updated: cst.ImportFrom
    ) -> cst.ImportFrom | cst.RemovalSentinel:
        base = self.r.resolve(updated)
        if base is None or isinstance(updated.names, cst.ImportStar):
            return updated
        keep = [
            a for a in updated.names if not (f"{base}.{alias_name(a)}" == self.r.src and bound_name(a) in self.chains)
        ]
        return _with_names(updated, keep)

    def leave_SimpleStatementLine(
        self, original: cst.SimpleStatementLine, updated: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine:
        return updated if updated.body else self.drop(updated)


def _with_names(node, keep):  # type: ignore[no-untyped-def]
    if len(keep) == len(node.names):
        return node
    if not keep:
        return cst.RemoveFromParent()
    return keep_aliases(node, keep)


def _free_name(wanted: str, taken: Collection[str]) -> str:
    name = wanted
    number = 2
    while name in taken or keyword.iskeyword(name):
        name = f"{wanted}_{number}"
        number += 1
    return name


# ---------------------------------------------------------------- what a module imports


def imported_modules(tree: cst.Module, module: str, is_package: bool, modules: Collection[str]) -> set[str]:
    """The repository modules `tree` imports anywhere (as the graph counts them: an import of a
    name counts as one of the module it comes from, or of the submodule it names)."""
    found: set[str] = set()

    class Visitor(cst.CSTVisitor):
        def visit_Import(self, node: cst.Import) -> None:
            for alias in node.names:
                target = longest_module(alias_name(alias), modules)
                if target:
                    found.add(target)

        def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
            base = absolute_from(module, is_package, level_of(node), module_of_import(node))
            if base is None:
                return
            if isinstance(node.names, cst.ImportStar):
                target = longest_module(base, modules)
                if target:
                    found.add(target)
                return
            for alias in node.names:
                full = f"{base}.{alias_name(alias)}"
                target = full if full in modules else longest_module(base, modules)
                if target:
                    found.add(target)

    tree.visit(Visitor())
    found.discard(module)
    return found


def longest_module(name: str, modules: Collection[str]) -> str | None:
    """The longest prefix of the dotted `name` that is one of `modules` (the module a name lives in)."""
    parts = name.split(".")
    for cut in range(len(parts), 0, -1):
        candidate = ".".join(parts[:cut])
        if candidate in modules:
            return candidate
    return None
