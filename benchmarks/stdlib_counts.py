"""Scan the CPython stdlib and compare the graph's files, functions and classes with `ast`.

    python benchmarks/stdlib_counts.py [--root DIR] [--tolerance 0.01]

The scan runs as `codeintel scan` would (Ray when the file count calls for it) into a
temporary data folder; the graph is then asked how many Function and Class nodes each
File holds, and `ast` counts the same files independently. Exits 1 if any total differs by
more than the tolerance.
"""

from __future__ import annotations

import argparse
import os
import sys
import sysconfig
import tempfile
from collections import Counter
from pathlib import Path

os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")


def graph_counts(settings, repo: str) -> dict[str, tuple[int, int]]:
    from codeintel.graph import open_graph_store

    store = open_graph_store(settings.store.graph, settings.graph_path, read_only=True)
    try:
        files = [r["path"] for r in store.query("MATCH (f:File) WHERE f.repo = $r RETURN f.path AS path", {"r": repo})]
        functions = Counter(
            {
                r["file"]: r["n"]
                for r in store.query(
                    "MATCH (f:Function) WHERE f.repo = $r AND f.kind <> 'lambda' RETURN f.file AS file, count(f) AS n",
                    {"r": repo},
                )
            }
        )
        classes = Counter(
            {
                r["file"]: r["n"]
                for r in store.query(
                    "MATCH (c:Class) WHERE c.repo = $r RETURN c.file AS file, count(c) AS n", {"r": repo}
                )
            }
        )
    finally:
        store.close()
    return {path: (functions[path], classes[path]) for path in files}


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=Path(sysconfig.get_paths()["stdlib"]))
    ap.add_argument("--tolerance", type=float, default=0.01)
    args = ap.parse_args()

    from codeintel.config import load_settings
    from codeintel.scan.ast_check import compare_scan_with_ast
    from codeintel.scan.engine import ScanEngine
    from pipeline.scan import RayScanRunner

    with tempfile.TemporaryDirectory(prefix="codeintel-counts-") as data:
        settings = load_settings(data_dir=Path(data))
        summary = ScanEngine(settings, ray_runner=RayScanRunner).scan(str(args.root))
        comparison = compare_scan_with_ast(args.root, graph_counts(settings, summary.repo_id))
    print(f"scanned {args.root}: {sum(summary.files_by_language.values())} files ({summary.seconds['total']} s)")
    print(f"skipped by reason: {summary.skipped_by_reason}")
    print(f"files ast cannot parse (left out): {len(comparison.files_ast_cannot_parse)}")
    for path in comparison.files_ast_cannot_parse:
        print(f"  {path}")
    differences = comparison.relative_differences()
    print(f"{'':10} {'ast':>8} {'scan':>8} {'diff':>8}")
    for name, diff in differences.items():
        expected, actual = getattr(comparison.by_ast, name), getattr(comparison.by_scan, name)
        print(f"{name:10} {expected:8d} {actual:8d} {diff:8.3%}")
    return 0 if all(d <= args.tolerance for d in differences.values()) else 1


if __name__ == "__main__":
    sys.exit(main())
