"""Precision and recall of clone detection on the hand-labelled fixture, ours beside jscpd's.

    npm install --prefix benchmarks/.node jscpd@5.3.3          # the Rust jscpd (platform binary)
    npm install --prefix benchmarks/.node/v4 jscpd@4.3.0       # optional: the JavaScript jscpd
    python benchmarks/clone_accuracy.py [--fixture tests/fixtures/clones] [--verbose]

Truth: tests/fixtures/clones/truth.yaml, clone pairs labelled by hand with their type (1, 2, 3).

Rule. A reported fragment matches a labelled one when it is in the same file and their line
ranges overlap by at least half of the labelled fragment's lines and at least half of the
reported fragment's lines (so neither a sliver nor a fragment swallowing a whole file counts).
A reported pair matches a labelled pair when its two fragments match the labelled two (either
way round). Both tools are scored on clone classes: ours reports classes; jscpd reports pairs,
which are joined into classes the same way (fragments of one file overlapping by half of the
smaller are one). Every pair of members of a class is a reported pair: a labelled pair is found
(recall) when some reported pair matches it; a reported pair is right (precision) when it matches
some labelled pair, of any type.

Every tool runs with at least 100 tokens and 10 lines (SonarQube's defaults). jscpd runs on the
same files, `--format` limited to the eight languages:
  * jscpd mild: its default mode (whitespace and newlines skipped, comments are tokens), exact;
  * jscpd weak+: mode weak (comments skipped too) with --ignore-identifiers --ignore-literals
    (its Type-2) and --max-gap-lines 3 (its Type-3 "gap" clones), the closest to what we do;
  * jscpd 4 mild: the JavaScript jscpd 4.3.0 with its defaults, when installed in .node/v4.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import tempfile
from collections import defaultdict
from pathlib import Path
from typing import NamedTuple

import yaml

from codeintel.analysis.clones import SourceText, find_clones
from codeintel.ingest.language import language_by_extension

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "fixtures" / "clones"
NODE = Path(__file__).resolve().parent / ".node"
FORMATS = "python,javascript,typescript,java,go,rust,c,cpp"


class Span(NamedTuple):
    path: str
    start: int
    end: int


Pair = tuple[Span, Span]


class Labelled(NamedTuple):
    id: str
    type: int
    a: Span
    b: Span


def load_truth(fixture: Path) -> list[Labelled]:
    truth = yaml.safe_load((fixture / "truth.yaml").read_text())
    return [
        Labelled(c["id"], c["type"], Span(c["a"]["path"], *c["a"]["lines"]), Span(c["b"]["path"], *c["b"]["lines"]))
        for c in truth["clones"]
    ]


def sources(fixture: Path) -> list[SourceText]:
    found = []
    for path in sorted(fixture.rglob("*")):
        language = language_by_extension(path.name)
        if path.is_file() and language:
            found.append(SourceText(path.relative_to(fixture).as_posix(), language, path.read_text()))
    return found


def overlap(x: Span, y: Span) -> int:
    return max(0, min(x.end, y.end) - max(x.start, y.start) + 1) if x.path == y.path else 0


def matches(reported: Span, labelled: Span) -> bool:
    shared = overlap(reported, labelled)
    return shared * 2 >= labelled.end - labelled.start + 1 and shared * 2 >= reported.end - reported.start + 1


def pair_matches(reported: Pair, labelled: Labelled) -> bool:
    x, y = reported
    return (matches(x, labelled.a) and matches(y, labelled.b)) or (matches(x, labelled.b) and matches(y, labelled.a))


def pairs_of(classes: list[list[Span]]) -> list[Pair]:
    return [(m[i], m[j]) for m in classes for i in range(len(m)) for j in range(i + 1, len(m))]


def classes_from_pairs(pairs: list[Pair]) -> list[list[Span]]:
    """Union-find over the fragments of pairs; fragments of one file overlapping by half of the smaller are one."""
    spans = sorted({s for p in pairs for s in p})
    parent = {s: s for s in spans}

    def find(s: Span) -> Span:
        while parent[s] != s:
            parent[s] = parent[parent[s]]
            s = parent[s]
        return s

    for x, y in pairs:
        parent[find(x)] = find(y)
    for i, x in enumerate(spans):
        for y in spans[i + 1 :]:
            smaller = min(x.end - x.start, y.end - y.start) + 1
            if overlap(x, y) * 2 >= smaller:
                parent[find(x)] = find(y)
    groups: dict[Span, list[Span]] = defaultdict(list)
    for s in spans:
        groups[find(s)].append(s)
    merged = []
    for members in groups.values():
        by_file: dict[str, list[Span]] = defaultdict(list)
        for s in members:
            by_file[s.path].append(s)
        union = []
        for path, group in sorted(by_file.items()):
            group.sort()
            current = group[0]
            for s in group[1:]:
                if s.start <= current.end:
                    current = Span(path, current.start, max(current.end, s.end))
                else:
                    union.append(current)
                    current = s
            union.append(current)
        if len(union) > 1:
            merged.append(union)
    return merged


# ---------------------------------------------------------------- the tools


def ours(fixture: Path) -> tuple[list[list[Span]], dict[tuple[Span, ...], int]]:
    classes = find_clones(sources(fixture))
    spans = [[Span(f.path, f.start_line, f.end_line) for f in c.fragments] for c in classes]
    return spans, {tuple(s): c.type for s, c in zip(spans, classes, strict=True)}


def jscpd(fixture: Path, executable: Path, extra: list[str]) -> tuple[list[list[Span]], str]:
    version = subprocess.run([str(executable), "--version"], capture_output=True, text=True).stdout.strip()
    version = version if version.startswith("jscpd") else f"jscpd {version}"
    with tempfile.TemporaryDirectory() as out:
        command = [str(executable), "--min-tokens", "100", "--min-lines", "10", "--format", FORMATS]
        command += [*extra, "--reporters", "json", "--output", out, "--silent", str(fixture)]
        subprocess.run(command, capture_output=True, check=False, cwd=fixture)
        report = json.loads((Path(out) / "jscpd-report.json").read_text())
    pairs = []
    for d in report["duplicates"]:
        first, second = d["firstFile"], d["secondFile"]
        pairs.append((span_of(fixture, first), span_of(fixture, second)))
    return classes_from_pairs(pairs), version


def span_of(fixture: Path, file: dict) -> Span:
    name = Path(file["name"])
    path = (name if name.is_absolute() else fixture / name).resolve().relative_to(fixture.resolve()).as_posix()
    return Span(path, file["startLoc"]["line"], file["endLoc"]["line"])


# ---------------------------------------------------------------- scoring


class Score(NamedTuple):
    found: dict[int, int]
    labelled: dict[int, int]
    right: int
    reported: int

    def recall(self, kind: int | None = None) -> float:
        found = self.found.get(kind, 0) if kind else sum(self.found.values())
        total = self.labelled.get(kind, 0) if kind else sum(self.labelled.values())
        return found / total if total else 0.0

    @property
    def precision(self) -> float:
        return self.right / self.reported if self.reported else 1.0


def score(reported: list[Pair], truth: list[Labelled]) -> tuple[Score, list[Labelled], list[Pair]]:
    found: dict[int, int] = defaultdict(int)
    labelled: dict[int, int] = defaultdict(int)
    missed = []
    for t in truth:
        labelled[t.type] += 1
        if any(pair_matches(p, t) for p in reported):
            found[t.type] += 1
        else:
            missed.append(t)
    wrong = [p for p in reported if not any(pair_matches(p, t) for t in truth)]
    return Score(dict(found), dict(labelled), len(reported) - len(wrong), len(reported)), missed, wrong


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--fixture", type=Path, default=FIXTURE)
    ap.add_argument("--verbose", action="store_true", help="list the misses and the false positives")
    args = ap.parse_args()
    fixture = args.fixture.resolve()
    truth = load_truth(fixture)
    rows: list[tuple[str, Score, list[Labelled], list[Pair]]] = []

    classes, types = ours(fixture)
    pairs = pairs_of(classes)
    rows.append(("codeintel", *score(pairs, truth)))
    typed = [
        types[tuple(c)] == max(t.type for t in truth if any(pair_matches(p, t) for p in pairs_of([c])))
        for c in classes
        if any(pair_matches(p, t) for p in pairs_of([c]) for t in truth)
    ]
    exact = [p for c in classes if types[tuple(c)] in (1, 2) for p in pairs_of([c])]
    near = [p for c in classes if types[tuple(c)] == 3 for p in pairs_of([c])]
    by_kind = {"Type-1/2 reports": score(exact, truth)[0], "Type-3 reports": score(near, truth)[0]}

    tools = [
        ("mild", NODE / "node_modules" / ".bin" / "jscpd", ["--mode", "mild"]),
        (
            "weak+",
            NODE / "node_modules" / ".bin" / "jscpd",
            ["--mode", "weak", "--ignore-identifiers", "--ignore-literals", "--max-gap-lines", "3"],
        ),
        ("mild", NODE / "v4" / "node_modules" / ".bin" / "jscpd", ["--mode", "mild"]),
    ]
    for label, executable, extra in tools:
        if not executable.exists():
            print(f"(skipped: {executable} is not installed)")
            continue
        jclasses, version = jscpd(fixture, executable, extra)
        rows.append((f"{version} {label}", *score(pairs_of(jclasses), truth)))

    counts = defaultdict(int)
    for t in truth:
        counts[t.type] += 1
    print(
        f"\nFixture: {fixture.relative_to(ROOT) if fixture.is_relative_to(ROOT) else fixture}, "
        f"{len(truth)} labelled pairs (Type-1 {counts[1]}, Type-2 {counts[2]}, Type-3 {counts[3]})\n"
    )
    print("| tool | recall T1 | recall T2 | recall T3 | recall all | precision | reported pairs |")
    print("|---|---|---|---|---|---|---|")
    for name, s, _, _ in rows:
        print(
            f"| {name} | {s.recall(1):.2f} ({s.found.get(1, 0)}/{s.labelled.get(1, 0)}) "
            f"| {s.recall(2):.2f} ({s.found.get(2, 0)}/{s.labelled.get(2, 0)}) "
            f"| {s.recall(3):.2f} ({s.found.get(3, 0)}/{s.labelled.get(3, 0)}) "
            f"| {s.recall():.2f} | {s.precision:.2f} ({s.right}/{s.reported}) | {s.reported} |"
        )
    print()
    for name, s in by_kind.items():
        print(f"codeintel {name}: precision {s.precision:.2f} ({s.right}/{s.reported})")
    print(
        f"codeintel classes holding labelled pairs whose type is the loosest labelled type among them: "
        f"{sum(typed)}/{len(typed)}"
    )
    if args.verbose:
        for name, _, missed, wrong in rows:
            print(f"\n{name}:")
            for t in missed:
                print(
                    f"  missed   T{t.type} {t.id}: {t.a.path}:{t.a.start}-{t.a.end} ~ {t.b.path}:{t.b.start}-{t.b.end}"
                )
            for x, y in wrong:
                print(f"  reported {x.path}:{x.start}-{x.end} ~ {y.path}:{y.start}-{y.end} (no labelled pair)")


if __name__ == "__main__":
    main()
