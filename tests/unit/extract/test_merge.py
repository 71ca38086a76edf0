"""One event per event (``merge.merge``): retellings join, different events stay apart."""

from __future__ import annotations

from streams.extract import Pipeline
from streams.records import Article, DiplomaticEvent
from tests.conftest import SEED_PUBLISHED


def _events(pipeline: Pipeline, body: str) -> list[DiplomaticEvent]:
    return pipeline.extract(Article(id="m", body=body, published_at=SEED_PUBLISHED))


def _calls(events: list[DiplomaticEvent]) -> list[DiplomaticEvent]:
    return [e for e in events if e.type == "call"]


def test_a_call_told_three_times_is_one_event_with_three_mentions(pipeline: Pipeline) -> None:
    body = (
        "Vladimir Putin spoke to Joe Biden by phone on Tuesday. "
        "The call lasted two hours, the Kremlin said. "
        "During the call, Biden warned Putin against an invasion of Ukraine."
    )
    [call] = _calls(_events(pipeline, body))
    assert {a.country for a in call.actors} == {"RUS", "USA"}
    assert len(call.mentions) == 3
    assert call.evidence == call.mentions[0]


def test_a_retelling_alone_is_no_event(pipeline: Pipeline) -> None:
    assert _calls(_events(pipeline, "The call lasted two hours, the Kremlin said.")) == []


def test_an_event_that_did_not_happen_never_merges_into_one_that_did(pipeline: Pipeline) -> None:
    body = (
        "Putin spoke to Biden by phone on Tuesday. "
        "Putin did not speak to Biden by phone on Friday, the Kremlin said."
    )
    statuses = sorted(e.status for e in _calls(_events(pipeline, body)))
    assert statuses == ["negated", "occurred"]


def test_calls_on_different_days_stay_apart(pipeline: Pipeline) -> None:
    body = (
        "Putin spoke to Biden by phone on December 7. "
        "Putin spoke to Biden by phone again on December 13."
    )
    dates = sorted(e.date.value or "" for e in _calls(_events(pipeline, body)))
    assert dates == ["2021-12-07", "2021-12-13"]


def test_calls_with_other_parties_stay_apart(pipeline: Pipeline) -> None:
    body = (
        "Putin spoke to Biden by phone on Tuesday. "
        "Putin also spoke to Xi Jinping by phone on Tuesday."
    )
    parties = sorted(
        tuple(sorted(a.country or "" for a in e.actors)) for e in _calls(_events(pipeline, body))
    )
    assert parties == [("CHN", "RUS"), ("RUS", "USA")]


def test_talks_told_as_the_call_in_its_own_sentence_are_not_a_meeting(pipeline: Pipeline) -> None:
    body = "Xi and Putin held talks by video link on Wednesday, their first talks this year."
    events = _events(pipeline, body)
    assert [e.type for e in events] == ["call"]


def test_a_sentence_repeated_in_an_article_is_parsed_once(pipeline: Pipeline) -> None:
    sentence = "Putin spoke to Biden by phone on Tuesday."
    article = Article(id="r", body=" ".join([sentence] * 50), published_at=SEED_PUBLISHED)
    prepared = pipeline.prepare(article)
    [parsed] = pipeline.parse([prepared])
    assert len(parsed) == 50
    assert len({id(doc) for _, doc in parsed}) == 1
    [call] = _calls(pipeline.extract(article))
    assert len(call.mentions) == 50
