"""The input contract: every kind of bad message is refused with a reason that says why."""

from __future__ import annotations

import orjson
import pytest

from streams.decode import decode_article
from streams.errors import DecodeError

GOOD = {
    "id": "a1",
    "body": "Putin spoke to Biden by phone.",
    "published_at": "2021-12-07T10:00:00Z",
}


def test_valid_article_with_every_field() -> None:
    raw = orjson.dumps(
        {**GOOD, "title": "t", "url": "https://x", "source": "Reuters", "language": "en-GB"}
    )
    article = decode_article(raw)
    assert article.id == "a1"
    assert article.published_at is not None and article.published_at.utcoffset() is not None
    assert article.language == "en-GB"


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (b"\xff\xfe not utf-8", "not UTF-8"),
        (b"{not json", "not JSON"),
        (b"[1, 2]", "must be a JSON object, got array"),
        (b'"just a string"', "must be a JSON object, got string"),
        (orjson.dumps({"body": "x"}), "missing required field(s): id"),
        (orjson.dumps({"id": "a"}), "missing required field(s): body"),
        (orjson.dumps({"id": 7, "body": "x"}), "'id' must be a string, got number"),
        (orjson.dumps({"id": "a", "body": ["x"]}), "'body' must be a string, got array"),
        (orjson.dumps({"id": "a", "body": "   "}), "'body' is empty"),
        (orjson.dumps({"id": " ", "body": "x"}), "'id' must be"),
        (orjson.dumps({**GOOD, "published_at": "yesterday"}), "not RFC 3339"),
        (orjson.dumps({**GOOD, "published_at": "20211207T100000Z"}), "not RFC 3339"),
        (orjson.dumps({**GOOD, "published_at": "2021-12-07T10:00:00"}), "needs a UTC offset"),
        (orjson.dumps({**GOOD, "published_at": 1638871200}), "must be an RFC 3339 string"),
        (orjson.dumps({**GOOD, "language": "fr"}), "not supported"),
        (orjson.dumps({**GOOD, "gold": []}), "unknown field(s): gold"),
        (None, "empty message"),
    ],
)
def test_bad_input_is_refused_with_a_reason(raw: bytes | None, reason: str) -> None:
    with pytest.raises(DecodeError) as err:
        decode_article(raw)
    assert reason in str(err.value)
    assert err.value.stage == "decode"


def test_too_large() -> None:
    raw = orjson.dumps({"id": "big", "body": "x" * 5000})
    with pytest.raises(DecodeError, match="5022 bytes; the limit is 2000"):
        decode_article(raw, max_bytes=2000)


def test_unknown_fields_can_be_ignored() -> None:
    raw = orjson.dumps({**GOOD, "gold": []})
    assert decode_article(raw, unknown_fields="ignore").id == "a1"
