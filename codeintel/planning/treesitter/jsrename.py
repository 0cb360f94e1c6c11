"""Rename a JavaScript or TypeScript function, class or method at its identifier spans.

A top-level function or class: its module-level references in its file (shadowing locals and
parameters are left alone), every `export {f}`, the importers that `import {f}` it (the
imported name; without an alias also their own uses), `import * as m` then `m.f`, and
re-exports (`export {f} from`, `export *`) followed to their importers. An alias stops the
rename there (`import {f as h}` renames only `f`; `export {f as g}` only the local `f`), and a
default export keeps its name `default`: only the declaration's name changes.

A method: its definition in every class of its family (the topmost repository class declaring
it and every subclass that overrides it), `this.m` / `super.m` inside those classes, and the
calls the graph resolved to one of them. Any other `x.m` is listed in the warnings: its
receiver's class is unknown.
"""

from __future__ import annotations

from collections.abc import Callable

from codeintel.planning.changes import Changeset, Draft
from codeintel.planning.model import ImpossibleRequest, RenameRequest, SymbolMapping
from codeintel.planning.treesitter import jsscope
from codeintel.planning.treesitter.jsmodules import (
    Node,
    Sources,
    check_identifier,
    is_default_export,
    module_statements,
    resolve_specifier,
    specifiers,
    string_value,
)
from codeintel.planning.treesitter.spans import replace, text_of, walk
from codeintel.planning.workspace import Workspace
from codeintel.service.models import Symbol

CLASS_NODES = jsscope.CLASS_DECLS | {"interface_declaration"}


def plan_js_rename(workspace: Workspace, request: RenameRequest, symbol: Symbol, language: str) -> Draft:
    new = request.new_name
    check_identifier(new, jsscope.RESERVED)
    module = workspace.module_of(symbol.file or "")
    local = symbol.qualname[len(module) + 1 :]
    changes = Changeset(workspace)
    sources = Sources(changes)
    draft = Draft(goal=f"rename {symbol.qualname} to {new}", language=language, changes=changes)
    if "." not in local:
        renamer = _TopLevel(sources, draft)
        renamer.rename(symbol.file or "", local, new)
        draft.mapping = SymbolMapping(renamed={symbol.qualname: f"{module}.{new}"})
        draft.public_api = renamer.exported
    else:
        owner = workspace.symbols.by_qualname.get(symbol.qualname.rsplit(".", 1)[0], [])
        if not any(s.label == "Class" for s in owner) or local.count(".") != 1:
            raise ImpossibleRequest(
                f"renaming {symbol.qualname} is not supported: only top-level functions, classes "
                "and methods of top-level classes are renamed in JavaScript and TypeScript"
            )
        _rename_method(workspace, sources, draft, symbol, new)
    draft.symbols_affected = [symbol.qualname]
    sources.flush()
    changes.end_step(draft.goal, "every reference, import and re-export, at its identifier")
    return draft


class _TopLevel:
    """The rename of one module-level binding and of the exported names it carries."""

    def __init__(self, sources: Sources, draft: Draft) -> None:
        self.sources = sources
        self.draft = draft
        self.exported = False
        self._done: set[tuple[str, str]] = set()

    def rename(self, path: str, name: str, new: str) -> None:
        """Rename `name`'s module-level binding in `path`, then whatever `path` exports by it."""
        if (path, name) in self._done:
            return
        self._done.add((path, name))
        root = self.sources.root(path)
        if new in jsscope.top_level_names(root):
            raise ImpossibleRequest(f"{new!r} is taken in {path}: it is declared or imported there already")
        for node in walk(root):
            if (
                node.type in jsscope.REFERENCES
                and text_of(node) == new
                and jsscope.is_reference(node)
                and jsscope.binding_scope(node, new) is None
            ):
                raise ImpossibleRequest(
                    f"{path}:{node.start_point[0] + 1} uses the global {new!r}, which the renamed {name!r} would hide"
                )
        exported_by_commonjs = False
        for node in jsscope.module_references(root, name):
            if jsscope.captured(node, root, new):
                raise ImpossibleRequest(
                    f"{path}:{node.start_point[0] + 1}: a local {new!r} there would capture the renamed {name!r}"
                )
            cjs = _commonjs_export(node)
            if node.type == "shorthand_property_identifier" and not cjs:
                self.sources.add(path, replace(node, f"{name}: {new}"))
            else:
                self.sources.add(path, replace(node, new))
            if cjs and node.type != "shorthand_property_identifier":
                self.sources.add(path, replace(cjs, new))  # `exports.f = f`: the exported name follows
            exported_by_commonjs = exported_by_commonjs or cjs is not None
        if exported_by_commonjs or _exports_own_name(root, name):
            self.exported = True
            self.rename_export(path, name, new)

    def rename_export(self, path: str, name: str, new: str) -> None:
        """`path` now exports `new` instead of `name`: follow its importers and re-exporters."""
        if ("export", path + ":" + name) in self._done:
            return
        self._done.add(("export", path + ":" + name))
        for importer in self.sources.mentioning(name):
            if importer == path:
                continue
            for statement in module_statements(self.sources, importer):
                if statement.target != path:
                    continue
                self._rewrite_statement(importer, statement.node, name, new)
            for call in _requires(self.sources, importer, path):
                self._rewrite_require(importer, call, name, new)

    def _rewrite_statement(self, importer: str, node: Node, name: str, new: str) -> None:
        if node.type == "import_statement":
            for spec in specifiers(node, "import_specifier"):
                imported = spec.child_by_field_name("name")
                if text_of(imported) != name:
                    continue
                if spec.child_by_field_name("alias") is not None:
                    self.sources.add(importer, replace(imported, new))
                else:
                    self.rename(importer, name, new)
            for namespace in (n for n in walk(node) if n.type == "namespace_import"):
                self._namespace_members(importer, text_of(namespace.named_children[-1]), name, new)
            return
        clause = [c for c in node.named_children if c.type == "export_clause"]
        for spec in specifiers(node, "export_specifier"):
            exported = spec.child_by_field_name("name")
            if text_of(exported) != name:
                continue
            self.sources.add(importer, replace(exported, new))
            if spec.child_by_field_name("alias") is None:
                self.rename_export(importer, name, new)
        if not clause and not any(c.type == "namespace_export" for c in node.named_children):
            self.rename_export(importer, name, new)  # export * from

    def _namespace_members(self, path: str, namespace: str, name: str, new: str) -> None:
        root = self.sources.root(path)
        for node in walk(root):
            if node.type != "member_expression":
                continue
            obj, prop = node.child_by_field_name("object"), node.child_by_field_name("property")
            if (
                obj.type == "identifier"
                and text_of(obj) == namespace
                and text_of(prop) == name
                and jsscope.binding_scope(obj, namespace) == root
            ):
                self.sources.add(path, replace(prop, new))

    def _rewrite_require(self, importer: str, call: Node, name: str, new: str) -> None:
        """`const {f} = require(...)`, `const {f: h} = ...`, `const m = require(...)` then `m.f`,
        and `require(...).f`."""
        parent = call.parent
        if parent.type == "member_expression" and text_of(parent.child_by_field_name("property")) == name:
            self.sources.add(importer, replace(parent.child_by_field_name("property"), new))
        if parent.type != "variable_declarator":
            return
        target = parent.child_by_field_name("name")
        if target.type == "identifier":
            self._namespace_members(importer, text_of(target), name, new)
            return
        for field in target.named_children if target.type == "object_pattern" else ():
            if field.type == "shorthand_property_identifier_pattern" and text_of(field) == name:
                self.sources.add(importer, replace(field, new))
                self.rename(importer, name, new)
            elif field.type == "pair_pattern" and text_of(field.child_by_field_name("key")) == name:
                self.sources.add(importer, replace(field.child_by_field_name("key"), new))


def _requires(sources: Sources, importer: str, path: str) -> list[Node]:
    """The `require("...")` calls of `importer` whose specifier names `path`."""
    if "require(" not in sources.changes.read(importer):
        return []
    calls = []
    for node in walk(sources.root(importer)):
        if node.type != "call_expression" or text_of(node.child_by_field_name("function")) != "require":
            continue
        args = node.child_by_field_name("arguments").named_children
        if (
            len(args) == 1
            and args[0].type == "string"
            and resolve_specifier(sources, importer, string_value(args[0])) == path
        ):
            calls.append(node)
    return calls


def _commonjs_export(node: Node) -> Node | None:
    """For a reference exported the CommonJS way, the node naming the export: the shorthand itself
    in `module.exports = {f}`, the property in `exports.f = f` / `module.exports.f = f`."""
    parent = node.parent
    if node.type == "shorthand_property_identifier" and parent.type == "object":
        assignment = parent.parent
        if assignment.type == "assignment_expression" and text_of(assignment.child_by_field_name("left")) == (
            "module.exports"
        ):
            return node
        return None
    if parent.type == "assignment_expression" and parent.child_by_field_name("right") == node:
        left = parent.child_by_field_name("left")
        if left.type == "member_expression" and text_of(left.child_by_field_name("object")) in (
            "exports",
            "module.exports",
        ):
            prop = left.child_by_field_name("property")
            return prop if text_of(prop) == text_of(node) else None
    return None


def _exports_own_name(root: Node, name: str) -> bool:
    """Whether the module exports its binding `name` under that same name."""
    for statement in root.named_children:
        if statement.type != "export_statement" or statement.child_by_field_name("source") is not None:
            continue
        if is_default_export(statement):
            continue
        declaration = statement.child_by_field_name("declaration")
        if declaration is not None and name in {text_of(n) for n in jsscope.statement_names(declaration)}:
            return True
        for spec in specifiers(statement, "export_specifier"):
            if text_of(spec.child_by_field_name("name")) == name and spec.child_by_field_name("alias") is None:
                return True
    return False


# ---------------------------------------------------------------- methods


def _rename_method(workspace: Workspace, sources: Sources, draft: Draft, method: Symbol, new: str) -> None:
    owner_name, name = method.qualname.rsplit(".", 1)
    if name == "constructor":
        raise ImpossibleRequest("a constructor is renamed with its class, not on its own")

    def signature(cls: str) -> bool:
        symbol = next((s for s in workspace.symbols.by_qualname.get(cls, []) if s.label == "Class"), None)
        body = _class_body(sources, symbol) if symbol is not None and symbol.file in sources.files() else None
        return body is not None and any(
            member.type in ("method_signature", "abstract_method_signature")
            and text_of(member.child_by_field_name("name")) == name
            for member in body.named_children
        )

    family = class_family(workspace, owner_name, name, signature)
    refuse_member_clash(workspace, family, new)
    methods = [s for cls in family for s in workspace.symbols.by_qualname.get(f"{cls}.{name}", [])]
    bodies: list[tuple[str, Node]] = []
    for cls in family:
        symbol = workspace.symbols.by_qualname[cls][0]
        body = _class_body(sources, symbol)
        if body is None:
            raise ImpossibleRequest(f"the class {cls} was not found in {symbol.file}")
        bodies.append((symbol.file or "", body))
        for member in body.named_children:
            if member.type in ("method_definition", "method_signature", "abstract_method_signature"):
                key = member.child_by_field_name("name")
                if text_of(key) == name:
                    sources.add(symbol.file or "", replace(key, new))
    handled: set[tuple[str, int]] = set()
    for path, body in bodies:
        for node in walk(body):
            if node.type == "member_expression" and node.child_by_field_name("object").type in ("this", "super"):
                prop = node.child_by_field_name("property")
                if text_of(prop) == name:
                    sources.add(path, replace(prop, new))
                    handled.add((path, prop.start_byte))
    calls = workspace.query("calls_into", ids=[m.id for m in methods])
    lines = {(row["file"], row["line"]) for row in calls}
    for path in sources.mentioning(name):
        for node in walk(sources.root(path)):
            if node.type != "member_expression":
                continue
            prop = node.child_by_field_name("property")
            if text_of(prop) != name or (path, prop.start_byte) in handled:
                continue
            if (path, prop.start_point[0] + 1) in lines:
                sources.add(path, replace(prop, new))
            else:
                draft.warnings.append(
                    f"{path}:{prop.start_point[0] + 1}: `{text_of(node)}` left alone: its receiver's class is unknown"
                )
    draft.mapping = SymbolMapping(
        renamed={
            f"{cls}.{name}": f"{cls}.{new}" for cls in family if workspace.symbols.by_qualname.get(f"{cls}.{name}")
        }
    )


def class_family(
    workspace: Workspace, owner: str, name: str, signature: Callable[[str], bool] | None = None
) -> list[str]:
    """The classes whose `name` method is one with `owner`'s: from the topmost repository base
    declaring it, every subclass (transitively) that declares it. `signature` says whether a type
    declares it without a definition (a TypeScript interface's method signature)."""
    bases, subs = hierarchy(workspace)

    def declares(cls: str) -> bool:
        return bool(workspace.symbols.by_qualname.get(f"{cls}.{name}")) or (signature is not None and signature(cls))

    roots, seen, todo = set(), {owner}, [owner]
    while todo:
        cls = todo.pop()
        ups = [b for b in bases.get(cls, ()) if declares(b) or _declares_above(b, bases, declares)]
        if not ups:
            roots.add(cls)
        for base in ups:
            if base not in seen:
                seen.add(base)
                todo.append(base)
    family, todo = set(), list(roots)
    while todo:
        cls = todo.pop()
        if cls in family:
            continue
        family.add(cls)
        todo.extend(subs.get(cls, ()))
    return sorted(c for c in family if declares(c))


def hierarchy(workspace: Workspace) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(class -> its repository bases, class -> its direct subclasses), by qualified name."""
    classes = [s for s in workspace.symbols.symbols if s.label == "Class"]
    rows = workspace.query("subclasses_of", ids=[c.id for c in classes])
    by_id = {c.id: c.qualname for c in classes}
    bases: dict[str, set[str]] = {}
    subs: dict[str, set[str]] = {}
    for row in rows:
        base = by_id.get(row["base"])
        if base is not None:
            bases.setdefault(row["qualname"], set()).add(base)
            subs.setdefault(base, set()).add(row["qualname"])
    return bases, subs


def refuse_member_clash(workspace: Workspace, family: list[str], new: str) -> None:
    """Refuse a method name that a class of the family, or any of their bases and subclasses,
    has already: the renamed method would collide with it, override it or be overridden."""
    bases, subs = hierarchy(workspace)
    related, todo = set(family), list(family)
    for links in (bases, subs):
        todo = list(family)
        while todo:
            for other in links.get(todo.pop(), ()):
                if other not in related:
                    related.add(other)
                    todo.append(other)
    for cls in sorted(related):
        if workspace.symbols.by_qualname.get(f"{cls}.{new}"):
            where = "has" if cls in family else "in the same hierarchy has"
            raise ImpossibleRequest(f"{new!r} is taken: {cls} {where} a member {new!r} already")


def _declares_above(cls: str, bases: dict[str, set[str]], declares) -> bool:
    seen, todo = set(), [cls]
    while todo:
        current = todo.pop()
        for base in bases.get(current, ()):
            if base not in seen:
                seen.add(base)
                if declares(base):
                    return True
                todo.append(base)
    return False


def _class_body(sources: Sources, cls: Symbol) -> Node | None:
    for node in walk(sources.root(cls.file or "")):
        if node.type not in CLASS_NODES or text_of(node.child_by_field_name("name")) != cls.name:
            continue
        if cls.start_line is None or node.start_point[0] + 1 <= cls.start_line <= node.end_point[0] + 1:
            return node.child_by_field_name("body")
    return None
