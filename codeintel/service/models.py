"""What crosses the service boundary (HTTP API, Python client, notebooks): pydantic models.

All models forbid unknown fields, so a client and a server that disagree fail loudly.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ConfigDict, Field

# Findings are the analyses' records; the service presents them as they are.
from codeintel.analysis.findings import SEVERITIES as SEVERITIES
from codeintel.analysis.findings import Finding as Finding
from codeintel.analysis.findings import RelatedLocation as RelatedLocation
from codeintel.analysis.findings import Severity as Severity

T = TypeVar("T")

SCOPES = ("read", "scan", "plan", "admin")
"""read: GET everything; scan: register/delete/scan; plan: plans and safety; admin: tokens."""

RepositoryState = Literal["queued", "scanning", "ready", "failed"]
SymbolLabel = Literal["Function", "Class", "Module", "External"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Page(_Model, Generic[T]):
    """One page of a longer list: `items` from `offset`, at most `limit` of `total`."""

    items: list[T]
    total: int
    offset: int
    limit: int


# ---- repositories and scans


class RegisterRepository(_Model):
    location: str = Field(min_length=1, description="a local folder, or an https://, ssh:// or file:// git URL")
    ref: str | None = Field(None, description="branch, tag or commit; default: the working tree or HEAD")
    full: bool = Field(False, description="rebuild from scratch instead of an incremental scan")


class ScanTicket(_Model):
    repo_id: str = Field(description="the id the repository has (or will have once scanned): poll it")
    location: str = Field(description="the location as recorded (absolute path, or the URL without a password)")
    ref: str | None = None
    request_id: str = Field(description="the id of the scan.requested event")
    status: Literal["queued"] = "queued"


class ScanProgress(_Model):
    stage: str
    done: int
    total: int


class ScanView(_Model):
    id: int
    repo_id: str
    status: Literal["running", "completed", "failed"]
    mode: Literal["full", "incremental"]
    ref: str | None = None
    commit: str | None = None
    started_at: datetime
    finished_at: datetime | None = None
    progress: ScanProgress | None = Field(None, description="the last progress the scan reported")
    counts: dict[str, Any] = Field(default_factory=dict)
    timings: dict[str, float] = Field(default_factory=dict)
    error: str | None = None


class RepositoryView(_Model):
    id: str
    name: str
    location: str
    created_at: datetime | None = None
    last_commit: str | None = None
    latest_scan: ScanView | None = None
    state: RepositoryState = Field(
        description="queued: registered, or a scan requested and not started; scanning; ready: the latest scan "
        "completed; failed: the latest scan failed"
    )


class FileProblem(_Model):
    path: str
    status: Literal["error", "skipped", "syntax_error"] = Field(
        description="error: extraction failed; skipped: not parsed (reason says why); "
        "syntax_error: parsed, with syntax errors"
    )
    reason: str | None = None
    syntax_errors: int | None = None


# ---- graph


class Symbol(_Model):
    id: str
    label: SymbolLabel
    qualname: str
    name: str
    file: str | None = None
    start_line: int | None = None
    end_line: int | None = None
    kind: str | None = Field(
        None,
        description="function, method, nested... for functions; class; module; builtin, stdlib or third_party "
        "for externals",
    )


class CallEdgeView(_Model):
    caller: Symbol
    callee: Symbol
    file: str = Field(description="the file of the call site")
    line: int
    depth: int = Field(description="hops from the symbol asked about: 1 for a direct call")


class DependencyView(_Model):
    source: str = Field(description="the importing module's qualified name")
    target: str = Field(description="the imported module's qualified name")
    depth: int


CouplingLevel = Literal["module", "package"]


class CouplingView(_Model):
    """Robert Martin's package metrics for one module or package, from the import graph."""

    level: CouplingLevel
    name: str = Field(description="the module's qualified name, or the package's folder ('' for the root)")
    path: str = Field(description="the module's file, or the package's folder")
    afferent: int = Field(description="Ca: other modules (packages) that import it")
    efferent: int = Field(description="Ce: other modules (packages) it imports")
    instability: float = Field(ge=0.0, le=1.0, description="Ce / (Ca + Ce); 0 when nothing touches it")


class ImpactReport(_Model):
    symbol: Symbol
    affected_symbols: list[Symbol]
    affected_files: list[str]
    depth: int


class PathView(_Model):
    symbols: list[Symbol] = Field(description="source first, target last; empty when no path within max_depth")


class QueryResult(_Model):
    columns: list[str]
    rows: list[dict[str, Any]]
    truncated: bool


# ---- analysis and search


class SearchHit(_Model):
    symbol: Symbol
    score: float = Field(ge=0.0, le=1.0)


class SemanticHit(_Model):
    """A symbol found by meaning: where it is, what it is, and how near the query."""

    repo: str
    path: str
    start_line: int
    end_line: int
    score: float = Field(ge=-1.0, le=1.0, description="cosine similarity of the query and the symbol's code")
    symbol_id: str
    name: str
    qualname: str
    kind: str = Field(description="class, function, method, nested or lambda")
    language: str
    snippet: str | None = Field(
        None, description="the symbol's first lines as its file reads now; absent when the file is not at hand"
    )


class UnsearchedRepository(_Model):
    repo: str
    reason: Literal["not_embedded", "other_model", "unreadable"] = Field(
        description="not_embedded: no index yet; other_model: indices only by other model versions; "
        "unreadable: the index at this version cannot be read"
    )
    message: str


class SemanticSearchResult(_Model):
    query: str
    model: str = Field(description="the encoder's version: only indices made by it are searched")
    k: int
    hits: list[SemanticHit] = Field(description="at most k, best first, across the repositories searched")
    searched: list[str] = Field(description="the repositories whose index was searched")
    unsearched: list[UnsearchedRepository] = Field(description="the repositories asked for that have no usable index")
    query_truncated: bool = Field(description="the query is longer than the model reads; its first tokens were used")


# ---- tokens


class TokenInfo(_Model):
    id: str
    name: str
    scopes: list[str]
    created_at: datetime
    last_used_at: datetime | None = None
    revoked: bool = False


class CreatedToken(_Model):
    token: str = Field(description="the token itself: shown once, stored only as a hash")
    info: TokenInfo
