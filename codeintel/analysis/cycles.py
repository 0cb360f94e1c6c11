"""The fewest import edges whose removal breaks every cycle of a strongly connected component.

That is a minimum feedback arc set, NP-hard in general; module cycles are small, so it is found
exactly by iterative deepening over "one edge of this cycle must go" (a shortest cycle each
time, so the branching is small), within a budget of work: the edges the breadth-first searches
look at, about a second of it. A component too large for the budget (the hundreds of modules of
a standard library that import one another) gets a greedy answer (Eades, Lin and Smyth's
ordering: the edges that point backwards in it), which is marked as not proven smallest.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

Edge = tuple[str, str]

SEARCH_WORK = 2_000_000
"""Edges the exact search may look at per component (breadth-first steps, about a second) before
it gives up for the greedy answer."""


@dataclass(frozen=True)
class CycleBreak:
    """Edges to remove, sorted, and whether no smaller set exists (False: a greedy answer)."""

    edges: tuple[Edge, ...]
    minimal: bool


def fewest_edges_to_break(edges: Mapping[str, Mapping[str, Any]], members: Collection[str]) -> CycleBreak:
    """The smallest set of edges among `members` whose removal leaves them without a cycle."""
    inside = set(members)
    adjacency = {m: sorted(t for t in edges.get(m, {}) if t in inside and t != m) for m in sorted(inside)}
    work = [0]
    for size in range(1, sum(len(t) for t in adjacency.values()) + 1):
        found = _search(adjacency, frozenset(), size, work)
        if found is not None:
            return CycleBreak(tuple(sorted(found)), minimal=True)
        if work[0] > SEARCH_WORK:
            break
    return CycleBreak(tuple(sorted(_greedy(adjacency))), minimal=False)


def _search(adjacency: dict[str, list[str]], removed: frozenset, budget: int, work: list[int]) -> frozenset | None:
    cycle = _shortest_cycle(adjacency, removed, work)
    if work[0] > SEARCH_WORK:
        return None  # the search was cut short: no cycle found is no proof that none is left
    if cycle is None:
        return removed
    if budget == 0:
        return None
    for edge in cycle:
        found = _search(adjacency, removed | {edge}, budget - 1, work)
        if found is not None:
            return found
    return None


def shortest_cycle_through(
    edges: Mapping[str, Iterable[str]],
    start: str,
    members: Collection[str],
    removed: Collection[Edge] = (),
    work: list[int] | None = None,
) -> list[str] | None:
    """The nodes of a shortest cycle from `start` back to it (`[start, ..., last]`), breadth first
    over `members` without the `removed` edges; None when there is none. `work[0]`, when given,
    counts the edges looked at."""
    parent: dict[str, str | None] = {start: None}
    queue = deque([start])
    looked = 0
    try:
        while queue:
            node = queue.popleft()
            for child in sorted(edges.get(node, ())):
                looked += 1
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
    finally:
        if work is not None:
            work[0] += looked


def _shortest_cycle(adjacency: dict[str, list[str]], removed: frozenset, work: list[int]) -> list[Edge] | None:
    """The edges of a shortest cycle left after `removed`, or None (also when the work runs out,
    which the caller sees in `work`)."""
    best: list[Edge] | None = None
    for start in adjacency:
        nodes = shortest_cycle_through(adjacency, start, adjacency, removed, work)
        if nodes is not None and (best is None or len(nodes) < len(best)):
            best = list(zip(nodes, [*nodes[1:], start], strict=True))
            if len(best) == 2:
                break
        if work[0] > SEARCH_WORK:
            return best
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
