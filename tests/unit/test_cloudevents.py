"""CloudEvents binary-mode headers on every event; the schema version on every record."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

from streams import testing
from streams.cloudevents import SCHEMA_VERSIONS, event_headers, schema_id
from streams.handling import ExtractResult, Inbound, outbound_for
from streams.records import Extractor, SourcePosition
from streams.settings import Settings

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"
POS = SourcePosition(topic="articles", partition=0, offset=7)


def test_event_headers() -> None:
    event = testing.event()
    headers = dict(event_headers(event, Settings(), "2021-12-15T18:00:00.000Z"))
    assert headers == {
        "ce_specversion": b"1.0",
        "ce_id": event.event_id.encode(),
        "ce_source": b"/streams/streams-events",
        "ce_type": b"com.github.streams-events.call",
        "ce_subject": b"sample-1",
        "ce_time": b"2021-12-15T18:00:00.000Z",
        "ce_dataschema": b"https://github.com/streams-events/streams/schemas/v1/event.schema.json",
        "content-type": b"application/json",
        "x-schema-version": b"1",
    }
    custom = dict(event_headers(event, Settings(cloudevents_source="urn:x"), "t"))
    assert custom["ce_source"] == b"urn:x"


def test_the_dataschema_is_the_schema_files_id() -> None:
    for name in SCHEMA_VERSIONS:
        schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text())
        assert schema["$id"] == schema_id(name)


def test_every_published_record_carries_its_schema_version() -> None:
    settings = Settings()
    extractor = Extractor(version="t", model="m")
    article = testing.sample_article()
    msg = Inbound(key=b"k", value=testing.article_message(), position=POS)
    event_msg, receipt = outbound_for(
        msg, article, ExtractResult([testing.event()]), settings, extractor
    )
    headers = dict(event_msg.headers)
    assert headers["ce_id"] == event_msg.key
    assert headers["x-article-id"] == b"sample-1"
    datetime.fromisoformat(headers["ce_time"].decode().replace("Z", "+00:00"))
    assert dict(receipt.headers)["x-schema-version"] == b"1"

    bad = Inbound(key=b"k", value=b"not json", position=POS)
    [dead, receipt] = outbound_for(bad, _decode_error(bad, settings), None, settings, extractor)
    assert dict(dead.headers)["x-schema-version"] == str(SCHEMA_VERSIONS["dead_letter"]).encode()
    assert dict(dead.headers)["content-type"] == b"application/json"
    assert dict(receipt.headers)["x-schema-version"] == b"1"


def _decode_error(msg: Inbound, settings: Settings):  # type: ignore[no-untyped-def]
    from streams.handling import decode_all

    [decoded] = decode_all([msg], settings)
    return decoded
