"""One event per event: the same call told in three sentences becomes one record.

Two drafts of the same type merge when their parties are compatible (one set contains the
other) and their dates do not disagree. "The call" or "his conversation with Biden" only
ever joins an event already found; it never creates one.
"""

from __future__ import annotations

from streams.extract.candidate import with_role
from streams.extract.draft import Draft, viable

_BACKWARD_TYPES = {"boycott", "sanction"}
_DECIDED = {"treaty_extension", "agreement", "sanction"}


def merge(drafts: list[Draft]) -> list[Draft]:
    kept: list[Draft] = []
    for d in sorted(drafts, key=lambda d: d.mentions[0].trigger_start):
        if d.status in ("negated", "hypothetical") and not d.cand.merge_only:
            # an event that did not happen never merges into one that did, only into the
            # same non-event told twice ("will not travel to Istanbul, ... to meet him")
            twin = _unreal_twin(d, kept)
            if twin is not None:
                _absorb(twin, d)
            else:
                kept.append(d)
            continue
        target = _match(d, kept)
        if target is not None:
            _absorb(target, d)
        elif not d.cand.merge_only and viable(d):
            kept.append(d)
    _resolve_references(kept)
    kept = _drop_meetings_told_as_calls(_one_reading_per_trigger(kept))
    return [d for d in kept if viable(d)]


def _unreal_twin(d: Draft, kept: list[Draft]) -> Draft | None:
    """A kept event of the same type sharing a party: of the same status in the same
    sentence, or a headline's (whose tense is loose)."""
    for other in reversed(kept):
        if other.type != d.type or not other.parties() & d.parties():
            continue
        told_twice = other.status == d.status and other.cand.sent.index == d.cand.sent.index
        if told_twice or (other.headline_only and not d.headline_only):
            return other
    return None


def _one_reading_per_trigger(kept: list[Draft]) -> list[Draft]:
    """ "Iceland's leaders will not travel to Russia for the World Cup" is a boycott, not
    also a visit that did not happen: where a refusal is read as the act itself, the same
    trigger read plainly is dropped."""
    refusals = {(d.cand.sent.index, d.cand.trigger.i) for d in kept if d.cand.reading == "refusal"}
    return [
        d
        for d in kept
        if d.cand.reading == "refusal" or (d.cand.sent.index, d.cand.trigger.i) not in refusals
    ]


def _drop_meetings_told_as_calls(kept: list[Draft]) -> list[Draft]:
    """ "held a virtual summit, their most extensive talks": the talks are the call."""
    calls = [d for d in kept if d.type == "call"]

    def told_as_call(m: Draft) -> bool:
        return any(
            _sentences(m) & _sentences(c)
            and m.parties() <= c.parties()
            and m.status == c.status  # "in the call they agreed to meet": another event
            and not _dates_clash(m, c)  # "five days after their talks": another event
            for c in calls
        )

    return [d for d in kept if d.type != "meeting" or _face_to_face(d) or not told_as_call(d)]


def _sentences(d: Draft) -> set[tuple[str, int]]:
    """Every sentence that tells the draft (a headline's telling merged into the body's)."""
    return {(m.part, m.start) for m in d.mentions}


def _face_to_face(meeting: Draft) -> bool:
    """A visit, or "the in-person meeting ..., although the two men have spoken on the
    phone": never the call told again."""
    if meeting.cand.subtype in ("visit", "host"):
        return True
    trigger = meeting.cand.trigger
    words = {c.lower_ for c in trigger.children}
    words |= {t.lower_ for c in trigger.children if c.lower_ == "in" for t in c.children}
    return bool(words & {"in-person", "face-to-face", "person", "personally"})


def _match(d: Draft, kept: list[Draft]) -> Draft | None:
    mine = d.parties()
    for other in reversed(kept):
        # One sentence telling the same event twice ("will not send officials ..., a
        # diplomatic boycott") may read its status twice; across sentences they must agree.
        # ... and only a noun or gerund naming again what a verb told ("..., snubbing
        # the Games", "..., a diplomatic boycott"), not a second event of its own
        renamed = d.cand.trigger.pos_ == "NOUN" or d.cand.trigger.tag_ == "VBG"
        same_sentence = other.cand.sent.index == d.cand.sent.index and renamed
        # a headline's tense is loose ("Cuba pulls out of Olympics"): the body's decides
        headline = other.headline_only != d.headline_only
        if other.type != d.type or (
            other.status != d.status
            and not d.cand.merge_only
            and not same_sentence
            and not headline
            and not _restated_decision(other, d)
        ):
            continue
        theirs = other.parties()
        # a headline names one side loosely ("Palestinians shun Manama workshop")
        nested = mine <= theirs or theirs <= mine or (headline and bool(mine & theirs))
        if mine and theirs and not nested:
            continue
        if not mine and not d.cand.merge_only:
            continue
        if _dates_clash(d, other):
            continue
        return other
    return None


def _restated_decision(a: Draft, b: Draft) -> bool:
    """ "They agreed to extend the treaty ... the treaty would be prolonged": a decision
    retold in reported speech, not a second, future event."""
    statuses = {a.status, b.status}
    undated = all(d.date.source != "text" for d in (a, b) if d.status == "planned")
    return statuses == {"occurred", "planned"} and a.type in _DECIDED and undated


def _dates_clash(a: Draft, b: Draft) -> bool:
    if a.date.source != "text" or b.date.source != "text":
        return False
    va, vb = a.date.value or "", b.date.value or ""
    n = min(len(va), len(vb))
    return va[:n] != vb[:n]


def _absorb(into: Draft, d: Draft) -> None:
    if into.headline_only and not d.headline_only and not d.cand.merge_only:
        into.status = d.status  # the body tells it in full
        into.headline_only = False
    into.mentions.extend(d.mentions)
    for found, role in d.roles:
        with_role([found], role, into.roles)
    for key, value in d.details.items():
        if into.details.get(key) is None and value is not None:
            into.details[key] = value
    if into.date.source != "text" and d.date.source == "text":
        into.date = d.date
    into.strength = max(into.strength, d.strength)


def _resolve_references(kept: list[Draft]) -> None:
    """ "The diplomatic ban would be punished by China": the ban's boycotters are the
    threat's targets."""
    for i, d in enumerate(kept):
        if d.type != "threat" or not d.cand.refers_to:
            continue
        earlier = [k for k in kept[:i] if k.type in _BACKWARD_TYPES]
        if not earlier:
            continue
        agents = [f for f, role in earlier[-1].roles if role in ("boycotter", "source")]
        with_role(agents, "target", d.roles)
