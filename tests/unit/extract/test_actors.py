"""From a noun phrase to the actors it names (``actors.SentenceActors``)."""

from __future__ import annotations

import pytest

from streams.extract.actors import Found
from streams.extract.candidate import Sent
from tests.unit.extract.conftest import Contexts


def _actors(sent: Sent, head: str) -> list[Found]:
    token = next(t for t in sent.doc if t.text == head)
    return sent.actors.of(token)


def _countries(found: list[Found]) -> set[str | None]:
    return {f.country for f in found}


@pytest.mark.parametrize(
    ("text", "head", "countries"),
    [
        ("The Russian and Chinese presidents spoke on Wednesday.", "presidents", {"RUS", "CHN"}),
        ("Officials from the UK, US, Australia and Canada will stay away.", "Officials",
         {"GBR", "USA", "AUS", "CAN"}),
        ("The Kremlin said the talks went well.", "Kremlin", {"RUS"}),
        ("Russia, China and Iran held drills.", "Russia", {"RUS", "CHN", "IRN"}),
        ("Beijing protested on Monday.", "Beijing", {"CHN"}),
    ],
)  # fmt: skip
def test_states_named_by_a_phrase(
    contexts: Contexts, text: str, head: str, countries: set[str]
) -> None:
    [sent] = contexts(text, "2021-12-15")
    assert _countries(_actors(sent, head)) == countries


def test_consumers_are_people_not_the_state(contexts: Contexts) -> None:
    [sent] = contexts("Chinese consumers shunned the brand.", "2021-12-15")
    [found] = _actors(sent, "consumers")
    assert found.country == "CHN"
    assert found.kind == "group" and not found.governmental


def test_a_city_places_an_event_but_does_not_act(contexts: Contexts) -> None:
    [sent] = contexts("The talks were held in Geneva.", "2021-12-15")
    token = next(t for t in sent.doc if t.text == "Geneva")
    assert sent.actors.of(token) == []
    assert _countries(sent.actors.of(token, places=True)) == {"CHE"}


@pytest.mark.parametrize(
    ("surname", "published", "country"),
    [("Johnson", "2021-12-15", "GBR"), ("Reagan", "1987-03-01", "USA"),
     ("Nakasone", "1987-03-01", "JPN")],
)  # fmt: skip
def test_a_surname_names_the_leader_in_office_on_the_day(
    contexts: Contexts, surname: str, published: str, country: str
) -> None:
    [sent] = contexts(f"{surname} spoke to reporters.", published)
    [found] = _actors(sent, surname)
    assert found.kind == "person" and found.country == country


def test_a_state_is_the_one_that_existed_then(contexts: Contexts) -> None:
    """The Soviet Union by name, coded as its continuing state, Russia."""
    [sent] = contexts("Moscow protested.", "1980-01-10")
    [found] = _actors(sent, "Moscow")
    assert (found.name, found.country) == ("Soviet Union", "RUS")


def test_pronouns_and_surnames_resolve_through_the_article(contexts: Contexts) -> None:
    sents = contexts(
        "Russian President Vladimir Putin met the press. He said Putin would not back down.",
        "2021-12-15",
    )
    [he] = _actors(sents[1], "He")
    assert (he.name, he.country) == ("Vladimir Putin", "RUS")


def test_the_two_leaders_are_the_last_two_named(contexts: Contexts) -> None:
    sents = contexts(
        "Joe Biden and Xi Jinping spoke for two hours. The two leaders agreed to talk again.",
        "2021-11-16",
    )
    assert _countries(_actors(sents[1], "leaders")) == {"USA", "CHN"}
