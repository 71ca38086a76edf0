"""Status is one judgement (``modality.status_of``): tested here on candidates made by
hand, so the rules that find triggers play no part."""

from __future__ import annotations

import pytest
from spacy.tokens import Token

from streams.extract import modality
from streams.extract.candidate import Candidate, Reading, Sent
from streams.records import EventDate, EventType, Status
from tests.unit.extract.conftest import Contexts


def _candidate(sent: Sent, trigger: str, event_type: EventType, reading: Reading) -> Candidate:
    token: Token = next(t for t in sent.doc if t.text == trigger)
    return Candidate(event_type, token, sent, [], pattern="call.noun", reading=reading)


def _status(contexts: Contexts, text: str, trigger: str, event_type: EventType,
            reading: Reading = "event") -> Status:  # fmt: skip
    [sent] = contexts(text, "2021-12-15")
    return modality.status_of(_candidate(sent, trigger, event_type, reading))


@pytest.mark.parametrize(
    ("text", "trigger", "event_type", "status"),
    [
        ("Putin spoke to Biden by phone on Tuesday.", "spoke", "call", "occurred"),
        ("Biden will visit Beijing next month.", "visit", "meeting", "planned"),
        ("Putin is to visit Beijing in February.", "visit", "meeting", "planned"),
        ("Officials from four states are set to boycott the Games.", "boycott", "boycott",
         "planned"),
        ("They said they would visit Moscow in May.", "visit", "meeting", "planned"),
        ("The president would visit Moscow if he were invited.", "visit", "meeting",
         "hypothetical"),
        ("Macron declined to join the boycott of the Games.", "boycott", "boycott", "negated"),
        ("The EU failed to renew its sanctions against Zimbabwe.", "sanctions", "sanction",
         "negated"),
        ("Activists called for a boycott of the Games.", "boycott", "boycott", "hypothetical"),
        ("Trump called off the summit with Kim.", "summit", "meeting", "negated"),
        ("The two leaders had been expected to meet in Geneva.", "meet", "meeting", "negated"),
        ("Russia could extend the treaty if Washington agrees.", "extend", "treaty_extension",
         "hypothetical"),
        ("The presidents held talks during a video call on Wednesday.", "call", "call",
         "occurred"),
        ("Xi did not speak to Biden.", "speak", "call", "negated"),
        ("Moscow and Beijing agreed to extend the treaty for five years.", "extend",
         "treaty_extension", "occurred"),
        ("Scholz urged him to withdraw troops and to open negotiations with Kyiv.",
         "negotiations", "meeting", "hypothetical"),
    ],
)  # fmt: skip
def test_event_reading(
    contexts: Contexts, text: str, trigger: str, event_type: EventType, status: Status
) -> None:
    assert _status(contexts, text, trigger, event_type) == status


@pytest.mark.parametrize(
    ("text", "trigger", "status"),
    [
        ("China threatened to retaliate if the boycott went ahead.", "threatened", "occurred"),
        ("Beijing would be punished, Wang warned.", "warned", "occurred"),
        ("The Kremlin denied threatening Ukraine.", "threatening", "negated"),
    ],
)
def test_a_threat_is_made_when_it_is_told(
    contexts: Contexts, text: str, trigger: str, status: Status
) -> None:
    assert _status(contexts, text, trigger, "threat", "speech") == status


@pytest.mark.parametrize(
    ("text", "status"),
    [
        ("Japan will not send ministers to the Games in Beijing.", "planned"),
        ("Japan did not send ministers to the Games in Beijing.", "occurred"),
        ("Japan might not send ministers to the Games in Beijing.", "hypothetical"),
        ("Japan did not send ministers to the Games, rather than a diplomatic boycott.",
         "negated"),
    ],
)  # fmt: skip
def test_a_refusal_is_the_act(contexts: Contexts, text: str, status: Status) -> None:
    assert _status(contexts, text, "send", "boycott", "refusal") == status


@pytest.mark.parametrize(
    ("text", "trigger", "event_type"),
    [
        ("The UAE has lifted its boycott of trade with Namibia.", "boycott", "boycott"),
        ("Riyadh and its allies agreed to end their boycott of Doha.", "boycott", "boycott"),
        ("The Security Council lifted sanctions imposed on Eritrea.", "sanctions", "sanction"),
    ],
)
def test_a_lasting_measure_ended_is_no_event_of_its_type(
    contexts: Contexts, text: str, trigger: str, event_type: EventType
) -> None:
    [sent] = contexts(text, "2021-12-15")
    assert modality.status_of(_candidate(sent, trigger, event_type, "event")) is None


def test_talks_that_ended_took_place(contexts: Contexts) -> None:
    assert _status(contexts, "The two sides ended their talks on Friday.", "talks", "meeting") == (
        "occurred"
    )


def test_an_event_still_to_come_is_planned(contexts: Contexts) -> None:
    [sent] = contexts("Japan did not send ministers to the Games.", "2021-12-15")
    cand = _candidate(sent, "send", "boycott", "refusal")
    cand.ahead = True
    assert modality.status_of(cand) == "planned"


def test_settle_moves_an_occurred_event_dated_after_publication_into_the_plan() -> None:
    from datetime import date

    friday = EventDate("2021-12-17", "on Friday", "day", "text")
    pub = date(2021, 12, 15)
    assert modality.settle("occurred", friday, pub, "event") == "planned"
    assert modality.settle("occurred", friday, pub, "speech") == "occurred"
    assert modality.settle("negated", friday, pub, "event") == "negated"
    undated = EventDate(None, None, None, "none")
    assert modality.settle("occurred", undated, pub, "event") == "occurred"
