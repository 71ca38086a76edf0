"""What a rule finds in one sentence, before dates, status and merging are settled."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from spacy.tokens import Doc, Token

from streams.extract.actors import Found, SentenceActors
from streams.extract.dates import DateMention
from streams.extract.strengths import STRENGTH
from streams.extract.treaties import TreatyMention
from streams.records import EventType, Role

Roles = list[tuple[Found, Role]]
# How ``modality.status_of`` reads the trigger: an ``event`` told by the parse, a ``speech``
# act (a threat is made when uttered), or a ``refusal`` that is itself the act ("will not
# attend the Games" is a boycott).
Reading = Literal["event", "speech", "refusal"]


@dataclass
class Sent:
    """One parsed sentence and what is known about it.

    The article is read as one text, its title (if any), a blank line, then its body;
    ``offset`` points into that text, and ``body_at`` is where its body starts."""

    doc: Doc  # parsed from the text in the case the parser reads best (``case.py``)
    text: str  # the sentence as written: the evidence quotes it
    offset: int  # character offset of the sentence in the article's text
    index: int  # position among the article's sentences
    actors: SentenceActors
    dates: list[DateMention]
    pub: date | None
    treaties: list[TreatyMention] = field(default_factory=list)  # named treaties, missions
    headline: bool = False  # a title or a line without final punctuation
    body_at: int = 0
    # the sentence before, when it was parsed too: what "it" may stand for
    before: Sent | None = None


@dataclass
class Candidate:
    type: EventType
    trigger: Token
    sent: Sent
    roles: list[tuple[Found, Role]]
    details: dict[str, str | None] = field(default_factory=dict)
    pattern: str = ""  # which pattern of its rule found it: a key of ``strengths.STRENGTH``
    reading: Reading = "event"
    ahead: bool = False  # what it is about lies after publication ("the Games in February")
    subtype: str | None = None  # refines the CAMEO/PLOVER code ("visit", "military", ...)
    merge_only: bool = False  # "the call", "his conversation with Biden": never a new event
    refers_to: str | None = None  # a target named by an earlier event ("the diplomatic ban")

    @property
    def strength(self) -> float:
        """How unambiguous the trigger-with-arguments pattern is, 0..1."""
        return STRENGTH[self.pattern]

    def parties(self) -> set[tuple[str | None, str | None]]:
        """Distinct states and organisations taking part."""
        return {(f.country, f.org) for f, _ in self.roles if f.country or f.org}


def with_role(found: list[Found], role: Role, taken: list[tuple[Found, Role]]) -> None:
    """Add actors under ``role`` unless the same state/org/person is already there."""
    for f in found:
        if not any(_same(f, g) for g, _ in taken):
            taken.append((f, role))


def _same(a: Found, b: Found) -> bool:
    if a.country or a.org or b.country or b.org:
        return (a.country, a.org) == (b.country, b.org)
    return a.name == b.name
