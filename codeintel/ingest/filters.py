"""The verdict on one candidate path: a FileRef to parse, or a SkippedFile with its reason.

Checks run cheapest first, and the first that applies names the reason:

1. hostile_path: absolute, '..', '.' or empty components, control characters, a name that is
   not UTF-8, or a parent folder that resolves outside the root;
2. symlink_outside: a symlink whose target resolves outside the root (a symlink inside the
   root is read through only with `follow_symlinks_inside_repo`, else skipped as ignored);
3. vendored: matches `vendored_globs` (gitignore semantics);
4. unreadable: vanished, no permission, a broken symlink, or not a regular file (a folder, a
   git submodule, a FIFO);
5. oversized: larger than `max_file_bytes`, judged by stat: the file is never read;
6. unsupported_language, when the extension alone decides it: the file is never read;
7. binary: a NUL byte in the first 8 KiB;
8. generated: a generated-code marker in the first 1 KiB;
9. unsupported_language, for a file without extension and no supported shebang.

Files that pass are read once: the same bytes give the hash and the binary and generated
checks. Invalid UTF-8 is not a reason to skip: the parser copes with it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from pathspec import GitIgnoreSpec

from codeintel.config import IngestSettings
from codeintel.ingest.hashing import content_hash, generated_marker, is_binary
from codeintel.ingest.language import (
    SHEBANG_BYTES,
    extension_of,
    language_by_name,
    language_by_shebang,
    refine_language,
)
from codeintel.ingest.paths import display_path, hostile_reason, is_under
from codeintel.model import FileRef, SkippedFile, SkipReason

_OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC


class FileFilter:
    """Judges the candidates of one root under one IngestSettings; reusable across files."""

    def __init__(self, root: Path, settings: IngestSettings, supported_languages: set[str]) -> None:
        self.root = Path(root)
        self.real_root = os.path.realpath(root)
        self.settings = settings
        self.supported = frozenset(supported_languages)
        self.vendored = GitIgnoreSpec.from_lines(settings.vendored_globs)
        self.markers = [m.encode("utf-8") for m in settings.generated_markers if m]
        self._real_dirs: dict[str, str] = {"": self.real_root}

    def judge(self, path: str) -> FileRef | SkippedFile:
        """The verdict on relative `path`; never raises for a bad file."""
        try:
            return self._judge(path)
        except OSError as exc:
            return _skip(path, SkipReason.unreadable, exc.strerror or str(exc))

    def _judge(self, path: str) -> FileRef | SkippedFile:
        reason = hostile_reason(path)
        if reason is not None:
            return _skip(path, SkipReason.hostile_path, reason)
        parent, _, name = path.rpartition("/")
        real_parent = self._real_dir(parent)
        if not is_under(self.real_root, real_parent):
            return _skip(path, SkipReason.hostile_path, "a parent folder resolves outside the repository root")
        real = f"{real_parent}/{name}"
        try:
            st = os.lstat(real)
        except OSError as exc:
            return self._vendored(path) or _skip(path, SkipReason.unreadable, exc.strerror or str(exc))

        if stat.S_ISLNK(st.st_mode):
            target = os.path.realpath(real)
            if not is_under(self.real_root, target):
                return _skip(path, SkipReason.symlink_outside, "symlink target resolves outside the repository root")
            if not self.settings.follow_symlinks_inside_repo:
                return _skip(path, SkipReason.ignored, "symlink (follow_symlinks_inside_repo is off)")
            real = target
            try:
                st = os.stat(real)
            except OSError as exc:
                return self._vendored(path) or _skip(path, SkipReason.unreadable, f"broken symlink: {exc.strerror}")

        vendored = self._vendored(path)
        if vendored is not None:
            return vendored
        if not stat.S_ISREG(st.st_mode):
            kind = "a folder (not followed; a git submodule?)" if stat.S_ISDIR(st.st_mode) else "a special file"
            return _skip(path, SkipReason.unreadable, f"not a regular file: {kind}")
        if st.st_size > self.settings.max_file_bytes:
            return _skip(
                path, SkipReason.oversized, f"{st.st_size} bytes > max_file_bytes {self.settings.max_file_bytes}"
            )

        language = language_by_name(path)
        has_extension = bool(extension_of(path))
        if has_extension and (language is None or language not in self.supported):
            detail = f"{language}: no extractor" if language else f"unknown extension {extension_of(path)}"
            return _skip(path, SkipReason.unsupported_language, detail)
        return self._read_and_judge(path, real, language)

    def _read_and_judge(self, path: str, real: str, language: str | None) -> FileRef | SkippedFile:
        limit = self.settings.max_file_bytes
        fd = os.open(real, _OPEN_FLAGS)
        with os.fdopen(fd, "rb") as handle:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                return _skip(path, SkipReason.unreadable, "not a regular file")
            if language is None:
                head = handle.read(SHEBANG_BYTES)
                if is_binary(head):
                    return _skip(path, SkipReason.binary, "NUL byte in the first 8 KiB")
                language = language_by_shebang(head)
                if language is None or language not in self.supported:
                    detail = f"{language}: no extractor" if language else "no extension and no known shebang"
                    return _skip(path, SkipReason.unsupported_language, detail)
                data = head + handle.read(limit + 1 - len(head))
            else:
                data = handle.read(limit + 1)
        if len(data) > limit:  # it grew since stat
            return _skip(path, SkipReason.oversized, f"more than max_file_bytes {limit} bytes")
        if is_binary(data):
            return _skip(path, SkipReason.binary, "NUL byte in the first 8 KiB")
        marker = generated_marker(data, self.markers)
        if marker is not None:
            return _skip(path, SkipReason.generated, f"marker {marker.decode('utf-8', 'replace')!r} in the first 1 KiB")
        refined = refine_language(path, language, data)
        if refined in self.supported:
            language = refined
        return FileRef(path=path, language=language, size=len(data), content_hash=content_hash(data))

    def _vendored(self, path: str) -> SkippedFile | None:
        if self.vendored.match_file(path):
            return _skip(path, SkipReason.vendored, "matches vendored_globs")
        return None

    def _real_dir(self, parent: str) -> str:
        """The resolved path of folder `parent`, one lstat per folder (realpath only at symlinks)."""
        real = self._real_dirs.get(parent)
        if real is None:
            above, _, name = parent.rpartition("/")
            real_above = self._real_dir(above)
            real = f"{real_above}/{name}"
            try:
                if stat.S_ISLNK(os.lstat(real).st_mode):
                    real = os.path.realpath(real)
            except OSError:
                pass  # a missing folder: the file's own lstat reports it
            self._real_dirs[parent] = real
        return real


def _skip(path: str, reason: SkipReason, detail: str) -> SkippedFile:
    return SkippedFile(path=display_path(path), reason=reason, detail=detail)
