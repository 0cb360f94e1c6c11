"""The in-process EventBus: Redis Streams' semantics in one Python process (the default).

Everything lives in memory behind one lock, so the bus can be shared by the threads of one
process and forgets everything when the process ends. It keeps what the Redis adapter keeps:

- one stream per event type, trimmed to `stream_max_len` entries, ids like Redis's
  (`<milliseconds>-<sequence>`, increasing);
- consumer groups, created by their first `read` of a type and starting with the events
  published from then on (`XGROUP CREATE ... $`): a group does not see what came before it;
- per group a pending entry per delivered, unacknowledged event: its consumer, how many times
  it was delivered and when last, and the last error `fail` recorded;
- `read` first takes over entries pending for at least `reclaim_idle_ms` (any consumer of the
  group may), then hands out new entries; an entry already delivered `max_deliveries` times is
  moved to the dead letters with its last error and acknowledged instead of a further delivery;
  an entry that does not decode goes to the dead letters at once;
- the ids of handled events per group, forgotten after a week as the Redis adapter's keys expire.

`read` with `block_ms` waits on a condition that `publish` notifies.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict, deque
from collections.abc import Sequence
from dataclasses import dataclass, field

from codeintel.config import EventSettings
from codeintel.events.bus import DeadLetter, Delivery
from codeintel.events.models import Event, EventDecodeError, decode_event, encode_event

HANDLED_TTL_SECONDS = 7 * 24 * 3600


@dataclass
class _Entry:
    message_id: str
    fields: dict[str, str]


@dataclass
class _Pending:
    consumer: str
    deliveries: int
    delivered_at: float  # time.monotonic() of the last delivery
    error: str | None = None


@dataclass
class _Group:
    next_pos: int  # absolute position in the stream of the next new entry
    pending: dict[str, _Pending] = field(default_factory=dict)  # in message id order


@dataclass
class _Stream:
    entries: deque[_Entry] = field(default_factory=deque)
    by_id: dict[str, _Entry] = field(default_factory=dict)
    first_pos: int = 0  # absolute position of entries[0]; grows as the stream is trimmed
    last_ms: int = 0
    last_seq: int = -1
    groups: dict[str, _Group] = field(default_factory=dict)

    @property
    def end_pos(self) -> int:
        return self.first_pos + len(self.entries)


class InProcessEventBus:
    """The EventBus of one process; see the module docstring for what it keeps."""

    def __init__(self, settings: EventSettings) -> None:
        self.settings = settings
        self._lock = threading.Lock()
        self._changed = threading.Condition(self._lock)
        self._streams: dict[str, _Stream] = {}
        self._dead: list[DeadLetter] = []
        self._handled: dict[str, OrderedDict[str, float]] = {}  # group -> event id -> expiry (monotonic)
        self._closed = False

    # -- publishing ------------------------------------------------------------------------

    def publish(self, event: Event) -> str:
        return self.publish_raw(event.type, encode_event(event))

    def publish_raw(self, event_type: str, fields: dict[str, str]) -> str:
        """Append wire fields as they are to `event_type`'s stream (replaying dead letters, tests)."""
        with self._changed:
            stream = self._stream(event_type)
            now_ms = int(time.time() * 1000)
            if now_ms > stream.last_ms:
                stream.last_ms, stream.last_seq = now_ms, 0
            else:
                stream.last_seq += 1
            entry = _Entry(f"{stream.last_ms}-{stream.last_seq}", dict(fields))
            stream.entries.append(entry)
            stream.by_id[entry.message_id] = entry
            while len(stream.entries) > self.settings.stream_max_len:
                dropped = stream.entries.popleft()
                del stream.by_id[dropped.message_id]
                stream.first_pos += 1
            self._changed.notify_all()
            return entry.message_id

    # -- reading ---------------------------------------------------------------------------

    def read(
        self, group: str, consumer: str, types: Sequence[str], *, count: int = 16, block_ms: int | None = None
    ) -> list[Delivery]:
        types = list(dict.fromkeys(types))
        wait_ms = self.settings.block_ms if block_ms is None else block_ms
        deadline = time.monotonic() + max(wait_ms, 0) / 1000
        with self._changed:
            for event_type in types:
                stream = self._stream(event_type)
                if group not in stream.groups:
                    stream.groups[group] = _Group(next_pos=stream.end_pos)
            while True:
                deliveries = self._reclaim(group, consumer, types, count)
                if len(deliveries) < count:
                    deliveries += self._take_new(group, consumer, types, count - len(deliveries))
                left = deadline - time.monotonic()
                if deliveries or left <= 0 or self._closed or count <= 0:
                    return deliveries
                self._changed.wait(left)

    def _reclaim(self, group: str, consumer: str, types: list[str], count: int) -> list[Delivery]:
        idle = self.settings.reclaim_idle_ms / 1000
        out: list[Delivery] = []
        for event_type in types:
            stream = self._streams[event_type]
            state = stream.groups[group]
            now = time.monotonic()
            for message_id, pending in list(state.pending.items()):
                if len(out) >= count:
                    return out
                if now - pending.delivered_at < idle:
                    continue
                entry = stream.by_id.get(message_id)
                if entry is None:  # trimmed away while pending: nothing left to deliver
                    del state.pending[message_id]
                    continue
                if pending.deliveries >= self.settings.max_deliveries:
                    error = pending.error or f"not acknowledged after {pending.deliveries} deliveries"
                    self._bury(event_type, entry, group, consumer, pending.deliveries, error, "max_deliveries")
                    continue
                pending.consumer, pending.deliveries, pending.delivered_at = consumer, pending.deliveries + 1, now
                delivery = self._delivery(event_type, entry, group, consumer, pending.deliveries)
                if delivery is not None:
                    out.append(delivery)
        return out

    def _take_new(self, group: str, consumer: str, types: list[str], count: int) -> list[Delivery]:
        out: list[Delivery] = []
        for event_type in types:
            stream = self._streams[event_type]
            state = stream.groups[group]
            state.next_pos = max(state.next_pos, stream.first_pos)
            while len(out) < count and state.next_pos < stream.end_pos:
                entry = stream.entries[state.next_pos - stream.first_pos]
                state.next_pos += 1
                state.pending[entry.message_id] = _Pending(consumer, 1, time.monotonic())
                delivery = self._delivery(event_type, entry, group, consumer, 1)
                if delivery is not None:
                    out.append(delivery)
        return out

    def _delivery(self, event_type: str, entry: _Entry, group: str, consumer: str, attempts: int) -> Delivery | None:
        """The delivery of a pending entry, or None when it does not decode (it is buried)."""
        try:
            event = decode_event(entry.fields)
            if event.type != event_type:
                raise EventDecodeError(f"a {event.type} event in the {event_type} stream")
        except EventDecodeError as exc:
            self._bury(event_type, entry, group, consumer, attempts, str(exc), "undecodable")
            return None
        return Delivery(event=event, message_id=entry.message_id, event_type=event_type, attempts=attempts)

    def _bury(
        self, event_type: str, entry: _Entry, group: str, consumer: str, attempts: int, error: str, reason: str
    ) -> None:
        """Move a pending entry to the dead letters and acknowledge it."""
        self._streams[event_type].groups[group].pending.pop(entry.message_id, None)
        self._dead.append(
            DeadLetter(
                event_type=event_type,
                message_id=entry.message_id,
                fields=dict(entry.fields),
                group=group,
                attempts=attempts,
                error=error,
                extra={"consumer": consumer, "reason": reason},
            )
        )

    # -- acknowledging -----------------------------------------------------------------------

    def ack(self, group: str, delivery: Delivery) -> None:
        with self._lock:
            state = self._group(delivery.event_type, group)
            if state is not None:
                state.pending.pop(delivery.message_id, None)

    def fail(self, group: str, delivery: Delivery, error: str) -> None:
        with self._lock:
            state = self._group(delivery.event_type, group)
            pending = state.pending.get(delivery.message_id) if state is not None else None
            if pending is not None:
                pending.error = error

    def extend(self, group: str, consumer: str, deliveries: Sequence[Delivery]) -> None:
        with self._lock:
            now = time.monotonic()
            for delivery in deliveries:
                state = self._group(delivery.event_type, group)
                pending = state.pending.get(delivery.message_id) if state is not None else None
                if pending is not None and pending.consumer == consumer:
                    pending.delivered_at = now

    def handled(self, group: str, event_id: str) -> bool:
        with self._lock:
            expires = self._handled.get(group, {}).get(event_id)
            return expires is not None and expires > time.monotonic()

    def mark_handled(self, group: str, event_id: str) -> None:
        with self._lock:
            now = time.monotonic()
            memory = self._handled.setdefault(group, OrderedDict())
            while memory and next(iter(memory.values())) <= now:  # oldest first: same lifetime for all
                memory.popitem(last=False)
            memory.setdefault(event_id, now + HANDLED_TTL_SECONDS)

    def dead_letters(self, event_type: str | None = None) -> list[DeadLetter]:
        with self._lock:
            return [letter for letter in self._dead if event_type is None or letter.event_type == event_type]

    def close(self) -> None:
        """Wake every blocked `read`; from now on `read` returns at once instead of waiting."""
        with self._changed:
            self._closed = True
            self._changed.notify_all()

    # -- internals ---------------------------------------------------------------------------

    def _stream(self, event_type: str) -> _Stream:
        stream = self._streams.get(event_type)
        if stream is None:
            stream = self._streams[event_type] = _Stream()
        return stream

    def _group(self, event_type: str, group: str) -> _Group | None:
        stream = self._streams.get(event_type)
        return stream.groups.get(group) if stream is not None else None
