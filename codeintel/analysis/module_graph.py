"""The module import graph of one repository: module -> module edges with the line of the first
import, imports of the repository's own packages that name nothing in it, strongly connected
components and a shortest cycle through each. Built from the graph store's `module_imports`
rows; the dependency queries and the import-cycle and coupling analyses read it."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from codeintel.analysis.cycles import shortest_cycle_through
from codeintel.graph.port import GraphStore


@dataclass
class UnresolvedImport:
    source: str
    source_file: str
    target: str
    line: int | None


@dataclass
class ModuleGraph:
    """Module -> module imports of one repository. An import of a class or function counts as an
    import of the module that defines it; imports of externals are left out, except that those
    naming one of the repository's own top-level packages are kept as `unresolved`."""

    files: dict[str, str] = field(default_factory=dict)  # module qualname -> file
    edges: dict[str, dict[str, int | None]] = field(default_factory=dict)  # source -> target -> first line
    unresolved: list[UnresolvedImport] = field(default_factory=list)
    lines: dict[tuple[str, str], list[int]] = field(default_factory=dict)  # (source, target) -> every import line

    @classmethod
    def load(cls, store: GraphStore, repo_id: str, module_of_file: Mapping[str, str]) -> ModuleGraph:
        return cls.from_rows(store.named_query("module_imports", repo=repo_id), module_of_file)

    @classmethod
    def from_rows(cls, rows: Iterable[Mapping[str, Any]], module_of_file: Mapping[str, str]) -> ModuleGraph:
        """`module_of_file`: file path -> module qualname, for every module of the repository."""
        graph = cls(files={module: file for file, module in module_of_file.items()})
        graph.edges = {module: {} for module in graph.files}
        own_roots = {owned_root(module) for module in graph.files}
        for row in rows:
            source = row["source"]
            if row["target_label"] == "External":
                if owned_root(row["target"] or "") in own_roots and row.get("target_kind") not in ("builtin", "stdlib"):
                    graph.unresolved.append(UnresolvedImport(source, row["source_file"], row["target"], row["line"]))
                continue
            target = row["target"] if row["target_label"] == "Module" else module_of_file.get(row["target_file"])
            if target is None or target == source:
                continue
            graph.edges.setdefault(source, {}).setdefault(target, row["line"])
            graph.edges.setdefault(target, {})
            if row["line"] is not None:
                graph.lines.setdefault((source, target), []).append(row["line"])
        return graph

    def without_lines(self, lines_by_file: Mapping[str, set[int]]) -> ModuleGraph:
        """This graph without the imports at `lines_by_file` (file -> lines): an edge goes when every
        import behind it is at such a line, and keeps its first remaining line otherwise."""
        edges: dict[str, dict[str, int | None]] = {module: {} for module in self.edges}
        lines: dict[tuple[str, str], list[int]] = {}
        for source, targets in self.edges.items():
            dropped = lines_by_file.get(self.files.get(source, ""), set())
            for target, first in targets.items():
                known = self.lines.get((source, target))
                if not known:  # no line recorded: nothing says it is deferred
                    edges[source][target] = first
                    continue
                kept = sorted(line for line in known if line not in dropped)
                if kept:
                    edges[source][target] = kept[0]
                    lines[(source, target)] = kept
        return ModuleGraph(files=self.files, edges=edges, unresolved=self.unresolved, lines=lines)

    def reverse(self) -> dict[str, dict[str, int | None]]:
        out: dict[str, dict[str, int | None]] = {module: {} for module in self.edges}
        for source, targets in self.edges.items():
            for target, line in targets.items():
                out[target][source] = line
        return out

    def reachable(self, module: str, depth: int, *, reverse: bool = False) -> Iterator[tuple[str, str, int]]:
        """Import edges within `depth` hops of `module`, breadth first, as (source, target, hops): what
        it imports (or, reversed, what imports it), each edge once with the hop count of its far end."""
        adjacency = self.reverse() if reverse else self.edges
        seen = {module}
        frontier = [module]
        for level in range(1, depth + 1):
            reached: list[str] = []
            for near in frontier:
                for far in sorted(adjacency.get(near, {})):
                    source, target = (far, near) if reverse else (near, far)
                    yield source, target, level
                    if far not in seen:
                        seen.add(far)
                        reached.append(far)
            frontier = reached
            if not frontier:
                break

    def cycles(self) -> list[tuple[list[str], list[str]]]:
        """Per strongly connected component of two or more modules: one shortest cycle through its
        first module (by name), e.g. ['a', 'b', 'c'] for a -> b -> c -> a, and all its members."""
        out = []
        for component in strongly_connected(self.edges):
            if len(component) < 2:
                continue
            members = set(component)
            start = min(members)
            out.append((shortest_cycle_through(self.edges, start, members) or [start], sorted(members)))
        return sorted(out)


REVERSE_DOMAIN_ROOTS = frozenset({"com", "org", "net", "io", "edu", "gov", "dev", "app", "co", "de", "uk", "fr"})
"""First segments of reverse-domain package names (Java's `com.example.billing`): a repository
owns `com.example`, never `com`, so a library of the same domain is not taken for its own."""


def owned_root(name: str) -> str:
    """The part of a dotted module name that says whose it is: its first segment, or its first two
    where the first is a reverse-domain root (`com.ledger` of `com.ledger.audit.AuditTrail`)."""
    parts = name.split(".")
    return ".".join(parts[:2]) if parts[0] in REVERSE_DOMAIN_ROOTS and len(parts) > 2 else parts[0]


def strongly_connected(edges: Mapping[str, Mapping[str, Any]]) -> list[list[str]]:
    """Tarjan's strongly connected components, iteratively (no recursion limit on deep graphs)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for root in sorted(edges):
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            advanced = False
            for child in children:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(edges.get(child, ())))))
                    advanced = True
                    break
                if child in on_stack:
                    low[node] = min(low[node], index[child])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                components.append(sorted(component))
    return components
