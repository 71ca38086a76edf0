"""From a finished draft to the published record: codes, confidence and a stable id."""

from __future__ import annotations

import hashlib

from streams.extract.codes import codes
from streams.extract.confidence import confidence
from streams.extract.draft import Draft
from streams.records import Actor, DiplomaticEvent, Extractor


def finish(d: Draft, article_id: str, extractor: Extractor) -> DiplomaticEvent:
    first = min(d.mentions, key=lambda m: m.trigger_start)
    cameo, plover = codes(d.cand.type, d.status, d.cand.subtype, d.details)
    actors = [Actor(f.text, f.name, f.country, f.org, f.kind, role) for f, role in d.roles]
    return DiplomaticEvent(
        event_id=event_id(article_id, d.cand.type, first.trigger_start, first.trigger_end),
        article_id=article_id,
        type=d.cand.type,
        status=d.status,
        actors=actors,
        date=d.date,
        evidence=first,
        mentions=sorted(d.mentions, key=lambda m: m.trigger_start),
        confidence=confidence(d),
        cameo=cameo,
        plover=plover,
        details=d.details,
        extractor=extractor,
    )


def event_id(article_id: str, event_type: str, start: int, end: int) -> str:
    """Deterministic: the same article replayed gives the same ids."""
    raw = f"{article_id}\x1f{event_type}\x1f{start}\x1f{end}".encode()
    return hashlib.blake2b(raw, digest_size=16).hexdigest()
