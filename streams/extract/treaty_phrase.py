"""What every treaty phrase has, however the event is told: is the object a treaty, pact,
agreement or mission mandate; its name; the states party to it.

Shared by ``rules/treaty.py`` (extensions) and ``rules/agreement.py`` (signings).
"""

from __future__ import annotations

import re

from spacy.tokens import Token

from streams.extract.actors import Found
from streams.extract.candidate import Sent
from streams.extract.forms import forms
from streams.extract.lexicon import COMMERCIAL, NOT_TREATY_HEADS, TREATY_HEADS
from streams.extract.syntax import misread_predicate

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
    r"Protocol|Charter|Partnership|Alliance|Memorandum|Arrangement|Mandate|Compact)"
)


_MISSIONS = frozenset(
    """mission missions force forces operation operations panel team monitors
observers inspectors experts body office presence peacekeepers peacekeeping""".split()
)


def institutional(mandate: Token) -> bool:
    """A mission's mandate ("of the UN force in Lebanon"), not a person's term of office
    ("extended the governor's mandate")."""
    words = {t.lower_ for t in mandate.subtree} | {t.lemma_.lower() for t in mandate.subtree}
    return bool(words & _MISSIONS) or any(t.ent_type_ == "ORG" for t in mandate.subtree)


def head_word(tok: Token) -> str:
    """The word a token ends, hyphens included: "fire" in "cease-fire" is "cease-fire"."""
    doc, start = tok.doc, tok.i
    while start >= 2 and doc[start - 1].text == "-" and doc[start - 1].whitespace_ == "":
        start -= 2
    return doc[start : tok.i + 1].text.lower()


def is_international(obj: Token) -> bool:
    """A treaty between states whoever the text names: "the pact", "the cease-fire",
    "their binational agreements" (not "the union pact", "a safety deal")."""
    if any(c.lower_ in COMMERCIAL for c in obj.subtree):
        return False
    word = head_word(obj)
    if word in _STATE_TREATIES or obj.lemma_.lower() in _STATE_TREATIES:
        return True
    return any(c.lower_ in _BETWEEN_STATES for c in obj.children)


def is_treaty(obj: Token) -> bool:
    word, lemma = head_word(obj), obj.lemma_.lower()
    if word in NOT_TREATY_HEADS or lemma in NOT_TREATY_HEADS:
        return False
    if lemma in ("mandate", "authorisation", "authorization"):
        return institutional(obj)
    if word in TREATY_HEADS or lemma in TREATY_HEADS:
        return True
    names = [obj, *(c for c in obj.children if c.dep_ == "compound")]
    named = obj.pos_ == "PROPN" or obj.is_title or obj.is_upper  # "New START" is tagged NNS
    return named and any(_NAME_WORDS.search(t.text) for t in names)


_NAME_PREPS = frozenset({"of", "on", "for", "between", "with", "among", "in", "to"})
# Only states make these; an agreement or deal may be a company's.
_STATE_TREATIES = frozenset(
    "treaty treaties pact pacts accord accords convention ceasefire cease-fire truce armistice"
    .split()
)  # fmt: skip
# A truce is named by the war it stops: "the ceasefire in Gaza".
_TRUCES = frozenset("ceasefire cease-fire ceasefires truce truces armistice".split())
_BETWEEN_STATES = frozenset(
    "bilateral binational trilateral multilateral international intergovernmental".split()
)


def treaty_np(obj: Token, *, top: bool = True, purpose: bool = True) -> list[Token]:
    """The treaty's own phrase: modifiers and "of/on/between" PPs, not the clauses hanging
    from it ("agreements establishing relations at a ceremony hosted by Trump"); with
    ``purpose``, the state words of what it is for."""
    out = [obj]
    for child in obj.children:
        if child.dep_ in ("acl", "relcl", "advcl", "appos") or (
            top and child.dep_ in ("punct", "cc", "conj")
        ):
            if purpose and child.dep_ in ("acl", "relcl"):
                # "an agreement to import Venezuelan fuel", "that lets Russian gas flow",
                # "the deal allowing the export of Ukrainian grain"
                out += _purpose_states(child)
            continue
        if (child.dep_ == "prep" and child.lower_ not in _NAME_PREPS) or misread_predicate(child):
            continue
        if child.dep_ == "prep" and any(o.ent_type_ == "DATE" for o in child.children):
            continue  # "for seven years": how long, not which treaty
        if child.dep_ == "prep" and child.lower_ == "in" and head_word(obj) not in _TRUCES:
            continue  # "a safety deal in Bangladesh factories": where, not who
        if child.dep_ in ("prep", "pobj", "conj", "cc"):
            out += treaty_np(child, top=False, purpose=purpose)
        else:
            out += list(child.subtree)
    return sorted(out, key=lambda t: t.i)


def _purpose_states(clause: Token) -> list[Token]:
    """The state words in what an agreement is for: "to import Venezuelan fuel"."""
    return [t for t in clause.subtree if t.dep_ in ("amod", "compound", "poss") and t.ent_type_]


def treaty_parties(obj: Token, sent: Sent) -> list[Found]:
    """States named inside the treaty's NP: "the US-Russia New START treaty", "the
    ceasefire between Israel and Lebanon", "the mandate of the force in Lebanon". A
    mission's mandate counts the states its description names ("set up to monitor the
    separation of Israeli and Syrian forces")."""
    found: list[Found] = []
    tokens = list(obj.subtree) if institutional(obj) else treaty_np(obj)
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
    toks = [t.i for t in treaty_np(obj, purpose=False)]
    if doc[obj.i].is_title:
        first = obj.i
        while first - 1 in toks and (doc[first - 1].is_title or doc[first - 1].pos_ == "PROPN"):
            first -= 1
        name = doc[first : toks[-1] + 1].text.strip(" ,.")
        return name[4:] if name.startswith("The ") else name
    while toks and doc[toks[0]].dep_ in ("det", "poss", "case", "nummod"):
        toks = toks[1:]
    return doc[toks[0] : toks[-1] + 1].text if toks else None
