"""The fewest import edges whose removal leaves a cycle's modules without any cycle."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from codeintel.analysis.cycles import fewest_edges_to_break


def graph(*edges: str) -> dict[str, dict[str, int]]:
    """'a>b' edges -> the module graph's adjacency (target -> line)."""
    out: dict[str, dict[str, int]] = {}
    for edge in edges:
        source, target = edge.split(">")
        out.setdefault(source, {})[target] = 1
        out.setdefault(target, {})
    return out


def acyclic_without(edges: dict, members, removed) -> bool:
    remaining = {(s, t) for s in members for t in edges.get(s, {}) if t in members and (s, t) not in set(removed)}
    indegree = {m: 0 for m in members}
    for _, t in remaining:
        indegree[t] += 1
    ready = [m for m, d in indegree.items() if d == 0]
    seen = 0
    while ready:
        node = ready.pop()
        seen += 1
        for s, t in remaining:
            if s == node:
                indegree[t] -= 1
                if indegree[t] == 0:
                    ready.append(t)
    return seen == len(members)


def test_a_mutual_import_needs_one_edge_removed():
    found = fewest_edges_to_break(graph("a>b", "b>a"), ["a", "b"])
    assert (found.edges, found.minimal) == ((("a", "b"),), True)


def test_an_edge_shared_by_two_loops_breaks_both():
    edges = graph("a>b", "b>a", "b>c", "c>a")  # a -> b -> a and a -> b -> c -> a
    assert fewest_edges_to_break(edges, "abc").edges == (("a", "b"),)


def test_two_loops_through_one_module_with_no_shared_edge_need_two():
    edges = graph("a>b", "b>a", "a>c", "c>a")
    found = fewest_edges_to_break(edges, "abc")
    assert len(found.edges) == 2 and found.minimal and acyclic_without(edges, "abc", found.edges)


def test_a_component_too_dense_to_search_gets_a_greedy_answer_that_still_breaks_every_cycle():
    members = [f"m{i}" for i in range(9)]
    edges = graph(*(f"{a}>{b}" for a, b in itertools.permutations(members, 2)))  # every module imports every other
    found = fewest_edges_to_break(edges, members)
    assert not found.minimal
    assert acyclic_without(edges, members, found.edges)
    assert len(found.edges) == 36  # half the 72 edges: the fewest for a complete graph, though not proven here


@pytest.mark.timeout(120)  # the old step budget took hours here: a hang guard, not a speed figure
def test_a_standard_library_sized_component_is_answered_greedily_within_the_work_budget():
    """Hundreds of modules importing one another (as a standard library's do): the exact search
    stops at its budget of edges looked at, not after thousands of whole-component searches."""
    members = [f"m{i:03}" for i in range(400)]
    edges = graph(*(f"{members[i]}>{members[(i * 7 + k) % 400]}" for i in range(400) for k in (1, 3, 11)))
    found = fewest_edges_to_break(edges, members)
    assert not found.minimal and acyclic_without(edges, members, found.edges)


def test_edges_leaving_the_component_are_never_chosen():
    edges = graph("a>b", "b>a", "b>outside", "outside>elsewhere")
    assert fewest_edges_to_break(edges, "ab").edges == (("a", "b"),)


@settings(max_examples=60, deadline=None)
@given(st.sets(st.tuples(st.sampled_from("abcdef"), st.sampled_from("abcdef")), min_size=1, max_size=14))
def test_any_answer_leaves_no_cycle_and_a_proven_one_is_the_fewest(pairs):
    edges = graph(*(f"{a}>{b}" for a, b in pairs if a != b))
    members = sorted(edges)
    found = fewest_edges_to_break(edges, members)
    assert acyclic_without(edges, members, found.edges)
    if found.minimal:
        all_edges = [(s, t) for s in members for t in edges[s]]
        smaller = itertools.combinations(all_edges, len(found.edges) - 1) if found.edges else []
        assert not any(acyclic_without(edges, members, subset) for subset in smaller)
