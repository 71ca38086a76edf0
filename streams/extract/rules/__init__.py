"""One module per event type; each has ``WORDS`` (for the first pass) and ``find(sent)``."""

from __future__ import annotations

from collections.abc import Callable

from streams.extract.candidate import Candidate, Sent
from streams.extract.forms import Vocabulary
from streams.extract.rules import (
    abstention,
    agreement,
    boycott,
    call,
    meeting,
    sanction,
    threat,
    trade_boycott,
    treaty,
)

Rule = Callable[[Sent], list[Candidate]]

RULES: tuple[Rule, ...] = (
    call.find, boycott.find, abstention.find, trade_boycott.find, treaty.find,
    meeting.find, sanction.find, agreement.find, threat.find,
)  # fmt: skip

# What the first pass looks for: a sentence with none of it is never parsed.
VOCABULARIES: tuple[Vocabulary, ...] = (
    call.VOCABULARY, boycott.VOCABULARY, abstention.VOCABULARY, trade_boycott.VOCABULARY,
    treaty.VOCABULARY, meeting.VOCABULARY, sanction.VOCABULARY, agreement.VOCABULARY,
    threat.VOCABULARY,
)  # fmt: skip
