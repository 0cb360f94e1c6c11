"""The pipeline's events: versioned pydantic models with one wire format for every bus.

Each event class names its `type` and `version`; the wire form is three strings (type,
version, JSON data), so a consumer can refuse, rather than misread, a version it does not know.
A change that breaks readers of an event adds a new class with the next version.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar, Literal
from uuid import uuid4

from pydantic import BaseModel, ConfigDict, Field, ValidationError


class EventDecodeError(ValueError):
    """A message that is not an event this code knows (unknown type or version, bad data)."""


def _now() -> datetime:
    return datetime.now(UTC)


class Event(BaseModel):
    """Fields every event has; `id` is what idempotent handlers remember."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    type: ClassVar[str]
    version: ClassVar[int] = 1

    id: str = Field(default_factory=lambda: uuid4().hex, description="unique per event; kept on redelivery")
    occurred_at: datetime = Field(default_factory=_now)


class RepositoryRegistered(Event):
    type: ClassVar[str] = "repository.registered"
    repo_id: str
    name: str
    location: str


class ScanRequested(Event):
    type: ClassVar[str] = "scan.requested"
    location: str = Field(description="folder, git path or URL, as `codeintel scan` takes it")
    ref: str | None = None
    full: bool = False
    requested_by: str = Field("cli", description="who asked: cli, api, webhook...")


class ScanStarted(Event):
    type: ClassVar[str] = "scan.started"
    repo_id: str
    scan_id: int
    mode: Literal["full", "incremental"]
    ref: str | None = None
    commit: str | None = None


class FilesParsed(Event):
    type: ClassVar[str] = "files.parsed"
    repo_id: str
    scan_id: int
    parsed: int
    reused: int
    failed: int


class GraphUpdated(Event):
    type: ClassVar[str] = "graph.updated"
    repo_id: str
    scan_id: int
    nodes_by_label: dict[str, int] = Field(default_factory=dict)
    edges_by_type: dict[str, int] = Field(default_factory=dict)
    files_reresolved: int = 0


class ScanCompleted(Event):
    type: ClassVar[str] = "scan.completed"
    repo_id: str
    scan_id: int
    mode: Literal["full", "incremental"]
    files_parsed: int
    seconds: dict[str, float] = Field(default_factory=dict)


class ScanFailed(Event):
    type: ClassVar[str] = "scan.failed"
    location: str
    error: str
    repo_id: str | None = None
    scan_id: int | None = None


class AnalysisCompleted(Event):
    type: ClassVar[str] = "analysis.completed"
    repo_id: str
    analysis: str = Field(description="the analysis that ran; `all` for the stage after a scan")
    findings: int
    scan_id: int | None = None
    by_kind: dict[str, int] = Field(default_factory=dict)
    errors: dict[str, str] = Field(default_factory=dict, description="analyses that failed, with why")


class EmbeddingsUpdated(Event):
    """A repository's symbols were embedded after a scan: its vectors and search index are current."""

    type: ClassVar[str] = "embeddings.updated"
    repo_id: str
    scan_id: int | None = None
    model: str = Field(description="the model version of the vectors")
    symbols: int
    computed: int = Field(description="texts encoded by this scan; the others' vectors were kept")


class PlanCreated(Event):
    type: ClassVar[str] = "plan.created"
    repo_id: str
    plan_id: str
    kind: str
    files: list[str] = Field(default_factory=list)


class SafetyVerdict(Event):
    type: ClassVar[str] = "safety.verdict"
    repo_id: str
    plan_id: str
    safe: bool
    reasons: list[str] = Field(default_factory=list)


EVENT_CLASSES: tuple[type[Event], ...] = (
    RepositoryRegistered,
    ScanRequested,
    ScanStarted,
    FilesParsed,
    GraphUpdated,
    ScanCompleted,
    ScanFailed,
    AnalysisCompleted,
    EmbeddingsUpdated,
    PlanCreated,
    SafetyVerdict,
)
EVENT_TYPES: dict[tuple[str, int], type[Event]] = {(cls.type, cls.version): cls for cls in EVENT_CLASSES}
TYPE_NAMES: frozenset[str] = frozenset(cls.type for cls in EVENT_CLASSES)


def encode_event(event: Event) -> dict[str, str]:
    """The wire form: {"type", "version", "data"} as strings (a Redis stream entry's fields)."""
    return {"type": event.type, "version": str(event.version), "data": event.model_dump_json()}


def decode_event(fields: dict[str, Any]) -> Event:
    """The event of a wire form; EventDecodeError for anything this code does not know."""
    fields = {_text(k): _text(v) for k, v in fields.items()}
    try:
        cls = EVENT_TYPES[(fields["type"], int(fields["version"]))]
    except (KeyError, ValueError) as exc:
        raise EventDecodeError(f"unknown event {fields.get('type')!r} version {fields.get('version')!r}") from exc
    try:
        return cls.model_validate_json(fields.get("data", ""))
    except ValidationError as exc:
        raise EventDecodeError(f"bad {cls.type} v{cls.version} data: {exc.errors()[0]['msg']}") from exc


def _text(value: Any) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
