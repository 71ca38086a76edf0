"""A new agreement or treaty signed (CAMEO 057, PLOVER SUPPORT).

"Signed a treaty of friendship" is one; "agreed upon a pact" is a promise (CAMEO 03x), and
"the ceasefire agreement signed in 2001" mentions an old agreement as background.
"""

from __future__ import annotations

from spacy.tokens import Token

from streams.extract.actors import conjuncts
from streams.extract.candidate import Candidate, Roles, Sent, with_role
from streams.extract.forms import forms
from streams.extract.lexicon import AGREEMENT_HEADS
from streams.extract.rule import Rule, Vocabulary
from streams.extract.syntax import direct_objects, governor, prep_objects, subject_of
from streams.extract.treaty_phrase import OBJECT_WORDS, is_treaty, treaty_name, treaty_parties

VERBS = frozenset({"sign", "ink", "conclude", "seal", "ratify", "initial"})
# Signed texts that bind without being called an agreement: "signed a joint declaration
# ending the state of war", "signed the charter".
_JOINT_TEXTS = frozenset({"declaration", "communique", "communiqué", "statement"})
VOCABULARY = Vocabulary(
    pairs=[(forms({*VERBS, "signing", "ratification"}), OBJECT_WORDS | forms(_JOINT_TEXTS))]
)


def find(sent: Sent) -> list[Candidate]:
    out = []
    for tok in sent.doc:
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and lemma in VERBS and tok.dep_ not in ("acl", "amod"):
            objs = direct_objects(tok) or [c for c in tok.children if c.dep_ == "nsubjpass"]
            if objs and _is_agreement(objs[0]):
                out.append(_build(tok, tok, objs[0], sent))
        elif tok.pos_ == "NOUN" and lemma in ("signing", "ratification"):
            obj = next(iter(prep_objects(tok, ("of",))), None)
            gov, _ = governor(tok)
            if obj is not None and gov is not None and _is_agreement(obj):
                out.append(_build(tok, gov, obj, sent))
    return [c for c in out if len(c.parties()) >= 2]


def _is_agreement(obj: Token) -> bool:
    if obj.lemma_.lower() in _JOINT_TEXTS:
        return any(c.lower_ == "joint" for c in obj.children)
    return (
        obj.lemma_.lower() in AGREEMENT_HEADS
        or obj.lower_ in AGREEMENT_HEADS
        or (is_treaty(obj) and obj.lemma_.lower() != "mandate")
    )


def _build(trigger: Token, verb: Token, obj: Token, sent: Sent) -> Candidate:
    roles: Roles = []
    subj = subject_of(verb)
    if subj is not None and subj != obj:
        with_role(sent.actors.of(subj), "party", roles)
    for tok in prep_objects(verb, ("with", "between")):
        with_role(sent.actors.of(tok), "party", roles)
    for tok in conjuncts(obj):
        with_role(treaty_parties(tok, sent), "party", roles)
    signed = trigger.lemma_ in ("sign", "signing")
    pattern = "agreement.signed" if signed else "agreement.concluded"
    return Candidate(
        "agreement", trigger, sent, roles, {"treaty": treaty_name(obj)}, pattern=pattern
    )


RULE = Rule("agreement", VOCABULARY, find)
