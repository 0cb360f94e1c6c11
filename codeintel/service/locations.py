"""Where a repository lives, checked quickly, and the id its scan will give it.

Registration must answer at once, so nothing is cloned here: a URL is only validated and
made canonical; a local folder is resolved as the scan will resolve it (a plain folder or a
working tree costs a `git rev-parse`). The rules themselves are codeintel.ingest.source's.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from codeintel.ingest.source import (
    SourceError,
    canonical_url,
    is_url,
    repo_name,
    resolve_source,
    validate_ref,
)
from codeintel.scan.engine import repository_id_for


@dataclass(frozen=True)
class Location:
    repo_id: str
    name: str
    location: str
    """As recorded: an absolute path, or the URL without a password."""
    scan_location: str
    """What the scan is asked to read: the absolute path, or the URL as given (it may carry credentials)."""
    is_url: bool


def describe_location(location: str, ref: str | None, checkouts_dir: Path) -> Location:
    """Validate `location` and `ref` (SourceError says what is wrong) and name the repository."""
    if ref is not None:
        validate_ref(ref)
    if is_url(location):
        canonical = canonical_url(location)
        name = repo_name(urlsplit(canonical).path)
        return Location(repository_id_for(name, canonical), name, canonical, location, True)
    source = resolve_source(location, None, checkouts_dir)
    if ref is not None and not source.is_git:
        raise SourceError(f"a ref was given but {source.location} is not a git repository")
    return Location(
        repository_id_for(source.name, source.location), source.name, source.location, source.location, False
    )
