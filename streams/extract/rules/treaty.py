"""Extensions, renewals and prolongations of treaties, pacts, agreements and mandates.

The object decides: "extend their Treaty of Good Neighbourliness for another five years"
is one; "extend a curfew", "extend their lead" and "extend condolences" are not, and
"extend sanctions" is a sanction (``rules/sanction.py``).
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from streams.extract.actors import Found, conjuncts
from streams.extract.candidate import Candidate, Roles, Sent, with_role
from streams.extract.forms import Vocabulary, forms
from streams.extract.lexicon import NOT_TREATY_HEADS, TREATY_HEADS
from streams.extract.syntax import (
    antecedent,
    direct_objects,
    is_passive,
    prep_objects,
    speaker_of,
    subject_of,
)

VERBS = frozenset(
    {"extend", "renew", "prolong", "rollover", "lengthen", "reauthorize", "reauthorise"}
)
NOUNS = frozenset(
    {"extension", "renewal", "prolongation", "rollover", "reauthorization", "reauthorisation"}
)
# Name words, lower-cased, because the first pass matches lower-case text.
OBJECT_WORDS = forms(
    TREATY_HEADS
    | {
        "mandate",
        "authorisation",
        "authorization",
        "lease",
        "initiative",
        "start",
        "partnership",
        "alliance",
        "compact",
        "charter",
        "provisions",
        "corridor",
    }
)
_NAME_WORDS = re.compile(
    r"(Treaty|Agreement|Pact|Accord|Convention|Initiative|START|Deal|"
    r"Protocol|Charter|Partnership|Alliance|Memorandum|Arrangement|Mandate)"
)
_NUM = {
    w: i
    for i, w in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve".split()
    )
}
_NUM |= {"a": 1, "an": 1, "fifteen": 15, "twenty": 20, "eighteen": 18, "thirty": 30}
_UNIT = {"year": "Y", "month": "M", "week": "W", "day": "D"}
_DURATION = re.compile(r"(\d+|[a-z]+)[\s-]+(year|month|week|day)s?\b", re.IGNORECASE)


VOCABULARY = Vocabulary(
    pairs=[(forms({*VERBS, *NOUNS, "roll", "remain", "continue", "stay"}), OBJECT_WORDS)]
)


def find(sent: Sent) -> list[Candidate]:
    out = []
    for tok in sent.doc:
        lemma = tok.lemma_.lower()
        obj = None
        if tok.pos_ == "VERB" and (lemma in VERBS or _roll_over(tok)):
            obj = _verb_object(tok)
        elif tok.pos_ == "NOUN" and lemma in NOUNS:
            obj = _noun_object(tok)
        elif tok.pos_ == "VERB" and lemma in ("remain", "continue", "stay"):
            obj = _remains_in_force(tok)
        if obj is not None:
            obj = _through_parts(obj)
        if obj is not None and is_treaty(obj):
            out.append(_build(tok, obj, sent))
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


_MISSIONS = frozenset(
    """mission missions force forces operation operations panel team monitors
observers inspectors experts body office presence peacekeepers peacekeeping""".split()
)


def _institutional(mandate: Token) -> bool:
    """A mission's mandate ("of the UN force in Lebanon"), not a person's term of office
    ("extended the governor's mandate")."""
    words = {t.lower_ for t in mandate.subtree} | {t.lemma_.lower() for t in mandate.subtree}
    return bool(words & _MISSIONS) or any(t.ent_type_ == "ORG" for t in mandate.subtree)


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
    return antecedent(passive[0]) if passive else None


def _noun_object(noun: Token) -> Token | None:
    of = prep_objects(noun, ("of", "to", "for"))
    if of:
        return of[0]
    compounds = [c for c in noun.children if c.dep_ == "compound"]
    return compounds[-1] if compounds else None


def is_treaty(obj: Token) -> bool:
    word, lemma = obj.lower_, obj.lemma_.lower()
    if word in NOT_TREATY_HEADS or lemma in NOT_TREATY_HEADS:
        return False
    if lemma in ("mandate", "authorisation", "authorization"):
        return _institutional(obj)
    if word in TREATY_HEADS or lemma in TREATY_HEADS:
        return True
    names = [obj, *(c for c in obj.children if c.dep_ == "compound")]
    named = obj.pos_ == "PROPN" or obj.is_title or obj.is_upper  # "New START" is tagged NNS
    return named and any(_NAME_WORDS.search(t.text) for t in names)


def _build(trigger: Token, obj: Token, sent: Sent) -> Candidate:
    roles: Roles = []
    verb = trigger if trigger.pos_ == "VERB" else _governing_verb(trigger)
    if verb is not None:
        subj = subject_of(verb)
        if subj is None and is_passive(verb):
            subj = speaker_of(verb)  # "the deal has been extended, Ukraine and Turkey said"
        if subj is not None and subj != obj:
            agents = sent.actors.of(subj)
            if not agents and subj.dep_ == "dobj":
                # "Trump signed an order extending a truce": who signed the order
                outer = subject_of(subj.head)
                agents = sent.actors.of(outer) if outer is not None else []
            with_role(agents, "party", roles)
        for tok in prep_objects(verb, ("with", "between")):
            with_role(sent.actors.of(tok), "party", roles)
    for tok in conjuncts(obj):
        with_role(treaty_parties(tok, sent), "party", roles)
    details = {"treaty": treaty_name(obj), "duration": _duration(trigger, obj)}
    strength = 0.9 if obj.pos_ == "PROPN" or obj.lower_ in ("treaty", "pact", "mandate") else 0.75
    return Candidate("treaty_extension", trigger, sent, roles, details, strength=strength)


def _governing_verb(noun: Token) -> Token | None:
    tok = noun
    for _ in range(4):
        if tok.head == tok:
            return None
        tok = tok.head
        if tok.pos_ in ("VERB", "AUX"):
            return tok
    return None


_NAME_PREPS = frozenset({"of", "on", "for", "between", "with", "among", "in", "to"})


def treaty_np(obj: Token, *, top: bool = True) -> list[Token]:
    """The treaty's own phrase: modifiers and "of/on/between" PPs, not the clauses hanging
    from it ("agreements establishing relations at a ceremony hosted by Trump")."""
    out = [obj]
    for child in obj.children:
        if child.dep_ in ("acl", "relcl", "advcl", "appos") or (
            top and child.dep_ in ("punct", "cc", "conj")
        ):
            continue
        if child.dep_ == "prep" and child.lower_ not in _NAME_PREPS:
            continue
        if child.dep_ in ("prep", "pobj", "conj", "cc"):
            out += treaty_np(child, top=False)
        else:
            out += list(child.subtree)
    return sorted(out, key=lambda t: t.i)


def treaty_parties(obj: Token, sent: Sent) -> list[Found]:
    """States named inside the treaty's NP: "the US-Russia New START treaty", "the
    ceasefire between Israel and Lebanon", "the mandate of the force in Lebanon". A
    mission's mandate counts the states its description names ("set up to monitor the
    separation of Israeli and Syrian forces")."""
    found: list[Found] = []
    tokens = list(obj.subtree) if _institutional(obj) else treaty_np(obj)
    for tok in tokens:
        if tok.dep_ in ("compound", "amod", "poss", "pobj", "nmod") and tok != obj:
            found += [f for f in sent.actors.of(tok) if f.country or f.org]
    return found + known_parties({t.i for t in tokens}, sent)


def known_parties(tokens: set[int], sent: Sent) -> list[Found]:
    """The parties of a treaty or mission the text names ("the Black Sea grain deal")."""
    found = []
    for m in sent.treaties:
        if any(i in tokens for i in range(m.start, m.end)):
            text = sent.doc[m.start : m.end].text
            found += [Found.state(c, text, m.start) for c in m.treaty.parties]
    return found


def treaty_name(obj: Token) -> str | None:
    """The treaty's name: the proper-noun part if there is one, else the noun phrase."""
    doc = obj.doc
    toks = [t.i for t in treaty_np(obj)]
    if doc[obj.i].is_title:
        first = obj.i
        while first - 1 in toks and (doc[first - 1].is_title or doc[first - 1].pos_ == "PROPN"):
            first -= 1
        name = doc[first : toks[-1] + 1].text.strip(" ,.")
        return name[4:] if name.startswith("The ") else name
    while toks and doc[toks[0]].dep_ in ("det", "poss", "case", "nummod"):
        toks = toks[1:]
    return doc[toks[0] : toks[-1] + 1].text if toks else None


def _duration(trigger: Token, obj: Token) -> str | None:
    """ "for another five years" → P5Y; "a six-month extension" → P6M."""
    spans = []
    for prep in trigger.children:
        if prep.dep_ == "prep" and prep.lower_ in ("for", "by"):
            spans.append(doc_text(prep))
    spans += [doc_text(c) for c in trigger.children if c.dep_ in ("amod", "compound", "nummod")]
    if trigger.dep_ in ("dobj", "pobj"):
        spans += [
            doc_text(c) for c in trigger.head.children if c.dep_ == "prep" and c.lower_ == "for"
        ]
    for text in spans:
        m = _DURATION.search(text)
        if m:
            n = int(m.group(1)) if m.group(1).isdigit() else _NUM.get(m.group(1).lower())
            if n:
                return f"P{n}{_UNIT[m.group(2).lower()]}"
    return None


def doc_text(tok: Token) -> str:
    return tok.doc[tok.left_edge.i : tok.right_edge.i + 1].text
