"""The EventBus contract, run against every adapter: in-process and Redis Streams.

Every test has its own stream prefix (its Redis keys are deleted afterwards), a short reclaim
time (RECLAIM_MS) and short blocking reads. The Redis parameters fail, never skip, when Redis
cannot be reached. A group is created by its first read and sees only what is published after
it, so each test reads once (`join`) before publishing.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from codeintel.config import EventSettings
from codeintel.events.bus import Delivery, EventBus, consume, open_event_bus
from codeintel.events.inprocess import InProcessEventBus
from codeintel.events.models import (
    EVENT_CLASSES,
    TYPE_NAMES,
    AnalysisCompleted,
    EmbeddingsUpdated,
    Event,
    FilesParsed,
    GraphUpdated,
    PlanCreated,
    RepositoryRegistered,
    SafetyVerdict,
    ScanCompleted,
    ScanFailed,
    ScanRequested,
    ScanStarted,
    encode_event,
)
from codeintel.events.redis_bus import RedisEventBus
from tests.redis_helpers import connect_redis, delete_prefix, redis_settings, unique_prefix

ADAPTERS = ["inprocess", "redis"]
RECLAIM_MS = 100
MAX_DELIVERIES = 3
SCAN = ScanRequested.type

BusFactory = Callable[..., Any]


@pytest.fixture(params=ADAPTERS)
def make_bus(request: pytest.FixtureRequest) -> Iterator[BusFactory]:
    """make_bus(**settings) opens a bus on this test's streams; a second call shares them."""
    prefix = unique_prefix("events")
    client = connect_redis() if request.param == "redis" else None
    opened: list[Any] = []
    shared: dict[str, InProcessEventBus] = {}

    def factory(**overrides: Any) -> Any:
        values = {
            "stream_prefix": prefix,
            "max_deliveries": MAX_DELIVERIES,
            "reclaim_idle_ms": RECLAIM_MS,
            "block_ms": 20,
            **overrides,
        }
        settings = EventSettings(**values)
        if request.param == "inprocess":
            bus = shared.setdefault("bus", InProcessEventBus(settings))  # one process, one bus
        else:
            config = redis_settings()
            bus = RedisEventBus(config.redis_url, settings, password=config.redis_password)
        opened.append(bus)
        return bus

    yield factory
    for bus in opened:
        bus.close()
    if client is not None:
        delete_prefix(client, prefix)
        client.close()


@pytest.fixture
def bus(make_bus: BusFactory) -> Any:
    return make_bus()


def join(bus: EventBus, group: str, types: list[str] | None = None) -> None:
    """Create the group on these streams (it then sees what is published from now on)."""
    assert bus.read(group, "joiner", types or [SCAN], block_ms=0) == []


def wait_reclaimable() -> None:
    time.sleep(RECLAIM_MS / 1000 + 0.03)


def sample(cls: type[Event]) -> Event:
    """One event of each class, every field set."""
    samples: dict[type[Event], Callable[[], Event]] = {
        RepositoryRegistered: lambda: RepositoryRegistered(repo_id="r1", name="shop", location="/src/shop"),
        ScanRequested: lambda: ScanRequested(location="/src/shop", ref="main", full=True, requested_by="webhook"),
        ScanStarted: lambda: ScanStarted(repo_id="r1", scan_id=7, mode="incremental", ref="main", commit="abc123"),
        FilesParsed: lambda: FilesParsed(repo_id="r1", scan_id=7, parsed=10, reused=90, failed=1),
        GraphUpdated: lambda: GraphUpdated(
            repo_id="r1", scan_id=7, nodes_by_label={"Function": 3}, edges_by_type={"CALLS": 5}, files_reresolved=2
        ),
        ScanCompleted: lambda: ScanCompleted(
            repo_id="r1", scan_id=7, mode="full", files_parsed=100, seconds={"parse": 1.25, "resolve": 0.1}
        ),
        ScanFailed: lambda: ScanFailed(location="/src/shop", error="boom: ü", repo_id="r1", scan_id=7),
        AnalysisCompleted: lambda: AnalysisCompleted(repo_id="r1", analysis="dead-code", findings=4),
        EmbeddingsUpdated: lambda: EmbeddingsUpdated(
            repo_id="r1", scan_id=3, model="all-MiniLM-L6-v2@2e8a342051c5", symbols=18, computed=1
        ),
        PlanCreated: lambda: PlanCreated(repo_id="r1", plan_id="p1", kind="rename", files=["a.py", "b.py"]),
        SafetyVerdict: lambda: SafetyVerdict(repo_id="r1", plan_id="p1", safe=False, reasons=["cycle"]),
    }
    return samples[cls]()


def scan(location: str = "/src/shop") -> ScanRequested:
    return ScanRequested(location=location)


def ids(deliveries: list[Delivery]) -> list[str]:
    return [d.event.id for d in deliveries]


def test_every_event_class_round_trips_equal(bus: Any) -> None:
    assert {cls.type for cls in EVENT_CLASSES} == TYPE_NAMES
    types = sorted(TYPE_NAMES)
    join(bus, "g", types)
    sent = {event.id: event for event in (sample(cls) for cls in EVENT_CLASSES)}
    for event in sent.values():
        assert isinstance(bus.publish(event), str)

    got = bus.read("g", "c", types, count=50)

    assert {d.event.id: d.event for d in got} == sent
    assert all(d.event_type == d.event.type and d.attempts == 1 for d in got)


def test_a_new_group_sees_only_events_published_after_its_first_read(bus: Any) -> None:
    before = scan("before")
    bus.publish(before)
    join(bus, "g")
    after = scan("after")
    bus.publish(after)

    assert ids(bus.read("g", "c", [SCAN])) == [after.id]


def test_every_group_gets_every_event_in_order(bus: Any) -> None:
    join(bus, "a")
    join(bus, "b")
    events = [scan(f"/r{i}") for i in range(3)]
    for event in events:
        bus.publish(event)

    assert ids(bus.read("a", "c1", [SCAN])) == [e.id for e in events]
    assert ids(bus.read("b", "c1", [SCAN])) == [e.id for e in events]


def test_consumers_of_one_group_split_events_and_never_share_one(bus: Any) -> None:
    join(bus, "g")
    events = [scan(f"/r{i}") for i in range(6)]
    for event in events:
        bus.publish(event)

    first = bus.read("g", "c1", [SCAN], count=3)
    second = bus.read("g", "c2", [SCAN], count=10)

    assert len(first) == 3 and len(second) == 3
    assert set(ids(first)) | set(ids(second)) == {e.id for e in events}
    assert bus.read("g", "c2", [SCAN], block_ms=0) == []  # c1's are pending, not yet reclaimable


def test_concurrent_consumers_of_one_group_handle_each_event_once(make_bus: BusFactory) -> None:
    bus = make_bus(reclaim_idle_ms=10_000)  # no reclaim while the threads run
    join(bus, "g")
    events = [scan(f"/r{i}") for i in range(40)]
    seen: dict[str, list[str]] = {"c1": [], "c2": []}

    def work(consumer: str) -> None:
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and len(seen["c1"]) + len(seen["c2"]) < len(events):
            for delivery in bus.read("g", consumer, [SCAN], count=4, block_ms=20):
                seen[consumer].append(delivery.event.id)
                bus.ack("g", delivery)

    threads = [threading.Thread(target=work, args=(name,)) for name in seen]
    for thread in threads:
        thread.start()
    for event in events:
        bus.publish(event)
    for thread in threads:
        thread.join()

    handled = seen["c1"] + seen["c2"]
    assert sorted(handled) == sorted(e.id for e in events)  # each exactly once, none lost


def test_unacknowledged_event_is_reclaimed_after_idle_time_not_before(bus: Any) -> None:
    join(bus, "g")
    event = scan()
    bus.publish(event)

    [first] = bus.read("g", "c1", [SCAN])
    assert bus.read("g", "c2", [SCAN], block_ms=0) == []
    wait_reclaimable()
    [second] = bus.read("g", "c2", [SCAN], block_ms=0)
    assert bus.read("g", "c1", [SCAN], block_ms=0) == []  # c2's claim starts a new idle period
    wait_reclaimable()
    [third] = bus.read("g", "c1", [SCAN], block_ms=0)

    assert (first.event, second.event, third.event) == (event, event, event)
    assert first.message_id == second.message_id == third.message_id
    assert [first.attempts, second.attempts, third.attempts] == [1, 2, 3]


def test_extend_keeps_a_held_delivery_from_being_reclaimed(make_bus: BusFactory) -> None:
    bus = make_bus(reclaim_idle_ms=200)
    join(bus, "g")
    bus.publish(scan())
    [held] = bus.read("g", "c1", [SCAN])

    time.sleep(0.12)
    bus.extend("g", "c1", [held])
    time.sleep(0.12)
    assert bus.read("g", "c2", [SCAN], block_ms=0) == []  # 240 ms since the read, 120 since extend
    time.sleep(0.1)
    [reclaimed] = bus.read("g", "c2", [SCAN], block_ms=0)

    assert (reclaimed.message_id, reclaimed.attempts) == (held.message_id, 2)


def test_extend_leaves_a_delivery_reclaimed_by_another_consumer_alone(make_bus: BusFactory) -> None:
    bus = make_bus(reclaim_idle_ms=200)
    join(bus, "g")
    bus.publish(scan())
    [stale] = bus.read("g", "c1", [SCAN])
    time.sleep(0.22)
    [taken] = bus.read("g", "c2", [SCAN], block_ms=0)

    time.sleep(0.12)
    bus.extend("g", "c1", [stale])  # c1 no longer holds it: c2's idle time keeps running
    time.sleep(0.12)
    [third] = bus.read("g", "c3", [SCAN], block_ms=0)

    assert (taken.attempts, third.attempts) == (2, 3)


def test_acknowledged_event_is_never_delivered_again(bus: Any) -> None:
    join(bus, "g")
    bus.publish(scan())
    [delivery] = bus.read("g", "c1", [SCAN])

    bus.ack("g", delivery)
    wait_reclaimable()

    assert bus.read("g", "c1", [SCAN], block_ms=0) == []
    assert bus.read("g", "c2", [SCAN], block_ms=0) == []


def test_consume_runs_the_handler_once_and_acknowledges(bus: Any) -> None:
    join(bus, "g")
    event = scan()
    bus.publish(event)
    handled: list[Event] = []

    assert consume(bus, "g", "c1", [SCAN], handled.append) == 1
    wait_reclaimable()
    assert consume(bus, "g", "c2", [SCAN], handled.append, block_ms=0) == 0

    assert handled == [event]
    assert bus.handled("g", event.id)


def test_handler_failing_max_deliveries_times_ends_in_dead_letters(bus: Any) -> None:
    join(bus, "g")
    event = scan()
    bus.publish(event)
    calls: list[str] = []

    def handler(e: Event) -> None:
        calls.append(e.id)
        raise ValueError(f"boom {len(calls)}")

    for _ in range(MAX_DELIVERIES + 1):
        assert consume(bus, "g", "c", [SCAN], handler, block_ms=0) == 0
        wait_reclaimable()

    assert calls == [event.id] * MAX_DELIVERIES
    [letter] = bus.dead_letters()
    assert (letter.event_type, letter.group, letter.attempts) == (SCAN, "g", MAX_DELIVERIES)
    assert letter.error == f"ValueError: boom {MAX_DELIVERIES}"
    assert letter.fields == encode_event(event)
    assert bus.dead_letters(SCAN) == [letter] and bus.dead_letters(PlanCreated.type) == []
    assert bus.read("g", "c", [SCAN], block_ms=0) == []


def test_consumer_dying_max_deliveries_times_ends_in_dead_letters_without_error(bus: Any) -> None:
    join(bus, "g")
    bus.publish(scan())
    for _ in range(MAX_DELIVERIES):
        assert len(bus.read("g", "c", [SCAN], block_ms=0)) == 1  # read, never acknowledged
        wait_reclaimable()

    assert bus.read("g", "c", [SCAN], block_ms=0) == []
    [letter] = bus.dead_letters()
    assert letter.attempts == MAX_DELIVERIES
    assert "not acknowledged" in letter.error


def test_event_already_handled_is_acknowledged_without_running_the_handler(bus: Any) -> None:
    join(bus, "g")
    join(bus, "other")
    event = scan()
    bus.mark_handled("g", event.id)
    bus.publish(event)
    calls: list[Event] = []

    assert consume(bus, "g", "c", [SCAN], calls.append) == 1
    assert calls == []
    wait_reclaimable()
    assert consume(bus, "g", "c", [SCAN], calls.append, block_ms=0) == 0
    assert consume(bus, "other", "c", [SCAN], calls.append) == 1  # handled-ness is per group
    assert calls == [event]


def test_handled_is_remembered_per_group(bus: Any) -> None:
    assert not bus.handled("g", "e1")
    bus.mark_handled("g", "e1")
    bus.mark_handled("g", "e1")
    assert bus.handled("g", "e1")
    assert not bus.handled("other", "e1")


@pytest.mark.parametrize(
    "event_type, fields, error",
    [
        ("bogus.event", {"type": "bogus.event", "version": "1", "data": "{}"}, "unknown event 'bogus.event'"),
        (SCAN, {"type": SCAN, "version": "99", "data": "{}"}, "unknown event 'scan.requested' version '99'"),
        (SCAN, {"type": SCAN, "version": "1", "data": "not json"}, "bad scan.requested v1 data"),
        (SCAN, encode_event(ScanFailed(location="x", error="e")), "a scan.failed event in the scan.requested stream"),
    ],
    ids=["unknown-type", "unknown-version", "bad-data", "wrong-stream"],
)
def test_undecodable_message_goes_to_dead_letters(bus: Any, event_type: str, fields: dict, error: str) -> None:
    join(bus, "g", [event_type])
    message_id = bus.publish_raw(event_type, fields)
    calls: list[Event] = []

    assert consume(bus, "g", "c", [event_type], calls.append, block_ms=0) == 0

    assert calls == []
    [letter] = bus.dead_letters(event_type)
    assert (letter.message_id, letter.group, letter.attempts, letter.fields) == (message_id, "g", 1, fields)
    assert error in letter.error
    wait_reclaimable()
    assert bus.read("g", "c", [event_type], block_ms=0) == []


def test_blocking_read_returns_when_another_thread_publishes(bus: Any) -> None:
    join(bus, "g")
    event = scan()
    publisher = threading.Timer(0.2, bus.publish, args=(event,))

    started = time.monotonic()
    publisher.start()
    got = bus.read("g", "c", [SCAN], block_ms=5_000)
    elapsed = time.monotonic() - started
    publisher.join()

    assert ids(got) == [event.id]
    assert 0.15 < elapsed < 2.0, elapsed


def test_blocking_read_without_events_returns_empty_after_block_ms(bus: Any) -> None:
    join(bus, "g")
    started = time.monotonic()
    assert bus.read("g", "c", [SCAN], block_ms=100) == []
    assert 0.08 < time.monotonic() - started < 2.0


def test_reading_several_types_at_once(bus: Any) -> None:
    types = [SCAN, ScanFailed.type]
    join(bus, "g", types)
    requested, failed = scan(), ScanFailed(location="/src/shop", error="e")
    bus.publish(requested)
    bus.publish(PlanCreated(repo_id="r", plan_id="p", kind="rename"))  # a type not read
    bus.publish(failed)

    got = bus.read("g", "c", types)

    assert {d.event.id: d.event_type for d in got} == {requested.id: SCAN, failed.id: ScanFailed.type}


def test_blocking_read_of_several_types_wakes_for_any_of_them(bus: Any) -> None:
    types = [SCAN, ScanFailed.type]
    join(bus, "g", types)
    failed = ScanFailed(location="/src/shop", error="e")
    publisher = threading.Timer(0.1, bus.publish, args=(failed,))

    publisher.start()
    got = bus.read("g", "c", types, block_ms=5_000)
    publisher.join()

    assert ids(got) == [failed.id]


def test_read_of_several_types_hands_out_at_most_count_and_keeps_the_rest_first_time(bus: Any) -> None:
    types = [SCAN, ScanFailed.type]
    join(bus, "g", types)
    events = [scan("a"), scan("b"), ScanFailed(location="c", error="e"), ScanFailed(location="d", error="e")]
    for event in events:
        bus.publish(event)

    first = bus.read("g", "c1", types, count=3)
    rest = bus.read("g", "c2", types, count=3, block_ms=0)

    assert len(first) == 3 and len(rest) == 1
    assert sorted(ids(first) + ids(rest)) == sorted(e.id for e in events)
    assert [d.attempts for d in first + rest] == [1, 1, 1, 1]


@pytest.mark.parametrize("kind", ADAPTERS)
def test_open_event_bus_builds_the_configured_adapter(kind: str) -> None:
    if kind == "redis":
        connect_redis().close()
    settings = redis_settings().model_copy(update={"events": EventSettings(bus=kind, stream_prefix=unique_prefix())})
    bus = open_event_bus(settings)
    try:
        assert isinstance(bus, EventBus)
        assert isinstance(bus, {"inprocess": InProcessEventBus, "redis": RedisEventBus}[kind])
    finally:
        bus.close()
