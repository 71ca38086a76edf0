"""The extractor: article in, events out. One object per process, loaded once.

Two passes. The first is cheap: the tokenizer, a sentence splitter and a matcher over
trigger words and gazetteer names, on the whole article. Only sentences that hold a trigger
word go through the full spaCy pipeline (tagger, parser, NER), batched across articles
with ``nlp.pipe``. ``STREAMS_FIRST_PASS=false`` parses every sentence instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import compile_infix_regex

from streams.extract.actors import SentenceActors
from streams.extract.build import finish
from streams.extract.candidate import Candidate, Sent
from streams.extract.case import CaseRestorer
from streams.extract.dates import find_dates
from streams.extract.draft import Draft, draft
from streams.extract.firstpass import FirstPass
from streams.extract.gazetteer import load_gazetteer
from streams.extract.mentions import ArticleIndex, MentionFinder, index_article
from streams.extract.merge import merge
from streams.extract.options import ExtractOptions
from streams.extract.rules import RULES
from streams.extract.text import Sentence, noise_spans, split_sentences
from streams.extract.treaties import TreatyFinder
from streams.records import Article, DiplomaticEvent, Extractor
from streams.version import __version__

Parsed = list[tuple[Sentence, Doc]]


@dataclass
class Prepared:
    """An article after the first pass. Its text is the title (if any), a blank line and
    the body; ``body_at`` is where the body starts in it."""

    article: Article
    text: str  # as written
    body_at: int
    when: date | None
    index: ArticleIndex
    sentences: list[Sentence]  # those that go to the full pipeline


class Pipeline:
    def __init__(self, nlp: Language, options: ExtractOptions) -> None:
        _split_slashes(nlp)
        self.nlp = nlp
        self.options = options
        self.gazetteer = load_gazetteer()
        self.mentions = MentionFinder(nlp.tokenizer, self.gazetteer)
        self.first_pass = FirstPass(nlp, [rule.vocabulary for rule in RULES])
        self.treaties = TreatyFinder(nlp.tokenizer)
        self.case = CaseRestorer(nlp, self.gazetteer)
        self.extractor = Extractor(version=__version__, model=options.model)

    @classmethod
    def load(cls, options: ExtractOptions) -> Pipeline:
        # Only the installed package is loaded: models are never downloaded at run time.
        nlp = spacy.load(options.model, exclude=["senter"])
        return cls(nlp, options)

    def extract(self, article: Article) -> list[DiplomaticEvent]:
        return self.extract_batch([article])[0]

    def extract_batch(self, articles: Sequence[Article]) -> list[list[DiplomaticEvent]]:
        return [
            [finish(d, article.id, self.extractor) for d in drafts]
            for article, drafts in zip(articles, self.drafts_batch(articles), strict=True)
        ]

    def drafts_batch(self, articles: Sequence[Article]) -> list[list[Draft]]:
        """Each article's events before they become records (what calibration fits on)."""
        prepared = [self.prepare(a) for a in articles]
        return [
            merge([d for c in self.candidates(p, parsed) if (d := draft(c)) is not None])
            for p, parsed in zip(prepared, self.parse(prepared), strict=True)
        ]

    def prepare(self, article: Article) -> Prepared:
        title = article.title if article.title and article.title.strip() else ""
        text = f"{title}\n\n{article.body}" if title else article.body
        body_at = len(text) - len(article.body)
        # read in the case the parser knows; same length, so offsets hold for ``text``
        doc = self.nlp.make_doc(self.case.restore(text))
        when = article.published_at.date() if article.published_at else None
        sentences = split_sentences(doc, noise_spans(text))
        if title:  # the title is a headline, whatever its punctuation
            sentences = [replace(s, headline=True) if s.start < body_at else s for s in sentences]
        index = index_article(doc, self.mentions.find(doc, when), [s.start for s in sentences])
        for m in self.treaties.find(doc):  # for "the deal" told sentences later
            index.add_treaty(doc[m.start].idx, doc[m.end - 1].lower_, m.treaty.parties)
        if self.options.first_pass:
            sentences = self.first_pass.select(doc, sentences)
        return Prepared(article, text, body_at, when, index, sentences)

    def parse(self, prepared: Sequence[Prepared]) -> list[Parsed]:
        """The kept sentences of every article, parsed in one ``nlp.pipe`` pass.

        A sentence is parsed on its own, so the same text always parses the same: within
        an article each distinct sentence is parsed once and its ``Doc`` shared (rules
        only read it). Transcripts and pasted copy repeat whole paragraphs."""
        distinct = [list(dict.fromkeys(s.text for s in p.sentences)) for p in prepared]
        texts = [t for texts in distinct for t in texts]
        docs = iter(self.nlp.pipe(texts, batch_size=self.options.nlp_batch_size))
        parsed = []
        for p, texts in zip(prepared, distinct, strict=True):
            by_text = {t: next(docs) for t in texts}
            parsed.append([(s, by_text[s.text]) for s in p.sentences])
        return parsed

    def contexts(self, p: Prepared, parsed: Parsed) -> list[Sent]:
        """Each parsed sentence with what is known about it: the one way to build a ``Sent``."""
        out: list[Sent] = []
        for sentence, doc in parsed:
            actors = SentenceActors(
                doc, self.mentions.find(doc, p.when), p.index, p.when, sentence.start
            )
            written = p.text[sentence.start : sentence.end]
            treaties = self.treaties.find(doc)
            before = out[-1] if out else None
            out.append(
                Sent(doc, written, sentence.start, sentence.index, actors, find_dates(doc),
                     p.when, treaties, sentence.headline, p.body_at, before)
            )  # fmt: skip
        return out

    def candidates(self, p: Prepared, parsed: Parsed) -> list[Candidate]:
        """What the rules find in each parsed sentence."""
        return [c for sent in self.contexts(p, parsed) for rule in RULES for c in rule.find(sent)]


def _split_slashes(nlp: Language) -> None:
    """ "U.S./USSR grain pact", "Israel/Gaza": a slash between names separates them."""
    infixes = [*list(nlp.Defaults.infixes or []), r"(?<=[A-Za-z.])/(?=[A-Za-z])"]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer  # type: ignore[union-attr]
