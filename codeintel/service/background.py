"""Scans this process asked for or runs: what `RepositoryView.state` needs beyond the metadata
store, and the router thread that scans in-process when the event bus is in-process."""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass
from datetime import UTC, datetime

from codeintel.events.bus import EventBus
from codeintel.events.router import RunScan, ScanRouter

log = logging.getLogger(__name__)


@dataclass
class _Known:
    requested_at: datetime | None = None  # the last request this process published
    running: int = 0  # scans of it running in this process now
    deleted: bool = False  # deleted after a request: a pending request must not scan it again


class ScanTracker:
    """Per repository: the last scan request published here, and scans running here. Thread-safe."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._known: dict[str, _Known] = {}

    def requested(self, repo_id: str) -> None:
        with self._lock:
            known = self._known.setdefault(repo_id, _Known())
            known.requested_at = datetime.now(UTC)
            known.deleted = False

    def withdraw(self, repo_id: str) -> None:
        """A request that could not be published."""
        with self._lock:
            if repo_id in self._known:
                self._known[repo_id].requested_at = None

    def started(self, repo_id: str) -> bool:
        """A scan of it starts here; False (and nothing recorded) when it was deleted since."""
        with self._lock:
            known = self._known.setdefault(repo_id, _Known())
            if known.deleted:
                return False
            known.running += 1
            known.requested_at = None  # the requests so far are the ones this scan covers
            return True

    def finished(self, repo_id: str) -> None:
        with self._lock:
            known = self._known.get(repo_id)
            if known is not None and known.running:
                known.running -= 1

    def mark_deleted(self, repo_id: str) -> bool:
        """Forget it, so that its pending requests scan nothing; False (and nothing changed) while
        a scan of it runs here."""
        with self._lock:
            known = self._known.get(repo_id)
            if known is not None and known.running:
                return False
            self._known[repo_id] = _Known(deleted=True)
            return True

    def status(self, repo_id: str) -> tuple[datetime | None, bool]:
        """(when a scan was last requested here and not yet started, whether one runs here now)."""
        with self._lock:
            known = self._known.get(repo_id)
            if known is None:
                return None, False
            return known.requested_at, known.running > 0


class RouterThread:
    """A ScanRouter on a daemon thread: scan.requested events on `bus` become scans in this process."""

    def __init__(self, bus: EventBus, run_scan: RunScan, *, coalesce_seconds: float, reclaim_idle_ms: int) -> None:
        self.router = ScanRouter(
            bus,
            run_scan,
            consumer=f"service-{os.getpid()}-{id(self):x}",
            coalesce_seconds=coalesce_seconds,
            reclaim_idle_ms=reclaim_idle_ms,
        )
        self._thread = threading.Thread(target=self._run, name="codeintel-scan-router", daemon=True)

    def _run(self) -> None:
        try:
            self.router.run(poll_ms=100)
        except Exception:  # noqa: BLE001 - the thread's end must be visible in the log
            log.exception("the in-process scan router stopped")

    def start(self, timeout: float = 10.0) -> None:
        """Start, and return once the router reads the bus: requests published from then on reach it."""
        self._thread.start()
        if not self.router.joined.wait(timeout):
            log.warning("the in-process scan router did not join the bus within %.0f s", timeout)

    def stop(self, timeout: float = 60.0) -> None:
        """Stop reading; wait up to `timeout` for running scans (they go on, on daemon threads, if longer)."""
        self.router.stop()
        self._thread.join(timeout)
