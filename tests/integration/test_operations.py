"""What an operator and other services see of a running worker, on the real broker:
Prometheus metrics scraped over HTTP, JSON log lines, CloudEvents headers, only our pages."""

from __future__ import annotations

import asyncio
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from datetime import datetime

import orjson
import pytest
from prometheus_client.parser import text_string_to_metric_families

from streams.cloudevents import schema_id
from tests.integration.conftest import (
    ROOT,
    Record,
    RunningWorker,
    consume_until,
    produce,
    start_worker,
    stop_worker,
)

pytestmark = pytest.mark.integration
SEED = ROOT / "seeds" / "000_823b45ff4b8f1464.txt"
TYPES = ("call", "boycott", "treaty_extension", "meeting", "sanction", "agreement", "threat")
SOURCE = "https://example.org/streams/test"
MESSAGES: list[tuple[bytes | None, bytes | None]] = [
    (b"ops-seed", orjson.dumps({"id": "ops-seed", "body": SEED.read_text(),
                                "published_at": "2021-12-15T18:00:00Z"})),
    (None, b"not json at all"),
    (b"ops-empty", b'{"id": "ops-empty", "body": ""}'),
]  # fmt: skip


@pytest.fixture(scope="module")
def observed(broker: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningWorker]:
    worker = start_worker(
        broker,
        tmp_path_factory.mktemp("operations"),
        STREAMS_LOG_FORMAT="json",
        STREAMS_CLOUDEVENTS_SOURCE=SOURCE,
    )
    yield worker
    stop_worker(worker)


@pytest.fixture(scope="module")
def records(observed: RunningWorker) -> list[Record]:
    asyncio.run(produce(observed.input_topic, MESSAGES))
    receipts = observed.topic("receipts")
    return asyncio.run(
        consume_until(
            [observed.topic(t) for t in (*TYPES, "dlq", "receipts")],
            lambda rs: sum(r.topic == receipts for r in rs) >= len(MESSAGES),
            timeout=120,
        )
    )


def get(worker: RunningWorker, path: str) -> tuple[int, dict[str, str], bytes]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{worker.port}{path}", timeout=5) as r:
            return r.status, dict(r.headers), r.read()
    except urllib.error.HTTPError as err:
        return err.code, dict(err.headers), err.read()


Samples = dict[tuple[str, tuple[tuple[str, str], ...]], float]


def scrape(worker: RunningWorker) -> tuple[str, Samples]:
    status, headers, body = get(worker, "/metrics")
    assert status == 200
    samples = {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(body.decode())
        for s in family.samples
    }
    return headers["Content-Type"], samples


def scrape_until(worker: RunningWorker, ready: object, timeout: float = 60) -> Samples:
    """Scrape until ``ready(samples)``: the broker's acks reach the worker's counters a
    moment after a consumer can read the records, and commits come every second."""
    deadline = time.monotonic() + timeout
    _, samples = scrape(worker)
    while not ready(samples) and time.monotonic() < deadline:  # type: ignore[operator]
        time.sleep(0.5)
        _, samples = scrape(worker)
    return samples


def total(samples: Samples, name: str, **labels: str) -> float:
    want = set(labels.items())
    return sum(v for (n, ls), v in samples.items() if n == name and want <= set(ls))


def test_metrics_over_http(observed: RunningWorker, records: list[Record]) -> None:
    content_type, _ = scrape(observed)
    assert content_type.startswith("text/plain; version=0.0.4")
    samples = scrape_until(
        observed,
        lambda s: total(s, "streams_receipts_total") >= len(MESSAGES)
        and {ls for n, ls in s if n == "streams_consumer_lag"}
        and all(v == 0 for (n, _), v in s.items() if n == "streams_consumer_lag"),
    )
    assert total(samples, "streams_articles_consumed_total", topic=observed.input_topic) == 3
    published = Counter(
        (orjson.loads(r.value or b"")["type"], orjson.loads(r.value or b"")["status"])
        for r in records
        if r.topic.startswith(observed.env["STREAMS_EVENT_TOPIC_PREFIX"])
    )
    assert published  # the seed has events
    for (kind, status), n in published.items():
        assert total(samples, "streams_events_published_total", type=kind, status=status) == n
    assert total(samples, "streams_events_published_total") == sum(published.values())
    assert total(samples, "streams_dead_letters_total", stage="decode", reason="DecodeError") == 2
    assert total(samples, "streams_receipts_total", outcome="dead_letter") == 2
    assert total(samples, "streams_receipts_total", outcome="events") == 1
    assert total(samples, "streams_batch_size_sum") == 3
    assert total(samples, "streams_extraction_seconds_count") >= 1
    lag = {dict(ls)["partition"] for n, ls in samples if n == "streams_consumer_lag"}
    assert lag == {"0", "1"}  # both input partitions are this worker's, and caught up
    assert ("streams_event_loop_lag_max_seconds", ()) in samples
    assert total(samples, "process_resident_memory_bytes") > 0


def test_json_log_lines_with_the_place_of_each_dead_letter(
    observed: RunningWorker, records: list[Record]
) -> None:
    scrape_until(observed, lambda s: total(s, "streams_dead_letters_total") >= 2)
    lines = [orjson.loads(line) for line in observed.log.read_text().splitlines() if line]
    assert len(lines) > 10 and all(isinstance(line, dict) for line in lines)
    dead = [line for line in lines if line["message"].startswith("dead letter")]
    assert {(d["topic"], d.get("article_id")) for d in dead} == {
        (observed.input_topic, None),
        (observed.input_topic, "ops-empty"),
    }
    assert all(isinstance(d["partition"], int) and isinstance(d["offset"], int) for d in dead)


def test_events_are_cloudevents_and_every_record_has_its_schema_version(
    records: list[Record], observed: RunningWorker
) -> None:
    events = [r for r in records if r.topic.startswith(observed.env["STREAMS_EVENT_TOPIC_PREFIX"])]
    assert events
    for r in events:
        event, h = orjson.loads(r.value or b""), r.headers
        assert h["ce_specversion"] == b"1.0"
        assert h["ce_id"] == r.key == event["event_id"].encode()
        assert h["ce_type"] == f"com.github.streams-events.{event['type']}".encode()
        assert h["ce_source"] == SOURCE.encode()
        assert h["ce_subject"] == b"ops-seed"
        assert h["ce_dataschema"] == schema_id("event").encode()
        assert h["content-type"] == b"application/json"
        assert datetime.fromisoformat(h["ce_time"].decode().replace("Z", "+00:00")).tzinfo
    for r in records:
        assert r.headers["x-schema-version"] == b"1"


def test_only_our_pages_are_served(observed: RunningWorker) -> None:
    assert get(observed, "/router/")[0] == 404  # faust's router page names the host
    assert get(observed, "/table/")[0] == 404
    assert get(observed, "/graph/")[0] == 404
    assert get(observed, "/metrics")[0] == 200
