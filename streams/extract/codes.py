"""CAMEO 1.1b3 and PLOVER codes for an event, following ``reference/event-coding.md``.

CAMEO codes modality in the code itself: a future meeting is 036 (intent to meet), a
future or conditional coercive act is a threat (13x). We keep our ``status`` as well, so a
consumer can join on either.
"""

from __future__ import annotations

from streams.records import EventType, Plover, Status

_MEETING = {
    "visit": ("042", "visit"),
    "host": ("043", "visit"),
    "mediate": ("045", "third-party"),
    "negotiate": ("046", None),
}
_THREAT = {
    "military": ("138", "violence"),
    "economic": ("1312", "restrict"),
    "relations": ("1313", "relations"),
    "negotiations": ("134", None),
    "mediation": ("135", None),
    "involvement": ("136", None),
    "administrative": ("132", "restrict"),
    "ultimatum": ("139", None),
    "general": ("130", None),
}
_BOYCOTT = {
    "diplomatic": ("161", "withdraw"),
    "economic": ("163", "restrict"),
    "sporting": ("163", "restrict"),
}


def codes(
    event_type: EventType, status: Status, subtype: str | None, details: dict[str, str | None]
) -> tuple[str, Plover]:
    future = status in ("planned", "hypothetical")
    if event_type == "call":
        return "041", Plover("CONSULT", "phone")
    if event_type == "meeting":
        if future:
            return "036", Plover("AGREE", None)
        if status == "negated":
            return "125", Plover("REJECT", None)
        cameo, mode = _MEETING.get(subtype or "", ("040", None))
        return cameo, Plover("CONSULT", mode)
    if event_type == "boycott":
        cameo, mode = _BOYCOTT.get(details.get("kind") or "", ("163", "restrict"))
        if future:
            return ("1313" if cameo == "161" else "1312"), Plover("THREATEN", mode)
        return cameo, Plover("SANCTION", mode)
    if event_type == "sanction":
        return (
            ("1312", Plover("THREATEN", "restrict"))
            if future
            else ("163", Plover("SANCTION", "restrict"))
        )
    if event_type in ("agreement", "treaty_extension"):
        return ("030", Plover("AGREE", None)) if future else ("057", Plover("SUPPORT", None))
    cameo, mode = _THREAT.get(subtype or "general", ("130", None))
    return cameo, Plover("THREATEN", mode)
