"""Precision and recall of `codeintel callgraph --format pycg` on the hand-written suite.

    python benchmarks/callgraph_accuracy.py [--verbose]

Each case of tests/callgraph_suite is scanned as its own repository (in-process, embedded
stores in a temporary folder); the PyCG export is compared edge by edge with expected.json.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

from codeintel.config import load_settings
from codeintel.graph import open_graph_store
from codeintel.graph.export import callgraph_from_rows, to_pycg
from codeintel.resolve.accuracy import Score
from codeintel.scan.engine import ScanEngine

SUITE = Path(__file__).resolve().parent.parent / "tests" / "callgraph_suite"


def cases(suite: Path = SUITE) -> list[Path]:
    return sorted(path.parent for path in suite.glob("*/*/expected.json"))


def pycg_of(case: Path, data_dir: Path) -> dict[str, list[str]]:
    settings = load_settings(data_dir=data_dir)
    summary = ScanEngine(settings).scan(str(case), use_ray=False, full=True)
    store = open_graph_store(settings.store.graph, settings.graph_path, read_only=True)
    try:
        nodes = store.named_query("callgraph_nodes", repo=summary.repo_id)
        edges = store.named_query("callgraph_edges", repo=summary.repo_id)
        return to_pycg(callgraph_from_rows(nodes, edges))
    finally:
        store.close()


def evaluate(suite: Path = SUITE) -> tuple[Score, dict[str, Score], dict[str, int]]:
    """(overall score, score per category, cases per category)."""
    overall = Score()
    by_category: dict[str, Score] = {}
    counts: dict[str, int] = {}
    with tempfile.TemporaryDirectory() as tmp:
        for case in cases(suite):
            category = case.parent.name
            expected = json.loads((case / "expected.json").read_text())
            actual = pycg_of(case, Path(tmp) / "data")
            name = f"{category}/{case.name}"
            overall.add(name, expected, actual)
            by_category.setdefault(category, Score()).add(name, expected, actual)
            counts[category] = counts.get(category, 0) + 1
    return overall, by_category, counts


def main() -> None:
    overall, by_category, counts = evaluate()
    print("| category | cases | edges expected | precision | recall |")
    print("|---|---:|---:|---:|---:|")
    for category, score in sorted(by_category.items()):
        expected = score.true_positives + score.false_negatives
        print(f"| {category} | {counts[category]} | {expected} | {score.precision:.3f} | {score.recall:.3f} |")
    expected = overall.true_positives + overall.false_negatives
    total = sum(counts.values())
    print(f"| **all** | {total} | {expected} | **{overall.precision:.3f}** | **{overall.recall:.3f}** |")
    if "--verbose" in sys.argv:
        print("\nmissing:", *overall.missing, sep="\n  ")
        print("\nspurious:", *overall.spurious, sep="\n  ")


if __name__ == "__main__":
    main()
