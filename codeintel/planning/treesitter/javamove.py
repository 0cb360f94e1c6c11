"""Move a top-level Java class (or interface, enum, record) to another package.

The file moves under the same source root (a delete and a create) with its `package` line
changed; it imports the classes of its old package it used without an import. Elsewhere:
single-type and static imports of it are rewritten, fully qualified references follow, and the
files that saw it without a single-type import (its old package, on-demand importers of the
old package) import it from the new one.

`to_module` is the destination package (`com.acme.util`) or the class's new module
(`com.acme.util.Money`). Java allows cycles between packages, so none is refused. Refused: a
file that declares other top-level types, a class that is not public, a destination package
that has a type of that name, a moved class that uses package-private types of its old
package, and package-private members that its old package still uses.
"""

from __future__ import annotations

import posixpath

from codeintel.planning.changes import Changeset, Draft
from codeintel.planning.model import ImpossibleRequest, MoveRequest, SymbolMapping
from codeintel.planning.treesitter.javasyntax import (
    JavaFile,
    JavaSources,
    Node,
    qualifier,
    simple_type_use,
    type_references,
)
from codeintel.planning.treesitter.spans import replace, text_of, walk
from codeintel.planning.workspace import Workspace
from codeintel.service.models import Symbol

ACCESS = ("public", "protected", "private")


def plan_java_move(workspace: Workspace, request: MoveRequest, symbols: list[Symbol]) -> Draft:
    if len(symbols) != 1:
        raise ImpossibleRequest("a Java move takes one top-level class (a file holds one public class)")
    symbol = symbols[0]
    changes = Changeset(workspace)
    sources = JavaSources(changes)
    path = symbol.file or ""
    module = workspace.module_of(path)
    name = symbol.name
    if symbol.label != "Class" or symbol.qualname != f"{module}.{name}" or posixpath.basename(path) != f"{name}.java":
        raise ImpossibleRequest(
            f"{symbol.qualname} is not a top-level class in a file of its own name; only those move"
        )
    jf = sources.file(path)
    old_package = jf.package
    new_package = request.to_module
    if new_package.rsplit(".", 1)[-1] == name:
        new_package = new_package.rsplit(".", 1)[0] if "." in new_package else ""
    if new_package == old_package:
        raise ImpossibleRequest(f"{name} is in the package {old_package} already")
    if len(jf.types) != 1:
        others = [
            text_of(t.child_by_field_name("name")) for t in jf.types if text_of(t.child_by_field_name("name")) != name
        ]
        raise ImpossibleRequest(
            f"{path} also declares {', '.join(others)}; moving a file of several types is not supported"
        )
    declaration = jf.types[0]
    if "public" not in _modifiers(declaration):
        raise ImpossibleRequest(f"{name} is not public: moved out of {old_package} it could not be used there any more")
    old_fqn = f"{old_package}.{name}" if old_package else name
    new_fqn = f"{new_package}.{name}" if new_package else name
    new_module = new_fqn
    if workspace.file_of_module.get(new_module) or any(
        sources.file(p).package == new_package and sources.file(p).declares_type(name) for p in sources.mentioning(name)
    ):
        raise ImpossibleRequest(f"{name!r} is taken in the package {new_package}: it has a type of that name")
    new_path = _new_path(path, old_package, new_package, name)
    if changes.exists(new_path):
        raise ImpossibleRequest(f"{new_path} exists already")
    package_files = [p for p in sources.files() if p != path and sources.file(p).package == old_package]
    users = [p for p in package_files if type_references(sources.file(p), old_fqn)]
    if users:
        _check_members(declaration, name, users)

    # the moved file
    needed = _old_package_types(sources, jf, package_files, old_package)
    if jf.package_node is not None:
        if new_package:
            sources.add(path, replace(jf.package_node, new_package))
        else:
            raise ImpossibleRequest("moving a class into the default package is not supported")
    if needed:
        sources.add(path, jf.add_imports([f"{old_package}.{t}" for t in needed]))
    text = sources.edited(path)
    sources.spans.pop(path, None)
    changes.delete(path)
    changes.create(new_path, text)
    changes.end_step(
        f"move {old_fqn} to {new_path}", "the file with its package line, importing what it used from its old package"
    )

    # everyone else
    for other in sources.mentioning(name):
        if other == path:
            continue
        _redirect(sources, sources.file(other), old_fqn, new_fqn, old_package, new_package)
    sources.flush()
    changes.end_step(f"import {new_fqn} where {old_fqn} was used")
    draft = Draft(goal=f"move {old_fqn} to the package {new_package}", language="java", changes=changes)
    draft.mapping = SymbolMapping(renamed={module: new_module}, added=[])
    draft.symbols_affected = [symbol.qualname]
    draft.public_api = True
    return draft


def _redirect(
    sources: JavaSources, jf: JavaFile, old_fqn: str, new_fqn: str, old_package: str, new_package: str
) -> None:
    """One file's imports and qualified names of the moved class, and an import where it saw it unimported."""
    imported = False
    for imp in jf.imports:
        if imp.wildcard and not imp.static:
            continue
        member = imp.static and not imp.wildcard  # `import static a.C.m;` names C by its scope
        if (imp.name.rsplit(".", 1)[0] if member else imp.name) != old_fqn:
            continue
        target = _import_target(imp.node)
        sources.add(jf.path, replace(target.child_by_field_name("scope") if member else target, new_fqn))
        imported = imported or not imp.static
    refs = type_references(jf, old_fqn)
    for node in refs:
        if qualifier(node) == old_package and _in_code(node, jf):
            sources.add(jf.path, replace(node.parent, new_fqn))
    simple = [n for n in refs if qualifier(n) is None]
    if simple and not imported and jf.package != new_package:
        sources.add(jf.path, jf.add_imports([new_fqn]))


def _in_code(node: Node, jf: JavaFile) -> bool:
    """Whether a qualified name sits outside the import and package declarations."""
    current = node.parent
    while current is not None and current != jf.root:
        if current.type in ("import_declaration", "package_declaration"):
            return False
        current = current.parent
    return True


def _import_target(node: Node) -> Node:
    return next(c for c in node.named_children if c.type in ("scoped_identifier", "identifier"))


def _modifiers(declaration: Node) -> set[str]:
    mods = next((c for c in declaration.children if c.type == "modifiers"), None)
    return {text_of(c) for c in mods.children} if mods is not None else set()


def _check_members(declaration: Node, name: str, users: list[str]) -> None:
    body = declaration.child_by_field_name("body")
    for member in body.named_children if body is not None else ():
        if member.type not in ("method_declaration", "field_declaration", "constructor_declaration"):
            continue
        if declaration.type == "interface_declaration" or _modifiers(member) & set(ACCESS):
            continue
        what = member.child_by_field_name("name") or member.child_by_field_name("declarator")
        raise ImpossibleRequest(
            f"{name}.{text_of(what).split('=')[0].strip()} is package-private and {users[0]} uses {name}: "
            "it could not reach it from another package"
        )


def _old_package_types(sources: JavaSources, jf: JavaFile, package_files: list[str], old_package: str) -> list[str]:
    """The top-level types of the old package that the moved file names without an import."""
    types: dict[str, Node] = {}
    for p in package_files:
        for t in sources.file(p).types:
            types[text_of(t.child_by_field_name("name"))] = t
    imported = {i.name.rsplit(".", 1)[-1] for i in jf.imports if not i.static and not i.wildcard}
    needed = set()
    for node in walk(jf.root):
        name = text_of(node)
        if node.type not in ("identifier", "type_identifier") or name not in types or name in imported:
            continue
        if qualifier(node) is None and simple_type_use(node) and not jf.declares_type(name):
            if "public" not in _modifiers(types[name]):
                raise ImpossibleRequest(f"the moved class uses {name}, which is package-private in {old_package}")
            needed.add(name)
    return sorted(needed)


def _new_path(path: str, old_package: str, new_package: str, name: str) -> str:
    folder = posixpath.dirname(path)
    old_dir = old_package.replace(".", "/")
    if old_dir and (folder == old_dir or folder.endswith("/" + old_dir)):
        root = folder[: len(folder) - len(old_dir)].rstrip("/")
    else:
        root = folder
    return (
        posixpath.join(root, new_package.replace(".", "/"), f"{name}.java")
        if root
        else posixpath.join(new_package.replace(".", "/"), f"{name}.java")
    )
