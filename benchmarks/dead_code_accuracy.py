"""Dead-code accuracy on the hand-labelled fixtures of tests/fixtures/dead_code, against vulture.

Each fixture repository is scanned (in process, no Ray) and analysed by
codeintel.analysis.dead_code; the Python ones are also given to vulture (its Python API, the
same as its command line: `vulture <repository>`). Both are scored against truth.yaml on the
same ground, definition by definition: a finding for a class or function claims it and every
definition inside it (deleting a dead class deletes its methods); the truth's entries are
expanded the same way. Only classes, functions and methods count (vulture's unused variables,
attributes, imports and unreachable lines are outside this truth, and codeintel does not report
them).

Precision = claimed and dead / claimed; recall = claimed and dead / dead; F1 their harmonic mean,
summed over the Python fixtures (micro-averaged). Rows: codeintel at each minimum confidence
(`low`, the default, reports everything), vulture at its default (`--min-confidence 0`: it rates
every unused class, function and method 60%) and at `--min-confidence 100` (only what it is sure
of: unreachable code and unused arguments, so no definitions). The headline is the two defaults.

    pip install vulture==2.16
    python benchmarks/dead_code_accuracy.py [--details]
"""

from __future__ import annotations

import argparse
import ast
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = ROOT / "tests" / "fixtures" / "dead_code"
TRUTH = FIXTURES / "truth.yaml"
CONFIDENCES = ("high", "medium", "low")


@dataclass
class Score:
    claimed: set[str] = field(default_factory=set)
    dead: set[str] = field(default_factory=set)
    findings: int = 0

    def add(self, other: Score) -> None:
        self.claimed |= other.claimed
        self.dead |= other.dead
        self.findings += other.findings

    @property
    def true_positives(self) -> int:
        return len(self.claimed & self.dead)

    @property
    def precision(self) -> float:
        return self.true_positives / len(self.claimed) if self.claimed else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / len(self.dead) if self.dead else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_truth() -> dict[str, dict]:
    return yaml.safe_load(TRUTH.read_text())


def expand(names: set[str], universe: set[str]) -> set[str]:
    """The definitions `names` stand for: each one and everything defined inside it."""
    out = set()
    for name in names:
        out |= {d for d in universe if d == name or d.startswith(name + ".")}
    return out


def scan(repo: Path, data_dir: Path):
    """The repository scanned into its own graph: (CodeGraph, every definition's qualified name)."""
    from codeintel.analysis.dead_code import CodeGraph
    from codeintel.config import load_settings
    from codeintel.graph import open_graph_store
    from codeintel.scan.engine import ScanEngine

    settings = load_settings(data_dir=data_dir)
    summary = ScanEngine(settings).scan(str(repo), use_ray=False)
    store = open_graph_store(settings.store.graph, settings.graph_path, read_only=True)
    try:
        graph = CodeGraph.load(store, summary.repo_id)
    finally:
        store.close()
    universe = {n.qualname for n in graph.nodes.values() if not n.name.startswith("<")}
    return graph, universe


def ours(repo: Path, graph, universe: set[str], dead: set[str]) -> dict[str, tuple[Score, list]]:
    """codeintel's findings scored at each minimum confidence."""
    from codeintel.analysis.dead_code import analyse
    from codeintel.analysis.entry_points import CONFIDENCE_RANK

    findings = analyse(graph, repo).findings
    out = {}
    for level in CONFIDENCES:
        kept = [f for f in findings if CONFIDENCE_RANK[f.confidence] >= CONFIDENCE_RANK[level]]
        score = Score(expand({f.qualname for f in kept}, universe), dead, len(kept))
        out[level] = (score, kept)
    return out


def python_definitions(repo: Path) -> dict[tuple[str, int], str]:
    """(file, line) -> qualified name, for every line from a definition's first decorator to its
    `def` or `class` line, named as the graph names them (module path from the repository root)."""
    out: dict[tuple[str, int], str] = {}
    for path in sorted(repo.rglob("*.py")):
        rel = path.relative_to(repo)
        parts = list(rel.with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        module = ".".join(parts)

        def walk(body, prefix: str, file: str = str(path)) -> None:
            for node in body:
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                    qualname = f"{prefix}.{node.name}"
                    first = min([node.lineno, *(d.lineno for d in node.decorator_list)])
                    for line in range(first, node.lineno + 1):
                        out.setdefault((file, line), qualname)
                    walk(node.body, qualname)
                elif hasattr(node, "body") and isinstance(node.body, list):
                    walk(node.body, prefix)
                    for extra in ("orelse", "finalbody", "handlers"):
                        walk(getattr(node, extra, []) or [], prefix)

        walk(ast.parse(path.read_text()).body, module)
    return out


def vulture_scores(repo: Path, universe: set[str], dead: set[str]) -> dict[int, tuple[Score, list]]:
    """vulture's unused classes, functions, methods and properties, at min confidence 0 and 100."""
    import vulture

    where = python_definitions(repo)
    v = vulture.Vulture()
    v.scavenge([str(repo)])
    out = {}
    for minimum in (0, 100):
        items = [i for i in v.get_unused_code(min_confidence=minimum) if i.typ in _DEFINITION_TYPES]
        names = set()
        for item in items:
            qualname = where.get((str(item.filename), item.first_lineno))
            if qualname is None:
                raise SystemExit(
                    f"cannot place vulture's {item.typ} {item.name} at {item.filename}:{item.first_lineno}"
                )
            names.add(qualname)
        out[minimum] = (Score(expand(names, universe), dead, len(items)), sorted(names))
    return out


_DEFINITION_TYPES = {"function", "method", "class", "property"}


def evaluate(details: bool = False) -> list[tuple[str, str, str, Score]]:
    """Rows (fixture, tool, settings, score), then 'python (all)' sums; prints the misses if asked."""
    truth = load_truth()
    rows: list[tuple[str, str, str, Score]] = []
    totals: dict[tuple[str, str], Score] = {}
    with tempfile.TemporaryDirectory(prefix="codeintel-deadcode-") as tmp:
        for name, spec in truth.items():
            repo = FIXTURES / name
            graph, universe = scan(repo, Path(tmp) / name)
            missing = sorted(set(spec["dead"]) - universe)
            if missing:
                raise SystemExit(f"{name}: truth names definitions the graph does not hold: {missing}")
            dead = expand(set(spec["dead"]), universe)
            results: list[tuple[str, str, Score, list]] = []
            for level, (score, kept) in ours(repo, graph, universe, dead).items():
                setting = "all findings (default)" if level == "low" else f"confidence >= {level}"
                results.append(("codeintel", setting, score, [f.qualname for f in kept]))
            if spec.get("language") == "python":
                import vulture

                for minimum, (score, names) in vulture_scores(repo, universe, dead).items():
                    setting = f"--min-confidence {minimum}" + (" (default)" if minimum == 0 else "")
                    results.append((f"vulture {vulture.__version__}", setting, score, names))
            for tool, setting, score, reported in results:
                rows.append((name, tool, setting, score))
                if spec.get("language") == "python":
                    totals.setdefault((tool, setting), Score()).add(score)
                if details:
                    _print_misses(name, tool, setting, score, reported, set(spec["dead"]), spec.get("live", {}))
    rows += [("python (all)", tool, setting, score) for (tool, setting), score in totals.items()]
    return rows


def _print_misses(name, tool, setting, score, reported, dead_units, live_notes) -> None:
    false_pos = sorted(score.claimed - score.dead)
    false_neg = sorted(score.dead - score.claimed)
    print(f"\n{name} / {tool} {setting}: {len(false_pos)} false positives, {len(false_neg)} false negatives")
    for qualname in false_pos:
        if qualname in reported:
            print(f"  FP {qualname}" + (f"  ({live_notes[qualname]})" if qualname in live_notes else ""))
    for qualname in false_neg:
        if qualname in dead_units:
            print(f"  FN {qualname}")


def table(rows: list[tuple[str, str, str, Score]]) -> str:
    lines = [
        "| fixture | tool | settings | findings | definitions claimed | dead | precision | recall | F1 |",
        "|---|---|---|---:|---:|---:|---:|---:|---:|",
    ]
    for fixture, tool, setting, s in rows:
        lines.append(
            f"| {fixture} | {tool} | {setting} | {s.findings} | {len(s.claimed)} | {len(s.dead)} | "
            f"{s.precision:.3f} | {s.recall:.3f} | {s.f1:.3f} |"
        )
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--details", action="store_true", help="list each tool's false positives and negatives")
    args = ap.parse_args()
    rows = evaluate(details=args.details)
    print()
    print(table(rows))
    overall = {(tool, setting): s for fixture, tool, setting, s in rows if fixture == "python (all)"}
    ours_f1 = overall[("codeintel", "all findings (default)")].f1
    theirs = [s.f1 for (tool, setting), s in overall.items() if tool.startswith("vulture") and "(default)" in setting]
    print(f"\nheadline (Python fixtures, defaults): codeintel F1 {ours_f1:.3f}, vulture F1 {max(theirs):.3f}")
    if ours_f1 <= max(theirs):
        sys.exit(1)


if __name__ == "__main__":
    main()
