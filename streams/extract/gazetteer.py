"""Names of states, organisations and office holders, resolved to ISO 3166-1 alpha-3.

The data ships in ``streams/data/`` (built by ``scripts/build_gazetteer.py`` and
``scripts/build_leaders.py`` from ``gazetteer/``); nothing is downloaded at run time.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

from streams import data

Via = Literal["name", "demonym", "capital", "metonym", "org", "leader", "city"]


@dataclass(frozen=True, slots=True)
class Entity:
    """What a surface string can refer to."""

    name: str  # canonical ("Russia", "United Nations", "Vladimir Putin")
    country: str | None
    org: str | None
    via: Via
    start: date | None = None  # term of office, for leaders
    end: date | None = None
    org_kind: str | None = None  # igo, igo_body, forum, ngo, armed_group, ... (orgs.json)

    @property
    def is_person(self) -> bool:
        return self.via == "leader"

    def active(self, when: date) -> bool:
        return (self.start is None or self.start <= when) and (self.end is None or when <= self.end)


class Gazetteer:
    """Surface string → candidate entities, with term-aware resolution of persons."""

    def __init__(
        self,
        entries: dict[str, list[Entity]],
        ambiguous: frozenset[str],
        country_names: dict[str, str],
    ) -> None:
        self.entries = entries
        self.ambiguous = ambiguous
        self.country_names = country_names  # ISO code → today's name

    def surfaces(self) -> list[str]:
        return sorted(self.entries)

    def lookup(
        self, surface: str, when: date | None = None, *, a_name: bool = False
    ) -> list[Entity]:
        """Entities a surface can mean; persons are narrowed to those in office at ``when``,
        and states to the state that existed then ("Moscow" in 1980 is the Soviet Union).

        A bare surname names a leader in office; "May" in 2024 is the month ("the May
        Pact"). When the text shows it is a person's name (``a_name``: the parser's PERSON),
        it also names a leader out of office but near it: "Trump had a call with Putin"
        in 2022. A full name always names its person."""
        found = self.entries.get(surface) or self.entries.get(_strip_the(surface)) or []
        if when is not None:
            found = [_as_of(e, when) for e in found]
            found = [
                e
                for e in found
                if not e.is_person
                or e.active(when)
                or surface == e.name
                or (a_name and _near_office(e, when))
            ]
        people = [e for e in found if e.is_person]
        if when is None or len({p.name for p in people}) <= 1:
            return found
        in_office = [p for p in people if p.active(when)]
        # Nobody in office then (a former leader): keep everyone, the country may still agree.
        return [e for e in found if not e.is_person] + (in_office or people)

    def resolve(self, surface: str, when: date | None = None) -> Entity | None:
        """The one entity a surface means, or None when it is unknown or ambiguous."""
        found = self.lookup(surface, when)
        if not found:
            return None
        keys = {(e.country, e.org) for e in found}
        if len(keys) != 1:
            return None
        # Prefer a person (it carries a name) over a demonym, etc.; otherwise the first.
        return next((e for e in found if e.is_person), found[0])


_FIELDS: tuple[tuple[str, Via], ...] = (
    ("names", "name"), ("demonyms", "demonym"), ("capitals", "capital"), ("metonyms", "metonym"),
)  # fmt: skip


# Successor states and the state their names meant before a date (ISO 3166-3 codes).
_PREDECESSORS: dict[str, tuple[str, str, date]] = {
    "RUS": ("RUS", "Soviet Union", date(1991, 12, 26)),
    "CZE": ("CSK", "Czechoslovakia", date(1993, 1, 1)),
    "SVK": ("CSK", "Czechoslovakia", date(1993, 1, 1)),
    "SRB": ("YUG", "Yugoslavia", date(2003, 2, 4)),
    "MNE": ("YUG", "Yugoslavia", date(2003, 2, 4)),
}


# The Soviet Union is coded as Russia, its continuing state (the UN seat, the treaties),
# as CAMEO-coded event data does; its name stays "Soviet Union". Czechoslovakia and
# Yugoslavia had no single continuator and keep their ISO 3166-3 codes.
CONTINUING = {"SUN": "RUS"}


def continuing(code: str) -> str:
    return CONTINUING.get(code, code)


def _as_of(e: Entity, when: date) -> Entity:
    old = _PREDECESSORS.get(e.country or "")
    if old is None or when >= old[2] or e.is_person:
        return e
    return Entity(old[1] if e.via != "leader" else e.name, old[0], e.org, e.via, e.start, e.end)


# A former leader stays news for years ("former President Trump" between his terms); a
# future one is named by surname only once he is about to take office.
_FORMER = timedelta(days=12 * 365)
_FUTURE = timedelta(days=365)


def _near_office(e: Entity, when: date) -> bool:
    after_term = e.end is not None and e.end < when <= e.end + _FORMER
    before_term = e.start is not None and e.start - _FUTURE <= when < e.start
    return after_term or before_term


def _strip_the(surface: str) -> str:
    return surface[4:] if surface.lower().startswith("the ") else surface


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    entries: dict[str, list[Entity]] = defaultdict(list)

    def add(surface: str, entity: Entity) -> None:
        surface = _strip_the(surface.strip())
        if surface and entity not in entries[surface]:
            entries[surface].append(entity)
        if surface.endswith(".") and entity.via == "name":
            # the tokenizer keeps "U.S.-led" whole, so the compound needs its own entry
            for suffix in ("-led", "-backed", "-brokered", "-hosted", "-sponsored"):
                add(surface + suffix, entity)

    countries = data.load("countries.json")
    for c in countries["countries"]:
        iso, name = continuing(c["iso3"]), c["name"]
        for field, via in _FIELDS:
            for s in c.get(field) or []:
                add(s, Entity(name, iso, None, via))
        add(name, Entity(name, iso, None, "name"))
    orgs = data.load("orgs.json")
    for o in orgs["orgs"]:
        for s in [o["name"], *o.get("names", [])]:
            add(s, Entity(o["name"], o.get("country"), o["code"], "org", org_kind=o["kind"]))
    for p in data.load("leaders.json")["leaders"]:
        person = Entity(
            p["name"], p.get("country"), p.get("org"), "leader", _date(p["start"]), _date(p["end"])
        )
        for s in [p["name"], *p.get("aliases", [])]:
            add(s, person)
    for city in data.load("cities.json")["cities"]:
        # A city only places an event ("the Los Angeles Olympics"); it never overrides a
        # name the other files give ("Beijing" the government, "Brussels" the EU).
        for s in city["names"]:
            if _strip_the(s) not in entries:
                add(s, Entity(city["name"], city["iso3"], None, "city"))
    notes = [*countries.get("ambiguous", []), *orgs.get("ambiguous", [])]
    for note in notes:  # "Brussels" → the EU unless the text says otherwise
        default = note.get("default")
        found = entries.get(_strip_the(note["string"]))
        if default and found:
            entries[_strip_the(note["string"])] = [
                e for e in found if default in (e.country, e.org)
            ] or found
    ambiguous = frozenset(_strip_the(n["string"]) for n in notes)
    names = {c["iso3"]: c["name"] for c in countries["countries"] if c["iso3"] not in CONTINUING}
    return Gazetteer(dict(entries), ambiguous, names)
