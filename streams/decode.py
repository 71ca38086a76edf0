"""Bytes to ``Article``, total: every input gives an article or a ``DecodeError`` that says why.

The rules are those of ``schemas/article.schema.json``; the checks are written out by hand
because they run on every message and the messages must be clear to a producer's author.
"""

from __future__ import annotations

import re
from datetime import datetime
from typing import Any, Literal

import orjson

from streams.errors import DecodeError
from streams.records import Article

# The schema's pattern: fromisoformat alone also takes forms RFC 3339 does not (20211207T1000Z)
_RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([Zz]|[+-]\d{2}:\d{2})$")
REQUIRED = ("id", "body")
OPTIONAL = ("title", "url", "source", "published_at", "language")
MAX_ID_CHARS = 512


def decode_article(
    raw: bytes | None,
    *,
    max_bytes: int = 1_000_000,
    unknown_fields: Literal["reject", "ignore"] = "reject",
) -> Article:
    """Parse and validate one message value. Raises ``DecodeError`` with a precise reason."""
    if raw is None:
        raise DecodeError("empty message (no value)")
    if len(raw) > max_bytes:
        raise DecodeError(f"message is {len(raw)} bytes; the limit is {max_bytes}")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DecodeError(f"not UTF-8: {exc.reason} at byte {exc.start}") from None
    try:
        data = orjson.loads(text)
    except orjson.JSONDecodeError as exc:
        raise DecodeError(f"not JSON: {exc}") from None
    return article_from_dict(data, unknown_fields=unknown_fields)


def article_from_dict(
    data: Any, *, unknown_fields: Literal["reject", "ignore"] = "reject"
) -> Article:
    """Validate an already-parsed JSON value as an article."""
    if not isinstance(data, dict):
        raise DecodeError(f"article must be a JSON object, got {_json_type(data)}")
    missing = [k for k in REQUIRED if k not in data]
    if missing:
        raise DecodeError(f"missing required field(s): {', '.join(missing)}")
    extra = sorted(set(data) - set(REQUIRED) - set(OPTIONAL))
    if extra and unknown_fields == "reject":
        raise DecodeError(f"unknown field(s): {', '.join(extra)}")
    article_id = _string(data, "id", required=True)
    assert article_id is not None  # noqa: S101 - narrowed by required=True
    if not article_id.strip() or len(article_id) > MAX_ID_CHARS:
        raise DecodeError(f"'id' must be 1..{MAX_ID_CHARS} characters and not blank")
    try:
        return _article(article_id, data)
    except DecodeError as exc:
        raise DecodeError(str(exc), article_id=article_id) from None


def _article(article_id: str, data: dict[str, Any]) -> Article:
    body = _string(data, "body", required=True)
    assert body is not None  # noqa: S101 - narrowed by required=True
    if not body.strip():
        raise DecodeError("'body' is empty")
    language = _string(data, "language")
    if language is not None and not language.lower().startswith("en"):
        raise DecodeError(f"language {language!r} is not supported (English only)")
    return Article(
        id=article_id,
        body=body,
        title=_string(data, "title"),
        url=_string(data, "url"),
        source=_string(data, "source"),
        published_at=_timestamp(data.get("published_at")),
        language=language,
    )


def _string(data: dict[str, Any], key: str, *, required: bool = False) -> str | None:
    value = data.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise DecodeError(f"{key!r} must be a string, got {_json_type(value)}")
    return value


def _timestamp(value: Any) -> datetime | None:
    if value is None:
        return None
    if not isinstance(value, str):
        raise DecodeError(f"'published_at' must be an RFC 3339 string, got {_json_type(value)}")
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise DecodeError(f"'published_at' is not RFC 3339: {value!r}") from None
    if parsed.tzinfo is None:
        raise DecodeError(f"'published_at' needs a UTC offset (RFC 3339): {value!r}")
    if not _RFC3339.match(value):
        raise DecodeError(f"'published_at' is not RFC 3339: {value!r}")
    return parsed


def _json_type(value: Any) -> str:
    names = {dict: "object", list: "array", str: "string", bool: "boolean", type(None): "null"}
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "number"
    return names.get(type(value), type(value).__name__)
