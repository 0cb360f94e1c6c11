"""Ingest: a repository location -> the files to parse, with every skipped file and its reason.

    source = resolve_source("https://github.com/org/repo.git", ref="v1.2", checkouts_dir=settings.checkouts_path)
    listing = list_files(source, settings.ingest, supported_languages={"python"})
    listing.files            # [FileRef(path='pkg/mod.py', language='python', size=..., content_hash=...)]
    listing.skipped_by_reason()  # {'binary': 2, 'ignored': 1, 'vendored': 40}
    read_file(listing.root, "pkg/mod.py")  # bytes, for the parse workers

Modules, one job each: `source` (locations, refs, managed clones), `gitcmd` (hardened git
calls), `listing` (candidate paths, the Listing record), `ignore` (.gitignore rules for plain
folders), `filters` (the verdict on one file), `language` (extension and shebang), `hashing`
(content hash, binary and generated sniffing), `paths` (path safety, read_file).
"""

from __future__ import annotations

from codeintel.config import IngestSettings
from codeintel.ingest.filters import FileFilter
from codeintel.ingest.gitcmd import GitError
from codeintel.ingest.language import detect_language
from codeintel.ingest.listing import Listing, ListingError, list_candidates
from codeintel.ingest.paths import UnsafePathError, read_file
from codeintel.ingest.source import Source, SourceError, resolve_source
from codeintel.model import FileRef, SkippedFile

__all__ = [
    "GitError",
    "Listing",
    "ListingError",
    "Source",
    "SourceError",
    "UnsafePathError",
    "detect_language",
    "list_files",
    "read_file",
    "resolve_source",
]


def list_files(source: Source, settings: IngestSettings, supported_languages: set[str]) -> Listing:
    """List, filter, read and hash the files of `source`.

    One git call (or one folder walk) lists the candidates; each is judged on its own, so a bad
    file is reported in `skipped` and never stops the others. Raises ListingError only when
    the source as a whole cannot be listed.
    """
    candidates = list_candidates(source, settings.vendored_globs, settings.honour_gitignore)
    judge = FileFilter(source.root, settings, supported_languages).judge
    files: list[FileRef] = []
    skipped: list[SkippedFile] = list(candidates.skipped)
    for path in candidates.paths:
        verdict = judge(path)
        if isinstance(verdict, FileRef):
            files.append(verdict)
        else:
            skipped.append(verdict)
    files.sort(key=lambda f: f.path)
    skipped.sort(key=lambda s: s.path)
    return Listing(root=source.root, files=files, skipped=skipped)
