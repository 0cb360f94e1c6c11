"""Running the analyses over one repository state: every enabled check, each timed, each allowed
to fail on its own (its error is recorded and the others' findings are kept), checks whose
inputs are not at hand (no checkout, no git history) skipped with the reason."""

from __future__ import annotations

import logging
import time
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from codeintel.analysis.checks import CHECKS, Check
from codeintel.analysis.findings import Finding, sort_findings
from codeintel.analysis.inputs import RepositoryInputs
from codeintel.model import EmbeddingSummary

log = logging.getLogger(__name__)


class AnalysisConfigError(ValueError):
    """The analysis settings name a kind or an option that does not exist, or a bad value."""


class AnalysisReport(BaseModel):
    model_config = ConfigDict(extra="forbid")

    findings: list[Finding] = Field(default_factory=list)
    seconds: dict[str, float] = Field(default_factory=dict, description="per check, and per input loaded")
    errors: dict[str, str] = Field(default_factory=dict, description="check kind -> why it failed")
    skipped: dict[str, str] = Field(default_factory=dict, description="check kind -> why it did not run")
    embeddings: EmbeddingSummary | None = Field(None, description="the embedding stage before the checks, if it ran")

    @property
    def counts(self) -> dict[str, int]:
        return dict(Counter(f.kind for f in self.findings))


def build_checks(skip: Iterable[str] = (), options: Mapping[str, Mapping[str, Any]] | None = None) -> list[Check]:
    """The registered checks less `skip`, each with its options (thresholds) applied; an unknown
    kind or option, or a bad value, raises AnalysisConfigError naming what is known."""
    options = dict(options or {})
    unknown = [kind for kind in [*skip, *options] if kind not in CHECKS]
    if unknown:
        raise AnalysisConfigError(f"unknown finding kind {unknown[0]!r}; known: {', '.join(sorted(CHECKS))}")
    checks = []
    for kind, default in CHECKS.items():
        if kind in skip:
            continue
        given = options.get(kind)
        if not given:
            checks.append(default)
            continue
        config_model = getattr(default, "config", None)
        if config_model is None:
            raise AnalysisConfigError(f"finding kind {kind!r} takes no options")
        try:
            config = type(config_model).model_validate(dict(given))
        except ValidationError as exc:
            problems = "; ".join(f"{'.'.join(map(str, e['loc']))}: {e['msg']}" for e in exc.errors())
            known = ", ".join(type(config_model).model_fields)
            raise AnalysisConfigError(f"options of {kind!r}: {problems} (options: {known})") from None
        checks.append(type(default)(config))  # type: ignore[call-arg]
    return checks


def run_analyses(inputs: RepositoryInputs, checks: Iterable[Check] | None = None) -> AnalysisReport:
    """Every check over `inputs`; a check that raises costs its own findings only."""
    report = AnalysisReport()
    found: list[Finding] = []
    available = inputs.available
    for check in checks if checks is not None else CHECKS.values():
        missing = sorted(check.needs - available)
        if missing:
            report.skipped[check.kind] = _why_skipped(missing, inputs)
            continue
        started = time.perf_counter()
        try:
            found.extend(check.run(inputs))
        except Exception as exc:  # noqa: BLE001 - one failing analysis must not cost the others
            log.exception("analysis %s failed on %s", check.kind, inputs.repo_id)
            report.errors[check.kind] = f"{type(exc).__name__}: {exc}"
        report.seconds[check.kind] = round(time.perf_counter() - started, 3)
    report.seconds.update(inputs.seconds)
    report.findings = sort_findings(found)
    return report


def _why_skipped(missing: list[str], inputs: RepositoryInputs) -> str:
    if "source" in missing:
        return "the repository's files are not at hand"
    if not inputs.is_git:
        return "the repository has no git history"
    return "the scanned commit is not known"
