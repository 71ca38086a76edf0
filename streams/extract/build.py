"""From candidates to events: status, date, evidence, merging, confidence, codes, ids."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date

from streams.extract.actors import Found
from streams.extract.candidate import Candidate
from streams.extract.codes import codes
from streams.extract.confidence import confidence
from streams.extract.dates import event_date
from streams.extract.status import status_of
from streams.records import (
    Actor,
    DiplomaticEvent,
    EventDate,
    Evidence,
    Extractor,
    Role,
    Status,
)

# Coercive types that need at least one named party; the others need two.
_ONE_PARTY_OK = frozenset({"threat", "boycott", "treaty_extension"})
_NEGATING = frozenset({"deny", "refuse", "decline", "reject"})


@dataclass
class Draft:
    """An event being assembled; mentions of the same event merge into one draft."""

    cand: Candidate
    status: Status
    date: EventDate
    roles: list[tuple[Found, Role]]
    details: dict[str, str | None]
    mentions: list[Evidence] = field(default_factory=list)
    strength: float = 0.5

    @property
    def type(self) -> str:
        return self.cand.type

    def parties(self) -> set[tuple[str | None, str | None]]:
        return {(f.country, f.org) for f, _ in self.roles if f.country or f.org}


def draft(cand: Candidate) -> Draft:
    status = cand.status or status_of(cand.trigger, cand.type)
    if cand.type == "threat":
        status = _threat_status(cand)
    when = event_date(cand.trigger, cand.sent.dates, cand.sent.pub, status)
    if status == "occurred" and cand.type != "threat" and _after_publication(when, cand.sent.pub):
        status = "planned"  # "meets on Friday" written on Tuesday; a threat is made now
    return Draft(
        cand, status, when, list(cand.roles), dict(cand.details), [evidence(cand)], cand.strength
    )


def _after_publication(when: EventDate, pub: date | None) -> bool:
    if when.source != "text" or when.value is None or pub is None:
        return False
    return when.value > pub.isoformat()[: len(when.value)]


def _threat_status(cand: Candidate) -> Status:
    """A threat made is an event even when its content is conditional; only a denied
    threat ("did not threaten", "denied threatening") is negated."""
    tok = cand.trigger
    for _ in range(3):
        if any(c.dep_ == "neg" for c in tok.children) and tok.lemma_ in ("threaten", "warn"):
            return "negated"
        if tok.lemma_ in _NEGATING:
            return "negated"
        if tok.head == tok:
            break
        tok = tok.head
    return "occurred"


def evidence(cand: Candidate) -> Evidence:
    sent, trig = cand.sent, cand.trigger
    start = sent.offset
    return Evidence(
        sentence=sent.doc.text,
        start=start,
        end=start + len(sent.doc.text),
        trigger=trig.text,
        trigger_start=start + trig.idx,
        trigger_end=start + trig.idx + len(trig.text),
    )


def viable(d: Draft) -> bool:
    """Enough parties to be the event it claims to be."""
    countries = {f.country for f, _ in d.roles if f.country}
    if d.type in _ONE_PARTY_OK:
        return bool(countries) or (d.type == "treaty_extension" and bool(d.parties()))
    return len(d.parties()) >= 2 and bool(countries)


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
