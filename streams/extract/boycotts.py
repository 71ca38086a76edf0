"""What every boycott has, however it is told: who stays away, from what, against whom.

``rules/boycott.py`` (the word, severed ties) and ``rules/abstention.py`` (staying away
without the word) find the trigger and the boycotters; ``build`` fills in the rest.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from streams.extract import games
from streams.extract.actors import Found, np_tokens
from streams.extract.candidate import Candidate, Reading, Roles, Sent, with_role
from streams.extract.dates import resolve
from streams.extract.lexicon import SAY_VERBS
from streams.extract.mentions import TITLE_WORDS
from streams.extract.syntax import (
    antecedent,
    direct_objects,
    has_child,
    speaker_of,
    stray_conjuncts,
)

SPORT = frozenset(
    """olympics olympic games game world cup tournament championship championships
match matches race grand prix paralympics paralympic league competition sporting sport sports
team athletes squad""".split()
)
ECONOMIC = frozenset(
    """goods products product trade imports import exports brand brands company
companies firms firm economic wine beef cotton consumer banks bank oil shipping tours
tourism""".split()
)
_ELECTORAL = frozenset(
    """election elections vote votes poll polls referendum ballot parliament
primary primaries""".split()
)
# What states stay away from: a boycotted *event*.
EVENT_NOUNS = frozenset(
    """olympics games cup world summit conference meeting meetings ceremony ceremonies inauguration
hearing hearings proceedings workshop forum
session sessions talks tournament championship championships celebration celebrations parade
funeral festival expo assembly dialogue gathering event events opening congress coronation
jubilee commemoration anniversary paralympics contest match matches tour finals
""".split()
)
_AFTER = ("after", "when")
_HOST_PREPS = ("in", "by", "of", "against", "on", "from", "to", "over")
# "the summit Russia had planned to host", "the summit scheduled for ... in Islamabad"
_HOSTING = frozenset("host organise organize stage hold schedule set plan".split())


def is_event(tok: Token | None) -> bool:
    if tok is None:
        return False
    words = {tok.doc[i].lower_ for i in np_tokens(tok)}
    return bool(words & EVENT_NOUNS) or tok.ent_type_ == "EVENT"


def object_words(obj: Token | None) -> set[str]:
    if obj is None:
        return set()
    return {obj.doc[i].lower_ for i in np_tokens(obj)} | {obj.lemma_.lower()}


def build(
    trigger: Token,
    sent: Sent,
    boycotters: list[Found],
    obj: Token | None,
    *,
    pattern: str,
    reading: Reading = "event",
    allow_empty: bool = False,
    places: list[Token] | None = None,
) -> Candidate | None:
    """A boycott candidate; ``places`` are where the boycotted event is ("go to Moscow")."""
    boycotters = [
        b if b.country or b.org else replace(b, unresolved=True)
        for b in boycotters
        if b.governmental and (b.country or b.org or _official(b, sent))
    ]
    if not boycotters and not allow_empty:
        return None
    obj = antecedent(obj) if obj is not None else None
    words = object_words(obj) | {c.lower_ for c in trigger.children}
    if words & _ELECTORAL and not words & SPORT:
        return None  # a party boycotting an election: domestic politics, not diplomacy
    roles: Roles = []
    with_role(boycotters, "boycotter", roles)
    places = (places or []) + (stray_conjuncts(trigger) if trigger.pos_ == "NOUN" else [])
    with_role(_boycotted(trigger, obj, sent, places), "boycotted", roles)
    details = {"kind": _kind(trigger, boycotters, words), "object": _object_text(obj)}
    ahead = obj is not None and _still_to_come(obj, sent)
    return Candidate(
        "boycott", trigger, sent, roles, details, pattern=pattern, reading=reading, ahead=ahead
    )


def _official(found: Found, sent: Sent) -> bool:
    """A person whose state the text does not say but whose office it does: "Foreign
    Trade Minister Anita Gradin said a trade boycott of South Africa would ..."."""
    head = sent.doc[found.token]
    return found.kind == "person" and any(t.text in TITLE_WORDS for t in head.subtree)


def protested(trigger: Token, sent: Sent) -> list[Found]:
    """States whose acts the boycott protests: "over Seoul's decision", "in protest at the
    presence of Zimbabwe's president", "accusing South Africa of ...", "citing Sri Lanka's
    failure"."""
    out: list[Token] = []
    for tok in _reasons(trigger):
        if tok.dep_ == "pobj" and tok.head.lower_ in ("over", "at", "against"):
            out += _owners(tok)
        elif tok.dep_ == "advcl" and tok.lemma_ in SAY_VERBS and has_child(tok, "mark", _AFTER):
            out += [c for c in tok.children if c.dep_ == "nsubj"]  # walked out after X said
        elif tok.pos_ == "VERB" and tok.lemma_.lower() in ("accuse", "cite"):
            objs = direct_objects(tok)
            out += objs if tok.lemma_.lower() == "accuse" else [o for d in objs for o in _owners(d)]
    return [f for t in out for f in sent.actors.of(t) if f.governmental and (f.country or f.org)]


def _reasons(trigger: Token) -> list[Token]:
    """The tokens that may give the reason: the trigger's clause, and the adjuncts of the
    verb reporting it ("..., an aide said, in protest at ...")."""
    clause = trigger.head if trigger.dep_ in ("xcomp", "dobj") else trigger
    out = list(clause.subtree)
    if clause.dep_ == "ccomp" and clause.head.lemma_ in SAY_VERBS:
        for adjunct in clause.head.children:
            if adjunct.dep_ in ("prep", "advcl") and adjunct != clause:
                out += list(adjunct.subtree)
    return out


def _owners(noun: Token) -> list[Token]:
    """Whose thing a noun is: "Moscow's invasion", "the presence of Zimbabwe's president"."""
    owners = [c for c in noun.children if c.dep_ == "poss"]
    for prep in (c for c in noun.children if c.dep_ == "prep" and c.lower_ == "of"):
        owners += [o for o in prep.children if o.dep_ == "pobj"]
    return owners


def _boycotted(trigger: Token, obj: Token | None, sent: Sent, places: list[Token]) -> list[Found]:
    found = protested(trigger, sent)
    # A named grievance says whom the boycott is aimed at; the host city then is only
    # where the event happens ("the EU-Africa summit in Lisbon ... in protest at Mugabe").
    where = not found
    for tok in ([obj, *_hosts(obj)] if obj is not None else []) + places:
        found += sent.actors.of(tok, places=where)
    if obj is not None and where and not found:
        found += _games_hosts(obj, sent)
    return [f for f in found if f.country or f.org]


def _hosts(obj: Token) -> list[Token]:
    """The state behind a boycotted event: "the Winter Olympics in Beijing", "the
    U.S.-led workshop", "the proceedings brought by the Philippines", "the G8 summit
    Russia had planned to host"."""
    out = [c for c in obj.children if c.dep_ in ("compound", "poss", "amod", "nmod")]
    for prep in obj.children:
        if prep.dep_ == "prep" and prep.lower_ in _HOST_PREPS:
            out += [c for c in prep.children if c.dep_ == "pobj"]
    for acl in (c for c in obj.children if c.dep_ in ("acl", "relcl")):
        out += [
            o for a in acl.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"
        ]
        if acl.lemma_.lower() in _HOSTING or any(
            x.dep_ == "xcomp" and x.lemma_.lower() in _HOSTING for x in acl.children
        ):
            out += [c for c in acl.children if c.dep_ == "nsubj" and c.pos_ != "PRON"]
            out += [t for t in acl.subtree if t.dep_ == "pobj" and t.head.lower_ == "in"]
    return out


def _games_hosts(obj: Token, sent: Sent) -> list[Found]:
    """ "the opening ceremony of the Winter Olympics" in December 2021: China's Games."""
    phrase = _games_phrase(obj)
    return [Found.state(c, phrase, obj.i) for c in games.hosts(phrase, sent.pub)]


def _games_phrase(obj: Token) -> str:
    """The phrase that names the Games: the object's own, or for "the Games" the sentence,
    which names them in full ("the Beijing Winter Olympics, ... snubbing the Games")."""
    phrase = _object_text(obj) or ""
    if obj.lower_ == "games" and games.edition(phrase, None) is None:
        return obj.doc.text
    return phrase


def _still_to_come(obj: Token, sent: Sent) -> bool:
    """The boycotted event lies after publication: a date in its phrase ("the summit
    scheduled for November 9-10") or the Games edition it names."""
    if sent.pub is None:
        return False
    inside = {t.i for t in obj.subtree}
    for d in sent.dates:
        if d.span.root.i in inside and (found := resolve(d, sent.pub, True)) is not None:
            return found[0] > sent.pub.isoformat()[: len(found[0])]
    year = games.year(_games_phrase(obj), sent.pub)
    return year is not None and year > sent.pub.year


def _kind(trigger: Token, boycotters: list[Found], words: set[str]) -> str:
    mods = {c.lower_ for c in trigger.children}
    if "diplomatic" in mods or "diplomatic" in words:
        return "diplomatic"
    if mods & {"economic", "trade", "consumer"} or words & ECONOMIC:
        return "economic"
    officials = any(b.kind == "person" for b in boycotters) or any(
        t.lower_ in ("officials", "ministers", "diplomats", "delegation") for t in trigger.doc
    )
    if words & SPORT:
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


def speaker(tok: Token, sent: Sent) -> list[Found]:
    """An agentless boycott in quoted speech is the speaker's government's own
    ("There will be a diplomatic boycott," Johnson told the Commons)."""
    subj = speaker_of(tok)
    speakers = sent.actors.of(antecedent(subj)) if subj is not None else []
    return [s for s in speakers if s.governmental and s.kind == "person"]
