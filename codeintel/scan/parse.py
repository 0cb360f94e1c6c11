"""Read and extract files: the work a parse worker does, in-process or inside Ray Data."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from pathlib import Path

from codeintel.ingest import read_file
from codeintel.languages import extract
from codeintel.model import FileFacts, FileRef


def parse_file(root: Path, ref: FileRef) -> FileFacts:
    """Facts of one file; never raises: an unreadable or unextractable file yields facts with `error` set."""
    try:
        source = read_file(root, ref.path)
    except (OSError, ValueError) as exc:
        return FileFacts(
            path=ref.path, language=ref.language, content_hash=ref.content_hash, error=f"unreadable: {exc}"
        )
    content_hash = hashlib.sha256(source).hexdigest()
    try:
        facts = extract(ref.language, source, ref.path, content_hash)
    except Exception as exc:  # noqa: BLE001 - one bad file must never stop a scan
        return FileFacts(
            path=ref.path,
            language=ref.language,
            content_hash=content_hash,
            size=len(source),
            error=f"extraction failed: {type(exc).__name__}: {exc}",
        )
    facts.size = len(source)
    return facts


def parse_files(root: Path, refs: Iterable[FileRef]) -> Iterator[FileFacts]:
    for ref in refs:
        yield parse_file(root, ref)
