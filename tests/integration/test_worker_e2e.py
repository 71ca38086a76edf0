"""The worker end to end on a real Kafka broker and the real spaCy pipeline.

Articles go in through the input topic; typed events come out on one topic per type,
every bad message lands on the dead-letter topic with its reason, and every consumed
message gets exactly one receipt.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
from pathlib import Path

import orjson
import pytest
from jsonschema import Draft202012Validator

from tests.integration.conftest import Record, RunningWorker, consume_until, produce

pytestmark = pytest.mark.integration
ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_823b45ff4b8f1464.txt"
TYPES = ("call", "boycott", "treaty_extension", "meeting", "sanction", "agreement", "threat")


def schema(name: str) -> Draft202012Validator:
    return Draft202012Validator(json.loads((ROOT / "schemas" / f"{name}.schema.json").read_text()))


def seed_message(article_id: str) -> bytes:
    return orjson.dumps(
        {
            "id": article_id,
            "body": SEED.read_text(),
            "published_at": "2021-12-15T18:00:00Z",
            "source": "London Defender",
        }
    )


def receipts_for(records: list[Record], ids: set[str]) -> dict[str, dict]:
    out = {}
    for r in records:
        data = orjson.loads(r.value)
        if "outcome" in data and data["article_id"] in ids:
            out[data["article_id"]] = data
    return out


def run(
    worker: RunningWorker,
    messages: list[tuple[bytes | None, bytes | None]],
    topics: list[str],
    done: object,
) -> list[Record]:
    asyncio.run(produce(worker.input_topic, messages))
    return asyncio.run(consume_until([worker.topic(t) for t in topics], done, timeout=90))


def test_seed_article_gives_typed_events_on_their_topics(worker: RunningWorker) -> None:
    records = run(
        worker,
        [(b"seed-e2e", seed_message("seed-e2e"))],
        [*TYPES, "receipts"],
        lambda rs: "seed-e2e" in receipts_for(rs, {"seed-e2e"}),
    )
    receipt = receipts_for(records, {"seed-e2e"})["seed-e2e"]
    assert receipt["outcome"] == "events"
    receipts = [
        r
        for r in records
        if r.topic == worker.topic("receipts") and orjson.loads(r.value)["article_id"] == "seed-e2e"
    ]
    assert len(receipts) == 1  # processed once, even with concurrent agent instances
    events = [(r, orjson.loads(r.value)) for r in records if r.topic != worker.topic("receipts")]
    assert sorted(e["event_id"] for _, e in events) == sorted(receipt["event_ids"])
    validator = schema("event")
    for record, event in events:
        assert not list(validator.iter_errors(event)), event
        assert record.topic == worker.topic(event["type"])  # one topic per type
        assert record.key == event["event_id"].encode()
        assert record.headers["x-article-id"] == b"seed-e2e"
    found = {
        (e["type"], frozenset(a["country"] for a in e["actors"] if a["country"])) for _, e in events
    }
    assert ("call", frozenset({"CHN", "RUS"})) in found
    assert ("call", frozenset({"RUS", "USA"})) in found
    assert ("treaty_extension", frozenset({"CHN", "RUS"})) in found
    boycott = next(e for _, e in events if e["type"] == "boycott")
    boycotters = {a["country"] for a in boycott["actors"] if a["role"] == "boycotter"}
    assert boycotters == {"AUS", "CAN", "GBR", "USA"}
    assert boycott["details"]["kind"] == "diplomatic"


def test_garbage_goes_to_the_dead_letter_topic_and_the_worker_goes_on(
    worker: RunningWorker,
) -> None:
    garbage: list[tuple[bytes | None, bytes | None]] = [
        (b"g-utf8", b"\xff\xfe\x00 not utf-8"),
        (b"g-json", b"{this is not json"),
        (b"g-missing", orjson.dumps({"body": "no id here"})),
        (b"g-types", orjson.dumps({"id": 12, "body": "Putin phoned Xi."})),
        (b"g-empty", orjson.dumps({"id": "g-empty", "body": "  "})),
        (b"g-big", orjson.dumps({"id": "g-big", "body": "word " * 202_000})),
        (b"g-null", None),
    ]
    good = (
        b"after-garbage",
        orjson.dumps(
            {
                "id": "after-garbage",
                "published_at": "2021-12-07T20:00:00Z",
                "body": "US President Joe Biden and Russian President Vladimir Putin held a "
                "two-hour video call on Tuesday as tensions over Ukraine mounted.",
            }
        ),
    )
    records = run(
        worker,
        [*garbage, good],
        ["dlq", "call", "receipts"],
        lambda rs: "after-garbage" in receipts_for(rs, {"after-garbage"}),
    )
    dead = {r.key: (r, orjson.loads(r.value)) for r in records if r.topic == worker.topic("dlq")}
    expected = {
        b"g-utf8": "not UTF-8",
        b"g-json": "not JSON",
        b"g-missing": "missing required",
        b"g-types": "'id' must be a string",
        b"g-empty": "'body' is empty",
        b"g-big": "the limit is",
        b"g-null": "empty message",
    }
    validator = schema("dead_letter")
    for key, reason in expected.items():
        record, letter = dead[key]
        assert reason in letter["error"]["reason"], (key, letter["error"])
        assert letter["error"]["stage"] == "decode"
        assert record.headers["x-error-stage"] == b"decode"
        assert letter["source"]["topic"] == worker.input_topic
        assert validator.is_valid(letter)
        original = next(v for k, v in garbage if k == key) or b""
        kept = base64.b64decode(letter["value_b64"])
        if key == b"g-big":  # too large to keep whole: a bounded prefix, its size and hash
            assert letter["value_truncated"] and original.startswith(kept)
            assert letter["value_size"] == len(original) and len(kept) < len(original)
            assert letter["value_sha256"] == hashlib.sha256(original).hexdigest()
        else:
            assert kept == original  # byte for byte
    calls = [orjson.loads(r.value) for r in records if r.topic == worker.topic("call")]
    assert any(c["article_id"] == "after-garbage" for c in calls)
    positions = {(d["source"]["partition"], d["source"]["offset"]) for _, d in dead.values()}
    receipts = [orjson.loads(r.value) for r in records if r.topic == worker.topic("receipts")]
    mine = [r for r in receipts if (r["source"]["partition"], r["source"]["offset"]) in positions]
    assert sorted(r["outcome"] for r in mine) == ["dead_letter"] * len(garbage)  # once each


def test_a_replay_gives_the_same_event_ids(worker: RunningWorker) -> None:
    msg = (b"replay", seed_message("replay"))
    records = run(
        worker,
        [msg, msg],
        ["receipts"],
        lambda rs: sum(orjson.loads(r.value)["article_id"] == "replay" for r in rs) >= 2,
    )
    ids = [
        orjson.loads(r.value)["event_ids"]
        for r in records
        if orjson.loads(r.value)["article_id"] == "replay"
    ]
    assert len(ids) == 2 and ids[0] == ids[1] and ids[0]
