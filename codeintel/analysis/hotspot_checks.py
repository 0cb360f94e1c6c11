"""Checks on the git history joined with complexity: hotspots (files and functions that change
often and are complex, where refactoring pays first) and change coupling (files that keep
changing together though nothing in the graph may join them)."""

from __future__ import annotations

from typing import ClassVar

from pydantic import Field

from codeintel.analysis.check import GRAPH, HISTORY, SOURCE, CheckConfig, make_finding
from codeintel.analysis.findings import Finding, RelatedLocation, Severity
from codeintel.analysis.history import HistoryConfig
from codeintel.analysis.hotspots import HotspotConfig, change_coupling, find_hotspots
from codeintel.analysis.inputs import RepositoryInputs


class HotspotCheckConfig(CheckConfig):
    files: int = Field(10, ge=0, description="report this many of the top-ranked files")
    functions: int = Field(20, ge=0, description="report this many of the top-ranked functions")
    min_score: float = Field(0.1, ge=0, le=1, description="never report a score below this (scores are 0..1)")
    high_score: float = Field(0.5, ge=0, le=1, description="a score from which the finding is medium, not low")
    history: HistoryConfig = Field(default_factory=HistoryConfig)
    ranking: HotspotConfig = Field(default_factory=HotspotConfig)


class HotspotCheck:
    """Files and functions that change often and are complex: (commits / most commits) x
    (complexity / most complexity), after Tornhill's hotspots.

    `tangle/rules.py is a hotspot (rank 1, score 0.82): 41 commits by 6 authors, complexity 312
    (cognitive), last changed 3 days before the scanned commit`.
    """

    kind: ClassVar[str] = "hotspot"
    default_severity: ClassVar[str] = "medium"
    needs: ClassVar[frozenset[str]] = frozenset({GRAPH, SOURCE, HISTORY})
    title: ClassVar[str] = "Hotspot"
    description: ClassVar[str] = (
        "Code that is both complex and changed often costs the most to keep: refactoring it pays first."
    )

    def __init__(self, config: HotspotCheckConfig | None = None) -> None:
        self.config = config or HotspotCheckConfig()

    def run(self, inputs: RepositoryInputs) -> list[Finding]:
        config = self.config
        history = inputs.history(config.history)
        file_lines = {path: state.lines for path, state in inputs.file_states.items() if state.lines}
        ranked = find_hotspots(history, inputs.function_metrics, file_lines, config.ranking)
        basis = {"measure": ranked.measure, "commits_read": ranked.commits, "history_truncated": ranked.truncated}
        out = []
        for rank, spot in enumerate(ranked.files[: config.files], start=1):
            if spot.score < config.min_score:
                break
            message = (
                f"{spot.path} is a hotspot (rank {rank}, score {spot.score:.2f}): {spot.commits} commits by "
                f"{spot.authors} author{'s' if spot.authors != 1 else ''}, complexity {spot.complexity} "
                f"({ranked.measure}), last changed {spot.age_days:.0f} days before the scanned commit"
            )
            evidence = {"rank": rank, **spot._asdict(), **basis}
            out.append(
                make_finding(
                    self.kind,
                    self._severity(spot.score),
                    spot.path,
                    message,
                    subject="file",
                    fix="split_module",
                    evidence=evidence,
                )
            )
        for rank, fn in enumerate(ranked.functions[: config.functions], start=1):
            if fn.score < config.min_score:
                break
            message = (
                f"{fn.qualname} is a hotspot (rank {rank}, score {fn.score:.2f}): changed in {fn.commits} commits "
                f"by {fn.authors} author{'s' if fn.authors != 1 else ''}, complexity {fn.complexity} ({ranked.measure})"
            )
            out.append(
                make_finding(
                    self.kind,
                    self._severity(fn.score),
                    fn.file,
                    message,
                    line=fn.start_line,
                    end_line=fn.end_line,
                    symbol=fn.qualname,
                    fix="split_function",
                    evidence={"rank": rank, **fn._asdict(), **basis},
                )
            )
        return out

    def _severity(self, score: float) -> Severity:
        return "medium" if score >= self.config.high_score else "low"


class ChangeCouplingConfig(CheckConfig):
    report: int = Field(50, ge=0, description="report this many of the most coupled pairs")
    history: HistoryConfig = Field(default_factory=HistoryConfig)
    ranking: HotspotConfig = Field(
        default_factory=HotspotConfig, description="coupling_min_shared, coupling_min_commits, coupling_min_degree"
    )


class ChangeCouplingCheck:
    """Files that change together in most of their commits (code-maat's coupling: shared commits
    over the average of their commits; at least 5 shared and 30 % by default).

    `pkg/orders.py and pkg/billing.py changed together in 12 commits (75 % of their commits)`.
    """

    kind: ClassVar[str] = "change_coupling"
    default_severity: ClassVar[str] = "low"
    needs: ClassVar[frozenset[str]] = frozenset({GRAPH, SOURCE, HISTORY})
    title: ClassVar[str] = "Change coupling"
    description: ClassVar[str] = (
        "Files that keep changing together share a reason to change: keep them together, or cut what "
        "ties them, so that one change does not have to touch both."
    )

    def __init__(self, config: ChangeCouplingConfig | None = None) -> None:
        self.config = config or ChangeCouplingConfig()

    def run(self, inputs: RepositoryInputs) -> list[Finding]:
        history = inputs.history(self.config.history)
        out = []
        for pair in change_coupling(history, self.config.ranking)[: self.config.report]:
            message = (
                f"{pair.a} and {pair.b} changed together in {pair.shared} commits "
                f"({pair.degree:.0f} % of their commits: {pair.commits_a} and {pair.commits_b})"
            )
            out.append(
                make_finding(
                    self.kind,
                    "low",
                    pair.a,
                    message,
                    subject=pair.b,
                    fix="move",
                    evidence=pair._asdict(),
                    related=[RelatedLocation(path=pair.b, message=f"changes with {pair.a}")],
                )
            )
        return out
