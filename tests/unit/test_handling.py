"""The per-message policy: events, no events, or one dead letter, and always a receipt."""

from __future__ import annotations

import base64

import orjson
import pytest

from streams import testing
from streams.handling import (
    DeadLetterPolicyError,
    ExtractResult,
    Inbound,
    decode_all,
    outbound_for,
    publishable,
)
from streams.records import (
    Article,
    DiplomaticEvent,
    ErrorInfo,
    Extractor,
    SourcePosition,
)
from streams.settings import Settings

POS = SourcePosition(topic="articles", partition=2, offset=41)
EXTRACTOR = Extractor(version="test", model="m")


def event(status: str = "occurred", confidence: float = 0.9) -> DiplomaticEvent:
    return testing.event(status, confidence)  # type: ignore[arg-type]


def test_events_go_to_their_type_topic_keyed_by_event_id() -> None:
    settings = Settings()
    msg = Inbound(b"a", b"{}", POS)
    out = outbound_for(msg, Article("a", "b"), ExtractResult([event()]), settings, EXTRACTOR)
    assert [o.topic for o in out] == ["events.call", "articles.processed"]
    assert out[0].key == b"0" * 32
    receipt = orjson.loads(out[1].value)
    assert receipt["outcome"] == "events" and receipt["event_ids"] == ["0" * 32]
    assert receipt["source"] == {"topic": "articles", "partition": 2, "offset": 41}


def test_every_status_is_published_by_default_and_the_filter_holds_some_back() -> None:
    events = [event("occurred"), event("planned"), event("negated"), event("hypothetical")]
    assert len(publishable(events, Settings())) == 4
    happened = Settings(emit_statuses="occurred,planned")  # type: ignore[arg-type]
    assert [e.status for e in publishable(events, happened)] == ["occurred", "planned"]


def test_min_confidence_filters() -> None:
    settings = Settings(min_confidence=0.5)
    assert publishable([event(confidence=0.4), event(confidence=0.6)], settings) == [
        event(confidence=0.6)
    ]


def test_dead_letter_keeps_original_bytes_reason_and_position() -> None:
    settings = Settings()
    raw = b'{"id": 3, "body": "x"}'
    msg = Inbound(b"key-1", raw, POS)
    [decoded] = decode_all([msg], settings)
    dead, receipt = outbound_for(msg, decoded, None, settings, EXTRACTOR)
    assert dead.topic == "articles.dlq" and dead.key == b"key-1"
    record = orjson.loads(dead.value)
    assert base64.b64decode(record["value_b64"]) == raw
    assert record["error"] == {
        "stage": "decode",
        "error_class": "DecodeError",
        "reason": "'id' must be a string, got number",
    }
    assert record["source"] == {"topic": "articles", "partition": 2, "offset": 41}
    headers = dict(dead.headers)
    assert headers["x-error-stage"] == b"decode"
    assert headers["x-source-offset"] == b"41"
    assert orjson.loads(receipt.value)["outcome"] == "dead_letter"


def test_an_extraction_error_is_a_dead_letter_with_the_article_id() -> None:
    settings = Settings()
    msg = Inbound(None, b"{}", POS)
    failed = ExtractResult([], ErrorInfo("extract", "ValueError", "boom"))
    dead, _ = outbound_for(msg, Article("a-9", "text"), failed, settings, EXTRACTOR)
    record = orjson.loads(dead.value)
    assert record["article_id"] == "a-9" and record["error"]["stage"] == "extract"


def test_skip_policy_leaves_only_a_receipt() -> None:
    settings = Settings(on_error="skip")
    msg = Inbound(None, b"nope", POS)
    [decoded] = decode_all([msg], settings)
    [receipt] = outbound_for(msg, decoded, None, settings, EXTRACTOR)
    assert orjson.loads(receipt.value)["outcome"] == "skipped"


def test_fail_policy_raises() -> None:
    settings = Settings(on_error="fail")
    msg = Inbound(None, b"nope", POS)
    [decoded] = decode_all([msg], settings)
    with pytest.raises(DeadLetterPolicyError, match=r"articles\[2\]@41"):
        outbound_for(msg, decoded, None, settings, EXTRACTOR)


def test_a_dead_letter_keeps_the_article_id_when_it_was_readable() -> None:
    settings = Settings()
    msg = Inbound(b"k", b'{"id": "a-7", "body": "  "}', POS)
    [decoded] = decode_all([msg], settings)
    dead, receipt = outbound_for(msg, decoded, None, settings, EXTRACTOR)
    assert orjson.loads(dead.value)["article_id"] == "a-7"
    assert orjson.loads(receipt.value)["article_id"] == "a-7"


def test_the_testing_event_points_at_its_trigger() -> None:
    e = testing.event()
    assert testing.SAMPLE_BODY[e.evidence.trigger_start : e.evidence.trigger_end] == "call"
