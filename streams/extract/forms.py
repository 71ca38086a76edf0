"""Word forms of the trigger lemmas, for the first pass (which has no lemmatizer).

Each rule declares its trigger lemmas; ``forms`` spells out their inflections, so the
first pass and the rules cannot drift apart. English regular inflection plus the
irregular verbs our triggers use; a few spare forms cost nothing.
"""

from __future__ import annotations

from collections.abc import Iterable

_IRREGULAR = {
    "meet": ["met"], "speak": ["spoke", "spoken"], "take": ["took", "taken"],
    "go": ["went", "gone"], "come": ["came"], "fly": ["flew", "flown", "flies"],
    "hold": ["held"], "send": ["sent"], "swear": ["swore", "sworn"], "cut": ["cut"],
    "hit": ["hit"], "shoot": ["shot"], "strike": ["struck", "stricken"],
    "seek": ["sought"], "freeze": ["froze", "frozen"], "break": ["broke", "broken"],
    "ring": ["rang", "rung"], "tell": ["told"], "put": ["put"], "bar": ["barred", "barring"],
    "ban": ["banned", "banning"], "shun": ["shunned", "shunning"], "snub": ["snubbed", "snubbing"],
    "skip": ["skipped", "skipping"], "dial": ["dialled", "dialling"], "wage": ["waged"],
    "fight": ["fought"], "pay": ["paid"], "lay": ["laid"], "withdraw": ["withdrew", "withdrawn"],
    "begin": ["began", "begun"], "give": ["gave", "given"], "have": ["had", "has"],
    "blockade": ["blockaded"], "stop": ["stopped", "stopping"], "plan": ["planned", "planning"],
    "expel": ["expelled", "expelling"], "sign": ["signed"], "seal": ["sealed"],
}  # fmt: skip


def forms(lemmas: Iterable[str]) -> frozenset[str]:
    out: set[str] = set()
    for lemma in lemmas:
        out |= {lemma, *_IRREGULAR.get(lemma, []), *_regular(lemma)}
    return frozenset(out)


def _regular(w: str) -> list[str]:
    if w.endswith("e"):
        return [w + "s", w + "d", w[:-1] + "ing"]
    if w.endswith("y") and len(w) > 2 and w[-2] not in "aeiou":
        return [w[:-1] + "ies", w[:-1] + "ied", w + "ing"]
    if w.endswith(("s", "sh", "ch", "x", "z")):
        return [w + "es", w + "ed", w + "ing"]
    return [w + "s", w + "ed", w + "ing"]


# Words of refusal and absence, for triggers that mean nothing without them ("attend").
NEGATION = frozenset(
    """not n't no never none refuse refused refuses refusing decline declined
declines declining skip skipped snub snubbed stay stayed won't""".split()
)
