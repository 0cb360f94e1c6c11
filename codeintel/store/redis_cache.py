"""FactsCache in Redis: one cache of parse results shared by every worker and every scan.

Layout, under `prefix`:

- `prefix + key`: the value, raw bytes, with a TTL of `ttl_seconds`.
- `prefix + "~order"`: sorted set, member = key, score = write time (µs, from Redis TIME, made
  strictly increasing so that entries written in one call keep their order).
- `prefix + "~sizes"`: hash, key -> bytes of its value, plus the field `~total`.

Why the bookkeeping lives in Redis: workers on several machines write to one cache, and the
byte cap (`max_bytes`, counted over the values) must hold for all of them together. One Lua
script per put (atomic, so workers never race) replaces an entry's size, forgets entries past
their TTL (Redis has already dropped their values), then evicts the oldest-written entries
until the new value fits; a value larger than the cap is not stored. Time comes from the server,
so workers' clocks do not matter. The bookkeeping keys expire with the newest entry, so an
abandoned cache leaves nothing behind. If values disappear some other way (FLUSHDB, Redis's own
maxmemory eviction) the total only overestimates until their entries are evicted or expire.
Keys starting with "~" are reserved for the bookkeeping. Workers sharing a prefix should share
`ttl_seconds` and `max_bytes`. Needs a single Redis (the script touches keys it computes from
the prefix, which Redis Cluster does not allow).

A cache must never fail a scan: a connection error or timeout makes `get_many` answer "all
missing" and `put_many` store nothing, each with one warning; the client reconnects by itself
on the next call. Sockets time out quickly and a command is retried once, after a short pause,
only when its connection broke (a pooled connection outlives a restarted server).
"""

from __future__ import annotations

import logging

import redis
from pydantic import SecretStr
from redis.backoff import ExponentialBackoff
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import RedisError
from redis.retry import Retry

log = logging.getLogger(__name__)

_GET_CHUNK = 1000  # keys per MGET; all chunks go in one pipelined round trip
_PUT_CHUNK = 500  # items per script call ...
_PUT_CHUNK_BYTES = 16 * 1024 * 1024  # ... or fewer, so one call never holds Redis for long

# KEYS: order, sizes. ARGV: prefix, ttl in ms, max bytes, then key, value, key, value...
# Returns how many values were stored.
_PUT_SCRIPT = """
local order, sizes = KEYS[1], KEYS[2]
local prefix, ttl_ms, max_bytes = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
local total = tonumber(redis.call('HGET', sizes, '~total') or '0')

local function forget(key, drop_value)
  local size = redis.call('HGET', sizes, key)
  if size then
    total = total - tonumber(size)
    redis.call('HDEL', sizes, key)
  end
  redis.call('ZREM', order, key)
  if drop_value then
    redis.call('DEL', prefix .. key)
  end
end

-- entries past their TTL: their values are gone (or going), only the bookkeeping remains
local expired = redis.call('ZRANGEBYSCORE', order, '-inf', now - ttl_ms * 1000, 'LIMIT', 0, 1000)
for _, key in ipairs(expired) do
  forget(key, true)
end

-- strictly increasing stamps: eviction follows write order exactly, within a call and across workers
local newest = redis.call('ZRANGE', order, -1, -1, 'WITHSCORES')[2]
local stamp = math.max(now, (tonumber(newest) or 0) + 1) - 1

local stored = 0
for i = 4, #ARGV, 2 do
  local key, value = ARGV[i], ARGV[i + 1]
  local size = #value
  forget(key, false)
  if size <= max_bytes then
    while total + size > max_bytes do
      local oldest = redis.call('ZRANGE', order, 0, 0)[1]
      if not oldest then
        total = 0
        break
      end
      forget(oldest, true)
    end
    redis.call('SET', prefix .. key, value, 'PX', ttl_ms)
    redis.call('HSET', sizes, key, size)
    stamp = stamp + 1
    redis.call('ZADD', order, stamp, key)
    total = total + size
    stored = stored + 1
  else
    redis.call('DEL', prefix .. key)
  end
end
redis.call('HSET', sizes, '~total', math.max(total, 0))
redis.call('PEXPIRE', sizes, ttl_ms)
redis.call('PEXPIRE', order, ttl_ms)
return stored
"""


class RedisFactsCache:
    """Bytes by key in the Redis at `url` (password, if any, from `password`, never the logs).

    Expiry after `ttl_seconds`, at most `max_bytes` of values (oldest written evicted first);
    see the module docstring for how several workers share one cache.
    """

    def __init__(
        self,
        url: str,
        *,
        prefix: str,
        ttl_seconds: int,
        max_bytes: int,
        password: SecretStr | str | None = None,
    ) -> None:
        if ttl_seconds < 1 or max_bytes < 1:
            raise ValueError("ttl_seconds and max_bytes must be positive")
        self.prefix = prefix
        self.ttl_ms = ttl_seconds * 1000
        self.max_bytes = max_bytes
        if isinstance(password, SecretStr):
            password = password.get_secret_value()
        self._redis = redis.Redis.from_url(
            url,
            password=password,
            socket_connect_timeout=2,
            socket_timeout=5,
            retry=Retry(ExponentialBackoff(cap=0.2, base=0.05), retries=1, supported_errors=(RedisConnectionError,)),
        )
        where = self._redis.connection_pool.connection_kwargs
        self._where = where.get("path") or f"{where.get('host')}:{where.get('port')}/{where.get('db', 0)}"
        self._order = prefix + "~order"
        self._sizes = prefix + "~sizes"
        self._put = self._redis.register_script(_PUT_SCRIPT)

    def get_many(self, keys: list[str]) -> dict[str, bytes]:
        unique = list(dict.fromkeys(keys))
        if not unique:
            return {}
        chunks = [unique[start : start + _GET_CHUNK] for start in range(0, len(unique), _GET_CHUNK)]
        try:
            with self._redis.pipeline(transaction=False) as pipe:
                for chunk in chunks:
                    pipe.mget([self.prefix + key for key in chunk])
                replies = pipe.execute()
        except RedisError as exc:
            log.warning("facts cache at %s unavailable, treating %d keys as missing: %s", self._where, len(unique), exc)
            return {}
        found: dict[str, bytes] = {}
        for chunk, values in zip(chunks, replies, strict=True):
            found.update((key, value) for key, value in zip(chunk, values, strict=True) if value is not None)
        return found

    def put_many(self, items: dict[str, bytes]) -> None:
        if not items:
            return
        reserved = [key for key in items if key.startswith("~")]
        if reserved:
            raise ValueError(f"keys starting with '~' are reserved for the cache's bookkeeping: {reserved[:3]}")
        try:
            for chunk in self._chunks(items):
                self._put(keys=[self._order, self._sizes], args=[self.prefix, self.ttl_ms, self.max_bytes, *chunk])
        except RedisError as exc:
            log.warning("facts cache at %s unavailable, %d values not stored: %s", self._where, len(items), exc)

    @staticmethod
    def _chunks(items: dict[str, bytes]):
        """Flat [key, value, key, value...] argument lists, bounded in items and bytes."""
        chunk: list[str | bytes] = []
        size = 0
        for key, value in items.items():
            if chunk and (len(chunk) >= 2 * _PUT_CHUNK or size + len(value) > _PUT_CHUNK_BYTES):
                yield chunk
                chunk, size = [], 0
            chunk += [key, value]
            size += len(value)
        if chunk:
            yield chunk

    def close(self) -> None:
        self._redis.close()

    def __enter__(self) -> RedisFactsCache:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
