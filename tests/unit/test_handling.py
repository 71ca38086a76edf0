"""The per-message policy: events, no events, or one dead letter, and always a receipt."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import replace

import orjson
import pytest

from streams import testing
from streams.handling import (
    EVIDENCE_MAX_CHARS,
    FALLBACK_PREFIX_BYTES,
    KEY_MAX_BYTES,
    DeadLetterPolicyError,
    Inbound,
    bounded_event,
    decode_all,
    outbound_for,
    publishable,
    record_size,
    refused,
)
from streams.records import (
    Article,
    DiplomaticEvent,
    ErrorInfo,
    Evidence,
    Extractor,
    SourcePosition,
    to_json,
)
from streams.results import ExtractResult, error_info
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


# --- every output bounded (issue 9) --------------------------------------------------------
def told(times: int, sentence: str = testing.SAMPLE_BODY) -> DiplomaticEvent:
    """The sample event told ``times`` times (the same sentence repeated)."""
    e = testing.event()
    mentions = [
        Evidence(sentence, i * 1000, i * 1000 + len(sentence), "call", i * 1000 + 5, i * 1000 + 9)
        for i in range(times)
    ]
    return replace(e, evidence=mentions[0], mentions=mentions)


def test_an_event_keeps_at_most_max_mentions_and_counts_them_all() -> None:
    settings = Settings(max_mentions=10)
    msg = Inbound(b"a", b"{}", POS)
    result = ExtractResult([told(5000)])
    [event_msg, _] = outbound_for(msg, Article("a", "b"), result, settings, EXTRACTOR)
    data = orjson.loads(event_msg.value)
    assert len(data["mentions"]) == 10 and data["mentions_total"] == 5000
    assert len(event_msg.value) < 20_000


def test_mentions_total_defaults_to_the_mentions_given() -> None:
    assert told(3).mentions_total == 3
    assert orjson.loads(to_json(told(3)))["mentions_total"] == 3


def test_an_overlong_sentence_is_cut_around_its_trigger_with_true_offsets() -> None:
    body = "word " * 3000 + "Putin phoned Biden " + "word " * 3000
    at = body.index("phoned")
    ev = Evidence(body, 0, len(body), "phoned", at, at + len("phoned"))
    bounded = bounded_event(replace(testing.event(), evidence=ev, mentions=[ev]), Settings())
    cut = bounded.evidence
    assert len(cut.sentence) == EVIDENCE_MAX_CHARS
    assert body[cut.start : cut.end] == cut.sentence
    assert cut.start <= at and at + len("phoned") <= cut.end
    assert bounded.mentions == [cut]


def test_an_article_whose_output_would_still_be_too_large_is_dead_lettered() -> None:
    settings = Settings(max_output_bytes=20_000, max_mentions=100)
    msg = Inbound(b"a", b"{}", POS)
    out = outbound_for(msg, Article("a", "b"), ExtractResult([told(100)]), settings, EXTRACTOR)
    dead, receipt = out
    assert dead.topic == settings.dlq_topic
    error = orjson.loads(dead.value)["error"]
    assert error["stage"] == "encode" and "STREAMS_MAX_OUTPUT_BYTES" in error["reason"]
    assert orjson.loads(receipt.value)["outcome"] == "dead_letter"


def test_a_dead_letter_of_an_oversized_input_keeps_a_prefix_its_size_and_hash() -> None:
    settings = Settings(max_article_bytes=100_000, dead_letter_prefix_bytes=1000)
    raw = b'{"id": "big", "body": "' + b"x" * 2_000_000 + b'"}'
    msg = Inbound(b"k" * 5000, raw, POS)
    [decoded] = decode_all([msg], settings)
    dead, _ = outbound_for(msg, decoded, None, settings, EXTRACTOR)
    record = orjson.loads(dead.value)
    assert base64.b64decode(record["value_b64"]) == raw[:1000]
    assert record["value_truncated"] is True and record["value_size"] == len(raw)
    assert record["value_sha256"] == hashlib.sha256(raw).hexdigest()
    assert record["key_truncated"] is True and dead.key == b"k" * KEY_MAX_BYTES
    assert record_size(dead) < 10_000


def test_a_dead_letter_within_the_input_limit_keeps_the_input_whole() -> None:
    settings = Settings()
    raw = orjson.dumps({"id": "x", "body": "y" * 900_000, "extra": 1})
    msg = Inbound(b"k", raw, POS)
    [decoded] = decode_all([msg], settings)
    dead, _ = outbound_for(msg, decoded, None, settings, EXTRACTOR)
    record = orjson.loads(dead.value)
    assert base64.b64decode(record["value_b64"]) == raw and record["value_truncated"] is False
    assert record_size(dead) <= settings.dead_letter_max_bytes


def test_when_the_broker_refuses_an_output_the_last_resort_is_a_small_dead_letter() -> None:
    settings = Settings()
    raw = orjson.dumps({"id": "a-1", "body": "z" * 500_000})
    msg = Inbound(b"a-1", raw, POS)
    refusal = RuntimeError("MessageSizeTooLargeError")
    dead, receipt = refused(msg, Article("a-1", "z"), refusal, settings, EXTRACTOR)
    record = orjson.loads(dead.value)
    assert record["value_truncated"] is True
    assert len(base64.b64decode(record["value_b64"])) == FALLBACK_PREFIX_BYTES
    assert record["article_id"] == "a-1" and record["error"]["stage"] == "encode"
    assert "refused" in record["error"]["reason"]
    assert orjson.loads(receipt.value)["outcome"] == "dead_letter"


def test_a_long_error_message_is_cut() -> None:
    settings = Settings()
    msg = Inbound(None, b"{}", POS)
    failed = ExtractResult([], ErrorInfo("extract", "E", "r" * 100_000))
    [decoded] = [Article("a", "b")]
    dead, _ = outbound_for(msg, decoded, failed, settings, EXTRACTOR)
    assert len(dict(dead.headers)["x-error-message"]) <= 1000
    assert len(error_info(ValueError("v" * 100_000)).reason) <= 2000
