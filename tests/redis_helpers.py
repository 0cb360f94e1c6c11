"""Helpers for tests against the real Redis: reach it or fail loudly, unique key prefixes, cleanup.

The Redis is the one of `Settings()` (CODEINTEL_REDIS_URL, CODEINTEL_REDIS_PASSWORD; by default
redis://127.0.0.1:6379/0). Tests that need it fail, never skip, when it cannot be reached.
"""

from __future__ import annotations

import uuid

import pytest
import redis

from codeintel.config import Settings


def redis_settings() -> Settings:
    return Settings()


def connect_redis() -> redis.Redis:
    """A client of the test Redis, or a failed test that says how to get one."""
    settings = redis_settings()
    password = settings.redis_password.get_secret_value() if settings.redis_password else None
    client = redis.Redis.from_url(settings.redis_url, password=password, socket_connect_timeout=2)
    try:
        client.ping()
        return client
    except redis.RedisError as exc:
        client.close()
        problem = str(exc)
    pytest.fail(
        f"Redis at {settings.redis_url} is unreachable ({problem}); start one (e.g. `redis-server --daemonize yes`) "
        "or point CODEINTEL_REDIS_URL at one",
        pytrace=False,
    )


def unique_prefix(kind: str = "test") -> str:
    """A key prefix no other test (or earlier run) uses: codeintel:<kind>:<uuid>:"""
    return f"codeintel:{kind}:{uuid.uuid4().hex}:"


def delete_prefix(client: redis.Redis, prefix: str) -> int:
    """Delete every key under `prefix`; returns how many there were."""
    keys = list(client.scan_iter(match=prefix + "*", count=500))
    if keys:
        client.delete(*keys)
    return len(keys)
