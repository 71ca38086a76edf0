"""An event being assembled: a candidate with its status, date and evidence settled.

Mentions of the same event merge into one draft (``merge.py``); ``build.finish`` turns a
draft into the published record.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from streams.extract import modality
from streams.extract.actors import Found
from streams.extract.candidate import Candidate
from streams.extract.dates import event_date
from streams.records import EventDate, Evidence, Role, Status

# Coercive types that need at least one named party; the others need two.
_ONE_PARTY_OK = frozenset({"threat", "boycott", "treaty_extension"})


@dataclass
class Draft:
    cand: Candidate
    status: Status
    date: EventDate
    roles: list[tuple[Found, Role]]
    details: dict[str, str | None]
    mentions: list[Evidence] = field(default_factory=list)
    strength: float = 0.5
    # told only in headlines so far: a headline's tense is loose, the body's telling decides
    headline_only: bool = False

    @property
    def type(self) -> str:
        return self.cand.type

    def parties(self) -> set[tuple[str | None, str | None]]:
        return {(f.country, f.org) for f, _ in self.roles if f.country or f.org}


def draft(cand: Candidate) -> Draft | None:
    """The candidate as an event, or None when the text tells it ending (an easing)."""
    status = modality.status_of(cand)
    if status is None:
        return None
    sent = cand.sent
    when = event_date(cand.trigger, sent.dates, sent.pub, status, sent.headline)
    status = modality.settle(status, when, cand.sent.pub, cand.reading)
    return Draft(
        cand, status, when, list(cand.roles), dict(cand.details), [evidence(cand)],
        cand.strength, sent.headline,
    )  # fmt: skip


def evidence(cand: Candidate) -> Evidence:
    """Where the event is told: offsets into the body, or into the title for a headline."""
    sent, trig = cand.sent, cand.trigger
    in_title = sent.offset < sent.body_at
    start = sent.offset if in_title else sent.offset - sent.body_at
    return Evidence(
        sentence=sent.text,
        start=start,
        end=start + len(sent.text),
        trigger=sent.text[trig.idx : trig.idx + len(trig.text)],
        trigger_start=start + trig.idx,
        trigger_end=start + trig.idx + len(trig.text),
        part="title" if in_title else "body",
    )


def viable(d: Draft) -> bool:
    """Enough parties to be the event it claims to be. A person the sentence refers to but
    does not name ("He spoke by phone with Putin") counts as the other side."""
    countries = {f.country for f, _ in d.roles if f.country}
    unnamed = any(f.unresolved for f, _ in d.roles)
    if d.type == "meeting":
        # diplomacy is between states and their bodies, not rebels and movements; a
        # visit's destination is a place ("landed in the North Korean capital")
        official = {
            (f.country, f.org) for f, role in d.roles if f.kind != "group" or role == "target"
        }
        return len(official - {(None, None)}) + unnamed >= 2 and bool(countries)
    if d.type in _ONE_PARTY_OK:
        # a treaty's parties may go unnamed ("the council agreed to extend the pact")
        return bool(countries) or (d.type == "treaty_extension" and (bool(d.parties()) or unnamed))
    return len(d.parties()) + unnamed >= 2 and bool(countries)
