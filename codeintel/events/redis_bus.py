"""The EventBus on Redis Streams: consumer groups shared by processes and machines.

Keys, all under `settings.stream_prefix`:

- `<prefix><type>`: the stream of one event type, trimmed to about `stream_max_len` entries
  (`XADD ... MAXLEN ~`); entries are the wire form {type, version, data}.
- `<prefix>dead-letters`: one stream for every dead letter: the original fields plus `group`,
  `attempts`, `error`, `type`, `message_id`, `consumer` (who buried it) and `reason`
  (`max_deliveries` or `undecodable`). An original field whose name clashes with one of these
  is kept as `original.<name>`.
- `<prefix>errors:<group>`: a hash of the last error `fail` recorded per pending entry
  (field `<type>:<message id>`, since ids are only unique within one stream); removed on
  acknowledgement and burial.
- `<prefix>handled:<group>:<event id>`: set once the group handled an event; expires after a week.

A group is created by its first `read` of a type (`XGROUP CREATE <stream> <group> $ MKSTREAM`)
and so starts with the events published from then on. A `read` first takes over entries
pending for at least `reclaim_idle_ms` (`XAUTOCLAIM`, delivery counts from `XPENDING`), burying
those already delivered `max_deliveries` times, then reads new entries of all its types with
one `XREADGROUP ... BLOCK`. Entries that came beyond `count` (XREADGROUP's COUNT is per stream)
are handed back at once: their idle time is set to `reclaim_idle_ms` and their delivery count
to 0, so the next read of any consumer of the group takes them over as first deliveries.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

import redis
from pydantic import SecretStr

from codeintel.config import EventSettings
from codeintel.events.bus import DeadLetter, Delivery
from codeintel.events.models import Event, EventDecodeError, decode_event, encode_event

HANDLED_TTL_SECONDS = 7 * 24 * 3600

# KEYS[1] stream, ARGV group, consumer, ids...: reset the idle time of the ids still pending for
# the consumer (XCLAIM JUSTID keeps the delivery count), atomically, so none is taken back from
# a consumer that reclaimed it meanwhile.
_EXTEND = """
local renewed = 0
for i = 3, #ARGV do
  local pending = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)
  if #pending == 1 and pending[1][2] == ARGV[2] then
    redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID')
    renewed = renewed + 1
  end
end
return renewed
"""
DEAD_LETTER_FIELDS = ("group", "attempts", "error", "type", "message_id", "consumer", "reason")
_ORIGINAL = "original."


class RedisEventBus:
    """The EventBus on Redis Streams; see the module docstring for its keys and reads."""

    def __init__(self, url: str, settings: EventSettings, *, password: SecretStr | None = None) -> None:
        self.settings = settings
        self.prefix = settings.stream_prefix
        self._redis = redis.Redis.from_url(
            url,
            password=password.get_secret_value() if password is not None else None,
            socket_connect_timeout=5,
            decode_responses=False,  # raw field bytes: a message that is not UTF-8 is buried, not fatal
        )
        self._groups_made: set[tuple[str, str]] = set()
        self._extend = self._redis.register_script(_EXTEND)

    # -- keys --------------------------------------------------------------------------------

    def stream_key(self, event_type: str) -> str:
        return self.prefix + event_type

    @property
    def dead_letter_key(self) -> str:
        return self.prefix + "dead-letters"

    def _errors_key(self, group: str) -> str:
        return self.prefix + "errors:" + group

    def _handled_key(self, group: str, event_id: str) -> str:
        return self.prefix + "handled:" + group + ":" + event_id

    # -- publishing ------------------------------------------------------------------------

    def publish(self, event: Event) -> str:
        return self.publish_raw(event.type, encode_event(event))

    def publish_raw(self, event_type: str, fields: dict[str, Any]) -> str:
        """Append wire fields as they are to `event_type`'s stream (replaying dead letters, tests)."""
        message_id = self._redis.xadd(
            self.stream_key(event_type), fields, maxlen=self.settings.stream_max_len, approximate=True
        )
        return _text(message_id)

    # -- reading ---------------------------------------------------------------------------

    def read(
        self, group: str, consumer: str, types: Sequence[str], *, count: int = 16, block_ms: int | None = None
    ) -> list[Delivery]:
        types = list(dict.fromkeys(types))
        if not types or count <= 0:
            return []
        wait_ms = self.settings.block_ms if block_ms is None else block_ms
        deadline = time.monotonic() + max(wait_ms, 0) / 1000
        try:
            return self._read(group, consumer, types, count, deadline)
        except redis.ResponseError as exc:
            if "NOGROUP" not in str(exc):
                raise
            # A stream or group was deleted since this bus made it: make it again, once.
            self._groups_made.difference_update((self.stream_key(t), group) for t in types)
            return self._read(group, consumer, types, count, deadline)

    def _read(self, group: str, consumer: str, types: list[str], count: int, deadline: float) -> list[Delivery]:
        self._make_groups(group, types)
        while True:
            out: list[Delivery] = []
            for event_type in types:
                if len(out) < count:
                    out += self._reclaim(group, consumer, event_type, count - len(out))
            if len(out) < count:
                block = 0 if out else int((deadline - time.monotonic()) * 1000)
                out += self._read_new(group, consumer, types, count - len(out), block)
            if out or time.monotonic() >= deadline:
                return out

    def _make_groups(self, group: str, types: list[str]) -> None:
        for event_type in types:
            key = self.stream_key(event_type)
            if (key, group) in self._groups_made:
                continue
            try:
                self._redis.xgroup_create(key, group, id="$", mkstream=True)
            except redis.ResponseError as exc:
                if "BUSYGROUP" not in str(exc):
                    raise
            self._groups_made.add((key, group))

    def _reclaim(self, group: str, consumer: str, event_type: str, count: int) -> list[Delivery]:
        """Take over this group's entries of one stream pending for at least reclaim_idle_ms."""
        key = self.stream_key(event_type)
        out: list[Delivery] = []
        start: Any = "0-0"
        while len(out) < count:
            start, entries, deleted = self._redis.xautoclaim(
                key, group, consumer, self.settings.reclaim_idle_ms, start, count=count - len(out)
            )
            if deleted:  # trimmed from the stream while pending; Redis dropped them from the group
                self._redis.hdel(self._errors_key(group), *(self._error_field(event_type, i) for i in deleted))
            entries = [(message_id, fields) for message_id, fields in entries if fields is not None]
            if entries:
                pipe = self._redis.pipeline(transaction=False)
                for message_id, _ in entries:
                    pipe.xpending_range(key, group, message_id, message_id, 1)
                counts = [rows[0]["times_delivered"] if rows else None for rows in pipe.execute()]
                for (message_id, fields), delivered in zip(entries, counts, strict=True):
                    if delivered is None:  # acknowledged by its former consumer since the claim
                        continue
                    if delivered > self.settings.max_deliveries:
                        attempts = delivered - 1  # the claim just counted one more delivery
                        error = self._redis.hget(self._errors_key(group), self._error_field(event_type, message_id))
                        error_text = _text(error) if error else f"not acknowledged after {attempts} deliveries"
                        self._bury(
                            event_type, message_id, fields, group, consumer, attempts, error_text, "max_deliveries"
                        )
                        continue
                    delivery = self._delivery(event_type, message_id, fields, group, consumer, delivered)
                    if delivery is not None:
                        out.append(delivery)
            if _text(start) == "0-0":
                break
        return out

    def _read_new(self, group: str, consumer: str, types: list[str], count: int, block_ms: int) -> list[Delivery]:
        """New entries of every type in one XREADGROUP; those beyond `count` are handed back."""
        type_of = {self.stream_key(t).encode(): t for t in types}
        reply = self._redis.xreadgroup(
            group,
            consumer,
            {self.stream_key(t): ">" for t in types},
            count=count,
            block=block_ms if block_ms > 0 else None,  # BLOCK 0 would wait forever
        )
        streams = reply.items() if isinstance(reply, dict) else (reply or [])
        out: list[Delivery] = []
        excess: dict[str, list[Any]] = {}
        for stream_key, entries in streams:
            event_type = type_of[stream_key if isinstance(stream_key, bytes) else stream_key.encode()]
            for message_id, fields in entries:
                delivery = self._delivery(event_type, message_id, fields, group, consumer, 1)
                if delivery is None:
                    continue
                if len(out) < count:
                    out.append(delivery)
                else:
                    excess.setdefault(event_type, []).append(message_id)
        if excess:
            pipe = self._redis.pipeline(transaction=False)
            for event_type, ids in excess.items():
                pipe.xclaim(
                    self.stream_key(event_type),
                    group,
                    consumer,
                    0,
                    ids,
                    idle=self.settings.reclaim_idle_ms,
                    retrycount=0,
                    justid=True,
                )
            pipe.execute()
        return out

    def _delivery(
        self, event_type: str, message_id: Any, fields: dict[Any, Any], group: str, consumer: str, attempts: int
    ) -> Delivery | None:
        """The delivery of a claimed entry, or None when it does not decode (it is buried)."""
        try:
            try:
                text_fields = {_strict_text(k): _strict_text(v) for k, v in fields.items()}
            except UnicodeDecodeError as exc:
                raise EventDecodeError(f"fields that are not UTF-8: {exc}") from exc
            event = decode_event(text_fields)
            if event.type != event_type:
                raise EventDecodeError(f"a {event.type} event in the {event_type} stream")
        except EventDecodeError as exc:
            self._bury(event_type, message_id, fields, group, consumer, attempts, str(exc), "undecodable")
            return None
        return Delivery(event=event, message_id=_text(message_id), event_type=event_type, attempts=attempts)

    def _bury(
        self,
        event_type: str,
        message_id: Any,
        fields: dict[Any, Any],
        group: str,
        consumer: str,
        attempts: int,
        error: str,
        reason: str,
    ) -> None:
        """Copy a pending entry to the dead letters and acknowledge it, in one transaction."""
        letter: dict[Any, Any] = {}
        for name, value in fields.items():
            text = _text(name)
            clash = text in DEAD_LETTER_FIELDS and not (text == "type" and _text(value) == event_type)
            letter[_ORIGINAL + text if clash else name] = value
        letter.update(
            group=group,
            attempts=str(attempts),
            error=error,
            type=event_type,
            message_id=_text(message_id),
            consumer=consumer,
            reason=reason,
        )
        pipe = self._redis.pipeline(transaction=True)
        pipe.xadd(self.dead_letter_key, letter, maxlen=self.settings.stream_max_len, approximate=True)
        pipe.xack(self.stream_key(event_type), group, message_id)
        pipe.hdel(self._errors_key(group), self._error_field(event_type, message_id))
        pipe.execute()

    # -- acknowledging -----------------------------------------------------------------------

    def ack(self, group: str, delivery: Delivery) -> None:
        pipe = self._redis.pipeline(transaction=False)
        pipe.xack(self.stream_key(delivery.event_type), group, delivery.message_id)
        pipe.hdel(self._errors_key(group), self._error_field(delivery.event_type, delivery.message_id))
        pipe.execute()

    def fail(self, group: str, delivery: Delivery, error: str) -> None:
        self._redis.hset(self._errors_key(group), self._error_field(delivery.event_type, delivery.message_id), error)

    def extend(self, group: str, consumer: str, deliveries: Sequence[Delivery]) -> None:
        ids_by_type: dict[str, list[str]] = {}
        for delivery in deliveries:
            ids_by_type.setdefault(delivery.event_type, []).append(delivery.message_id)
        for event_type, ids in ids_by_type.items():
            self._extend(keys=[self.stream_key(event_type)], args=[group, consumer, *ids])

    def handled(self, group: str, event_id: str) -> bool:
        return bool(self._redis.exists(self._handled_key(group, event_id)))

    def mark_handled(self, group: str, event_id: str) -> None:
        self._redis.set(self._handled_key(group, event_id), 1, nx=True, ex=HANDLED_TTL_SECONDS)

    def dead_letters(self, event_type: str | None = None) -> list[DeadLetter]:
        """Every dead letter, oldest first. An original entry without a `type` field reads back
        with its stream's type."""
        letters = []
        for _, raw in self._redis.xrange(self.dead_letter_key):
            entry = {_text(k): _text(v) for k, v in raw.items()}
            if event_type is not None and entry.get("type") != event_type:
                continue
            fields = {k: v for k, v in entry.items() if k not in DEAD_LETTER_FIELDS and not k.startswith(_ORIGINAL)}
            fields.update({k[len(_ORIGINAL) :]: v for k, v in entry.items() if k.startswith(_ORIGINAL)})
            fields.setdefault("type", entry.get("type", ""))
            letters.append(
                DeadLetter(
                    event_type=entry.get("type", ""),
                    message_id=entry.get("message_id", ""),
                    fields=fields,
                    group=entry.get("group", ""),
                    attempts=int(entry.get("attempts") or 0),
                    error=entry.get("error", ""),
                    extra={k: entry[k] for k in ("consumer", "reason") if k in entry},
                )
            )
        return letters

    def close(self) -> None:
        self._redis.close()

    # -- internals ---------------------------------------------------------------------------

    @staticmethod
    def _error_field(event_type: str, message_id: Any) -> str:
        return f"{event_type}:{_text(message_id)}"


def _text(value: Any) -> str:
    """Text of a Redis reply; bytes that are not UTF-8 are shown escaped, never an error."""
    return value.decode("utf-8", "backslashreplace") if isinstance(value, bytes) else str(value)


def _strict_text(value: Any) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)
