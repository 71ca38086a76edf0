"""From a noun phrase in a parsed sentence to the actors it names.

"The Russian and Chinese presidents" gives RUS and CHN; "officials from the UK, US,
Australia and Canada" gives four states; "Chinese consumers" gives a group of people, not
the Chinese state; "he" and "Boris" resolve through the article's earlier mentions.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from datetime import date

from spacy.tokens import Doc, Token

from streams.extract.gazetteer import Entity, load_gazetteer
from streams.extract.lexicon import (
    GOVERNMENT_HEADS,
    NON_STATE,
    PEOPLE_HEADS,
    PRONOUNS_GROUP,
    PRONOUNS_PERSON,
    SAY_VERBS,
    number,
)
from streams.extract.mentions import ArticleIndex, Mention
from streams.extract.syntax import CLAUSE, heads, prep_objects
from streams.records import ActorKind

# Children that start another clause or a side remark: their names are not this NP's.
_CLAUSAL = frozenset(
    {"relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "cc", "punct", "parataxis"}
)
# Prepositions that stay inside the actor NP ("officials from X", "president of Armenia").
_NP_PREPS = frozenset({"of", "from", "including"})


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
    org_kind: str | None = None  # for organisations: igo, forum, ngo, armed_group, ...
    # "he" or "him" whom the article does not name: someone takes part, but who is unknown
    unresolved: bool = False

    @classmethod
    def state(cls, code: str, text: str, token: int) -> Found:
        """A state known by its code (a treaty's parties, a Games host), not by a name."""
        return cls(text, load_gazetteer().country_names.get(code, code), code, None, "state",
                   True, token)  # fmt: skip

    @property
    def official(self) -> bool:
        """A state, its officials, or an intergovernmental body: who can sanction."""
        if self.org is not None:
            return self.org_kind in ("igo", "igo_body", "forum", "pact")
        return self.governmental and self.country is not None


@dataclass
class SentenceActors:
    """Resolves NPs of one parsed sentence. ``offset`` maps it back into the body."""

    doc: Doc
    mentions: list[Mention]
    index: ArticleIndex
    when: date | None
    offset: int

    def of(self, head: Token, *, conj: bool = True, places: bool = False) -> list[Found]:
        """Actors named by the NP headed by ``head`` (and its conjuncts). Cities count only
        with ``places``: a city hosts an event but does not act ("talks in Geneva")."""
        heads = conjuncts(head) if conj else [head]
        found: list[Found] = []
        for h in heads:
            for actor in self._of_one(h, places):
                if all(_key(actor) != _key(f) for f in found):
                    found.append(actor)
        return found

    def _of_one(self, head: Token, places: bool = False) -> list[Found]:
        # "US" in capitals is the state, "us" the pronoun
        lower = head.lower_ if not (head.is_upper and len(head) > 1) else head.text
        if lower in PRONOUNS_PERSON:
            return self._pronoun(head)
        if lower in PRONOUNS_GROUP:
            speaker = _reporting_subject(head)
            if speaker is None and lower in _FIRST_PERSON:
                speaker = _quoting_subject(head)  # 'when Nicaragua says: "We will not ..."'
            if speaker is not None:
                return self._of_one(speaker)
            if lower in ("it", "its"):
                return self._it(head)
            return self._group(head, 2) if lower in ("they", "their", "them") else []
        if lower in {"which", "who", "that"}:
            return []
        of = prep_objects(head, ("of",)) if lower in _QUANTITIES else []
        if of:  # "a group of Moroccan diplomats": the diplomats
            return self._of_one(of[0], places)
        tokens = np_tokens(head)
        inside = [
            m
            for m in self.mentions
            if m.start in tokens
            and (m.end - 1) in tokens
            and (places or m.entities[0].via != "city")
        ]
        if not inside and (size := _group_size(head)):
            return self._group(head, size)  # "the two leaders", "both countries"
        named = any(m.start <= head.i < m.end for m in inside)  # "the Soviet Union", not a union
        gov = named or _governmental(head, tokens)
        people = [m for m in inside if _person_of(m) is not None]
        if people and not _other_nationality(people, inside, head):
            return [self._found(m.text, _person_of(m), m.start, True) for m in people]
        if head.ent_type_ == "PERSON":
            return [self._named_person(head, inside)]
        named_as = _apposed_name(head)
        if named_as is not None:  # "his Salvadoran crony Alfredo Cristiani": that person
            known = [f for f in self._of_one(named_as) if f.country or f.org]
            return known or [self._named_person(named_as, inside)]
        found = []
        for m in inside:
            entity = _single(m)
            if entity is not None:
                state = named or (not _people_head(head) and (gov or entity.via != "demonym"))
                found.append(self._found(m.text, entity, m.start, state))
        if found or head.pos_ != "PROPN":
            return found
        person = self.index.resolve(_entity_span(head))
        return [self._found(head.text, person, head.i, True)] if person else []

    def _it(self, head: Token) -> list[Found]:
        """ "Russia published draft agreements it wants to negotiate": "it" is the state
        that is the subject before it in the sentence."""
        doc = head.doc
        for m in reversed([m for m in self.mentions if m.end <= head.i]):
            entity = _single(m)
            # a state that acts: the subject, or what opens the sentence ("Russia on Friday
            # published ..."), not a modifier ("a U.S. proposal") or an object
            np_head = doc[m.start] if doc[m.start].dep_ != "compound" else doc[m.start].head
            acting = np_head.dep_ in ("nsubj", "nsubjpass") or m.start == 0
            if entity is not None and entity.country and not entity.is_person and acting:
                return [self._found(head.text, entity, head.i, True)]
        return []

    def _group(self, head: Token, size: int) -> list[Found]:
        at = self.offset + head.idx
        people = head.lemma_.lower() in _PERSON_GROUPS
        entities = self.index.recent_parties(at, size, people_only=people)
        if not entities and people:
            # "since Biden's trip to Israel ..., the two men": in the same sentence a
            # leader may be named by his state alone
            entities = self.index.recent_parties(at, size, people_only=False, reach=1)
        return [self._found(head.text, e, head.i, True) for e in entities]

    def _found(self, text: str, e: Entity | None, token: int, gov: bool) -> Found:
        assert e is not None  # noqa: S101 - callers filter
        kind: ActorKind = "person" if e.is_person else ("organisation" if e.org else "state")
        kind = kind if gov else "group"
        return Found(text, e.name, e.country, e.org, kind, gov, token, e.org_kind)

    def _named_person(self, head: Token, inside: list[Mention]) -> Found:
        """A person the gazetteer does not know: the article's index, else the NP's country."""
        span = _entity_span(head)
        person = self.index.resolve(span)
        if person is not None:
            return Found(span, person.name, person.country, person.org, "person", True, head.i)
        states = [e for m in inside if (e := _single(m)) is not None]
        country = states[0].country if len({e.country for e in states}) == 1 else None
        org = states[0].org if len({e.org for e in states}) == 1 and states else None
        return Found(span, span, country, org, "person", True, head.i)

    def _pronoun(self, head: Token) -> list[Found]:
        # Subjects come first in English: take the first person named earlier in this
        # sentence, else the first one of the nearest sentence before it that names one;
        # never the subject of its own clause ("Biden told him": him is someone else).
        own = _clause_subject(head)
        here = [
            m
            for m in self.mentions
            if m.start < head.i and _person_of(m) and not (own and m.start <= own.i < m.end)
        ]
        if not here and (said := self._reported_speaker(head)):
            return said
        not_them = {f.name for f in self.of(own)} if own is not None else set()
        p = (
            _person_of(here[0])
            if here
            else self.index.previous_subject(self.offset + head.idx, not_named=not_them)
        )
        if p is None:
            # kept, unresolved: "He spoke by phone with Putin" still tells a call with
            # someone, who the previous, unseen sentence names
            return [unresolved(head)]
        return [Found(head.text, p.name, p.country, p.org, "person", True, head.i)]

    def _reported_speaker(self, pronoun: Token) -> list[Found]:
        """ "Canada's prime minister said he would skip the summit": who said it, when the
        sentence names no person before the pronoun."""
        speaker = _reporting_subject(pronoun)
        found = self._of_one(speaker) if speaker is not None else []
        return [replace(f, text=pronoun.text, token=pronoun.i) for f in found if f.country]


_FIRST_PERSON = frozenset({"we", "us", "our"})
_QUANTITIES = frozenset("group number handful couple pair delegation team".split())


def _quoting_subject(pronoun: Token) -> Token | None:
    """Who says "we": the subject of the last verb of saying before it in the sentence
    (the parser often hangs a quotation on the wrong verb)."""
    says = [t for t in pronoun.doc[: pronoun.i] if t.lemma_.lower() in SAY_VERBS]
    subj = next((c for c in says[-1].children if c.dep_ == "nsubj"), None) if says else None
    return (
        subj if subj is not None and subj.lower_ not in PRONOUNS_GROUP | PRONOUNS_PERSON else None
    )


def _apposed_name(head: Token) -> Token | None:
    """The person's name set beside a noun: "his crony, Alfredo Cristiani", also when the
    parser made it a second object of the verb."""
    for c in head.children:
        if c.dep_ == "appos" and c.ent_type_ == "PERSON":
            return c
    after = head.right_edge.i + 1
    if after < len(head.doc):
        nxt = head.doc[after]
        name = nxt.head if nxt.ent_type_ == "PERSON" and nxt.dep_ == "compound" else nxt
        if name.ent_type_ == "PERSON" and name.head == head.head and name.dep_ == head.dep_:
            return name
    return None


def _clause_subject(pronoun: Token) -> Token | None:
    """The subject of the clause an object pronoun sits in ("Biden" for "him")."""
    if pronoun.dep_ not in ("dobj", "dative", "pobj", "iobj"):
        return None
    verb = pronoun.head.head if pronoun.dep_ == "pobj" else pronoun.head
    return next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)


def unresolved(head: Token) -> Found:
    """Someone the sentence refers to but the article does not name ("he", "the council")."""
    return Found(head.text, head.text, None, None, "person", True, head.i, None, True)


def _reporting_subject(pronoun: Token) -> Token | None:
    """ "Nigeria announced that it will withdraw": "it" is the one who announced."""
    below = pronoun.head
    for head in heads(below, through=("ccomp", "xcomp", "conj"), limit=CLAUSE - 1):
        if head.lemma_.lower() in SAY_VERBS:
            subj = next((c for c in head.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subj is not None and subj.lower_ not in PRONOUNS_GROUP | PRONOUNS_PERSON:
                return subj
            return None
        if below.dep_ == "ccomp":
            return None  # a clause reported by something other than a verb of saying
        below = head
    return None


_GROUP_HEADS = frozenset(
    {
        "leader",
        "president",
        "side",
        "country",
        "nation",
        "government",
        "minister",
        "premier",
        "state",
        "neighbour",
        "neighbor",
        "ally",
        "capital",
        "delegation",
        "power",
        "counterpart",
        "pair",
        "man",
        "head",
        "official",
        "diplomat",
        "foreign",
    }
)
_PERSON_GROUPS = frozenset(
    {"leader", "president", "minister", "premier", "man", "head", "counterpart", "pair"}
)


def _group_size(head: Token) -> int:
    """2 for "the two leaders" or "both countries", 4 for "the four states", else 0."""
    lemma = head.lemma_.lower()
    if lemma not in _GROUP_HEADS:
        return 0
    if lemma == "pair":
        return 2
    for child in head.children:
        if child.dep_ in ("nummod", "det", "predet", "quantmod"):
            size = 2 if child.lower_ == "both" else number(child.lower_)
            if size is not None and size >= 2:
                return size
    return 0


def _other_nationality(people: list[Mention], inside: list[Mention], head: Token) -> bool:
    """ "Swiss President Hans-Rudolf Merz" is not Germany's Friedrich Merz: a bare surname
    that matched a leader of another state than the NP's own nationality word."""
    states = {e.country for m in inside if _person_of(m) is None for e in m.entities}
    for m in people:
        person = _person_of(m)
        full_name_here = head.ent_type_ == "PERSON" and m.text != _entity_span(head)
        if person and states and person.country not in states and full_name_here:
            return True
    return False


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
    if words & NON_STATE:
        return False  # "Afghan rebel leaders", "an Israeli peace movement"
    return bool(words & GOVERNMENT_HEADS) or head.ent_type_ in ("NORP", "GPE", "PERSON")


def _person_of(m: Mention) -> Entity | None:
    people = {e.name: e for e in m.entities if e.is_person}
    return next(iter(people.values())) if len(people) == 1 else None


def _key(f: Found) -> tuple[str | None, str | None, str]:
    return (f.country, f.org, f.name if f.country is None and f.org is None else "")


_COMMA_DEPS = frozenset({"npadvmod", "nsubj", "dep"})


def conjuncts(head: Token) -> list[Token]:
    """``head`` and the tokens coordinated with it ("Russia, China and Iran")."""
    out = [head, *_comma_subjects(head)]
    for tok in head.children:
        if tok.dep_ == "conj":
            out += conjuncts(tok)
    return out


def _comma_subjects(subj: Token) -> list[Token]:
    """ "Scholz, Biden hold talks by phone": a headline joins its subjects with a comma, and
    the parser hangs the other one on the verb, as a second subject or a modifier."""
    verb, doc = subj.head, subj.doc
    if subj.dep_ != "nsubj" or verb.i < subj.i:
        return []
    names = [subj, *(c for c in verb.children if c.dep_ in _COMMA_DEPS and c.i < verb.i)]
    names = sorted({t.i: t for t in names if t.pos_ == "PROPN"}.values(), key=lambda t: t.i)
    # the names open the sentence, one after the other with a comma between
    joined = all(
        doc[b.left_edge.i - 1].text == "," and b.left_edge.i - 1 == a.right_edge.i + 1
        for a, b in itertools.pairwise(names)
    )
    if len(names) < 2 or names[0].left_edge.i != 0 or not joined:
        return []
    return [t for t in names if t != subj]


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
