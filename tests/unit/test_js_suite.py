"""The JavaScript and TypeScript call graph against the hand-written ground truth of
tests/js_suite.

Every case (its scripts and tsconfig files) is scanned as its own repository with the
registered extractors and analyses (tests/suites.py); its CALLS edges are compared with the
case's expected.json (see the suite's README). Targets: precision >= 0.95 and recall >= 0.85
for each language.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from codeintel.languages.javascript import extract_javascript, extract_typescript
from codeintel.resolve.accuracy import Score
from codeintel.resolve.build import GraphBuilder
from tests import suites

TS = (".ts", ".tsx", ".mts", ".cts")


def cases() -> list[Path]:
    return suites.cases("js_suite")


def language_of(case: Path) -> str:
    return "typescript" if any(p.suffix in TS for p in case.rglob("*")) else "javascript"


@pytest.fixture(scope="module")
def scores() -> tuple[Score, dict[str, Score], dict[str, Score]]:
    overall, by_language, by_category = Score(), {}, {}
    for case in cases():
        name = suites.name_of(case)
        expected, actual = suites.expected_of(case), suites.pycg_of(case)
        overall.add(name, expected, actual)
        by_language.setdefault(language_of(case), Score()).add(name, expected, actual)
        by_category.setdefault(case.parent.name, Score()).add(name, expected, actual)
    return overall, by_language, by_category


def test_suite_has_at_least_25_cases_and_8_typescript_ones():
    found = cases()
    assert len(found) >= 25
    assert sum(language_of(case) == "typescript" for case in found) >= 8


def test_every_expectation_is_sorted_pycg_json_naming_every_definition():
    assert suites.badly_formed("js_suite") == []


@pytest.mark.parametrize("language", ["javascript", "typescript"])
def test_precision_and_recall_per_language(scores, language):
    _, by_language, _ = scores
    score = by_language[language]
    assert score.precision >= 0.95, score.spurious
    assert score.recall >= 0.85, score.missing


def test_precision_and_recall_overall_and_per_category(scores):
    overall, _, by_category = scores
    assert overall.precision >= 0.95, overall.spurious
    assert overall.recall >= 0.85, overall.missing
    low = {category: round(score.recall, 3) for category, score in by_category.items() if score.recall < 0.75}
    assert low == {}


def report() -> None:
    """`python -m tests.unit.test_js_suite`: the figures, and every missing or spurious edge."""
    overall, by_language, by_category = scores.__wrapped__()
    for title, group in (("language", by_language), ("category", by_category)):
        for key, score in sorted(group.items()):
            print(f"{title} {key}: precision {score.precision:.3f} recall {score.recall:.3f}")
    print(f"overall: precision {overall.precision:.3f} recall {overall.recall:.3f}")
    print("missing:", *overall.missing, sep="\n  ")
    print("spurious:", *overall.spurious, sep="\n  ")


if __name__ == "__main__":
    report()


def _build(files: dict[str, str]):
    facts = {
        path: (extract_typescript if path.endswith(TS) else extract_javascript)(text.encode(), path, path)
        for path, text in files.items()
    }
    builder = GraphBuilder("r", facts)
    try:
        return builder.build(node_files=facts, edge_files=facts)
    finally:
        builder.close()


def _named_edges(result) -> set[tuple[str, str, str]]:
    labels = ("Module", "Class", "Function", "External")
    names = {
        row["id"]: row.get("qualname") or row["name"] for label in labels for row in result.batch.nodes.get(label, ())
    }
    return {(e.type, names[e.src], names[e.dst]) for e in result.batch.edges if e.src in names and e.dst in names}


def test_inheritance_imports_and_counts_reach_the_graph():
    result = _build(
        {
            "src/base.js": "export class Base {}\nexport function util() {}\n",
            "src/shapes.ts": (
                "import { Base, util } from './base.js';\nimport { EventEmitter } from 'node:events';\n"
                "import * as missing from './nowhere';\n"
                "export interface Named { name(): string }\n"
                "export class Shape extends Base implements Named { name() { return 's' } }\n"
                "export class Bus extends EventEmitter {}\nutil(); console.log(1);\n"
            ),
        },
    )
    edges = _named_edges(result)
    assert ("INHERITS", "src.shapes.Shape", "src.base.Base") in edges
    assert ("INHERITS", "src.shapes.Shape", "src.shapes.Named") in edges
    assert ("INHERITS", "src.shapes.Bus", "node:events.EventEmitter") in edges
    assert ("IMPORTS", "src.shapes", "src.base.util") in edges
    assert ("CALLS", "src.shapes", "src.base.util") in edges
    assert {row["name"]: row["kind"] for row in result.batch.nodes["External"]} == {
        "node:events.EventEmitter": "stdlib"
    }
    modules = sorted(row["name"] for row in result.batch.nodes["Module"])
    assert modules == ["src.base", "src.shapes"]
    stats = result.stats
    assert (stats["calls_internal"], stats["calls_unresolved"]) == (1, 1)
    assert (stats["imports_internal"], stats["imports_external"], stats["imports_unresolved"]) == (2, 1, 1)


def test_cycles_and_self_reference_give_no_target_and_no_hang():
    result = _build(
        {
            "a.js": "import { x } from './b.js';\nexport { x };\nx();\nlet p = q; let q = p; p();\n",
            "b.js": "import { x } from './a.js';\nexport { x };\nclass C extends C.D {}\nnew C();\n",
        },
    )
    assert {(src, dst) for type_, src, dst in _named_edges(result) if type_ == "CALLS"} == {("b", "b.C")}
    assert result.stats["calls_unresolved"] == 2
