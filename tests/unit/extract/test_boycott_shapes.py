"""Boycotts told without the word, and the look-alikes that are not boycotts.

Sentences are written for these rules' shapes (not taken from the case files), so they
check that a rule generalises past the reports it was built from.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from streams.extract import Pipeline
from streams.records import Article, DiplomaticEvent


def boycotts(pipeline: Pipeline, text: str, published: str) -> list[DiplomaticEvent]:
    when = datetime.fromisoformat(published).replace(tzinfo=UTC)
    events = pipeline.extract(Article(id="t", body=text, published_at=when))
    return [e for e in events if e.type == "boycott"]


def roles(event: DiplomaticEvent, role: str) -> set[str]:
    return {a.country for a in event.actors if a.role == role and a.country}


@pytest.mark.parametrize(
    ("text", "published", "boycotter", "boycotted", "status"),
    [
        (
            "Canada will send no government officials to the Beijing Winter Olympics.",
            "2021-12-08",
            {"CAN"},
            {"CHN"},
            "planned",
        ),
        (
            "Kenya withdrew its athletes from the Commonwealth Games in protest at the "
            "British government's sporting links with South Africa.",
            "1986-07-20",
            {"KEN"},
            {"GBR"},
            "occurred",
        ),
        (
            "Poland's president will not go to Moscow for the Victory Day parade, in "
            "solidarity with Ukraine, his office said.",
            "2015-04-30",
            {"POL"},
            {"RUS"},
            "planned",
        ),
        (
            "The Australian delegation walked out of the conference after the Chinese "
            "envoy said Canberra was acting as a U.S. puppet.",
            "2020-11-20",
            {"AUS"},
            {"CHN"},
            "occurred",
        ),
        (
            "Russia banned imports of Georgian wine and mineral water.",
            "2006-05-05",
            {"RUS"},
            {"GEO"},
            "occurred",
        ),
        (
            "Beijing told state traders to stop buying Australian coal, officials said.",
            "2020-10-13",
            {"CHN"},
            {"AUS"},
            "occurred",
        ),
    ],
)
def test_boycott_without_the_word(
    pipeline: Pipeline,
    text: str,
    published: str,
    boycotter: set[str],
    boycotted: set[str],
    status: str,
) -> None:
    found = boycotts(pipeline, text, published)
    assert len(found) == 1, found
    assert (roles(found[0], "boycotter"), roles(found[0], "boycotted")) == (boycotter, boycotted)
    assert found[0].status == status


@pytest.mark.parametrize(
    ("text", "published"),
    [
        ("Putin will not attend the G20 summit in Bali, citing his busy schedule.", "2022-11-05"),
        ("Germany withdrew its team from the tournament after a string of injuries.", "2023-09-05"),
        ("The president did not attend the summit because of a cold.", "2023-09-05"),
        ("Kenya banned imports of ivory last year.", "2023-09-05"),
        ("President Erdogan urged Turks not to buy French goods.", "2020-10-26"),
        ("The company stopped selling tours to Egypt.", "2023-09-05"),
        (
            "Chile will not send ministers to the Games because of travel restrictions, "
            "rather than as a diplomatic boycott.",
            "2021-12-08",
        ),
    ],
)
def test_not_a_state_boycott(pipeline: Pipeline, text: str, published: str) -> None:
    found = [e for e in boycotts(pipeline, text, published) if e.status != "negated"]
    assert found == []
