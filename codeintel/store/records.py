"""Rows of the metadata store, as pydantic records (the same shape on SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

ScanStatus = Literal["running", "completed", "failed"]
ScanMode = Literal["full", "incremental"]
FileStatus = Literal["parsed", "skipped", "error"]


class _Row(BaseModel):
    model_config = ConfigDict(extra="forbid")


class RepositoryRecord(_Row):
    id: str = Field(description="stable repository id; also the `repo` of its graph nodes")
    name: str
    location: str = Field(description="path or URL the repository is read from")
    created_at: datetime | None = Field(None, description="set by the store on first insert (UTC)")
    last_commit: str | None = None


class ScanRecord(_Row):
    id: int
    repo_id: str
    started_at: datetime
    finished_at: datetime | None = None
    status: ScanStatus
    mode: ScanMode
    ref: str | None = None
    commit: str | None = None
    counts: dict[str, Any] = Field(default_factory=dict)
    timings: dict[str, float] = Field(default_factory=dict)
    error: str | None = None


class FileState(_Row):
    """What the last scan knew about one file; compared on the next scan to find what changed."""

    path: str
    content_hash: str | None = Field(None, description="sha256 hex; None for files skipped before hashing")
    language: str | None = None
    size: int | None = None
    lines: int | None = None
    syntax_errors: int | None = None
    status: FileStatus = "parsed"
    skip_reason: str | None = None
    edges_fingerprint: str | None = Field(
        None, description="digest of the file's resolved edges; the next scan rewrites files whose digest changed"
    )


class AnalysisRecord(_Row):
    """The analyses' last run over a repository: the scan they read, seconds and findings per
    analysis, and the analyses that failed with why (the others' findings are kept)."""

    repo_id: str
    scan_id: int
    finished_at: datetime
    seconds: dict[str, float] = Field(default_factory=dict)
    counts: dict[str, int] = Field(default_factory=dict, description="findings per kind")
    errors: dict[str, str] = Field(default_factory=dict, description="analysis -> what went wrong")
    skipped: dict[str, str] = Field(
        default_factory=dict, description="analysis -> why it did not run (no checkout, no git history)"
    )
