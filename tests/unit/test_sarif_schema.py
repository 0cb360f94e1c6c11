"""Every SARIF log codeintel writes is valid SARIF 2.1.0: checked against the OASIS schema
(tests/fixtures/sarif, where it came from is written there), strictly: a field the schema does
not know is an error."""

from __future__ import annotations

import copy

import pytest

from codeintel.analysis.checks import CHECKS
from codeintel.service.models import SEVERITIES, Finding, RelatedLocation
from codeintel.service.sarif import to_sarif
from tests.helpers import sarif_errors


def every_kind_of_finding() -> list[Finding]:
    """One finding per registered kind and severity, with and without a line and a symbol."""
    findings = []
    for number, (kind, severity) in enumerate((k, s) for k in CHECKS for s in SEVERITIES):
        findings.append(
            Finding(
                id=f"{number:016x}",
                kind=kind,
                severity=severity,
                path=f"pkg/mod_{number}.py",
                line=number % 3 * 7 or None,
                symbol=f"pkg.mod_{number}.f" if number % 2 else None,
                message=f"{kind} at {severity}: a message with ünïcode and `code`",
                end_line=number % 3 * 7 + 4 if number % 3 else None,
                confidence=("low", "medium", "high")[number % 3],
                fix="split_function" if number % 2 else None,
                evidence={"members": ["a", "b"], "lines": number, "ratio": 0.5} if number % 4 else {},
                related=[RelatedLocation(path="pkg/other.py", line=3, end_line=9, symbol="pkg.other.g", message="copy")]
                * (number % 3),
            )
        )
    return findings


@pytest.mark.parametrize(
    ("location", "commit"),
    [(None, None), ("/srv/checkouts/shop", None), ("https://example.com/org/shop.git", "0123abcd" * 5)],
    ids=["no location", "a local folder", "a repository URL at a commit"],
)
def test_a_log_of_every_kind_and_severity_is_valid_sarif(location, commit):
    log = to_sarif(every_kind_of_finding(), location=location, commit=commit)
    assert sarif_errors(log) == []
    assert len(log["runs"][0]["results"]) == len(CHECKS) * len(SEVERITIES)


def test_a_finding_carries_its_span_related_locations_confidence_fix_and_evidence():
    (result,) = to_sarif([f for f in every_kind_of_finding() if len(f.related) == 2][:1])["runs"][0]["results"]
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": 14, "endLine": 18}
    assert [r["id"] for r in result["relatedLocations"]] == [0, 1]
    assert result["relatedLocations"][0]["physicalLocation"]["region"] == {"startLine": 3, "endLine": 9}
    assert set(result["properties"]) >= {"severity", "confidence"}


def test_a_log_with_no_findings_is_valid_sarif():
    assert sarif_errors(to_sarif([])) == []


def test_the_schema_catches_a_misspelt_field_and_a_wrong_level():
    """So that a passing validation means something: the schema is strict where it matters."""
    log = to_sarif(every_kind_of_finding()[:1], location="/srv/shop")
    misspelt = copy.deepcopy(log)
    result = misspelt["runs"][0]["results"][0]
    result["ruleID"] = result.pop("ruleId")
    assert any("ruleID" in error for error in sarif_errors(misspelt))
    wrong_level = copy.deepcopy(log)
    wrong_level["runs"][0]["results"][0]["level"] = "fatal"
    assert any("fatal" in error for error in sarif_errors(wrong_level))
