"""Helpers for testing code that produces articles to, or consumes events from, streams.

``sample_article()`` and ``article_message()`` give valid input; ``event()`` a valid,
schema-conforming event to feed a consumer's tests without running spaCy.
"""

from __future__ import annotations

from datetime import UTC, datetime

import orjson

from streams.records import (
    Actor,
    Article,
    DiplomaticEvent,
    EventDate,
    Evidence,
    Extractor,
    Plover,
    Status,
)

FIXED_NOW = datetime(2021, 12, 15, 18, 0, tzinfo=UTC)
SAMPLE_BODY = (
    "The Russian and Chinese presidents vowed to reject interference by the West during a "
    "video call on Wednesday which came eight days after Putin spoke to Biden in another "
    "video call."
)


def sample_article(article_id: str = "sample-1", body: str = SAMPLE_BODY) -> Article:
    return Article(id=article_id, body=body, published_at=FIXED_NOW, source="streams.testing")


def article_message(article_id: str = "sample-1", body: str = SAMPLE_BODY) -> bytes:
    """The bytes a producer sends for an article (``schemas/article.schema.json``)."""
    return orjson.dumps({"id": article_id, "body": body, "published_at": FIXED_NOW.isoformat()})


def event(status: Status = "occurred", confidence: float = 0.9) -> DiplomaticEvent:
    """A call between Putin and Xi, as the worker would publish it."""
    at = SAMPLE_BODY.index("call")
    evidence = Evidence(SAMPLE_BODY, 0, len(SAMPLE_BODY), "call", at, at + len("call"))
    actors = [
        Actor("Russian", "Russia", "RUS", None, "state", "party"),
        Actor("Chinese", "China", "CHN", None, "state", "party"),
    ]
    return DiplomaticEvent(
        event_id="0" * 32, article_id="sample-1", type="call", status=status, actors=actors,
        date=EventDate("2021-12-15", "on Wednesday", "day", "text"), evidence=evidence,
        mentions=[evidence], confidence=confidence, cameo="041",
        plover=Plover("CONSULT", "phone"), details={"medium": "video"},
        extractor=Extractor(version="test", model="none"),
    )  # fmt: skip
