"""What every language's hand-written call-graph suite must show (tests/<language>_suite).

Each suite is scanned case by case as the engine scans a repository (tests/suites.py). Per
language: at least 25 programs over enough categories, expectations that are sorted PyCG JSON
naming exactly the case's modules, types and functions, edge precision >= 0.95 and recall
>= 0.85 over the suite, recall >= 0.85 in every category but `hard/` (the cases written to go
past what the resolver does), and no edge at all where the language gives no static target.
The per-language files (test_<language>_suite.py) hold what is particular to one language.
"""

from __future__ import annotations

import pytest

from codeintel.resolve.accuracy import Score
from tests import suites

SUITES = {
    # suite: (fewest categories, categories whose calls have no static target: no edge may be guessed)
    "go_suite": (12, ("interfaces", "closures", "function_values")),
    "java_suite": (10, ("overloads", "lambdas_and_anonymous", "external_types")),
    "rust_suite": (10, ("closures", "constructors", "traits")),
    "c_suite": (10, ("function_pointers", "shadowing", "ambiguous", "preprocessor")),
    "cpp_suite": (10, ("function_pointers", "lambdas", "stdlib", "inheritance")),
    "js_suite": (7, ()),  # its per-language figures are in test_js_suite.py
}

_scores: dict[str, tuple[Score, dict[str, Score]]] = {}


def scores_of(suite: str) -> tuple[Score, dict[str, Score]]:
    if suite not in _scores:
        _scores[suite] = suites.scores(suite)
    return _scores[suite]


@pytest.mark.parametrize("suite", sorted(SUITES))
def test_each_suite_has_at_least_25_programs_over_enough_categories(suite):
    found = suites.cases(suite)
    assert len(found) >= 25
    assert len({case.parent.name for case in found}) >= SUITES[suite][0]


@pytest.mark.parametrize("suite", sorted(SUITES))
def test_every_expectation_is_sorted_pycg_json_naming_every_definition(suite):
    assert suites.badly_formed(suite) == []


@pytest.mark.parametrize("suite", sorted(SUITES))
def test_precision_and_recall_over_the_whole_suite(suite):
    overall, _ = scores_of(suite)
    assert overall.precision >= 0.95, overall.spurious
    assert overall.recall >= 0.85, overall.missing


@pytest.mark.parametrize("suite", sorted(SUITES))
def test_recall_in_every_category_but_the_hard_cases(suite):
    _, by_category = scores_of(suite)
    low = {c: round(s.recall, 3) for c, s in by_category.items() if s.recall < 0.85 and c != "hard"}
    assert low == {}


@pytest.mark.parametrize("suite", sorted(SUITES))
def test_no_edge_is_a_guess_where_the_language_gives_no_static_target(suite):
    _, by_category = scores_of(suite)
    for category in SUITES[suite][1]:
        assert by_category[category].spurious == [], category
