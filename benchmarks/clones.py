"""Time clone detection (codeintel/analysis/clones.py) on a million lines and more of real code,
and jscpd on the same files.

    bash ../shared/bench/fetch_corpus.sh bench                # ~/.cache/codeintel-corpus, 2.67M lines
    npm install --prefix benchmarks/.node jscpd@5.3.3         # optional: jscpd 5 (Rust) for comparison
    npm install --prefix benchmarks/.node/v4 jscpd@4.3.0      # optional: jscpd 4 (JavaScript)
    python benchmarks/clones.py [--projects mixed|all|NAME,NAME] [--workers 2] [--jscpd-timeout 600]
        [--no-jscpd] [--json OUT]

Files: every file of the chosen projects whose extension the engine maps to a language, up to
1 MiB (jscpd's default --max-size, so both tools read the same files). `mixed` (the default) is
five whole projects in five languages, 1.22M lines: CPython 3.11's standard library, three.js,
zod, Go 1.19's src subset and six Rust crates; `all` is the whole bench tier (2.67M lines, seven
languages). Lines are newline counts.

Stages: tokenize (read, lex, arrays; in `--workers` processes), then in this process: exact
(Type-1/2: rolling-hash windows, runs, growth, typing), blocks (Type-3 fragments), minhash, lsh
(banding, candidate pairs), verify (bag bound, LCS, renaming, coverage), classes (union-find).
Then exact-only (CloneConfig(near_miss=False)) again on the same streams, the work jscpd does.
Peak memory: resident memory of this process and its workers, sampled every 0.5 s.

jscpd runs over a folder of hard links to the same files, `--min-tokens 100 --min-lines 10
--max-size 1mb`, each run capped at --jscpd-timeout seconds: jscpd 5 in its default mode (mild:
exact tokens, comments included), jscpd 5 with its Type-2/3 options (mode weak, comments
skipped, --ignore-identifiers --ignore-literals --max-gap-lines 3) and jscpd 4 in its default mode.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from multiprocessing import get_context
from pathlib import Path

from codeintel.analysis.clones import CloneConfig, SourceText, TokenStream, detect_clones, token_stream
from codeintel.ingest.language import language_by_extension

MIXED = [
    "python/cpython-3.11-stdlib",
    "javascript/three-0.187.0-src",
    "typescript/zod-4.6.7-src",
    "go/go-1.19-src-subset",
    "rust/crates-6",
]
MAX_BYTES = 1 << 20
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script: the repository root
from benchmarks.corpus import MemorySampler  # noqa: E402

NODE = Path(__file__).resolve().parent / ".node"
JSCPD = NODE / "node_modules" / ".bin" / "jscpd"
JSCPD_4 = NODE / "v4" / "node_modules" / ".bin" / "jscpd"


def peak_memory(memory: MemorySampler) -> dict[str, float]:
    """Peak resident memory of this process and its children (tokenising workers, jscpd)."""
    return {"peak_rss_gib": memory.figures()["peak_tree_rss_gib"]}


def project_dirs(cache: Path, choice: str) -> list[Path]:
    src = cache / "src"
    if choice == "mixed":
        names = MIXED
    elif choice == "all":
        names = sorted(f"{d.parent.name}/{d.name}" for d in src.glob("*/*") if (d / ".done").exists())
    else:
        names = [next(str(p.relative_to(src)) for p in src.glob(f"*/{n}")) for n in choice.split(",")]
    dirs = [src / n for n in names]
    missing = [str(d) for d in dirs if not (d / ".done").exists()]
    if missing:
        raise SystemExit(f"missing {missing}: run ../shared/bench/fetch_corpus.sh bench first")
    return dirs


def list_files(dirs: list[Path]) -> list[tuple[str, str]]:
    """(path, language) of every file the engine maps to a language, up to MAX_BYTES, sorted."""
    files = []
    for root in dirs:
        for folder, _, names in os.walk(root):
            for name in names:
                path = os.path.join(folder, name)
                language = language_by_extension(name)
                if language and not os.path.islink(path) and os.path.getsize(path) <= MAX_BYTES:
                    files.append((path, language))
    return sorted(files)


def _tokenise(item: tuple[str, str]) -> tuple[int, TokenStream]:
    path, language = item
    with open(path, encoding="utf-8", errors="replace") as handle:
        text = handle.read()
    return text.count("\n"), token_stream(SourceText(path, language, text))


def run_ours(files: list[tuple[str, str]], workers: int) -> dict:
    """Tokenise in `workers` processes, detect with the defaults, then again exact-only (Type-1/2,
    the work jscpd does) on the same streams."""
    with MemorySampler() as memory:
        started = time.perf_counter()
        if workers > 1:
            with get_context("fork").Pool(workers) as pool:
                results = pool.map(_tokenise, files, chunksize=64)
        else:
            results = [_tokenise(f) for f in files]
        tokenize = time.perf_counter() - started
        lines = sum(n for n, _ in results)
        streams = [s for _, s in results]
        del results
        report = detect_clones(streams, CloneConfig())
        total = time.perf_counter() - started
    exact_started = time.perf_counter()
    exact = detect_clones(streams, CloneConfig(near_miss=False))
    exact_seconds = time.perf_counter() - exact_started
    stats = report.stats
    return {
        "files": len(files),
        "lines": lines,
        "tokens": stats.tokens,
        "seconds": {"tokenize": round(tokenize, 2), **{k: round(v, 2) for k, v in stats.seconds.items()}},
        "total_seconds": round(total, 2),
        "classes": dict(sorted(Counter(f"type{c.type}" for c in report.classes).items())),
        "exact_matches": stats.exact_matches,
        "blocks": stats.blocks,
        "candidates": stats.candidates,
        "near_miss_pairs": stats.near_miss_pairs,
        "skipped_buckets": stats.skipped_buckets,
        "truncated": stats.truncated,
        **peak_memory(memory),
        "exact_only_seconds": round(tokenize + exact_seconds, 2),
        "exact_only_classes": len(exact.classes),
    }


JSCPD_RUNS = [
    ("mild", JSCPD, ["--mode", "mild", "--workers", "{workers}"]),
    (
        "weak+",
        JSCPD,
        [
            "--mode",
            "weak",
            "--ignore-identifiers",
            "--ignore-literals",
            "--max-gap-lines",
            "3",
            "--workers",
            "{workers}",
        ],
    ),
    ("mild", JSCPD_4, ["--mode", "mild"]),
]
"""jscpd 5 (Rust) exact, jscpd 5 with its Type-2 and gap options (see clone_accuracy.py), jscpd 4 (JavaScript)."""


def run_jscpd(tree: Path, executable: Path, extra: list[str], timeout: float) -> dict:
    if not executable.exists():
        return {"skipped": f"{executable} is not installed"}
    version = subprocess.run([str(executable), "--version"], capture_output=True, text=True).stdout.strip()
    version = version if version.startswith("jscpd") else f"jscpd {version}"
    settings = ["--min-tokens", "100", "--min-lines", "10", "--max-size", "1mb", *extra]
    with tempfile.TemporaryDirectory(prefix="clones-jscpd-out-") as out:
        command = [str(executable), *settings, "--reporters", "json", "--output", out, "--silent", str(tree)]
        with MemorySampler() as memory:
            started = time.perf_counter()
            try:
                subprocess.run(command, timeout=timeout, capture_output=True, check=False)
            except subprocess.TimeoutExpired:
                return {"version": version, "settings": " ".join(settings), "timed_out_after_s": timeout}
            seconds = time.perf_counter() - started
        report = json.loads((Path(out) / "jscpd-report.json").read_text())
    return {
        "version": version,
        "settings": " ".join(settings),
        "seconds": round(seconds, 2),
        "clones": len(report.get("duplicates", [])),
        **peak_memory(memory),
    }


def link_tree(files: list[tuple[str, str]], into: Path) -> Path:
    """The files as hard links under one folder (no data copied), for jscpd to walk."""
    tree = into / "tree"
    for k, (path, _) in enumerate(files):
        target = tree / f"{k // 1000:03d}" / f"{k}-{Path(path).name}"
        target.parent.mkdir(parents=True, exist_ok=True)
        os.link(path, target)
    return tree


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cache", type=Path, default=Path(os.environ.get("CORPUS_CACHE", "~/.cache/codeintel-corpus")))
    ap.add_argument("--projects", default="mixed", help="mixed (default), all, or comma-separated project names")
    ap.add_argument("--workers", type=int, default=2, help="tokenising processes (and jscpd threads)")
    ap.add_argument("--jscpd", action=argparse.BooleanOptionalAction, default=True)
    ap.add_argument("--jscpd-timeout", type=float, default=600, help="seconds each jscpd run may take")
    ap.add_argument("--json", type=Path, help="also write the figures here")
    args = ap.parse_args()
    files = list_files(project_dirs(args.cache.expanduser(), args.projects))
    ours = run_ours(files, args.workers)
    figures: dict = {"projects": args.projects, "ours": ours, "jscpd": []}
    print(json.dumps(ours, indent=1), flush=True)
    if args.jscpd:
        with tempfile.TemporaryDirectory(prefix="clones-jscpd-") as work:
            tree = link_tree(files, Path(work))
            for label, executable, extra in JSCPD_RUNS:
                extra = [a.format(workers=args.workers) for a in extra]
                result = {"label": label, **run_jscpd(tree, executable, extra, args.jscpd_timeout)}
                figures["jscpd"].append(result)
                print(json.dumps(result, indent=1), flush=True)
    print(f"\n{ours['files']} files, {ours['lines']:,} lines, {ours['tokens']:,} tokens\n")
    print("| tool | finds | seconds | peak memory GiB |\n|---|---|---|---|")
    print(f"| codeintel | Type-1, 2, 3 | {ours['total_seconds']} | {ours['peak_rss_gib']} |")
    print(f"| codeintel, near_miss=False | Type-1, 2 | {ours['exact_only_seconds']} | |")
    for run in figures["jscpd"]:
        if "skipped" in run:
            continue
        seconds = run.get("seconds", f"> {run.get('timed_out_after_s')}")
        print(
            f"| {run['version']} {run['label']} (`{run['settings']}`) | | {seconds} | {run.get('peak_rss_gib', '')} |"
        )
    stages = ", ".join(f"{k} {v}" for k, v in ours["seconds"].items())
    print(f"\ncodeintel stages (s): {stages}; classes {ours['classes']}")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1))


if __name__ == "__main__":
    main()
