"""Encoded FileFacts kept in a file instead of memory, readable from another process.

A scan too large for one process resolves each phase in a process of its own
(`codeintel.scan.phase_process`); those processes read the facts the parse workers sent
from here. It also keeps the builder's own memory flat while a large tier arrives: a
process holds an offset per file, not the bytes.
"""

from __future__ import annotations

import os
from collections.abc import Iterator, MutableMapping
from pathlib import Path


class FactsSpill(MutableMapping[str, bytes]):
    """Encoded facts by path in one append-only file; the index (path -> offset, length) is
    small and picklable, so another process reopens the same file with `FactsSpill(path, index)`.
    Setting a path again appends the new bytes (the old ones stay, unread)."""

    def __init__(self, path: Path, index: dict[str, tuple[int, int]] | None = None) -> None:
        self.path = Path(path)
        self.index: dict[str, tuple[int, int]] = dict(index or {})
        self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o600)
        self._end = os.fstat(self._fd).st_size

    def __getitem__(self, path: str) -> bytes:
        offset, length = self.index[path]
        data = os.pread(self._fd, length, offset)
        if len(data) != length:
            raise OSError(f"facts spill {self.path} is truncated at {path!r}")
        return data

    def __setitem__(self, path: str, data: bytes) -> None:
        offset = self._end
        written = 0
        view = memoryview(data)
        while written < len(data):
            written += os.write(self._fd, view[written:])
        self._end += len(data)
        self.index[path] = (offset, len(data))

    def __delitem__(self, path: str) -> None:
        del self.index[path]

    def __contains__(self, path: object) -> bool:
        return path in self.index

    def __iter__(self) -> Iterator[str]:
        return iter(self.index)

    def __len__(self) -> int:
        return len(self.index)

    @property
    def bytes_on_disk(self) -> int:
        return self._end

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> FactsSpill:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
