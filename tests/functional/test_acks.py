"""At least once: a batch is acked only after everything it produced was sent."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Any

import pytest

from streams.agents import Worker
from streams.app import make_app
from streams.settings import Settings


class FakeStream:
    def __init__(self, batches: list[list[str]]) -> None:
        self.batches = batches
        self.log: list[str] = []

    async def noack_take(self, max_: int, within: float) -> AsyncIterator[list[str]]:
        for batch in self.batches:
            yield batch

    async def ack(self, event: str) -> None:
        self.log.append(f"ack {event}")


def make_worker(stream: FakeStream, fail_on: str | None = None) -> Worker:
    worker: Worker = make_app(Settings(web_enabled=False)).streams_worker  # type: ignore[attr-defined]
    worker.started.set()

    async def handle(events: Sequence[Any]) -> None:
        if fail_on in events:
            raise ConnectionError("broker refused the send")
        stream.log.append(f"sent {','.join(events)}")

    worker.handle = handle  # type: ignore[method-assign]
    return worker


async def test_acks_follow_the_sends() -> None:
    stream = FakeStream([["a", "b"], ["c"]])
    await make_worker(stream).consume(stream)
    assert stream.log == ["sent a,b", "ack a", "ack b", "sent c", "ack c"]


async def test_a_failed_send_leaves_the_batch_unacked_and_stops_the_worker() -> None:
    stream = FakeStream([["a"], ["b", "c"], ["d"]])
    with pytest.raises(ConnectionError):
        await make_worker(stream, fail_on="b").consume(stream)
    assert stream.log == ["sent a", "ack a"]  # b, c and d are consumed again after restart


def test_the_app_crashes_rather_than_restarting_a_failed_agent() -> None:
    import mode

    app = make_app(Settings(web_enabled=False))
    assert app.conf.agent_supervisor is mode.CrashingSupervisor
