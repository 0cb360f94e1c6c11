"""The event-router actor: consumes scan.requested and runs incremental scans (see
`codeintel.events.router` for the rules: one scan at a time per repository, bursts coalesced).

One named actor per cluster (`codeintel-event-router`), started by `codeintel router` or by a
deployment. It routes on a thread of its own from the moment it is created, so a restarted
actor (after a crash) resumes by itself and reclaims the requests its predecessor held. Scans
run in the actor's process; large ones fan their parsing out on Ray Data.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable

import ray

from codeintel.config import Settings
from codeintel.events.bus import open_event_bus
from codeintel.events.models import ScanRequested
from codeintel.events.router import ScanRouter
from pipeline.ray_session import ensure_ray

ACTOR_NAME = "codeintel-event-router"


@ray.remote(num_cpus=0, max_concurrency=4, max_restarts=-1, max_task_retries=0)
class EventRouterActor:
    def __init__(self, settings: Settings) -> None:
        from codeintel.scan.engine import ScanEngine
        from pipeline.scan import RayScanRunner

        self._bus = open_event_bus(settings)
        self._engine = ScanEngine(settings, ray_runner=RayScanRunner, events=self._bus)
        consumer = f"router-{socket.gethostname()}-{os.getpid()}"
        self._router = ScanRouter(
            self._bus,
            self._scan,
            consumer=consumer,
            coalesce_seconds=settings.events.coalesce_seconds,
            reclaim_idle_ms=settings.events.reclaim_idle_ms,
        )
        self._thread = threading.Thread(target=self._router.run, name="event-router", daemon=True)
        self._thread.start()

    def _scan(self, request: ScanRequested) -> object:
        return self._engine.scan(request.location, request.ref, full=request.full)

    def ready(self, timeout: float = 30.0) -> bool:
        """True once the router reads the bus (its consumer group exists: no request is missed)."""
        return self._router.joined.wait(timeout)

    def stop(self, timeout: float = 60.0) -> bool:
        """Stop reading, let running scans finish; True when they did within `timeout`."""
        self._router.stop()
        self._thread.join(timeout)
        return not self._thread.is_alive()

    def idle(self) -> bool:
        return self._router.idle()

    def stats(self) -> dict[str, dict[str, int]]:
        return self._router.stats()


def start_event_router(settings: Settings) -> ray.actor.ActorHandle:
    """The cluster's router actor, created if it is not running yet."""
    return EventRouterActor.options(name=ACTOR_NAME, get_if_exists=True).remote(settings)


def run_event_router(settings: Settings, report: Callable[[str], None], poll_seconds: float = 2.0) -> None:
    """Start (or join) Ray and the router actor, report each repository's scan counts as they
    change, and stop the router on Ctrl-C (`codeintel router`)."""
    ensure_ray(settings)
    actor = start_event_router(settings)
    seen: dict[str, dict[str, int]] = {}
    try:
        while True:
            time.sleep(poll_seconds)
            for repository, counts in sorted(ray.get(actor.stats.remote()).items()):
                if seen.get(repository) != counts:
                    seen[repository] = counts
                    report(f"{repository}: {counts['scans']} scans, {counts['failures']} failed")
    except KeyboardInterrupt:
        ray.get(actor.stop.remote())
