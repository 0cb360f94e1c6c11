"""Count definitions with Python's `ast` and with the extractor, and compare.

    python benchmarks/ast_count.py [DIRECTORY] [--exclude NAME ...] [--tolerance 0.01] [--timing]

Walks every `*.py` file under DIRECTORY (default: this interpreter's stdlib), sorted by
path, skipping folders named in --exclude (default: site-packages, __pycache__), files
over 1 MiB and files that are not valid UTF-8 (both sides skip the same files; the numbers
skipped are printed). For each file it counts functions (FunctionDef + AsyncFunctionDef,
methods included) and classes (ClassDef) with `ast`, and definitions of kind
function/method and class with the extractor. Files that `ast` cannot parse are counted
separately and left out of the comparison. Prints both totals, the relative differences,
and the files whose counts differ; exits 1 when a total differs by more than the tolerance.

With --timing it also times a bare tree-sitter parse loop against extraction over the
same files (single process) and prints both.
"""

from __future__ import annotations

import argparse
import sys
import sysconfig
import time
from dataclasses import dataclass, field
from pathlib import Path

from codeintel.scan.ast_check import ast_definition_counts

MAX_BYTES = 1024 * 1024
DEFAULT_EXCLUDES = ("site-packages", "__pycache__")


@dataclass
class Corpus:
    files: list[tuple[Path, bytes]] = field(default_factory=list)
    skipped_large: int = 0
    skipped_not_utf8: int = 0


def load_corpus(root: Path, excludes: tuple[str, ...] = DEFAULT_EXCLUDES) -> Corpus:
    """Every readable *.py file under root, sorted, minus oversized and non-UTF-8 files."""
    corpus = Corpus()
    paths = sorted(p for p in root.rglob("*.py") if p.is_file() and not set(excludes) & set(p.parts))
    for path in paths:
        data = path.read_bytes()
        if len(data) > MAX_BYTES:
            corpus.skipped_large += 1
            continue
        try:
            data.decode("utf-8")
        except UnicodeDecodeError:
            corpus.skipped_not_utf8 += 1
            continue
        corpus.files.append((path, data))
    return corpus


def extractor_counts(data: bytes, path: str) -> tuple[int, int]:
    """(functions, classes) by the extractor; methods count as functions."""
    from codeintel.languages.python import extract_python

    facts = extract_python(data, path, "")
    classes = sum(1 for d in facts.definitions if d.kind == "class")
    return len(facts.definitions) - classes, classes


def relative_difference(expected: int, actual: int) -> float:
    return abs(actual - expected) / expected if expected else float(actual != 0)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("directory", nargs="?", default=sysconfig.get_paths()["stdlib"])
    parser.add_argument("--exclude", action="append", help="folder name to skip (repeatable)")
    parser.add_argument("--tolerance", type=float, default=0.01)
    parser.add_argument("--timing", action="store_true", help="also time bare parsing against extraction")
    parser.add_argument("--show", type=int, default=20, help="how many differing files to list")
    args = parser.parse_args(argv)
    excludes = tuple(args.exclude) if args.exclude else DEFAULT_EXCLUDES

    corpus = load_corpus(Path(args.directory), excludes)
    print(f"directory: {args.directory} (excluding folders {', '.join(excludes)})")
    print(f"files: {len(corpus.files)} compared or unparseable; skipped {corpus.skipped_large} over 1 MiB, ")
    print(f"       {corpus.skipped_not_utf8} not valid UTF-8")

    totals = {"ast": [0, 0], "extractor": [0, 0]}
    unparseable = 0
    unparseable_extractor = [0, 0]
    differing: list[tuple[str, tuple[int, int], tuple[int, int]]] = []
    for path, data in corpus.files:
        expected = ast_definition_counts(data)
        actual = extractor_counts(data, str(path))
        if expected is None:
            unparseable += 1
            unparseable_extractor[0] += actual[0]
            unparseable_extractor[1] += actual[1]
            continue
        for i in range(2):
            totals["ast"][i] += expected[i]
            totals["extractor"][i] += actual[i]
        if expected != actual:
            differing.append((str(path), expected, actual))

    print(f"files ast cannot parse: {unparseable} (extractor found {unparseable_extractor[0]} functions, ")
    print(f"       {unparseable_extractor[1]} classes there; left out of the comparison)")
    print(f"files compared: {len(corpus.files) - unparseable}")
    failed = False
    for i, label in enumerate(("functions", "classes")):
        expected, actual = totals["ast"][i], totals["extractor"][i]
        difference = relative_difference(expected, actual)
        failed |= difference > args.tolerance
        print(f"{label:10} ast={expected:8d} extractor={actual:8d} difference={difference:.4%}")
    print(f"files with different per-file counts: {len(differing)}")
    for path, expected, actual in differing[: args.show]:
        print(f"  {path}: ast={expected} extractor={actual}")

    if args.timing:
        time_parsing(corpus)
    if failed:
        print(f"FAIL: a total differs by more than {args.tolerance:.2%}")
        return 1
    return 0


def time_parsing(corpus: Corpus) -> None:
    from codeintel.languages.python import extract_python, parse_python

    sources = [data for _, data in corpus.files]
    parse_python(b"")  # build the cached parser and queries outside the timed loops
    extract_python(b"", "", "")
    parsing = _timed(parse_python, sources)
    extracting = _timed(lambda data: extract_python(data, "", ""), sources)
    print(f"timing over {len(sources)} files, one process (wall seconds, CPU seconds):")
    print(f"  bare parse loop {parsing[0]:.2f}s wall, {parsing[1]:.2f}s CPU")
    print(f"  extract         {extracting[0]:.2f}s wall, {extracting[1]:.2f}s CPU")
    print(f"  ratio           {extracting[0] / parsing[0]:.2f} wall, {extracting[1] / parsing[1]:.2f} CPU")


def _timed(function, sources: list[bytes]) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    for data in sources:
        function(data)
    return time.perf_counter() - wall, time.process_time() - cpu


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    sys.exit(main())
