"""Sanctions and embargoes imposed, extended or tightened (CAMEO 163, PLOVER SANCTION).

Not sanctions: calls for sanctions (an appeal), threats of sanctions (a threat), sanctions
lifted or eased, and sanctions merely mentioned as background ("under US sanctions").
"""

from __future__ import annotations

from spacy.tokens import Token

from streams.extract.actors import Found
from streams.extract.candidate import Candidate, Roles, Sent, with_role
from streams.extract.forms import forms
from streams.extract.lexicon import SANCTION_HEADS
from streams.extract.modality import would
from streams.extract.rule import Rule, Vocabulary
from streams.extract.syntax import (
    direct_objects,
    governor,
    is_passive,
    prep_objects,
    subject_of,
)

IMPOSING = frozenset(
    {
        "impose",
        "slap",
        "announce",
        "level",
        "introduce",
        "adopt",
        "expand",
        "tighten",
        "extend",
        "renew",
        "widen",
        "broaden",
        "unveil",
        "approve",
        "enact",
        "place",
        "put",
        "toughen",
        "add",
        "prolong",
        "roll",
        "agree",
        "apply",
        "reimpose",
        "re-impose",
        "step",
        "intensify",
        "hit",
        "target",
    }
)
VOCABULARY = Vocabulary(
    words=forms({"sanction", "embargo", "blacklist", *SANCTION_HEADS}),
    pairs=[
        (forms({"freeze"}), forms({"asset", "fund", "account", "reserve"})),
        (forms({"measure"}), {"restrictive", "punitive"}),
    ],
)
_TARGET_PREPS = ("on", "against", "over", "targeting", "for")


def find(sent: Sent) -> list[Candidate]:
    out = []
    for tok in sent.doc:
        lemma = tok.lemma_.lower()
        cand = None
        if tok.pos_ == "VERB" and lemma in ("sanction", "embargo", "blacklist"):
            cand = _verb(tok, sent)
        elif tok.pos_ == "NOUN" and (tok.lower_ in SANCTION_HEADS or lemma in SANCTION_HEADS):
            cand = _noun(tok, sent)
        elif tok.pos_ == "NOUN" and lemma == "measure" and _restrictive(tok):
            cand = _noun(tok, sent)  # "restrictive measures": the EU's word for sanctions
        elif tok.pos_ == "VERB" and lemma == "freeze" and _assets(tok):
            cand = _verb(tok, sent)
        if cand is not None:
            out.append(cand)
    return out


def _restrictive(noun: Token) -> bool:
    return any(c.lower_ in ("restrictive", "punitive") for c in noun.children)


def _assets(verb: Token) -> bool:
    """ "froze the assets of ...": an asset freeze is a sanction."""
    return any(
        o.lemma_.lower() in ("asset", "fund", "account", "reserve")
        for o in direct_objects(verb) + [c for c in verb.children if c.dep_ == "nsubjpass"]
    )


def _verb(verb: Token, sent: Sent) -> Candidate | None:
    if would(verb):
        return None  # "said they would impose sanctions": a threat (rules/threat.py), 1312
    if is_passive(verb):
        subj = subject_of(verb)  # the passive agent, "by the US"
        targets = [c for c in verb.children if c.dep_ == "nsubjpass"]
    else:
        subj = subject_of(verb)
        targets = direct_objects(verb)
    sources = sent.actors.of(subj) if subj is not None else []
    return _build(verb, sent, sources, _actors(targets, sent), pattern="sanction.verb")


def _noun(noun: Token, sent: Sent) -> Candidate | None:
    gov, how = governor(noun)
    if gov is None or how != "dobj" or gov.lemma_.lower() not in IMPOSING:
        return None
    subj = subject_of(gov)
    sources = sent.actors.of(subj) if subj is not None else []
    targets = prep_objects(noun, _TARGET_PREPS) + prep_objects(gov, _TARGET_PREPS)
    found = _actors(targets, sent)
    for c in noun.children:
        if c.dep_ in ("compound", "amod", "poss", "nmod"):
            (sources if c.dep_ == "poss" or not subj else found).extend(sent.actors.of(c))
    cand = _build(noun, sent, sources, found, pattern="sanction.noun")
    if cand is not None and gov.lemma_.lower() in ("extend", "renew", "prolong", "roll"):
        cand.details["action"] = "extended"
    return cand


def _actors(tokens: list[Token], sent: Sent) -> list[Found]:
    found = []
    for tok in tokens:
        found += sent.actors.of(tok)
        # "the Taliban faction that controls Afghanistan": the state behind the target
        for child in tok.subtree:
            if child.dep_ in ("dobj", "pobj") and child != tok:
                found += [f for f in sent.actors.of(child, conj=False) if f.country]
    return found


def _build(
    trigger: Token, sent: Sent, sources: list[Found], targets: list[Found], *, pattern: str
) -> Candidate | None:
    sources = [s for s in sources if s.official]  # not FIFA fining a football association
    if not sources:
        return None
    roles: Roles = []
    with_role(sources, "source", roles)
    with_role([t for t in targets if t.country or t.org or t.kind == "person"], "target", roles)
    if len(roles) < 2:
        return None
    return Candidate("sanction", trigger, sent, roles, {}, pattern=pattern)


RULE = Rule("sanction", VOCABULARY, find)
