"""What the worker sends for each consumed message: pure functions, no Kafka, no event loop.

The handler is total. Every message becomes events (plus a receipt), "no events" (a receipt),
or one dead letter (plus a receipt), so nothing consumed is lost without a trace.

Every output is bounded before it is sent, so that no input can make a message the broker
refuses: an event keeps at most ``STREAMS_MAX_MENTIONS`` mentions (``mentions_total`` counts
them all) and cuts an overlong sentence to a window around its trigger; a dead letter keeps
the input whole only up to ``STREAMS_MAX_ARTICLE_BYTES``, else a prefix with the size and a
hash; an article whose events or receipt would still exceed ``STREAMS_MAX_OUTPUT_BYTES`` is
dead-lettered instead. If the broker refuses a message anyway (a topic with a smaller
limit), ``refused`` gives the last resort: a small dead letter and a receipt.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from streams.cloudevents import event_headers, schema_headers
from streams.decode import decode_article
from streams.errors import DecodeError, EncodeError, StreamsError
from streams.records import (
    Article,
    DeadLetter,
    DiplomaticEvent,
    ErrorInfo,
    Evidence,
    Extractor,
    Outcome,
    Receipt,
    SourcePosition,
    to_json,
)
from streams.results import ExtractResult, error_info
from streams.settings import Settings

# A "sentence" longer than this (a body without full stops) is cut to a window around the
# trigger: evidence is for a reader, and one sentence must not make a megabyte event.
EVIDENCE_MAX_CHARS = 2000
# Of an input's key, a dead letter keeps this much: keys are ids, not payloads.
KEY_MAX_BYTES = 1024
# What a dead letter keeps of the input once the broker refused the full one.
FALLBACK_PREFIX_BYTES = 1024
# Kafka's per-record framing and batch header, rounded up, so size checks err on the safe side.
RECORD_OVERHEAD = 512


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
    events = [bounded_event(e, settings) for e in publishable(result.events, settings)]
    now = _now()
    try:
        out = [
            Outbound(
                topic=settings.event_topic(e.type),
                key=e.event_id.encode(),
                value=to_json(e),
                headers=(("x-article-id", decoded.id.encode()), *event_headers(e, settings, now)),
            )
            for e in events
        ]
    except Exception as exc:  # errors are data: the article goes to the dead-letter topic
        error = error_info(EncodeError(f"{type(exc).__name__}: {exc}"))
        return _failed(msg, decoded.id, error, settings, extractor)
    outcome: Outcome = "events" if events else "no_events"
    receipt = Receipt(decoded.id, msg.position, outcome, [e.event_id for e in events], _now())
    out.append(_receipt_message(receipt, settings))
    if oversized := [o for o in out if record_size(o) > settings.max_output_bytes]:
        big = oversized[0]
        error = error_info(
            EncodeError(
                f"a message to {big.topic} would be {record_size(big)} bytes; "
                f"STREAMS_MAX_OUTPUT_BYTES is {settings.max_output_bytes}"
            )
        )
        return _failed(msg, decoded.id, error, settings, extractor)
    return out


def refused(
    msg: Inbound,
    decoded: Article | DecodeError,
    exc: BaseException,
    settings: Settings,
    extractor: Extractor,
) -> list[Outbound]:
    """The last resort when the broker refused one of this message's outputs: a dead
    letter with only a small prefix of the input, and a receipt."""
    article_id = decoded.article_id if isinstance(decoded, DecodeError) else decoded.id
    reason = f"the broker refused an output of this message: {type(exc).__name__}: {exc}"
    error = error_info(EncodeError(reason))
    return _failed(msg, article_id, error, settings, extractor, keep=FALLBACK_PREFIX_BYTES)


def bounded_event(event: DiplomaticEvent, settings: Settings) -> DiplomaticEvent:
    """The event with at most ``max_mentions`` mentions and no overlong sentence."""
    mentions = [_window(m) for m in event.mentions[: settings.max_mentions]]
    evidence = _window(event.evidence)
    if mentions == event.mentions and evidence == event.evidence:
        return event
    return replace(event, evidence=evidence, mentions=mentions, mentions_total=event.mentions_total)


def _window(ev: Evidence) -> Evidence:
    """The evidence cut to ``EVIDENCE_MAX_CHARS`` around its trigger, offsets kept true."""
    if len(ev.sentence) <= EVIDENCE_MAX_CHARS:
        return ev
    trigger_at = ev.trigger_start - ev.start
    room = max(0, EVIDENCE_MAX_CHARS - (ev.trigger_end - ev.trigger_start))
    lo = max(0, min(trigger_at - room // 2, len(ev.sentence) - EVIDENCE_MAX_CHARS))
    text = ev.sentence[lo : lo + EVIDENCE_MAX_CHARS]
    return replace(ev, sentence=text, start=ev.start + lo, end=ev.start + lo + len(text))


def record_size(o: Outbound) -> int:
    """An upper bound of the bytes this message takes in a produce request."""
    headers = sum(len(k.encode()) + len(v) for k, v in o.headers)
    return len(o.key or b"") + len(o.value) + headers + RECORD_OVERHEAD


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
    keep: int | None = None,
) -> list[Outbound]:
    if settings.on_error == "fail":
        raise DeadLetterPolicyError(error, msg.position)
    out: list[Outbound] = []
    outcome: Outcome = "skipped"
    if settings.on_error == "dlq":
        out.append(dead_letter_message(msg, article_id, error, settings, extractor, keep))
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
    keep: int | None = None,
) -> Outbound:
    """The dead letter of ``msg``. It carries the input whole when it is within
    ``max_article_bytes`` (so it can be replayed), else its first ``keep`` bytes
    (``dead_letter_prefix_bytes`` by default); and never more than the producer may send."""
    value = msg.value or b""
    if keep is None:
        keep = (
            len(value)
            if len(value) <= settings.max_article_bytes
            else settings.dead_letter_prefix_bytes
        )
    out = _dead_letter(msg, article_id, error, extractor, keep, settings)
    if keep > FALLBACK_PREFIX_BYTES and record_size(out) > settings.dead_letter_max_bytes:
        out = _dead_letter(msg, article_id, error, extractor, FALLBACK_PREFIX_BYTES, settings)
    return out


def _dead_letter(
    msg: Inbound,
    article_id: str | None,
    error: ErrorInfo,
    extractor: Extractor,
    keep: int,
    settings: Settings,
) -> Outbound:
    value = msg.value
    key = msg.key[:KEY_MAX_BYTES] if msg.key is not None else None
    record = DeadLetter(
        error=error,
        source=msg.position,
        key_b64=_b64(key),
        key_truncated=key != msg.key,
        value_b64=_b64(value[:keep] if value is not None else None) or "",
        value_truncated=value is not None and len(value) > keep,
        value_size=None if value is None else len(value),
        value_sha256=None if value is None else hashlib.sha256(value).hexdigest(),
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
        *schema_headers("dead_letter"),
    )
    return Outbound(settings.dlq_topic, key, to_json(record), headers)


def _receipt_message(receipt: Receipt, settings: Settings) -> Outbound:
    key = receipt.article_id.encode() if receipt.article_id is not None else None
    return Outbound(settings.receipts_topic, key, to_json(receipt), schema_headers("receipt"))


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
