"""Metadata records -> the views the service returns."""

from __future__ import annotations

from codeintel.service.models import FileProblem, RepositoryState, RepositoryView, ScanProgress, ScanView, TokenInfo
from codeintel.store.metastore import ScanProgressRecord, TokenRecord
from codeintel.store.records import FileState, RepositoryRecord, ScanRecord

_PROBLEM_ORDER = {"error": 0, "syntax_error": 1, "skipped": 2}


def scan_view(record: ScanRecord, progress: ScanProgressRecord | None) -> ScanView:
    return ScanView(**record.model_dump(), progress=None if progress is None else ScanProgress(**progress.model_dump()))


def repository_view(record: RepositoryRecord, latest: ScanView | None, state: RepositoryState) -> RepositoryView:
    return RepositoryView(**record.model_dump(), latest_scan=latest, state=state)


def file_problems(states: dict[str, FileState]) -> list[FileProblem]:
    """Files that failed extraction, parsed with syntax errors, or were skipped; in that order, then by path."""
    out = []
    for path, state in states.items():
        if state.status == "error":
            status = "error"
        elif state.status == "skipped":
            status = "skipped"
        elif state.syntax_errors:
            status = "syntax_error"
        else:
            continue
        out.append(FileProblem(path=path, status=status, reason=state.skip_reason, syntax_errors=state.syntax_errors))
    return sorted(out, key=lambda p: (_PROBLEM_ORDER[p.status], p.path))


def token_info(record: TokenRecord) -> TokenInfo:
    return TokenInfo(
        id=record.id,
        name=record.name,
        scopes=list(record.scopes),
        created_at=record.created_at,
        last_used_at=record.last_used_at,
        revoked=record.revoked,
    )
