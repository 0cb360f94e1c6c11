"""A scan tells the bus what happened: registered (first time), started, files parsed, graph
updated, completed, or failed; a bus that is down costs the events, never the scan."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from codeintel.config import EventSettings, Settings
from codeintel.events.inprocess import InProcessEventBus
from codeintel.events.models import TYPE_NAMES
from codeintel.events.redis_bus import RedisEventBus
from codeintel.ingest import SourceError
from codeintel.scan.engine import ScanEngine
from tests.conftest import EMBEDDING_ON


@pytest.fixture
def bus():
    bus = InProcessEventBus(EventSettings())
    bus.read("watch", "w", sorted(TYPE_NAMES), block_ms=0)
    yield bus
    bus.close()


def _events(bus) -> list:
    return [d.event for d in bus.read("watch", "w", sorted(TYPE_NAMES), count=100, block_ms=0)]


def _by_type(events) -> dict:
    return {e.type: e for e in events}


def test_first_scan_publishes_its_whole_story(bus, settings: Settings, shop: Path) -> None:
    settings = settings.model_copy(update={"embeddings": settings.embeddings.model_copy(update=EMBEDDING_ON)})
    summary = ScanEngine(settings, events=bus).scan(str(shop), use_ray=False)
    events = _by_type(_events(bus))
    assert set(events) == {
        "repository.registered",
        "scan.started",
        "files.parsed",
        "graph.updated",
        "scan.completed",
        "embeddings.updated",  # the symbols embedded for search and semantic clones
        "analysis.completed",  # the analyses after the scan
    }
    completed = events["analysis.completed"]
    assert completed.errors == {} and completed.by_kind == {"dead_code": completed.findings}  # nothing runs shop
    assert completed.occurred_at >= events["scan.completed"].occurred_at  # the scan is announced, then analysed
    assert events["repository.registered"].location == str(shop)
    assert events["scan.started"].mode == events["scan.completed"].mode == "full"
    assert events["files.parsed"].parsed == summary.files_parsed == 4
    assert events["graph.updated"].edges_by_type == summary.edges_by_type
    assert {e.scan_id for e in events.values() if hasattr(e, "scan_id")} == {summary.scan_id}


def test_a_known_repository_is_not_registered_again(bus, settings: Settings, shop: Path) -> None:
    engine = ScanEngine(settings, events=bus)
    engine.scan(str(shop), use_ray=False)
    _events(bus)
    (shop / "shop" / "util.py").write_text("def slug(text):\n    return text\n")
    engine.scan(str(shop), use_ray=False)
    events = _by_type(_events(bus))
    assert "repository.registered" not in events
    assert events["scan.completed"].mode == "incremental"
    assert (events["files.parsed"].parsed, events["files.parsed"].reused) == (1, 3)


def test_a_failed_scan_publishes_scan_failed(bus, settings: Settings, tmp_path: Path) -> None:
    with pytest.raises(SourceError):
        ScanEngine(settings, events=bus).scan(str(tmp_path / "missing"), use_ray=False)
    (failed,) = _events(bus)
    assert failed.type == "scan.failed"
    assert failed.location == str(tmp_path / "missing")
    assert "does not exist" in failed.error


def test_a_bus_that_is_down_costs_the_events_not_the_scan(settings: Settings, shop: Path, caplog) -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    down = RedisEventBus(f"redis://127.0.0.1:{port}/0", EventSettings())
    summary = ScanEngine(settings, events=down).scan(str(shop), use_ray=False)
    down.close()
    assert summary.files_parsed == 4
    assert any("could not publish scan.completed" in r.getMessage() for r in caplog.records)
