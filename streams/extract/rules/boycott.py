"""Boycotts by states told with the word: diplomatic (161), sporting and economic (163).

The boycotter must speak for a state; "Chinese consumers boycotted Japanese goods" is a
consumer boycott, and an opinion about boycotts in general ("sporting boycotts are not
sensible") has no boycotter at all. Electoral boycotts by parties are domestic politics.
Severing ties is the diplomatic boycott of a state. Staying away without the word ("Japan
will not send ministers to the Beijing Olympics") is ``rules/abstention.py``.
"""

from __future__ import annotations

from spacy.tokens import Token

from streams.extract.actors import Found
from streams.extract.boycotts import ECONOMIC, SPORT, build, is_event, speaker
from streams.extract.candidate import Candidate, Sent, with_role
from streams.extract.forms import forms
from streams.extract.lexicon import PEOPLE_HEADS
from streams.extract.modality import would
from streams.extract.rule import Rule, Vocabulary
from streams.extract.syntax import (
    direct_objects,
    governor,
    has_child,
    is_verb,
    prep_objects,
    relative_object,
    subject_of,
)

_APPEALS = frozenset("urge call ask appeal encourage implore exhort".split())
# Modifiers that make a boycott the people's: consumers, fans, advertisers.
_POPULAR = frozenset(
    """consumer consumers public popular grassroots fan fans customer customers shopper
shoppers advertiser advertisers user users"""
    .split()
)  # fmt: skip
VOCABULARY = Vocabulary(
    words=forms({"boycott"}),
    pairs=[(forms({"sever", "cut", "break"}), {"ties", "relations"})],
)


def find(sent: Sent) -> list[Candidate]:
    out = []
    for tok in sent.doc:
        lemma = tok.lemma_.lower()
        cand = None
        if lemma == "boycott":
            cand = _verb(tok, sent) if is_verb(tok) else _noun(tok, sent)
        elif tok.pos_ == "VERB" and lemma in ("sever", "cut", "break"):
            cand = _severed(tok, sent)
        if cand is not None:
            out.append(cand)
    return out


def _verb(verb: Token, sent: Sent) -> Candidate | None:
    objects = direct_objects(verb)
    obj = objects[0] if objects else relative_object(verb)
    if obj is None and verb.dep_ == "acl" and verb.tag_ == "VBN":
        obj = verb.head  # "a vote boycotted by the opposition"
    if would(verb) and not is_event(obj):
        return None  # "said they would boycott all contact": a threat (rules/threat.py)
    if _appeal_to_people(verb):
        return None  # "Erdogan urged Turks to boycott French goods": an appeal (CAMEO 02x)
    subj = subject_of(verb)
    boycotters = sent.actors.of(subj) if subj is not None else []
    if not boycotters and subj is not None:
        boycotters = sent.actors.of(_among_whom(subj) or subj)
    return build(verb, sent, boycotters, obj, pattern="boycott.verb")


def _appeal_to_people(verb: Token) -> bool:
    """A boycott a leader asks the people for: "urged Turks to boycott", "called on
    consumers to boycott"; not "urged its allies to boycott the Games"."""
    if verb.dep_ != "xcomp" or verb.head.lemma_.lower() not in _APPEALS:
        return False
    asked = direct_objects(verb.head) + prep_objects(verb.head, ("on", "upon"))
    return any(
        a.lower_ in PEOPLE_HEADS or (a.ent_type_ == "NORP" and a.tag_ == "NNPS") for a in asked
    )


def _among_whom(group: Token) -> Token | None:
    """ "X and Y were among dozens of countries that boycotted ...": X and Y."""
    tok = group
    while tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head != tok.head:
        tok = tok.head.head  # "countries" → "dozens"
    if tok.dep_ == "pobj" and tok.head.lower_ == "among":
        copula = tok.head.head
        return next((c for c in copula.children if c.dep_ == "nsubj"), None)
    return None


def _noun(noun: Token, sent: Sent) -> Candidate | None:
    if noun.tag_ == "NNS" and not any(c.dep_ in ("det", "poss") for c in noun.children):
        return None  # "boycotts rarely work": boycotts in general
    mods = [c for c in noun.children if c.dep_ in ("poss", "compound", "amod", "nmod")]
    if any(m.lower_ in _POPULAR for m in mods):
        return None  # "a Chinese consumer boycott": people's, not the state's
    # "a US goods boycott", "the Olympic boycott": the modifier is what is boycotted
    objects = [m for m in mods if m.lower_ in SPORT | ECONOMIC or is_event(m)]
    boycotters: list[Found] = []
    for m in mods:
        if m not in objects:
            boycotters += sent.actors.of(m)
    for tok in prep_objects(noun, ("by",)):
        boycotters += sent.actors.of(tok)
    if not boycotters:
        boycotters = _agent(noun, sent)
    redescribed = _redescribes(noun)
    if not boycotters and not redescribed:
        boycotters = speaker(noun, sent)
    obj = next(iter(prep_objects(noun, ("of", "on", "against"))), None) or next(iter(objects), None)
    if obj is None and not redescribed:
        # "would travel to the World Cup in Qatar, rejecting calls for a government boycott"
        obj = _event_told(noun)
    cand = build(noun, sent, boycotters, obj, pattern="boycott.noun", allow_empty=redescribed)
    if cand is not None and redescribed:
        cand.merge_only = True  # "..., a diplomatic boycott over ...": names the event above
    return cand


def _agent(noun: Token, sent: Sent) -> list[Found]:
    """Who boycotts, for a boycott noun: the subject of the verb that has it ("Erdogan
    announces a boycott"), or in a headline without a verb the state it is about
    ("Canada in discussions on possible Olympic boycott")."""
    gov, how = governor(noun)
    if gov is None and noun.dep_ in ("ccomp", "xcomp", "conj") and noun.head.pos_ == "VERB":
        gov, how = noun.head, "dobj"  # "Erdogan announces US goods boycott", misparsed
    if gov is not None and how in ("dobj", "in", "attr"):
        subj = subject_of(gov)
        return sent.actors.of(subj) if subj is not None else []
    root = noun.sent.root
    path = [noun, *(t for t in noun.ancestors if t != root)]
    in_pp = noun.dep_ == "pobj" and all(t.dep_ != "compound" for t in path)  # not "'Boycott
    # Qatar' banners", but "Canada in discussions on possible Olympic boycott"
    if gov is None and sent.headline and root.pos_ in ("NOUN", "PROPN") and in_pp:
        return sent.actors.of(root)
    return []


def _event_told(noun: Token) -> Token | None:
    """An event the sentence names elsewhere, for a boycott that names none."""
    inside = {s.i for s in noun.subtree}
    heads = [t for t in noun.doc if t.i not in inside and t.dep_ != "compound"]
    return next((t for t in heads if t.pos_ in ("NOUN", "PROPN") and is_event(t)), None)


def _redescribes(noun: Token) -> bool:
    """ "..., a diplomatic boycott he said", "a decision that amounts to a boycott", "it is
    not a boycott": a name for an act told elsewhere."""
    if noun.dep_ in ("appos", "npadvmod") or (noun.dep_ == "ROOT" and noun.pos_ == "NOUN"):
        return True
    gov, how = governor(noun)
    if gov is not None and how == "attr" and (subj := subject_of(gov)) is not None:
        return subj.lower_ in ("it", "this", "that", "which")
    return gov is not None and gov.lemma_.lower() == "amount" and how == "to"


def _severed(verb: Token, sent: Sent) -> Candidate | None:
    """ "severed diplomatic ties with Qatar": breaking relations (CAMEO 161), the form a
    state's diplomatic boycott of another state takes."""
    ties = [o for o in direct_objects(verb) if o.lemma_.lower() in ("tie", "relation", "contact")]
    if not ties or (verb.lemma_.lower() == "break" and not has_child(verb, "prt")):
        return None
    others = prep_objects(verb, ("with",)) + prep_objects(ties[0], ("with",))
    subj = subject_of(verb)
    boycotters = sent.actors.of(subj) if subj is not None else []
    cand = build(verb, sent, boycotters, None, pattern="boycott.severed_ties")
    if cand is None:
        return None
    for tok in others:
        with_role([f for f in sent.actors.of(tok) if f.country], "boycotted", cand.roles)
    cand.details = {"kind": "diplomatic", "object": "relations"}
    return cand


RULE = Rule("boycott", VOCABULARY, find)
