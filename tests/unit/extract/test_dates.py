"""Event dates resolved against the publication time, with precision and source."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from streams.extract import Pipeline
from streams.records import Article, DiplomaticEvent


def events(pipeline: Pipeline, body: str, published: str) -> list[DiplomaticEvent]:
    when = datetime.fromisoformat(published).replace(tzinfo=UTC)
    return pipeline.extract(Article(id="d", body=body, published_at=when))


@pytest.mark.parametrize(
    ("body", "published", "value", "precision", "source"),
    [
        # a weekday in the past tense: the last one on or before publication
        (
            "Xi Jinping and Vladimir Putin held a video call on Wednesday.",
            "2021-12-15",
            "2021-12-15",
            "day",
            "text",
        ),
        (
            "Joe Biden telephoned Vladimir Putin on Tuesday.",
            "2021-12-09",
            "2021-12-07",
            "day",
            "text",
        ),
        # a month: behind for what happened, ahead for what is planned
        (
            "Putin said he would visit Beijing in February.",
            "2021-12-15",
            "2022-02",
            "month",
            "text",
        ),
        ("Erdogan spoke by phone with Putin last month.", "2022-11-17", "2022-10", "month", "text"),
        # a historical mention keeps its year
        ("In 1999 Russia and China signed a border treaty.", "2021-06-28", "1999", "year", "text"),
        # no date in the text: the publication day, and it says so
        (
            "Emmanuel Macron telephoned Olaf Scholz.",
            "2022-03-01",
            "2022-03-01",
            "day",
            "published_at",
        ),
        # "until" gives the end of an extension, not when it was agreed
        (
            "Israel and Lebanon extended their ceasefire until Feb. 18.",
            "2025-01-27",
            "2025-01-27",
            "day",
            "published_at",
        ),
        # and so does "until the end of" a period
        (
            "Armenia and Azerbaijan prolonged the truce until the end of June.",
            "2024-05-06",
            "2024-05-06",
            "day",
            "published_at",
        ),
        # the present tense of a schedule looks ahead, and so the event is planned
        (
            "Joe Biden meets Xi Jinping on Friday in San Francisco.",
            "2023-11-14",
            "2023-11-17",
            "day",
            "text",
        ),
    ],
)
def test_event_dates(
    pipeline: Pipeline, body: str, published: str, value: str, precision: str, source: str
) -> None:
    found = events(pipeline, body, published + "T12:00:00")
    assert found, body
    date = found[0].date
    assert (date.value, date.precision, date.source) == (value, precision, source), body


def test_eight_days_after_counts_back_from_the_other_event(pipeline: Pipeline) -> None:
    body = (
        "The Russian and Chinese presidents held a video call on Wednesday which came "
        "eight days after Putin spoke to Biden in another video call."
    )
    dates = {
        frozenset(a.country for a in e.actors): e.date.value
        for e in events(pipeline, body, "2021-12-15T18:00:00")
    }
    assert dates[frozenset({"RUS", "CHN"})] == "2021-12-15"
    assert dates[frozenset({"RUS", "USA"})] == "2021-12-07"


def test_a_planned_event_without_a_date_has_none(pipeline: Pipeline) -> None:
    [e] = events(pipeline, "Antony Blinken will visit China.", "2023-06-01T12:00:00")
    assert e.status == "planned"
    assert (e.date.value, e.date.source) == (None, "none")
