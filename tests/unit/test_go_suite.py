"""The Go call graph against the hand-written ground truth of tests/go_suite.

Every case folder is extracted with the Go extractor and built into graph rows by the graph
builder, with GoAnalysis registered for "go" in ANALYSES (as the lead will register it); its
CALLS edges, named as the PyCG export names them, are compared with the case's expected.json,
written from Go's semantics (see the suite's README). Targets: precision >= 0.95 and recall
>= 0.85 over the suite.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from codeintel.languages.go import extract_go
from codeintel.languages.manifests import extract_gomod
from codeintel.resolve import ANALYSES
from codeintel.resolve.accuracy import Score
from codeintel.resolve.build import GraphBuilder
from codeintel.resolve.go import GoAnalysis

SUITE = Path(__file__).resolve().parent.parent / "go_suite"


def cases() -> list[Path]:
    return sorted(path.parent for path in SUITE.glob("*/*/expected.json"))


def pycg_of(case: Path) -> dict[str, list[str]]:
    """What `codeintel callgraph --format pycg` gives for the case scanned as a repository."""
    facts = {}
    for file in sorted(case.rglob("*.go")):
        path = file.relative_to(case).as_posix()
        facts[path] = extract_go(file.read_bytes(), path, path)
    for file in sorted(case.rglob("go.mod")):
        path = file.relative_to(case).as_posix()
        facts[path] = extract_gomod(file.read_bytes(), path, path)
    builder = GraphBuilder("r", facts)
    result = builder.build(node_files=facts, edge_files=facts)
    builder.close()
    names = {}
    for label, rows in result.batch.nodes.items():
        for row in rows:
            names[row["id"]] = row["qualname"] if label in ("Class", "Function") else row.get("name", row["id"])
    graph: dict[str, set[str]] = {}
    for label in ("Module", "Class", "Function"):
        for row in result.batch.nodes.get(label, ()):
            graph.setdefault(names[row["id"]], set())
    for edge in result.batch.edges:
        if edge.type == "CALLS":
            graph.setdefault(names[edge.src], set()).add(names[edge.dst])
    return {key: sorted(values) for key, values in sorted(graph.items())}


@pytest.fixture(scope="module")
def scores() -> tuple[Score, dict[str, Score]]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(ANALYSES, "go", GoAnalysis)
        overall = Score()
        by_category: dict[str, Score] = {}
        for case in cases():
            name = f"{case.parent.name}/{case.name}"
            expected = json.loads((case / "expected.json").read_text())
            actual = pycg_of(case)
            overall.add(name, expected, actual)
            by_category.setdefault(case.parent.name, Score()).add(name, expected, actual)
    return overall, by_category


def test_suite_has_at_least_25_cases_in_at_least_12_categories():
    found = cases()
    assert len(found) >= 25
    assert len({case.parent.name for case in found}) >= 12


def test_every_expectation_is_sorted_pycg_json_naming_every_definition():
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(ANALYSES, "go", GoAnalysis)
        for case in cases():
            expected = json.loads((case / "expected.json").read_text())
            assert list(expected) == sorted(expected), case
            for caller, callees in expected.items():
                assert callees == sorted(set(callees)), (case, caller)
            assert set(expected) == set(pycg_of(case)), case  # the same modules, types and functions


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


if __name__ == "__main__":  # pragma: no cover - a report: python tests/unit/test_go_suite.py
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(ANALYSES, "go", GoAnalysis)
        total = Score()
        categories: dict[str, Score] = {}
        for case in cases():
            expected = json.loads((case / "expected.json").read_text())
            actual = pycg_of(case)
            total.add(f"{case.parent.name}/{case.name}", expected, actual)
            categories.setdefault(case.parent.name, Score()).add(case.name, expected, actual)
    for category, score in sorted(categories.items()):
        print(f"{category:20} precision {score.precision:.3f} recall {score.recall:.3f}")
    print(f"{'all':20} precision {total.precision:.3f} recall {total.recall:.3f} ({len(cases())} cases)")
    print("missing:", *total.missing, sep="\n  ")
    print("spurious:", *total.spurious, sep="\n  ")
