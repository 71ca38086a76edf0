"""Boycotts by states: diplomatic (161), sporting and economic (163).

The boycotter must speak for a state; "Chinese consumers boycotted Japanese goods" is a
consumer boycott, and an opinion about boycotts in general ("sporting boycotts are not
sensible") has no boycotter at all. Electoral boycotts by parties are domestic politics.
A boycott is often told without the word: "Japan will not send ministers to the Beijing
Olympics", "no British ministers will attend the World Cup in Russia".
"""

from __future__ import annotations

from spacy.tokens import Token

from streams.extract.actors import Found, np_tokens
from streams.extract.candidate import Candidate, Roles, Sent, with_role
from streams.extract.forms import NEGATION, Vocabulary, forms
from streams.extract.syntax import (
    antecedent,
    direct_objects,
    governor,
    has_child,
    prep_objects,
    relative_object,
    subject_of,
    would,
)
from streams.records import Status

_SPORT = frozenset(
    """olympics olympic games game world cup tournament championship championships
match matches race grand prix paralympics paralympic league competition sporting sport sports
team athletes squad""".split()
)
_ECONOMIC = frozenset(
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
_GAMES = frozenset(
    {
        "olympics",
        "olympic",
        "games",
        "cup",
        "paralympics",
        "championship",
        "championships",
        "tournament",
    }
)
_BODIES = frozenset(
    """official delegation representation representative minister anyone
government""".split()
)
_ENVOYS = frozenset(
    """official officials minister ministers delegation delegations representative
representatives envoy envoys diplomat diplomats leader leaders team athletes squad anyone
dignitaries royals member members ambassador president representation""".split()
)
_HOST_PREPS = ("in", "by", "of", "against", "on", "from", "to", "over")


def find(sent: Sent) -> list[Candidate]:
    out = []
    for tok in sent.doc:
        lemma = tok.lemma_.lower()
        cand = None
        if lemma == "boycott":
            cand = _verb(tok, sent) if tok.pos_ == "VERB" else _noun(tok, sent)
        elif tok.pos_ == "VERB" and lemma in _ABSTAIN_VERBS:
            cand = _abstention(tok, sent)
        elif tok.pos_ == "VERB" and lemma in ("sever", "cut", "break"):
            cand = _severed(tok, sent)
        if cand is not None:
            out.append(cand)
    return out


def is_event(tok: Token | None) -> bool:
    if tok is None:
        return False
    words = {tok.doc[i].lower_ for i in np_tokens(tok)}
    return bool(words & EVENT_NOUNS) or tok.ent_type_ == "EVENT"


def _verb(verb: Token, sent: Sent) -> Candidate | None:
    objects = direct_objects(verb)
    obj = objects[0] if objects else relative_object(verb)
    if would(verb) and not is_event(obj):
        return None  # "said they would boycott all contact": a threat (rules/threat.py)
    subj = subject_of(verb)
    boycotters = sent.actors.of(subj) if subj is not None else []
    if not boycotters and subj is not None:
        boycotters = sent.actors.of(_among_whom(subj) or subj)
    return _build(verb, sent, boycotters, obj, strength=0.85)


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
    redescribed = _redescribes(noun)
    if not boycotters and not redescribed:
        boycotters = _speaker(noun, sent)
    obj = next(iter(prep_objects(noun, ("of", "on", "against"))), None)
    cand = _build(noun, sent, boycotters, obj, strength=0.8, allow_empty=redescribed)
    if cand is not None and redescribed:
        cand.merge_only = True  # "..., a diplomatic boycott over ...": names the event above
    return cand


def _redescribes(noun: Token) -> bool:
    """ "..., a diplomatic boycott he said", "a decision that amounts to a boycott"."""
    if noun.dep_ in ("appos", "npadvmod") or (noun.dep_ == "ROOT" and noun.pos_ == "NOUN"):
        return True
    gov, how = governor(noun)
    return gov is not None and gov.lemma_.lower() == "amount" and how == "to"


_SKIP = frozenset({"skip", "snub", "shun"})
_ABSTAIN_VERBS = frozenset(
    "attend participate send take go travel skip snub shun bar ban walk stay pull".split()
)
VOCABULARY = Vocabulary(
    words=forms({"boycott", *_SKIP}),
    pairs=[
        (forms({"attend", "participate", "send", "part", "travel", "go"}), NEGATION),
        (forms({"bar", "ban"}), forms({"team", "athlete", "official", "player"})),
        (forms({"walk", "stay", "pull"}), {"out", "away"}),
        (forms({"sever", "cut", "break"}), {"ties", "relations"}),
    ],
)


def _abstention(verb: Token, sent: Sent) -> Candidate | None:
    """A state staying away from an event: "will not send ministers to the Olympics",
    "no US official will attend the G20 summit", "would skip the meeting", "barred its
    teams from events where Russians compete"."""
    lemma = verb.lemma_.lower()
    deliberate = lemma in _SKIP or lemma in ("bar", "ban") or _walked_out(verb) is not None
    if lemma in _SKIP:
        objs = direct_objects(verb)
        event = objs[0] if objs else None
    elif lemma in ("bar", "ban"):
        event = _barred_from(verb)
    elif deliberate:
        event = _walked_out(verb)
    else:
        event = _attended_event(verb) if _refused(verb) else None
    if event is None or not is_event(event):
        return None
    # A leader may miss a summit for many reasons; a state keeping all its officials
    # away, its team away from the Games, or staying away in protest is a boycott.
    if not (deliberate or _object_words(event) & _GAMES or _collective(verb) or _in_protest(verb)):
        return None
    subj = subject_of(verb)
    boycotters = sent.actors.of(subj) if subj is not None else []
    if not boycotters and subj is not None and subj.pos_ == "NOUN":
        boycotters = _speaker(verb, sent)  # "no ministers would attend, May said": hers
    cand = _build(verb, sent, boycotters, event, strength=0.7, status=_tense(verb))
    if cand is not None:
        sent_team = any(o.lower_ in ("team", "athletes", "squad") for o in direct_objects(verb))
        cand.details["kind"] = "sporting" if sent_team else "diplomatic"
    return cand


def _severed(verb: Token, sent: Sent) -> Candidate | None:
    """ "severed diplomatic ties with Qatar": breaking relations (CAMEO 161), the form a
    state's diplomatic boycott of another state takes."""
    ties = [o for o in direct_objects(verb) if o.lemma_.lower() in ("tie", "relation", "contact")]
    if not ties or (verb.lemma_.lower() == "break" and not has_child(verb, "prt")):
        return None
    others = prep_objects(verb, ("with",)) + prep_objects(ties[0], ("with",))
    subj = subject_of(verb)
    boycotters = sent.actors.of(subj) if subj is not None else []
    cand = _build(verb, sent, boycotters, None, strength=0.7)  # "threatened to sever": status
    if cand is None:
        return None
    for tok in others:
        with_role([f for f in sent.actors.of(tok) if f.country], "boycotted", cand.roles)
    cand.details = {"kind": "diplomatic", "object": "relations"}
    return cand


def _walked_out(verb: Token) -> Token | None:
    """ "walked out of the conference", "stayed away from the ceremony", "pulled out of"."""
    lemma = verb.lemma_.lower()
    particle = {c.lower_ for c in verb.children if c.dep_ in ("prt", "advmod", "prep")}
    if (lemma, "out") in {("walk", "out"), ("pull", "out")} and "out" in particle:
        found = prep_objects(verb, ("of",)) + [
            o for a in verb.children if a.lower_ == "out" for o in prep_objects(a, ("of",))
        ]
    elif lemma == "stay" and "away" in particle:
        found = prep_objects(verb, ("from",)) + [
            o for a in verb.children if a.lower_ == "away" for o in prep_objects(a, ("from",))
        ]
    else:
        return None
    return found[0] if found else None


_PROTEST = frozenset(
    """protest accuse accusing condemn denounce snub retaliation rebuke
boycott demonstrate""".split()
)


def _in_protest(verb: Token) -> bool:
    """A reason of protest in the sentence: "accusing South Africa of ...", "in protest"."""
    return any(t.lemma_.lower() in _PROTEST or t.lower_ in _PROTEST for t in verb.doc)


def _collective(verb: Token) -> bool:
    """The state's people as a body: "no U.S. government official", "any representation"."""
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    envoys = direct_objects(verb) + ([subj] if subj is not None else [])
    return any(e.lemma_.lower() in _BODIES for e in envoys) or any(
        d.lower_ in ("no", "any") for e in envoys for d in e.children if d.dep_ == "det"
    )


def _barred_from(verb: Token) -> Token | None:
    """ "barred its national teams from events in which Russians take part"."""
    if not any(
        o.lemma_.lower() in ("team", "athlete", "official", "sportsperson", "player")
        for o in direct_objects(verb)
    ):
        return None
    found = prep_objects(verb, ("from",)) + [
        o for team in direct_objects(verb) for o in prep_objects(team, ("from",))
    ]
    return found[0] if found else None


def _refused(verb: Token) -> bool:
    if any(c.dep_ == "neg" for c in verb.children):
        return True
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    if subj is not None and any(d.lower_ == "no" for d in subj.children if d.dep_ == "det"):
        return True  # "no British ministers would attend"
    head = verb.head
    return verb.dep_ == "xcomp" and head.lemma_.lower() in ("decline", "refuse", "skip")


def _attended_event(verb: Token) -> Token | None:
    lemma = verb.lemma_.lower()
    if lemma == "attend":
        objs = direct_objects(verb)
        return objs[0] if objs else relative_object(verb)
    if lemma == "send":
        envoys = direct_objects(verb)
        if not envoys or not any(
            e.lemma_.lower() in _ENVOYS or e.lower_ in _ENVOYS for e in envoys
        ):
            return None
        to = prep_objects(verb, ("to",)) + [o for e in envoys for o in prep_objects(e, ("to",))]
        return to[0] if to else None
    if lemma == "take" and not any(c.lower_ == "part" for c in verb.children):
        return None
    if lemma in ("go", "travel"):
        found = prep_objects(verb, ("to",))
        return found[0] if found else None
    found = prep_objects(verb, ("in", "to"))
    return found[0] if found else None


def _tense(verb: Token) -> Status:
    """The boycott is planned when the staying away is still to come."""
    tok = verb
    for _ in range(3):
        aux = {c.lower_ for c in tok.children if c.dep_ in ("aux", "auxpass")}
        if aux & {"will", "would", "'ll", "shall", "wo"} or tok.lemma_ in ("plan", "expect"):
            return "planned"
        if aux & {"could", "might", "may"}:
            return "hypothetical"
        if tok.dep_ not in ("xcomp", "conj", "ccomp") or tok.head == tok:
            break
        tok = tok.head
    return "occurred"


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
    trigger: Token,
    sent: Sent,
    boycotters: list[Found],
    obj: Token | None,
    *,
    strength: float,
    status: Status | None = None,
    allow_empty: bool = False,
) -> Candidate | None:
    boycotters = [b for b in boycotters if b.governmental and (b.country or b.org)]
    if not boycotters and not allow_empty:
        return None
    obj = antecedent(obj) if obj is not None else None
    words = _object_words(obj) | {c.lower_ for c in trigger.children}
    if words & _ELECTORAL and not words & _SPORT:
        return None  # a party boycotting an election: domestic politics, not diplomacy
    roles: Roles = []
    with_role(boycotters, "boycotter", roles)
    with_role(_boycotted(trigger, obj, sent), "boycotted", roles)
    details = {"kind": _kind(trigger, boycotters, words), "object": _object_text(obj)}
    return Candidate("boycott", trigger, sent, roles, details, strength=strength, status=status)


def _boycotted(trigger: Token, obj: Token | None, sent: Sent) -> list[Found]:
    found: list[Found] = []
    if obj is not None:
        found += [f for f in sent.actors.of(obj, places=True) if f.country or f.org]
        for tok in _hosts(obj):
            found += sent.actors.of(tok, places=True)
    for tok in _protested(trigger):
        found += sent.actors.of(tok)
    return [f for f in found if f.country or f.org]


def _protested(trigger: Token) -> list[Token]:
    """Whose act the boycott protests: "over Seoul's decision", "in protest at Moscow's
    invasion", "accusing South Africa of ..."."""
    out = []
    clause = trigger.head if trigger.dep_ in ("xcomp", "dobj") else trigger
    for tok in clause.subtree:
        if tok.dep_ == "pobj" and tok.head.lower_ in ("over", "at", "against"):
            out += [c for c in tok.children if c.dep_ == "poss"]
        elif tok.lemma_.lower() == "accuse" and tok.pos_ == "VERB":
            out += direct_objects(tok)
    return out


def _object_words(obj: Token | None) -> set[str]:
    if obj is None:
        return set()
    return {obj.doc[i].lower_ for i in np_tokens(obj)} | {obj.lemma_.lower()}


def _hosts(obj: Token) -> list[Token]:
    """The state behind a boycotted event: "the Winter Olympics in Beijing", "the
    U.S.-led workshop", "the proceedings brought by the Philippines"."""
    out = [c for c in obj.children if c.dep_ in ("compound", "poss", "amod", "nmod")]
    for prep in obj.children:
        if prep.dep_ == "prep" and prep.lower_ in _HOST_PREPS:
            out += [c for c in prep.children if c.dep_ == "pobj"]
    for acl in (c for c in obj.children if c.dep_ in ("acl", "relcl")):
        out += [
            o for a in acl.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"
        ]
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
