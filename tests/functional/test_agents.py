"""The agent under faust's own test harness (no broker): batching, routing, dead letters."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from typing import Any
from unittest.mock import AsyncMock

import orjson
import pytest

from streams.agents import Worker
from streams.app import make_app
from streams.settings import Settings


def _sent(future_value: Any = None) -> asyncio.Future[Any]:
    fut: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
    fut.set_result(future_value)
    return fut


@pytest.fixture(autouse=True, scope="module")
def _close_the_loop_faust_left_behind() -> Iterator[None]:
    """faust/mode set an event loop on the policy while building the consumer thread; close
    it here rather than let a later ``asyncio.run`` drop it unclosed."""
    yield
    policy = asyncio.get_event_loop_policy()
    try:
        loop = policy.get_event_loop()
    except RuntimeError:  # none was left behind this time
        return
    if not loop.is_running():
        loop.close()
    policy.set_event_loop(None)


@pytest.fixture()
async def worker() -> AsyncIterator[Worker]:
    # one actor: faust's test channel is not shared between concurrent actors
    settings = Settings(
        executor="inline", web_enabled=False, app_id="agent-test", agent_concurrency=1
    )
    app = make_app(settings)
    app.loop = asyncio.get_running_loop()
    app.finalize()
    app.conf.store = "memory://"
    app.flow_control.resume()
    w: Worker = app.streams_worker  # type: ignore[attr-defined]
    w.runner.start()  # inline: the real pipeline in this process; topics are not declared
    w.ready = True
    w.started.set()
    for topic in w.topics.outputs():
        topic.send = AsyncMock(side_effect=lambda **_: _sent())  # type: ignore[method-assign]
    yield w
    # The harness builds faust's consumer (and its thread's event loop) without starting
    # it; close that loop so it is not left for the garbage collector.
    consumer = app._consumer
    if consumer is not None:
        consumer._thread.thread_loop.close()


def sent_to(w: Worker, name: str) -> list[dict[str, Any]]:
    topic = w.topics.by_name()[name]
    return [orjson.loads(c.kwargs["value"]) for c in topic.send.call_args_list]  # type: ignore[attr-defined]


async def test_agent_routes_events_dead_letters_and_receipts(worker: Worker) -> None:
    agent = worker.app.agents["extract-events"]
    good = orjson.dumps(
        {
            "id": "a1",
            "published_at": "2021-02-03T12:00:00Z",
            "body": "Russia and the United States extended the New START treaty "
            "for five years on Wednesday.",
        }
    )
    settings = worker.settings
    receipts = worker.topics.by_name()[settings.receipts_topic]
    async with agent.test_context() as ctx:
        await ctx.put(good, key=b"a1")
        await ctx.put(b"{broken", key=b"bad")
        for _ in range(200):  # the real pipeline runs inline: wait for both receipts
            if receipts.send.call_count >= 2:  # type: ignore[attr-defined]
                break
            await asyncio.sleep(0.05)
    [ext] = sent_to(worker, settings.event_topic("treaty_extension"))
    assert ext["details"]["duration"] == "P5Y"
    assert {a["country"] for a in ext["actors"]} == {"RUS", "USA"}
    [dead] = sent_to(worker, settings.dlq_topic)
    assert dead["error"]["reason"].startswith("not JSON")
    outcomes = sorted(r["outcome"] for r in sent_to(worker, settings.receipts_topic))
    assert outcomes == ["dead_letter", "events"]
    assert worker.processed == 2
