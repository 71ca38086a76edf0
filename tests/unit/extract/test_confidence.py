"""The confidence model and the pattern strengths it was fitted with stay in step."""

from __future__ import annotations

from streams import data
from streams.extract.rules import RULES
from streams.extract.strengths import STRENGTH, fingerprint


def test_the_weights_were_fitted_with_these_strengths() -> None:
    """Changing a strength without refitting (``scripts/calibration.py --fit``) fails here."""
    assert data.load("confidence.json")["strengths"] == fingerprint()


def test_every_strength_is_a_probability_named_after_its_type() -> None:
    types = {rule.type for rule in RULES}
    for name, value in STRENGTH.items():
        assert 0.0 < value <= 1.0
        assert name.split(".")[0] in types, name
