"""The extractor: article in, events out. One object per process, loaded once.

Two passes. The first is cheap: the tokenizer, a sentence splitter and a matcher over
trigger words and gazetteer names, on the whole article. Only sentences that hold a trigger
word go through the full spaCy pipeline (tagger, parser, NER), batched across articles
with ``nlp.pipe``. ``STREAMS_FIRST_PASS=false`` parses every sentence instead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from streams import __version__
from streams.extract.actors import SentenceActors
from streams.extract.build import Draft, draft, finish
from streams.extract.candidate import Candidate, Sent
from streams.extract.dates import find_dates
from streams.extract.firstpass import FirstPass
from streams.extract.gazetteer import load_gazetteer
from streams.extract.mentions import ArticleIndex, MentionFinder, index_article
from streams.extract.merge import merge
from streams.extract.rules import RULES, VOCABULARIES
from streams.extract.text import Sentence, noise_spans, split_sentences
from streams.extract.treaties import TreatyFinder
from streams.records import Article, DiplomaticEvent, Extractor
from streams.settings import Settings


@dataclass
class Prepared:
    """An article after the first pass."""

    article: Article
    when: date | None
    index: ArticleIndex
    sentences: list[Sentence]  # those that go to the full pipeline


class Pipeline:
    def __init__(self, nlp: Language, settings: Settings) -> None:
        self.nlp = nlp
        self.settings = settings
        self.gazetteer = load_gazetteer()
        self.mentions = MentionFinder(nlp.tokenizer, self.gazetteer)
        self.first_pass = FirstPass(nlp, VOCABULARIES)
        self.treaties = TreatyFinder(nlp.tokenizer)
        self.extractor = Extractor(version=__version__, model=settings.model)

    @classmethod
    def load(cls, settings: Settings) -> Pipeline:
        # Only the installed package is loaded: models are never downloaded at run time.
        nlp = spacy.load(settings.model, exclude=["senter"])
        return cls(nlp, settings)

    def extract(self, article: Article) -> list[DiplomaticEvent]:
        return self.extract_batch([article])[0]

    def extract_batch(self, articles: Sequence[Article]) -> list[list[DiplomaticEvent]]:
        prepared = [self.prepare(a) for a in articles]
        texts = [s.text for p in prepared for s in p.sentences]
        docs = iter(self.nlp.pipe(texts, batch_size=self.settings.nlp_batch_size))
        out = []
        for p in prepared:
            parsed = [(s, next(docs)) for s in p.sentences]
            out.append(self.events(p, parsed))
        return out

    def prepare(self, article: Article) -> Prepared:
        doc = self.nlp.make_doc(article.body)
        when = article.published_at.date() if article.published_at else None
        sentences = split_sentences(doc, noise_spans(article.body))
        index = index_article(doc, self.mentions.find(doc, when), [s.start for s in sentences])
        if self.settings.first_pass:
            sentences = self.first_pass.select(doc, sentences)
        return Prepared(article, when, index, sentences)

    def events(self, p: Prepared, parsed: list[tuple[Sentence, Doc]]) -> list[DiplomaticEvent]:
        drafts = merge([draft(c) for c in self.candidates(p, parsed)])
        return [self.finish(d, p.article.id) for d in drafts]

    def candidates(
        self, p: Prepared, parsed: list[tuple[Sentence, Doc]] | None = None
    ) -> list[Candidate]:
        """What the rules find in each parsed sentence (parsed here if not given)."""
        if parsed is None:
            parsed = list(
                zip(p.sentences, self.nlp.pipe(s.text for s in p.sentences), strict=False)
            )
        found: list[Candidate] = []
        for index, (sentence, doc) in enumerate(parsed):
            actors = SentenceActors(
                doc, self.mentions.find(doc, p.when), p.index, p.when, sentence.start
            )
            sent = Sent(
                doc, sentence.start, index, actors, find_dates(doc), p.when, self.treaties.find(doc)
            )
            for rule in RULES:
                found += rule(sent)
        return found

    def finish(self, d: Draft, article_id: str) -> DiplomaticEvent:
        return finish(d, article_id, self.extractor)
