"""The agent: decode, batch, extract off the loop, send, and only then let faust ack.

It knows nothing about NLP (``streams.extract``) and holds no per-message policy
(``streams.handling``): it moves bytes between Kafka and those pure functions. Batches
are acked strictly in the order they were taken (``streams.ordering``), so the committed
offset never passes an input whose outputs are not all acknowledged by the broker.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from functools import partial
from typing import Any

import faust
from faust.types import EventT

from streams.handling import Inbound, decode_all, outbound_for
from streams.log_limit import limit_repeats
from streams.metrics import WorkerMetrics
from streams.monitor import TP, LoopLagMonitor, Progress
from streams.ordering import InOrderAcks
from streams.records import Article, Extractor, SourcePosition
from streams.runner import NlpRunner
from streams.sending import Group, Sender
from streams.service import install_health
from streams.settings import Settings
from streams.topics import Topics, declare_topics
from streams.version import __version__

log = logging.getLogger(__name__)


class Worker:
    """The state one worker process keeps: topics, the NLP runner, what it watches."""

    def __init__(self, app: faust.App, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self.topics: Topics = declare_topics(app, settings)
        self.runner = NlpRunner(settings)
        self.monitor = LoopLagMonitor()
        self.metrics = WorkerMetrics(settings)
        self.progress = Progress(settings.ready_stall_seconds)
        self.extractor = Extractor(version=__version__, model=settings.model)
        self.sender = Sender(self.topics.by_name(), settings, self.extractor)
        self.ready = False
        self.started = asyncio.Event()
        self.processed = 0
        self._order: InOrderAcks | None = None

    async def start(self) -> None:
        limit_repeats()  # faust has set up logging by now; a broker outage must not flood it
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
        """Batches off the stream, up to ``agent_concurrency`` in flight, each acked once
        everything it produced is acknowledged by the broker and every batch before it is
        acked. A batch that raises (``SendFailed``, ``STREAMS_ON_ERROR=fail``, no NLP
        process) stops the worker with it and every later batch unacked."""
        await self.started.wait()
        me = asyncio.current_task()
        failures: list[BaseException] = []

        def fail(exc: BaseException) -> None:
            failures.append(exc)
            if me is not None:
                me.cancel()  # wakes this loop even while it waits for input

        order = self._order = InOrderAcks(self.settings.agent_concurrency, fail)
        batches = stream.noack_take(self.settings.batch_size, within=self.settings.batch_within)
        try:
            async for events in batches:  # noack_take: faust leaves acking to us
                self.progress.taken(_positions(events))
                await order.submit(partial(self.handle, events), partial(self._ack, stream, events))
            await order.drain()  # the stream ended (the agent stops): finish what is taken
        except asyncio.CancelledError:
            if failures:
                raise failures[0] from None
            raise
        finally:
            order.cancel()

    async def _ack(self, stream: Any, events: Sequence[EventT[bytes]]) -> None:
        for event in events:
            await stream.ack(event)
        self.progress.done(_positions(events))

    async def handle(self, events: Sequence[EventT[bytes]]) -> None:
        """Process one batch; returns once every outbound message is acknowledged by Kafka."""
        inbound = [_inbound(e) for e in events]
        decoded = decode_all(inbound, self.settings)
        articles = [d for d in decoded if isinstance(d, Article)]
        with self.metrics.extraction_batch(len(inbound)):
            results = iter(await self.runner.run(articles))
        groups = []
        for msg, dec in zip(inbound, decoded, strict=True):
            result = next(results) if isinstance(dec, Article) else None
            out = outbound_for(msg, dec, result, self.settings, self.extractor)
            groups.append(Group(msg, dec, out))
        await self.sender.send(groups)
        self.processed += len(inbound)

    @property
    def in_flight(self) -> int:
        """Batches taken and not yet acked (or failed)."""
        return 0 if self._order is None else self._order.in_flight

    @property
    def nlp_processes(self) -> list[int]:
        return self.runner.processes

    def stats(self) -> dict[str, Any]:
        return {
            "ready": self.ready,
            "processed": self.processed,
            "nlp_processes": self.runner.processes,
            "loop_lag_max_s": round(self.monitor.max_lag, 4),
            "loop_lag_last_s": round(self.monitor.last_lag, 4),
        }


def _inbound(event: EventT[bytes]) -> Inbound:
    msg = event.message
    position = SourcePosition(topic=msg.topic, partition=msg.partition, offset=msg.offset)
    return Inbound(key=msg.key, value=msg.value, position=position)


def _positions(events: Sequence[EventT[bytes]]) -> list[tuple[TP, int]]:
    return [((e.message.topic, e.message.partition), e.message.offset) for e in events]


def install(app: faust.App, settings: Settings) -> Worker:
    """Register the agent, start-up and shutdown hooks and web pages on ``app``."""
    worker = Worker(app, settings)

    # One agent instance: it keeps agent_concurrency batches in flight itself and acks
    # them in order (faust's concurrency=n would ack out of order; streams/ordering.py).
    @app.agent(worker.topics.articles, name="extract-events", concurrency=1)
    async def extract_events(stream: faust.StreamT[bytes]) -> None:
        await worker.consume(stream)

    install_health(app, worker, settings)
    app.streams_worker = worker  # type: ignore[attr-defined]
    return worker
