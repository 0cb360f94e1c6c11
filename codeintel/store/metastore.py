"""The MetaStore port: repositories, scans (with their progress), per-file state, the findings of
the latest analysis, and API tokens, in a relational database.

One adapter (SqlMetaStore, SQLAlchemy Core) serves SQLite and PostgreSQL alike; the contract
suite tests/unit/test_metastore_contract.py runs against every adapter.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from pydantic import BaseModel, ConfigDict, Field

from codeintel.analysis.findings import Finding
from codeintel.planning.model import Plan
from codeintel.store.records import AnalysisRecord, FileState, RepositoryRecord, ScanMode, ScanRecord, ScanStatus


class MetaStoreError(RuntimeError):
    """The metadata store could not do what was asked (unknown scan, bad status...)."""


class ScanProgressRecord(BaseModel):
    """The last progress a scan reported: `done` of `total` items of `stage` (e.g. parse 120/400)."""

    model_config = ConfigDict(extra="forbid")

    stage: str
    done: int
    total: int


class TokenRecord(BaseModel):
    """An API token as stored: its SHA-256 hex digest, never the token itself."""

    model_config = ConfigDict(extra="forbid")

    id: str
    name: str
    token_hash: str = Field(description="sha256 hex digest of the token")
    scopes: list[str] = Field(default_factory=list)
    created_at: datetime
    last_used_at: datetime | None = None
    revoked: bool = False


@runtime_checkable
class MetaStore(Protocol):
    def upsert_repository(
        self, repo_id: str, name: str, location: str, last_commit: str | None = None
    ) -> RepositoryRecord:
        """Insert or update by id; `created_at` is kept from the first insert and `last_commit`
        is only overwritten by a value. Returns the stored row."""
        ...

    def get_repository(self, repo_id: str) -> RepositoryRecord | None: ...

    def list_repositories(self) -> list[RepositoryRecord]:
        """All repositories, ordered by id."""
        ...

    def delete_repository(self, repo_id: str) -> None:
        """Forget a repository with its scans and file states (nothing happens for an unknown id)."""
        ...

    def start_scan(self, repo_id: str, mode: ScanMode, ref: str | None, commit: str | None) -> int:
        """Record a running scan; returns its id (increasing)."""
        ...

    def finish_scan(
        self,
        scan_id: int,
        status: ScanStatus,
        counts: dict[str, Any],
        timings: dict[str, float],
        error: str | None = None,
    ) -> None:
        """Close a scan; a completed scan also becomes its repository's `last_commit`."""
        ...

    def get_scan(self, scan_id: int) -> ScanRecord | None: ...

    def latest_scan(self, repo_id: str) -> ScanRecord | None:
        """The most recently started scan of a repository, whatever its status."""
        ...

    def list_scans(
        self, repo_id: str, *, status: ScanStatus | None = None, offset: int = 0, limit: int | None = None
    ) -> list[ScanRecord]:
        """A repository's scans, newest first, optionally only those of one status."""
        ...

    def count_scans(self, repo_id: str, *, status: ScanStatus | None = None) -> int: ...

    def update_scan_progress(self, scan_id: int, stage: str, done: int, total: int) -> None:
        """Record how far a scan has got; raises MetaStoreError for an unknown scan."""
        ...

    def scan_progress(self, scan_ids: Sequence[int]) -> dict[int, ScanProgressRecord]:
        """The last reported progress of each of these scans that reported any."""
        ...

    def file_states(self, repo_id: str) -> dict[str, FileState]: ...

    def replace_file_states(self, repo_id: str, upserts: list[FileState], deletes: list[str]) -> None:
        """In one transaction: drop `deletes`, insert or overwrite `upserts`."""
        ...

    # ---- findings of the analyses that run after a scan

    def replace_findings(self, record: AnalysisRecord, findings: Sequence[Finding]) -> None:
        """In one transaction: the repository's findings become `findings`, its analysis record `record`."""
        ...

    def analysis_record(self, repo_id: str) -> AnalysisRecord | None:
        """The record of the latest analysis of a repository, if any has run."""
        ...

    def findings(self, repo_id: str) -> list[Finding]:
        """The findings of the latest analysis, in the order they were stored."""
        ...

    # ---- refactoring plans

    def save_plan(self, plan: Plan) -> None:
        """Store a plan (a plan with the same id, the same request on the same scan, is replaced)."""
        ...

    def get_plan(self, plan_id: str) -> Plan | None: ...

    def list_plans(self, repo_id: str, *, offset: int = 0, limit: int | None = None) -> list[Plan]:
        """A repository's plans, newest first."""
        ...

    def count_plans(self, repo_id: str) -> int: ...

    # ---- API tokens (stored hashed)

    def add_token(self, token_id: str, name: str, token_hash: str, scopes: list[str]) -> TokenRecord:
        """Store a new token; raises MetaStoreError when the id or the hash is taken."""
        ...

    def token_by_hash(self, token_hash: str) -> TokenRecord | None:
        """The token with this digest, revoked or not."""
        ...

    def get_token(self, token_id: str) -> TokenRecord | None: ...

    def list_tokens(self) -> list[TokenRecord]:
        """Every token, revoked ones included, oldest first."""
        ...

    def touch_token(self, token_id: str, used_at: datetime) -> None:
        """Set `last_used_at`."""
        ...

    def revoke_token(self, token_id: str) -> bool:
        """Mark a token revoked (for good); False when there is no such token."""
        ...

    def close(self) -> None: ...
