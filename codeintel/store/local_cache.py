"""FactsCache in one local SQLite file (WAL): thousands of gets and puts in milliseconds."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

_CHUNK = 500  # keys per IN (...) query, well under SQLite's bound-parameter limit


class LocalFactsCache:
    """Bytes by key in `path` (created with its folder). Safe to share between threads;
    several processes may open the same file (SQLite locking, WAL readers never block)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=30, isolation_level=None)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")
        self._db.execute("CREATE TABLE IF NOT EXISTS facts (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID")

    def get_many(self, keys: list[str]) -> dict[str, bytes]:
        unique = list(dict.fromkeys(keys))
        found: dict[str, bytes] = {}
        with self._lock:
            for start in range(0, len(unique), _CHUNK):
                chunk = unique[start : start + _CHUNK]
                marks = ",".join("?" * len(chunk))
                found.update(self._db.execute(f"SELECT key, value FROM facts WHERE key IN ({marks})", chunk))
        return found

    def put_many(self, items: dict[str, bytes]) -> None:
        if not items:
            return
        rows = [(key, sqlite3.Binary(value)) for key, value in items.items()]
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.executemany("INSERT OR REPLACE INTO facts (key, value) VALUES (?, ?)", rows)
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> LocalFactsCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
