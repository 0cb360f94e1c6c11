"""The EventBus port: publish events, read them in consumer groups, acknowledge them.

Semantics every adapter keeps (the contract suite tests/unit/test_event_bus_contract.py checks
them on each):

- One stream per event type. Every consumer group sees every event of the types it reads;
  within a group each event goes to one consumer.
- At-least-once: an event read and not acknowledged stays pending. Once it has been pending
  for `reclaim_idle_ms` (its consumer died, or its handler failed), the next `read` of the
  group by any consumer takes it over and hands it out again, with `attempts` counting the
  deliveries. A consumer that needs longer renews its claim with `extend`.
- An event delivered `max_deliveries` times without acknowledgement is moved to the dead-letter
  stream (`dead_letters()`) with its last error instead of being delivered once more; one that
  cannot be decoded goes there at once. Either way it is acknowledged.
- Idempotence: `consume` remembers per group the ids of events it handled, so an event
  redelivered after its handler succeeded (the consumer died before acknowledging) is
  acknowledged without running the handler again.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from codeintel.events.models import Event

log = logging.getLogger(__name__)

Handler = Callable[[Event], None]


@dataclass(frozen=True)
class Delivery:
    """One event handed to one consumer of a group."""

    event: Event
    message_id: str  # the adapter's id of this message in its stream
    event_type: str
    attempts: int  # deliveries so far, this one included


@dataclass(frozen=True)
class DeadLetter:
    event_type: str
    message_id: str
    fields: dict[str, str]  # the wire form as it was published
    group: str
    attempts: int
    error: str
    extra: dict[str, str] = field(default_factory=dict)


@runtime_checkable
class EventBus(Protocol):
    def publish(self, event: Event) -> str:
        """Append the event to its type's stream; returns its message id."""
        ...

    def read(
        self, group: str, consumer: str, types: Sequence[str], *, count: int = 16, block_ms: int | None = None
    ) -> list[Delivery]:
        """Reclaimed deliveries first, then new ones, at most `count`; waits up to `block_ms` (default:
        the settings') when there are none. Creates the group on first use; a new group starts with
        the events published from then on."""
        ...

    def ack(self, group: str, delivery: Delivery) -> None:
        """The group is done with this delivery; it is never handed out again."""
        ...

    def fail(self, group: str, delivery: Delivery, error: str) -> None:
        """The handler failed: the delivery stays pending (to be reclaimed) and `error` is kept for
        its dead letter."""
        ...

    def extend(self, group: str, consumer: str, deliveries: Sequence[Delivery]) -> None:
        """Renew `consumer`'s claim on deliveries it still holds: their idle time starts again, so
        they are not reclaimed while a long handler runs; `attempts` does not change. A delivery
        acknowledged, or already reclaimed by another consumer, is left alone."""
        ...

    def handled(self, group: str, event_id: str) -> bool:
        """Whether `mark_handled` was called for this event in this group."""
        ...

    def mark_handled(self, group: str, event_id: str) -> None: ...

    def dead_letters(self, event_type: str | None = None) -> list[DeadLetter]: ...

    def close(self) -> None: ...


def consume(
    bus: EventBus,
    group: str,
    consumer: str,
    types: Sequence[str],
    handler: Handler,
    *,
    count: int = 16,
    block_ms: int | None = None,
) -> int:
    """Read once and handle what came: skip events already handled, acknowledge on success, keep
    a failure pending for a later attempt. Returns how many deliveries were acknowledged."""
    acked = 0
    for delivery in bus.read(group, consumer, types, count=count, block_ms=block_ms):
        if not bus.handled(group, delivery.event.id):
            try:
                handler(delivery.event)
            except Exception as exc:  # noqa: BLE001 - a failing handler must not stop the consumer
                log.warning("%s: handler failed on %s %s: %s", group, delivery.event_type, delivery.event.id, exc)
                bus.fail(group, delivery, f"{type(exc).__name__}: {exc}")
                continue
            bus.mark_handled(group, delivery.event.id)
        bus.ack(group, delivery)
        acked += 1
    return acked


def open_event_bus(settings) -> EventBus:
    """The bus of `settings.events.bus`: `inprocess` (default) or `redis`."""
    kind = settings.events.bus
    if kind == "inprocess":
        from codeintel.events.inprocess import InProcessEventBus

        return InProcessEventBus(settings.events)
    if kind == "redis":
        from codeintel.events.redis_bus import RedisEventBus

        return RedisEventBus(settings.redis_url, settings.events, password=settings.redis_password)
    raise ValueError(f"unknown event bus {kind!r}; available: inprocess, redis")
