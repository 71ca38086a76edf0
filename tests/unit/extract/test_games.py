"""Which Games a phrase names, and whose they are."""

from __future__ import annotations

from datetime import date

import pytest

from streams.extract import games


@pytest.mark.parametrize(
    ("phrase", "when", "expected"),
    [
        ("the Winter Olympics", date(2021, 12, 8), (2022, ("CHN",))),  # the coming edition
        ("this summer's football World Cup", date(2018, 3, 19), (2018, ("RUS",))),
        ("the Commonwealth Games in Edinburgh", date(1986, 7, 10), (1986, ("GBR",))),
        ("the 1980 Moscow Olympics", None, (1980, ("RUS",))),  # the year in the text wins
        ("the 2026 World Cup", date(2020, 1, 1), (2026, ("USA", "CAN", "MEX"))),
    ],
)
def test_edition(phrase: str, when: date | None, expected: tuple[int, tuple[str, ...]]) -> None:
    assert games.edition(phrase, when) == expected


@pytest.mark.parametrize(
    ("phrase", "when"),
    [
        ("the G20 summit", date(2021, 12, 8)),  # not the Games
        ("the Winter Olympics", None),  # no year, no publication date: which edition?
        ("the 1983 Olympics", None),  # no such edition
        ("the Olympics", date(1950, 1, 1)),  # outside the table: guess nothing
    ],
)
def test_no_edition(phrase: str, when: date | None) -> None:
    assert games.edition(phrase, when) is None
    assert games.hosts(phrase, when) == ()
