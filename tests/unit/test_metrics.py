"""The worker's metrics, fed as the worker feeds them; the HTTP scrape is in
tests/integration/test_operations.py."""

from __future__ import annotations

import logging
from types import SimpleNamespace

import orjson
import pytest
from faust.types import TP
from prometheus_client.parser import text_string_to_metric_families

from streams import testing
from streams.handling import ExtractResult, Inbound, decode_all, outbound_for
from streams.metrics import OutputSensor, WorkerMetrics, consumer_lag, refresh_lag
from streams.records import Extractor, SourcePosition
from streams.settings import Settings

SETTINGS = Settings()
POS = SourcePosition(topic="articles", partition=1, offset=41)


def samples(metrics: WorkerMetrics) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    text, _ = metrics.render()
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text.decode())
        for s in family.samples
    }


def publish(sensor: OutputSensor, outbound: list) -> None:  # type: ignore[type-arg]
    """What faust does for each send the broker acknowledges."""
    for o in outbound:
        message = SimpleNamespace(value=o.value, headers=list(o.headers))
        state = sensor.on_send_initiated(None, o.topic, message, 0, len(o.value))
        sensor.on_send_completed(None, state, None)


def test_published_events_dead_letters_and_receipts_are_counted(
    caplog: pytest.LogCaptureFixture,
) -> None:
    metrics = WorkerMetrics(SETTINGS)
    sensor = OutputSensor(metrics, SETTINGS)
    extractor = Extractor(version="t", model="m")
    good = Inbound(key=None, value=testing.article_message(), position=POS)
    events = [testing.event("occurred"), testing.event("planned")]
    publish(sensor, outbound_for(good, testing.sample_article(), ExtractResult(events),
                                 SETTINGS, extractor))  # fmt: skip
    bad = Inbound(key=None, value=b'{"id": "b1", "body": ""}', position=POS)
    [decoded] = decode_all([bad], SETTINGS)
    with caplog.at_level(logging.WARNING, logger="streams.metrics"):
        publish(sensor, outbound_for(bad, decoded, None, SETTINGS, extractor))
    sensor.on_message_in(SimpleNamespace(topic="articles", partition=1), 41, None)

    got = samples(metrics)
    assert got[("streams_events_published_total", (("status", "occurred"), ("type", "call")))] == 1
    assert got[("streams_events_published_total", (("status", "planned"), ("type", "call")))] == 1
    key = ("streams_dead_letters_total", (("reason", "DecodeError"), ("stage", "decode")))
    assert got[key] == 1
    assert got[("streams_receipts_total", (("outcome", "events"),))] == 1
    assert got[("streams_receipts_total", (("outcome", "dead_letter"),))] == 1
    consumed = ("streams_articles_consumed_total", (("partition", "1"), ("topic", "articles")))
    assert got[consumed] == 1
    [line] = caplog.records
    assert (line.topic, line.partition, line.offset, line.article_id) == ("articles", 1, 41, "b1")


def test_a_refused_send_counts_as_an_error_not_as_published() -> None:
    metrics = WorkerMetrics(SETTINGS)
    sensor = OutputSensor(metrics, SETTINGS)
    message = SimpleNamespace(value=orjson.dumps({"status": "occurred"}), headers=[])
    state = sensor.on_send_initiated(None, "events.call", message, 0, 0)
    sensor.on_send_error(None, RuntimeError("refused"), state)
    got = samples(metrics)
    assert got[("streams_send_errors_total", (("topic", "events.call"),))] == 1
    assert not any(name == "streams_events_published_total" for name, _ in got)


def test_a_value_that_is_not_ours_is_counted_not_raised() -> None:
    metrics = WorkerMetrics(SETTINGS)
    sensor = OutputSensor(metrics, SETTINGS)
    for topic in ("events.call", "articles.processed", "articles.dlq"):
        state = sensor.on_send_initiated(
            None, topic, SimpleNamespace(value=b"[", headers=None), 0, 0
        )
        sensor.on_send_completed(None, state, None)
    got = samples(metrics)
    assert got[("streams_events_published_total", (("status", "unknown"), ("type", "call")))] == 1
    assert got[("streams_receipts_total", (("outcome", "unknown"),))] == 1
    key = ("streams_dead_letters_total", (("reason", "unknown"), ("stage", "unknown")))
    assert got[key] == 1


def test_batches_and_extraction_time() -> None:
    metrics = WorkerMetrics(SETTINGS)
    with metrics.extraction_batch(5):
        pass
    with metrics.extraction_batch(32):
        pass
    got = samples(metrics)
    assert got[("streams_batch_size_count", ())] == 2
    assert got[("streams_batch_size_sum", ())] == 37
    assert got[("streams_batch_size_bucket", (("le", "8.0"),))] == 1
    assert got[("streams_extraction_seconds_count", ())] == 2


def test_consumer_lag_is_end_minus_committed() -> None:
    ends = {("a", 0): 10, ("a", 1): 5, ("a", 2): None, ("a", 3): 7}
    committed = {("a", 0): 4, ("a", 1): None, ("a", 2): 1, ("a", 3): 7}
    earliest = {("a", 1): 2}
    assert consumer_lag(ends, committed, earliest) == {("a", 0): 6, ("a", 1): 3, ("a", 3): 0}
    metrics = WorkerMetrics(SETTINGS)
    metrics.set_lag({("a", 0): 6})
    metrics.set_lag({("a", 1): 3})  # partition 0 was revoked: its series goes
    got = samples(metrics)
    assert got[("streams_consumer_lag", (("partition", "1"), ("topic", "a")))] == 3
    assert ("streams_consumer_lag", (("partition", "0"), ("topic", "a"))) not in got


def test_openmetrics_when_the_scraper_asks_for_it() -> None:
    metrics = WorkerMetrics(SETTINGS)
    text, content_type = metrics.render()
    assert content_type.startswith("text/plain; version=0.0.4")
    assert b"streams_build_info{" in text
    text, content_type = metrics.render("application/openmetrics-text; version=1.0.0")
    assert content_type.startswith("application/openmetrics-text")
    assert text.endswith(b"# EOF\n")


class FakeConsumer:
    def __init__(self, started: bool = True) -> None:
        self.started = started
        self._committed_offset = {TP("articles", 0): 4, TP("articles", 1): None}

    def assignment(self) -> set[TP]:
        if not self.started:
            raise RuntimeError("consumer not started")
        return {TP("articles", 0), TP("articles", 1), TP("other", 0)}

    async def highwaters(self, *tps: TP) -> dict[TP, int]:
        return dict.fromkeys(tps, 10)

    async def earliest_offsets(self, *tps: TP) -> dict[TP, int]:
        return dict.fromkeys(tps, 3)


async def test_lag_of_the_assigned_input_partitions_at_scrape_time() -> None:
    metrics = WorkerMetrics(SETTINGS)
    await refresh_lag(SimpleNamespace(consumer=FakeConsumer()), metrics, "articles")  # type: ignore[arg-type]
    got = samples(metrics)
    assert got[("streams_consumer_lag", (("partition", "0"), ("topic", "articles")))] == 6
    assert got[("streams_consumer_lag", (("partition", "1"), ("topic", "articles")))] == 7
    starting = SimpleNamespace(consumer=FakeConsumer(started=False))
    await refresh_lag(starting, metrics, "articles")  # type: ignore[arg-type]
    assert not any(name == "streams_consumer_lag" for name, _ in samples(metrics))
