"""The checks that turn what the analyses measure into Findings: one small class per kind, in a
registry.

Each check has a `kind`, a pydantic config with its thresholds, what it needs (`needs`: the
graph alone, or also the source files or the git history), and a pure `run(inputs)` that
returns Findings with their evidence and the kind of refactoring that would fix them.
Presenting them (pages, tables, SARIF) happens elsewhere. A check reads only what it needs
from `AnalysisInputs`, which computes each input once, on first use.

For tests/fixtures/projects/tangle, `ComplexityCheck().run(inputs)` gives one finding:
`tangle.rules.route has cyclomatic complexity 43 (high from 30)`, with evidence
`{'cyclomatic': 43, 'threshold': 15, 'high_from': 30, 'lines': 63, ...}` and fix `split_function`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any, ClassVar, Protocol

from pydantic import BaseModel, ConfigDict, Field

from codeintel.analysis.class_metrics import ClassMetrics
from codeintel.analysis.coupling import module_coupling
from codeintel.analysis.cycles import fewest_edges_to_break
from codeintel.analysis.findings import (
    Confidence,
    Finding,
    FixKind,
    RelatedLocation,
    Severity,
    finding_id,
    sort_findings,
)
from codeintel.analysis.module_graph import ModuleGraph
from codeintel.store.records import FileState

GRAPH = "graph"
SOURCE = "source"
HISTORY = "history"


class AnalysisInputs(Protocol):
    """What checks may read about one repository state; each is computed once, when first read."""

    @property
    def function_metrics(self) -> Sequence[Mapping[str, Any]]:
        """One row per function: id, qualname, file, start_line, end_line, lines, cyclomatic,
        cognitive (None where the extractor did not measure it), max_nesting, parameters."""
        ...

    @property
    def class_metrics(self) -> Sequence[ClassMetrics]: ...

    @property
    def file_states(self) -> Mapping[str, FileState]: ...

    @property
    def module_graph(self) -> ModuleGraph: ...


def make_finding(
    kind: str,
    severity: Severity,
    path: str,
    message: str,
    *,
    line: int | None = None,
    end_line: int | None = None,
    symbol: str | None = None,
    subject: str | None = None,
    fix: FixKind | None = None,
    confidence: Confidence = "high",
    evidence: dict[str, Any] | None = None,
    related: list[RelatedLocation] | None = None,
) -> Finding:
    """A Finding whose id hashes kind, path and `subject` (the symbol unless given)."""
    return Finding(
        id=finding_id(kind, path, subject if subject is not None else symbol or ""),
        kind=kind,
        severity=severity,
        path=path,
        line=line,
        end_line=end_line,
        symbol=symbol,
        message=message,
        confidence=confidence,
        fix=fix,
        evidence=evidence or {},
        related=related or [],
    )


class CheckConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Check(Protocol):
    kind: ClassVar[str]
    title: ClassVar[str]
    description: ClassVar[str]
    default_severity: ClassVar[str]
    needs: ClassVar[frozenset[str]]

    def run(self, inputs: Any) -> list[Finding]: ...


# ---------------------------------------------------------------- complexity and size


class ComplexityConfig(CheckConfig):
    threshold: int = Field(15, ge=1, description="cyclomatic complexity from which a function is reported (lizard's)")
    high: int = Field(30, ge=1, description="cyclomatic complexity from which the finding is high")


class ComplexityCheck:
    """Functions with many paths through them (McCabe's cyclomatic complexity).

    `pkg.rules.route has cyclomatic complexity 43 (high from 30)`; options: threshold (15), high (30).
    """

    kind: ClassVar[str] = "complexity"
    default_severity: ClassVar[str] = "medium"
    needs: ClassVar[frozenset[str]] = frozenset({GRAPH})
    title: ClassVar[str] = "High cyclomatic complexity"
    description: ClassVar[str] = "A function with many independent paths is hard to test and to change safely."
    metric: ClassVar[str] = "cyclomatic"
    words: ClassVar[str] = "cyclomatic complexity"

    def __init__(self, config: ComplexityConfig | None = None) -> None:
        self.config = config or ComplexityConfig()

    def run(self, inputs: AnalysisInputs) -> list[Finding]:
        out = []
        threshold, high = self.config.threshold, self.config.high
        for fn in inputs.function_metrics:
            value = fn.get(self.metric)
            if value is None or value < threshold:
                continue
            severity: Severity = "high" if value >= high else "medium"
            bound = f"high from {high}" if severity == "high" else f"reported from {threshold}"
            evidence = {
                self.metric: value,
                "threshold": threshold,
                "high_from": high,
                **{k: fn.get(k) for k in ("lines", "max_nesting", "parameters")},
            }
            out.append(
                make_finding(
                    self.kind,
                    severity,
                    fn["file"],
                    f"{fn['qualname']} has {self.words} {value} ({bound})",
                    line=fn.get("start_line"),
                    end_line=fn.get("end_line"),
                    symbol=fn["qualname"],
                    fix="split_function",
                    evidence=evidence,
                )
            )
        return out


class CognitiveComplexityConfig(CheckConfig):
    threshold: int = Field(15, ge=1, description="cognitive complexity from which a function is reported (SonarQube's)")
    high: int = Field(30, ge=1, description="cognitive complexity from which the finding is high")


class CognitiveComplexityCheck(ComplexityCheck):
    """Functions that are hard to follow: breaks in linear flow, weighted by how deeply they nest
    (G. Ann Campbell's cognitive complexity, as SonarQube measures it).

    `pkg.rules.route has cognitive complexity 52 (high from 30)`; options: threshold (15), high (30).
    """

    kind: ClassVar[str] = "cognitive_complexity"
    title: ClassVar[str] = "High cognitive complexity"
    description: ClassVar[str] = (
        "Deeply nested branches and loops make a function hard to read; flatten it with early returns "
        "or extract the nested parts."
    )
    metric: ClassVar[str] = "cognitive"
    words: ClassVar[str] = "cognitive complexity"

    def __init__(self, config: CognitiveComplexityConfig | None = None) -> None:
        self.config = config or CognitiveComplexityConfig()  # type: ignore[assignment]


class LongFunctionConfig(CheckConfig):
    lines: int = Field(80, ge=1, description="length in lines from which a function is reported (low)")


class LongFunctionCheck:
    """Functions longer than a screenful or two.

    `pkg.report.render is 89 lines long (reported from 80)`; option: lines (80).
    """

    kind: ClassVar[str] = "long_function"
    default_severity: ClassVar[str] = "low"
    needs: ClassVar[frozenset[str]] = frozenset({GRAPH})
    title: ClassVar[str] = "Long function"
    description: ClassVar[str] = "A long function usually does several things; splitting it eases reading and reuse."

    def __init__(self, config: LongFunctionConfig | None = None) -> None:
        self.config = config or LongFunctionConfig()

    def run(self, inputs: AnalysisInputs) -> list[Finding]:
        out = []
        for fn in inputs.function_metrics:
            lines = fn.get("lines") or 0
            if lines >= self.config.lines:
                out.append(
                    make_finding(
                        self.kind,
                        "low",
                        fn["file"],
                        f"{fn['qualname']} is {lines} lines long (reported from {self.config.lines})",
                        line=fn.get("start_line"),
                        end_line=fn.get("end_line"),
                        symbol=fn["qualname"],
                        fix="split_function",
                        evidence={"lines": lines, "threshold": self.config.lines},
                    )
                )
        return out


class GodClassConfig(CheckConfig):
    methods: int = Field(20, ge=1, description="methods from which a class is large")
    lines: int = Field(500, ge=1, description="lines from which a class is large")
    wmc: int = Field(47, ge=1, description="weighted methods (sum of cyclomatic) from which a class is complex")
    fan_out: int = Field(10, ge=0, description="other classes used, from which a large class is reported anyway")


class GodClassCheck:
    """Large, complex classes that do too much (after Lanza and Marinescu's god class: complex
    by weighted methods, large, and reaching into many other classes).

    `pkg.core.Engine has 1210 lines and 48 methods, weighted methods 163; it uses 14 classes and 9
    use it`; options: methods (20), lines (500), wmc (47), fan_out (10).
    """

    kind: ClassVar[str] = "god_class"
    default_severity: ClassVar[str] = "medium"
    needs: ClassVar[frozenset[str]] = frozenset({GRAPH})
    title: ClassVar[str] = "God class"
    description: ClassVar[str] = (
        "A class with many methods and much logic carries several responsibilities: every change to it "
        "risks the others. Split it along the groups of methods that work together."
    )

    def __init__(self, config: GodClassConfig | None = None) -> None:
        self.config = config or GodClassConfig()

    def run(self, inputs: AnalysisInputs) -> list[Finding]:
        config, out = self.config, []
        for cls in inputs.class_metrics:
            large = cls.methods >= config.methods or cls.lines >= config.lines
            if not large or (cls.wmc < config.wmc and cls.fan_out < config.fan_out):
                continue
            message = (
                f"{cls.qualname} has {cls.lines} lines and {cls.methods} methods, weighted methods {cls.wmc}; "
                f"it uses {cls.fan_out} classes and {cls.fan_in} use it"
            )
            evidence = {
                "lines": cls.lines,
                "methods": cls.methods,
                "wmc": cls.wmc,
                "fan_in": cls.fan_in,
                "fan_out": cls.fan_out,
                "thresholds": config.model_dump(),
            }
            out.append(
                make_finding(
                    self.kind,
                    "medium",
                    cls.file,
                    message,
                    line=cls.start_line,
                    end_line=cls.end_line,
                    symbol=cls.qualname,
                    fix="split_class",
                    evidence=evidence,
                )
            )
        return out


class GodModuleConfig(CheckConfig):
    lines: int = Field(1000, ge=1, description="lines from which a module is large")
    functions: int = Field(50, ge=1, description="functions and methods from which a module is large")
    coupling: int = Field(20, ge=1, description="imports in or out from which a large module is reported")


class GodModuleCheck:
    """Large modules that much of the code depends on, or that depend on much of it.

    `pkg.core has 1412 lines and 63 functions; 24 modules import it, it imports 7 (instability
    0.23)`; options: lines (1000), functions (50), coupling (20).
    """

    kind: ClassVar[str] = "god_module"
    default_severity: ClassVar[str] = "medium"
    needs: ClassVar[frozenset[str]] = frozenset({GRAPH})
    title: ClassVar[str] = "God module"
    description: ClassVar[str] = (
        "A large module with many dependents or dependencies does too much: every change to it "
        "reaches far, and it is hard to test on its own. Split it along what its parts use."
    )

    def __init__(self, config: GodModuleConfig | None = None) -> None:
        self.config = config or GodModuleConfig()

    def run(self, inputs: AnalysisInputs) -> list[Finding]:
        config, graph = self.config, inputs.module_graph
        functions: dict[str, int] = {}
        for fn in inputs.function_metrics:
            functions[fn["file"]] = functions.get(fn["file"], 0) + 1
        out = []
        for module, coupling in module_coupling(graph.edges).items():
            path = graph.files.get(module)
            if path is None:
                continue
            state = inputs.file_states.get(path)
            lines, count = (state.lines or 0) if state else 0, functions.get(path, 0)
            large = lines >= config.lines or count >= config.functions
            if not large or max(coupling.afferent, coupling.efferent) < config.coupling:
                continue
            message = (
                f"{module} has {lines} lines and {count} functions; {coupling.afferent} modules import it, "
                f"it imports {coupling.efferent} (instability {coupling.instability:.2f})"
            )
            evidence = {
                "lines": lines,
                "functions": count,
                "afferent": coupling.afferent,
                "efferent": coupling.efferent,
                "instability": round(coupling.instability, 4),
                "thresholds": config.model_dump(),
            }
            out.append(
                make_finding(self.kind, "medium", path, message, symbol=module, fix="split_module", evidence=evidence)
            )
        return out


# ---------------------------------------------------------------- files and imports


class SyntaxErrorCheck:
    """Files the parser found syntax errors in: `2 syntax errors; the graph holds what could be recovered
    from the file`."""

    kind: ClassVar[str] = "syntax_error"
    default_severity: ClassVar[str] = "high"
    needs: ClassVar[frozenset[str]] = frozenset({GRAPH})
    title: ClassVar[str] = "Syntax error"
    description: ClassVar[str] = "The file does not parse; the graph holds only what could be recovered from it."

    def run(self, inputs: AnalysisInputs) -> list[Finding]:
        out = []
        for path, state in inputs.file_states.items():
            count = state.syntax_errors or 0
            if count and state.status != "skipped":
                noun = "syntax error" if count == 1 else "syntax errors"
                message = f"{count} {noun}; the graph holds what could be recovered from the file"
                out.append(
                    make_finding(self.kind, "high", path, message, fix="fix_syntax", evidence={"syntax_errors": count})
                )
        return out


class UnreadableFileCheck:
    """Files that could not be read or whose extraction failed: `could not be analysed: unreadable: ...`."""

    kind: ClassVar[str] = "unreadable_file"
    default_severity: ClassVar[str] = "medium"
    needs: ClassVar[frozenset[str]] = frozenset({GRAPH})
    title: ClassVar[str] = "Unreadable file"
    description: ClassVar[str] = "The file could not be read or analysed, so nothing in it is in the graph."

    def run(self, inputs: AnalysisInputs) -> list[Finding]:
        return [
            make_finding(
                self.kind,
                "medium",
                path,
                f"could not be analysed: {state.skip_reason or 'unknown'}",
                evidence={"reason": state.skip_reason or "unknown"},
            )
            for path, state in inputs.file_states.items()
            if state.status == "error"
        ]


class UnresolvedImportCheck:
    """Imports of the repository's own packages that name nothing in it.

    `pkg.ghosts imports pkg.nowhere.ghost, which this repository does not define`.
    """

    kind: ClassVar[str] = "unresolved_import"
    default_severity: ClassVar[str] = "medium"
    needs: ClassVar[frozenset[str]] = frozenset({GRAPH})
    title: ClassVar[str] = "Unresolved internal import"
    description: ClassVar[str] = (
        "The import names a module of this repository's own packages that does not exist: "
        "it fails at run time unless guarded."
    )

    def run(self, inputs: AnalysisInputs) -> list[Finding]:
        out: dict[str, Finding] = {}  # one finding per file and missing name, at its first import
        for item in inputs.module_graph.unresolved:
            message = f"{item.source} imports {item.target}, which this repository does not define"
            finding = make_finding(
                self.kind,
                "medium",
                item.source_file,
                message,
                line=item.line,
                symbol=item.target,
                fix="fix_import",
                evidence={"module": item.source, "imports": item.target},
            )
            if finding.id not in out or (finding.line or 0) < (out[finding.id].line or 0):
                out[finding.id] = finding
        return list(out.values())


class ImportCycleCheck:
    """Modules that import each other, directly or through others, with the fewest imports whose
    removal breaks every cycle among them.

    `import cycle: pkg.billing -> pkg.shipping -> pkg.orders -> pkg.billing; removing 1 import
    breaks it: pkg.orders -> pkg.billing (line 3)`.
    """

    kind: ClassVar[str] = "import_cycle"
    default_severity: ClassVar[str] = "medium"
    needs: ClassVar[frozenset[str]] = frozenset({GRAPH})
    title: ClassVar[str] = "Import cycle"
    description: ClassVar[str] = (
        "Modules in a cycle cannot be understood, tested or loaded one without the others, "
        "and import order starts to matter."
    )
    shown: ClassVar[int] = 10

    def run(self, inputs: AnalysisInputs) -> list[Finding]:
        graph = inputs.module_graph
        out = []
        for cycle, members in graph.cycles():
            first, second = cycle[0], cycle[1]
            path = graph.files.get(first, first)
            message = f"import cycle: {' -> '.join([*cycle, first])}"
            if len(members) > len(cycle):
                message += f" ({len(members)} modules import one another in cycles: {', '.join(members)})"
            found = fewest_edges_to_break(graph.edges, members)
            cuts = [(s, t, graph.edges[s][t]) for s, t in found.edges]
            imports = [f"{s} -> {t}" + (f" (line {line})" if line else "") for s, t, line in cuts]
            listed = ", ".join(imports[: self.shown])
            if len(imports) > self.shown:
                listed += f" and {len(imports) - self.shown} more"
            noun = "import" if len(imports) == 1 else "imports"
            qualifier = "" if found.minimal else " (not proven the fewest)"
            message += f"; removing {len(imports)} {noun} breaks it{qualifier}: {listed}"
            related = [
                RelatedLocation(
                    path=graph.files.get(s, s),
                    line=line,
                    symbol=s,
                    message=f"{s} imports {t}: remove it to break the cycle",
                )
                for s, t, line in cuts
            ]
            evidence = {
                "cycle": cycle,
                "members": members,
                "break": [{"source": s, "target": t, "line": line} for s, t, line in cuts],
                "break_proven_fewest": found.minimal,
            }
            out.append(
                make_finding(
                    self.kind,
                    "medium",
                    path,
                    message,
                    line=graph.edges[first].get(second),
                    symbol=first,
                    subject="\0".join(members),  # the same cycle keeps its id whichever module changes
                    fix="break_cycle",
                    evidence=evidence,
                    related=related,
                )
            )
        return out


# ---------------------------------------------------------------- the registry


GRAPH_CHECKS: tuple[Check, ...] = (
    ComplexityCheck(),
    CognitiveComplexityCheck(),
    LongFunctionCheck(),
    GodClassCheck(),
    GodModuleCheck(),
    SyntaxErrorCheck(),
    UnreadableFileCheck(),
    UnresolvedImportCheck(),
    ImportCycleCheck(),
)

CHECKS: dict[str, Check] = {check.kind: check for check in GRAPH_CHECKS}
"""Every registered check by kind, with its default configuration; adding a kind means adding
one class here."""


def run_checks(inputs: AnalysisInputs, checks: Iterable[Check] | None = None) -> list[Finding]:
    """All findings of `checks` (every registered one by default), most severe first."""
    return sort_findings([finding for check in (checks or CHECKS.values()) for finding in check.run(inputs)])
