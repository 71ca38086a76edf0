"""From a noun phrase in a parsed sentence to the actors it names.

"The Russian and Chinese presidents" gives RUS and CHN; "officials from the UK, US,
Australia and Canada" gives four states; "Chinese consumers" gives a group of people, not
the Chinese state; "he" and "Boris" resolve through the article's earlier mentions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from spacy.tokens import Doc, Token

from streams.extract.gazetteer import Entity
from streams.extract.lexicon import (
    GOVERNMENT_HEADS,
    PEOPLE_HEADS,
    PRONOUNS_GROUP,
    PRONOUNS_PERSON,
    SAY_VERBS,
)
from streams.extract.mentions import Mention, PersonIndex
from streams.records import ActorKind

# Children that start another clause or a side remark: their names are not this NP's.
_CLAUSAL = frozenset(
    {"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "cc", "punct", "parataxis"}
)
# Prepositions that stay inside the actor NP ("officials from X", "president of Armenia").
_NP_PREPS = frozenset({"of", "from"})


@dataclass(frozen=True, slots=True)
class Found:
    """An actor before its role in the event is known."""

    text: str
    name: str
    country: str | None
    org: str | None
    kind: ActorKind
    governmental: bool  # the state acting, not its consumers or fans
    token: int  # index of the head token in the sentence doc


@dataclass
class SentenceActors:
    """Resolves NPs of one parsed sentence. ``offset`` maps it back into the body."""

    doc: Doc
    mentions: list[Mention]
    persons: PersonIndex
    when: date | None
    offset: int

    def of(self, head: Token, *, conj: bool = True) -> list[Found]:
        heads = conjuncts(head) if conj else [head]
        found: list[Found] = []
        for h in heads:
            for actor in self._of_one(h):
                if all(_key(actor) != _key(f) for f in found):
                    found.append(actor)
        return found

    def _of_one(self, head: Token) -> list[Found]:
        lower = head.lower_
        if lower in PRONOUNS_PERSON:
            return self._pronoun(head)
        if lower in PRONOUNS_GROUP:
            speaker = _reporting_subject(head)
            return self._of_one(speaker) if speaker is not None else []
        if lower in {"which", "who", "that"}:
            return []
        tokens = np_tokens(head)
        inside = [m for m in self.mentions if m.start in tokens and (m.end - 1) in tokens]
        gov = _governmental(head, tokens)
        people = [m for m in inside if _person_of(m) is not None]
        if people:
            return [self._found(m.text, _person_of(m), m.start, True) for m in people]
        if head.ent_type_ == "PERSON":
            return [self._named_person(head, inside)]
        found = []
        for m in inside:
            entity = _single(m)
            if entity is not None:
                state = not _people_head(head) and (gov or entity.via != "demonym")
                found.append(self._found(m.text, entity, m.start, state))
        if found or head.pos_ != "PROPN":
            return found
        person = self.persons.resolve(_entity_span(head))
        return [self._found(head.text, person, head.i, True)] if person else []

    def _found(self, text: str, e: Entity | None, token: int, gov: bool) -> Found:
        assert e is not None  # noqa: S101 - callers filter
        kind: ActorKind = "person" if e.is_person else ("organisation" if e.org else "state")
        return Found(text, e.name, e.country, e.org, kind if gov else "group", gov, token)

    def _named_person(self, head: Token, inside: list[Mention]) -> Found:
        """A person the gazetteer does not know: the article's index, else the NP's country."""
        span = _entity_span(head)
        person = self.persons.resolve(span)
        if person is not None:
            return Found(span, person.name, person.country, person.org, "person", True, head.i)
        states = [e for m in inside if (e := _single(m)) is not None]
        country = states[0].country if len({e.country for e in states}) == 1 else None
        org = states[0].org if len({e.org for e in states}) == 1 and states else None
        return Found(span, span, country, org, "person", True, head.i)

    def _pronoun(self, head: Token) -> list[Found]:
        # Subjects come first in English: take the first person named earlier in this
        # sentence, else the first one of the nearest sentence before it that names one.
        here = [m for m in self.mentions if m.start < head.i and _person_of(m)]
        p = _person_of(here[0]) if here else self.persons.previous_subject(self.offset + head.idx)
        if p is None:
            return []
        return [Found(head.text, p.name, p.country, p.org, "person", True, head.i)]


def _reporting_subject(pronoun: Token) -> Token | None:
    """ "Nigeria announced that it will withdraw": "it" is the one who announced."""
    tok = pronoun.head
    for _ in range(5):
        if tok.dep_ in ("ccomp", "xcomp", "conj") and tok.head != tok:
            head = tok.head
            if head.lemma_.lower() in SAY_VERBS:
                subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if subj is not None and subj.lower_ not in PRONOUNS_GROUP | PRONOUNS_PERSON:
                    return subj
                return None
            tok = head
        else:
            return None
    return None


def _single(m: Mention) -> Entity | None:
    """The mention's entity when all readings agree on the country and org."""
    if len({(e.country, e.org) for e in m.entities}) != 1:
        return None  # ambiguous ("Congo", "Korea"): better no actor than a wrong one
    return next((e for e in m.entities if e.is_person), m.entities[0])


def _people_head(head: Token) -> bool:
    return head.lower_ in PEOPLE_HEADS or head.lemma_.lower() in PEOPLE_HEADS


def _governmental(head: Token, tokens: set[int]) -> bool:
    """Does the NP speak for a state? "Chinese officials" yes, "Chinese consumers" no."""
    if _people_head(head):
        return False
    doc = head.doc
    words = {doc[i].lower_ for i in tokens} | {doc[i].lemma_.lower() for i in tokens}
    return bool(words & GOVERNMENT_HEADS) or head.ent_type_ in ("NORP", "GPE", "PERSON")


def _person_of(m: Mention) -> Entity | None:
    people = {e.name: e for e in m.entities if e.is_person}
    return next(iter(people.values())) if len(people) == 1 else None


def _key(f: Found) -> tuple[str | None, str | None, str]:
    return (f.country, f.org, f.name if f.country is None and f.org is None else "")


def conjuncts(head: Token) -> list[Token]:
    """``head`` and the tokens coordinated with it ("Russia, China and Iran")."""
    out = [head]
    for tok in head.children:
        if tok.dep_ == "conj":
            out += conjuncts(tok)
    return out


def np_tokens(head: Token) -> set[int]:
    """Token indices of the NP headed by ``head``, without clauses and foreign PPs."""
    keep = {head.i}
    for child in head.children:
        if child.dep_ in _CLAUSAL:
            continue
        if child.dep_ == "prep" and child.lower_ not in _NP_PREPS:
            continue
        keep |= {t.i for t in child.subtree}
    return keep


def _entity_span(head: Token) -> str:
    if head.ent_type_:
        for ent in head.doc.ents:
            if ent.start <= head.i < ent.end:
                return ent.text
    return head.text
