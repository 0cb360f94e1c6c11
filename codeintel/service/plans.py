"""The service's side of planning: a Workspace from a repository's snapshot, the planner's
refusals as service errors, and the freshness check a stored plan must pass before its patch
is handed out."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from codeintel.ingest.hashing import content_hash
from codeintel.planning.model import (
    Plan,
    PlanningError,
    StaleGraph,
    StalePlan,
    UnknownTarget,
)
from codeintel.planning.workspace import Workspace, current_commit
from codeintel.service.errors import Conflict, InvalidRequest, NotFound
from codeintel.service.snapshot import RepositorySnapshot


def workspace_for(snapshot: RepositorySnapshot, root: Path, commit: str | None) -> Workspace:
    return Workspace(
        repo_id=snapshot.repo_id,
        scan_id=snapshot.scan_id,
        root=root,
        commit=commit,
        symbols=snapshot.symbols,
        file_states=snapshot.file_states,
        read_graph=snapshot.read_graph,
        findings=lambda: snapshot.findings,
        module_graph=lambda: snapshot.module_graph,
        dependents=lambda: snapshot.dependents,
    )


@contextmanager
def planning_errors() -> Iterator[None]:
    """The planner's refusals as the service's errors: a stale graph or plan is a Conflict (scan or
    plan again), an unknown target NotFound, an impossible request InvalidRequest; each keeps
    the planner's reason."""
    try:
        yield
    except (StaleGraph, StalePlan) as exc:
        raise Conflict(exc.message) from exc
    except UnknownTarget as exc:
        raise NotFound(exc.message) from exc
    except PlanningError as exc:  # ImpossibleRequest, and any other refusal
        raise InvalidRequest(exc.message) from exc


def check_fresh(plan: Plan, root: Path) -> None:
    """Refuse (StalePlan) a plan whose commit is no longer the repository's HEAD, or whose files no
    longer hold the text the plan was computed on."""
    head = current_commit(root)
    if plan.commit is not None and head != plan.commit:
        now = head[:12] if head else "no commit"
        raise StalePlan(
            f"plan {plan.id} was computed on commit {plan.commit[:12]}, but the repository is now at {now}; "
            "rescan it and plan again"
        )
    changed = []
    for path, expected in plan.base_hashes.items():
        target = root / path
        if expected is None:
            if target.exists():
                changed.append(f"{path} (the plan creates it, but it exists now)")
            continue
        try:
            actual = content_hash(target.read_bytes())
        except OSError:
            changed.append(f"{path} (gone)")
            continue
        if actual != expected:
            changed.append(path)
    if changed:
        raise StalePlan(
            f"plan {plan.id}: files changed since it was computed: {', '.join(changed)}; rescan and plan again"
        )
