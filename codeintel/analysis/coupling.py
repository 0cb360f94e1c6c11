"""Afferent and efferent coupling of modules, from the import graph (Robert Martin's Ca and Ce,
counted in modules): how many modules depend on one, how many it depends on, and its
instability Ce / (Ca + Ce), 0 for a module nothing touches."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Coupling:
    afferent: int
    """Ca: other modules that import this one."""
    efferent: int
    """Ce: other modules this one imports."""

    @property
    def instability(self) -> float:
        total = self.afferent + self.efferent
        return self.efferent / total if total else 0.0


def module_coupling(edges: Mapping[str, Mapping[str, Any]]) -> dict[str, Coupling]:
    """Every module of the import graph (source -> targets), with its coupling; self-imports ignored."""
    importers: dict[str, set[str]] = {module: set() for module in edges}
    for source, targets in edges.items():
        for target in targets:
            if target != source:
                importers.setdefault(target, set()).add(source)
    return {
        module: Coupling(afferent=len(importers[module]), efferent=sum(t != module for t in edges.get(module, ())))
        for module in importers
    }


def package_of(path: str) -> str:
    """A module's package: the folder of its file ('' at the repository root), whatever the
    language (a Python package, a Go package, a Java package's folder)."""
    return path.rsplit("/", 1)[0] if "/" in path else ""


def package_coupling(edges: Mapping[str, Mapping[str, Any]], files: Mapping[str, str]) -> dict[str, Coupling]:
    """Coupling between packages: an import from a module of one package to a module of another
    is a dependency of the first package on the second. `files`: module -> its file."""
    package_edges: dict[str, dict[str, None]] = {}
    for source, targets in edges.items():
        if source not in files:
            continue
        source_package = package_of(files[source])
        package_edges.setdefault(source_package, {})
        for target in targets:
            if target in files:
                package_edges[source_package][package_of(files[target])] = None
    for path in files.values():
        package_edges.setdefault(package_of(path), {})
    return module_coupling(package_edges)
