"""The MetaStore port: repositories, scans and per-file state, in a relational database.

One adapter (SqlMetaStore, SQLAlchemy Core) serves SQLite and PostgreSQL alike; the contract
suite tests/unit/test_metastore_contract.py runs against every adapter.
"""

from __future__ import annotations

from typing import Any, Protocol, runtime_checkable

from codeintel.store.records import FileState, RepositoryRecord, ScanMode, ScanRecord, ScanStatus


class MetaStoreError(RuntimeError):
    """The metadata store could not do what was asked (unknown scan, bad status...)."""


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

    def file_states(self, repo_id: str) -> dict[str, FileState]: ...

    def replace_file_states(self, repo_id: str, upserts: list[FileState], deletes: list[str]) -> None:
        """In one transaction: drop `deletes`, insert or overwrite `upserts`."""
        ...

    def close(self) -> None: ...
