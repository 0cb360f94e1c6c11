"""A scan of real code counts what Python's own `ast` counts (a sample of the stdlib here;
`benchmarks/stdlib_counts.py` does the whole stdlib)."""

from __future__ import annotations

import shutil
import sysconfig
from pathlib import Path

from benchmarks.stdlib_counts import graph_counts
from codeintel.config import load_settings
from codeintel.scan.ast_check import compare_scan_with_ast
from codeintel.scan.engine import ScanEngine

STDLIB = Path(sysconfig.get_paths()["stdlib"])


def test_scan_counts_agree_with_ast_on_a_stdlib_sample(tmp_path):
    every_tenth = sorted(p for p in STDLIB.rglob("*.py") if "site-packages" not in p.parts)[::10]
    sample = tmp_path / "sample"
    for source in every_tenth:
        target = sample / source.relative_to(STDLIB)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, target)
    settings = load_settings(data_dir=tmp_path / "data")
    summary = ScanEngine(settings).scan(str(sample), use_ray=False)

    comparison = compare_scan_with_ast(sample, graph_counts(settings, summary.repo_id))
    assert comparison.by_scan.files > 150
    assert all(difference <= 0.01 for difference in comparison.relative_differences().values()), comparison
