"""At least once, in order: a batch is acked only after everything it produced was sent
and every batch taken before it was acked, whatever the number of batches in flight.

Regression for issue 9: with two faust agent instances, a batch that finished first was
acked while an earlier one was still sending; faust then committed past the earlier one,
and when its send failed and the worker crashed, its inputs were never delivered again.
"""

from __future__ import annotations

import asyncio
import random
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from typing import Any

import pytest

from streams.agents import Worker
from streams.app import make_app
from streams.settings import Settings


@dataclass(frozen=True)
class Message:
    topic: str
    partition: int
    offset: int


@dataclass(frozen=True)
class Event:
    message: Message


def batch(*offsets: int) -> list[Event]:
    return [Event(Message("articles", 0, o)) for o in offsets]


class FakeStream:
    """noack_take over fixed batches; then, if ``hang``, waits for input that never comes."""

    def __init__(self, batches: list[list[Event]], hang: bool = False) -> None:
        self.batches = batches
        self.hang = hang
        self.log: list[str] = []

    async def noack_take(self, max_: int, within: float) -> AsyncIterator[list[Event]]:
        for b in self.batches:
            yield b
        if self.hang:
            await asyncio.Event().wait()

    async def ack(self, event: Event) -> None:
        self.log.append(f"ack {event.message.offset}")


def make_worker(
    stream: FakeStream,
    depth: int = 2,
    delays: dict[int, float] | None = None,
    fail_on: int | None = None,
) -> Worker:
    settings = Settings(web_enabled=False, agent_concurrency=depth)
    worker: Worker = make_app(settings).streams_worker  # type: ignore[attr-defined]
    worker.started.set()

    async def handle(events: Sequence[Any]) -> None:
        first = events[0].message.offset
        await asyncio.sleep((delays or {}).get(first, 0.0))
        if fail_on is not None and any(e.message.offset == fail_on for e in events):
            raise ConnectionError("broker refused the send")
        stream.log.append("sent " + ",".join(str(e.message.offset) for e in events))

    worker.handle = handle  # type: ignore[method-assign]
    return worker


async def test_acks_follow_the_sends() -> None:
    stream = FakeStream([batch(0, 1), batch(2)])
    await make_worker(stream, depth=1).consume(stream)
    assert stream.log == ["sent 0,1", "ack 0", "ack 1", "sent 2", "ack 2"]


async def test_a_later_batch_that_finishes_first_waits_for_the_earlier_one() -> None:
    stream = FakeStream([batch(0, 1), batch(2, 3), batch(4)])
    worker = make_worker(stream, depth=3, delays={0: 0.2})
    await worker.consume(stream)
    await asyncio.sleep(0.3)  # the last batches finish after consume returns
    acks = [line for line in stream.log if line.startswith("ack")]
    assert acks == ["ack 0", "ack 1", "ack 2", "ack 3", "ack 4"]
    assert stream.log.index("sent 2,3") < stream.log.index("sent 0,1")  # they did overlap


async def test_acks_stay_in_order_whatever_order_batches_finish() -> None:
    rng = random.Random(9)  # noqa: S311 - reproducible, not secret
    batches = [batch(2 * i, 2 * i + 1) for i in range(30)]
    delays = {2 * i: rng.random() / 50 for i in range(30)}
    stream = FakeStream(batches)
    await make_worker(stream, depth=4, delays=delays).consume(stream)
    await asyncio.sleep(0.2)
    acks = [int(line.split()[1]) for line in stream.log if line.startswith("ack")]
    assert acks == list(range(60))


async def test_a_failed_send_leaves_it_and_every_later_batch_unacked() -> None:
    stream = FakeStream([batch(0), batch(1, 2), batch(3)])
    worker = make_worker(stream, depth=2, fail_on=1)
    with pytest.raises(ConnectionError):
        await worker.consume(stream)
    await asyncio.sleep(0.1)
    assert [line for line in stream.log if line.startswith("ack")] == ["ack 0"]


async def test_a_failure_while_waiting_for_input_still_stops_the_agent() -> None:
    stream = FakeStream([batch(0)], hang=True)
    worker = make_worker(stream, depth=2, fail_on=0)
    with pytest.raises(ConnectionError):
        await asyncio.wait_for(worker.consume(stream), timeout=30)
    assert stream.log == []


def test_one_faust_agent_instance_whatever_the_concurrency_setting() -> None:
    app = make_app(Settings(web_enabled=False, agent_concurrency=4))
    assert app.agents["extract-events"].concurrency == 1


def test_the_app_crashes_rather_than_restarting_a_failed_agent() -> None:
    import mode

    app = make_app(Settings(web_enabled=False))
    assert app.conf.agent_supervisor is mode.CrashingSupervisor
