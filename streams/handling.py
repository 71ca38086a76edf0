"""What the worker sends for each consumed message: pure functions, no Kafka, no event loop.

The handler is total. Every message becomes events (plus a receipt), "no events" (a receipt),
or one dead letter (plus a receipt), so nothing consumed is lost without a trace.
"""

from __future__ import annotations

import base64
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from streams.decode import decode_article
from streams.errors import DecodeError, EncodeError, StreamsError
from streams.records import (
    Article,
    DeadLetter,
    DiplomaticEvent,
    ErrorInfo,
    Extractor,
    Outcome,
    Receipt,
    SourcePosition,
    to_json,
)
from streams.results import ExtractResult, error_info
from streams.settings import Settings


@dataclass(frozen=True, slots=True)
class Inbound:
    """One consumed Kafka message, as bytes, with where it came from."""

    key: bytes | None
    value: bytes | None
    position: SourcePosition


@dataclass(frozen=True, slots=True)
class Outbound:
    """One message to produce."""

    topic: str
    key: bytes | None
    value: bytes
    headers: tuple[tuple[str, bytes], ...] = ()


def decode_all(messages: Sequence[Inbound], settings: Settings) -> list[Article | DecodeError]:
    """Decode every message; a bad one yields its ``DecodeError`` in its place."""
    out: list[Article | DecodeError] = []
    for msg in messages:
        try:
            out.append(
                decode_article(
                    msg.value,
                    max_bytes=settings.max_article_bytes,
                    unknown_fields=settings.unknown_fields,
                )
            )
        except DecodeError as exc:
            out.append(exc)
    return out


def outbound_for(
    msg: Inbound,
    decoded: Article | DecodeError,
    result: ExtractResult | None,
    settings: Settings,
    extractor: Extractor,
) -> list[Outbound]:
    """The messages to send for one inbound message: events or a dead letter, then a receipt."""
    if isinstance(decoded, DecodeError):
        return _failed(msg, decoded.article_id, error_info(decoded), settings, extractor)
    assert result is not None  # noqa: S101 - a decoded article always has a result
    if result.error is not None:
        return _failed(msg, decoded.id, result.error, settings, extractor)
    events = publishable(result.events, settings)
    try:
        out = [
            Outbound(
                topic=settings.event_topic(e.type),
                key=e.event_id.encode(),
                value=to_json(e),
                headers=(("x-article-id", decoded.id.encode()),),
            )
            for e in events
        ]
    except Exception as exc:  # errors are data: the article goes to the dead-letter topic
        error = error_info(EncodeError(f"{type(exc).__name__}: {exc}"))
        return _failed(msg, decoded.id, error, settings, extractor)
    outcome: Outcome = "events" if events else "no_events"
    receipt = Receipt(decoded.id, msg.position, outcome, [e.event_id for e in events], _now())
    out.append(_receipt_message(receipt, settings))
    return out


def publishable(events: Sequence[DiplomaticEvent], settings: Settings) -> list[DiplomaticEvent]:
    """The events the output policy lets through (emit_statuses, min_confidence)."""
    return [
        e
        for e in events
        if e.status in settings.emit_statuses and e.confidence >= settings.min_confidence
    ]


def _failed(
    msg: Inbound,
    article_id: str | None,
    error: ErrorInfo,
    settings: Settings,
    extractor: Extractor,
) -> list[Outbound]:
    if settings.on_error == "fail":
        raise DeadLetterPolicyError(error, msg.position)
    out: list[Outbound] = []
    outcome: Outcome = "skipped"
    if settings.on_error == "dlq":
        out.append(dead_letter_message(msg, article_id, error, settings, extractor))
        outcome = "dead_letter"
    receipt = Receipt(article_id, msg.position, outcome, [], _now())
    out.append(_receipt_message(receipt, settings))
    return out


def dead_letter_message(
    msg: Inbound,
    article_id: str | None,
    error: ErrorInfo,
    settings: Settings,
    extractor: Extractor,
) -> Outbound:
    record = DeadLetter(
        error=error,
        source=msg.position,
        key_b64=_b64(msg.key),
        value_b64=_b64(msg.value) or "",
        article_id=article_id,
        failed_at=_now(),
        extractor=extractor,
    )
    pos = msg.position
    headers = (
        ("x-error-class", error.error_class.encode()),
        ("x-error-message", error.reason[:1000].encode()),
        ("x-error-stage", error.stage.encode()),
        ("x-source-topic", pos.topic.encode()),
        ("x-source-partition", str(pos.partition).encode()),
        ("x-source-offset", str(pos.offset).encode()),
    )
    return Outbound(settings.dlq_topic, msg.key, to_json(record), headers)


def _receipt_message(receipt: Receipt, settings: Settings) -> Outbound:
    key = receipt.article_id.encode() if receipt.article_id is not None else None
    return Outbound(settings.receipts_topic, key, to_json(receipt))


class DeadLetterPolicyError(StreamsError):
    """Raised instead of dead-lettering when ``STREAMS_ON_ERROR=fail``: stops the worker."""

    def __init__(self, error: ErrorInfo, position: SourcePosition) -> None:
        super().__init__(
            f"{error.stage} failed at {position.topic}[{position.partition}]@{position.offset}: "
            f"{error.error_class}: {error.reason}"
        )


def _b64(raw: bytes | None) -> str | None:
    return None if raw is None else base64.b64encode(raw).decode("ascii")


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")
