"""The Redis facts cache with real servers: expiry, the byte cap, one cache shared by workers
and repositories, and scans that complete, with the same graph, while Redis restarts or is down.

Tests of the shared server (settings' Redis, default 127.0.0.1:6379) fail if it is down; the
fault tests start private `redis-server` processes on free ports.
"""

from __future__ import annotations

import logging
import shutil
import signal
import socket
import subprocess
import time
import uuid
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

import numpy as np
import pytest
import redis

from codeintel.config import Settings, load_settings
from codeintel.ingest import list_files, resolve_source
from codeintel.languages import EXTRACTORS
from codeintel.scan.codec import cache_key, decode_facts
from codeintel.scan.engine import InProcessRunner, ScanEngine, ScanRunner
from codeintel.scan.jobs import BuildOutcome
from codeintel.scan.parse import parse_file, parse_or_reuse
from codeintel.store import open_facts_cache
from codeintel.store.redis_cache import RedisFactsCache
from tests.helpers import graph_dump
from tests.unit.test_facts_cache_contract import delete_prefix, redis_client
from tests.unit.test_incremental_scan import MUTATIONS

LOGGER = "codeintel.store.redis_cache"


# --- the shared server ----------------------------------------------------------------------


@pytest.fixture
def prefix() -> Iterator[str]:
    """A key prefix of this test's own on the shared Redis, deleted afterwards."""
    prefix = f"codeintel-test:{uuid.uuid4().hex}:"
    client = redis_client(load_settings())
    yield prefix
    delete_prefix(client, prefix)
    client.close()


@pytest.fixture
def client() -> Iterator[redis.Redis]:
    client = redis_client(load_settings())
    yield client
    client.close()


def open_cache(prefix: str, *, ttl_seconds: int = 3600, max_bytes: int = 1024**3) -> RedisFactsCache:
    settings = load_settings()
    return RedisFactsCache(
        settings.redis_url,
        prefix=prefix,
        ttl_seconds=ttl_seconds,
        max_bytes=max_bytes,
        password=settings.redis_password,
    )


def stored_values(client: redis.Redis, prefix: str) -> dict[str, int]:
    """Bytes of every value under the prefix, by key, read from Redis itself (not the bookkeeping)."""
    keys = [key.decode()[len(prefix) :] for key in client.scan_iter(match=prefix + "*", count=1000)]
    keys = [key for key in keys if not key.startswith("~")]
    return {key: client.strlen(prefix + key) for key in keys}


def test_entries_expire_after_their_ttl_and_leave_nothing_behind(prefix, client):
    with open_cache(prefix, ttl_seconds=1) as cache:
        cache.put_many({"a": b"1", "b": b"2"})
        assert cache.get_many(["a", "b"]) == {"a": b"1", "b": b"2"}
        assert 0 < client.pttl(prefix + "a") <= 1000
        time.sleep(1.2)
        assert cache.get_many(["a", "b"]) == {}
    assert list(client.scan_iter(match=prefix + "*")) == []


def test_byte_cap_evicts_the_oldest_written_first(prefix, client):
    with open_cache(prefix, max_bytes=10_000) as cache:
        for i in range(6):
            cache.put_many({f"k{i}": bytes([i]) * 3000})
            assert sum(stored_values(client, prefix).values()) <= 10_000
        assert sorted(stored_values(client, prefix)) == ["k3", "k4", "k5"]

        cache.put_many({name: bytes(4000) for name in ("w3", "w2", "w1", "w0")})  # in one call, write order holds too
        assert sorted(stored_values(client, prefix)) == ["w0", "w1"]


def test_overwriting_an_entry_does_not_count_it_twice(prefix, client):
    with open_cache(prefix, max_bytes=10_000) as cache:
        cache.put_many({"older": bytes(4000)})
        cache.put_many({"newer": bytes(4000)})
        cache.put_many({"newer": b"x" * 4000})
        assert stored_values(client, prefix) == {"older": 4000, "newer": 4000}


def test_a_value_larger_than_the_cap_is_not_stored_and_evicts_nothing(prefix, client):
    with open_cache(prefix, max_bytes=1000) as cache:
        cache.put_many({"small": bytes(600)})
        cache.put_many({"big": bytes(1001), "tiny": b"t"})
        assert cache.get_many(["small", "big", "tiny"]) == {"small": bytes(600), "tiny": b"t"}


def test_two_caches_sharing_a_prefix_share_entries_and_one_cap(prefix, client):
    with open_cache(prefix, max_bytes=10_000) as first, open_cache(prefix, max_bytes=10_000) as second:
        first.put_many({"x": bytes(6000)})
        assert second.get_many(["x"]) == {"x": bytes(6000)}
        second.put_many({"y": bytes(6000)})
        assert first.get_many(["x", "y"]) == {"y": bytes(6000)}
        assert sum(stored_values(client, prefix).values()) <= 10_000


def test_keys_of_the_bookkeeping_are_refused(prefix):
    with open_cache(prefix) as cache, pytest.raises(ValueError, match="reserved"):
        cache.put_many({"~order": b"x"})


# --- the parse step reads the cache first ---------------------------------------------------


def closing_cache(settings: Settings):
    return closing(open_facts_cache(settings))


def _refs(root: Path, settings: Settings):
    listing = list_files(resolve_source(str(root), None, settings.checkouts_path), settings.ingest, set(EXTRACTORS))
    return listing.root, listing.files


def _redis_settings(data_dir: Path, prefix: str, url: str | None = None, **store) -> Settings:
    extra = {"redis_url": url} if url else {}
    return load_settings(data_dir=data_dir, store={"cache": "redis", "cache_prefix": prefix, **store}, **extra)


def _all_on_redis(data_dir: Path, url: str) -> Settings:
    """The cache and the event bus both on the Redis at `url`, as in production."""
    return load_settings(
        data_dir=data_dir,
        redis_url=url,
        store={"cache": "redis", "cache_prefix": "facts:"},
        events={"bus": "redis", "stream_prefix": "events:"},
    )


def scan_outcome(settings: Settings, location: str, runner: type[ScanRunner] = InProcessRunner) -> BuildOutcome:
    """Scan through the engine with `runner` and return its BuildOutcome, which counts cache hits."""
    outcomes: list[BuildOutcome] = []

    class Recording(runner):
        def run(self, *args):
            outcomes.append(super().run(*args))
            return outcomes[-1]

    ScanEngine(settings, ray_runner=Recording).scan(location, use_ray=True)  # use_ray: run the given runner
    return outcomes[-1]


def test_parse_or_reuse_returns_the_cached_bytes_of_files_seen_before(shop, tmp_path, prefix):
    settings = _redis_settings(tmp_path / "data", prefix)
    root, refs = _refs(shop, settings)
    with closing_cache(settings) as cache:
        first = list(parse_or_reuse(root, refs, cache))
        assert first == [parse_file(root, ref) for ref in refs]
        ScanEngine(settings).scan(str(shop), use_ray=False)
        again = list(parse_or_reuse(root, refs, cache))
    assert all(isinstance(item, bytes) for item in again)
    assert [decode_facts(item) for item in again] == first


def test_files_seen_in_another_repository_are_not_parsed_again(shop, tmp_path, prefix):
    other = tmp_path / "other-shop"
    shutil.copytree(shop, other)
    scan_outcome(_redis_settings(tmp_path / "worker1", prefix), str(shop))

    worker2 = _redis_settings(tmp_path / "worker2", prefix)
    reused = scan_outcome(worker2, str(other))
    assert (reused.files_from_cache, len(reused.files)) == (4, 4)

    local = load_settings(data_dir=tmp_path / "local")
    summary = ScanEngine(local).scan(str(other), use_ray=False)
    assert graph_dump(worker2, summary.repo_id) == graph_dump(local, summary.repo_id)


@pytest.mark.parametrize("mutation", sorted(MUTATIONS))
def test_incremental_scan_with_the_redis_cache_equals_a_full_scan(mutation, shop, tmp_path, prefix):
    """As tests/unit/test_incremental_scan.py, with Redis: a renamed file, for one, now comes from the cache."""
    incremental = _redis_settings(tmp_path / "incremental", prefix)
    engine = ScanEngine(incremental)
    engine.scan(str(shop), use_ray=False)
    MUTATIONS[mutation](shop)
    second = engine.scan(str(shop), use_ray=False)
    assert second.mode == "incremental"

    full = load_settings(data_dir=tmp_path / "full")
    ScanEngine(full).scan(str(shop), use_ray=False)
    assert graph_dump(incremental, second.repo_id) == graph_dump(full, second.repo_id)


def test_ray_parse_batch_reuses_cached_facts(shop, tmp_path, prefix):
    from pipeline.scan import parse_batch

    settings = _redis_settings(tmp_path / "data", prefix)
    root, refs = _refs(shop, settings)
    columns = ("path", "language", "size", "content_hash")
    batch = {name: np.array([getattr(ref, name) for ref in refs]) for name in columns}  # as Ray Data hands it over

    cold = parse_batch(batch, str(root), settings)
    assert cold["reused"] == [False] * len(refs)
    assert [decode_facts(data) for data in cold["facts"]] == [parse_file(root, ref) for ref in refs]

    ScanEngine(settings).scan(str(shop), use_ray=False)
    warm = parse_batch(batch, str(root), settings)
    assert (warm["reused"], warm["path"]) == ([True] * len(refs), cold["path"])
    keys = [cache_key(ref.content_hash, ref.language) for ref in refs]
    with closing_cache(settings) as cache:
        stored = cache.get_many(keys)
    assert warm["facts"] == [stored[key] for key in keys]  # the cache's bytes, passed on to the builder


@pytest.mark.ray
def test_ray_scan_loads_reused_files_from_the_cache(ray_session, shop, tmp_path, prefix):
    from pipeline.scan import RayScanRunner

    other = tmp_path / "other-shop"
    shutil.copytree(shop, other)
    scan_outcome(_redis_settings(tmp_path / "worker1", prefix), str(shop))

    on_ray = _redis_settings(tmp_path / "ray", prefix)
    outcome = scan_outcome(on_ray, str(other), RayScanRunner)
    assert outcome.files_from_cache == 4

    local = load_settings(data_dir=tmp_path / "local")
    summary = ScanEngine(local).scan(str(other), use_ray=False)
    assert graph_dump(on_ray, summary.repo_id) == graph_dump(local, summary.repo_id)


# --- faults: private servers that go away -----------------------------------------------------


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PrivateRedis:
    """A redis-server of this test only, keeping nothing on disk; `kill` is SIGKILL."""

    def __init__(self, workdir: Path) -> None:
        self.port = _free_port()
        self.workdir = workdir
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        self.process = subprocess.Popen(
            [*command, "--dir", str(self.workdir)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.5)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"redis-server did not start on port {self.port}") from None
                time.sleep(0.02)
        client.close()

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def client(self) -> redis.Redis:
        return redis.Redis(port=self.port, socket_connect_timeout=2)


@pytest.fixture
def private_redis(tmp_path) -> Iterator[PrivateRedis]:
    server = PrivateRedis(tmp_path / "redis")
    server.start()
    yield server
    server.kill()


def _warnings(caplog) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name == LOGGER and r.levelno == logging.WARNING]


def test_down_redis_gives_misses_and_stores_nothing_with_one_warning_each(private_redis, caplog):
    cache = RedisFactsCache(private_redis.url, prefix="p:", ttl_seconds=60, max_bytes=10_000)
    cache.put_many({"a": b"1"})
    private_redis.kill()
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        started = time.perf_counter()
        assert cache.get_many(["a", "b"]) == {}
        cache.put_many({"c": b"3"})
        assert time.perf_counter() - started < 2
    assert len(_warnings(caplog)) == 2
    cache.close()


def test_cache_reconnects_by_itself_after_a_restart(private_redis, caplog):
    with RedisFactsCache(private_redis.url, prefix="p:", ttl_seconds=60, max_bytes=10_000) as cache:
        cache.put_many({"a": b"1"})
        private_redis.kill()
        private_redis.start()  # empty: it keeps nothing on disk
        with caplog.at_level(logging.WARNING, logger=LOGGER):
            assert cache.get_many(["a"]) == {}
            cache.put_many({"a": b"2"})
            assert cache.get_many(["a"]) == {"a": b"2"}
        assert _warnings(caplog) == []


def test_scan_completes_with_the_same_graph_when_redis_restarts_midway(  # cache and events on it
    shop, tmp_path, private_redis, caplog
):
    # batches of one file: one cache lookup per file, so lookups happen before, during and after the restart
    settings = _all_on_redis(tmp_path / "redis-scan", private_redis.url)
    settings.pipeline.batch_size = 1

    def progress(stage: str, done: int, total: int) -> None:
        if done == 2:
            private_redis.kill()  # file 3 is looked up while Redis is down
        if done == 3:
            private_redis.start()  # file 4 and the final write reach a fresh, empty server

    with caplog.at_level(logging.WARNING, logger=LOGGER):
        summary = ScanEngine(settings).scan(str(shop), use_ray=False, progress=progress)
    assert _warnings(caplog), "the lookup while Redis was down should have been logged"

    local = load_settings(data_dir=tmp_path / "local-scan")
    ScanEngine(local).scan(str(shop), use_ray=False)
    assert graph_dump(settings, summary.repo_id) == graph_dump(local, summary.repo_id)

    root, refs = _refs(shop, settings)
    keys = {cache_key(ref.content_hash, ref.language) for ref in refs}
    with closing_cache(settings) as cache:
        assert set(cache.get_many(sorted(keys))) == keys  # the facts reached the restarted server
    client = redis.Redis.from_url(private_redis.url)
    assert client.xlen("events:scan.completed") == 1  # and so did the events published after the restart
    client.close()


def test_scan_with_redis_down_throughout_gives_the_same_graph(shop, tmp_path, private_redis, caplog):
    private_redis.kill()
    settings = _all_on_redis(tmp_path / "redis-scan", private_redis.url)
    with caplog.at_level(logging.WARNING, logger=LOGGER):
        summary = ScanEngine(settings).scan(str(shop), use_ray=False)
    assert _warnings(caplog)

    local = load_settings(data_dir=tmp_path / "local-scan")
    ScanEngine(local).scan(str(shop), use_ray=False)
    assert graph_dump(settings, summary.repo_id) == graph_dump(local, summary.repo_id)
