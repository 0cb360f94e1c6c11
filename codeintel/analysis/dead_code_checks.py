"""The check on dead code: every class or function that nothing live reaches (dead_code.py) is one
finding, with the dead definitions inside it as its members and how sure the analysis is."""

from __future__ import annotations

from typing import ClassVar

from codeintel.analysis.check import GRAPH, SOURCE, make_finding
from codeintel.analysis.dead_code import CodeGraph, analyse
from codeintel.analysis.entry_points import DeadCodeConfig
from codeintel.analysis.findings import Finding
from codeintel.analysis.inputs import RepositoryInputs


class DeadCodeCheck:
    """Classes and functions that no entry point reaches: no call, import, subclass or mention from
    live code.

    `inventory.util.legacy_slug is never used: nothing refers to it; no other occurrence of the name
    `legacy_slug` could refer to it`; options: entry_points.DeadCodeConfig (root_decorators,
    extra_root_decorators, root_names, test_paths, public_api, external_overrides, min_confidence).
    """

    kind: ClassVar[str] = "dead_code"
    default_severity: ClassVar[str] = "low"
    needs: ClassVar[frozenset[str]] = frozenset({GRAPH, SOURCE})
    title: ClassVar[str] = "Dead code"
    description: ClassVar[str] = (
        "Code that nothing runs still has to be read, kept compiling and migrated; delete it (version "
        "control remembers it). The confidence says how sure it is that nothing reaches it dynamically."
    )

    def __init__(self, config: DeadCodeConfig | None = None) -> None:
        self.config = config or DeadCodeConfig()

    def run(self, inputs: RepositoryInputs) -> list[Finding]:
        texts = {source.path: source.text for source in inputs.sources}
        result = analyse(CodeGraph.load(inputs.store, inputs.repo_id), inputs.root, self.config, texts)
        inputs.seconds.update({f"dead_code.{stage}": seconds for stage, seconds in result.seconds.items()})
        out = []
        for dead in result.findings:
            inside = f" with {len(dead.members)} definitions inside it" if dead.members else ""
            message = f"{dead.kind} {dead.qualname}{inside} is never used: {dead.reason}"
            out.append(
                make_finding(
                    self.kind,
                    "low",
                    dead.path,
                    message,
                    line=dead.start_line,
                    end_line=dead.end_line,
                    symbol=dead.qualname,
                    confidence=dead.confidence,
                    fix="remove_dead_code",
                    evidence={
                        "kind": dead.kind,
                        "language": dead.language,
                        "reason": dead.reason,
                        "members": dead.members,
                    },
                )
            )
        return out
