"""A consumer process killed mid-event, on the real Redis: the event is redelivered to another
consumer once it has been idle for reclaim_idle_ms, and its effect still happens exactly once.

The doomed consumer is a separate Python process that reads one scan.requested event through
RedisEventBus.read (XREADGROUP), optionally handles it, says so on stdout, and is killed with
SIGKILL before it acknowledges. The handler's effect is an INCR of a Redis counter per event.
"""

from __future__ import annotations

import os
import select
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis

from codeintel.config import EventSettings
from codeintel.events.bus import Delivery, consume
from codeintel.events.models import Event, ScanRequested
from codeintel.events.redis_bus import RedisEventBus
from tests.redis_helpers import connect_redis, delete_prefix, redis_settings, unique_prefix

ROOT = Path(__file__).resolve().parents[2]
GROUP = "scanners"
TYPES = [ScanRequested.type]
RECLAIM_MS = 300  # room for the kill between the doomed consumer's read and the survivor's first try

DOOMED_CONSUMER = """
import sys, time
import redis
from codeintel.config import EventSettings, Settings
from codeintel.events.redis_bus import RedisEventBus

prefix, group, reclaim_ms, handle_first = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "handle"
config = Settings()
password = config.redis_password.get_secret_value() if config.redis_password else None
bus = RedisEventBus(config.redis_url, EventSettings(stream_prefix=prefix, reclaim_idle_ms=reclaim_ms),
                    password=config.redis_password)
[delivery] = bus.read(group, "doomed", ["scan.requested"], count=1, block_ms=20_000)
if handle_first:  # the handler ran and was remembered, the acknowledgement never came
    redis.Redis.from_url(config.redis_url, password=password).incr(prefix + "effects:" + delivery.event.id)
    bus.mark_handled(group, delivery.event.id)
print(delivery.message_id, delivery.attempts, flush=True)
time.sleep(120)
"""


class RecordingBus:
    """The bus, keeping every delivery its reads hand out."""

    def __init__(self, bus: RedisEventBus) -> None:
        self.bus = bus
        self.deliveries: list[Delivery] = []

    def read(self, *args: Any, **kwargs: Any) -> list[Delivery]:
        got = self.bus.read(*args, **kwargs)
        self.deliveries += got
        return got

    def __getattr__(self, name: str) -> Any:
        return getattr(self.bus, name)


@pytest.fixture
def prefix() -> Iterator[str]:
    client = connect_redis()
    prefix = unique_prefix("faults")
    yield prefix
    delete_prefix(client, prefix)
    client.close()


@pytest.fixture
def client() -> Iterator[redis.Redis]:
    client = connect_redis()
    yield client
    client.close()


@pytest.fixture
def bus(prefix: str) -> Iterator[RecordingBus]:
    config = redis_settings()
    settings = EventSettings(stream_prefix=prefix, reclaim_idle_ms=RECLAIM_MS, block_ms=50)
    bus = RedisEventBus(config.redis_url, settings, password=config.redis_password)
    yield RecordingBus(bus)
    bus.close()


def run_doomed_consumer(prefix: str, handle_first: bool) -> tuple[str, int]:
    """Start the doomed consumer, wait until it holds the event, SIGKILL it; (message id, attempts)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    args = [prefix, GROUP, str(RECLAIM_MS), "handle" if handle_first else "read"]
    proc = subprocess.Popen(
        [sys.executable, "-c", DOOMED_CONSUMER, *args],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        ready, _, _ = select.select([proc.stdout], [], [], 30)
        line = proc.stdout.readline() if ready else ""
        if not line:
            proc.kill()
            pytest.fail(f"the doomed consumer never read the event:\n{proc.communicate(timeout=10)[1]}")
    finally:
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)
        proc.stdout.close()
        proc.stderr.close()
    assert proc.returncode == -signal.SIGKILL
    message_id, attempts = line.split()
    return message_id, int(attempts)


def publish_scan_request(bus: RecordingBus) -> ScanRequested:
    assert bus.read(GROUP, "survivor", TYPES, block_ms=0) == []  # the group exists before the event
    event = ScanRequested(location="/src/shop", requested_by="webhook")
    bus.publish(event)
    return event


def counting_handler(client: redis.Redis, prefix: str):
    def handler(event: Event) -> None:
        client.incr(prefix + "effects:" + event.id)

    return handler


def effects(client: redis.Redis, prefix: str, event: Event) -> int:
    return int(client.get(prefix + "effects:" + event.id) or 0)


def test_event_of_a_killed_consumer_is_redelivered_and_handled_once(
    bus: RecordingBus, client: redis.Redis, prefix: str
) -> None:
    event = publish_scan_request(bus)
    handler = counting_handler(client, prefix)

    message_id, first_attempts = run_doomed_consumer(prefix, handle_first=False)
    assert consume(bus, GROUP, "survivor", TYPES, handler, block_ms=0) == 0  # not idle long enough yet
    time.sleep(RECLAIM_MS / 1000 + 0.05)
    assert consume(bus, GROUP, "survivor", TYPES, handler, block_ms=0) == 1
    time.sleep(RECLAIM_MS / 1000 + 0.05)
    assert consume(bus, GROUP, "survivor", TYPES, handler, block_ms=0) == 0

    [redelivery] = bus.deliveries
    assert (redelivery.message_id, redelivery.event, first_attempts, redelivery.attempts) == (message_id, event, 1, 2)
    assert effects(client, prefix, event) == 1
    assert bus.dead_letters() == []


def test_event_handled_by_a_consumer_killed_before_acknowledging_is_not_handled_again(
    bus: RecordingBus, client: redis.Redis, prefix: str
) -> None:
    event = publish_scan_request(bus)
    handler = counting_handler(client, prefix)

    message_id, _ = run_doomed_consumer(prefix, handle_first=True)
    assert effects(client, prefix, event) == 1
    time.sleep(RECLAIM_MS / 1000 + 0.05)
    assert consume(bus, GROUP, "survivor", TYPES, handler, block_ms=0) == 1  # acknowledged, handler skipped
    time.sleep(RECLAIM_MS / 1000 + 0.05)
    assert consume(bus, GROUP, "survivor", TYPES, handler, block_ms=0) == 0

    [redelivery] = bus.deliveries
    assert (redelivery.message_id, redelivery.attempts) == (message_id, 2)
    assert effects(client, prefix, event) == 1
    assert client.xpending(bus.stream_key(ScanRequested.type), GROUP)["pending"] == 0
