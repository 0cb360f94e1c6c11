"""The grouping behind split_module, on graphs drawn by hand: which definitions stay, which
parts leave, and in what order they can be moved without an import cycle."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from codeintel.planning.python.communities import BODY, MIN_SIZE, Parts, Split, UseGraph, communities, split_uses


def graph(edges: str, names: str = "", outside: dict[str, int] | None = None) -> UseGraph:
    """`edges` as 'a>b a>c ...' (a uses b once; repeat an edge to weigh it more; `body` is the
    module's top-level code); `names` adds
    definitions without edges; definition order is first appearance."""
    uses: dict[tuple[str, str], int] = {}
    order: list[str] = []
    for pair in edges.split():
        a, b = (BODY if n == "body" else n for n in pair.split(">"))
        uses[(a, b)] = uses.get((a, b), 0) + 1
        order += [n for n in (a, b) if n != BODY and n not in order]
    order += [n for n in names.split() if n not in order]
    return UseGraph(names=order, uses=uses, outside_uses=outside or {})


def as_sets(split: Split) -> tuple[set[str], list[set[str]]]:
    return set(split.keep), [set(p) for p in split.parts]


TRIANGLES = "a1>a2 a2>a3 a3>a1 b1>b2 b2>b3 b3>b1 c1>c2 c2>c3 c3>c1"


def test_two_dense_groups_joined_by_one_use_become_two_modules():
    g = graph("a1>a2 a2>a3 a3>a1 b1>b2 b2>b3 b3>b1 a1>b1", outside={"a1": 3, "b2": 1})
    assert as_sets(split_uses(g)) == ({"a1", "a2", "a3"}, [{"b1", "b2", "b3"}])


def test_the_part_other_modules_use_most_stays_even_when_smaller():
    g = graph("a1>a2 a2>a1 b1>b2 b2>b3 b3>b1", outside={"a2": 5, "b1": 1})
    assert as_sets(split_uses(g)) == ({"a1", "a2"}, [{"b1", "b2", "b3"}])


def test_without_outside_uses_the_largest_part_stays():
    g = graph("a1>a2 a2>a1 b1>b2 b2>b3 b3>b1")
    assert as_sets(split_uses(g)) == ({"b1", "b2", "b3"}, [{"a1", "a2"}])


def test_three_triangles_become_three_modules():
    keep, parts = as_sets(split_uses(graph(TRIANGLES, outside={"b2": 1})))
    assert keep == {"b1", "b2", "b3"}
    assert sorted(map(sorted, parts)) == [["a1", "a2", "a3"], ["c1", "c2", "c3"]]


def test_max_parts_merges_the_smallest_leaving_part_into_its_closest_neighbour():
    g = graph(TRIANGLES + " c4>c1 c1>c4 a1>c1 a1>c2", outside={"b1": 1})
    assert as_sets(split_uses(g, max_parts=2)) == ({"b1", "b2", "b3"}, [{"a1", "a2", "a3", "c1", "c2", "c3", "c4"}])


def test_parts_that_use_each_other_both_ways_are_one_part():
    g = graph("a1>a2 a2>a1 b1>b2 b2>b1 a1>b1 b2>a2", outside={"a1": 1})
    split = split_uses(g)
    assert as_sets(split) == ({"a1", "a2", "b1", "b2"}, [])


def test_a_definition_used_by_nothing_stays():
    g = graph("a1>a2 a2>a3 a3>a1 b1>b2 b2>b1 b2>b1", names="lonely", outside={"a1": 1})
    assert as_sets(split_uses(g)) == ({"a1", "a2", "a3", "lonely"}, [{"b1", "b2"}])


def test_private_helpers_of_a_single_part_go_with_it():
    # Louvain cuts the b's from the class a1 that alone uses them; nothing outside uses the b's
    g = graph("a1>a2 a2>a1 a1>b1 a1>b2 b1>b3 b2>b3 c1>c2 c2>c3 c3>c1", outside={"a1": 1, "c1": 2})
    assert {"b1", "b2", "b3"} in communities(g)
    assert as_sets(split_uses(g)) == ({"c1", "c2", "c3"}, [{"a1", "a2", "b1", "b2", "b3"}])


def test_a_part_too_small_for_a_module_joins_the_part_it_uses():
    g = graph("a1>a2 a2>a3 a3>a1 b1>b2 b2>b3 b3>b1 c1>c2 c2>c1 c1>b1 a1>c2", outside={"a1": 1, "b1": 1, "c1": 1})
    assert {"c1", "c2"} in communities(g)
    assert as_sets(split_uses(g, min_size=3)) == ({"a1", "a2", "a3"}, [{"b1", "b2", "b3", "c1", "c2"}])


def test_the_part_the_module_body_needs_stays_even_when_another_is_used_more():
    # the b's read a constant of the module, and module-level code calls b1: they cannot leave,
    # so the a's, though other modules use them, leave instead
    g = graph("a1>a2 a2>a3 a3>a1 b1>b2 b2>b3 b3>b1 b2>body body>b1", outside={"a1": 5})
    assert as_sets(split_uses(g)) == ({"b1", "b2", "b3"}, [{"a1", "a2", "a3"}])


def test_a_part_may_use_the_module_body_when_the_module_does_not_use_it():
    g = graph("a1>a2 a2>a3 a3>a1 b1>b2 b2>b3 b3>b1 b2>body b3>body", outside={"a1": 1})
    assert as_sets(split_uses(g)) == ({"a1", "a2", "a3"}, [{"b1", "b2", "b3"}])


def test_parts_the_staying_part_depends_on_move_dependencies_first():
    # the staying a's use the b's, the b's use the c's: c moves first, then b
    g = graph(TRIANGLES + " a1>b1 b1>c1", outside={"a1": 2, "b1": 1, "c1": 1})
    assert as_sets(split_uses(g)) == ({"a1", "a2", "a3"}, [{"c1", "c2", "c3"}, {"b1", "b2", "b3"}])


def test_parts_that_depend_on_the_staying_part_move_users_first():
    # the c's use the b's, which use the staying a's: c moves first, so the module never imports it back
    g = graph(TRIANGLES + " c1>b1 b1>a1", outside={"a1": 2, "b1": 1, "c1": 1})
    assert as_sets(split_uses(g)) == ({"a1", "a2", "a3"}, [{"c1", "c2", "c3"}, {"b1", "b2", "b3"}])


def test_the_grouping_does_not_depend_on_the_order_edges_are_given_in():
    g = graph(TRIANGLES + " a1>b1 b1>c1 c2>a3", outside={"b1": 1})
    shuffled = UseGraph(names=g.names, uses=dict(reversed(list(g.uses.items()))), outside_uses=g.outside_uses)
    assert split_uses(g) == split_uses(shuffled)


def test_a_module_whose_definitions_all_work_together_has_no_parts():
    g = graph("a>b b>c c>d d>a a>c", outside={"a": 1})
    assert as_sets(split_uses(g)) == ({"a", "b", "c", "d"}, [])


def test_parts_in_separate_cycles_each_merge_into_one():
    # a <-> d and b <-> c: after the first merge the groups are renumbered (the merged group sorts
    # by its first definition), so the second cycle must be found by its groups, not its indices
    g = graph("a>d d>a b>c c>b")
    body = {BODY}
    parts = Parts([{"a"}, {"b"}, {"c"}, {"d"}, body], body, g, {"a": 0, "b": 1, "c": 2, "d": 3, BODY: -1})
    assert parts.merge_cycles()
    assert sorted(map(sorted, parts.groups)) == [[BODY], ["a", "d"], ["b", "c"]]


# ---------------------------------------------------------------- on any graph


@st.composite
def use_graphs(draw):
    names = [f"f{i}" for i in range(draw(st.integers(1, 14)))]
    ends = st.sampled_from([*names, BODY])
    pairs = draw(st.lists(st.tuples(ends, ends), max_size=40))
    uses = {(a, b): 1 for a, b in pairs if a != b}
    outside = draw(st.dictionaries(st.sampled_from(names), st.integers(0, 3), max_size=5))
    return UseGraph(names=names, uses=uses, outside_uses=outside)


def modules_acyclic(graph: UseGraph, moved: list[frozenset[str]]) -> bool:
    """Whether the modules form no import cycle once `moved` have left (the rest, with BODY, is the module)."""
    home = {name: index for index, part in enumerate(moved, start=1) for name in part}
    edges = {(home.get(a, 0), home.get(b, 0)) for a, b in graph.uses}
    digraph = nx.DiGraph([(i, j) for i, j in edges if i != j])
    return nx.is_directed_acyclic_graph(digraph)


@settings(max_examples=300, deadline=None)
@given(use_graphs(), st.integers(2, 5))
def test_every_definition_lands_once_within_the_cap_and_every_move_is_legal(graph, max_parts):
    split = split_uses(graph, max_parts=max_parts)
    placed = [set(split.keep), *map(set, split.parts)]
    assert sorted(name for group in placed for name in group) == sorted(graph.names)
    assert len(placed) <= max_parts
    assert all(len(part) >= MIN_SIZE for part in split.parts)
    assert all(modules_acyclic(graph, list(split.parts[:done])) for done in range(len(split.parts) + 1))
