"""Every rule, in one list. A rule module exports ``RULE``: its event type, the vocabulary
the first pass keeps sentences for, and the finder that reads a parsed sentence.

Boycotts have three ways of being told (the word, staying away, shunning goods), so three
rules; shared helpers live beside this package (``boycotts.py``, ``treaty_phrase.py``),
never in it, so rules do not import each other.
"""

from __future__ import annotations

from streams.extract.rule import Rule
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

RULES: tuple[Rule, ...] = (
    call.RULE, boycott.RULE, abstention.RULE, trade_boycott.RULE, treaty.RULE,
    meeting.RULE, sanction.RULE, agreement.RULE, threat.RULE,
)  # fmt: skip
