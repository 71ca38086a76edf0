"""Extensions, renewals and prolongations of treaties, pacts, agreements and mandates.

The object decides: "extend their Treaty of Good Neighbourliness for another five years"
is one; "extend a curfew", "extend their lead" and "extend condolences" are not, and
"extend sanctions" is a sanction (``rules/sanction.py``).
"""

from __future__ import annotations

import re
from dataclasses import replace

from spacy.tokens import Token

from streams.extract.actors import Found, conjuncts, unresolved
from streams.extract.candidate import Candidate, Roles, Sent, with_role
from streams.extract.forms import forms
from streams.extract.lexicon import (
    COMMERCIAL,
    GOVERNMENT_HEADS,
    PEOPLE_HEADS,
    TREATY_HEADS,
    number,
)
from streams.extract.rule import Rule, Vocabulary
from streams.extract.syntax import (
    NEAR,
    antecedent,
    direct_objects,
    heads,
    is_passive,
    is_verb,
    misread_predicate,
    prep_objects,
    speaker_of,
    subject_of,
)
from streams.extract.treaty_phrase import (
    OBJECT_WORDS,
    is_international,
    is_treaty,
    treaty_name,
    treaty_parties,
)

VERBS = frozenset(
    {"extend", "renew", "prolong", "rollover", "lengthen", "reauthorize", "reauthorise"}
)
NOUNS = frozenset(
    {"extension", "renewal", "prolongation", "rollover", "reauthorization", "reauthorisation"}
)
_UNIT = {"year": "Y", "month": "M", "week": "W", "day": "D"}


_DURATION = re.compile(r"(\d+|[a-z]+)[\s-]+(year|month|week|day)s?\b", re.IGNORECASE)


VOCABULARY = Vocabulary(
    pairs=[
        (forms({*VERBS, *NOUNS, "roll", "remain", "continue", "stay"}), OBJECT_WORDS),
        (forms(VERBS), {"it"}),  # "It was extended in May", the treaty named before
    ]
)


_AGREEING = frozenset({"agree", "decide", "sign", "approve", "negotiate"})
_ACCORDS = frozenset({"agreement", "deal", "accord", "compromise", "understanding", "consensus"})


def find(sent: Sent) -> list[Candidate]:
    out = []
    for tok in sent.doc:
        lemma = tok.lemma_.lower()
        obj = None
        if is_verb(tok) and (lemma in VERBS or _roll_over(tok)):
            obj = _verb_object(tok)
        elif tok.pos_ == "NOUN" and lemma in NOUNS:
            obj = _noun_object(tok)
        elif tok.pos_ == "VERB" and lemma in ("remain", "continue", "stay"):
            obj = _remains_in_force(tok)
        told = sent
        if obj is not None:
            obj = _through_parts(obj)
            if obj.lower_ == "it" and (before := _treaty_before(sent)) is not None:
                obj, told = before  # "The deal was signed in 2022. It was extended in May"
        if obj is not None and is_treaty(obj) and (cand := _build(tok, obj, sent, told)):
            out.append(cand)
    return out


_PARTS = frozenset(
    "provision provisions terms term part parts clause clauses application validity".split()
)


def _through_parts(obj: Token) -> Token:
    """ "renewing the economic provisions of their Compact": the treaty is the Compact."""
    if obj.lemma_.lower() in _PARTS:
        inner = prep_objects(obj, ("of",))
        if inner:
            return inner[0]
    return obj


def _remains_in_force(verb: Token) -> Token | None:
    """ "The ceasefire will remain in effect until February 18", "the agreement will
    continue for another 20 years": an extension."""
    states = {t.lower_ for c in verb.children if c.dep_ in ("prep", "advmod") for t in c.subtree}
    until = any(
        c.dep_ == "prep" and c.lower_ in ("until", "through", "for", "to") for c in verb.children
    )
    lasting = {"effect", "force", "place", "another", "further", "additional", "more"}
    if not until or not states & lasting:
        return None
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    return antecedent(subj) if subj is not None else None


def _roll_over(tok: Token) -> bool:
    return tok.lemma_.lower() == "roll" and any(
        c.dep_ == "prt" and c.lower_ == "over" for c in tok.children
    )


def _verb_object(verb: Token) -> Token | None:
    objs = direct_objects(verb)
    if objs:
        return objs[0]
    passive = [c for c in verb.children if c.dep_ == "nsubjpass"]
    if not passive and verb.dep_ == "conj":  # "which was signed in 1961 and has been renewed"
        passive = [c for c in verb.head.children if c.dep_ == "nsubjpass"]
    # the parser may make two subjects of a long passive clause: the treaty is the one
    subjects = [antecedent(p) for p in passive]
    return next((s for s in subjects if is_treaty(s)), subjects[0] if subjects else None)


def _noun_object(noun: Token) -> Token | None:
    of = prep_objects(noun, ("of", "to", "for"))
    if of:
        return of[0]
    compounds = [c for c in noun.children if c.dep_ == "compound"]
    return compounds[-1] if compounds else None


_ABOUT = frozenset({"nsubj", "nsubjpass", "dobj", "pobj"})


def _treaty_before(sent: Sent) -> tuple[Token, Sent] | None:
    """The treaty the sentence before is about (its subject first), for an "it"."""
    before = sent.before
    if before is None or before.index != sent.index - 1:
        return None
    nouns = [t for t in before.doc if t.dep_ in _ABOUT and is_treaty(t)]
    nouns.sort(key=lambda t: t.dep_ not in ("nsubj", "nsubjpass"))
    return (nouns[0], before) if nouns else None


def _named_earlier(obj: Token, told: Sent, at: int) -> list[Found]:
    """ "the Black Sea grain deal ... The deal was extended": a treaty the article named
    earlier, by the same head word, gives its parties to "the deal"."""
    if not any(c.lower_ in ("the", "this", "that") for c in obj.children):
        return []
    words = {obj.lower_, obj.lemma_.lower()}
    codes = told.actors.index.named_treaty(told.offset + obj.idx, words)
    return [Found.state(code, obj.text, at) for code in codes]


def _build(trigger: Token, obj: Token, sent: Sent, told: Sent) -> Candidate | None:
    """``obj`` is the treaty as ``told``: in ``sent`` itself, or in the sentence before."""
    roles: Roles = []
    verb = trigger if is_verb(trigger) else _governing_verb(trigger)
    subj = _agent(verb) if verb is not None else None
    if subj == trigger or (subj is None and verb is not None):
        subj = speaker_of(verb or trigger)  # "'The extensions are over,' Ortega said"
    if subj is not None and subj != obj:
        agents = _agents(subj, sent)
        # "Microsoft renewed its deal", not "the Council decided to extend"
        unknown = not agents and subj.ent_type_ in ("ORG", "PERSON")
        unknown = unknown and subj.lemma_.lower() not in GOVERNMENT_HEADS
        # "the African Union" is not a trade union; "one of UK retailers" is a retailer
        own = [a for a in agents if a.official and subj.left_edge.i <= a.token <= subj.i]
        commercial = _commercial(subj) and not own
        if (agents and all(a.kind == "group" for a in agents)) or commercial or unknown:
            return None  # "UK retailers yet to renew a safety deal", "holders not extending"
        with_role(agents, "party", roles)
    if verb is not None:
        for tok in prep_objects(verb, ("with", "between")):
            with_role(sent.actors.of(tok), "party", roles)
    for tok in conjuncts(obj):
        # the parties keep a token of this sentence, wherever the treaty was named
        found = treaty_parties(tok, told)
        with_role(
            [f if told is sent else replace(f, token=trigger.i) for f in found], "party", roles
        )
    if not roles:
        with_role(_unnamed_parties(trigger, obj, sent, told, subj), "party", roles)
    details = {
        "treaty": treaty_name(obj),
        "duration": _duration(trigger, obj if told is sent else trigger),
    }
    treaty = obj.pos_ == "PROPN" or obj.lower_ in ("treaty", "pact", "mandate")
    pattern = "treaty_extension.treaty" if treaty else "treaty_extension.agreement"
    return Candidate("treaty_extension", trigger, sent, roles, details, pattern=pattern)


def _unnamed_parties(
    trigger: Token, obj: Token, sent: Sent, told: Sent, subj: Token | None
) -> list[Found]:
    """Parties the clause does not name, from the first place that tells them."""
    verb = trigger if is_verb(trigger) else _governing_verb(trigger)
    found = _named_earlier(obj, told, trigger.i)
    if not found and told is sent:
        found = _told_before(obj, sent)  # "... and this deal was extended"
    if not found and verb is not None:
        found = _agreed_around(verb, sent)
    if not found and subj is not None and is_international(obj):
        # "the council agreed to extend the pact": a treaty extended by someone unnamed
        found = [unresolved(subj)]
    return found


def _agent(verb: Token) -> Token | None:
    subj = subject_of(verb)
    if subj is None and is_passive(verb):
        subj = speaker_of(verb)  # "the deal has been extended, Ukraine and Turkey said"
    return subj


def _agents(subj: Token, sent: Sent) -> list[Found]:
    agents = sent.actors.of(subj)
    if agents:
        return agents
    if subj.dep_ == "dobj":  # "Trump signed an order extending a truce": who signed it
        outer = subject_of(subj.head)
        return sent.actors.of(outer) if outer is not None else []
    # "the decision made by Ortega's government not to extend", "Moscow's refusal to"
    makers = [c for c in subj.children if c.dep_ == "poss"]
    makers += [p for a in subj.children if a.dep_ == "acl" for p in prep_objects(a, ("by",))]
    return [f for m in makers for f in sent.actors.of(m)]


def _commercial(subj: Token) -> bool:
    """A company, union or its people: "retailers", "one of UK retailers", "holders"."""
    heads = [subj, *(o for o in prep_objects(subj, ("of",)) if subj.pos_ in ("NUM", "PRON"))]
    words = {w for h in heads for w in (h.lower_, h.lemma_.lower())}
    return bool(words & (PEOPLE_HEADS | COMMERCIAL)) and subj.ent_type_ != "GPE"


def _told_before(obj: Token, sent: Sent) -> list[Found]:
    """ "Argentina signed an agreement to import Venezuelan fuel ... and this deal has now
    been extended": a treaty referred back to takes the parties told with it."""
    if not any(c.lower_ in ("this", "that", "the") for c in obj.children):
        return []
    earlier = [t for t in obj.doc[: obj.i] if t.pos_ == "NOUN" and t.lemma_ in TREATY_HEADS]
    if not earlier:
        return []
    first = earlier[-1]
    found = treaty_parties(first, sent)
    gov = _governing_verb(first)
    subj = subject_of(gov) if gov is not None else None
    return (sent.actors.of(subj) if subj is not None else []) + found


def _agreed_around(verb: Token, sent: Sent) -> list[Found]:
    """ "the deal was prolonged after Turkey and Russia reached agreement": an extension
    told without its makers takes them from the agreement that brought it."""
    found = []
    for clause in (c for c in verb.children if c.dep_ == "advcl"):
        lemma, subj = clause.lemma_.lower(), subject_of(clause)
        reached = lemma == "reach" and any(o.lemma_ in _ACCORDS for o in direct_objects(clause))
        if subj is not None and (lemma in _AGREEING or reached):
            found += sent.actors.of(subj)
    return found


def _governing_verb(noun: Token) -> Token | None:
    return next((h for h in heads(noun, limit=NEAR + 1) if h.pos_ in ("VERB", "AUX")), None)


def _duration(trigger: Token, obj: Token) -> str | None:
    """ "for another five years" → P5Y; "a six-month extension" → P6M."""
    spans = []
    for prep in [*trigger.children, *obj.children]:  # "renewed the pact for five years"
        if prep.dep_ == "prep" and prep.lower_ in ("for", "by"):
            spans.append(doc_text(prep))
    spans += [doc_text(c) for c in trigger.children if c.dep_ in ("amod", "compound", "nummod")]
    if trigger.dep_ in ("dobj", "pobj") or misread_predicate(trigger):
        spans += [
            doc_text(c) for c in trigger.head.children if c.dep_ == "prep" and c.lower_ == "for"
        ]
    for text in spans:
        m = _DURATION.search(text)
        if m:
            n = number(m.group(1), article=True)
            if n:
                return f"P{n}{_UNIT[m.group(2).lower()]}"
    return None


def doc_text(tok: Token) -> str:
    return tok.doc[tok.left_edge.i : tok.right_edge.i + 1].text


RULE = Rule("treaty_extension", VOCABULARY, find)
