"""What a refactoring plan is: the request that asks for one, and the Plan that answers it.

A Plan is a patch a developer can `git apply`, cut into ordered steps for review, together
with what the patch does to the code graph (the old-to-new symbol mapping), what it may
disturb (the blast radius), what it is for (the findings it removes) and how risky it looks.
It is tied to the commit and the file contents it was computed on, so that a plan made on
code that has since changed is refused instead of being applied to the wrong text.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

Operation = Literal["rename", "move", "remove_dead_code", "extract_clone", "break_cycle", "split_module"]
OPERATIONS: dict[str, str] = {
    "rename": "rename a symbol with every reference, import and re-export",
    "move": "move functions or classes to another module, updating every import",
    "remove_dead_code": "delete unused definitions and the imports they leave unused",
    "extract_clone": "replace duplicated code (Type-1 and Type-2 clones) by one shared function",
    "break_cycle": "break an import cycle by moving the symbols that cause it, or by a local import",
    "split_module": "split a god module along the communities of its internal call graph",
}


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- requests


def _operation_required(schema: dict) -> None:
    """`operation` has a default in Python (RenameRequest(...) needs no operation=), but a request
    that crosses the API must say which it is: required in the published schema."""
    schema["required"] = ["operation", *[name for name in schema.get("required", []) if name != "operation"]]


class _Request(_Model):
    model_config = ConfigDict(extra="forbid", json_schema_extra=_operation_required)


class RenameRequest(_Request):
    operation: Literal["rename"] = "rename"
    symbol: str = Field(min_length=1, description="qualified name or id of the function, method or class to rename")
    new_name: str = Field(min_length=1, description="the new identifier (not qualified)")


class MoveRequest(_Request):
    operation: Literal["move"] = "move"
    symbols: list[str] = Field(min_length=1, description="top-level functions or classes, by qualified name or id")
    to_module: str = Field(min_length=1, description="dotted name of the destination module; created when absent")


class RemoveDeadCodeRequest(_Request):
    operation: Literal["remove_dead_code"] = "remove_dead_code"
    symbols: list[str] = Field(
        default_factory=list, description="dead definitions to remove; empty: every dead_code finding of `paths`"
    )
    paths: list[str] = Field(default_factory=list, description="limit to these files; empty: the whole repository")
    include_low_confidence: bool = Field(
        False, description="also remove definitions the analysis is only partly sure of (a name seen in a string)"
    )


class ExtractCloneRequest(_Request):
    operation: Literal["extract_clone"] = "extract_clone"
    finding: str = Field(min_length=1, description="id of a clone finding (Type-1 or Type-2)")
    function_name: str | None = Field(None, description="name of the shared function; derived when omitted")
    to_module: str | None = Field(None, description="where the shared function goes; derived when omitted")


class BreakCycleRequest(_Request):
    operation: Literal["break_cycle"] = "break_cycle"
    finding: str | None = Field(None, description="id of an import_cycle finding")
    modules: list[str] = Field(default_factory=list, description="or: modules of the cycle, by dotted name")
    allow_local_import: bool = Field(True, description="fall back to a function-local import where moving cannot")


class SplitModuleRequest(_Request):
    operation: Literal["split_module"] = "split_module"
    module: str = Field(min_length=1, description="dotted name or file of the module to split (a god_module finding's)")
    max_parts: int | None = Field(None, ge=2, le=20, description="at most this many modules in all; derived when None")
    reexport: bool = Field(
        False,
        description="also import the moved public names back into the module where that makes no import cycle, "
        "so code outside the repository keeps working; importers inside it are updated either way",
    )


PlanRequest = Annotated[
    RenameRequest | MoveRequest | RemoveDeadCodeRequest | ExtractCloneRequest | BreakCycleRequest | SplitModuleRequest,
    Field(discriminator="operation"),
]


# ---------------------------------------------------------------- the plan


class Edit(_Model):
    """One file's change in one step, as a `git apply` unified diff."""

    path: str = Field(description="repository-relative POSIX path")
    action: Literal["modify", "create", "delete"]
    diff: str
    before_hash: str | None = Field(description="sha256 of the file before this step; None for a created file")
    after_hash: str | None = Field(description="sha256 of the file after this step; None for a deleted file")


class PlanStep(_Model):
    title: str
    rationale: str = ""
    edits: list[Edit] = Field(default_factory=list)


class SymbolMapping(_Model):
    """What the plan does to the code graph's symbols (qualified names as the call graph names them).

    A renamed symbol carries what it defines with it (`a.C` -> `b.C` also maps `a.C.m` -> `b.C.m`).
    The call graph after the patch equals the one before with `renamed` applied, the `removed`
    symbols gone, and calls through each `inlined` symbol (a function the plan created to share
    code) followed into what it calls."""

    renamed: dict[str, str] = Field(default_factory=dict)
    removed: list[str] = Field(default_factory=list)
    added: list[str] = Field(default_factory=list, description="symbols the plan creates (modules, functions)")
    inlined: list[str] = Field(default_factory=list, description="of `added`: functions whose calls count as inline")


class BlastRadius(_Model):
    """What depends on the symbols the plan changes: callers, subclasses and importers, transitively."""

    symbols: int = 0
    files: int = 0
    depth: int = Field(description="how many hops were followed")
    sample: list[str] = Field(default_factory=list, description="the nearest dependents, at most 50")
    affected_files: list[str] = Field(default_factory=list)


class Risk(_Model):
    score: float = Field(ge=0.0, le=1.0)
    level: Literal["low", "medium", "high"]
    factors: list[str] = Field(default_factory=list, description="what raised the score, one line each")


class FindingRef(_Model):
    id: str
    kind: str
    path: str
    message: str


class Plan(_Model):
    id: str
    repo_id: str
    commit: str | None = Field(description="the commit the plan was computed on (None: not a git repository)")
    scan_id: int
    created_at: datetime
    operation: Operation
    request: dict = Field(description="the request as given")
    language: str
    goal: str
    steps: list[PlanStep]
    patch: str = Field(description="every step at once: what `git apply` takes, from the commit to the result")
    files_touched: list[str]
    base_hashes: dict[str, str | None] = Field(
        description="sha256 of each touched file as the plan found it (None: the plan creates it)"
    )
    symbols_affected: list[str] = Field(description="the symbols the plan edits, by qualified name")
    mapping: SymbolMapping
    blast_radius: BlastRadius
    benefit: list[FindingRef] = Field(default_factory=list, description="the findings the plan removes")
    risk: Risk
    warnings: list[str] = Field(default_factory=list, description="what the plan could not prove and left alone")


class PlanSummary(_Model):
    """A stored plan in a list: enough to choose one."""

    id: str
    repo_id: str
    commit: str | None
    created_at: datetime
    operation: Operation
    goal: str
    files_touched: int
    risk: Literal["low", "medium", "high"]


def plan_summary(plan: Plan) -> PlanSummary:
    return PlanSummary(
        id=plan.id,
        repo_id=plan.repo_id,
        commit=plan.commit,
        created_at=plan.created_at,
        operation=plan.operation,
        goal=plan.goal,
        files_touched=len(plan.files_touched),
        risk=plan.risk.level,
    )


# ---------------------------------------------------------------- refusals


class PlanningError(Exception):
    """Base of the planner's refusals; `message` is one line for people."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ImpossibleRequest(PlanningError):
    """The request cannot be carried out safely (a name that is taken, a move that makes a cycle)."""


class UnknownTarget(PlanningError):
    """The symbol, module or finding the request names does not exist."""


class StaleGraph(PlanningError):
    """The repository changed since its last scan: the graph no longer describes the files."""


class StalePlan(PlanningError):
    """A stored plan was computed on a commit or on file contents that have since changed."""
