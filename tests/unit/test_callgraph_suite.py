"""The Python call graph against the hand-written ground truth of tests/callgraph_suite.

Every case is scanned as its own repository and exported as `codeintel callgraph --format
pycg` would; edges are compared with the case's expected.json, written from what Python does
(see the suite's README for the conventions). Targets: precision >= 0.98 and recall >= 0.95
over the suite, recall >= 0.85 in every category.
"""

from __future__ import annotations

import json

import pytest

from benchmarks.callgraph_accuracy import SUITE, cases, evaluate
from codeintel.resolve.accuracy import Score


@pytest.fixture(scope="module")
def scores() -> tuple[Score, dict[str, Score], dict[str, int]]:
    return evaluate(SUITE)


def test_suite_has_at_least_120_cases_in_at_least_15_categories():
    found = cases(SUITE)
    assert len(found) >= 120
    assert len({case.parent.name for case in found}) >= 15


def test_every_expectation_is_sorted_pycg_json():
    for case in cases(SUITE):
        expected = json.loads((case / "expected.json").read_text())
        assert list(expected) == sorted(expected), case
        for caller, callees in expected.items():
            assert callees == sorted(set(callees)), (case, caller)


def test_precision_and_recall_over_the_whole_suite(scores):
    overall, _, _ = scores
    assert overall.precision >= 0.98, overall.spurious
    assert overall.recall >= 0.95, overall.missing


def test_recall_in_every_category(scores):
    _, by_category, _ = scores
    low = {category: round(score.recall, 3) for category, score in by_category.items() if score.recall < 0.85}
    assert low == {}
