"""Meetings, visits, talks, summits, negotiations and mediation (CAMEO 040–046).

Not meetings: "met with criticism", "meet the deadline", "a meeting of minds", a meeting
mentioned without who took part ("the meeting's co-chairman said").
"""

from __future__ import annotations

from spacy.tokens import Token

from streams.extract.candidate import Candidate, Roles, Sent, with_role
from streams.extract.forms import forms
from streams.extract.lexicon import MEDIUM
from streams.extract.rule import Rule, Vocabulary
from streams.extract.syntax import (
    direct_objects,
    governor,
    is_light,
    is_passive,
    prep_objects,
    subject_of,
)
from streams.records import Role

VERBS = frozenset({"meet", "visit", "host", "negotiate", "mediate", "welcome", "receive", "greet"})
NOUNS = frozenset(
    {
        "meeting",
        "talks",
        "talk",
        "summit",
        "visit",
        "negotiations",
        "negotiation",
        "consultations",
        "mediation",
        "welcome",
        "tour",
        "trip",
    }
)
# What one meets that is not a party: targets, deadlines, resistance.
_NOT_PARTIES = frozenset(
    """target targets deadline deadlines demand demands need needs criteria
standard standards requirement requirements expectation expectations obligation obligations
condition conditions goal goals threshold criticism resistance opposition protest protests
skepticism scepticism approval silence challenge challenges end fate cost costs request
requests decision move news statement proposal call calls report reports result results
""".split()
)
# (subject's role, object's role): the visitor is the source, the host the target (PLOVER)
_VERB_ROLES: dict[str, tuple[Role, Role]] = {
    "visit": ("source", "target"), "host": ("target", "source"), "welcome": ("target", "source"),
    "receive": ("target", "source"), "meet": ("party", "party"), "negotiate": ("party", "party"),
    "greet": ("target", "source"),
}  # fmt: skip
_PERSON_HEADS = frozenset(
    {
        "president",
        "minister",
        "leader",
        "king",
        "emir",
        "prince",
        "chancellor",
        "premier",
        "delegation",
        "envoy",
        "counterpart",
    }
)
_NOT_VISITORS = frozenset(
    """troop force army soldier contingent deployment peacekeeper unit
battalion plane aircraft ship warship vessel convoy refugee migrant patch team squad
athlete player club""".split()
)
_VISIT_VERBS = frozenset({"arrive", "travel", "fly", "land"})
# "returned to Geneva for talks": the talks are the travellers'
_INHERIT_VERBS = _VISIT_VERBS | {"come", "go", "head", "return"}
VOCABULARY = Vocabulary(words=forms({*VERBS, *NOUNS, *_VISIT_VERBS}))
_SIDES = ("with", "between", "by", "among", "to")
_PURPOSE_PREPS = frozenset({"for", "on", "during", "at", "in", "after", "following"})


def find(sent: Sent) -> list[Candidate]:
    out = []
    for tok in sent.doc:
        lemma = tok.lemma_.lower()
        cand = None
        if tok.pos_ == "VERB" and lemma in VERBS:
            cand = _verb(tok, lemma, sent)
        elif tok.pos_ == "VERB" and lemma in _VISIT_VERBS:
            cand = _travel(tok, sent)
        elif tok.pos_ in ("NOUN", "PROPN") and (tok.lower_ in NOUNS or lemma in NOUNS):
            cand = _noun(tok, sent)
        if cand is not None and len(cand.parties()) >= 2:
            out.append(cand)
    return out


def _verb(verb: Token, lemma: str, sent: Sent) -> Candidate | None:
    if _remote(verb):
        return None  # "met virtually": a video call (rules/call.py)
    objs = direct_objects(verb)
    if any(o.lower_ in _NOT_PARTIES or o.lemma_ in _NOT_PARTIES for o in objs):
        return None
    withs = prep_objects(verb, ("with", "between"))
    if any(o.lower_ in _NOT_PARTIES for o in withs):
        return None
    if is_passive(verb):  # "the emir was greeted by the crown prince"
        objs = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if lemma in ("welcome", "receive", "greet") and not any(
        o.ent_type_ == "PERSON" or o.lemma_ in _PERSON_HEADS for o in objs
    ):
        return None  # "welcomed the decision", "received a letter"
    roles: Roles = []
    subj = subject_of(verb)
    first, second = _VERB_ROLES.get(lemma, ("source", "party"))
    if subj is not None:
        with_role(sent.actors.of(subj), first, roles)
    for tok in objs + withs + prep_objects(verb, ("to",)):
        with_role(sent.actors.of(tok, places=lemma == "visit"), second, roles)
    subtype = {
        "visit": "visit",
        "host": "host",
        "mediate": "mediate",
        "negotiate": "negotiate",
        "welcome": "host",
        "receive": "host",
    }.get(lemma)
    pattern = (
        "meeting.meet_visit_host" if lemma in ("meet", "visit", "host") else "meeting.other_verb"
    )
    return Candidate("meeting", verb, sent, roles, {}, pattern=pattern, subtype=subtype)


def _travel(verb: Token, sent: Sent) -> Candidate | None:
    """An official travelling to another state is a visit: "Blinken would travel to China",
    "Putin arrived in Pyongyang". Refugees or troops arriving somewhere are not."""
    destinations = (
        prep_objects(verb, ("to", "in"))
        if verb.lemma_.lower() in ("arrive", "land")
        else prep_objects(verb, ("to",))
    )
    subj = subject_of(verb)
    if not destinations or subj is None:
        return None
    if subj.lemma_.lower() in _NOT_VISITORS:
        return None  # troops arriving are a deployment, not a visit
    visitors = [f for f in sent.actors.of(subj) if f.governmental and f.kind != "group"]
    if not visitors or any(f.kind == "state" and f.country is None for f in visitors):
        return None
    roles: Roles = []
    with_role(visitors, "source", roles)
    for tok in destinations:
        with_role([f for f in sent.actors.of(tok, places=True) if f.country], "target", roles)
    return Candidate("meeting", verb, sent, roles, {}, pattern="meeting.travel", subtype="visit")


def _by_link(verb: Token) -> bool:
    return any(
        obj.lower_ in MEDIUM or any(m.lower_ in MEDIUM for m in obj.children)
        for prep in verb.children
        if prep.dep_ in ("prep", "agent") and prep.lower_ in ("via", "by", "over")
        for obj in prep.children
    )  # fmt: skip


def _remote(tok: Token) -> bool:
    return any(c.lower_ in MEDIUM for c in tok.children if c.dep_ in ("advmod", "amod", "compound"))


def _noun(noun: Token, sent: Sent) -> Candidate | None:
    if _remote(noun) or any(c.lower_ in ("press", "news") for c in noun.children):
        return None  # a video meeting is a call; a press conference is not a meeting
    gov, how = governor(noun)
    if gov is not None and how == "dobj" and _by_link(gov):
        return None  # "held talks with Xi via video link": a call
    head = noun.head if noun.dep_ == "compound" else noun  # "mediation mission/effort"
    roles: Roles = []
    own = [c for c in head.children if c.dep_ in ("poss", "compound", "amod", "nmod") and c != noun]
    # "no meeting planned between Putin and Zelensky": the participle holds the parties
    described = [a for a in head.children if a.dep_ == "acl" and a.tag_ == "VBN"]
    sides = [o for h in (head, *described) for o in prep_objects(h, _SIDES)]
    for tok in own + sides:
        role: Role = "source" if tok.head.lower_ == "by" else "party"
        with_role(sent.actors.of(tok), role, roles)
    gov, how = governor(head)
    if gov is not None and (is_light(gov) or (how in _PURPOSE_PREPS and _inherits(gov))):
        subj = subject_of(gov)
        if subj is not None:
            with_role(sent.actors.of(subj), "source", roles)
        for tok in direct_objects(gov) + prep_objects(gov, ("with", "to", "in")):
            if tok != head:
                with_role(sent.actors.of(tok), "target", roles)
    if noun.lemma_ in ("visit", "trip", "tour") and gov is not None and len(roles) == 1:
        # "signed a treaty in Bishkek during Rahmon's state visit": where the visit went
        for tok in prep_objects(gov, ("in",)) if how in ("during", "on") else []:
            with_role([f for f in sent.actors.of(tok, places=True) if f.country], "target", roles)
    subtype = (
        "visit"
        if noun.lemma_ in ("visit", "trip", "tour")
        else (
            "mediate"
            if noun.lemma_ == "mediation"
            else "negotiate"
            if "negotiat" in noun.lower_
            else None
        )
    )
    return Candidate("meeting", noun, sent, roles, {}, pattern="meeting.noun", subtype=subtype)


def _inherits(verb: Token) -> bool:
    """ "arrived in Amman on a visit", "returned to Geneva for talks"."""
    return verb.lemma_.lower() in _INHERIT_VERBS or is_light(verb)


RULE = Rule("meeting", VOCABULARY, find)
