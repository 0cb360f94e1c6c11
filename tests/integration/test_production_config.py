"""The production configuration (PostgreSQL metadata, Redis cache and events) gives the graph the
embedded defaults give, node for node and edge for edge, and keeps its books in those servers."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from codeintel.config import Settings, load_settings
from codeintel.events.bus import open_event_bus
from codeintel.events.models import TYPE_NAMES
from codeintel.scan.engine import ScanEngine
from pipeline.scan import RayScanRunner
from tests.helpers import graph_dump
from tests.pg import fresh_schema
from tests.redis_helpers import connect_redis, delete_prefix, unique_prefix

REPOSITORY = Path(__file__).parents[2]
PRODUCTION = REPOSITORY / "configs" / "production.yaml"


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A real project of some size: a copy of this repository's engine package (about 70 files)."""
    target = tmp_path / "project"
    shutil.copytree(REPOSITORY / "codeintel", target / "codeintel", ignore=shutil.ignore_patterns("__pycache__"))
    return target


@pytest.fixture
def production(tmp_path: Path) -> Iterator[Settings]:
    """configs/production.yaml with its own PostgreSQL schema and Redis key prefixes."""
    cache_prefix, stream_prefix = unique_prefix("facts"), unique_prefix("events")
    with fresh_schema() as url:
        yield load_settings(
            PRODUCTION,
            data_dir=tmp_path / "production",
            store={"metadata_url": url, "cache_prefix": cache_prefix},
            events={"stream_prefix": stream_prefix},
        )
    client = connect_redis()
    for prefix in (cache_prefix, stream_prefix):
        delete_prefix(client, prefix)
    client.close()


def _edit(project: Path) -> None:
    target = project / "codeintel" / "store" / "cache.py"
    target.write_text(target.read_text() + "\n\ndef added():\n    return FactsCache\n")


def test_production_scan_equals_the_embedded_scan_full_and_incremental(ray_session, project, production, tmp_path):
    embedded = load_settings(data_dir=tmp_path / "embedded")
    assert (production.store.cache, production.events.bus) == ("redis", "redis")
    produced = ScanEngine(production, ray_runner=RayScanRunner).scan(str(project), use_ray=True)
    expected = ScanEngine(embedded).scan(str(project), use_ray=False)
    assert produced.repo_id == expected.repo_id
    assert produced.used_ray and not expected.used_ray
    assert graph_dump(production, produced.repo_id) == graph_dump(embedded, expected.repo_id)

    _edit(project)
    produced = ScanEngine(production, ray_runner=RayScanRunner).scan(str(project), use_ray=True)
    expected = ScanEngine(embedded).scan(str(project), use_ray=False)
    assert (produced.mode, produced.files_parsed) == ("incremental", 1) == (expected.mode, expected.files_parsed)
    assert graph_dump(production, produced.repo_id) == graph_dump(embedded, expected.repo_id)


def test_production_books_live_in_postgresql_and_redis(project, production):
    bus = open_event_bus(production)
    bus.read("watcher", "w", sorted(TYPE_NAMES), block_ms=0)  # join before the scan: see all of its events
    summary = ScanEngine(production, events=bus).scan(str(project), use_ray=False)

    engine = sa.create_engine(production.store.metadata_url)
    with engine.connect() as conn:
        rows = conn.execute(sa.text("SELECT status, mode FROM scans WHERE repo_id = :r"), {"r": summary.repo_id}).all()
        files = conn.execute(sa.text("SELECT count(*) FROM files WHERE repo_id = :r"), {"r": summary.repo_id}).scalar()
        findings = conn.execute(
            sa.text("SELECT count(*) FROM findings WHERE repo_id = :r"), {"r": summary.repo_id}
        ).scalar()
    engine.dispose()
    assert [tuple(r) for r in rows] == [("completed", "full")]
    assert files == sum(summary.files_by_language.values()) + sum(summary.skipped_by_reason.values())
    assert findings == sum(summary.findings.values())  # the analyses' findings are kept in PostgreSQL too

    client = connect_redis()
    cached = [k for k in client.scan_iter(match=production.store.cache_prefix + "*") if b"~" not in k]
    client.close()
    assert len(cached) == len(set(cached)) > 0

    events = [d.event for d in bus.read("watcher", "w", sorted(TYPE_NAMES), count=100, block_ms=0)]
    bus.close()
    assert sorted(e.type for e in events) == sorted(
        [
            "repository.registered",
            "scan.started",
            "files.parsed",
            "graph.updated",
            "scan.completed",
            "analysis.completed",
        ]
    )
    assert {getattr(e, "scan_id", summary.scan_id) for e in events} == {summary.scan_id}


def test_cli_scan_with_the_production_config(project, production, tmp_path):
    env = {
        **os.environ,
        "RAY_USAGE_STATS_ENABLED": "0",
        "CODEINTEL_DATA_DIR": str(tmp_path / "cli"),
        "CODEINTEL_STORE__METADATA_URL": production.store.metadata_url,
        "CODEINTEL_STORE__CACHE_PREFIX": production.store.cache_prefix,
        "CODEINTEL_EVENTS__STREAM_PREFIX": production.events.stream_prefix,
    }
    result = subprocess.run(
        [sys.executable, "-m", "codeintel", "scan", str(project), "--config", str(PRODUCTION), "--no-ray", "--json"],
        capture_output=True,
        text=True,
        timeout=300,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    summary = json.loads(result.stdout)
    assert summary["mode"] == "full" and summary["edges_by_type"]["CALLS"] > 0
