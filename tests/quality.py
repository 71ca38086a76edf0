"""Matching extracted events to hand-coded gold, as ``../shared/eval/score.py`` does.

A prediction matches a gold event of the same type when they share at least
min(2, len(gold countries)) countries (any countries if the gold lists none).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from streams.records import DiplomaticEvent


def countries(event: DiplomaticEvent) -> set[str]:
    return {a.country for a in event.actors if a.country}


def matches(event: DiplomaticEvent, gold: dict[str, Any]) -> bool:
    if event.type != gold["type"]:
        return False
    want = set(gold.get("countries") or [])
    return not want or len(countries(event) & want) >= min(2, len(want))


@dataclass
class Verdict:
    """What is wrong with one item's extraction, in words a failing test can print."""

    missed: list[str] = field(default_factory=list)
    wrong_status: list[str] = field(default_factory=list)
    false_positives: list[str] = field(default_factory=list)
    published_non_events: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (
            self.missed or self.wrong_status or self.false_positives or self.published_non_events
        )


def told_as_not_happening(event: DiplomaticEvent, item: dict[str, Any]) -> bool:
    """The event is one of the item's ``not_events`` (a state declining to boycott, a call
    for sanctions) and carries that event's own status: right to publish it so."""
    return any(
        matches(event, ne) and event.status == ne["status"] for ne in item.get("not_events", [])
    )


def judge(
    item: dict[str, Any], events: list[DiplomaticEvent], published: Iterable[DiplomaticEvent]
) -> Verdict:
    """``events``: everything extracted; ``published``: what the default policy emits."""
    published = list(published)
    v = Verdict()
    for g in item["gold"]:
        hits = [e for e in published if matches(e, g)]
        if not hits:
            v.missed.append(f"{g['type']} {g['countries']}")
        elif "status" in g and all(e.status != g["status"] for e in hits):
            v.wrong_status.append(f"{g['type']} {g['countries']}: {[e.status for e in hits]}")
    allowed = item["gold"] + item.get("optional", [])
    for e in published:
        if not any(matches(e, g) for g in allowed) and not told_as_not_happening(e, item):
            v.false_positives.append(
                f"{e.type}/{e.status} {sorted(countries(e))} " f"trigger={e.evidence.trigger!r}"
            )
    for ne in item.get("not_events", []):
        wrong = [
            e
            for e in published
            if matches(e, ne)
            and e.status != ne["status"]
            and not any(matches(e, g) for g in allowed)
        ]
        if wrong:
            told = sorted({e.status for e in wrong})
            v.published_non_events.append(
                f"{ne['type']} {ne['countries']} ({ne['status']}): {told}"
            )
    return v


def score(
    items: list[dict[str, Any]], published: dict[str, list[DiplomaticEvent]]
) -> tuple[float, float]:
    """Micro precision and recall over items, counting as score.py does."""
    found = gold = right = predicted = 0
    for item in items:
        preds = published.get(item["id"], [])
        allowed = item["gold"] + item.get("optional", [])
        gold += len(item["gold"])
        found += sum(any(matches(e, g) for e in preds) for g in item["gold"])
        for e in preds:
            if any(matches(e, g) for g in item["gold"]):
                predicted += 1
                right += 1
            elif not any(matches(e, g) for g in allowed) and not told_as_not_happening(e, item):
                predicted += 1
    return (right / predicted if predicted else 1.0), (found / gold if gold else 1.0)
