"""A Finding: one problem an analysis found, with the evidence that makes the case and the kind
of refactoring that would fix it. Analyses produce them after each scan, the metadata store
keeps them per repository, and the service, the client, the CLI and SARIF present them."""

from __future__ import annotations

import hashlib
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Severity = Literal["info", "low", "medium", "high"]
SEVERITIES: tuple[str, ...] = ("info", "low", "medium", "high")
SEVERITY_RANK = {name: rank for rank, name in enumerate(SEVERITIES)}

Confidence = Literal["low", "medium", "high"]
"""How sure the analysis is that the finding is real: `high` for what the graph proves (a
cycle, a measured figure), lower where the code may do something the graph cannot see
(a definition that is unreferenced but whose name appears in a string)."""

FixKind = Literal[
    "remove_dead_code",
    "break_cycle",
    "extract_duplicate",
    "split_function",
    "split_class",
    "split_module",
    "move",
    "fix_syntax",
    "fix_import",
]
FIX_KINDS: dict[str, str] = {
    "remove_dead_code": "delete the unused definitions and the imports they leave unused",
    "break_cycle": "move the symbols that cause the cycle, or make an import local",
    "extract_duplicate": "extract the duplicated fragments into one shared function",
    "split_function": "extract parts of the function into smaller ones",
    "split_class": "split the class along the groups of methods that use the same fields",
    "split_module": "split the module along communities of its internal call graph",
    "move": "move code that changes together into one place",
    "fix_syntax": "repair the file so that it parses",
    "fix_import": "import a module that exists, or add the missing one",
}
"""Each kind of refactoring a finding can name, and what it does; the planner's operations."""


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RelatedLocation(_Record):
    """Another place that is part of the finding: a clone's other copies, the imports of a cycle,
    the functions that change together."""

    path: str
    line: int | None = None
    end_line: int | None = None
    symbol: str | None = None
    message: str = ""


class Finding(_Record):
    id: str = Field(description="stable across scans while the problem stays (a hash of kind, path and subject)")
    kind: str
    severity: Severity
    path: str
    line: int | None = None
    end_line: int | None = None
    symbol: str | None = None
    message: str
    confidence: Confidence = "high"
    fix: FixKind | None = Field(None, description="the kind of refactoring that would remove the finding")
    evidence: dict[str, Any] = Field(
        default_factory=dict, description="the figures that make the case (metrics, thresholds, members), as JSON"
    )
    related: list[RelatedLocation] = Field(default_factory=list, description="other places that are part of it")


def finding_id(kind: str, path: str, subject: str) -> str:
    """Stable while the problem stays: no line numbers, so moving code keeps the id."""
    return hashlib.sha256(f"{kind}\0{path}\0{subject}".encode()).hexdigest()[:16]


def sort_findings(findings: list[Finding]) -> list[Finding]:
    """Most severe first, then by path, line and kind."""
    return sorted(
        findings, key=lambda f: (-SEVERITY_RANK[f.severity], f.path, f.line or 0, f.kind, f.symbol or "", f.id)
    )
