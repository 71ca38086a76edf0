"""Prometheus metrics of one worker, served as text on ``/metrics`` (prometheus-client).

Three sources feed them, so that the agent carries one hook only:

- ``WorkerMetrics.extraction_batch`` (the agent's hook): batch sizes and extraction seconds;
- ``OutputSensor``, a faust sensor: messages consumed, and every event, dead letter and
  receipt once the broker has acknowledged it (what was really published, read from the
  record's topic, headers and, for events and receipts, its small JSON value);
- at each scrape: consumer lag of the assigned input partitions and event-loop lag.

Each app gets a registry of its own (not prometheus-client's global one), so several apps in
one process (the tests) do not collide. Label values are bounded: event types and statuses,
error stages and classes, receipt outcomes, partitions.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections.abc import Iterator, Mapping
from typing import Any

import faust
import orjson
from faust.sensors import Sensor
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Gauge,
    Histogram,
    Info,
    ProcessCollector,
    disable_created_metrics,
)
from prometheus_client.exposition import choose_encoder

from streams.logs import at
from streams.records import EVENT_TYPES
from streams.settings import Settings
from streams.version import __version__

log = logging.getLogger(__name__)

# A scrape must answer even when the broker does not: lag is then left out, not stale.
LAG_TIMEOUT_S = 2.0
EXTRACTION_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120)
BATCH_BUCKETS = (1, 2, 4, 8, 16, 32, 64, 128, 256, 512)

TPKey = tuple[str, int]


class WorkerMetrics:
    """The metrics of one worker, in a registry of their own."""

    def __init__(self, settings: Settings) -> None:
        # no "_created" twin of every counter: Prometheus' text format keeps them as
        # series of their own, which doubles what is stored for no use here
        disable_created_metrics()  # type: ignore[no-untyped-call]
        r = self.registry = CollectorRegistry()
        self.consumed = Counter(
            "streams_articles_consumed", "Messages read from the input topic.",
            ["topic", "partition"], registry=r,
        )  # fmt: skip
        self.events = Counter(
            "streams_events_published", "Events acknowledged by the broker.",
            ["type", "status"], registry=r,
        )  # fmt: skip
        self.dead_letters = Counter(
            "streams_dead_letters", "Dead letters acknowledged by the broker.",
            ["stage", "reason"], registry=r,
        )  # fmt: skip
        self.receipts = Counter(
            "streams_receipts", "Receipts acknowledged by the broker, by outcome.",
            ["outcome"], registry=r,
        )  # fmt: skip
        self.send_errors = Counter(
            "streams_send_errors", "Sends the broker refused or that timed out.",
            ["topic"], registry=r,
        )  # fmt: skip
        self.extraction = Histogram(
            "streams_extraction_seconds", "Seconds the NLP step took for one batch.",
            buckets=EXTRACTION_BUCKETS, registry=r,
        )  # fmt: skip
        self.batch_size = Histogram(
            "streams_batch_size", "Messages per batch taken from the input topic.",
            buckets=BATCH_BUCKETS, registry=r,
        )  # fmt: skip
        self.lag = Gauge(
            "streams_consumer_lag",
            "Messages on an assigned input partition after the group's committed offset.",
            ["topic", "partition"], registry=r,
        )  # fmt: skip
        self.loop_lag = Gauge(
            "streams_event_loop_lag_seconds",
            "Latest extra delay of a 50 ms timer on the worker's event loop.", registry=r,
        )  # fmt: skip
        self.loop_lag_max = Gauge(
            "streams_event_loop_lag_max_seconds",
            "Longest extra delay of that timer since the worker started.", registry=r,
        )  # fmt: skip
        Info("streams_build", "Version and spaCy model of this worker.", registry=r).info(
            {"version": __version__, "model": settings.model}
        )
        ProcessCollector(registry=r)  # CPU seconds, resident memory, open files

    @contextlib.contextmanager
    def extraction_batch(self, messages: int) -> Iterator[None]:
        """Around the NLP call of one batch of ``messages`` consumed messages."""
        self.batch_size.observe(messages)
        started = time.perf_counter()
        try:
            yield
        finally:
            self.extraction.observe(time.perf_counter() - started)

    def set_lag(self, lag: Mapping[TPKey, int]) -> None:
        """Replace the lag series: a partition no longer assigned disappears."""
        self.lag.clear()
        for (topic, partition), value in lag.items():
            self.lag.labels(topic, str(partition)).set(value)

    def render(self, accept: str = "") -> tuple[bytes, str]:
        """The exposition and its content type: Prometheus text 0.0.4 unless the scraper
        asks for OpenMetrics (content negotiation as prometheus-client's own server)."""
        encoder, content_type = choose_encoder(accept)
        return encoder(self.registry), content_type


def consumer_lag(
    ends: Mapping[TPKey, int | None],
    committed: Mapping[TPKey, int | None],
    earliest: Mapping[TPKey, int],
) -> dict[TPKey, int]:
    """Per partition: end offset minus the committed offset (Kafka's "consumer group lag",
    as ``kafka-consumer-groups`` shows it), or minus the earliest offset when the group
    never committed there. Partitions whose end offset is unknown are left out."""
    out = {}
    for tp, end in ends.items():
        if end is None:
            continue
        start = committed.get(tp)
        if start is None:
            start = earliest.get(tp, 0)
        out[tp] = max(0, end - start)
    return out


class OutputSensor(Sensor):
    """Counts what the worker consumed and what the broker acknowledged it published, and
    logs each dead letter with the place of its input."""

    def __init__(self, metrics: WorkerMetrics, settings: Settings) -> None:
        super().__init__()
        self.metrics = metrics
        self.settings = settings
        self.event_topics = {settings.event_topic(t): t for t in EVENT_TYPES}

    def on_message_in(self, tp: Any, offset: int, message: Any) -> None:
        self.metrics.consumed.labels(tp.topic, str(tp.partition)).inc()

    def on_send_initiated(
        self, producer: Any, topic: str, message: Any, keysize: int, valsize: int
    ) -> Any:
        # the state handed back to on_send_completed / on_send_error
        return (topic, message.value, _headers(message.headers))

    def on_send_completed(self, producer: Any, state: Any, metadata: Any) -> None:
        topic, value, headers = state
        if topic in self.event_topics:
            status = _field(value, "status")
            self.metrics.events.labels(self.event_topics[topic], status).inc()
        elif topic == self.settings.dlq_topic:
            self._dead_letter(value, headers)
        elif topic == self.settings.receipts_topic:
            self.metrics.receipts.labels(_field(value, "outcome")).inc()

    def on_send_error(self, producer: Any, exc: BaseException, state: Any) -> None:
        self.metrics.send_errors.labels(state[0]).inc()

    def _dead_letter(self, value: bytes, headers: dict[str, bytes]) -> None:
        stage = headers.get("x-error-stage", b"unknown").decode()
        reason = headers.get("x-error-class", b"unknown").decode()
        self.metrics.dead_letters.labels(stage, reason).inc()
        article_id = _field(value, "article_id", None)
        place = at(
            topic=headers.get("x-source-topic", b"").decode() or None,
            partition=_int(headers.get("x-source-partition")),
            offset=_int(headers.get("x-source-offset")),
            article_id=article_id,
        )
        message = headers.get("x-error-message", b"").decode(errors="replace")
        # one line per input, never rate-limited (log_limit): it is what an operator greps
        # for, and bounded by the input; only faults that repeat by the second are limited
        place["streams_repeat_ok"] = True
        log.warning("dead letter (%s, %s): %s", stage, reason, message, extra=place)


def _field(value: bytes, name: str, missing: str | None = "unknown") -> Any:
    """One top-level field of a record we made; a sensor must never raise into faust's
    send callback, so anything unexpected is counted as ``missing``."""
    try:
        data = orjson.loads(value)
    except (orjson.JSONDecodeError, TypeError):
        return missing
    return data.get(name, missing) if isinstance(data, dict) else missing


def _headers(raw: Any) -> dict[str, bytes]:
    if not raw:
        return {}
    items = raw.items() if isinstance(raw, Mapping) else raw
    return {k: v for k, v in items}


def _int(raw: bytes | None) -> int | None:
    return int(raw) if raw and raw.isdigit() else None


async def refresh_lag(app: faust.App, metrics: WorkerMetrics, topic: str) -> None:
    """Recompute the lag gauge for the input partitions this worker owns; when the broker
    (or a consumer still starting) does not answer in time, lag is unknown, not zero."""
    try:
        lag = await asyncio.wait_for(_lag(app, topic), LAG_TIMEOUT_S)
    except Exception as exc:
        log.warning("consumer lag unknown: %s: %s", type(exc).__name__, exc)
        lag = {}
    metrics.set_lag(lag)


async def _lag(app: faust.App, topic: str) -> dict[TPKey, int]:
    tps = [tp for tp in app.consumer.assignment() if tp.topic == topic]
    if not tps:
        return {}
    ends = await app.consumer.highwaters(*tps)
    # faust's own record of the group's committed offsets: read at assignment, then
    # updated on every commit (faust-streaming 0.15.3; there is no public accessor)
    known = app.consumer._committed_offset  # type: ignore[attr-defined]
    committed = {tp: known.get(tp) for tp in tps}
    missing = [tp for tp in tps if committed[tp] is None]
    earliest = await app.consumer.earliest_offsets(*missing) if missing else {}
    return consumer_lag(_by_key(ends), _by_key(committed), _by_key(earliest))


def _by_key(by_tp: Mapping[Any, Any]) -> dict[TPKey, Any]:
    return {(tp.topic, tp.partition): v for tp, v in by_tp.items()}


def install_metrics(app: faust.App, worker: Any, settings: Settings) -> None:
    """Serve ``/metrics`` from ``worker.metrics`` and feed it from a faust sensor."""
    metrics: WorkerMetrics = worker.metrics
    app.sensors.add(OutputSensor(metrics, settings))

    @app.page("/metrics")
    async def metrics_page(web: Any, request: Any) -> Any:
        """Prometheus text exposition format."""
        await refresh_lag(app, metrics, settings.input_topic)
        metrics.loop_lag.set(worker.monitor.last_lag)
        metrics.loop_lag_max.set(worker.monitor.max_lag)
        body, content_type = metrics.render(request.headers.get("Accept", ""))
        # in headers, not content_type=: aiohttp refuses a charset in content_type
        return web.bytes(body, headers={"Content-Type": content_type})
