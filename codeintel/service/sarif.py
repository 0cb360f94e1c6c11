"""Findings as a SARIF 2.1.0 log (the format code-scanning tools read): one run, one rule per
registered check, one result per finding."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from importlib import metadata
from pathlib import Path
from typing import Any

from codeintel.analysis.checks import CHECKS, Check
from codeintel.analysis.findings import Finding

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
LEVELS = {"high": "error", "medium": "warning", "low": "note", "info": "note"}
"""codeintel severity -> SARIF result level."""


def tool_version() -> str:
    try:
        return metadata.version("codeintel")
    except metadata.PackageNotFoundError:  # running from a source tree that is not installed
        return "0.0.0"


def to_sarif(
    findings: Iterable[Finding],
    *,
    checks: Mapping[str, Check] = CHECKS,
    location: str | None = None,
    commit: str | None = None,
) -> dict[str, Any]:
    """The SARIF log of `findings`. `location` (the repository's folder or URL) and `commit`, when
    known, say where the paths are relative to and which revision was analysed."""
    kinds = list(checks)
    results = [_result(finding, kinds) for finding in findings]
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "codeintel",
                "version": tool_version(),
                "rules": [_rule(check) for check in checks.values()],
            }
        },
        "columnKind": "unicodeCodePoints",
        "results": results,
    }
    if location and location.startswith("/"):
        run["originalUriBaseIds"] = {"SRCROOT": {"uri": Path(location).as_uri().rstrip("/") + "/"}}
    elif location:
        provenance: dict[str, Any] = {"repositoryUri": location}
        if commit:
            provenance["revisionId"] = commit
        run["versionControlProvenance"] = [provenance]
    return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}


def _rule(check: Check) -> dict[str, Any]:
    words = check.kind.split("_")
    return {
        "id": check.kind,
        "name": "".join(word.capitalize() for word in words),
        "shortDescription": {"text": check.title},
        "fullDescription": {"text": check.description},
        "defaultConfiguration": {"level": LEVELS[check.default_severity]},
    }


def _result(finding: Finding, kinds: list[str]) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": finding.kind,
        "level": LEVELS[finding.severity],
        "message": {"text": finding.message},
        "locations": [_location(finding.path, finding.line, finding.end_line, finding.symbol)],
        "partialFingerprints": {"codeintelFindingId/v1": finding.id},
        "properties": {
            "severity": finding.severity,
            "confidence": finding.confidence,
            **({"fix": finding.fix} if finding.fix else {}),
            **({"evidence": finding.evidence} if finding.evidence else {}),
        },
    }
    if finding.kind in kinds:
        result["ruleIndex"] = kinds.index(finding.kind)
    if finding.related:
        result["relatedLocations"] = [
            {"id": index, **_location(r.path, r.line, r.end_line, r.symbol), "message": {"text": r.message or r.path}}
            for index, r in enumerate(finding.related)
        ]
    return result


def _location(path: str, line: int | None, end_line: int | None, symbol: str | None) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": path, "uriBaseId": "SRCROOT"}}
    if line is not None and line >= 1:
        physical["region"] = {"startLine": line}
        if end_line is not None and end_line >= line:
            physical["region"]["endLine"] = end_line
    location: dict[str, Any] = {"physicalLocation": physical}
    if symbol:
        location["logicalLocations"] = [{"fullyQualifiedName": symbol}]
    return location
