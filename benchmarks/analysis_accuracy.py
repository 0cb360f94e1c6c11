"""Precision and recall of the design analyses on the hand-labelled fixture, and how far the
measured complexity, class and coupling figures agree with the hand counts.

    python benchmarks/analysis_accuracy.py [--json OUT]

Fixture: tests/fixtures/analysis/design, a small ledger and billing application (Python, with a
JavaScript checkout and a Java payments service). Truth: tests/fixtures/analysis/truth.yaml,
written by hand: every finding the run should give, the decoys it must not give, the cyclomatic
and cognitive complexity of 19 functions counted line by line, the methods and weighted methods
of three classes, the members of each import cycle with the fewest imports that break it, and
the afferent and efferent coupling of every module and package.

The fixture is copied to a temporary folder and scanned in process (no Ray) with its own data
folder and the truth's `options` (defaults, except god_module scaled to 150 lines / 12
functions / 5 imports in or out; the analyses the truth does not cover are skipped). Then:

  * findings per kind: a finding matches an expected one with the same kind, path and symbol
    (unresolved imports: the same path and line; import cycles: the same members). Precision =
    matched / found, recall = matched / expected (1.0 when there is nothing to divide by);
  * measured values: `function_metrics` from the graph against the hand-counted cyclomatic,
    cognitive and lines; `class_metrics` against methods and weighted methods; the coupling
    route of the service (`EngineService.coupling`, module and package level) against Ca and Ce;
  * each cycle: whether a finding has exactly its members, and the size of the break it
    proposes against the fewest by hand.

Truth entries marked `known:` are cases where the tool is known to be wrong; they are scored as
any other (so the figures show the gap) and listed with the reason.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from contextlib import closing
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
FIXTURE = ROOT / "tests" / "fixtures" / "analysis" / "design"
TRUTH = ROOT / "tests" / "fixtures" / "analysis" / "truth.yaml"
KINDS = (
    "complexity",
    "cognitive_complexity",
    "long_function",
    "god_class",
    "god_module",
    "import_cycle",
    "unresolved_import",
    "syntax_error",
    "unreadable_file",
)


def load_truth(path: Path = TRUTH) -> dict[str, Any]:
    return yaml.safe_load(path.read_text())


# ---------------------------------------------------------------- measuring


@dataclass
class Measured:
    """What one scan of the fixture gives: findings, function and class metrics, coupling."""

    findings: list[dict[str, Any]]
    functions: dict[str, dict[str, Any]]  # qualname -> function_metrics row
    classes: dict[str, dict[str, Any]]  # qualname -> ClassMetrics as a dict
    modules: dict[str, tuple[int, int]]  # module -> (afferent, efferent)
    packages: dict[str, tuple[int, int]]


def measure(fixture: Path = FIXTURE, options: dict[str, Any] | None = None) -> Measured:
    """Scan a copy of `fixture` in process with the analysis `options` (the truth's by default)."""
    from codeintel.analysis.class_metrics import load_class_metrics
    from codeintel.config import load_settings
    from codeintel.graph import open_graph_store
    from codeintel.scan.engine import ScanEngine
    from codeintel.service.engine_service import EngineService
    from codeintel.store import open_metastore

    analysis = options if options is not None else load_truth()["options"]
    with tempfile.TemporaryDirectory(prefix="analysis-accuracy-") as tmp:
        repo = Path(tmp) / fixture.name
        shutil.copytree(fixture, repo)
        settings = load_settings(data_dir=Path(tmp) / "data", analysis=analysis)
        summary = ScanEngine(settings).scan(str(repo), use_ray=False)
        with closing(open_metastore(settings)) as meta:
            findings = [f.model_dump(mode="json") for f in meta.findings(summary.repo_id)]
        with closing(open_graph_store(settings.store.graph, settings.graph_path, read_only=True)) as store:
            rows = store.named_query("function_metrics", repo=summary.repo_id)
            functions = {row["qualname"]: dict(row) for row in rows}
            classes = {c.qualname: c._asdict() for c in load_class_metrics(store, summary.repo_id)}
        service = EngineService(settings, scan_in_background=False)
        try:
            modules = _coupling(service, summary.repo_id, "module")
            packages = _coupling(service, summary.repo_id, "package")
        finally:
            service.close()
    return Measured(findings, functions, classes, modules, packages)


def _coupling(service, repo_id: str, level: str) -> dict[str, tuple[int, int]]:
    out: dict[str, tuple[int, int]] = {}
    offset = 0
    while True:
        page = service.coupling(repo_id, level=level, offset=offset, limit=100)
        out.update({view.name: (view.afferent, view.efferent) for view in page.items})
        offset += len(page.items)
        if not page.items or offset >= page.total:
            return out


# ---------------------------------------------------------------- scoring


@dataclass
class KindScore:
    kind: str
    expected: int
    found: int
    true_positives: int
    missed: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.true_positives / self.found if self.found else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.expected if self.expected else 1.0


@dataclass
class Agreement:
    """Measured values against hand counts, for one figure (cyclomatic, cognitive, ...)."""

    figure: str
    total: int = 0
    exact: int = 0
    disagreements: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class CycleCheck:
    members: list[str]
    expected_break: int
    found: bool
    measured_break: int | None
    proven_fewest: bool | None
    break_valid: bool | None
    """The proposed imports are among the hand-listed ones, and without them the members have no cycle."""

    @property
    def break_matches(self) -> bool:
        return self.measured_break == self.expected_break


@dataclass
class Report:
    kinds: dict[str, KindScore]
    agreements: dict[str, Agreement]
    cycles: list[CycleCheck]
    known: list[dict[str, Any]]
    """Truth entries marked as known tool errors, with why."""

    def to_json(self) -> dict[str, Any]:
        return {
            "kinds": {
                k: {**asdict(s), "precision": round(s.precision, 4), "recall": round(s.recall, 4)}
                for k, s in self.kinds.items()
            },
            "agreements": {k: asdict(a) for k, a in self.agreements.items()},
            "cycles": [{**asdict(c), "break_matches": c.break_matches} for c in self.cycles],
            "known": self.known,
        }


def _key(kind: str, entry: dict[str, Any]) -> tuple:
    if kind == "import_cycle":
        return (kind, tuple(sorted(entry["members"])))
    if kind == "unresolved_import":
        return (kind, entry["path"], entry["line"])
    return (kind, entry["path"], entry.get("symbol"))


def _finding_key(finding: dict[str, Any]) -> tuple:
    kind = finding["kind"]
    if kind == "import_cycle":
        return _key(kind, {"members": finding["evidence"]["members"]})
    return _key(kind, finding)


def _label(key: tuple) -> str:
    if key[0] == "import_cycle":
        return "cycle of " + ", ".join(key[1])
    return f"{key[1]}:{key[2]}"


def score(truth: dict[str, Any], measured: Measured) -> Report:
    """The measured findings and figures against the hand-written truth."""
    expected: dict[tuple, dict[str, Any]] = {_key(e["kind"], e): e for e in truth["findings"]}
    for cycle in truth["cycles"]:
        expected[_key("import_cycle", cycle)] = {"kind": "import_cycle", **cycle}
    found = {_finding_key(f): f for f in measured.findings if f["kind"] in KINDS}
    kinds = {}
    for kind in KINDS:
        mine = {k for k in expected if k[0] == kind}
        got = {k for k in found if k[0] == kind}
        kinds[kind] = KindScore(
            kind,
            len(mine),
            len(got),
            len(mine & got),
            missed=sorted(_label(k) for k in mine - got),
            false_positives=sorted(_label(k) for k in got - mine),
        )

    agreements = {name: Agreement(name) for name in ("cyclomatic", "cognitive", "lines", "methods", "wmc")}
    for entry in truth["functions"]:
        row = measured.functions.get(entry["symbol"])
        for figure in ("cyclomatic", "cognitive", "lines"):
            if figure in entry:
                _agree(agreements[figure], entry["symbol"], entry[figure], row.get(figure) if row else None)
    for entry in truth["classes"]:
        cls = measured.classes.get(entry["symbol"])
        for figure in ("methods", "wmc"):
            _agree(agreements[figure], entry["symbol"], entry[figure], cls.get(figure) if cls else None)
    for level in ("modules", "packages"):
        agreement = agreements[f"coupling of {level}"] = Agreement(f"coupling of {level} (Ca, Ce)")
        got = getattr(measured, level)
        for name, (afferent, efferent) in truth["coupling"][level].items():
            _agree(agreement, name, [afferent, efferent], list(got[name]) if name in got else None)
        for name in sorted(set(got) - set(truth["coupling"][level])):
            agreement.disagreements.append({"name": name, "expected": None, "measured": list(got[name])})

    cycles = []
    for cycle in truth["cycles"]:
        finding = found.get(_key("import_cycle", cycle))
        evidence = finding["evidence"] if finding else {}
        cycles.append(
            CycleCheck(
                members=sorted(cycle["members"]),
                expected_break=cycle["break"],
                found=finding is not None,
                measured_break=len(evidence["break"]) if finding else None,
                proven_fewest=evidence.get("break_proven_fewest") if finding else None,
                break_valid=_breaks(cycle["imports"], evidence["break"]) if finding else None,
            )
        )
    known = [
        {
            "kind": e.get("kind", "function"),
            "path": e.get("path"),
            "symbol": e.get("symbol"),
            "line": e.get("line"),
            "known": e["known"],
        }
        for section in ("findings", "decoys", "functions", "classes")
        for e in truth.get(section) or []
        if e.get("known")
    ]
    return Report(kinds, agreements, cycles, known)


def _breaks(imports: list[list[str]], proposed: list[dict[str, Any]]) -> bool:
    """Whether removing `proposed` from the hand-listed `imports` leaves them without a cycle."""
    edges = {(source, target) for source, target in imports}
    cut = {(item["source"], item["target"]) for item in proposed}
    if not cut <= edges:
        return False
    left = edges - cut
    pending = {node for edge in left for node in edge}
    while pending:  # peel off nodes that nothing left imports; a cycle keeps some forever
        free = {node for node in pending if not any(t == node and s in pending for s, t in left)}
        if not free:
            return False
        pending -= free
    return True


def _agree(agreement: Agreement, name: str, expected: Any, measured: Any) -> None:
    agreement.total += 1
    if expected == measured:
        agreement.exact += 1
    else:
        agreement.disagreements.append({"name": name, "expected": expected, "measured": measured})


def score_fixture(fixture: Path = FIXTURE, truth_path: Path = TRUTH) -> Report:
    """Scan the fixture with the truth's options and score it: what the test and `main` run."""
    truth = load_truth(truth_path)
    return score(truth, measure(fixture, truth["options"]))


# ---------------------------------------------------------------- presenting


def render(report: Report, truth: dict[str, Any]) -> str:
    god_module = truth["options"]["options"]["god_module"]
    out = [
        "Options: defaults, god_module at "
        f"{god_module['lines']} lines / {god_module['functions']} functions / coupling {god_module['coupling']}.",
        "",
        "| kind | expected | found | true positives | precision | recall |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for s in report.kinds.values():
        out.append(f"| {s.kind} | {s.expected} | {s.found} | {s.true_positives} | {s.precision:.3f} | {s.recall:.3f} |")
    total = KindScore(
        "all",
        *(sum(getattr(s, f) for s in report.kinds.values()) for f in ("expected", "found", "true_positives")),
    )
    out.append(
        f"| **all** | {total.expected} | {total.found} | {total.true_positives} | "
        f"{total.precision:.3f} | {total.recall:.3f} |"
    )
    wrong = [(s.kind, "missed", x) for s in report.kinds.values() for x in s.missed]
    wrong += [(s.kind, "false positive", x) for s in report.kinds.values() for x in s.false_positives]
    if wrong:
        out += ["", "Wrong findings:", ""] + [f"- {kind}, {what}: {label}" for kind, what, label in wrong]

    out += ["", "| measured against the hand count | exact | of |", "|---|---:|---:|"]
    out += [f"| {a.figure} | {a.exact} | {a.total} |" for a in report.agreements.values()]
    for a in report.agreements.values():
        if a.disagreements:
            out += ["", f"{a.figure}, disagreements:", ""]
            out += [f"- {d['name']}: hand {d['expected']}, measured {d['measured']}" for d in a.disagreements]

    out += [
        "",
        "| import cycle | found with these members | fewest to break (hand) | break proposed | it breaks the cycles "
        "| proven fewest |",
        "|---|---|---:|---:|---|---|",
    ]
    for c in report.cycles:
        out.append(
            f"| {', '.join(c.members)} | {'yes' if c.found else 'no'} | {c.expected_break} | "
            f"{c.measured_break if c.measured_break is not None else '-'} | {_yes(c.break_valid)} | "
            f"{_yes(c.proven_fewest)} |"
        )
    if report.known:
        out += ["", "Known tool errors (marked in the truth):", ""]
        out += [f"- {k['kind']} {k['path']} {k['symbol']}: {k['known']}" for k in report.known]
    return "\n".join(out)


def _yes(value: bool | None) -> str:
    return "-" if value is None else ("yes" if value else "no")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--fixture", type=Path, default=FIXTURE)
    parser.add_argument("--truth", type=Path, default=TRUTH)
    parser.add_argument("--json", type=Path, metavar="OUT", help="also write the scores as JSON")
    args = parser.parse_args(argv)
    truth = load_truth(args.truth)
    report = score(truth, measure(args.fixture, truth["options"]))
    print(render(report, truth))
    if args.json:
        args.json.write_text(json.dumps(report.to_json(), indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
