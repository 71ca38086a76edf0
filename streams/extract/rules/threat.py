"""Threats of coercion (CAMEO 13x, PLOVER THREATEN).

A threat is an actor saying it will or would do something coercive: "threatened to cut off
electricity", "warned that police will no longer tolerate rallies", "issued an ultimatum",
"said they would boycott all contact", "the ban would be punished by China". Not threats:
"a threat to peace", "was threatened by", "threatening behaviour", and coercion that is
only described ("imposed a curfew", an occurred event of another kind).
"""

from __future__ import annotations

from spacy.tokens import Token

from streams.extract.actors import Found
from streams.extract.boycotts import is_event
from streams.extract.candidate import Candidate, Roles, Sent, with_role
from streams.extract.forms import forms
from streams.extract.lexicon import FUTURE_AUX, HEDGING_AUX, SAY_VERBS, WOULD
from streams.extract.modality import condition_of, is_modal, would
from streams.extract.rule import Rule, Vocabulary
from streams.extract.syntax import (
    direct_objects,
    governor,
    is_passive,
    passive_agent,
    prep_objects,
    subject_of,
)

COERCIVE = frozenset(
    """
impose ban punish retaliate strike attack invade bomb shell blockade boycott sanction expel
sever halt suspend cut close block restrict seize freeze deport tighten destroy crush hit
target embargo curb prohibit outlaw shoot fire launch wage resume withdraw extend stop break
annihilate obliterate respond retaliate deny evict confiscate revoke downgrade recall
""".split()
)

_MILITARY = frozenset(
    """strike attack invade bomb shell blockade hit target shoot fire launch
wage war offensive military force forces missile missiles nuclear blow blows troops army
weapon weapons destroy crush annihilate obliterate""".split()
)
_ECONOMIC = frozenset(
    """sanction sanctions embargo boycott restriction restrictions tariff
tariffs import imports goods trade electricity gas oil supplies aid""".split()
)
_RELATIONS = frozenset({"relations", "ties", "contact", "contacts", "ambassador", "embassy"})
_ADMIN = frozenset(
    {
        "curfew",
        "martial",
        "emergency",
        "ban",
        "candidates",
        "rallies",
        "voting",
        "party",
        "parties",
        "election",
        "elections",
    }
)
_MODAL_GOVERNORS = frozenset(
    {
        "warn",
        "vow",
        "swear",
        "pledge",
        "promise",
        "plan",
        "prepare",
        "say",
        "declare",
        "announce",
        "confirm",
        "insist",
    }
)
_READY = frozenset({"prepared", "ready", "willing", "poised"})
# What one does with a threat made to one: answers, not threats.
_ANSWERS = frozenset("reject dismiss ignore defy accept heed meet spurn brush".split())
# A coercive verb is a threat only with a modal or a governor that looks ahead ("would
# retaliate", "vowed to punish"); the first pass asks for both before parsing.
_MODAL_WORDS = forms(_MODAL_GOVERNORS) | _READY | FUTURE_AUX | WOULD | HEDGING_AUX | {"going"}
VOCABULARY = Vocabulary(
    words=forms({"threaten", "warn", "ultimatum"}),
    pairs=[(forms({"face", "pay", *COERCIVE}), _MODAL_WORDS)],
)
_EVENT_NOUNS = frozenset(
    {
        "ban",
        "boycott",
        "move",
        "sanctions",
        "decision",
        "step",
        "act",
        "acts",
        "measures",
        "measure",
        "action",
        "actions",
        "snub",
    }
)


def find(sent: Sent) -> list[Candidate]:
    out = []
    for tok in sent.doc:
        cand = None
        lemma = tok.lemma_.lower()
        if tok.pos_ == "VERB" and lemma == "threaten" and not is_passive(tok):
            cand = _threaten(tok, sent)
        elif tok.pos_ == "NOUN" and lemma == "ultimatum":
            cand = _ultimatum(tok, sent)
        elif tok.pos_ == "VERB" and lemma == "warn" and not is_passive(tok):
            cand = _warn(tok, sent)
        elif tok.pos_ == "VERB" and lemma in COERCIVE and _announced(tok):
            cand = _coercive(tok, sent)
        elif tok.pos_ == "VERB" and lemma in ("face", "pay") and _consequence(tok):
            cand = _warned_consequence(tok, sent)
        if cand is not None:
            out.append(cand)
    return _one_per_clause(out)


def _threaten(verb: Token, sent: Sent) -> Candidate | None:
    act = next((c for c in verb.children if c.dep_ == "xcomp"), None)
    objs = direct_objects(verb)
    if act is None and not objs:
        return None
    if act is None and all(
        o.ent_type_ == "" and o.pos_ != "PRON" and not _coercive_noun(o) for o in objs
    ):
        return None  # "threatened the peace", "threatened their livelihoods"
    scope = act if act is not None else objs[0]
    targets = objs + _targets(scope) + _coerced(verb)
    return _build(verb, sent, subject_of(verb), targets, scope, pattern="threat.threatened")


def _ultimatum(noun: Token, sent: Sent) -> Candidate | None:
    """ "issued an ultimatum to Serbia"; not "Serbia rejected an Australian ultimatum",
    which tells the answer to a threat made before (CAMEO codes the rejection)."""
    gov, how = governor(noun)
    if gov is None or how != "dobj" or gov.lemma_.lower() in _ANSWERS:
        return None
    targets = prep_objects(noun, ("to",)) + prep_objects(gov, ("to",)) + direct_objects(gov)
    return _build(
        noun,
        sent,
        subject_of(gov),
        [t for t in targets if t != noun],
        noun,
        pattern="threat.ultimatum",
        subtype="ultimatum",
    )


def _warn(verb: Token, sent: Sent) -> Candidate | None:
    """ "warned that X would be punished", "warned of retaliation", "warned Russia against"."""
    clause = next((c for c in verb.children if c.dep_ == "ccomp"), None)
    if clause is not None and clause.lemma_.lower() in COERCIVE and is_modal(clause):
        return None  # the coercive verb itself is found as announced (below)
    if clause is not None and is_modal(clause) and _refuses_to_permit(clause):
        # "warned that police will no longer tolerate rallies"
        return _build(
            verb, sent, subject_of(verb), _targets(clause), clause, pattern="threat.warned_refusal"
        )
    of = prep_objects(verb, ("of",))
    if any(
        o.lemma_.lower()
        in (
            "retaliation",
            "consequence",
            "countermeasure",
            "response",
            "reprisal",
            "action",
            "measure",
        )
        for o in of
    ):
        return _build(
            verb, sent, subject_of(verb), direct_objects(verb), verb, pattern="threat.warned_of"
        )
    objs = direct_objects(verb)
    against = prep_objects(verb, ("against",))
    if objs and against and any(a.pos_ == "VERB" or a.tag_ == "VBG" for a in against):
        return _build(verb, sent, subject_of(verb), objs, verb, pattern="threat.warned_against")
    return None


_CONSEQUENCES = frozenset(
    {
        "sanction",
        "consequence",
        "retaliation",
        "response",
        "action",
        "measure",
        "countermeasure",
        "punishment",
        "fury",
        "wrath",
        "price",
        "repercussion",
        "reprisal",
        "cost",
    }
)


def _consequence(verb: Token) -> bool:
    """ "would face severe sanctions", "will pay a heavy price"."""
    objs = direct_objects(verb)
    return is_modal(verb) and any(o.lemma_.lower() in _CONSEQUENCES for o in objs)


def _warned_consequence(verb: Token, sent: Sent) -> Candidate | None:
    """Biden warned that Russia would face sanctions: Biden threatens Russia."""
    speaker = verb.head
    if verb.dep_ not in ("ccomp", "conj") or speaker.lemma_.lower() not in SAY_VERBS:
        return None
    victims = [c for c in verb.children if c.dep_ == "nsubj"]
    targets = victims + _coerced(verb)
    return _build(
        speaker, sent, subject_of(speaker), targets, verb, pattern="threat.warned_consequence"
    )


def _announced(verb: Token) -> bool:
    """A coercive act someone says they will or would do, or are ready to."""
    if is_modal(verb):
        return True
    head = verb.head
    if verb.dep_ == "xcomp" and head.lemma_.lower() in _MODAL_GOVERNORS - {"say", "declare"}:
        return True
    return verb.dep_ == "xcomp" and head.lower_ in _READY and head.dep_ in ("acomp", "ROOT")


def _coerced(verb: Token) -> list[Token]:
    """Who must comply: the subject of "unless Israel rescinded ..." / "if the US goes ahead"."""
    out = []
    for tok in (verb, *(c for c in verb.children if c.dep_ == "xcomp")):
        clause = condition_of(tok)
        if clause is not None:
            out += [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
    return out


def _refuses_to_permit(clause: Token) -> bool:
    """ "will no longer tolerate", "will not allow": a refusal that coerces."""
    negated = any(c.dep_ == "neg" or c.lower_ == "longer" for c in clause.children)
    return negated and clause.lemma_.lower() in ("tolerate", "allow", "permit", "accept")


def _coercive(verb: Token, sent: Sent) -> Candidate | None:
    if not _coercive_object(verb) or _announced_measure(verb):
        return None
    if any(c.dep_ == "neg" for c in verb.children):
        return None  # "will not stop its team from playing": a promise not to coerce
    if is_passive(verb):
        agent = passive_agent(verb)
        victims = [c for c in verb.children if c.dep_ == "nsubjpass"]
        return _build(
            verb, sent, agent, victims + _coerced(verb), verb, pattern="threat.announced_coercion"
        )
    targets = _targets(verb) + _coerced(verb)
    return _build(verb, sent, subject_of(verb), targets, verb, pattern="threat.announced_coercion")


def _announced_measure(verb: Token) -> bool:
    """ "will boycott the summit", "will impose sanctions": a planned boycott or sanction
    (their own rules), not a threat — unless it hangs on a condition or on "would"."""
    if verb.lemma_.lower() not in ("boycott", "sanction", "embargo"):
        return False
    if condition_of(verb) is not None:
        return False
    objs = direct_objects(verb)
    return not would(verb) or is_event(objs[0] if objs else None)


_HOSTILE = frozenset(
    """attack attacks strike strikes shelling fighting hostilities testing
tests bombing offensive activities war raids operations""".split()
)
_CUT_OFF = frozenset(
    """aid ties relations supplies supply electricity gas oil funding water
imports exports links access contact contacts""".split()
)


def _coercive_object(verb: Token) -> bool:
    """ "withdraw" or "extend" coerce only with the right object: inspectors, a curfew."""
    lemma = verb.lemma_.lower()
    objs = direct_objects(verb) + [c for c in verb.children if c.dep_ == "nsubjpass"]
    words = {o.lower_ for o in objs} | {o.lemma_.lower() for o in objs}
    if lemma == "withdraw":
        return bool(
            words
            & {
                "inspectors",
                "ambassador",
                "envoy",
                "aid",
                "support",
                "workers",
                "monitors",
                "observers",
                "peacekeepers",
                "diplomats",
                "staff",
            }
        ) or (any(c.dep_ == "advcl" for c in verb.children))
    if lemma == "extend":
        return bool(words & {"curfew", "ban", "blockade", "restrictions", "emergency", "law"})
    if lemma == "cut":  # "cut off aid", not "cut tariffs"
        return bool(words & _CUT_OFF) or any(c.lower_ == "off" for c in verb.children)
    if lemma == "resume":  # "resume attacks", not "resume negotiations"
        return bool(words & _HOSTILE)
    if lemma in ("stop", "halt", "suspend", "close", "break", "launch"):
        return bool(objs)
    return True


def _coercive_noun(tok: Token) -> bool:
    return tok.lemma_.lower() in {
        "action",
        "retaliation",
        "strike",
        "sanction",
        "war",
        "measure",
        "force",
        "attack",
        "reprisal",
        "consequence",
    }


def _targets(scope: Token) -> list[Token]:
    """Whoever the coercive act is aimed at, anywhere in the act's phrase."""
    out = []
    for tok in scope.subtree:
        if (
            tok.dep_ in ("dobj", "pobj", "dative", "nsubjpass", "poss", "compound", "amod")
            and tok != scope
        ):
            out.append(tok)
    return out


def _build(
    trigger: Token,
    sent: Sent,
    source: Token | None,
    targets: list[Token],
    act: Token,
    *,
    pattern: str,
    subtype: str | None = None,
) -> Candidate | None:
    if source is None:
        return None
    sources = [s for s in sent.actors.of(source) if s.country or s.org]
    if not sources:
        return None
    roles: Roles = []
    with_role(sources, "source", roles)
    found: list[Found] = []
    for tok in targets:
        found += sent.actors.of(tok, conj=True)
    with_role([f for f in found if f.country or f.org], "target", roles)
    refers = next((t.lower_ for t in targets if t.lower_ in _EVENT_NOUNS), None)
    cand = Candidate(
        "threat",
        trigger,
        sent,
        roles,
        {},
        pattern=pattern,
        reading="speech",
        subtype=subtype or _subtype(act),
        refers_to=refers,
    )
    return cand


def _subtype(act: Token) -> str:
    words = {t.lower_ for t in act.subtree} | {t.lemma_.lower() for t in act.subtree}
    if words & _MILITARY:
        return "military"
    if words & _RELATIONS:
        return "relations"
    if words & _ECONOMIC:
        return "economic"
    if words & {"negotiations", "talks"}:
        return "negotiations"
    if words & {"mediation"}:
        return "mediation"
    if words & {"inspectors", "peacekeepers", "monitors", "observers", "withdraw"}:
        return "involvement"
    if words & _ADMIN:
        return "administrative"
    return "general"


def _one_per_clause(cands: list[Candidate]) -> list[Candidate]:
    """ "threatened to impose sanctions": one threat, not one per verb."""
    kept: list[Candidate] = []
    for c in sorted(cands, key=lambda c: -c.strength):
        subtree = {t.i for t in c.trigger.subtree}
        if not any(
            k.trigger.i in subtree or c.trigger.i in {t.i for t in k.trigger.subtree} for k in kept
        ):
            kept.append(c)
    return sorted(kept, key=lambda c: c.trigger.i)


RULE = Rule("threat", VOCABULARY, find)
