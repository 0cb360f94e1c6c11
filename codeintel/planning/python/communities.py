"""How a module's top-level definitions fall into parts: the communities of the graph of their
uses of one another, adjusted until every part could be a module of its own.

Pure: the input is a hand-drawable graph (names, weighted uses, what other modules use), the
output is which names stay and which parts leave, in an order in which each move is legal.

1. Louvain communities (networkx, fixed seed) of the undirected use graph: the grouping that
   maximises modularity, so parts are dense inside and sparse between.
2. The module's own top-level code (`BODY`: constants, tables of functions, a main guard) stays,
   and so does every part it uses that uses it back; when no part does, the part that other
   modules use most (then the largest) stays with it.
3. Until nothing changes: parts that use each other both ways (a strongly connected component of
   the part graph) are merged, since modules cannot import each other; a part that no other
   module uses and that serves a single other part is that part's private helpers and joins it
   (Louvain, on the small graphs of one module, often cuts a class from its helpers); a part smaller than
   `min_size` joins the part it uses most (or that uses it most; else the staying one); while
   there are more than `max_parts`, the smallest leaving part joins its closest neighbour.
4. The leaving parts are ordered so that after each move the modules still form no cycle: first
   those that do not depend on the staying part, dependencies first; then those that do, users
   first (a part's users are moved before it, so the module never imports the part back).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import networkx as nx

BODY = "<module>"
"""The module's top-level code that is not a function or class; it always stays."""

SEED = 0
DEFAULT_MAX_PARTS = 6
"""Without a request's cap: more parts than this make a split harder to review than the module."""
MIN_SIZE = 2
"""Definitions from which a part is worth a module of its own."""


@dataclass(frozen=True)
class UseGraph:
    """The uses among one module's top-level definitions.

    `names` in definition order; `uses[(a, b)]` how often `a` refers to `b` (calls and other
    references; BODY may appear on either side); `outside_uses[name]` how often other modules
    refer to it."""

    names: Sequence[str]
    uses: Mapping[tuple[str, str], int]
    outside_uses: Mapping[str, int]


@dataclass(frozen=True)
class Split:
    keep: frozenset[str]
    """What stays in the module (BODY not included)."""
    parts: tuple[frozenset[str], ...]
    """What leaves, one part per new module, in the order in which to move them."""


def split_uses(graph: UseGraph, *, max_parts: int | None = None, min_size: int = MIN_SIZE, seed: int = SEED) -> Split:
    """Group `graph.names` into the part that stays and the parts that leave (see the module doc)."""
    cap = max_parts if max_parts is not None else DEFAULT_MAX_PARTS
    order = {name: index for index, name in enumerate(graph.names)}
    order[BODY] = -1
    body = {BODY}
    parts = Parts([*(set(c) for c in communities(graph, seed)), body], body, graph, order)
    parts.merge_cycles()
    if parts.staying == body and len(parts.groups) > 1:
        parts.stay_with_most_used()
    while parts.merge_cycles() or parts.merge_private() or parts.merge_small(min_size) or parts.merge_over(cap):
        pass
    leaving = parts.move_order()
    return Split(keep=frozenset(parts.staying - {BODY}), parts=tuple(frozenset(p) for p in leaving))


def communities(graph: UseGraph, seed: int = SEED) -> list[set[str]]:
    """Louvain communities of the definitions (BODY left out), in definition order."""
    undirected = nx.Graph()
    undirected.add_nodes_from(graph.names)
    for (a, b), weight in sorted(graph.uses.items()):
        if a == b or BODY in (a, b) or a not in undirected or b not in undirected:
            continue
        previous = undirected.get_edge_data(a, b, {"weight": 0})["weight"]
        undirected.add_edge(a, b, weight=previous + weight)
    if not undirected:
        return []
    found = nx.community.louvain_communities(undirected, weight="weight", seed=seed)
    order = {name: index for index, name in enumerate(graph.names)}
    return sorted((set(c) for c in found), key=lambda c: min(order[n] for n in c))


def _outside(graph: UseGraph, group: Iterable[str]) -> int:
    return sum(graph.outside_uses.get(name, 0) for name in group)


class Parts:
    """The groups while they are merged; `staying` is the one that keeps BODY."""

    def __init__(self, groups: list[set[str]], staying: set[str], graph: UseGraph, order: dict[str, int]) -> None:
        self.groups = groups
        self.staying = staying
        self.graph = graph
        self.order = order

    def _index(self) -> dict[str, int]:
        return {name: i for i, group in enumerate(self.groups) for name in group}

    def part_graph(self) -> nx.DiGraph:
        """Group i -> group j weighted by how often i uses j."""
        index = self._index()
        graph = nx.DiGraph()
        graph.add_nodes_from(range(len(self.groups)))
        for (a, b), weight in self.graph.uses.items():
            i, j = index.get(a), index.get(b)
            if i is None or j is None or i == j:
                continue
            previous = graph.get_edge_data(i, j, {"weight": 0})["weight"]
            graph.add_edge(i, j, weight=previous + weight)
        return graph

    def _first(self, group: set[str]) -> int:
        return min(self.order[name] for name in group)

    def _merge(self, members: Iterable[int]) -> None:
        chosen = sorted(set(members))
        merged = set().union(*(self.groups[i] for i in chosen))
        stays = any(self.groups[i] is self.staying for i in chosen)
        self.groups = [g for i, g in enumerate(self.groups) if i not in chosen] + [merged]
        self.groups.sort(key=self._first)
        if stays:
            self.staying = merged

    def stay_with_most_used(self) -> None:
        """Join to the module's own code the part other modules use most (then the largest)."""
        others = [i for i, g in enumerate(self.groups) if g is not self.staying]
        best = max(others, key=lambda i: (_outside(self.graph, self.groups[i]), len(self.groups[i]), -i))
        self._merge([best, self.groups.index(self.staying)])

    def merge_cycles(self) -> bool:
        """Merge the parts of each strongly connected component; True when any was merged."""
        components = [c for c in nx.strongly_connected_components(self.part_graph()) if len(c) > 1]
        # by the groups themselves: each merge renumbers the groups, so indices go stale
        for groups in [[self.groups[i] for i in component] for component in components]:
            self._merge([k for k, g in enumerate(self.groups) if any(g is group for group in groups)])
        return bool(components)

    def merge_private(self) -> bool:
        """Merge the first leaving part that no other module uses and that only one part uses
        (its private helpers) into that part."""
        graph = self.part_graph()
        for i, group in enumerate(self.groups):
            users = {j for j, _ in graph.in_edges(i)}
            if group is not self.staying and len(users) == 1 and not _outside(self.graph, group):
                self._merge([i, *users])
                return True
        return False

    def merge_small(self, min_size: int) -> bool:
        """Merge the smallest leaving part under `min_size` into the part closest to it."""
        small = [i for i, g in enumerate(self.groups) if g is not self.staying and len(g) < min_size]
        if not small:
            return False
        self._merge_into_neighbour(min(small, key=lambda i: (len(self.groups[i]), self._first(self.groups[i]))))
        return True

    def merge_over(self, cap: int) -> bool:
        """While there are more than `cap` modules, merge the smallest leaving part into its neighbour."""
        if len(self.groups) <= cap:
            return False
        leaving = [i for i, g in enumerate(self.groups) if g is not self.staying]
        self._merge_into_neighbour(min(leaving, key=lambda i: (len(self.groups[i]), -self._first(self.groups[i]))))
        return True

    def _merge_into_neighbour(self, i: int) -> None:
        """Into the part `i` uses most, else the one that uses `i` most, else the staying part."""
        graph = self.part_graph()
        staying = next(k for k, g in enumerate(self.groups) if g is self.staying)

        def best(candidates: Iterable[tuple[int, int]]) -> int | None:
            ranked = sorted(candidates, key=lambda c: (-c[1], self._first(self.groups[c[0]])))
            return ranked[0][0] if ranked else None

        used = best((j, data["weight"]) for _, j, data in graph.out_edges(i, data=True))
        users = best((j, data["weight"]) for j, _, data in graph.in_edges(i, data=True))
        target = used if used is not None else users if users is not None else staying
        self._merge([i, target])

    def move_order(self) -> list[set[str]]:
        """The leaving parts, each movable after the ones before it without an import cycle."""
        graph = self.part_graph()
        staying = next(k for k, g in enumerate(self.groups) if g is self.staying)
        above = nx.ancestors(graph, staying)
        topo = list(nx.lexicographical_topological_sort(graph, key=lambda k: self._first(self.groups[k])))
        independent = [k for k in reversed(topo) if k != staying and k not in above]
        dependent = [k for k in topo if k in above]
        return [self.groups[k] for k in independent + dependent]
