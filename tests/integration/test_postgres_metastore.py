"""The PostgreSQL MetaStore against a real server: concurrent starts, unreachable databases, time zones.

The contract itself (tests/unit/test_metastore_contract.py) runs on PostgreSQL too; these are
the behaviours only a server shows.
"""

from __future__ import annotations

import multiprocessing
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory

from codeintel.config import load_settings
from codeintel.store import MetaStoreError, open_metastore
from codeintel.store.sql_metastore import MIGRATIONS, SqlMetaStore
from tests.pg import POSTGRES_URL, fresh_schema

STARTS = 4


@pytest.fixture
def url() -> Iterator[str]:
    with fresh_schema() as url:
        yield url


@pytest.fixture
def closed_port() -> int:
    """A port nothing listens on: bound once by us, then released."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _open_and_close(url: str, barrier, results) -> None:
    """Child process: wait for the others, then open (and so migrate) the store at the same moment."""
    try:
        barrier.wait(timeout=60)
        SqlMetaStore(url).close()
        results.put("ok")
    except BaseException as exc:  # reported to the parent, which asserts on it
        results.put(f"{type(exc).__name__}: {exc}")


def test_processes_starting_together_migrate_the_schema_exactly_once(url: str) -> None:
    _migrate_from_processes_at_once(url)


def test_processes_starting_together_on_one_sqlite_file_migrate_it_exactly_once(tmp_path: Path) -> None:
    """SQLite has no advisory lock: a file lock beside the database orders the upgrades."""
    _migrate_from_processes_at_once(f"sqlite:///{tmp_path / 'meta.sqlite'}")


def _migrate_from_processes_at_once(url: str) -> None:
    spawn = multiprocessing.get_context("spawn")
    barrier = spawn.Barrier(STARTS)
    results = spawn.Queue()
    processes = [spawn.Process(target=_open_and_close, args=(url, barrier, results)) for _ in range(STARTS)]
    for process in processes:
        process.start()
    outcomes = [results.get(timeout=120) for _ in processes]
    for process in processes:
        process.join(timeout=30)
    assert outcomes == ["ok"] * STARTS
    engine = sa.create_engine(url, poolclass=sa.NullPool)
    with engine.connect() as conn:
        versions = conn.execute(sa.text("SELECT version_num FROM alembic_version")).scalars().all()
    engine.dispose()
    assert versions == [ScriptDirectory(str(MIGRATIONS)).get_current_head()]


def test_a_closed_port_fails_fast_naming_host_and_port_but_never_the_password(closed_port: int) -> None:
    url = f"postgresql+psycopg://postgres:s3cr3t-pw@127.0.0.1:{closed_port}/test"
    started = time.perf_counter()
    with pytest.raises(MetaStoreError) as raised:
        SqlMetaStore(url, connect_timeout=1)
    message = str(raised.value)
    assert time.perf_counter() - started < 5
    assert f"127.0.0.1:{closed_port}/test" in message
    assert "s3cr3t-pw" not in message and "\n" not in message


def test_a_missing_database_is_named_in_the_error() -> None:
    missing = sa.make_url(POSTGRES_URL).set(database="codeintel_no_such_db").render_as_string(hide_password=False)
    with pytest.raises(MetaStoreError, match=r"/codeintel_no_such_db: .*codeintel_no_such_db.* does not exist"):
        SqlMetaStore(missing, connect_timeout=2)


def test_open_metastore_sizes_the_pool_from_settings(url: str, tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path / "data", store={"metadata_url": url, "metadata_pool_size": 3})
    store = open_metastore(settings)
    try:
        assert isinstance(store, SqlMetaStore)
        pool = store._engine.pool
        assert isinstance(pool, sa.QueuePool) and pool.size() == 3 and pool._pre_ping
    finally:
        store.close()


def test_times_come_back_in_utc_whatever_the_session_time_zone(url: str) -> None:
    parsed = sa.make_url(url)
    tokyo = parsed.update_query_dict({"options": f"{parsed.query['options']} -ctimezone=Asia/Tokyo"})
    with SqlMetaStore(url) as utc_store, SqlMetaStore(tokyo.render_as_string(hide_password=False)) as tokyo_store:
        utc_store.upsert_repository("r", "shop", "/src")
        scan_id = utc_store.start_scan("r", "full", None, None)
        utc_store.finish_scan(scan_id, "completed", {"nodes": {"Function": 7}}, {"parse": 0.25})
        seen_from_tokyo = tokyo_store.get_scan(scan_id)
        assert seen_from_tokyo == utc_store.get_scan(scan_id)
        assert seen_from_tokyo is not None and seen_from_tokyo.started_at.tzinfo == UTC


def test_scan_with_an_unreachable_metadata_database_exits_2_and_writes_nothing(
    shop: Path, tmp_path: Path, closed_port: int
) -> None:
    config = tmp_path / "unreachable.yaml"
    config.write_text(
        f"store:\n  metadata_url: postgresql+psycopg://postgres@127.0.0.1:{closed_port}/test\n"
        "  metadata_connect_timeout: 1\n"
    )
    data = tmp_path / "data"
    result = subprocess.run(
        [sys.executable, "-m", "codeintel", "scan", str(shop), "--config", str(config), "--data-dir", str(data)],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "RAY_USAGE_STATS_ENABLED": "0"},
    )
    assert result.returncode == 2, result.stderr
    said = " ".join(result.stderr.split())
    assert said.startswith("error: cannot reach the metadata database at") and f"127.0.0.1:{closed_port}" in said
    assert "Traceback" not in result.stderr
    assert not (data / "graph").exists() and not data.exists()
