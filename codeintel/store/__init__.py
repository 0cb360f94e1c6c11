"""Stores behind ports: MetaStore (SQL), FactsCache (local SQLite), opened from Settings."""

from __future__ import annotations

from typing import TYPE_CHECKING

from codeintel.store.cache import FactsCache
from codeintel.store.metastore import MetaStore, MetaStoreError

if TYPE_CHECKING:
    from codeintel.config import Settings

FACTS_CACHE_KINDS = ("local",)

__all__ = ["FACTS_CACHE_KINDS", "FactsCache", "MetaStore", "MetaStoreError", "open_facts_cache", "open_metastore"]


def open_metastore(settings: Settings) -> MetaStore:
    """The metadata store at settings.store.metadata_url (default: SQLite in data_dir), migrated."""
    from codeintel.store.sql_metastore import SqlMetaStore

    return SqlMetaStore(settings.metadata_url_or_default)


def open_facts_cache(settings: Settings) -> FactsCache:
    """The FileFacts cache of adapter settings.store.cache."""
    if settings.store.cache == "local":
        from codeintel.store.local_cache import LocalFactsCache

        return LocalFactsCache(settings.cache_path)
    raise ValueError(f"unknown facts cache {settings.store.cache!r}; available: {', '.join(FACTS_CACHE_KINDS)}")
