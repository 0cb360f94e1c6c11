"""The registry of checks: the classes that turn what the analyses measure into Findings, one
small class per kind (size_checks.py, import_checks.py, and one module per larger analysis).

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

from collections.abc import Iterable

from codeintel.analysis.check import GRAPH, HISTORY, SOURCE, AnalysisInputs, Check, CheckConfig, make_finding
from codeintel.analysis.clone_checks import CloneCheck, CloneCheckConfig
from codeintel.analysis.dead_code_checks import DeadCodeCheck
from codeintel.analysis.findings import Finding, sort_findings
from codeintel.analysis.hotspot_checks import (
    ChangeCouplingCheck,
    ChangeCouplingConfig,
    HotspotCheck,
    HotspotCheckConfig,
)
from codeintel.analysis.import_checks import (
    ImportCycleCheck,
    SyntaxErrorCheck,
    UnreadableFileCheck,
    UnresolvedImportCheck,
)
from codeintel.analysis.size_checks import (
    CognitiveComplexityCheck,
    CognitiveComplexityConfig,
    ComplexityCheck,
    ComplexityConfig,
    GodClassCheck,
    GodClassConfig,
    GodModuleCheck,
    GodModuleConfig,
    LongFunctionCheck,
    LongFunctionConfig,
)

__all__ = [
    "CHECKS",
    "ChangeCouplingCheck",
    "ChangeCouplingConfig",
    "CloneCheck",
    "CloneCheckConfig",
    "DeadCodeCheck",
    "HotspotCheck",
    "HotspotCheckConfig",
    "GRAPH",
    "HISTORY",
    "SOURCE",
    "AnalysisInputs",
    "Check",
    "CheckConfig",
    "CognitiveComplexityCheck",
    "CognitiveComplexityConfig",
    "ComplexityCheck",
    "ComplexityConfig",
    "GodClassCheck",
    "GodClassConfig",
    "GodModuleCheck",
    "GodModuleConfig",
    "ImportCycleCheck",
    "LongFunctionCheck",
    "LongFunctionConfig",
    "SyntaxErrorCheck",
    "UnreadableFileCheck",
    "UnresolvedImportCheck",
    "make_finding",
    "run_checks",
]

ALL_CHECKS: tuple[Check, ...] = (
    ComplexityCheck(),
    CognitiveComplexityCheck(),
    LongFunctionCheck(),
    GodClassCheck(),
    GodModuleCheck(),
    SyntaxErrorCheck(),
    UnreadableFileCheck(),
    UnresolvedImportCheck(),
    ImportCycleCheck(),
    DeadCodeCheck(),
    CloneCheck(),
    HotspotCheck(),
    ChangeCouplingCheck(),
)

CHECKS: dict[str, Check] = {check.kind: check for check in ALL_CHECKS}
"""Every registered check by kind, with its default configuration; adding a kind means adding
one class here."""


def run_checks(inputs: AnalysisInputs, checks: Iterable[Check] | None = None) -> list[Finding]:
    """All findings of `checks` (every registered one by default), most severe first."""
    return sort_findings([finding for check in (checks or CHECKS.values()) for finding in check.run(inputs)])
