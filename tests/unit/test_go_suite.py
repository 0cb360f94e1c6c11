"""The Go call graph against the hand-written ground truth of tests/go_suite.

Every case folder (its Go files and go.mod) is scanned as its own repository with the registered
extractors and analyses (tests/suites.py); its CALLS edges are compared with the case's
expected.json, written from Go's semantics (see the suite's README). Targets: precision >= 0.95
and recall >= 0.85 over the suite.
"""

from __future__ import annotations

import pytest

from codeintel.languages.go import extract_go
from codeintel.resolve.accuracy import Score
from codeintel.resolve.go import GoAnalysis
from tests import suites
from tests.suites import TESTS

SUITE = TESTS / "go_suite"


@pytest.fixture(scope="module")
def scores() -> tuple[Score, dict[str, Score]]:
    return suites.scores("go_suite")


def test_suite_has_at_least_25_cases_in_at_least_12_categories():
    found = suites.cases("go_suite")
    assert len(found) >= 25
    assert len({case.parent.name for case in found}) >= 12


def test_every_expectation_is_sorted_pycg_json_naming_every_definition():
    assert suites.badly_formed("go_suite") == []


def test_precision_and_recall_over_the_whole_suite(scores):
    overall, _ = scores
    assert overall.precision >= 0.95, overall.spurious
    assert overall.recall >= 0.85, overall.missing


def test_recall_in_every_category_but_the_known_hard_cases(scores):
    _, by_category = scores
    low = {c: round(s.recall, 3) for c, s in by_category.items() if s.recall < 0.85 and c != "hard"}
    assert low == {}


def test_no_edge_is_a_guess_in_the_categories_without_static_targets(scores):
    _, by_category = scores
    for category in ("interfaces", "closures", "function_values"):
        assert by_category[category].spurious == [], category


def test_imports_counts_and_external_kinds_of_a_case():
    case = SUITE / "cross_package" / "no_gomod"
    facts = {}
    for file in sorted(case.rglob("*.go")):
        path = file.relative_to(case).as_posix()
        facts[path] = extract_go(file.read_bytes(), path, path)
    analysis = GoAnalysis(facts, facts)
    analysis.solve()
    main = "cmd/tool/main.go"
    (imp,) = facts[main].imports
    assert analysis.import_targets(main, imp) == [("m", "pkg/util/util.go")]
    assert analysis.import_status(main, imp) == "internal"
    (fmt,) = facts["pkg/util/util.go"].imports
    assert analysis.import_targets("pkg/util/util.go", fmt) == [("e", "fmt")]
    assert analysis.call_site_counts() == {"internal": 1, "external": 1}
    assert analysis.module_name(main) == "cmd.tool.main"
    assert GoAnalysis.external_kind("net/http.Get") == "stdlib"
    assert GoAnalysis.external_kind("github.com/pkg/errors.Wrap") == "third_party"
    analysis.release()


if __name__ == "__main__":  # pragma: no cover - a report: python -m tests.unit.test_go_suite
    suites.report("go_suite")
