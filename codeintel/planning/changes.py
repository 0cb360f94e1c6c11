"""How an operation writes its result: new file texts, step by step (a Changeset), plus what the
change means for the graph (a Draft). The planner turns a Draft into a Plan.

Operations never touch the disk: they read the original text through the Workspace and give
the Changeset whole new texts. Each step's edits are diffs against the text the previous steps
left, so the steps apply in order; the plan's patch is one diff from the original texts to the
final ones.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from codeintel.planning.diff import sha256_text, unified_diff
from codeintel.planning.model import Edit, ImpossibleRequest, PlanStep, SymbolMapping
from codeintel.planning.workspace import Workspace

_ABSENT = None


class Changeset:
    def __init__(self, workspace: Workspace) -> None:
        self.workspace = workspace
        self._original: dict[str, str | None] = {}
        self._current: dict[str, str | None] = {}
        self._step_start: dict[str, str | None] = {}
        self.steps: list[PlanStep] = []

    # ---- reading

    def read(self, path: str) -> str:
        """The file as the steps so far left it (the scanned text before any step)."""
        if path not in self._current:
            text = self.workspace.source(path)
            self._original[path] = text
            self._current[path] = text
        current = self._current[path]
        if current is None:
            raise ImpossibleRequest(f"{path} was deleted by an earlier step of this plan")
        return current

    def exists(self, path: str) -> bool:
        if path in self._current:
            return self._current[path] is not None
        return self.workspace.exists(path)

    # ---- writing

    def write(self, path: str, text: str) -> None:
        """Replace the text of an existing file (read it first)."""
        if path not in self._current:
            self.read(path)
        self._remember(path)
        self._current[path] = text

    def create(self, path: str, text: str) -> None:
        """Create a file that does not exist (refused when it does)."""
        if self.exists(path):
            raise ImpossibleRequest(f"{path} exists already")
        if path not in self._original:
            self._original[path] = _ABSENT
        self._remember(path)
        self._current[path] = text

    def delete(self, path: str) -> None:
        self.read(path)
        self._remember(path)
        self._current[path] = _ABSENT

    def _remember(self, path: str) -> None:
        if path not in self._step_start:
            self._step_start[path] = self._current.get(path, self._original.get(path))

    # ---- steps

    def end_step(self, title: str, rationale: str = "") -> PlanStep | None:
        """Close the current step: its edits are the diffs since the previous step. A step that
        changed nothing is dropped."""
        edits = []
        for path in sorted(self._step_start):
            before, after = self._step_start[path], self._current[path]
            diff = unified_diff(self._patch_path(path), before, after)
            if not diff:
                continue
            action = "create" if before is None else "delete" if after is None else "modify"
            edits.append(
                Edit(
                    path=path,
                    action=action,
                    diff=diff,
                    before_hash=None if before is None else sha256_text(before),
                    after_hash=None if after is None else sha256_text(after),
                )
            )
        self._step_start = {}
        if not edits:
            return None
        step = PlanStep(title=title, rationale=rationale, edits=edits)
        self.steps.append(step)
        return step

    def _patch_path(self, path: str) -> str:
        return self.workspace.git_prefix + path

    def patch(self) -> str:
        """One diff from the original texts to the final ones, files in path order."""
        return "".join(
            unified_diff(self._patch_path(path), self._original[path], self._current[path])
            for path in sorted(self._original)
        )

    def touched(self) -> list[str]:
        return sorted(path for path in self._original if self._original[path] != self._current[path])

    def base_hashes(self) -> dict[str, str | None]:
        """sha256 of each touched file as the plan found it; None for files the plan creates."""
        return {
            path: None if self._original[path] is None else sha256_text(self._original[path])  # type: ignore[arg-type]
            for path in self.touched()
        }

    def final_text(self, path: str) -> str | None:
        return self._current.get(path)


@dataclass
class Draft:
    """What an operation hands the planner: the changes, and what they mean."""

    goal: str
    language: str
    changes: Changeset
    mapping: SymbolMapping = field(default_factory=SymbolMapping)
    symbols_affected: list[str] = field(default_factory=list)
    """Qualified names of the symbols the plan changes (the blast radius starts from them)."""
    resolves: list[str] = field(default_factory=list)
    """Ids of the findings the plan removes."""
    warnings: list[str] = field(default_factory=list)
    """What the operation could not prove and left alone (e.g. an attribute of unknown type with
    the renamed method's name); each raises the plan's risk."""
    public_api: bool = False
    """True when the change is visible to code outside the repository (a public name renamed or moved)."""
