"""Scan speed against its floor, side by side in one run, on the same files.

  (a) floor: a single-process loop that reads each file and runs the tree-sitter parse, nothing else
  (b) the full scan on Ray: list, hash, parse+extract on Ray Data, resolve, write the graph, books
      (Ray start-up is measured and reported separately, not counted in b)
  (c) the full scan in-process, no Ray
  (d) an incremental rescan after one file changed (in-process, as the CLI would pick for one file)

The corpus is copied to a temporary folder first (the stdlib by default, site-packages excluded) so
the incremental step can edit a file. Usage:

    python benchmarks/scan.py [--root DIR] [--json OUT]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sysconfig
import tempfile
import time
from pathlib import Path

os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")


def parse_only(root: Path, paths: list[str]) -> float:
    import tree_sitter
    import tree_sitter_python

    parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_python.language()))
    started = time.perf_counter()
    for path in paths:
        parser.parse((root / path).read_bytes())
    return time.perf_counter() - started


NO_EMBEDDING = {"after_scan": False}
"""The embedding stage is measured on its own (benchmarks/embeddings.py); here it would dwarf the scan."""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--root", type=Path, default=Path(sysconfig.get_paths()["stdlib"]))
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()

    from codeintel.config import load_settings
    from codeintel.ingest import list_files, resolve_source
    from codeintel.scan.engine import ScanEngine
    from pipeline.scan import RayScanRunner

    work = Path(tempfile.mkdtemp(prefix="codeintel-bench-"))
    corpus = work / "corpus"
    shutil.copytree(args.root, corpus, symlinks=True, ignore=shutil.ignore_patterns("site-packages", "__pycache__"))
    settings = load_settings(data_dir=work / "ray", embeddings=NO_EMBEDDING)
    listing = list_files(resolve_source(str(corpus), None, settings.checkouts_path), settings.ingest, {"python"})
    paths = [ref.path for ref in listing.files]
    lines = sum((corpus / p).read_bytes().count(b"\n") for p in paths)

    parse_only(corpus, paths[:50])  # warm the page cache and the grammar
    floor = parse_only(corpus, paths)

    import ray

    started = time.perf_counter()
    ray.init(include_dashboard=False, log_to_driver=False, configure_logging=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    ray_start = time.perf_counter() - started

    on_ray = ScanEngine(settings, ray_runner=RayScanRunner).scan(str(corpus), use_ray=True)
    in_process = ScanEngine(load_settings(data_dir=work / "local", embeddings=NO_EMBEDDING)).scan(
        str(corpus), use_ray=False
    )

    target = corpus / paths[len(paths) // 2]
    target.write_bytes(target.read_bytes() + b"\n\ndef _benchmark_added():\n    return len([])\n")
    incremental = ScanEngine(load_settings(data_dir=work / "local", embeddings=NO_EMBEDDING)).scan(str(corpus))
    ray.shutdown()
    shutil.rmtree(work, ignore_errors=True)

    def row(name: str, seconds: float) -> dict:
        return {
            "step": name,
            "seconds": round(seconds, 2),
            "files_per_s": round(len(paths) / seconds),
            "lines_per_s": round(lines / seconds),
            "ratio_to_floor": round(seconds / floor, 2),
        }

    report = {
        "corpus": str(args.root),
        "files": len(paths),
        "lines": lines,
        "cpus": os.cpu_count(),
        "ray_start_seconds": round(ray_start, 2),
        "rows": [
            row("(a) parse-only loop, 1 process", floor),
            row("(b) codeintel scan on Ray", on_ray.seconds["total"]),
            row("(c) codeintel scan in-process", in_process.seconds["total"]),
        ],
        "stages_on_ray": on_ray.seconds,
        "stages_in_process": in_process.seconds,
        "incremental": {
            "changed": target.name,
            "seconds": incremental.seconds["total"],
            "mode": incremental.mode,
            "parsed": incremental.files_parsed,
            "reresolved": incremental.files_reresolved,
            "stages": incremental.seconds,
        },
    }
    print(f"corpus {report['corpus']}: {len(paths)} files, {lines} lines, {report['cpus']} CPUs")
    print(f"Ray start-up (not counted): {report['ray_start_seconds']} s")
    print(f"{'step':42} {'seconds':>8} {'files/s':>8} {'lines/s':>9} {'x floor':>8}")
    for r in report["rows"]:
        print(
            f"{r['step']:42} {r['seconds']:8.2f} {r['files_per_s']:8d} {r['lines_per_s']:9d} {r['ratio_to_floor']:8.2f}"
        )
    print(f"stages on Ray: {on_ray.seconds}")
    print(f"stages in-process: {in_process.seconds}")
    inc = report["incremental"]
    print(
        f"incremental rescan after editing {inc['changed']}: {inc['seconds']} s "
        f"({inc['mode']}, parsed {inc['parsed']}, re-resolved {inc['reresolved']}) {inc['stages']}"
    )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))


if __name__ == "__main__":
    main()
