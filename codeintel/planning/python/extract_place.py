"""Where the shared function of an extracted clone goes, and the imports it takes.

The module of the copies when they are all in one; otherwise the first copy's module that every
other copy's module can import without closing an import cycle, else a new `shared` module in
their common package. The shared function reads the module-level names the copies read (imports,
the module's own definitions, builtins): each must mean the same in every copy, and a module other
than the copies' own must be able to import it without a cycle.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import BuiltinScope, GlobalScope, ImportAssignment

from codeintel.planning.model import ImpossibleRequest
from codeintel.planning.python.extract_block import Copy, ParsedModule
from codeintel.planning.python.imports import (
    absolute_from,
    alias_name,
    bound_name,
    is_package_file,
    level_of,
    longest_module,
    module_of_import,
)
from codeintel.planning.python.move import path_between
from codeintel.planning.workspace import Workspace


@dataclass(frozen=True)
class Binding:
    """What a module-level name of a module means."""

    target: str
    """`decimal.Decimal`, `pkg.mod.helper` (the module's own), `builtins.len`."""
    import_code: str | None
    """The import statement that binds it, in its absolute form; None for the module's own names and builtins."""
    own_module: str | None = None
    """The module that defines it, when it is the module's own definition."""


def binding(module: ParsedModule, name: str, is_package: bool) -> Binding:
    """What `name` means at the top of `module`."""
    scope = module.scopes.get(module.tree.body[0]) if module.tree.body else None
    if scope is not None and not isinstance(scope, GlobalScope):
        scope = scope.globals
    if scope is None or name not in scope:
        return Binding(f"builtins.{name}", None)
    assignments = [a for a in scope[name] if isinstance(a.scope, GlobalScope | BuiltinScope)]
    imports = [a for a in assignments if isinstance(a, ImportAssignment)]
    if imports:
        return _import_binding(module, imports[-1], name, is_package)
    if any(isinstance(a.scope, GlobalScope) for a in assignments):
        return Binding(f"{module.name}.{name}", None, own_module=module.name)
    return Binding(f"builtins.{name}", None)


def _import_binding(module: ParsedModule, assignment: ImportAssignment, name: str, is_package: bool) -> Binding:
    node = assignment.node
    if isinstance(node, cst.Import):
        for alias in node.names:
            key = bound_name(alias)
            if key == name or key.split(".")[0] == name:
                dotted = alias_name(alias)
                code = f"import {dotted}" + (f" as {key}" if alias.asname is not None else "")
                return Binding(dotted if alias.asname is not None else name, code)
    if isinstance(node, cst.ImportFrom) and not isinstance(node.names, cst.ImportStar):
        source = absolute_from(module.name, is_package, level_of(node), module_of_import(node)) or ""
        for alias in node.names:
            if bound_name(alias) == name:
                original = alias_name(alias)
                code = f"from {source} import {original}" + (f" as {name}" if original != name else "")
                return Binding(f"{source}.{original}", code)
    return Binding(f"{module.name}.{name}", None, own_module=module.name)


# ---------------------------------------------------------------- the target module


@dataclass
class Placement:
    module: str
    path: str
    exists: bool
    imports: list[str] = field(default_factory=list)
    """Import statements the target needs for the names the shared function reads."""


def choose_target(
    workspace: Workspace,
    copies: list[Copy],
    globals_read: list[str],
    requested: str | None,
) -> Placement:
    """The module for the shared function (see the module docstring), or ImpossibleRequest with the cycle."""
    modules = list(dict.fromkeys(copy.module.name for copy in copies))
    bindings = _agreed_bindings(copies, globals_read)
    if requested:
        return _placement(workspace, requested, modules, bindings)
    candidates = list(modules)
    if len(modules) > 1:
        candidates.append(_shared_module_name(modules))
    reasons = []
    for candidate in candidates:
        try:
            return _placement(workspace, candidate, modules, bindings)
        except ImpossibleRequest as exc:
            reasons.append(exc.message)
    raise ImpossibleRequest("no module can hold the shared function: " + "; ".join(reasons))


def _agreed_bindings(copies: list[Copy], names: list[str]) -> dict[str, Binding]:
    """What each module-level name the block reads means: the same in every copy, or refused."""
    out: dict[str, Binding] = {}
    for name in names:
        seen = [binding(copy.module, name, is_package_file(copy.module.path)) for copy in copies]
        targets = {b.target for b in seen}
        if len(targets) > 1:
            shown = ", ".join(f"`{b.target}` in {copy.qualname}" for copy, b in zip(copies, seen, strict=True))
            raise ImpossibleRequest(
                f"the copies read `{name}`, which means different things ({shown}): one shared function "
                "would change the call graph"
            )
        out[name] = seen[0]
    return out


def _shared_module_name(modules: list[str]) -> str:
    packages = [m.split(".")[:-1] for m in modules]
    common: list[str] = []
    for parts in zip(*packages, strict=False):
        if len(set(parts)) != 1:
            break
        common.append(parts[0])
    return ".".join([*common, "shared"])


def _placement(workspace: Workspace, target: str, modules: list[str], bindings: Mapping[str, Binding]) -> Placement:
    path = workspace.file_of_module.get(target)
    exists = path is not None
    if path is None:
        package = target.rpartition(".")[0]
        if package and package not in workspace.file_of_module:
            raise ImpossibleRequest(f"{target} cannot be created: there is no package {package}")
        path = target.replace(".", "/") + ".py"
    imports = []
    imported_modules = set()
    for name, bound in bindings.items():
        if bound.own_module is not None and bound.own_module != target:
            raise ImpossibleRequest(
                f"{target} would have to import `{name}` from {bound.own_module}, which imports {target}: "
                f"an import cycle {bound.own_module} -> {target} -> {bound.own_module}"
            )
        if bound.import_code is not None and target not in modules:
            imports.append(bound.import_code)
            owner = longest_module(bound.target, workspace.file_of_module)
            if owner is not None:
                imported_modules.add(owner)
    edges = {source: set(targets) for source, targets in workspace.module_graph.edges.items()}
    edges.setdefault(target, set()).update(imported_modules)
    for module in modules:
        if module == target:
            continue
        cycle = path_between(edges, target, module)
        if cycle is not None:
            shown = " -> ".join([module, *cycle])
            raise ImpossibleRequest(f"{module} importing the shared function from {target} closes a cycle: {shown}")
    return Placement(target, path, exists, imports)
