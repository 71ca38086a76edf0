"""Gazetteer mentions in a tokenised text, and the article-wide index of who is who.

The same ``PhraseMatcher`` runs on the whole article in the cheap first pass (to learn the
full names that later surnames and pronouns refer to) and on each parsed sentence.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from dataclasses import dataclass, field
from datetime import date

from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from streams.extract.gazetteer import Entity, Gazetteer
from streams.extract.lexicon import GOVERNMENT_HEADS

# Capitalised words that are titles, not names ("German Foreign Minister Oskar Fischer").
TITLE_WORDS = frozenset(
    """
President Prime Minister Foreign Secretary Chancellor Premier King Queen Emir Prince Crown
Sheikh Vice Deputy General Defence Defense Interior Finance Trade State Supreme Leader
Ayatollah Chairman Chairwoman Chief Envoy Ambassador Spokesman Spokeswoman Senator Speaker
House Senate Mr Mrs Ms Dr Sir Lord Lady Marshal Admiral Commander Colonel Lt. Gen. Gen Col Acting
Senior Special Representative Adviser Advisor High Commissioner Director Mayor Governor
""".split()
)


@dataclass(frozen=True, slots=True)
class Mention:
    start: int  # token offsets in the doc it was found in
    end: int
    start_char: int
    end_char: int
    text: str
    entities: tuple[Entity, ...]


class MentionFinder:
    def __init__(self, tokenizer: Tokenizer, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer
        self.matcher = PhraseMatcher(tokenizer.vocab, attr="ORTH")
        surfaces = gazetteer.surfaces()
        # Tokenise patterns with the text's own tokenizer so "U.S." or "Xi's" split alike.
        for surface, pattern in zip(surfaces, tokenizer.pipe(surfaces), strict=True):
            self.matcher.add(surface, [pattern])

    def find(self, doc: Doc, when: date | None = None) -> list[Mention]:
        spans = filter_spans([doc[s:e] for _, s, e in self.matcher(doc)])
        matched = {i for span in spans for i in range(span.start, span.end)}
        out = []
        for span in spans:  # longest match wins: "South Korea" over "Korea"
            if span.text in self.gazetteer.ambiguous and span.root.ent_type_ == "PERSON":
                continue  # "Michael Jordan", "Chad Smith": a person, not the state
            entities = self.gazetteer.lookup(span.text, when, a_name=_a_name(span))
            given = _given_names(span, matched)
            if given:  # "Mike Johnson" is not Boris Johnson, "George Washington" no city
                entities = [e for e in entities if e.is_person and given <= set(e.name.split())]
            if entities:
                out.append(
                    Mention(
                        span.start,
                        span.end,
                        span.start_char,
                        span.end_char,
                        span.text,
                        tuple(entities),
                    )  # fmt: skip
                )
        return out


Named = tuple[int, Entity]  # (char offset in the body, who)


def _a_name(span: Span) -> bool:
    """Read as somebody's name: a person, or a proper noun the NER took for an organisation
    ("Trump had a call"), not one naming a thing ("the May Pact")."""
    root = span.root
    if root.ent_type_ == "PERSON":
        return True
    if root.pos_ != "PROPN" or root.ent_type_ not in ("ORG", ""):
        return False
    return root.dep_ != "compound" or root.head.lemma_.lower() in GOVERNMENT_HEADS


def _given_names(span: Span, matched: set[int]) -> set[str]:
    """The names before the span inside the same person's name, when the span ends it:
    {"Mike"} in "Mike Johnson", {"George"} in "George Washington". Names that are
    gazetteer matches themselves ("Putin Biden summit") are not given names."""
    doc = span.doc
    inside = doc[span.start].ent_iob_ == "I" and doc[span.start].ent_type_ == "PERSON"
    ends = span.end == len(doc) or doc[span.end].ent_iob_ != "I"
    if not inside or not ends:
        return set()
    start = span.start  # walk back to where the name begins: ``doc.ents`` costs the doc
    while doc[start].ent_iob_ == "I":
        start -= 1
    return {t.text for t in doc[start : span.start] if t.i not in matched}


_TREATY_LOOK_BACK = 20  # named treaties


@dataclass
class ArticleIndex:
    """Who the article names, and where: full names first, so that "Boris", "Johnson",
    "he", "the two leaders" or "their" resolve later in the text.

    Names are kept per sentence, so a lookup costs the same in a long article as in a
    short one."""

    sentence_starts: list[int]
    by_name: dict[str, Entity] = field(default_factory=dict)  # person name forms
    people: dict[int, list[Named]] = field(default_factory=dict)  # by sentence
    parties: dict[int, list[Named]] = field(default_factory=dict)  # persons, states, orgs
    with_people: list[int] = field(default_factory=list)  # sentences naming a person, sorted
    # named treaties in text order: (char, the name's last word, the parties' codes)
    treaties: list[tuple[int, str, tuple[str, ...]]] = field(default_factory=list)

    def add_person(self, names: list[str], entity: Entity, at: int) -> None:
        for n in names:
            self.by_name.setdefault(n, entity)
        k = self._sentence_of(at)
        if k not in self.people:
            insort(self.with_people, k)
        self.people.setdefault(k, []).append((at, entity))
        self.add_party(entity, at)

    def add_party(self, entity: Entity, at: int) -> None:
        self.parties.setdefault(self._sentence_of(at), []).append((at, entity))

    def resolve(self, text: str) -> Entity | None:
        return self.by_name.get(text) or self.by_name.get(text.split()[-1])

    def _sentence_of(self, char: int) -> int:
        return bisect_right(self.sentence_starts, char) - 1

    def previous_subject(
        self, char: int, not_named: frozenset[str] | set[str] = frozenset()
    ) -> Entity | None:
        """The first person named in the nearest earlier sentence that names one: English
        puts the subject first, and "he" usually continues the last sentence's subject.
        Persons in ``not_named`` are passed over ("Scholz urged him": not Scholz)."""
        k = bisect_left(self.with_people, self._sentence_of(char)) - 1
        while k >= 0:
            named = sorted(self.people[self.with_people[k]], key=lambda m: m[0])
            found = next((e for _, e in named if e.name not in not_named), None)
            if found is not None:
                return found
            k -= 1
        return None

    def add_treaty(self, at: int, word: str, parties: tuple[str, ...]) -> None:
        insort(self.treaties, (at, word, parties))

    def named_treaty(self, char: int, words: set[str]) -> tuple[str, ...]:
        """The parties of the treaty last named before ``char`` by a name ending in one of
        ``words`` ("the Black Sea grain deal", for "the deal" sentences later); a bounded
        look back keeps the cost per lookup constant."""
        k = bisect_left(self.treaties, (char,))
        for at, word, parties in reversed(self.treaties[max(0, k - _TREATY_LOOK_BACK) : k]):
            if word in words and at < char:
                return parties
        return ()

    def recent_parties(self, char: int, n: int, people_only: bool, reach: int = 3) -> list[Entity]:
        """The last ``n`` distinct states (or leaders) named before ``char``, for "the two
        leaders", "both countries", "their talks"; [] unless exactly enough are found in
        the nearest of ``reach`` sentences that names any."""
        pool = self.people if people_only else self.parties
        here = self._sentence_of(char)
        for k in range(here, max(here - reach, -1), -1):
            seen: dict[tuple[str | None, str | None], Entity] = {}
            for at, e in pool.get(k, []):
                if at < char and (e.country or e.org):
                    seen.setdefault((e.country, e.org), e)
            if len(seen) >= n:
                return list(seen.values())[:n] if len(seen) == n else []
        return []


def index_article(doc: Doc, mentions: list[Mention], sentence_starts: list[int]) -> ArticleIndex:
    """Leaders from the gazetteer, "<Demonym> <Title> <Name>" persons, states and orgs."""
    index = ArticleIndex(sorted(sentence_starts))
    for m in mentions:
        people = [e for e in m.entities if e.is_person]
        if len({p.name for p in people}) == 1:
            index.add_person(_name_forms(people[0].name, m.text), people[0], m.start_char)
            continue
        city = m.entities[0].via == "city"
        if not people and not city and len({(e.country, e.org) for e in m.entities}) == 1:
            index.add_party(m.entities[0], m.start_char)
            if _is_state(m):
                _titled_person(doc, m, index)
    return index


def _is_state(m: Mention) -> bool:
    return len({e.country for e in m.entities}) == 1 and m.entities[0].country is not None


def _titled_person(doc: Doc, m: Mention, index: ArticleIndex) -> None:
    """After "German" or "Russia's", skip title words and read a capitalised name."""
    i = m.end
    if i < len(doc) and doc[i].text in ("'s", "’s"):
        i += 1
    titles = 0
    while i < len(doc) and doc[i].text in TITLE_WORDS:
        i, titles = i + 1, titles + 1
    name: list[str] = []
    while i < len(doc) and doc[i].is_title and doc[i].text not in TITLE_WORDS and len(name) < 4:
        name.append(doc[i].text)
        i += 1
    if titles and name:
        full = " ".join(name)
        person = Entity(full, m.entities[0].country, None, "leader")
        index.add_person(_name_forms(full, full), person, doc[m.start].idx)


def _name_forms(full: str, surface: str) -> list[str]:
    parts = full.split()
    forms = [full, surface]
    if len(parts) > 1:
        forms += [parts[-1], parts[0]]
    return forms
