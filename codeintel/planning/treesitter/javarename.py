"""Rename a Java class, interface or method at its identifier spans.

A type: its declaration and constructors, every simple name of it in the files that see it
(its package, single-type and on-demand importers), its imports (single-type and static) and
fully qualified references; a public top-level type renames its file (a delete and a create).
A nested type is renamed where it is named through its enclosing class (`Outer.Inner`) or
inside that class's file.

A method: every declaration of it in its family (the topmost repository type declaring it and
every subtype that overrides or implements it: overloads share a name in the call graph and
are renamed together), unqualified and `this.`/`super.` calls inside those types, the calls and
method references the graph resolved to one of them, and static imports. Any other `x.m(...)`
is listed in the warnings: its receiver's type is unknown.
"""

from __future__ import annotations

import posixpath

from codeintel.planning.changes import Changeset, Draft
from codeintel.planning.model import ImpossibleRequest, RenameRequest, SymbolMapping
from codeintel.planning.treesitter.javasyntax import (
    TYPE_DECLS,
    JavaFile,
    JavaSources,
    Node,
    check_name,
    qualifier,
    simple_type_use,
    type_references,
)
from codeintel.planning.treesitter.jsrename import class_family, refuse_member_clash
from codeintel.planning.treesitter.spans import replace, text_of, walk
from codeintel.planning.workspace import Workspace
from codeintel.service.models import Symbol


def plan_java_rename(workspace: Workspace, request: RenameRequest, symbol: Symbol) -> Draft:
    new = request.new_name
    check_name(new)
    changes = Changeset(workspace)
    sources = JavaSources(changes)
    draft = Draft(goal=f"rename {symbol.qualname} to {new}", language="java", changes=changes)
    if symbol.label == "Class":
        _rename_type(workspace, sources, draft, symbol, new)
    else:
        _rename_method(workspace, sources, draft, symbol, new)
    draft.symbols_affected = [symbol.qualname]
    changes.end_step(draft.goal, "every declaration, reference and import, at its identifier")
    return draft


# ---------------------------------------------------------------- types


def _rename_type(workspace: Workspace, sources: JavaSources, draft: Draft, symbol: Symbol, new: str) -> None:
    path = symbol.file or ""
    module = workspace.module_of(path)
    jf = sources.file(path)
    local = symbol.qualname[len(module) + 1 :]
    parts = local.split(".")
    if len(parts) > 2:
        raise ImpossibleRequest(f"renaming {symbol.qualname} is not supported: nested more than one level")
    name = parts[-1]
    package = jf.package
    if len(parts) == 1:
        fqn, outer = (f"{package}.{name}" if package else name), None
        sibling = f"{package}.{new}" if package else new
        if any(s.qualname.endswith(f".{new}") and s.label == "Class" for s in _package_types(workspace, package)):
            raise ImpossibleRequest(
                f"{new!r} is taken: the package {package or '(default)'} has a type {sibling} already"
            )
    else:
        outer_name = parts[0]
        fqn, outer = f"{package}.{outer_name}.{name}", f"{package}.{outer_name}"
        if workspace.symbols.by_qualname.get(f"{module}.{outer_name}.{new}"):
            raise ImpossibleRequest(f"{new!r} is taken: {outer_name} has a member type {new!r} already")
    for other in sources.mentioning(name):
        other_file = sources.file(other)
        refs = type_references(other_file, fqn, outer)
        if not refs:
            continue
        if other != path and outer is None and other_file.declares_type(new):
            raise ImpossibleRequest(f"{new!r} is taken in {other}: it declares a type of that name")
        clash = next((n for n in walk(other_file.root) if text_of(n) == new and _names_a_type(n)), None)
        if clash is not None:
            raise ImpossibleRequest(
                f"{other}:{clash.start_point[0] + 1} already names a type {new!r}, which the renamed class would hide"
            )
        for node in refs:
            sources.add(other, replace(node, new))
    renamed = {symbol.qualname: f"{symbol.qualname[: -len(name)]}{new}"}
    for ctor in workspace.symbols.by_qualname.get(f"{symbol.qualname}.{name}", []):
        renamed[ctor.qualname] = f"{renamed[symbol.qualname]}.{new}"
    public_file = outer is None and posixpath.basename(path) == f"{name}.java"
    if public_file:
        new_path = posixpath.join(posixpath.dirname(path), f"{new}.java")
        if sources.changes.exists(new_path):
            raise ImpossibleRequest(f"{new_path} exists already")
        text = sources.edited(path)
        sources.spans.pop(path, None)
        sources.flush()
        sources.changes.delete(path)
        sources.changes.create(new_path, text)
        new_module = module[: -len(name)] + new
        renamed = {module: new_module, **{k: new_module + v[len(module) :] for k, v in renamed.items()}}
    else:
        sources.flush()
    draft.mapping = SymbolMapping(renamed=renamed)
    draft.public_api = True


def _package_types(workspace: Workspace, package: str) -> list[Symbol]:
    """The top-level types of a package: `<package>.<Stem>.<Type>`."""
    prefix = f"{package}." if package else ""
    out = []
    for symbol in workspace.symbols.symbols:
        if symbol.label != "Class" or not symbol.qualname.startswith(prefix):
            continue
        rest = symbol.qualname[len(prefix) :].split(".")
        if len(rest) == 2 and workspace.language_of(symbol.file or "") == "java":
            out.append(symbol)
    return out


# ---------------------------------------------------------------- methods


def _rename_method(workspace: Workspace, sources: JavaSources, draft: Draft, method: Symbol, new: str) -> None:
    owner, name = method.qualname.rsplit(".", 1)
    owner_symbols = [s for s in workspace.symbols.by_qualname.get(owner, []) if s.label == "Class"]
    if not owner_symbols:
        raise ImpossibleRequest(f"{method.qualname} is not a method of a class")
    if owner.rsplit(".", 1)[-1] == name:
        raise ImpossibleRequest("a constructor is renamed with its class, not on its own")
    family = class_family(workspace, owner, name)
    refuse_member_clash(workspace, family, new)
    methods = [s for cls in family for s in workspace.symbols.by_qualname.get(f"{cls}.{name}", [])]
    handled: set[tuple[str, int]] = set()
    fqns = set()
    for cls in family:
        symbol = next(s for s in workspace.symbols.by_qualname[cls] if s.label == "Class")
        path = symbol.file or ""
        jf = sources.file(path)
        body = _type_body(jf, symbol)
        if body is None:
            raise ImpossibleRequest(f"the type {cls} was not found in {path}")
        module = workspace.module_of(path)
        fqns.add(".".join(filter(None, [jf.package, cls[len(module) + 1 :]])))
        for node in walk(body):
            if node.type == "method_declaration" and text_of(node.child_by_field_name("name")) == name:
                if _enclosing_type(node) == body.parent:
                    _add(sources, handled, path, node.child_by_field_name("name"), new)
            elif node.type == "method_invocation" and text_of(node.child_by_field_name("name")) == name:
                target = node.child_by_field_name("object")
                if target is None or target.type in ("this", "super"):
                    _add(sources, handled, path, node.child_by_field_name("name"), new)
    calls = workspace.query("calls_into", ids=[m.id for m in methods])
    lines = {(row["file"], row["line"]) for row in calls}
    for path in sources.mentioning(name):
        jf = sources.file(path)
        statics = [i for i in jf.imports if i.static and not i.wildcard and i.name.rsplit(".", 1)[0] in fqns]
        for imp in statics:
            if imp.name.rsplit(".", 1)[1] == name:
                last = next(
                    n
                    for n in walk(imp.node)
                    if n.type == "identifier" and qualifier(n) is not None and n.end_byte == _name_end(imp.node)
                )
                _add(sources, handled, path, last, new)
        for node in walk(jf.root):
            ident = _method_name_node(node, name)
            if ident is None or (path, ident.start_byte) in handled:
                continue
            if (path, ident.start_point[0] + 1) in lines or (
                statics and node.type == "method_invocation" and node.child_by_field_name("object") is None
            ):
                _add(sources, handled, path, ident, new)
            else:
                draft.warnings.append(
                    f"{path}:{ident.start_point[0] + 1}: `{text_of(node)}` left alone: its receiver's type is unknown"
                )
    sources.flush()
    draft.mapping = SymbolMapping(
        renamed={
            f"{cls}.{name}": f"{cls}.{new}" for cls in family if workspace.symbols.by_qualname.get(f"{cls}.{name}")
        }
    )
    draft.public_api = True


def _name_end(node: Node) -> int:
    target = next(c for c in node.named_children if c.type in ("scoped_identifier", "identifier"))
    return target.end_byte


def _method_name_node(node: Node, name: str) -> Node | None:
    if node.type == "method_invocation":
        ident = node.child_by_field_name("name")
        return ident if text_of(ident) == name else None
    if node.type == "method_reference" and len(node.named_children) >= 2:
        ident = node.named_children[-1]
        return ident if ident.type == "identifier" and text_of(ident) == name else None
    return None


def _add(sources: JavaSources, handled: set[tuple[str, int]], path: str, node: Node, new: str) -> None:
    handled.add((path, node.start_byte))
    sources.add(path, replace(node, new))


def _enclosing_type(node: Node) -> Node | None:
    current = node.parent
    while current is not None and current.type not in TYPE_DECLS | {"object_creation_expression"}:
        current = current.parent
    return current


def _type_body(jf: JavaFile, symbol: Symbol) -> Node | None:
    for node in walk(jf.root):
        if node.type not in TYPE_DECLS or text_of(node.child_by_field_name("name")) != symbol.name:
            continue
        if symbol.start_line is None or node.start_point[0] + 1 <= symbol.start_line <= node.end_point[0] + 1:
            return node.child_by_field_name("body")
    return None


def _names_a_type(node: Node) -> bool:
    """An unqualified name in a type position (`String x`, `String.valueOf(...)`)."""
    return node.type in ("identifier", "type_identifier") and qualifier(node) is None and simple_type_use(node)
