"""What a repository build is given (BuildJob) and what it gives back (BuildOutcome): the
boundary between the scan engine, the graph-builder actor and the processes that resolve
one phase each."""

from __future__ import annotations

from pydantic import BaseModel, Field

from codeintel.model import FileRef


class BuildJob(BaseModel):
    """What the builder needs to know about one scan; crosses into the Ray actor."""

    repo_id: str
    repo_name: str
    location: str
    commit: str | None = None
    root: str
    fresh: bool
    files: list[FileRef]
    changed: list[str] = Field(description="paths that are new or whose content changed; their facts are sent in")
    deleted: list[str] = Field(default_factory=list)
    prior_fingerprints: dict[str, str] = Field(
        default_factory=dict, description="each file's resolution fingerprint from the previous scan"
    )


class FileResult(BaseModel):
    lines: int
    syntax_errors: int
    error: str | None = None
    fingerprint: str | None = Field(None, description="digest of the file's resolved edges in this scan")


class BuildOutcome(BaseModel):
    files: dict[str, FileResult]
    reresolved: list[str]
    definitions: dict[str, int]
    resolution: dict[str, int]
    nodes_by_label: dict[str, int]
    edges_by_type: dict[str, int]
    seconds: dict[str, float]
    files_from_cache: int = Field(
        0, description="changed files not parsed: the cache held their content (seen before, in any repository)"
    )
