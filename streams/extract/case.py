"""Text in capitals or in Title Case, rewritten in the case the parser was trained on.

Old wire copy comes in capitals ("NEW ZEALAND IMPOSES SANCTIONS AGAINST FIJI") and
headlines in Title Case ("Putin to Respect New Ukraine Election"); spaCy's tagger and NER
read both badly. Such lines are rewritten before anything else reads the article: names
the gazetteer knows take its spelling ("New Zealand", "U.S."), common English words go to
lower case, other words keep a capital (most are names: "Cristiani"), short unknown words
stay in capitals (acronyms: "LDP", "ITC"), and a sentence starts with a capital.

The rewrite never changes the length of the text, so every offset into it is an offset
into the original, which the evidence quotes.
"""

from __future__ import annotations

import calendar
import re
from itertools import pairwise

from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import PhraseMatcher

from streams.extract.gazetteer import Gazetteer
from streams.extract.mentions import TITLE_WORDS

_WORD = re.compile(r"[^\W\d_]+(?:['’.-][^\W\d_]+)*\.?")
_CALENDAR = frozenset(
    w.lower() for w in [*calendar.month_name[1:], *calendar.day_name, "Sept"]
)  # fmt: skip
_TITLES = frozenset(w.lower() for w in TITLE_WORDS)
# Between two words, what makes the second start a sentence (or a quotation).
_STARTS = re.compile(r"[.!?:;]|[\"“(]$")
# What a wire line in capitals and a Title Case headline look like.
_MIN_WORDS = 3
_CAPS_SHARE = 0.8
_TITLE_SHARE = 0.8
_TITLE_MAX_WORDS = 30
_ACRONYM_LEN = 5
# Names in capitals that are English words as well: left to the parser's reading.
_NOT_NAMES = frozenset({"us", "may", "will", "chad", "nice", "reading", "mobile", "bath"})


class CaseRestorer:
    def __init__(self, nlp: Language, gazetteer: Gazetteer) -> None:
        self.tokenizer = nlp.tokenizer
        nouns, others = _lemma_index(nlp)
        # WordNet lists names as nouns ("ortega", "turkey"): a name that is only a noun
        # there is a name here; one that is a word of another kind too stays a word
        # ("major", "young", "brown")
        names = {s.lower() for s in gazetteer.surfaces()}
        self.words = STOP_WORDS | others | (nouns - names)
        self.names = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.people = frozenset(
            s.lower() for s, es in gazetteer.entries.items() if all(e.is_person for e in es)
        )
        for surface in gazetteer.surfaces():
            if self._restorable(surface, gazetteer):
                self.names.add(surface, [self.tokenizer(surface)])

    def _restorable(self, surface: str, gazetteer: Gazetteer) -> bool:
        """Not "us" or "may"; not a surname that is a word too ("MAJOR HOLDERS" is no John
        Major), though a state's name is restored ("TURKEY", "CHAD")."""
        lower = surface.lower()
        if lower in STOP_WORDS | _NOT_NAMES:
            return False
        people = all(e.is_person for e in gazetteer.entries[surface])
        return not (people and " " not in surface and self._common(lower))

    def restore(self, text: str) -> str:
        """``text`` with its capitals and Title Case lines rewritten; the same length."""
        return "".join(self._line(line) for line in text.splitlines(keepends=True))

    def _line(self, line: str) -> str:
        shape = _shape(line)
        if shape is None:
            return line
        chars = list(line)
        last_end = 0
        for m in _WORD.finditer(line):
            word = m.group()
            first = last_end == 0 or bool(_STARTS.search(line[last_end : m.start()]))
            last_end = m.end()
            if shape == "title" and not word[:1].isupper():
                continue
            chars[m.start() : m.end()] = self._word(word, shape, first)
        out = "".join(chars)
        return self._titles(self._names(out))

    def _word(self, word: str, shape: str, first: bool) -> str:
        lower = word.lower()
        if lower == "i":
            return "I"
        if word.isupper() and (shape == "title" or word == "US"):
            return word  # acronyms in a headline; "US" in capitals is the state
        if "." in word.rstrip("."):
            return word  # "U.S.", "U.N.": abbreviations keep their capitals
        if lower.rstrip(".") in _CALENDAR or first:
            return word[:1].upper() + lower[1:]
        if all(self._common(part) for part in re.split(r"['’-]", lower.rstrip("."))):
            return lower
        if shape == "title" or len(word.rstrip(".")) <= _ACRONYM_LEN:
            return word  # a name in Title Case; in capitals, an acronym ("LDP", "ITC")
        return word[:1].upper() + lower[1:]

    def _common(self, lower: str) -> bool:
        if not lower or lower in self.words:
            return True
        return any(base in self.words for base in _bases(lower))

    def _titles(self, line: str) -> str:
        """A title and the name after it keep their capitals: "PRESIDENT BUSH" is
        "President Bush", though "bush" alone is a shrub."""
        chars = list(line)
        for m, nxt in pairwise(_WORD.finditer(line)):
            name = nxt.group()
            if m.group().lower() not in _TITLES:
                continue
            if name.lower() in self.people:
                chars[nxt.start()] = name[0].upper()
            if name[:1].isupper() or name.lower() in self.people:
                chars[m.start()] = m.group()[0].upper()
        return "".join(chars)

    def _names(self, line: str) -> str:
        doc = self.tokenizer(line)
        chars = list(line)
        strings = doc.vocab.strings
        for key, start, end in self.names(doc):
            span = doc[start:end]
            surface = strings[key]
            if len(surface) == len(span.text):
                chars[span.start_char : span.end_char] = surface
        return "".join(chars)


def _shape(line: str) -> str | None:
    """ "caps" for a line in capitals, "title" for a headline in Title Case, else None."""
    words = [w for w in _WORD.findall(line) if len(w) >= 2]
    if len(words) < _MIN_WORDS:
        return None
    letters = [c for w in words for c in w if c.isalpha()]
    if sum(c.isupper() for c in letters) >= _CAPS_SHARE * len(letters):
        return "caps"
    content = [w for w in words if len(w) >= 4]
    ends = line.rstrip()[-1:] in (".", "!", "?", "…")
    if ends or len(words) > _TITLE_MAX_WORDS or len(content) < _MIN_WORDS:
        return None
    capitalised = sum(w[:1].isupper() for w in content)
    return "title" if capitalised >= _TITLE_SHARE * len(content) else None


_SUFFIXES = (
    ("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("ing", ""),
    ("ing", "e"), ("'s", ""), ("’s", ""),
)  # fmt: skip


def _bases(word: str) -> list[str]:
    """Candidate base forms of an inflected word: "imposes" → "impose", "impos"."""
    out = []
    for suffix, repl in _SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            out.append(word[: -len(suffix)] + repl)
    return out


def _lemma_index(nlp: Language) -> tuple[frozenset[str], frozenset[str]]:
    """English words the pipeline's lemmatizer knows (WordNet's index), if it has them:
    (nouns, words of the other parts of speech)."""
    try:
        table = nlp.get_pipe("lemmatizer").lookups.get_table("lemma_index")  # type: ignore[attr-defined]
    except (KeyError, AttributeError):
        return frozenset(), frozenset()
    noun = nlp.vocab.strings["noun"]
    nouns = frozenset(w for w in table.get(noun, []) if w.isalpha())
    others = frozenset(w for pos in table if pos != noun for w in table[pos] if w.isalpha())
    return nouns, others
