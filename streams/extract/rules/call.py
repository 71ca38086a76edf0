"""Phone and video calls between leaders or governments (CAMEO 041, PLOVER CONSULT/phone).

A call needs its medium or its parties: "held a video call", "spoke by phone",
"telephoned Kozyrev", "Xi and Putin's call", "Modi spoke to Putin on Thursday" (leaders
who "spoke" with no place named did so by phone). These are not calls: "called for
talks", "called on Russia to", "called off the visit", "called him a liar", "an earnings
call", "spoke to reporters", "spoke with Macron at the summit".
"""

from __future__ import annotations

from spacy.tokens import Token

from streams.extract.actors import Found
from streams.extract.candidate import Candidate, Roles, Sent, with_role
from streams.extract.forms import forms
from streams.extract.lexicon import MEDIUM, PHONE, VIDEO
from streams.extract.rule import Rule, Vocabulary
from streams.extract.syntax import (
    clause_tokens,
    direct_objects,
    governor,
    has_child,
    is_light,
    is_passive,
    prep_objects,
    subject_of,
    top,
)

_MEDIUM_NOUNS = MEDIUM | {"link", "line", "call"}
_CALL_NOUNS = frozenset(
    """call conversation talk talks conference summit meeting chat discussion
exchange videoconference teleconference consultation consultations""".split()
)
# "conversation with Biden" alone may be a call told again: it can only join a known one.
_MERGE_ONLY_NOUNS = frozenset("conversation chat talk discussion exchange".split())
_NOT_CALLS = frozenset(
    """conference earnings investor analyst roll wake wake-up close cold
curtain casting judgment judgement margin last final emergency 911 booty port duty sick house
taxi mating bird open public clarion national press""".split()
)
_COMM_VERBS = frozenset(
    """speak talk confer converse discuss chat hold have meet exchange
communicate agree say tell vow pledge reaffirm express stress underline brief""".split()
)
_SPOKE_VERBS = frozenset({"speak", "talk", "confer", "converse"})
# Verbs whose object is the matter talked about, not the other side.
_TOPIC_VERBS = frozenset(
    "discuss agree say vow pledge reaffirm express stress underline exchange review".split()
)
# Signs that people spoke face to face: a place, a meeting, the sidelines of a summit.
_IN_PERSON = frozenset(
    """sidelines summit meeting visit trip tour capital palace office house
kremlin conference forum ceremony dinner lunch airport residence talks""".split()
)
_PHONE_VERBS = frozenset({"phone", "telephone", "ring", "dial"})
_APPEAL_PREPS = frozenset({"for", "on", "upon"})
# The call is how they talked ("told Macron in a phone call", "after a call with Trump"),
# so the clause's subject and objects may be its parties.
_MEDIUM_PREPS = frozenset({"during", "in", "via", "over", "by", "through", "after", "following"})
_WITHIN = frozenset({"in", "during", "over", "via", "by", "through"})
_MEDIUM_PP = frozenset({"by", "over", "via", "on", "through", "in", "during"})
# Legislators addressed by video are an audience, not a government on the line.
_AUDIENCES = frozenset(
    """mp mps lawmaker lawmakers legislator legislators politician politicians parliament
parliamentarian parliamentarians congress senate senator senators assembly deputies
audience audiences""".split()
)

VOCABULARY = Vocabulary(
    words=forms(
        {"call", "phone", "telephone", "ring", "dial", "conversation", *_SPOKE_VERBS, *MEDIUM}
    ),
    # "the call on Saturday" is a call; "called on Russia to" is not
    blocked=[
        f"{c} {p}"
        for c in forms({"call"})
        for p in ("for", "on", "upon", "off")
        if (c, p) != ("call", "on")
    ]
    + ["so-called", "so called"],
)


def find(sent: Sent) -> list[Candidate]:
    out: list[Candidate] = []
    for tok in sent.doc:
        cand = _verb_call(tok, sent) if tok.pos_ in ("VERB", "AUX") else None
        if cand is None and tok.pos_ in ("NOUN", "PROPN"):
            cand = _noun_call(tok, sent)
        if cand is not None:
            out.append(cand)
    return out


def medium_of(tokens: list[Token]) -> str | None:
    words = {t.lower_ for t in tokens}
    if words & VIDEO:
        return "video"
    if words & PHONE or any(t.lemma_ in _PHONE_VERBS for t in tokens):
        return "phone"
    return None


def _verb_call(verb: Token, sent: Sent) -> Candidate | None:
    lemma = verb.lemma_.lower()
    if lemma in _PHONE_VERBS and not is_passive(verb):
        return _between(verb, sent, [verb], pattern="call.phone_verb")
    if lemma == "call" and _is_calling_someone(verb):
        return _between(verb, sent, [verb], pattern="call.called_someone", medium_default="phone")
    if lemma in ("be", "get") and (line := _on_the_line(verb)):
        return _between(verb, sent, line, pattern="call.spoke_by_medium")
    if lemma not in _COMM_VERBS:
        return None
    media = _medium_pp(verb)
    if media:
        return _between(verb, sent, media, pattern="call.spoke_by_medium")
    inherited = _medium_of_conjunct(verb)
    if inherited:  # the medium, but not the other party, of "spoke by phone with X and Y"
        cand = _between(verb, sent, [verb], pattern="call.medium_of_conjunct")
        cand.details["medium"] = medium_of(inherited)
        return cand
    if lemma in _SPOKE_VERBS and not _in_person(verb):
        cand = _between(verb, sent, [verb], pattern="call.spoke_no_place")
        parties = [f for f, _ in cand.roles if f.kind == "person" and f.country]
        return cand if len(parties) >= 2 else None
    return None


def _is_calling_someone(verb: Token) -> bool:
    """ "Biden called Putin on Tuesday" — not "called for", "called on", "called off",
    "called him a liar", "called it", "was called"."""
    if is_passive(verb) or has_child(verb, "prt"):
        return False
    if any(c.dep_ == "prep" and c.lower_ in _APPEAL_PREPS for c in verb.children) and not (
        _on_the_line(verb)
    ):
        return False  # "called on Russia to", not "called Netanyahu on the phone"
    if any(c.dep_ in ("oprd", "ccomp", "attr", "acomp") for c in verb.children):
        return False
    objs = direct_objects(verb)
    if len(objs) == 2 and objs[1].i == objs[0].right_edge.i + 1:
        objs = objs[:1] + objs[1:]  # "calls his crony Alfredo Cristiani", split in two
    elif len(objs) != 1:
        return False
    if any(c.dep_ in ("npadvmod", "appos") and c.pos_ == "NOUN" for c in objs[0].children):
        return False
    # "called Putin", "called his Salvadoran crony Alfredo Cristiani": someone named
    named = [
        *objs,
        *(c for o in objs for c in o.children if c.dep_ in ("amod", "compound", "appos")),
    ]
    return any(t.ent_type_ in ("PERSON", "GPE", "NORP", "ORG") for t in named)


def _medium_pp(tok: Token) -> list[Token]:
    """ "spoke by phone", "talked over the telephone", "held talks via video link", "spoke
    with Biden in a phone conversation"."""
    found = []
    for prep in tok.children:
        # the parser often labels "by telephone" an agent phrase
        if prep.dep_ not in ("prep", "agent") or prep.lower_ not in _MEDIUM_PP:
            continue
        for obj in prep.children:
            words = [obj, *obj.children]
            if obj.dep_ != "pobj" or not any(w.lower_ in MEDIUM for w in words):
                continue
            # "in a video address" is no call; "in a phone conversation" is
            if prep.lower_ in ("by", "over", "via", "on", "through") or _is_call_noun(obj):
                found += words
    found += [c for c in tok.children if c.dep_ == "advmod" and c.lower_ in MEDIUM]
    return found


def _is_call_noun(noun: Token) -> bool:
    return noun.lower_ in _CALL_NOUNS or noun.lemma_.lower() in _CALL_NOUNS


def _on_the_line(verb: Token) -> list[Token]:
    """ "had been on the phone with his Slovenian counterpart", "gets on the phone"."""
    for prep in verb.children:
        if prep.dep_ == "prep" and prep.lower_ == "on":
            objs = [o for o in prep.children if o.dep_ == "pobj"]
            if any(o.lower_ in PHONE or o.lower_ == "line" for o in objs):
                return [prep, *objs]
    return []


def _medium_of_conjunct(verb: Token) -> list[Token]:
    """ "would speak by telephone with Putin, and then speak with Zelensky"."""
    if verb.dep_ == "conj" and verb.head.lemma_.lower() in _COMM_VERBS:
        return _medium_pp(verb.head)
    return []


def _in_person(verb: Token) -> bool:
    """A place or a meeting in the clause: "spoke with Macron at the summit in Rome"."""
    doc = verb.doc
    for i in clause_tokens(verb, frozenset({"relcl", "advcl", "ccomp", "conj", "xcomp"})):
        tok = doc[i]
        if tok.lower_ in _IN_PERSON or tok.lemma_.lower() in _IN_PERSON:
            return True
        at_place = tok.dep_ == "pobj" and tok.head.lower_ in ("in", "at") and tok.head.head == verb
        if at_place and tok.ent_type_ in ("GPE", "FAC", "LOC"):
            return True
    return any(c.lower_ in ("reporters", "journalists", "press") for c in doc)


def _noun_call(noun: Token, sent: Sent) -> Candidate | None:
    word = noun.lower_
    if word not in _CALL_NOUNS and noun.lemma_.lower() not in _CALL_NOUNS:
        return None
    mods = [c for c in noun.children if c.dep_ in ("compound", "amod", "nmod")]
    if noun.dep_ == "compound" and noun.lower_ in MEDIUM:
        return None  # "phone" in "phone call" is the modifier, the head is the trigger
    if any(m.lower_ in _NOT_CALLS for m in mods):
        return None
    media = [m for m in mods if m.lower_ in MEDIUM] + _medium_pp(noun)
    if not media and _is_appeal(noun):
        return None  # "calls for restraint"; "a phone call on the corridor" is a call
    for acl in (c for c in noun.children if c.dep_ == "acl"):
        media += _medium_pp(acl)  # "talks held by video link"
    gov, how = governor(noun)
    if not media and gov is not None and how == "dobj" and is_light(gov):
        media = _medium_pp(gov)  # "held talks with Xi via video link"
    is_call = noun.lemma_.lower() == "call"
    if not media and not is_call and noun.lower_ not in _MERGE_ONLY_NOUNS:
        return None
    pattern = "call.medium_noun" if media else "call.noun"
    cand = _between(noun, sent, media or [noun], pattern=pattern)
    if not media and (noun.lower_ in _MERGE_ONLY_NOUNS or not is_call):
        cand.merge_only = True
    if not media and is_call and len(cand.parties()) < 2:
        cand.merge_only = True  # "the call lasted an hour": only as a retelling
    return cand


def _is_appeal(noun: Token) -> bool:
    """ "calls for restraint", "a call to action", "the call on Russia to withdraw" — but
    not "the call on Wednesday"."""
    for prep in noun.children:
        if prep.dep_ != "prep":
            continue
        objs = [c for c in prep.children if c.dep_ == "pobj"]
        if prep.lower_ == "for" and not any(o.ent_type_ in ("DATE", "TIME") for o in objs):
            return True
        if prep.lower_ in ("on", "upon") and any(o.ent_type_ not in ("DATE", "TIME") for o in objs):
            return True
        if prep.lower_ == "to" and any(o.lower_ in ("action", "arms") for o in objs):
            return True
    return any(c.dep_ in ("acl", "relcl") and c.tag_ == "VB" for c in noun.children)


def _between(
    trigger: Token,
    sent: Sent,
    media: list[Token],
    *,
    pattern: str,
    medium_default: str | None = None,
) -> Candidate:
    roles: Roles = []
    actors = sent.actors
    own = [c for c in trigger.children if c.dep_ in ("poss", "compound", "amod", "nmod")]
    own = [c for c in own if c.lower_ not in _MEDIUM_NOUNS]
    for tok in own + _with(trigger, media):
        with_role(actors.of(tok), "party", roles)
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else _clause_verb(trigger)
    if verb is not None and (
        trigger.pos_ in ("VERB", "AUX") or len(roles) < 2 or _told_within(trigger)
    ):
        for tok in _participants(verb):
            if tok != trigger:
                with_role(actors.of(tok), "party", roles)
    if len(roles) < 2 and (media or trigger.pos_ in ("VERB", "AUX")):
        # "Putin warned Biden ..., Ushakov said after a phone call": the call's parties
        # are the leaders the sentence names as subjects and objects
        with_role(_sentence_leaders(trigger, sent), "party", roles)
    medium = medium_of(media) or medium_default
    roles = [(f, r) for f, r in roles if f.kind != "group" and not _audience(sent, f)]
    return Candidate("call", trigger, sent, roles, {"medium": medium}, pattern=pattern)


def _told_within(noun: Token) -> bool:
    """ "In calls with the Jordanian and Qatari ministers, Blinken said": what the clause
    tells happened within the call, so its subject is the caller; "a day after his call
    with Putin, Trump dialled Zelensky" tells another event, and "a call between" names
    both sides already."""
    gov, how = governor(noun)
    held = how == "dobj" and gov is not None and is_light(gov)  # "held calls with X and Y"
    return (how in _WITHIN or held) and not prep_objects(noun, ("between",))


def _participants(verb: Token) -> list[Token]:
    """Who took part in the clause: its subject (both the agent and the subject of a
    passive: "officials were informed during a call from the embassy"), its objects, and
    nouns the parser hung on the verb that coordinate with them ("spoke to Bush, and the
    presidents of Sri Lanka and Indonesia")."""
    out = [s for s in (subject_of(verb),) if s is not None]
    out += [c for c in verb.children if c.dep_ == "nsubjpass"]
    if verb.lemma_.lower() not in _TOPIC_VERBS:  # "discussed Syria": what, not with whom
        out += direct_objects(verb)
    out += prep_objects(verb, ("to", "with"))
    out += [c for c in verb.children if c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN")]
    return out


def _audience(sent: Sent, found: Found) -> bool:
    """ "the Canadian parliament", "the European Parliament", "British MPs"."""
    tok = sent.doc[found.token]
    words = {w for t in (tok, tok.head) for w in (t.lower_, t.lemma_.lower())}
    return bool(words & _AUDIENCES)


def _sentence_leaders(trigger: Token, sent: Sent) -> list[Found]:
    out: list[Found] = []
    for tok in trigger.doc:
        argument = tok.dep_ in ("nsubj", "nsubjpass", "dobj", "dative") or (
            tok.dep_ == "pobj" and tok.head.lower_ in ("with", "to", "from")
        )
        if argument:
            out += [f for f in sent.actors.of(tok) if f.kind == "person" and f.country]
    return out


def _with(trigger: Token, media: list[Token]) -> list[Token]:
    """The other side: "with Putin", "between the two", also when the parser hangs "with"
    on the medium ("spoke by telephone with Putin")."""
    out = prep_objects(trigger, ("with", "between", "to", "among", "from"))
    for m in media:
        if m != trigger:
            out += prep_objects(m, ("with", "between"))
    return out


def _clause_verb(noun: Token) -> Token | None:
    """The verb whose subject and objects took part in the call the noun names."""
    gov, how = governor(noun)
    if gov is None or not (how in _MEDIUM_PREPS or (how == "dobj" and is_light(gov))):
        return None
    # "urged Putin to declare a ceasefire ... during a phone call": the finite clause
    return top(gov, ("xcomp",))


RULE = Rule("call", VOCABULARY, find)
