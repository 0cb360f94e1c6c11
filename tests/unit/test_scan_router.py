"""The scan router: one scan at a time per repository, bursts coalesced, requests acknowledged
only once a scan that started after them has finished. The scan itself is a recording function
here (real scans: tests/integration/test_event_router.py)."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from codeintel.config import EventSettings
from codeintel.events.inprocess import InProcessEventBus
from codeintel.events.models import ScanRequested
from codeintel.events.router import GROUP, ScanRouter, repository_key


class RecordingScans:
    """Records each scan's request; each scan takes `seconds` and fails when asked to."""

    def __init__(self, seconds: float = 0.05, fail: bool = False) -> None:
        self.seconds = seconds
        self.fail = fail
        self.requests: list[ScanRequested] = []
        self.running: dict[str, int] = {}
        self.max_running: dict[str, int] = {}
        self._lock = threading.Lock()

    def __call__(self, request: ScanRequested) -> None:
        with self._lock:
            self.requests.append(request)
            self.running[request.location] = self.running.get(request.location, 0) + 1
            self.max_running[request.location] = max(
                self.max_running.get(request.location, 0), self.running[request.location]
            )
        time.sleep(self.seconds)
        with self._lock:
            self.running[request.location] -= 1
        if self.fail:
            raise RuntimeError("scan failed")


@pytest.fixture
def bus():
    bus = InProcessEventBus(EventSettings(reclaim_idle_ms=200, block_ms=20))
    yield bus
    bus.close()


def _router(bus, scans, **options) -> ScanRouter:
    router = ScanRouter(bus, scans, consumer="router-1", coalesce_seconds=0.2, reclaim_idle_ms=200, **options)
    router.poll(block_ms=0)  # joins the group: it sees what is published from now on
    return router


def _run_until_idle(router: ScanRouter, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        router.poll(block_ms=10)
        router.dispatch()
        if router.idle():
            router.wait()
            return
    raise AssertionError("router never went idle")


def test_ten_requests_in_one_second_make_at_most_two_scans(bus, tmp_path: Path) -> None:
    scans = RecordingScans(seconds=0.1)
    router = _router(bus, scans)
    stop = threading.Event()
    loop = threading.Thread(target=lambda: [(router.poll(10), router.dispatch()) for _ in iter(stop.is_set, True)])
    loop.start()
    for _ in range(10):
        bus.publish(ScanRequested(location=str(tmp_path)))
        time.sleep(0.1)
    time.sleep(0.6)
    stop.set()
    loop.join()
    _run_until_idle(router)
    assert 1 <= len(scans.requests) <= 2
    assert bus.read(GROUP, "other", [ScanRequested.type], block_ms=300) == []  # all acknowledged


def test_a_request_during_a_scan_gets_one_follow_up_scan(bus, tmp_path: Path) -> None:
    scans = RecordingScans(seconds=0.5)
    router = _router(bus, scans)
    bus.publish(ScanRequested(location=str(tmp_path)))
    router.poll(block_ms=50)
    time.sleep(0.25)
    assert router.dispatch() == 1
    for _ in range(3):  # arrive while the first scan runs
        bus.publish(ScanRequested(location=str(tmp_path)))
    router.poll(block_ms=50)
    assert router.dispatch() == 0  # never two at once for one repository
    _run_until_idle(router)
    assert len(scans.requests) == 2
    assert scans.max_running[str(tmp_path)] == 1


def test_repositories_scan_side_by_side(bus, tmp_path: Path) -> None:
    scans = RecordingScans(seconds=0.3)
    router = _router(bus, scans)
    for name in ("a", "b"):
        bus.publish(ScanRequested(location=str(tmp_path / name)))
    router.poll(block_ms=50)
    time.sleep(0.25)
    assert router.dispatch() == 2
    _run_until_idle(router)
    assert sorted(r.location for r in scans.requests) == [str(tmp_path / "a"), str(tmp_path / "b")]


def test_a_merged_request_is_full_when_any_request_was(bus, tmp_path: Path) -> None:
    scans = RecordingScans()
    router = _router(bus, scans)
    bus.publish(ScanRequested(location=str(tmp_path)))
    bus.publish(ScanRequested(location=str(tmp_path), full=True))
    _run_until_idle(router)
    assert [r.full for r in scans.requests] == [True]


def test_refs_of_one_location_are_separate_repositories(tmp_path: Path) -> None:
    assert repository_key(ScanRequested(location=str(tmp_path), ref="main")) != repository_key(
        ScanRequested(location=str(tmp_path), ref="v1")
    )
    assert repository_key(ScanRequested(location=str(tmp_path / "x" / "..")))[0] == str(tmp_path)


def test_a_failed_scan_acknowledges_its_requests_and_is_counted(bus, tmp_path: Path) -> None:
    scans = RecordingScans(fail=True)
    router = _router(bus, scans)
    bus.publish(ScanRequested(location=str(tmp_path)))
    _run_until_idle(router)
    assert router.stats()[str(tmp_path)] == {"scans": 1, "failures": 1}
    time.sleep(0.3)
    assert bus.read(GROUP, "other", [ScanRequested.type], block_ms=0) == []


def test_requests_of_a_router_that_died_are_scanned_by_the_next(bus, tmp_path: Path) -> None:
    scans = RecordingScans()
    dead = _router(bus, RecordingScans())
    survivor = ScanRouter(bus, scans, consumer="router-2", coalesce_seconds=0.2, reclaim_idle_ms=200)
    bus.publish(ScanRequested(location=str(tmp_path)))
    assert dead.poll(block_ms=50) == 1  # read, then it dies before scanning
    time.sleep(0.3)
    _run_until_idle(survivor)
    assert len(scans.requests) == 1


def test_a_long_scan_keeps_its_requests(bus, tmp_path: Path) -> None:
    """A scan longer than reclaim_idle_ms: the router renews its claim, so no one else takes over."""
    scans = RecordingScans(seconds=0.8)
    router = _router(bus, scans)
    bus.publish(ScanRequested(location=str(tmp_path)))
    deadline = time.monotonic() + 1.5
    while time.monotonic() < deadline:
        router.poll(block_ms=10)
        router.dispatch()
        assert bus.read(GROUP, "other", [ScanRequested.type], block_ms=0) == []
    _run_until_idle(router)
    assert len(scans.requests) == 1
