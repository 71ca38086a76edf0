"""The cheap first pass only saves work: it must not lose a single event."""

from __future__ import annotations

from streams.extract import ExtractOptions, Pipeline
from streams.records import Article, DiplomaticEvent
from tests.conftest import article_of
from tests.unit.extract.test_real_cases import CASES


def _key(events: list[DiplomaticEvent]) -> list[tuple[str, str, str, tuple[str, ...]]]:
    return sorted(
        (e.event_id, e.type, e.status, tuple(sorted(a.name for a in e.actors))) for e in events
    )


def test_first_pass_finds_the_same_events_as_parsing_everything(
    pipeline: Pipeline, seed_article: Article
) -> None:
    assert pipeline.options.first_pass
    everything = Pipeline(pipeline.nlp, ExtractOptions(first_pass=False))
    articles = [seed_article] + [article_of(i) for i in CASES]
    fast = pipeline.extract_batch(articles)
    full = everything.extract_batch(articles)
    assert [_key(a) for a in fast] == [_key(b) for b in full]


def test_first_pass_skips_sentences_without_triggers(pipeline: Pipeline) -> None:
    body = (
        "The weather in Paris was mild on Monday. Markets rose slightly. "
        "President Biden telephoned Chancellor Scholz on Monday."
    )
    prepared = pipeline.prepare(Article(id="w", body=body))
    assert [s.text for s in prepared.sentences] == [
        "President Biden telephoned Chancellor Scholz on Monday."
    ]
