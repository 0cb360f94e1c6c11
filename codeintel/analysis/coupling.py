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
