"""Scan requests become scans: at most one at a time per repository, bursts coalesced.

The router reads `scan.requested` events in the consumer group `event-router`. Requests are
keyed by repository (location and ref). A repository's requests wait until none has come for
`coalesce_seconds` (or, under a steady stream, until the oldest has waited ten times that), then
one scan covers them all. Requests that arrive while its scan runs wait, merged, for one
follow-up scan, because the running scan may have read the files before the change they
announce. So a burst whose requests come closer together than `coalesce_seconds` leads to one
scan, or two when a scan was already running, and the last state requested is always scanned.

A request's delivery is acknowledged only when a scan that started after it has finished
(completed or failed: the engine publishes scan.failed), so a router that dies mid-scan leaves
its requests pending, and the next router reclaims and runs them. While it holds deliveries the
router renews its claim on them (`EventBus.extend`), so a long scan is not taken over.

Ray-free: `actors/event_router.py` runs it inside a Ray actor; tests run it in a thread.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from codeintel.events.bus import Delivery, EventBus
from codeintel.events.models import ScanRequested
from codeintel.ingest.source import normalise_location

log = logging.getLogger(__name__)

GROUP = "event-router"

RunScan = Callable[[ScanRequested], object]
"""Runs one scan for a (merged) request; the engine publishes its events. May raise."""


def repository_key(request: ScanRequested) -> tuple[str, str | None]:
    """Requests for the same repository and ref share a key; a local path counts by its real location."""
    return normalise_location(request.location), request.ref


@dataclass
class _Repository:
    waiting: list[Delivery] = field(default_factory=list)  # requests no running scan covers
    first_waiting_at: float = 0.0
    last_waiting_at: float = 0.0
    running: list[Delivery] = field(default_factory=list)  # requests the running scan covers
    scans: int = 0
    failures: int = 0


class ScanRouter:
    """Poll the bus (`poll`), start due scans on worker threads (`dispatch`), or run both (`run`)."""

    def __init__(
        self,
        bus: EventBus,
        run_scan: RunScan,
        *,
        consumer: str,
        coalesce_seconds: float = 0.5,
        reclaim_idle_ms: int = 30_000,
        max_parallel: int = 2,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.bus = bus
        self.run_scan = run_scan
        self.consumer = consumer
        self.coalesce_seconds = coalesce_seconds
        self.renew_every = max(reclaim_idle_ms / 3000, 0.01)
        self.clock = clock
        self._repositories: dict[tuple[str, str | None], _Repository] = {}
        self._lock = threading.Lock()
        self._slots = threading.BoundedSemaphore(max_parallel)
        self._threads: set[threading.Thread] = set()
        self._stop = threading.Event()
        self.joined = threading.Event()  # set after the first read: the group exists, nothing is missed from then on
        self._renewed_at = clock()

    # ---- reading -----------------------------------------------------------------------

    def poll(self, block_ms: int | None = 100) -> int:
        """Take new and reclaimed requests from the bus; returns how many arrived."""
        deliveries = self.bus.read(GROUP, self.consumer, [ScanRequested.type], count=64, block_ms=block_ms)
        self.joined.set()
        now = self.clock()
        with self._lock:
            for delivery in deliveries:
                if self.bus.handled(GROUP, delivery.event.id):  # its scan ran; the ack was lost
                    self.bus.ack(GROUP, delivery)
                    continue
                assert isinstance(delivery.event, ScanRequested)
                repo = self._repositories.setdefault(repository_key(delivery.event), _Repository())
                if any(d.message_id == delivery.message_id for d in (*repo.waiting, *repo.running)):
                    continue  # reclaimed from ourselves: already held
                if not repo.waiting:
                    repo.first_waiting_at = now
                repo.last_waiting_at = now
                repo.waiting.append(delivery)
        return len(deliveries)

    # ---- scanning ----------------------------------------------------------------------

    def dispatch(self) -> int:
        """Start a scan for each idle repository whose requests have gone quiet (see the module's rules)."""
        started = 0
        now = self.clock()
        with self._lock:
            for key, repo in self._repositories.items():
                if repo.running or not repo.waiting or not self._due(repo, now):
                    continue
                if not self._slots.acquire(blocking=False):
                    break
                batch, repo.waiting = repo.waiting, []
                repo.running = batch
                thread = threading.Thread(target=self._scan, args=(key, repo, batch), daemon=True)
                self._threads.add(thread)
                thread.start()
                started += 1
        self._renew()
        return started

    def _due(self, repo: _Repository, now: float) -> bool:
        quiet = now - repo.last_waiting_at >= self.coalesce_seconds
        return quiet or now - repo.first_waiting_at >= 10 * self.coalesce_seconds

    def _scan(self, key: tuple[str, str | None], repo: _Repository, batch: list[Delivery]) -> None:
        requests = [d.event for d in batch]
        merged = ScanRequested(
            location=requests[-1].location,
            ref=key[1],
            full=any(r.full for r in requests),  # type: ignore[attr-defined]
            requested_by=requests[-1].requested_by,  # type: ignore[attr-defined]
        )
        try:
            self.run_scan(merged)
        except Exception as exc:  # noqa: BLE001 - the engine reported it as scan.failed
            log.warning("scan of %s failed: %s", key[0], exc)
            failed = True
        else:
            failed = False
        for delivery in batch:
            self.bus.mark_handled(GROUP, delivery.event.id)
            self.bus.ack(GROUP, delivery)
        with self._lock:
            repo.running = []
            repo.scans += 1
            repo.failures += failed
            self._threads.discard(threading.current_thread())
        self._slots.release()

    def _renew(self) -> None:
        """Keep the deliveries this router holds from being reclaimed by another consumer."""
        now = self.clock()
        if now - self._renewed_at < self.renew_every:
            return
        self._renewed_at = now
        with self._lock:
            held = [d for repo in self._repositories.values() for d in (*repo.waiting, *repo.running)]
        if held:
            self.bus.extend(GROUP, self.consumer, held)

    # ---- running -----------------------------------------------------------------------

    def run(self, poll_ms: int = 100) -> None:
        """Poll and dispatch until `stop()`; then wait for running scans."""
        while not self._stop.is_set():
            try:
                self.poll(block_ms=poll_ms)
            except Exception as exc:  # noqa: BLE001 - a bus outage must not end the router
                log.warning("event router: reading the bus failed: %s", exc)
                self._stop.wait(1.0)
            self.dispatch()
        self.wait()

    def stop(self) -> None:
        self._stop.set()

    def wait(self, timeout: float | None = None) -> bool:
        """Wait for the running scans; True when none is left."""
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            with self._lock:
                threads = list(self._threads)
            if not threads:
                return True
            for thread in threads:
                left = None if deadline is None else max(0.0, deadline - time.monotonic())
                thread.join(left)
            if deadline is not None and time.monotonic() >= deadline:
                with self._lock:
                    return not self._threads

    def idle(self) -> bool:
        """Nothing waiting and nothing running."""
        with self._lock:
            return all(not r.running and not r.waiting for r in self._repositories.values())

    def stats(self) -> dict[str, dict[str, int]]:
        """Scans run and failed per repository location."""
        with self._lock:
            return {
                f"{location}@{ref}" if ref else location: {"scans": r.scans, "failures": r.failures}
                for (location, ref), r in self._repositories.items()
            }
