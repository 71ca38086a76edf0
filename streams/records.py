"""The typed records that cross process and Kafka boundaries.

They are frozen dataclasses, serialised with orjson (which writes dataclasses natively),
so no framework metadata such as faust's ``__faust`` key ever reaches a consumer. Each
record has a JSON Schema in ``schemas/``; ``tests/unit/test_records.py`` validates real
produced records against them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

import orjson

EventType = Literal[
    "call", "boycott", "treaty_extension", "meeting", "sanction", "agreement", "threat"
]
EVENT_TYPES: tuple[EventType, ...] = (
    "call", "boycott", "treaty_extension", "meeting", "sanction", "agreement", "threat",
)  # fmt: skip
Status = Literal["occurred", "planned", "negated", "hypothetical"]
Role = Literal["source", "target", "party", "boycotter", "boycotted"]
ActorKind = Literal["state", "person", "organisation", "group"]
Precision = Literal["day", "month", "year"]
DateSource = Literal["text", "published_at", "none"]
Outcome = Literal["events", "no_events", "dead_letter", "skipped"]


@dataclass(frozen=True, slots=True)
class Article:
    """An input article (``schemas/article.schema.json``)."""

    id: str
    body: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    published_at: datetime | None = None
    language: str | None = None


@dataclass(frozen=True, slots=True)
class Actor:
    text: str  # as written in the sentence ("the Kremlin", "Putin", "Chinese")
    name: str  # canonical name ("Vladimir Putin", "Russia")
    country: str | None  # ISO 3166-1 alpha-3
    org: str | None  # UN, EU, NATO, IOC, ...
    kind: ActorKind
    role: Role


@dataclass(frozen=True, slots=True)
class EventDate:
    value: str | None  # "2021-12-15", "2022-02" or "1999"
    text: str | None  # the expression it came from ("on Wednesday")
    precision: Precision | None
    source: DateSource


@dataclass(frozen=True, slots=True)
class Evidence:
    sentence: str
    start: int  # character offsets of the sentence in the article body
    end: int
    trigger: str
    trigger_start: int  # character offsets of the trigger in the article body (or title)
    trigger_end: int
    part: Literal["body", "title"] = "body"  # the field the offsets point into


@dataclass(frozen=True, slots=True)
class Plover:
    event: str
    mode: str | None


@dataclass(frozen=True, slots=True)
class Extractor:
    version: str
    model: str


@dataclass(frozen=True, slots=True)
class DiplomaticEvent:
    """One extracted event (``schemas/event.schema.json``); the Kafka key is ``event_id``."""

    event_id: str
    article_id: str
    type: EventType
    status: Status
    actors: list[Actor]
    date: EventDate
    evidence: Evidence
    mentions: list[Evidence]  # every span that tells this event, the first one included
    confidence: float
    cameo: str
    plover: Plover
    details: dict[str, str | None]
    extractor: Extractor
    # how many mentions the extractor found; ``mentions`` keeps at most
    # STREAMS_MAX_MENTIONS of them when published (streams/handling.py bounds every output)
    mentions_total: int = 0

    def __post_init__(self) -> None:
        if self.mentions_total < len(self.mentions):  # not given: every mention is here
            object.__setattr__(self, "mentions_total", len(self.mentions))


@dataclass(frozen=True, slots=True)
class SourcePosition:
    topic: str
    partition: int
    offset: int


@dataclass(frozen=True, slots=True)
class ErrorInfo:
    stage: Literal["decode", "extract", "encode"]
    error_class: str
    reason: str


@dataclass(frozen=True, slots=True)
class DeadLetter:
    """An input that could not be processed (``schemas/dead_letter.schema.json``)."""

    error: ErrorInfo
    source: SourcePosition
    key_b64: str | None  # the original key and value bytes, base64, whole unless truncated
    key_truncated: bool  # key_b64 holds only a prefix of the key
    value_b64: str
    value_truncated: bool  # value_b64 holds only a prefix: the input was too large to keep
    value_size: int | None  # the original value's length in bytes (None: no value)
    value_sha256: str | None  # hex digest of the whole original value, to match it up
    article_id: str | None  # when the id could still be read
    failed_at: str  # RFC 3339, UTC
    extractor: Extractor


@dataclass(frozen=True, slots=True)
class Receipt:
    """What became of one consumed message (``schemas/receipt.schema.json``)."""

    article_id: str | None
    source: SourcePosition
    outcome: Outcome
    event_ids: list[str] = field(default_factory=list)
    processed_at: str = ""


def to_json(record: object) -> bytes:
    """Serialise a record with orjson (dataclasses and datetimes natively)."""
    return orjson.dumps(record, option=orjson.OPT_UTC_Z)
