"""Read and extract files: the work a parse worker does, in-process or inside Ray Data."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

from codeintel.ingest import read_file
from codeintel.languages import extract
from codeintel.model import FileFacts, FileRef
from codeintel.scan.codec import cache_key
from codeintel.store.cache import FactsCache


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


def parse_or_reuse(root: Path, refs: list[FileRef], cache: FactsCache) -> Iterator[FileFacts | bytes]:
    """Each ref's facts, in order: the cache's entry (bytes, as stored) where it holds the file's
    content, else the file parsed now. One cache round trip; files are parsed as iterated.

    A file seen before, in any repository by any worker, is parsed once. An entry comes back
    undecoded: it may carry another path (the same bytes elsewhere) or be unreadable, and the
    graph builder, which decodes it anyway, deals with both (RepositoryBuild.add_reused).
    """
    keys = [cache_key(ref.content_hash, ref.language) for ref in refs]
    cached = cache.get_many(sorted(set(keys))) if refs else {}
    for key, ref in zip(keys, refs, strict=True):
        data = cached.get(key)
        yield data if data is not None else parse_file(root, ref)
