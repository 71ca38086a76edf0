"""How likely an extracted event is right: a logistic model over what the rules know.

The features say how the event was found: the rule's own strength for its pattern, the
type, how many states were resolved, whether the date and the actors came from the text
or had to be inferred, how often the article tells the event. The weights in
``streams/data/confidence.json`` were fitted on the shared dev set and the project's
real-reporting cases (``tests/data/``, ``eval/dev2.jsonl``) by ``scripts/calibration.py
--fit``; the held-out set (``eval/holdout.jsonl``) was not used, so its calibration table
is the fair check.
"""

from __future__ import annotations

import math

from streams import data
from streams.extract.draft import Draft

PRONOUNS = frozenset({"he", "she", "his", "her", "they", "their", "them", "it", "its"})


def features(d: Draft) -> dict[str, float]:
    countries = {f.country for f, _ in d.roles if f.country}
    trigger = d.cand.trigger
    return {
        "bias": 1.0,
        "strength": d.strength,
        f"type={d.cand.type}": 1.0,
        "two_states": float(len(countries) >= 2),
        "three_states": float(len(countries) >= 3),
        "date_in_text": float(d.date.source == "text"),
        "told_again": float(len(d.mentions) > 1),
        "pronoun_actor": float(any(f.text.lower() in PRONOUNS for f, _ in d.roles)),
        "planned": float(d.status == "planned"),
        "not_happened": float(d.status in ("negated", "hypothetical")),
        "unnamed_party": float(any(f.unresolved for f, _ in d.roles)),
        "headline_only": float(d.headline_only),
        "noun_trigger": float(trigger.pos_ in ("NOUN", "PROPN")),
        "lead": float(d.cand.sent.index < 3),
        "person_actor": float(any(f.kind == "person" for f, _ in d.roles)),
    }


def _weights() -> dict[str, float]:
    weights: dict[str, float] = data.load("confidence.json")["weights"]
    return weights


def confidence(d: Draft) -> float:
    weights = _weights()
    z = sum(weights.get(name, 0.0) * value for name, value in features(d).items())
    return round(1.0 / (1.0 + math.exp(-z)), 2)
