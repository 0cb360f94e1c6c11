"""Choosing findings for a request: by kind, severity and path prefix, refusing what names
nothing. The findings themselves come from codeintel.analysis.checks."""

from __future__ import annotations

from collections.abc import Iterable

from codeintel.analysis.checks import CHECKS
from codeintel.analysis.findings import SEVERITIES, SEVERITY_RANK, Finding
from codeintel.service.errors import InvalidRequest


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
