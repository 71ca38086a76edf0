"""Named treaties, deals and missions and the states party to them.

"The Black Sea grain deal has been extended" names no state, but the deal has parties:
``streams/data/treaties.json`` (built by ``scripts/build_treaties.py`` from
``gazetteer/treaties.yaml``) lists them, and a treaty extension or signing whose object
is one of these names gets them as parties. Open multilateral treaties (the NPT, the
Paris Agreement) list none.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from streams import data


@dataclass(frozen=True, slots=True)
class KnownTreaty:
    name: str
    parties: tuple[str, ...]  # ISO 3166-1 alpha-3; for ambiguous names, the common ones
    orgs: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TreatyMention:
    start: int  # token offsets in the sentence doc
    end: int
    treaty: KnownTreaty


@lru_cache(maxsize=1)
def _entries() -> dict[str, KnownTreaty]:
    out: dict[str, KnownTreaty] = {}
    for t in data.load("treaties.json")["treaties"]:
        known = KnownTreaty(t["name"], tuple(t["parties"]), tuple(t.get("orgs", [])))
        for alias in [t["name"], *t["aliases"]]:
            out.setdefault(alias, known)
    return out


class TreatyFinder:
    def __init__(self, tokenizer: Tokenizer) -> None:
        self.entries = _entries()
        self.matcher = PhraseMatcher(tokenizer.vocab, attr="ORTH")
        names = sorted(self.entries)
        for name, pattern in zip(names, tokenizer.pipe(names), strict=True):
            self.matcher.add(name, [pattern])

    def find(self, doc: Doc) -> list[TreatyMention]:
        strings = doc.vocab.strings
        return [
            TreatyMention(start, end, self.entries[strings[key]])
            for key, start, end in self.matcher(doc)
        ]
