"""Plain aiokafka clients outside the worker: built in one place, with the security settings.

- ``make_producer``, ``make_consumer``, ``make_admin``: every aiokafka client of the CLI,
  the demo, the benchmark and the tests (TLS and SASL from ``streams.security``).
- ``OutputReader``: the one reader of output topics (events, dead letters, receipts):
  the ``consume`` command, the demo, the benchmark and the integration tests use it.
- ``produce_inputs`` and ``consume_outputs``: the ``produce`` and ``consume`` commands.

A broker that cannot be reached or refuses us (TLS, SASL) raises ``KafkaUnavailable``
with the reason, which the CLI prints without a traceback.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import IO, Any

import orjson
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient
from aiokafka.errors import KafkaError, MessageSizeTooLargeError, RecordTooLargeError
from tqdm import tqdm

from streams.decode import decode_article
from streams.errors import DecodeError, StreamsError
from streams.records import EVENT_TYPES
from streams.security import aiokafka_options, bootstrap_servers
from streams.settings import Settings
from streams.sources import BadInput, Item, read_inputs, read_lines

# refusals that concern one message (its size), not the connection
_TOO_LARGE = (MessageSizeTooLargeError, RecordTooLargeError)


class KafkaUnavailable(StreamsError):
    """The broker could not be reached, or refused the connection or a request."""


def make_producer(settings: Settings, **options: Any) -> AIOKafkaProducer:
    defaults = {"acks": "all", "max_request_size": settings.dead_letter_max_bytes}
    return AIOKafkaProducer(**aiokafka_options(settings), **(defaults | options))


def make_consumer(settings: Settings, *topics: str, **options: Any) -> AIOKafkaConsumer:
    return AIOKafkaConsumer(*topics, **aiokafka_options(settings), **options)


def make_admin(settings: Settings, **options: Any) -> AIOKafkaAdminClient:
    return AIOKafkaAdminClient(**aiokafka_options(settings), **options)


async def started(client: Any, settings: Settings) -> Any:
    """``await client.start()``, a failure told as ``KafkaUnavailable`` with its reason."""
    try:
        await client.start()
    except (KafkaError, OSError) as exc:
        await _close(client)
        raise unavailable(settings, exc) from None
    return client


def unavailable(settings: Settings, exc: BaseException) -> KafkaUnavailable:
    where = f"{bootstrap_servers(settings)} ({settings.security_protocol})"
    name, text = type(exc).__name__, str(exc)
    # aiokafka's messages often start with their class name already
    return KafkaUnavailable(
        f"Kafka at {where}: {text if text.startswith(name) else f'{name}: {text}'}"
    )


async def _close(client: Any) -> None:
    # closing a client that never started may fail too; the start's error is the news
    with contextlib.suppress(Exception):
        await (client.close() if isinstance(client, AIOKafkaAdminClient) else client.stop())


@dataclass(frozen=True, slots=True)
class OutputRecord:
    """One record read back, with its headers as a dict."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    value: bytes | None
    headers: dict[str, bytes]
    timestamp_ms: int


class OutputReader:
    """Reads topics without a consumer group (nothing committed, nothing shared), from the
    beginning or, with ``from_end``, only what arrives after ``settle()``::

        async with OutputReader(settings, ["events.call"]) as reader:
            records = await reader.read_until(lambda rs: len(rs) >= 3, timeout=60)
    """

    def __init__(self, settings: Settings, topics: Iterable[str], *, from_end: bool = False):
        self.settings = settings
        self.consumer = make_consumer(
            settings,
            *topics,
            group_id=None,
            enable_auto_commit=False,
            auto_offset_reset="latest" if from_end else "earliest",
        )

    async def __aenter__(self) -> OutputReader:
        await started(self.consumer, self.settings)
        return self

    async def __aexit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        await self.consumer.stop()

    async def settle(self) -> None:
        """Fix the start positions now (``from_end``: records produced later are read)."""
        await self.poll(1.0)

    async def poll(self, timeout: float) -> list[OutputRecord]:
        """What arrived within ``timeout`` seconds (an empty list when nothing did)."""
        try:
            batch = await self.consumer.getmany(timeout_ms=int(timeout * 1000))
        except KafkaError as exc:
            raise unavailable(self.settings, exc) from None
        return [_record(r) for records in batch.values() for r in records]

    async def read_until(
        self,
        done: Callable[[list[OutputRecord]], bool],
        *,
        timeout: float,
        linger: float = 0.0,
    ) -> list[OutputRecord]:
        """Read until ``done(records)`` or ``timeout`` seconds, then ``linger`` seconds more
        (so that a late duplicate or the last batch's stragglers are seen too)."""
        records: list[OutputRecord] = []
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not done(records):
            records += await self.poll(0.5)
        end = time.monotonic() + linger
        while time.monotonic() < end:
            records += await self.poll(min(0.2, max(0.0, end - time.monotonic())))
        return records


def _record(r: Any) -> OutputRecord:
    return OutputRecord(
        r.topic, r.partition, r.offset, r.key, r.value, dict(r.headers or ()), r.timestamp
    )


async def read_outputs(
    settings: Settings,
    topics: Iterable[str],
    done: Callable[[list[OutputRecord]], bool],
    *,
    timeout: float,
    linger: float = 0.0,
) -> list[OutputRecord]:
    """``OutputReader.read_until`` in one call, from the beginning of ``topics``."""
    async with OutputReader(settings, topics) as reader:
        return await reader.read_until(done, timeout=timeout, linger=linger)


def output_topics(settings: Settings, *, dead_letters: bool, receipts: bool) -> list[str]:
    topics = [settings.event_topic(t) for t in EVENT_TYPES]
    topics += [settings.dlq_topic] if dead_letters else []
    return topics + ([settings.receipts_topic] if receipts else [])


# --- the produce command -----------------------------------------------------------------
@dataclass(frozen=True, slots=True)
class ProduceResult:
    sent: int
    bad: int


async def produce_inputs(
    names: list[str],
    settings: Settings,
    topic: str,
    *,
    repeat: int = 1,
    rate: float = 0.0,
    as_is: bool = False,
    stdin: IO[bytes] | None = None,
    report: Callable[[str, str], None],
) -> ProduceResult:
    """Send the articles of ``names`` to ``topic``. Bad inputs are reported (with their
    place) and not sent, unless ``as_is``; the good ones are sent all the same. Nothing is
    sent when nothing is good, so no broker is needed to find out."""
    docs, bad = _sendable(names, settings, as_is, stdin, report)
    if not docs:
        return ProduceResult(0, bad)
    producer = await started(make_producer(settings, linger_ms=5), settings)
    try:
        pending = await _send_all(producer, topic, docs * repeat, rate, report)
        outcomes = await asyncio.gather(*(f for _, f in pending), return_exceptions=True)
    except KafkaError as exc:
        raise unavailable(settings, exc) from None
    finally:
        await producer.stop()
    refused = [(place, o) for (place, _), o in zip(pending, outcomes, strict=True) if o is not None]
    for place, outcome in refused:
        if not isinstance(outcome, _TOO_LARGE):
            raise unavailable(settings, outcome)  # not this message's fault: say so, stop
        report(place, f"the broker refused it: {type(outcome).__name__}")
    skipped = len(docs) * repeat - len(pending)
    return ProduceResult(len(pending) - len(refused), bad + skipped + len(refused))


async def _send_all(
    producer: AIOKafkaProducer,
    topic: str,
    docs: list[tuple[str, bytes]],
    rate: float,
    report: Callable[[str, str], None],
) -> list[tuple[str, asyncio.Future[Any]]]:
    """Queue every message (at ``rate`` per second, 0: no limit); their acks come later."""
    pending: list[tuple[str, asyncio.Future[Any]]] = []
    started_at = time.perf_counter()
    with tqdm(total=len(docs), unit="article", disable=None) as bar:
        for i, (place, raw) in enumerate(docs):
            try:
                future = await producer.send(topic, raw, key=_key(raw))
            except _TOO_LARGE as exc:  # checked before sending: this message alone
                report(place, f"the producer refused it: {exc}")
            else:
                pending.append((place, _quiet(future)))
            bar.update(1)
            if rate > 0 and (ahead := (i + 1) / rate - (time.perf_counter() - started_at)) > 0:
                await asyncio.sleep(ahead)
    return pending


def _quiet(future: asyncio.Future[Any]) -> asyncio.Future[Any]:
    """The ack as None or the exception, never raised (``gather`` collects them)."""

    async def outcome() -> BaseException | None:
        try:
            await future
        except KafkaError as exc:
            refused: BaseException = exc
            return refused
        return None

    return asyncio.ensure_future(outcome())


def _sendable(
    names: list[str],
    settings: Settings,
    as_is: bool,
    stdin: IO[bytes] | None,
    report: Callable[[str, str], None],
) -> tuple[list[tuple[str, bytes]], int]:
    reads = read_lines(names, stdin) if as_is else read_inputs(names, stdin)
    docs: list[tuple[str, bytes]] = []
    bad = 0
    for read in reads:
        problem = read.reason if isinstance(read, BadInput) else None
        if isinstance(read, Item) and not as_is:
            problem = _invalid(read.raw, settings)
        if problem is not None:
            bad += 1
            report(read.place, problem)
        elif isinstance(read, Item):
            docs.append((read.place, read.raw))
    return docs, bad


def _invalid(raw: bytes, settings: Settings) -> str | None:
    """Why the worker would dead-letter this article (None: it would not)."""
    try:
        decode_article(raw, max_bytes=settings.max_article_bytes, unknown_fields="ignore")
    except DecodeError as exc:
        return str(exc)
    return None


def _key(raw: bytes) -> bytes | None:
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return None
    article_id = data.get("id") if isinstance(data, dict) else None
    return article_id.encode() if isinstance(article_id, str) else None


# --- the consume command -----------------------------------------------------------------
async def consume_outputs(
    settings: Settings,
    topics: list[str],
    *,
    idle: float,
    max_messages: int,
    as_json: bool,
    out: IO[str],
) -> int:
    """Print what ``topics`` hold until ``idle`` seconds pass without a record, or
    ``max_messages`` (0: no limit) are printed. Returns how many were printed."""
    n = 0
    async with OutputReader(settings, topics) as reader:
        while not max_messages or n < max_messages:
            records = await reader.poll(idle)
            if not records:
                break
            for rec in records[: max_messages - n if max_messages else None]:
                out.write(render(rec.topic, rec.value, as_json) + "\n")
                n += 1
            out.flush()
    return n


def render(topic: str, value: bytes | None, as_json: bool) -> str:
    """One line for a record: raw JSON, or a summary of an event, dead letter or receipt."""
    if as_json or value is None:
        return (value or b"null").decode("utf-8", "replace")
    try:
        data = orjson.loads(value)
    except orjson.JSONDecodeError:
        return value.decode("utf-8", "replace")
    if not isinstance(data, dict):
        return value.decode("utf-8", "replace")
    return _summary(topic, data)


def _summary(topic: str, data: Mapping[str, Any]) -> str:
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
    if "outcome" in data:
        return f"{topic:<24} {data.get('article_id')}: {data.get('outcome')}"
    return f"{topic:<24} {orjson.dumps(data).decode()}"


def _details(details: Mapping[str, object]) -> str:
    return " ".join(f"{k}={v}" for k, v in details.items() if v is not None)
