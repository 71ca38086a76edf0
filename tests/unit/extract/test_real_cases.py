"""Real reporting, case by case: every trap named in the extraction issue, grouped by trap.

``tests/data/real_cases.jsonl`` holds paraphrases of real news reports with hand-coded
gold (see its ``source`` fields). Each item passes when every gold event is published with
its status, nothing else is published (optional events aside), and no ``not_events`` entry
(a state declining to boycott, a call for sanctions) is published. Items the extractor
still gets wrong are listed in ``tests/data/known_misses.txt`` with the reason; they are
strict xfails, so fixing one fails the suite until it is taken off the list.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from streams.extract import Pipeline
from streams.handling import publishable
from streams.records import DiplomaticEvent
from streams.settings import Settings
from tests.conftest import article_of, load_jsonl
from tests.quality import judge, score

DATA = Path(__file__).resolve().parents[2] / "data"
FILES = ("real_cases.jsonl", "real_cases_more.jsonl", "real_cases_3.jsonl")
CASES = [item for f in FILES if (DATA / f).exists() for item in load_jsonl(DATA / f)]


def _known() -> dict[str, str]:
    known = {}
    for line in (DATA / "known_misses.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            case_id, _, reason = line.partition(" ")
            known[case_id] = reason.strip()
    return known


KNOWN = _known()


def _param(item: dict[str, Any]) -> Any:
    marks = []
    if item["id"] in KNOWN:
        marks.append(pytest.mark.xfail(strict=True, reason=KNOWN[item["id"]]))
    return pytest.param(item, marks=marks, id=f"{item['trap']}:{item['id']}")


@pytest.fixture(scope="module")
def extracted(pipeline: Pipeline) -> dict[str, list[DiplomaticEvent]]:
    articles = [article_of(item) for item in CASES]
    return {
        a.id: events for a, events in zip(articles, pipeline.extract_batch(articles), strict=True)
    }


def test_every_known_miss_is_a_real_case() -> None:
    assert set(KNOWN) <= {item["id"] for item in CASES}


@pytest.mark.parametrize("item", [_param(i) for i in CASES])
def test_real_case(
    item: dict[str, Any], extracted: dict[str, list[DiplomaticEvent]], settings: Settings
) -> None:
    events = extracted[item["id"]]
    verdict = judge(item, events, publishable(events, settings))
    assert verdict.ok, f"{item['body'][:300]}\n{verdict}"


def test_precision_and_recall_over_all_cases(
    extracted: dict[str, list[DiplomaticEvent]], settings: Settings
) -> None:
    published = {k: publishable(v, settings) for k, v in extracted.items()}
    precision, recall = score(CASES, published)
    assert precision >= 0.90, precision
    assert recall >= 0.70, recall


def test_confidence_means_something(
    extracted: dict[str, list[DiplomaticEvent]], settings: Settings
) -> None:
    """Events with higher confidence are right more often (bands as in the README)."""
    from tests.quality import matches

    bands: dict[bool, list[bool]] = {True: [], False: []}
    for item in CASES:
        for e in publishable(extracted[item["id"]], settings):
            right = any(matches(e, g) for g in item["gold"])
            if right or not any(matches(e, o) for o in item.get("optional", [])):
                bands[e.confidence >= 0.9].append(right)
    high, low = bands[True], bands[False]
    assert sum(high) / len(high) > sum(low) / len(low) + 0.1


def test_evidence_offsets_point_into_the_body_or_title(
    extracted: dict[str, list[DiplomaticEvent]],
) -> None:
    items = {item["id"]: item for item in CASES}
    for article_id, events in extracted.items():
        for e in events:
            for m in e.mentions:
                text = items[article_id][m.part]
                assert text[m.start : m.end] == m.sentence
                assert text[m.trigger_start : m.trigger_end] == m.trigger
