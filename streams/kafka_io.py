"""Plain aiokafka clients for the CLI: a producer of articles and a reader of the outputs."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path
from typing import TextIO

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from tqdm import tqdm

from streams.records import EVENT_TYPES
from streams.settings import Settings
from streams.sources import iter_raw


def bootstrap(settings: Settings) -> str:
    """``kafka://h1:9092;h2:9092`` (faust's form) → ``h1:9092,h2:9092`` (aiokafka's)."""
    hosts = settings.broker_url.replace(";", ",").split(",")
    return ",".join(h.split("://", 1)[-1] for h in hosts)


def _key(raw: bytes) -> bytes | None:
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    article_id = data.get("id") if isinstance(data, dict) else None
    return article_id.encode() if isinstance(article_id, str) else None


async def produce_files(
    paths: list[Path], settings: Settings, topic: str, repeat: int, rate: float, as_is: bool
) -> int:
    if as_is:
        docs = [line for p in paths for line in p.read_bytes().splitlines() if line.strip()]
    else:
        docs = list(iter_raw(paths))
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap(settings),
        acks="all",
        max_request_size=max(1_048_576, settings.max_article_bytes + 4096),
    )
    await producer.start()
    sent = 0
    t0 = time.perf_counter()
    try:
        with tqdm(total=len(docs) * repeat, unit="article", disable=None, file=sys.stderr) as bar:
            for _ in range(repeat):
                for raw in docs:
                    await producer.send(topic, raw, key=_key(raw))
                    sent += 1
                    bar.update(1)
                    if rate > 0 and (ahead := sent / rate - (time.perf_counter() - t0)) > 0:
                        await asyncio.sleep(ahead)
        await producer.flush()
    finally:
        await producer.stop()
    return sent


async def consume_outputs(
    settings: Settings,
    idle: float,
    max_messages: int,
    dead_letters: bool,
    receipts: bool,
    as_json: bool,
    out: TextIO,
) -> int:
    topics = [settings.event_topic(t) for t in EVENT_TYPES]
    topics += [settings.dlq_topic] if dead_letters else []
    topics += [settings.receipts_topic] if receipts else []
    consumer = AIOKafkaConsumer(
        *topics,
        bootstrap_servers=bootstrap(settings),
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        group_id=None,
    )
    await consumer.start()
    n = 0
    try:
        while not max_messages or n < max_messages:
            batch = await consumer.getmany(timeout_ms=int(idle * 1000))
            if not batch:
                break
            for records in batch.values():
                for rec in records:
                    out.write(_render(rec.topic, rec.value, as_json) + "\n")
                    n += 1
            out.flush()
    finally:
        await consumer.stop()
    return n


def _render(topic: str, value: bytes | None, as_json: bool) -> str:
    if as_json or value is None:
        return (value or b"null").decode("utf-8", "replace")
    data = orjson.loads(value)
    if "event_id" in data:
        actors = ", ".join(
            f"{a['name']}({a['country'] or a['org'] or '?'}:{a['role']})" for a in data["actors"]
        )
        date = data["date"]["value"] or "-"
        return (
            f"{topic:<24} {data['status']:<9} {date:<10} conf={data['confidence']:.2f} "
            f"[{actors}] trigger={data['evidence']['trigger']!r} {_details(data['details'])}"
        )
    if "error" in data:
        err = data["error"]
        return f"{topic:<24} {err['stage']}: {err['reason']}"
    return f"{topic:<24} {data.get('article_id')}: {data.get('outcome')}"


def _details(details: dict[str, object]) -> str:
    return " ".join(f"{k}={v}" for k, v in details.items() if v is not None)
