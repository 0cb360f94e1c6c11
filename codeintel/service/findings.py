"""Findings from what the graph and the metadata hold: one small class per kind, in a registry.

Each check has a `kind`, a pydantic config with its thresholds, and a pure `run(inputs)` that
returns Findings; presenting them (JSON pages, SARIF) happens elsewhere. A check reads only
what it needs from `FindingInputs`, which each repository state computes once.

For tests/fixtures/projects/tangle, `[f.model_dump() for f in ComplexityCheck().run(inputs)]` is

    [{'id': '446ac6ef509e881f', 'kind': 'complexity', 'severity': 'medium', 'path': 'tangle/rules.py',
      'line': 4, 'symbol': 'tangle.rules.classify',
      'message': 'tangle.rules.classify has cyclomatic complexity 12 (medium from 10)'},
     {'id': 'e7030cc2ab4f794c', 'kind': 'complexity', 'severity': 'high', 'path': 'tangle/rules.py',
      'line': 30, 'symbol': 'tangle.rules.route',
      'message': 'tangle.rules.route has cyclomatic complexity 43 (high from 20)'}]
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any, ClassVar, Protocol

from pydantic import BaseModel, ConfigDict, Field

from codeintel.analysis.coupling import module_coupling
from codeintel.analysis.cycles import fewest_edges_to_break
from codeintel.service.errors import InvalidRequest
from codeintel.service.graph_queries import ModuleGraph
from codeintel.service.models import SEVERITIES, Finding
from codeintel.store.records import FileState

SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}


class FindingInputs(Protocol):
    """What checks may read about one repository state."""

    @property
    def function_metrics(self) -> list[Mapping[str, Any]]:
        """One row per function: qualname, file, start_line, lines, cyclomatic..."""
        ...

    @property
    def file_states(self) -> Mapping[str, FileState]: ...

    @property
    def module_graph(self) -> ModuleGraph: ...


def finding_id(kind: str, path: str, subject: str) -> str:
    """Stable while the problem stays: no line numbers, so moving code keeps the id."""
    return hashlib.sha256(f"{kind}\0{path}\0{subject}".encode()).hexdigest()[:16]


def _finding(
    kind: str, severity: str, path: str, line: int | None, symbol: str | None, message: str, subject: str | None = None
) -> Finding:
    return Finding(
        id=finding_id(kind, path, subject if subject is not None else symbol or ""),
        kind=kind,
        severity=severity,  # type: ignore[arg-type]
        path=path,
        line=line,
        symbol=symbol,
        message=message,
    )


class _Config(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Check(Protocol):
    kind: ClassVar[str]
    title: ClassVar[str]
    description: ClassVar[str]
    default_severity: ClassVar[str]

    def run(self, inputs: FindingInputs) -> list[Finding]: ...


class ComplexityConfig(_Config):
    medium: int = Field(10, ge=1, description="cyclomatic complexity from which a function is reported (medium)")
    high: int = Field(20, ge=1, description="cyclomatic complexity from which it is high")


class ComplexityCheck:
    """Functions with many paths through them.

    `pkg.rules.route has cyclomatic complexity 43 (high from 20)`; options: medium (10), high (20).
    """

    kind: ClassVar[str] = "complexity"
    default_severity: ClassVar[str] = "medium"
    title: ClassVar[str] = "High cyclomatic complexity"
    description: ClassVar[str] = "A function with many independent paths is hard to test and to change safely."

    def __init__(self, config: ComplexityConfig | None = None) -> None:
        self.config = config or ComplexityConfig()

    def run(self, inputs: FindingInputs) -> list[Finding]:
        out = []
        for fn in inputs.function_metrics:
            value = fn.get("cyclomatic") or 0
            if value < self.config.medium:
                continue
            severity, bound = (
                ("high", self.config.high) if value >= self.config.high else ("medium", self.config.medium)
            )
            message = f"{fn['qualname']} has cyclomatic complexity {value} ({severity} from {bound})"
            out.append(_finding(self.kind, severity, fn["file"], fn.get("start_line"), fn["qualname"], message))
        return out


class LongFunctionConfig(_Config):
    lines: int = Field(80, ge=1, description="length in lines from which a function is reported (low)")


class LongFunctionCheck:
    """Functions longer than a screenful or two.

    `pkg.report.render is 89 lines long (reported from 80)`; option: lines (80).
    """

    kind: ClassVar[str] = "long_function"
    default_severity: ClassVar[str] = "low"
    title: ClassVar[str] = "Long function"
    description: ClassVar[str] = "A long function usually does several things; splitting it eases reading and reuse."

    def __init__(self, config: LongFunctionConfig | None = None) -> None:
        self.config = config or LongFunctionConfig()

    def run(self, inputs: FindingInputs) -> list[Finding]:
        out = []
        for fn in inputs.function_metrics:
            lines = fn.get("lines") or 0
            if lines >= self.config.lines:
                message = f"{fn['qualname']} is {lines} lines long (reported from {self.config.lines})"
                out.append(_finding(self.kind, "low", fn["file"], fn.get("start_line"), fn["qualname"], message))
        return out


class SyntaxErrorCheck:
    """Files the parser found syntax errors in: `2 syntax errors; the graph holds what could be recovered
    from the file`."""

    kind: ClassVar[str] = "syntax_error"
    default_severity: ClassVar[str] = "high"
    title: ClassVar[str] = "Syntax error"
    description: ClassVar[str] = "The file does not parse; the graph holds only what could be recovered from it."

    def run(self, inputs: FindingInputs) -> list[Finding]:
        out = []
        for path, state in inputs.file_states.items():
            count = state.syntax_errors or 0
            if count and state.status != "skipped":
                noun = "syntax error" if count == 1 else "syntax errors"
                message = f"{count} {noun}; the graph holds what could be recovered from the file"
                out.append(_finding(self.kind, "high", path, None, None, message))
        return out


class UnreadableFileCheck:
    """Files that could not be read or whose extraction failed: `could not be analysed: unreadable: ...`."""

    kind: ClassVar[str] = "unreadable_file"
    default_severity: ClassVar[str] = "medium"
    title: ClassVar[str] = "Unreadable file"
    description: ClassVar[str] = "The file could not be read or analysed, so nothing in it is in the graph."

    def run(self, inputs: FindingInputs) -> list[Finding]:
        return [
            _finding(self.kind, "medium", path, None, None, f"could not be analysed: {state.skip_reason or 'unknown'}")
            for path, state in inputs.file_states.items()
            if state.status == "error"
        ]


class UnresolvedImportCheck:
    """Imports of the repository's own packages that name nothing in it.

    `pkg.ghosts imports pkg.nowhere.ghost, which this repository does not define`.
    """

    kind: ClassVar[str] = "unresolved_import"
    default_severity: ClassVar[str] = "medium"
    title: ClassVar[str] = "Unresolved internal import"
    description: ClassVar[str] = (
        "The import names a module of this repository's own packages that does not exist: "
        "it fails at run time unless guarded."
    )

    def run(self, inputs: FindingInputs) -> list[Finding]:
        out: dict[str, Finding] = {}  # one finding per file and missing name, at its first import
        for item in inputs.module_graph.unresolved:
            message = f"{item.source} imports {item.target}, which this repository does not define"
            finding = _finding(self.kind, "medium", item.source_file, item.line, item.target, message)
            if finding.id not in out or (finding.line or 0) < (out[finding.id].line or 0):
                out[finding.id] = finding
        return list(out.values())


class ImportCycleCheck:
    """Modules that import each other, directly or through others.

    `import cycle: pkg.billing -> pkg.shipping -> pkg.orders -> pkg.billing`.
    """

    kind: ClassVar[str] = "import_cycle"
    default_severity: ClassVar[str] = "medium"
    title: ClassVar[str] = "Import cycle"
    description: ClassVar[str] = (
        "Modules in a cycle cannot be understood, tested or loaded one without the others, "
        "and import order starts to matter."
    )

    def run(self, inputs: FindingInputs) -> list[Finding]:
        graph = inputs.module_graph
        out = []
        for cycle, members in graph.cycles():
            first, second = cycle[0], cycle[1]
            path = graph.files.get(first, first)
            message = f"import cycle: {' -> '.join([*cycle, first])}"
            if len(members) > len(cycle):
                message += f" ({len(members)} modules import one another in cycles: {', '.join(members)})"
            message += "; " + _how_to_break(graph, members)
            subject = "\0".join(members)  # the same cycle keeps its id whichever module changes
            out.append(_finding(self.kind, "medium", path, graph.edges[first].get(second), first, message, subject))
        return out


class GodModuleConfig(_Config):
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
    title: ClassVar[str] = "God module"
    description: ClassVar[str] = (
        "A large module with many dependents or dependencies does too much: every change to it "
        "reaches far, and it is hard to test on its own. Split it along what its parts use."
    )

    def __init__(self, config: GodModuleConfig | None = None) -> None:
        self.config = config or GodModuleConfig()

    def run(self, inputs: FindingInputs) -> list[Finding]:
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
            out.append(_finding(self.kind, "medium", path, None, module, message))
        return out


def _how_to_break(graph: ModuleGraph, members: list[str], shown: int = 10) -> str:
    """`removing 1 import breaks it: a -> b (line 3)`: the fewest imports, where proven."""
    found = fewest_edges_to_break(graph.edges, members)
    imports = [f"{s} -> {t}" + (f" (line {graph.edges[s][t]})" if graph.edges[s][t] else "") for s, t in found.edges]
    listed = ", ".join(imports[:shown]) + (f" and {len(imports) - shown} more" if len(imports) > shown else "")
    noun = "import" if len(imports) == 1 else "imports"
    qualifier = "" if found.minimal else " (not proven the fewest)"
    return f"removing {len(imports)} {noun} breaks it{qualifier}: {listed}"


CHECKS: dict[str, Check] = {
    check.kind: check
    for check in (
        ComplexityCheck(),
        LongFunctionCheck(),
        SyntaxErrorCheck(),
        UnreadableFileCheck(),
        UnresolvedImportCheck(),
        ImportCycleCheck(),
        GodModuleCheck(),
    )
}
"""Every registered check by kind; adding a kind means adding one class here."""


def run_checks(inputs: FindingInputs, checks: Iterable[Check] | None = None) -> list[Finding]:
    """All findings, most severe first, then by path, line and kind."""
    found = [finding for check in (checks or CHECKS.values()) for finding in check.run(inputs)]
    return sorted(found, key=lambda f: (-SEVERITY_RANK[f.severity], f.path, f.line or 0, f.kind, f.symbol or "", f.id))


def filter_findings(
    findings: Iterable[Finding], kind: str | None = None, severity: str | None = None, path_prefix: str | None = None
) -> list[Finding]:
    """Keep one kind, one severity, and paths under a prefix (`pkg/` or `pkg/mod.py`); unknown
    kinds and severities are refused."""
    if kind is not None and kind not in CHECKS:
        raise InvalidRequest(f"unknown finding kind {kind!r}; known: {', '.join(sorted(CHECKS))}")
    if severity is not None and severity not in SEVERITY_RANK:
        raise InvalidRequest(f"unknown severity {severity!r}; known: {', '.join(SEVERITIES)}")
    prefix = path_prefix or ""
    while prefix.startswith("./"):
        prefix = prefix[2:]
    prefix = prefix.lstrip("/")
    return [
        f
        for f in findings
        if (kind is None or f.kind == kind)
        and (severity is None or f.severity == severity)
        and (not prefix or f.path.startswith(prefix))
    ]
