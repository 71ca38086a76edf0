"""Boycotts told without the word: a state staying away from an event or a counterpart.

"Japan will not send ministers to the Beijing Olympics", "no British ministers will attend
the World Cup in Russia", "Nigeria has withdrawn its team from the Commonwealth Games",
"Abbas will not meet Pence, in protest at ...". A leader may miss a summit for many
reasons, so staying away is a boycott only when it is deliberate (skipping, walking out,
withdrawing), collective (no officials at all, several states), about the Games, or told
as a protest.
"""

from __future__ import annotations

from spacy.tokens import Token

from streams.extract.actors import Found
from streams.extract.boycotts import build, is_event, object_words, protested, speaker
from streams.extract.candidate import Candidate, Sent
from streams.extract.forms import NEGATION, forms
from streams.extract.rule import Rule, Vocabulary
from streams.extract.syntax import direct_objects, prep_objects, relative_object, subject_of

_SKIP = frozenset({"skip", "snub", "shun"})
_VERBS = frozenset(
    "attend participate send take go travel skip snub shun bar ban walk stay pull withdraw meet"
    .split()
)  # fmt: skip
_TEAMS = frozenset("team teams athletes squad delegation delegations".split())
_SPORT_TEAMS = frozenset("team athlete squad".split())  # a delegation may be diplomatic
VOCABULARY = Vocabulary(
    words=forms(_SKIP),
    pairs=[
        (forms({"attend", "participate", "send", "part", "travel", "go", "meet"}), NEGATION),
        (forms({"bar", "ban"}), forms({"team", "athlete", "official", "player"})),
        (forms({"walk", "stay", "pull"}), {"out", "away"}),
        (forms({"withdraw"}), forms({"team", "athlete", "delegation", "squad"}) | {"from"}),
    ],
)
_GAMES = frozenset(
    "olympics olympic games cup paralympics championship championships tournament".split()
)
_BODIES = frozenset(
    "official delegation representation representative minister anyone government".split()
)
_ENVOYS = frozenset(
    """official officials minister ministers delegation delegations representative
representatives envoy envoys diplomat diplomats leader leaders team athletes squad anyone
dignitaries royals member members ambassador president representation""".split()
)
_PROTEST = frozenset(
    """protest accuse accusing condemn denounce snub retaliation rebuke
boycott demonstrate solidarity""".split()
)


def find(sent: Sent) -> list[Candidate]:
    out = []
    for tok in sent.doc:
        if tok.pos_ == "VERB" and tok.lemma_.lower() in _VERBS:
            cand = _met(tok, sent) if tok.lemma_.lower() == "meet" else _stayed_away(tok, sent)
            if cand is not None:
                out.append(cand)
    return out


def _stayed_away(verb: Token, sent: Sent) -> Candidate | None:
    event, deliberate = _event(verb)
    if event is None or not is_event(event):
        return None
    subj = subject_of(verb)
    boycotters = [f for s in _subjects(verb, subj) for f in sent.actors.of(s)]
    if not boycotters and subj is not None and subj.pos_ == "NOUN":
        boycotters = speaker(verb, sent)  # "no ministers would attend, May said": hers
    several = len({b.country for b in boycotters if b.country}) > 1
    if verb.lemma_.lower() == "withdraw":
        plain = several  # a team withdrawn after injuries is no boycott; in protest it is
    else:
        plain = deliberate or several or bool(object_words(event) & _GAMES) or _collective(verb)
    if not plain and not _in_protest(verb, sent, boycotters):
        return None
    places = prep_objects(verb, ("to",)) if verb.lemma_.lower() in ("go", "travel") else []
    # not attending is the boycott, not its negation
    pattern = "boycott.stayed_away"
    cand = build(verb, sent, boycotters, event, pattern=pattern, reading="refusal", places=places)
    if cand is not None:
        sent_team = any(o.lemma_.lower() in _SPORT_TEAMS for o in direct_objects(verb))
        cand.details["kind"] = "sporting" if sent_team else "diplomatic"
    return cand


def _subjects(verb: Token, subj: Token | None) -> list[Token]:
    """A list of states the parser split into two subjects ("China and a dozen other
    countries, among them Russia and Pakistan, stayed away")."""
    more = [c for c in verb.children if c.dep_ == "nsubj" and c != subj]
    return ([subj] if subj is not None else []) + more


def _event(verb: Token) -> tuple[Token | None, bool]:
    """The event stayed away from, and whether staying away is plainly deliberate."""
    lemma = verb.lemma_.lower()
    if lemma in _SKIP:
        objs = direct_objects(verb)
        return (objs[0] if objs else None), True
    if lemma in ("bar", "ban"):
        return _barred_from(verb), True
    if lemma == "withdraw":
        return _withdrawn_from(verb), False
    left = _walked_out(verb)
    if left is not None:
        return left, True
    return (_attended_event(verb) if _refused(verb) else None), False


def _met(verb: Token, sent: Sent) -> Candidate | None:
    """ "Abbas will not meet Pence ..., in protest at Trump's recognition of Jerusalem":
    refusing to meet a counterpart in protest is a diplomatic boycott of his state."""
    subj = subject_of(verb)
    boycotters = sent.actors.of(subj) if subj is not None else []
    if not _refused(verb) or not _in_protest(verb, sent, boycotters):
        return None
    objs = direct_objects(verb) + prep_objects(verb, ("with",))
    pattern = "boycott.refused_to_meet"
    cand = build(verb, sent, boycotters, None, pattern=pattern, reading="refusal", places=objs)
    if cand is not None:
        cand.details = {"kind": "diplomatic", "object": "meeting"}
    return cand


def _in_protest(verb: Token, sent: Sent, boycotters: list[Found]) -> bool:
    """Told as a protest: "in protest", "accusing South Africa of ...", "in solidarity
    with Britain", or a grievance against another named state ("citing Sri Lanka's
    failure"; not "citing his busy schedule")."""
    if any(t.lemma_.lower() in _PROTEST or t.lower_ in _PROTEST for t in verb.doc):
        return True
    own = {(b.country, b.org) for b in boycotters}
    return any((f.country, f.org) not in own for f in protested(verb, sent))


def _collective(verb: Token) -> bool:
    """The state's people as a body: "no U.S. government official", "any representation",
    "will send no officials"."""
    subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
    envoys = direct_objects(verb) + ([subj] if subj is not None else [])
    return any(e.lemma_.lower() in _BODIES for e in envoys) or any(
        d.lower_ in ("no", "any") for e in envoys for d in e.children if d.dep_ == "det"
    )


def _walked_out(verb: Token) -> Token | None:
    """ "walked out of the conference", "stayed away from the ceremony", "pulled out of"."""
    lemma = verb.lemma_.lower()
    particle = {c.lower_ for c in verb.children if c.dep_ in ("prt", "advmod", "prep")}
    if lemma in ("walk", "pull") and "out" in particle:
        word, prep = "out", "of"
    elif lemma == "stay" and "away" in particle:
        word, prep = "away", "from"
    else:
        return None
    found = prep_objects(verb, (prep,)) + [
        o for a in verb.children if a.lower_ == word for o in prep_objects(a, (prep,))
    ]
    return found[0] if found else None


def _withdrawn_from(verb: Token) -> Token | None:
    """ "withdrew its team from the Games", "withdrew from the summit"; not troops from a
    town (the event check rules that out)."""
    objs = direct_objects(verb)
    if objs and not any(o.lemma_.lower() in _TEAMS or o.lower_ in _TEAMS for o in objs):
        return None
    found = prep_objects(verb, ("from",)) + [o for t in objs for o in prep_objects(t, ("from",))]
    return found[0] if found else None


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
    objs = direct_objects(verb) if verb.lemma_.lower() == "send" else []
    for np in ([subj] if subj is not None else []) + objs:
        if any(d.lower_ == "no" for d in np.children if d.dep_ == "det"):
            return True  # "no British ministers would attend", "will send no officials"
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
        # "will not go to Moscow for the May 9 celebrations": the event, then the place
        found = [o for o in prep_objects(verb, ("for",)) if is_event(o)]
        found = found or prep_objects(verb, ("to",))
        return found[0] if found else None
    found = prep_objects(verb, ("in", "to"))
    return found[0] if found else None


RULE = Rule("boycott", VOCABULARY, find)
