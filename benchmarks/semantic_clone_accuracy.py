"""Precision and recall of semantic (Type-4) clones on the hand-labelled fixture with the shipped
model, and the Type-4 pairs found on a real repository, sampled for a hand check.

    python benchmarks/semantic_clone_accuracy.py [--fixture tests/fixtures/clones/semantic]
        [--sweep 0.6,0.65,0.7,0.75,0.8,0.85] [--verbose]
    bash ../shared/bench/fetch_corpus.sh bench     # ~/.cache/codeintel-corpus (Django among others)
    python benchmarks/semantic_clone_accuracy.py --corpus \\
        ~/.cache/codeintel-corpus/src/python/django-5.2.19/django [--sample 20] [--seed 0] [--show-text]

What runs is what the clone check runs after a scan: the functions and methods of every file
(tree-sitter extraction, their spans' text as the embedding stage embeds it), their vectors from
TextEncoder.load() (kept in an EmbeddingStore under --cache, so a second run encodes nothing),
the static finder over the same files, then semantic_clones.find_semantic_clones with the
default SemanticConfig (or --min-cosine) and merge_classes.

Truth: tests/fixtures/clones/semantic/truth.yaml, written by hand: `clone` cases (the same
behaviour in different code) and `distinct` ones (hard negatives: look-alikes that behave
differently). Rule: a reported Type-4 class yields every pair of its fragments; a fragment is a
labelled function when they are in the same file and overlap by at least half of each. A
reported pair is right (precision) when it is a `clone` case; any other reported pair, a hard
negative or not, is wrong. A `clone` case is found (recall) when some reported pair is it.
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script: the repository root

from codeintel.analysis.clones import CloneClass, Fragment, SourceText, detect_clones, token_stream  # noqa: E402
from codeintel.analysis.embeddings.encoder import TextEncoder  # noqa: E402
from codeintel.analysis.embeddings.store import EmbeddingStore, embed  # noqa: E402
from codeintel.analysis.embeddings.symbols import SymbolInfo, SymbolText, span_text  # noqa: E402
from codeintel.analysis.semantic_clones import (  # noqa: E402
    FunctionVectors,
    SemanticConfig,
    SemanticReport,
    find_semantic_clones,
    merge_classes,
)
from codeintel.analysis.tokens import LANGUAGES  # noqa: E402
from codeintel.config import IngestSettings  # noqa: E402
from codeintel.ingest import list_files, resolve_source  # noqa: E402
from codeintel.languages import EXTRACTORS, extract  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "clones" / "semantic"
CACHE = Path.home() / ".cache" / "codeintel" / "semantic-clone-accuracy"


class Function(NamedTuple):
    path: str
    qualname: str
    start_line: int
    end_line: int


class Case(NamedTuple):
    id: str
    label: str
    a: Function
    b: Function


def functions_of(root: Path) -> tuple[list[SourceText], list[SymbolText]]:
    """The files a scan parses (its listing: vendored, generated, oversized files left out) in a
    language the clone finder reads, and their functions and methods with the text the embedding
    stage embeds (the span, dedented; symbols.span_text)."""
    sources: list[SourceText] = []
    items: list[SymbolText] = []
    source = resolve_source(str(root), None, Path(tempfile.gettempdir()))
    listing = list_files(source, IngestSettings(), set(EXTRACTORS))
    for ref in listing.files:
        language, relative = ref.language, ref.path
        if language not in LANGUAGES:
            continue
        text = (root / relative).read_text(encoding="utf-8", errors="replace")
        sources.append(SourceText(relative, language, text))
        lines = text.splitlines(keepends=True)
        for d in extract(language, text.encode("utf-8"), relative, "").definitions:
            body = span_text(lines, d.span.start_line, d.span.end_line)
            if d.kind == "class" or not body.strip():
                continue
            symbol = SymbolInfo(
                id=f"{relative}:{d.qualname}:{d.span.start_line}",
                repo=root.name,
                path=relative,
                language=language,
                label="Function",
                kind=d.kind,
                name=d.name,
                qualname=d.qualname,
                start_line=d.span.start_line,
                end_line=d.span.end_line,
            )
            items.append(SymbolText(symbol=symbol, text=body))
    return sources, items


def vectors_for(items: list[SymbolText], repo: str, cache: Path) -> tuple[FunctionVectors, str, float, int]:
    """The shipped model's vectors of `items` (encoding only what the cache lacks), its version,
    the seconds spent and the texts encoded."""
    encoder = TextEncoder.load()
    started = time.perf_counter()
    outcome = embed(encoder, EmbeddingStore(cache), repo, [(item.symbol.id, item.text) for item in items])
    seconds = time.perf_counter() - started
    return FunctionVectors(items, outcome.embeddings.vectors), encoder.version, seconds, outcome.computed


def static_classes(sources: list[SourceText]) -> list[CloneClass]:
    return detect_clones([token_stream(s) for s in sources]).classes


def load_cases(fixture: Path, items: list[SymbolText]) -> list[Case]:
    spans = {(i.symbol.path, i.symbol.qualname): (i.symbol.start_line, i.symbol.end_line) for i in items}

    def function(side: dict) -> Function:
        key = (side["path"], side["function"])
        if key not in spans:
            raise SystemExit(f"truth.yaml names {key}, which the fixture does not define")
        return Function(side["path"], side["function"], *spans[key])

    truth = yaml.safe_load((fixture / "truth.yaml").read_text())
    return [Case(c["id"], c["label"], function(c["a"]), function(c["b"])) for c in truth["cases"]]


def is_function(fragment: Fragment, function: Function) -> bool:
    shared = min(fragment.end_line, function.end_line) - max(fragment.start_line, function.start_line) + 1
    return (
        fragment.path == function.path
        and 2 * shared >= fragment.end_line - fragment.start_line + 1
        and 2 * shared >= function.end_line - function.start_line + 1
    )


def reported_pairs(classes: list[CloneClass]) -> list[tuple[Fragment, Fragment]]:
    return [
        (c.fragments[i], c.fragments[j])
        for c in classes
        if c.type == 4
        for i in range(len(c.fragments))
        for j in range(i + 1, len(c.fragments))
    ]


def case_of(pair: tuple[Fragment, Fragment], cases: list[Case]) -> Case | None:
    x, y = pair
    for case in cases:
        if (is_function(x, case.a) and is_function(y, case.b)) or (is_function(x, case.b) and is_function(y, case.a)):
            return case
    return None


class Score(NamedTuple):
    min_cosine: float
    reported: int
    right: int
    found: set[str]
    negatives: list[str]
    report: SemanticReport
    seconds: float


def score(vectors: FunctionVectors, static: list[CloneClass], cases: list[Case], min_cosine: float) -> Score:
    started = time.perf_counter()
    report = find_semantic_clones(vectors, SemanticConfig(min_cosine=min_cosine), static)
    classes = merge_classes(static, report.pairs)
    seconds = time.perf_counter() - started
    pairs = reported_pairs(classes)
    matched = [case_of(p, cases) for p in pairs]
    found = {c.id for c in matched if c is not None and c.label == "clone"}
    right = sum(1 for c in matched if c is not None and c.label == "clone")
    negatives = sorted(c.id for c in matched if c is not None and c.label == "distinct")
    return Score(min_cosine, len(pairs), right, found, negatives, report, seconds)


def fixture_run(args: argparse.Namespace) -> None:
    sources, items = functions_of(args.fixture)
    vectors, version, encode_seconds, computed = vectors_for(items, "fixture", args.cache)
    static = static_classes(sources)
    cases = load_cases(args.fixture, items)
    clones = [c for c in cases if c.label == "clone"]
    by_language = Counter(c.a.path.split("/", 1)[0] for c in clones)
    print(f"# Type-4 on {args.fixture.relative_to(ROOT)}, {datetime.now(UTC):%Y-%m-%d}, model {version}")
    print(
        f"{len(sources)} files, {len(items)} functions ({computed} encoded in {encode_seconds:.1f} s), "
        f"{len(static)} static classes, {len(clones)} clone cases, {len(cases) - len(clones)} hard negatives"
    )
    thresholds = [float(x) for x in args.sweep.split(",")] if args.sweep else [args.min_cosine]
    languages = sorted(by_language)
    print()
    print("| min_cosine | reported | right | precision | recall | " + " | ".join(languages) + " | hard negatives |")
    print("|---:|---:|---:|---:|---:|" + "---:|" * len(languages) + "---:|")
    for threshold in thresholds:
        s = score(vectors, static, cases, threshold)
        precision = s.right / s.reported if s.reported else 0.0
        recall = len(s.found) / len(clones)
        per_language = [
            f"{sum(1 for c in clones if c.id in s.found and c.a.path.startswith(lang + '/'))}/{by_language[lang]}"
            for lang in languages
        ]
        print(
            f"| {threshold:.2f} | {s.reported} | {s.right} | {precision:.2f} | {recall:.2f} | "
            + " | ".join(per_language)
            + f" | {len(s.negatives)} |"
        )
        if args.verbose:
            print(f"    rejected: {dict(sorted(s.report.stats.rejected.items()))}")
            print(f"    missed: {sorted(c.id for c in clones if c.id not in s.found)}")
            print(f"    hard negatives reported: {s.negatives}")


def corpus_run(args: argparse.Namespace) -> None:
    root = args.corpus.expanduser().resolve()
    started = time.perf_counter()
    sources, items = functions_of(root)
    listing = time.perf_counter() - started
    vectors, version, encode_seconds, computed = vectors_for(items, root.name, args.cache)
    started = time.perf_counter()
    static = static_classes(sources)
    static_seconds = time.perf_counter() - started
    started = time.perf_counter()
    report = find_semantic_clones(vectors, SemanticConfig(min_cosine=args.min_cosine), static)
    classes = merge_classes(static, report.pairs)
    semantic_seconds = time.perf_counter() - started
    stats = report.stats
    type4 = [c for c in classes if c.type == 4]
    print(f"# Type-4 on {root}, {datetime.now(UTC):%Y-%m-%d}, model {version}, min_cosine {args.min_cosine}")
    print(f"{len(sources)} files, {len(items)} functions and methods (listed in {listing:.1f} s)")
    print(f"encoded {computed} texts in {encode_seconds:.1f} s (the others were in the cache)")
    print(f"static: {len(static)} classes in {static_seconds:.1f} s")
    print(
        f"semantic: {stats.functions} functions within the size bounds, {stats.candidates} candidate pairs, "
        f"{stats.pairs} Type-4 pairs in {len(type4)} Type-4 classes, "
        f"{semantic_seconds:.1f} s ({stats.seconds})"
    )
    print(f"rejected: {dict(sorted(stats.rejected.items(), key=lambda kv: -kv[1]))}")
    text_of = {(i.symbol.path, i.symbol.start_line): i.text for i in items}
    sample = random.Random(args.seed).sample(report.pairs, min(args.sample, len(report.pairs)))
    print(f"\nsample of {len(sample)} pairs (seed {args.seed}), by cosine:")
    for k, pair in enumerate(sorted(sample, key=lambda p: -p.cosine), 1):
        print(f"{k:2d}. {pair.cosine:.3f} {pair.a.path}:{pair.a.start_line} {pair.names[0]}")
        print(f"           {pair.b.path}:{pair.b.start_line} {pair.names[1]}")
        if args.show_text:
            for fragment in (pair.a, pair.b):
                print("    | " + text_of[(fragment.path, fragment.start_line)].replace("\n", "\n    | "))
            print()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fixture", type=Path, default=FIXTURE)
    ap.add_argument("--corpus", type=Path, help="a repository folder: report its Type-4 pairs instead")
    ap.add_argument("--min-cosine", type=float, default=SemanticConfig().min_cosine)
    ap.add_argument("--sweep", help="comma-separated min_cosine values to score the fixture at")
    ap.add_argument("--sample", type=int, default=20, help="corpus: pairs printed for a hand check")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--show-text", action="store_true", help="corpus: print both functions of each sampled pair")
    ap.add_argument("--cache", type=Path, default=CACHE, help="where the vectors are kept between runs")
    ap.add_argument("--verbose", action="store_true")
    args = ap.parse_args()
    args.fixture = args.fixture.resolve()
    if args.corpus:
        corpus_run(args)
    else:
        fixture_run(args)


if __name__ == "__main__":
    main()
