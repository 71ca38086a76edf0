"""The seed article: the six events a reader finds, and none of its traps."""

from __future__ import annotations

import pytest

from streams.extract import Pipeline
from streams.handling import publishable
from streams.records import Article, DiplomaticEvent
from streams.settings import Settings


@pytest.fixture(scope="module")
def seed_events(pipeline: Pipeline) -> list[DiplomaticEvent]:
    from tests.conftest import SEED, SEED_PUBLISHED

    article = Article(id="seed", body=SEED.read_text(), published_at=SEED_PUBLISHED)
    return pipeline.extract(article)


def one(events: list[DiplomaticEvent], kind: str, countries: set[str]) -> DiplomaticEvent:
    found = [
        e
        for e in events
        if e.type == kind and countries <= {a.country for a in e.actors if a.country}
    ]
    assert len(found) == 1, (kind, countries, found)
    return found[0]


def test_the_xi_putin_video_call(seed_events: list[DiplomaticEvent]) -> None:
    call = one(seed_events, "call", {"CHN", "RUS"})
    assert (call.status, call.date.value, call.details["medium"]) == (
        "occurred",
        "2021-12-15",
        "video",
    )
    assert len(call.mentions) >= 3  # told in three sentences, one event


def test_the_putin_biden_call_eight_days_earlier(seed_events: list[DiplomaticEvent]) -> None:
    call = one(seed_events, "call", {"RUS", "USA"})
    assert (call.status, call.date.value, call.details["medium"]) == (
        "occurred",
        "2021-12-07",
        "video",
    )


def test_the_diplomatic_boycott(seed_events: list[DiplomaticEvent]) -> None:
    boycott = one(seed_events, "boycott", {"CHN"})
    roles = {(a.country, a.role) for a in boycott.actors}
    assert roles >= {
        ("AUS", "boycotter"),
        ("CAN", "boycotter"),
        ("GBR", "boycotter"),
        ("USA", "boycotter"),
        ("CHN", "boycotted"),
    }
    assert boycott.status == "planned" and boycott.details["kind"] == "diplomatic"


def test_the_treaty_extension(seed_events: list[DiplomaticEvent]) -> None:
    ext = one(seed_events, "treaty_extension", {"CHN", "RUS"})
    assert ext.status == "occurred"
    assert ext.details == {
        "treaty": "Treaty of Good Neighbourliness and Friendly Cooperation",
        "duration": "P5Y",
    }


def test_the_threat_and_the_planned_meeting(seed_events: list[DiplomaticEvent]) -> None:
    threat = one(seed_events, "threat", {"CHN", "USA", "GBR"})
    assert threat.status == "occurred"
    meeting = one(seed_events, "meeting", {"CHN", "RUS"})
    assert (meeting.status, meeting.date.value) == ("planned", "2022-02")


def test_no_event_from_the_traps(seed_events: list[DiplomaticEvent]) -> None:
    published = publishable(seed_events, Settings())
    countries = {a.country for e in published for a in e.actors}
    assert "FRA" not in countries  # Macron declining symbolic boycotts
    assert not [e for e in published if e.type == "boycott" and len(e.actors) < 3]
    assert not any(
        "REVEALED" in m.sentence or "Markle" in m.sentence for e in seed_events for m in e.mentions
    )  # link-bait lines
    assert not [e for e in published if {a.country for a in e.actors} == {"USA", "CAN"}]
