"""Scan the multi-language corpus of ../shared/bench/fetch_corpus.sh, per language and whole, against
the parse-only floor, with peak memory.

For each language of the tier, on the files the scan itself lists:
  (a) floor: a single-process loop that reads each file and runs the tree-sitter parse, nothing else
  (b) extraction alone: the same loop running the language's extractor (parse + queries -> FileFacts)
  (c) `codeintel scan` of that language's projects as one repository (list, hash, parse+extract,
      resolve, write the graph), on Ray or in-process; a project's few files in other languages
      (django's Gruntfile.js) are scanned with it but not counted in its files and lines
Then (d) one scan of the whole tier as one repository, with the analyses after it (the seconds
each analysis took and what it found, from the analyses' record). Peak memory is sampled every 0.5 s: the
resident memory of this process and all its children (Ray's raylet, GCS, workers: shared pages
counted in each, so an upper bound) and the machine's used memory above what it was at the start
(the figure that has to fit in the machine).

The tier is laid out with hard links (`cp -al`, no data copied) under a work folder, one folder
per language, so the same bytes are scanned as fetched. Usage:

    bash ../shared/bench/fetch_corpus.sh bench        # or large; prints the cache folder
    python benchmarks/corpus.py --tier bench [--ray/--no-ray] [--languages c,go] [--skip-per-language]
        [--max-file-bytes N] [--gitignore] [--json OUT]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")

BENCH = {
    "python": ["cpython-3.11-stdlib", "django-5.2.19"],
    "javascript": ["lodash-4.18.1", "three-0.187.0-src"],
    "typescript": ["zod-4.6.7-src", "rxjs-7.8.2-src"],
    "go": ["go-1.19-src-subset"],
    "rust": ["crates-6"],
    "java": ["jdk17-util-javac"],
    "c": ["xorg-server"],
}
LARGE = {
    "python": ["cpython-3.11-tests", "sympy-1.14.0"],
    "javascript": ["typescript-5.9.3", "webpack-5.113.0", "three-0.187.0-jsm"],
    "typescript": ["effect-4.1.0-src"],
    "go": ["go-1.19-full"],
    "java": ["jdk17-full"],
    "c": ["linux-6.1", "openvswitch"],
}
"""What fetch_corpus.sh's large tier adds to the bench tier, by the folder it unpacks into."""


def tier_projects(tier: str) -> dict[str, list[str]]:
    projects = {language: list(names) for language, names in BENCH.items()}
    if tier == "large":
        for language, names in LARGE.items():
            projects.setdefault(language, []).extend(names)
    return projects


def lay_out(cache: Path, projects: dict[str, list[str]], into: Path) -> None:
    for language, names in projects.items():
        for name in names:
            source = cache / "src" / language / name
            if not (source / ".done").exists():
                raise SystemExit(f"{source} is missing: run ../shared/bench/fetch_corpus.sh first")
            if (into / language / name).exists():
                continue  # laid out by an earlier run with the same --work
            (into / language).mkdir(parents=True, exist_ok=True)
            subprocess.run(["cp", "-al", str(source), str(into / language / name)], check=True)


class MemorySampler:
    """Peak RSS of this process tree and peak machine memory in use above the starting level."""

    def __init__(self, interval: float = 0.5) -> None:
        import psutil

        self._psutil = psutil
        self.interval = interval
        self.baseline = psutil.virtual_memory().used
        self.peak_tree = 0
        self.peak_used = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        me = self._psutil.Process()
        while not self._stop.is_set():
            total = 0
            for process in [me, *me.children(recursive=True)]:
                with contextlib.suppress(self._psutil.Error):
                    total += process.memory_info().rss
            self.peak_tree = max(self.peak_tree, total)
            self.peak_used = max(self.peak_used, self._psutil.virtual_memory().used - self.baseline)
            self._stop.wait(self.interval)

    def figures(self) -> dict[str, float]:
        gib = 1024**3
        return {"peak_tree_rss_gib": round(self.peak_tree / gib, 2), "peak_used_gib": round(self.peak_used / gib, 2)}


def grammar_parser(language: str, path: str):
    import tree_sitter

    if language == "typescript":
        import tree_sitter_typescript as module

        raw = module.language_tsx() if path.endswith(".tsx") else module.language_typescript()
    else:
        module = __import__({"cpp": "tree_sitter_cpp", "c": "tree_sitter_c"}.get(language, f"tree_sitter_{language}"))
        raw = module.language()
    return tree_sitter.Parser(tree_sitter.Language(raw))


def loop_seconds(root: Path, language: str, paths: list[str], extract: bool) -> float:
    """One process, one file at a time: the parse alone, or the whole extractor."""
    from codeintel.languages import EXTRACTORS

    parsers: dict[str, object] = {}
    extractor = EXTRACTORS[language]
    started = time.perf_counter()
    for path in paths:
        data = (root / path).read_bytes()
        if extract:
            extractor(data, path, "h")
            continue
        key = "tsx" if path.endswith(".tsx") else language
        parser = parsers.get(key) or parsers.setdefault(key, grammar_parser(language, path))
        parser.parse(data)
    return time.perf_counter() - started


def scan(root: Path, data_dir: Path, use_ray: bool):
    from codeintel.config import load_settings
    from codeintel.scan.engine import ScanEngine
    from pipeline.scan import RayScanRunner

    # the embedding stage is measured on its own (benchmarks/embeddings.py, gpu.py): on these CPUs it
    # would add about half an hour per million lines to figures that measure the scan and the analyses
    settings = load_settings(data_dir=data_dir, embeddings={"after_scan": False})
    engine = ScanEngine(settings, ray_runner=RayScanRunner) if use_ray else ScanEngine(settings)
    with MemorySampler() as memory:
        started = time.perf_counter()
        summary = engine.scan(str(root), use_ray=use_ray)
        wall = time.perf_counter() - started
    return summary, wall, memory.figures()


def analysis_record(data_dir: Path, repo_id: str) -> dict:
    """The analyses' record of the scan: seconds per analysis and per input, findings per kind, and
    what failed or was skipped."""
    from contextlib import closing

    from codeintel.config import load_settings
    from codeintel.store import open_metastore

    with closing(open_metastore(load_settings(data_dir=data_dir))) as meta:
        record = meta.analysis_record(repo_id)
    return {} if record is None else record.model_dump(include={"seconds", "counts", "errors", "skipped"})


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--tier", choices=("bench", "large"), default="bench")
    ap.add_argument("--cache", type=Path, default=Path(os.environ.get("CORPUS_CACHE", "~/.cache/codeintel-corpus")))
    ap.add_argument("--ray", action=argparse.BooleanOptionalAction, default=True)
    ap.add_argument("--languages", help="comma-separated subset (default: every language of the tier)")
    ap.add_argument("--skip-per-language", action="store_true", help="only the whole-tier scan (d)")
    ap.add_argument("--skip-whole", action="store_true", help="only the per-language rows")
    ap.add_argument("--work", type=Path, help="work folder (default: a new temporary one, removed after)")
    ap.add_argument("--max-file-bytes", type=int, help="scan files up to this size (default: the settings' 1 MiB)")
    ap.add_argument(
        "--gitignore",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="honour the projects' .gitignore files (default: no; the corpus is release tarballs, and "
        "Debian's linux-source ignores its whole top level)",
    )
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    if args.max_file_bytes:
        os.environ["CODEINTEL_INGEST__MAX_FILE_BYTES"] = str(args.max_file_bytes)
    os.environ["CODEINTEL_INGEST__HONOUR_GITIGNORE"] = "true" if args.gitignore else "false"

    from codeintel.config import load_settings
    from codeintel.ingest import list_files, resolve_source
    from codeintel.languages import EXTRACTORS

    projects = tier_projects(args.tier)
    if args.languages:
        wanted = set(args.languages.split(","))
        projects = {language: names for language, names in projects.items() if language in wanted}
    work = args.work or Path(tempfile.mkdtemp(prefix="codeintel-corpus-"))
    corpus = work / "corpus"
    shutil.rmtree(work / "data", ignore_errors=True)
    lay_out(args.cache.expanduser(), projects, corpus)

    settings = load_settings(data_dir=work / "data" / "listing")
    listing = list_files(resolve_source(str(corpus), None, settings.checkouts_path), settings.ingest, set(EXTRACTORS))
    by_language: dict[str, list[str]] = defaultdict(list)  # a language's files in its own projects' folder
    for ref in listing.files:
        if ref.path.split("/", 1)[0] == ref.language:
            by_language[ref.language].append(ref.path)
    lines = {
        language: sum((corpus / p).read_bytes().count(b"\n") for p in paths) for language, paths in by_language.items()
    }
    skipped: dict[str, int] = defaultdict(int)
    for item in listing.skipped:
        skipped[item.reason] += 1
    print(f"tier {args.tier}: {len(listing.files)} files listed, skipped {dict(skipped)}, {os.cpu_count()} CPUs")

    if args.ray:
        import ray

        ray.init(include_dashboard=False, log_to_driver=False, configure_logging=False)
        ray.data.DataContext.get_current().enable_progress_bars = False

    rows = []
    if not args.skip_per_language:
        for language in sorted(projects):
            paths = by_language.get(language, [])
            if not paths:
                continue
            floor = loop_seconds(corpus / language, language, [p.split("/", 1)[1] for p in paths], extract=False)
            extraction = loop_seconds(corpus / language, language, [p.split("/", 1)[1] for p in paths], extract=True)
            summary, wall, memory = scan(corpus / language, work / "data" / language, args.ray)
            n, n_lines = len(paths), lines[language]
            row = {
                "language": language,
                "files": n,
                "lines": n_lines,
                "floor_s": round(floor, 2),
                "floor_lines_per_s": round(n_lines / floor),
                "extract_s": round(extraction, 2),
                "extract_lines_per_s": round(n_lines / extraction),
                "scan_s": round(wall, 2),
                "scan_files_per_s": round(n / wall),
                "scan_lines_per_s": round(n_lines / wall),
                "scan_x_floor": round(wall / floor, 2),
                "stages": summary.seconds,
                "files_failed": len(summary.files_failed),
                "files_with_syntax_errors": summary.files_with_syntax_errors,
                "resolution": summary.resolution,
                "nodes": summary.nodes_by_label,
                "edges": summary.edges_by_type,
                **memory,
            }
            rows.append(row)
            print(json.dumps(row))
            shutil.rmtree(work / "data" / language, ignore_errors=True)

    whole = None
    if not args.skip_whole:
        summary, wall, memory = scan(corpus, work / "data" / "whole", args.ray)
        whole = {
            "files": summary.files_parsed,
            "lines": summary.lines,
            "scan_s": round(wall, 2),
            "files_per_s": round(summary.files_parsed / wall),
            "lines_per_s": round(summary.lines / wall),
            "stages": summary.seconds,
            "analysis": analysis_record(work / "data" / "whole", summary.repo_id),
            "files_by_language": summary.files_by_language,
            "files_failed": len(summary.files_failed),
            "files_with_syntax_errors": summary.files_with_syntax_errors,
            "resolution": summary.resolution,
            "nodes": summary.nodes_by_label,
            "edges": summary.edges_by_type,
            **memory,
        }
        print(json.dumps(whole))
    if args.ray:
        ray.shutdown()

    report = {"tier": args.tier, "cpus": os.cpu_count(), "ray": args.ray, "per_language": rows, "whole": whole}
    if args.json:
        args.json.write_text(json.dumps(report, indent=2))
    if rows:
        print(
            f"\n{'language':11} {'files':>6} {'lines':>9} {'floor l/s':>10} {'extract l/s':>11} "
            f"{'scan s':>7} {'files/s':>7} {'lines/s':>8} {'x floor':>7} {'peak GiB':>8}"
        )
        for r in rows:
            print(
                f"{r['language']:11} {r['files']:6d} {r['lines']:9d} {r['floor_lines_per_s']:10d} "
                f"{r['extract_lines_per_s']:11d} {r['scan_s']:7.1f} {r['scan_files_per_s']:7d} "
                f"{r['scan_lines_per_s']:8d} {r['scan_x_floor']:7.1f} {r['peak_used_gib']:8.2f}"
            )
    if args.work is None:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
