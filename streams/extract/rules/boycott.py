"""Boycotts by states: diplomatic (161), sporting and economic (163).

The boycotter must speak for a state; "Chinese consumers boycotted Japanese goods" is a
consumer boycott, and an opinion about boycotts in general ("sporting boycotts are not
sensible") has no boycotter at all. Electoral boycotts by parties are domestic politics.
"""

from __future__ import annotations

from spacy.tokens import Token

from streams.extract.actors import Found, np_tokens
from streams.extract.candidate import Candidate, Roles, Sent, with_role
from streams.extract.syntax import (
    antecedent,
    direct_objects,
    governor,
    prep_objects,
    relative_object,
    subject_of,
    would,
)

WORDS = frozenset({"boycott", "boycotts", "boycotted", "boycotting"})

_SPORT = frozenset(
    """olympics olympic games game world cup tournament championship championships
match matches race grand prix paralympics paralympic league competition sporting sport sports
""".split()
)
_ECONOMIC = frozenset(
    """goods products product trade imports import exports brand brands company
companies firms firm economic wine beef cotton consumer banks bank oil shipping
""".split()
)
_ELECTORAL = frozenset(
    """election elections vote votes poll polls referendum ballot parliament
session sessions inauguration primary primaries""".split()
)
_HOST_PREPS = ("in", "by", "of", "against", "on", "from", "to")


def find(sent: Sent) -> list[Candidate]:
    out = []
    for tok in sent.doc:
        if tok.lemma_.lower() != "boycott" and tok.lower_ not in WORDS:
            continue
        cand = _verb(tok, sent) if tok.pos_ == "VERB" else _noun(tok, sent)
        if cand is not None:
            out.append(cand)
    return out


def _verb(verb: Token, sent: Sent) -> Candidate | None:
    if would(verb):
        return None  # "said they would boycott": a threat (rules/threat.py), CAMEO 131x
    subj = subject_of(verb)
    boycotters = sent.actors.of(subj) if subj is not None else []
    objects = direct_objects(verb)
    obj = objects[0] if objects else relative_object(verb)
    return _build(verb, sent, boycotters, obj, strength=0.85)


def _noun(noun: Token, sent: Sent) -> Candidate | None:
    if noun.tag_ == "NNS" and not any(c.dep_ in ("det", "poss") for c in noun.children):
        return None  # "boycotts rarely work": boycotts in general
    boycotters: list[Found] = []
    for c in noun.children:
        if c.dep_ in ("poss", "compound", "amod", "nmod") and c.lower_ not in _SPORT | _ECONOMIC:
            boycotters += sent.actors.of(c)
    for tok in prep_objects(noun, ("by",)):
        boycotters += sent.actors.of(tok)
    gov, how = governor(noun)
    if not boycotters and gov is not None and how in ("dobj", "in", "attr"):
        subj = subject_of(gov)
        if subj is not None:
            boycotters = sent.actors.of(subj)
    if not boycotters:
        boycotters = _speaker(noun, sent)
    obj = next(iter(prep_objects(noun, ("of", "on", "against"))), None)
    return _build(noun, sent, boycotters, obj, strength=0.8)


def _speaker(tok: Token, sent: Sent) -> list[Found]:
    """An agentless boycott in quoted speech is the speaker's government's own
    ("There will be a diplomatic boycott," Johnson told the Commons)."""
    head = tok
    while head.head != head:
        head = head.head
        if head.lemma_ in ("say", "tell", "announce", "declare", "confirm"):
            subj = subject_of(head)
            speakers = sent.actors.of(subj) if subj is not None else []
            return [s for s in speakers if s.governmental and s.kind == "person"]
    return []


def _build(
    trigger: Token, sent: Sent, boycotters: list[Found], obj: Token | None, *, strength: float
) -> Candidate | None:
    boycotters = [b for b in boycotters if b.governmental and (b.country or b.org)]
    if not boycotters:
        return None
    obj = antecedent(obj) if obj is not None else None
    words = _object_words(obj) | {c.lower_ for c in trigger.children}
    if words & _ELECTORAL and not words & _SPORT:
        return None  # a party boycotting an election: domestic politics, not diplomacy
    roles: Roles = []
    with_role(boycotters, "boycotter", roles)
    if obj is not None:
        boycotted = [f for f in sent.actors.of(obj) if f.country or f.org]
        for tok in _hosts(obj):
            boycotted += sent.actors.of(tok)
        with_role(boycotted, "boycotted", roles)
    details = {"kind": _kind(trigger, boycotters, words), "object": _object_text(obj)}
    return Candidate("boycott", trigger, sent, roles, details, strength=strength)


def _object_words(obj: Token | None) -> set[str]:
    if obj is None:
        return set()
    return {obj.doc[i].lower_ for i in np_tokens(obj)} | {obj.lemma_.lower()}


def _hosts(obj: Token) -> list[Token]:
    """The state behind a boycotted event: "the Winter Olympics in Beijing"."""
    out = []
    for prep in obj.children:
        if prep.dep_ == "prep" and prep.lower_ in _HOST_PREPS:
            out += [c for c in prep.children if c.dep_ == "pobj"]
    return out


def _kind(trigger: Token, boycotters: list[Found], words: set[str]) -> str:
    mods = {c.lower_ for c in trigger.children}
    if "diplomatic" in mods or "diplomatic" in words:
        return "diplomatic"
    if mods & {"economic", "trade", "consumer"} or words & _ECONOMIC:
        return "economic"
    officials = any(b.kind == "person" for b in boycotters) or any(
        t.lower_ in ("officials", "ministers", "diplomats", "delegation") for t in trigger.doc
    )
    if words & _SPORT:
        return "diplomatic" if officials else "sporting"
    return "diplomatic"


def _object_text(obj: Token | None) -> str | None:
    if obj is None:
        return None
    toks = sorted(
        np_tokens(obj) | {t.i for c in obj.children if c.dep_ == "prep" for t in c.subtree}
    )
    doc = obj.doc
    while toks and doc[toks[0]].dep_ in ("det", "poss", "case"):
        toks = toks[1:]
    return doc[toks[0] : toks[-1] + 1].text if toks else None
