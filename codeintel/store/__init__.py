"""Stores behind ports: MetaStore (SQL), FactsCache (local SQLite or Redis), opened from Settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from codeintel.store.cache import FactsCache
from codeintel.store.metastore import MetaStore, MetaStoreError

if TYPE_CHECKING:
    from codeintel.config import Settings

FACTS_CACHE_KINDS = ("local", "redis")

__all__ = ["FACTS_CACHE_KINDS", "FactsCache", "MetaStore", "MetaStoreError", "open_facts_cache", "open_metastore"]


def open_metastore(settings: Settings) -> MetaStore:
    """The metadata store at settings.store.metadata_url (default: SQLite in data_dir), migrated;
    raises MetaStoreError, naming the database and the cause, when it cannot be reached."""
    from codeintel.store.sql_metastore import SqlMetaStore

    return SqlMetaStore(
        settings.metadata_url_or_default,
        pool_size=settings.store.metadata_pool_size,
        connect_timeout=settings.store.metadata_connect_timeout,
    )


def open_facts_cache(settings: Settings) -> FactsCache:
    """The FileFacts cache of adapter settings.store.cache."""
    if settings.store.cache == "local":
        from codeintel.store.local_cache import LocalFactsCache

        return LocalFactsCache(settings.cache_path)
    if settings.store.cache == "redis":
        from codeintel.store.redis_cache import RedisFactsCache

        return RedisFactsCache(
            settings.redis_url,
            prefix=settings.store.cache_prefix,
            ttl_seconds=settings.store.cache_ttl_seconds,
            max_bytes=settings.store.cache_max_bytes,
            password=settings.redis_password,
        )
    raise ValueError(f"unknown facts cache {settings.store.cache!r}; available: {', '.join(FACTS_CACHE_KINDS)}")
