"""The fewest import edges whose removal breaks every cycle of a strongly connected component.

That is a minimum feedback arc set, NP-hard in general; module cycles are small, so it is found
exactly by iterative deepening over "one edge of this cycle must go" (a shortest cycle each
time, so the branching is small), within a budget of search steps. A component too large for the
budget gets a greedy answer (Eades, Lin and Smyth's ordering: the edges that point backwards in
it), which is marked as not proven smallest.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

Edge = tuple[str, str]

SEARCH_STEPS = 20_000
"""Shortest-cycle searches the exact search may make per component before it gives up."""


@dataclass(frozen=True)
class CycleBreak:
    """Edges to remove, sorted, and whether no smaller set exists (False: a greedy answer)."""

    edges: tuple[Edge, ...]
    minimal: bool


def fewest_edges_to_break(edges: Mapping[str, Mapping[str, Any]], members: Collection[str]) -> CycleBreak:
    """The smallest set of edges among `members` whose removal leaves them without a cycle."""
    inside = set(members)
    adjacency = {m: sorted(t for t in edges.get(m, {}) if t in inside and t != m) for m in sorted(inside)}
    steps = [0]
    for size in range(1, sum(len(t) for t in adjacency.values()) + 1):
        found = _search(adjacency, frozenset(), size, steps)
        if found is not None:
            return CycleBreak(tuple(sorted(found)), minimal=True)
        if steps[0] > SEARCH_STEPS:
            break
    return CycleBreak(tuple(sorted(_greedy(adjacency))), minimal=False)


def _search(adjacency: dict[str, list[str]], removed: frozenset, budget: int, steps: list[int]) -> frozenset | None:
    steps[0] += 1
    cycle = _shortest_cycle(adjacency, removed)
    if cycle is None:
        return removed
    if budget == 0 or steps[0] > SEARCH_STEPS:
        return None
    for edge in cycle:
        found = _search(adjacency, removed | {edge}, budget - 1, steps)
        if found is not None:
            return found
    return None


def shortest_cycle_through(
    edges: Mapping[str, Iterable[str]], start: str, members: Collection[str], removed: Collection[Edge] = ()
) -> list[str] | None:
    """The nodes of a shortest cycle from `start` back to it (`[start, ..., last]`), breadth first
    over `members` without the `removed` edges; None when there is none."""
    parent: dict[str, str | None] = {start: None}
    queue = deque([start])
    while queue:
        node = queue.popleft()
        for child in sorted(edges.get(node, ())):
            if child not in members or (node, child) in removed:
                continue
            if child == start:
                chain = [node]
                while parent[chain[-1]] is not None:
                    chain.append(parent[chain[-1]])  # type: ignore[arg-type]
                return chain[::-1]
            if child not in parent:
                parent[child] = node
                queue.append(child)
    return None


def _shortest_cycle(adjacency: dict[str, list[str]], removed: frozenset) -> list[Edge] | None:
    """The edges of a shortest cycle left after `removed`, or None."""
    best: list[Edge] | None = None
    for start in adjacency:
        nodes = shortest_cycle_through(adjacency, start, adjacency, removed)
        if nodes is not None and (best is None or len(nodes) < len(best)):
            best = list(zip(nodes, [*nodes[1:], start], strict=True))
            if len(best) == 2:
                break
    return best


def _greedy(adjacency: dict[str, list[str]]) -> set[Edge]:
    """Eades-Lin-Smyth: order the nodes (sinks last, sources first, else the node with the most
    out-edges over in-edges), then every edge pointing backwards in the order breaks a cycle."""
    out = {n: set(t) for n, t in adjacency.items()}
    into: dict[str, set[str]] = {n: set() for n in adjacency}
    for node, targets in adjacency.items():
        for target in targets:
            into[target].add(node)
    head: list[str] = []
    tail: list[str] = []
    left = set(adjacency)

    def drop(node: str) -> None:
        left.discard(node)
        for target in out[node]:
            into[target].discard(node)
        for source in into[node]:
            out[source].discard(node)

    while left:
        changed = True
        while changed:
            changed = False
            for node in sorted(left):
                if not out[node]:
                    tail.append(node)
                    drop(node)
                    changed = True
                elif not into[node]:
                    head.append(node)
                    drop(node)
                    changed = True
        if left:
            node = max(sorted(left), key=lambda n: len(out[n]) - len(into[n]))
            head.append(node)
            drop(node)
    position = {node: i for i, node in enumerate(head + tail[::-1])}
    return {(s, t) for s, targets in adjacency.items() for t in targets if position[t] < position[s]}
