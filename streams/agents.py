"""The agent: decode, batch, extract off the loop, send, and only then let faust ack.

It knows nothing about NLP (``streams.extract``) and holds no per-message policy
(``streams.handling``): it moves bytes between Kafka and those pure functions.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from typing import Any

import faust
import mode
from faust.types import EventT

from streams.handling import Inbound, Outbound, decode_all, outbound_for
from streams.monitor import LoopLagMonitor
from streams.records import Article, Extractor, SourcePosition
from streams.runner import NlpRunner
from streams.settings import Settings
from streams.topics import Topics, declare_topics
from streams.version import __version__

log = logging.getLogger(__name__)


class Worker:
    """The state one worker process keeps: topics, the NLP runner, the loop monitor."""

    def __init__(self, app: faust.App, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self.topics: Topics = declare_topics(app, settings)
        self.runner = NlpRunner(settings)
        self.monitor = LoopLagMonitor()
        self.extractor = Extractor(version=__version__, model=settings.model)
        self.ready = False
        self.started = asyncio.Event()
        self.processed = 0

    async def start(self) -> None:
        for topic in [self.topics.articles, *self.topics.outputs()]:
            await topic.maybe_declare()
        self.runner.start()
        await self.runner.warm_up()
        self.monitor.start()
        self.ready = True
        self.started.set()
        log.info("worker ready: model %s, executor %s", self.settings.model, self.settings.executor)

    async def stop(self) -> None:
        self.ready = False
        self.monitor.stop()
        self.runner.close()

    async def consume(self, stream: Any) -> None:
        """Batches off the stream; a batch is acked only once everything it produced is
        acknowledged by the broker. Anything that escapes ``handle`` (the broker refusing
        a send, ``STREAMS_ON_ERROR=fail``) crashes the worker (``CrashingSupervisor``)
        with the batch unacked, so Kafka delivers it again after the restart."""
        await self.started.wait()
        # noack_take yields events and leaves acking to us (faust-streaming 0.15.3)
        async for events in stream.noack_take(
            self.settings.batch_size, within=self.settings.batch_within
        ):
            await self.handle(events)
            for event in events:
                await stream.ack(event)

    async def handle(self, events: Sequence[EventT[bytes]]) -> None:
        """Process one batch; returns once every outbound message is acknowledged by Kafka."""
        inbound = [_inbound(e) for e in events]
        decoded = decode_all(inbound, self.settings)
        articles = [d for d in decoded if isinstance(d, Article)]
        results = iter(await self.runner.run(articles))
        outbound: list[Outbound] = []
        for msg, dec in zip(inbound, decoded, strict=True):
            result = next(results) if isinstance(dec, Article) else None
            outbound += outbound_for(msg, dec, result, self.settings, self.extractor)
        await self.send_all(outbound)
        self.processed += len(inbound)

    async def send_all(self, outbound: Sequence[Outbound]) -> None:
        by_name = self.topics.by_name()
        pending = [
            await by_name[o.topic].send(key=o.key, value=o.value, headers=list(o.headers))
            for o in outbound
        ]
        # At-least-once: faust acks this batch's offsets only when handle() returns,
        # so wait until the broker has every event, dead letter and receipt.
        await asyncio.gather(*pending)

    def stats(self) -> dict[str, Any]:
        return {
            "ready": self.ready,
            "processed": self.processed,
            "loop_lag_max_s": round(self.monitor.max_lag, 4),
            "loop_lag_last_s": round(self.monitor.last_lag, 4),
        }


def _inbound(event: EventT[bytes]) -> Inbound:
    msg = event.message
    position = SourcePosition(topic=msg.topic, partition=msg.partition, offset=msg.offset)
    return Inbound(key=msg.key, value=msg.value, position=position)


def install(app: faust.App, settings: Settings) -> Worker:
    """Register the agent, start-up and shutdown hooks and web pages on ``app``."""
    worker = Worker(app, settings)

    # Two agent instances keep the NLP process busy while the other batch's events are
    # sent and acknowledged; faust commits only offsets below every unacked message.
    @app.agent(
        worker.topics.articles, name="extract-events", concurrency=settings.agent_concurrency
    )
    async def extract_events(stream: faust.StreamT[bytes]) -> None:
        await worker.consume(stream)

    @app.service
    class WorkerService(mode.Service):
        """Starts the NLP runner with the app and stops it (and its children) with it."""

        async def on_start(self) -> None:
            await worker.start()

        async def on_stop(self) -> None:
            await worker.stop()

    @app.page("/readyz")
    async def readyz(web: Any, request: Any) -> Any:
        """200 once the model is loaded and input partitions are assigned, else 503."""
        assigned = sorted(
            tp.partition for tp in app.consumer.assignment() if tp.topic == settings.input_topic
        )
        ok = worker.ready and bool(assigned)
        body = {**worker.stats(), "input_partitions": assigned}
        return web.json(body, status=200 if ok else 503)

    app.streams_worker = worker  # type: ignore[attr-defined]
    return worker
