"""Who hosts the Games: "the Winter Olympics" in an article of December 2021 is Beijing's.

A boycotted Olympics or World Cup often goes unnamed by city; its host is the boycotted
state. ``streams/data/games.json`` lists the hosts; the edition is the one the text names
by year, else the one nearest the publication date (the next one when it is ahead).
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache

from streams import data
from streams.extract.gazetteer import continuing

_KINDS = (
    ("winter_olympics", re.compile(r"\bwinter\b.*\b(olympics|games)\b|\bwinter olympic")),
    ("summer_olympics", re.compile(r"\bsummer\b.*\b(olympics|games)\b|\bsummer olympic")),
    # "the Olympics", "an Olympic boycott": winter or summer, whichever is nearer
    ("olympics", re.compile(r"\bolympics?\b")),
    ("world_cup", re.compile(r"\bworld cup\b")),
    ("commonwealth_games", re.compile(r"\bcommonwealth games\b")),
)
_YEAR = re.compile(r"\b(19[89]\d|20[0-3]\d)\b")


@lru_cache(maxsize=1)
def _editions() -> dict[str, dict[int, tuple[str, ...]]]:
    out: dict[str, dict[int, tuple[str, ...]]] = {}
    for g in data.load("games.json")["games"]:
        out.setdefault(g["kind"], {})[g["year"]] = tuple(continuing(h) for h in g["hosts"])
    # until 1992 both came in one year; the Summer Games are the ones boycotted then
    out["olympics"] = out["winter_olympics"] | out["summer_olympics"]
    return out


def hosts(phrase: str, when: date | None) -> tuple[str, ...]:
    """The host states of the Games a phrase names ("Beijing's Winter Olympics"), or ()."""
    found = edition(phrase, when)
    return found[1] if found else ()


def year(phrase: str, when: date | None) -> int | None:
    """The year of the Games a phrase names, or None."""
    found = edition(phrase, when)
    return found[0] if found else None


def edition(phrase: str, when: date | None) -> tuple[int, tuple[str, ...]] | None:
    """(year, host states) of the Games a phrase names, or None."""
    text = phrase.lower()
    kind = next((k for k, pattern in _KINDS if pattern.search(text)), None)
    if kind is None:
        return None
    editions = _editions()[kind]
    year_in_text = _YEAR.search(text)
    if year_in_text:
        y = int(year_in_text.group(1))
        return (y, editions[y]) if y in editions else None
    if when is None:
        return None
    # the edition nearest the article, the coming one first: boycotts are announced ahead
    best = min(editions, key=lambda y: (abs(y - when.year - 0.5), -y))
    return (best, editions[best]) if abs(best - when.year) <= 2 else None
