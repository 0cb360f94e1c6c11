"""An exclusive lock on a file, shared by threads and processes of one machine."""

from __future__ import annotations

import fcntl
import time
from pathlib import Path


class FileLockTimeout(TimeoutError):
    """Another holder kept the lock for longer than the wait allowed."""


class FileLock:
    """`flock(LOCK_EX)` on `path`, waited for up to `timeout` seconds. Locks taken through separate
    opens conflict on Linux even within one process, so it orders threads as well as processes.
    Use as a context manager, or call `release()`."""

    def __init__(self, path: Path, timeout: float = 600.0) -> None:
        self.path = Path(path)
        self._file = open(self.path, "a+b")  # noqa: SIM115 - held until release()
        deadline = time.monotonic() + timeout
        while True:
            try:
                fcntl.flock(self._file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    self._file.close()
                    raise FileLockTimeout(f"another process held {self.path} for {timeout:.0f} s") from None
                time.sleep(0.05)

    def release(self) -> None:
        if not self._file.closed:
            fcntl.flock(self._file, fcntl.LOCK_UN)
            self._file.close()

    def __enter__(self) -> FileLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()
