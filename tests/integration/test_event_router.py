"""The event-router actor on the real Ray and Redis: scan.requested events become scans, one at a
time per repository, and a burst of requests becomes at most two scans."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import ray

from actors.event_router import EventRouterActor
from codeintel.config import Settings, load_settings
from codeintel.events.bus import EventBus, open_event_bus
from codeintel.events.models import ScanCompleted, ScanFailed, ScanRequested
from tests.helpers import graph_dump
from tests.pg import fresh_schema
from tests.redis_helpers import connect_redis, delete_prefix, unique_prefix

PRODUCTION = Path(__file__).parents[2] / "configs" / "production.yaml"
WATCHED = [ScanCompleted.type, ScanFailed.type]


@pytest.fixture
def settings(tmp_path: Path) -> Iterator[Settings]:
    prefixes = unique_prefix("facts"), unique_prefix("events")
    with fresh_schema() as url:
        yield load_settings(
            PRODUCTION,
            data_dir=tmp_path / "data",
            store={"metadata_url": url, "cache_prefix": prefixes[0]},
            events={"stream_prefix": prefixes[1], "coalesce_seconds": 0.5, "reclaim_idle_ms": 3000},
        )
    client = connect_redis()
    for prefix in prefixes:
        delete_prefix(client, prefix)
    client.close()


@pytest.fixture
def router(ray_session, settings: Settings) -> Iterator[ray.actor.ActorHandle]:
    actor = EventRouterActor.remote(settings)
    assert ray.get(actor.ready.remote(), timeout=60)
    yield actor
    ray.get(actor.stop.remote(), timeout=120)
    ray.kill(actor)


@pytest.fixture
def bus(settings: Settings) -> Iterator[EventBus]:
    bus = open_event_bus(settings)
    bus.read("test-watcher", "t", WATCHED, block_ms=0)  # join now: every later outcome is seen
    yield bus
    bus.close()


def _outcomes(bus: EventBus, quiet_seconds: float = 8.0, timeout: float = 120.0) -> list:
    """Scan outcomes published from now until none has come for `quiet_seconds` after the first
    (the first may take as long as a scan takes on a busy machine, up to `timeout`)."""
    seen: list = []
    deadline = time.monotonic() + timeout
    last = None
    while time.monotonic() < deadline and (last is None or time.monotonic() - last < quiet_seconds):
        got = bus.read("test-watcher", "t", WATCHED, count=50, block_ms=200)
        for delivery in got:
            bus.ack("test-watcher", delivery)
            seen.append(delivery.event)
        if got:
            last = time.monotonic()
    return seen


def test_ten_requests_in_one_second_lead_to_at_most_two_scans(router, bus, settings, shop):
    for n in range(10):
        if n == 5:  # the repository changes in the middle of the burst
            (shop / "shop" / "late.py").write_text("def late():\n    return 1\n")
        bus.publish(ScanRequested(location=str(shop), requested_by="test"))
        time.sleep(0.1)
    outcomes = _outcomes(bus)
    assert all(isinstance(e, ScanCompleted) for e in outcomes), outcomes
    assert 1 <= len(outcomes) <= 2
    assert ray.get(router.stats.remote()) == {str(shop): {"scans": len(outcomes), "failures": 0}}
    nodes, _ = graph_dump(settings, outcomes[-1].repo_id)
    assert any(dict(props).get("qualname") == "shop.late.late" for _, _, props in nodes), "the last state was missed"


def test_requests_for_two_repositories_each_get_their_scan(router, bus, shop, tmp_path):
    other = tmp_path / "other"
    other.mkdir()
    (other / "main.py").write_text("def main():\n    return 0\n")
    for location in (shop, other, shop, other):
        bus.publish(ScanRequested(location=str(location)))
    outcomes = _outcomes(bus)
    assert sorted(type(e).__name__ for e in outcomes) == ["ScanCompleted", "ScanCompleted"], outcomes
    assert len({e.repo_id for e in outcomes}) == 2


def test_a_request_for_a_missing_path_fails_its_scan_and_the_router_carries_on(router, bus, shop, tmp_path):
    bus.publish(ScanRequested(location=str(tmp_path / "missing")))
    failed = _outcomes(bus)
    assert [type(e).__name__ for e in failed] == ["ScanFailed"]
    assert "does not exist" in failed[0].error
    bus.publish(ScanRequested(location=str(shop)))
    assert [type(e).__name__ for e in _outcomes(bus)] == ["ScanCompleted"]


def _cli(*args: str, settings: Settings) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "RAY_USAGE_STATS_ENABLED": "0",
        "CODEINTEL_STORE__METADATA_URL": settings.store.metadata_url or "",
        "CODEINTEL_EVENTS__STREAM_PREFIX": settings.events.stream_prefix,
    }
    return subprocess.run(
        [sys.executable, "-m", "codeintel", *args], capture_output=True, text=True, timeout=120, env=env
    )


def test_cli_request_scan_reaches_the_router(router, bus, settings, shop):
    result = _cli("request-scan", str(shop), "--config", str(PRODUCTION), settings=settings)
    assert result.returncode == 0, result.stderr
    assert "scan.requested" in result.stdout
    outcomes = _outcomes(bus)
    assert [type(e).__name__ for e in outcomes] == ["ScanCompleted"]


def test_cli_request_scan_refuses_the_in_process_bus(settings, shop):
    result = _cli("request-scan", str(shop), settings=settings)
    assert result.returncode == 2
    assert "in-process event bus" in result.stderr
