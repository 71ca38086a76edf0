"""A rule: one way of finding events of one type, as one object.

It carries what the cheap first pass must keep (``vocabulary``) and how a parsed sentence
is read (``find``), so the two cannot drift apart; ``rules/__init__.py`` lists them all.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from streams.extract.candidate import Candidate, Sent
from streams.records import EventType


class Vocabulary:
    """What the first pass looks for on behalf of one rule.

    ``words`` start an event alone; each pair in ``pairs`` starts one only when words of
    both sides are in the sentence ("extended" with "treaty"); ``blocked`` phrases cancel
    the trigger words inside them ("called for", "so-called").
    """

    def __init__(
        self,
        words: Iterable[str] = (),
        pairs: Iterable[tuple[Iterable[str], Iterable[str]]] = (),
        blocked: Iterable[str] = (),
    ) -> None:
        self.words = frozenset(words)
        self.pairs = tuple((frozenset(a), frozenset(b)) for a, b in pairs)
        self.blocked = frozenset(blocked)


@dataclass(frozen=True)
class Rule:
    type: EventType
    vocabulary: Vocabulary
    find: Callable[[Sent], list[Candidate]]
