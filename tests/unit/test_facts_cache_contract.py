"""The FactsCache contract; a Redis adapter is added as one more parameter of `make_cache`."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from codeintel.store.cache import FactsCache
from codeintel.store.local_cache import LocalFactsCache

ADAPTERS = ["local"]

CacheFactory = Callable[[], FactsCache]


@pytest.fixture(params=ADAPTERS)
def make_cache(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[CacheFactory]:
    opened: list[FactsCache] = []

    def factory() -> FactsCache:
        cache = LocalFactsCache(tmp_path / "cache" / "facts.sqlite")
        opened.append(cache)
        return cache

    yield factory
    for cache in opened:
        cache.close()


def test_round_trip_of_opaque_bytes(make_cache: CacheFactory) -> None:
    cache = make_cache()
    items = {"h1:py-1": b"\x00\x01binary\xff", "h2:py-1": b"", "h3:py-1": os.urandom(100_000)}
    cache.put_many(items)
    assert cache.get_many(list(items)) == items


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


def test_three_thousand_puts_and_gets_well_under_a_second(make_cache: CacheFactory) -> None:
    cache = make_cache()
    items = {f"{i:064x}:py-1": os.urandom(2_000) for i in range(3000)}
    started = time.perf_counter()
    cache.put_many(items)
    got = cache.get_many([*items, "absent"])
    elapsed = time.perf_counter() - started
    assert got == items
    assert elapsed < 1.0, f"{elapsed:.3f}s"
