"""What every check shares: the Check protocol, what it may read (AnalysisInputs), what it may
need besides the graph (the source files, the git history), and `make_finding`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, Protocol

from pydantic import BaseModel, ConfigDict

from codeintel.analysis.class_metrics import ClassMetrics
from codeintel.analysis.findings import Confidence, Finding, FixKind, RelatedLocation, Severity, finding_id
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
