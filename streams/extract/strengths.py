"""How unambiguous each rule pattern is, 0..1: the ``strength`` feature of the confidence
model (``confidence.py``).

The weights in ``streams/data/confidence.json`` were fitted with these values, and the
file records their fingerprint. Change a value here and refit
(``scripts/calibration.py --fit ...``): ``tests/unit/extract/test_confidence.py`` fails
until the fingerprints agree again.
"""

from __future__ import annotations

import hashlib
import json

STRENGTH: dict[str, float] = {
    # calls
    "call.phone_verb": 0.9,  # "telephoned Kozyrev"
    "call.medium_noun": 0.9,  # "held a video call", "a phone conversation with"
    "call.spoke_by_medium": 0.85,  # "spoke by phone with"
    "call.medium_of_conjunct": 0.8,  # "spoke by phone with X, and then with Y"
    "call.called_someone": 0.6,  # "Biden called Putin on Tuesday"
    "call.noun": 0.55,  # "Xi and Putin's call"
    "call.spoke_no_place": 0.45,  # "Modi spoke to Putin on Thursday"
    # boycotts
    "boycott.verb": 0.85,  # "will boycott the Games"
    "boycott.noun": 0.8,  # "a diplomatic boycott of the Games"
    "boycott.stayed_away": 0.7,  # "will send no officials to", "walked out of"
    "boycott.severed_ties": 0.7,  # "severed diplomatic ties with Qatar"
    "boycott.refused_to_meet": 0.6,  # "will not meet Pence, in protest at"
    "boycott.shunned_goods": 0.6,  # "will bar Israeli-flagged ships"
    # treaty extensions
    "treaty_extension.treaty": 0.9,  # a named treaty, a treaty, pact or mandate
    "treaty_extension.agreement": 0.75,  # an agreement, deal, ceasefire, ...
    # meetings
    "meeting.meet_visit_host": 0.8,
    "meeting.other_verb": 0.6,  # negotiate, mediate, welcome, receive, greet
    "meeting.noun": 0.6,  # "talks with", "a state visit"
    "meeting.travel": 0.55,  # "Blinken would travel to China"
    # sanctions
    "sanction.verb": 0.85,  # "sanctioned", "froze the assets of"
    "sanction.noun": 0.8,  # "imposed sanctions on"
    # agreements
    "agreement.signed": 0.85,
    "agreement.concluded": 0.65,  # inked, sealed, ratified, concluded
    # threats
    "threat.threatened": 0.9,
    "threat.ultimatum": 0.85,
    "threat.warned_of": 0.75,  # "warned of retaliation"
    "threat.warned_consequence": 0.75,  # "warned that Russia would face sanctions"
    "threat.warned_refusal": 0.7,  # "warned that police will no longer tolerate"
    "threat.announced_coercion": 0.6,  # "would retaliate", "vowed to punish"
    "threat.warned_against": 0.55,  # "warned Russia against invading"
}


def fingerprint() -> str:
    """A short hash of the table, stored beside the fitted weights."""
    raw = json.dumps(STRENGTH, sort_keys=True).encode()
    return hashlib.blake2b(raw, digest_size=8).hexdigest()
