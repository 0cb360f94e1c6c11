"""Read-only graph handles kept open between calls while the graph file does not change.

Opening the embedded graph read-only costs about 23 ms and closing it 7 ms, against about 7 ms
for a callers query: per-call opens held the API to some 24 requests/s. A handle reads the
graph as of its open, so it may be reused exactly as long as no writer has committed since;
the file's modification time and size say when one has (every commit ends in a checkpoint
that rewrites the file). While a writer's log (`<graph>.wal`) exists the state is in flux, and
each call opens its own handle as before.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

from codeintel.graph.port import GraphStore

Generation = tuple[int, int]


def graph_generation(path: Path) -> Generation | None:
    """(mtime_ns, size) of the graph file, or None when it is missing or a write is in progress."""
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    if path.with_name(path.name + ".wal").exists():
        return None
    return stat.st_mtime_ns, stat.st_size


class ReadHandlePool:
    """Idle read-only stores of the current generation, at most `size` of them; one caller uses
    a handle at a time (a store object is not thread-safe)."""

    def __init__(self, open_store: Callable[[], GraphStore], size: int = 4) -> None:
        self._open = open_store
        self._size = size
        self._idle: list[tuple[Generation, GraphStore]] = []
        self._lock = threading.Lock()

    def acquire(self, generation: Generation) -> GraphStore:
        stale: list[GraphStore] = []
        with self._lock:
            while self._idle:
                held, store = self._idle.pop()
                if held == generation:
                    self._close_all(stale)
                    return store
                stale.append(store)
        self._close_all(stale)
        return self._open()

    def release(self, generation: Generation, store: GraphStore, current: Generation | None) -> None:
        """Keep `store` for reuse if the graph has not changed since it was opened."""
        with self._lock:
            if generation == current and len(self._idle) < self._size:
                self._idle.append((generation, store))
                return
        store.close()

    def close(self) -> None:
        with self._lock:
            idle, self._idle = self._idle, []
        self._close_all([store for _, store in idle])

    @staticmethod
    def _close_all(stores: list[GraphStore]) -> None:
        for store in stores:
            store.close()
