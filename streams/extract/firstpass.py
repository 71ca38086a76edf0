"""The cheap first pass: which sentences can hold an event, from word forms alone.

It runs on the tokenizer's output for the whole article (no tagger, parser or NER) with
one ``PhraseMatcher`` over every rule's ``Vocabulary``; only the sentences it keeps go
through the full pipeline.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from streams.extract.rule import Vocabulary
from streams.extract.text import Sentence

_WORD, _BLOCKED = "W", "X"
_IT = ("It ", "It's ", "It’s ")


class FirstPass:
    def __init__(self, nlp: Language, vocabularies: Iterable[Vocabulary]) -> None:
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        vocabularies = list(vocabularies)

        def add(label: str, words: Iterable[str]) -> None:
            self.matcher.add(label, [nlp.make_doc(w) for w in sorted(words)])

        add(_WORD, frozenset().union(*(v.words for v in vocabularies)))
        add(_BLOCKED, frozenset().union(*(v.blocked for v in vocabularies)))
        self.n_pairs = 0
        for v in vocabularies:
            for first, second in v.pairs:
                add(f"A{self.n_pairs}", first)
                add(f"B{self.n_pairs}", second)
                self.n_pairs += 1

    def select(self, doc: Doc, sentences: list[Sentence]) -> list[Sentence]:
        strings = doc.vocab.strings
        matches = [(strings[label], start, end) for label, start, end in self.matcher(doc)]
        blocked = {i for label, s, e in matches if label == _BLOCKED for i in range(s, e)}
        hits = [
            (label, doc[s].idx)
            for label, s, _ in matches
            if label != _BLOCKED and not (label == _WORD and s in blocked)
        ]
        # each hit to its sentence by bisection: linear in the article, however long
        starts = [s.start for s in sentences]
        labels: list[set[str]] = [set() for _ in sentences]
        for label, at in hits:
            k = bisect_right(starts, at) - 1
            if k >= 0 and at < sentences[k].end:
                labels[k].add(label)
        keep = [self._keeps(found) for found in labels]
        text = doc.text  # built on each access: once per article, not per sentence
        for k in range(1, len(sentences)):
            # "It was extended in May": the sentence before says what "it" is
            if keep[k] and text.startswith(_IT, sentences[k].start):
                keep[k - 1] = True
        return [s for s, kept in zip(sentences, keep, strict=True) if kept]

    def _keeps(self, labels: set[str]) -> bool:
        return _WORD in labels or any(
            f"A{k}" in labels and f"B{k}" in labels for k in range(self.n_pairs)
        )
