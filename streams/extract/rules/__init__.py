"""One module per event type; each has ``WORDS`` (for the first pass) and ``find(sent)``."""

from __future__ import annotations

from collections.abc import Callable

from streams.extract.candidate import Candidate, Sent
from streams.extract.rules import agreement, boycott, call, meeting, sanction, threat, treaty

Rule = Callable[[Sent], list[Candidate]]

RULES: tuple[Rule, ...] = (
    call.find, boycott.find, treaty.find, meeting.find, sanction.find, agreement.find, threat.find,
)  # fmt: skip

# Every word form that can start an event: a sentence without one is never parsed.
TRIGGER_WORDS: frozenset[str] = frozenset().union(
    call.WORDS,
    boycott.WORDS,
    treaty.WORDS,
    meeting.WORDS,
    sanction.WORDS,
    agreement.WORDS,
    threat.WORDS,
)
