"""The FactsCache contract, run against every adapter: local (SQLite) and redis.

The redis parameters use the Redis of the settings (default 127.0.0.1:6379) under a prefix of
their own, deleted afterwards; if that Redis cannot be reached they fail, they do not skip.
"""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Callable, Iterator
from hashlib import sha256
from pathlib import Path

import pytest
import redis

from codeintel.config import Settings, load_settings
from codeintel.model import FileRef
from codeintel.scan.codec import cache_key, decode_facts, encode_facts
from codeintel.scan.parse import parse_file
from codeintel.store import open_facts_cache
from codeintel.store.cache import FactsCache

ADAPTERS = ["local", "redis"]
SHOP = Path(__file__).parents[1] / "fixtures" / "projects" / "shop"

CacheFactory = Callable[[], FactsCache]


def redis_client(settings: Settings) -> redis.Redis:
    """A plain client of the settings' Redis, for test setup and inspection; fails the test if it is down."""
    password = settings.redis_password.get_secret_value() if settings.redis_password else None
    client = redis.Redis.from_url(settings.redis_url, password=password, socket_connect_timeout=2, socket_timeout=5)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.fail(f"the redis tests need a Redis at {settings.redis_url}, which cannot be reached: {exc}")
    return client


def delete_prefix(client: redis.Redis, prefix: str) -> None:
    keys = list(client.scan_iter(match=prefix.replace("*", r"\*") + "*", count=1000))
    if keys:
        client.delete(*keys)


@pytest.fixture(params=ADAPTERS)
def make_cache(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[CacheFactory]:
    kind = request.param
    prefix = f"codeintel-test:{uuid.uuid4().hex}:"
    settings = load_settings(data_dir=tmp_path / "data", store={"cache": kind, "cache_prefix": prefix})
    client = redis_client(settings) if kind == "redis" else None
    opened: list[FactsCache] = []

    def factory() -> FactsCache:
        cache = open_facts_cache(settings)
        opened.append(cache)
        return cache

    yield factory
    for cache in opened:
        cache.close()
    if client is not None:
        delete_prefix(client, prefix)
        client.close()


def test_round_trip_of_opaque_bytes(make_cache: CacheFactory) -> None:
    cache = make_cache()
    items = {
        "h1:py-1": b"\x00\x01binary\xff",
        "h2:py-1": b"",
        "h3:py-1": os.urandom(100_000),
        "h4:py-1": bytes(range(256)) * 4,
    }
    cache.put_many(items)
    assert cache.get_many(list(items)) == items


def test_encoded_facts_of_a_real_file_come_back_byte_equal_and_decode_equal(make_cache: CacheFactory) -> None:
    source = (SHOP / "shop" / "models.py").read_bytes()
    ref = FileRef(path="shop/models.py", language="python", size=len(source), content_hash=sha256(source).hexdigest())
    facts = parse_file(SHOP, ref)
    assert facts.error is None and facts.definitions
    key, encoded = cache_key(facts.content_hash, facts.language), encode_facts(facts)

    make_cache().put_many({key: encoded})
    got = make_cache().get_many([key])[key]
    assert got == encoded
    assert decode_facts(got) == facts


def test_missing_keys_are_absent_not_errors(make_cache: CacheFactory) -> None:
    cache = make_cache()
    cache.put_many({"a": b"1"})
    assert cache.get_many(["a", "missing", "a"]) == {"a": b"1"}
    assert cache.get_many([]) == {}
    cache.put_many({})


def test_put_overwrites(make_cache: CacheFactory) -> None:
    cache = make_cache()
    cache.put_many({"a": b"old"})
    cache.put_many({"a": b"new"})
    assert cache.get_many(["a"]) == {"a": b"new"}


def test_values_survive_reopening(make_cache: CacheFactory) -> None:
    first = make_cache()
    first.put_many({"k": b"v"})
    first.close()
    assert make_cache().get_many(["k"]) == {"k": b"v"}


def test_two_open_caches_see_each_others_writes(make_cache: CacheFactory) -> None:
    writer, reader = make_cache(), make_cache()
    writer.put_many({"shared": b"facts"})
    assert reader.get_many(["shared"]) == {"shared": b"facts"}


def test_three_thousand_puts_and_gets_well_under_a_second(make_cache: CacheFactory) -> None:
    cache = make_cache()
    items = {f"{i:064x}:py-1": os.urandom(2_000) for i in range(3000)}
    started = time.perf_counter()
    cache.put_many(items)
    got = cache.get_many([*items, "absent"])
    elapsed = time.perf_counter() - started
    assert got == items
    assert elapsed < 1.0, f"{elapsed:.3f}s"
