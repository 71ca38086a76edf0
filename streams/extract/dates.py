"""When did it happen? Date expressions, resolved against the article's publication time.

An event takes the date expression attached nearest to it in the parse ("a video call on
Wednesday"); "eight days after <event>" counts back from the date of the clause it hangs
from. Without a date in the text an event that occurred is dated to the publication day,
and says so (``source = "published_at"``); a planned event without one has no date.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from spacy.tokens import Doc, Span, Token

from streams.extract.lexicon import NUMBER_WORDS, number
from streams.extract.syntax import SENTENCE, clause_tokens, heads
from streams.records import EventDate, Precision, Status

_WEEKDAYS = {d.lower(): i for i, d in enumerate(calendar.day_name)}
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
_MONTHS |= {m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
_MONTHS["sept"] = 9

_MONTH_RE = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"  # noqa: E501
_PATTERNS = [
    ("iso", r"\b(\d{4})-(\d{2})-(\d{2})\b"),
    ("dmy", rf"\b(\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+({_MONTH_RE})(?:,?\s+(\d{{4}}))?\b"),
    ("mdy", rf"\b({_MONTH_RE})\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\b"),
    ("my", rf"\b({_MONTH_RE})(?:'s|’s)?(?:\s+(\d{{4}}))?\b"),
    (
        "weekday",
        r"\b(?:(last|next|this|on)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b",
    ),
    ("relday", r"\b(today|tonight|yesterday|tomorrow)\b"),
    (
        "ago",
        rf"\b(\d+|a|an|{'|'.join(NUMBER_WORDS)})\s+(day|week|month|year)s?\s+ago\b",
    ),
    ("rel", r"\b(?:(?:earlier|later|late|early)\s+)?(last|next|this)\s+(week|month|year)\b"),
    ("year", r"\b(?:in|since|by|of)\s+((?:19|20)\d{2})\b"),
]
_RE = re.compile("|".join(f"(?P<{k}>{p})" for k, p in _PATTERNS), re.IGNORECASE)
_ANCHOR_PREPS = frozenset({"after", "before"})
_BOUNDS = frozenset({"until", "till", "through", "by", "to", "ahead", "before", "since", "from"})
# Parts of a period: "until the end of March" is bounded as "until March" is.
_PARTS = frozenset({"end", "start", "beginning", "middle", "close", "rest", "half"})
_UNITS = {"day": 1, "days": 1, "week": 7, "weeks": 7}


@dataclass(frozen=True, slots=True)
class DateMention:
    span: Span
    kind: str
    groups: tuple[str | None, ...]


def find_dates(doc: Doc) -> list[DateMention]:
    out = []
    for m in _RE.finditer(doc.text):
        kind = m.lastgroup or ""
        span = doc.char_span(m.start(), m.end(), alignment_mode="expand")
        if span is None or (kind == "my" and not _month_is_date(span)) or _bound(span):
            continue
        inner = _RE.match(m.group(0))
        groups = tuple(g for g in (inner.groups() if inner else ()) if g is not None)
        out.append(DateMention(span, kind, groups[1:]))
    return out


def _bound(span: Span) -> bool:
    """ "until Feb. 18", "by 2030", "through March": an end or a deadline, not when."""
    root = span.root
    while root.dep_ == "pobj" and root.head.lower_ == "of" and root.head.head.lemma_ in _PARTS:
        root = root.head.head
    return (root.dep_ == "pobj" and root.head.lower_ in _BOUNDS) or (
        span.start > 0 and span.doc[span.start - 1].lower_ in _BOUNDS
    )


def _month_is_date(span: Span) -> bool:
    """ "May" the month, not "may" the modal; "March" the month, not the verb."""
    word = span[0]
    return word.is_title and word.tag_ not in ("MD", "VB", "VBP") and word.ent_type_ in ("DATE", "")


def resolve(m: DateMention, pub: date | None, future: bool) -> tuple[str, Precision] | None:
    """A date expression → (ISO value, precision), or None if it cannot be pinned down."""
    g = [x.lower() for x in m.groups if x]
    handler = _RESOLVERS.get(m.kind)
    return handler(g, pub, future) if handler else None


def _iso(g: list[str], pub: date | None, future: bool) -> tuple[str, Precision] | None:
    try:
        return date(int(g[0]), int(g[1]), int(g[2])).isoformat(), "day"
    except ValueError:
        return None  # "2021-13-45" is not a date


def _day_month(
    day: str, month: str, year: str | None, pub: date | None, future: bool
) -> tuple[str, Precision] | None:
    mon = _MONTHS[month.rstrip(".")]
    y = int(year) if year else _year_for(mon, pub, future)
    if y is None:
        return None
    try:
        return date(y, mon, int(day)).isoformat(), "day"
    except ValueError:
        return None


def _dmy(g: list[str], pub: date | None, future: bool) -> tuple[str, Precision] | None:
    return _day_month(g[0], g[1], g[2] if len(g) > 2 else None, pub, future)


def _mdy(g: list[str], pub: date | None, future: bool) -> tuple[str, Precision] | None:
    return _day_month(g[1], g[0], g[2] if len(g) > 2 else None, pub, future)


def _my(g: list[str], pub: date | None, future: bool) -> tuple[str, Precision] | None:
    mon = _MONTHS[g[0].rstrip(".").replace("'s", "").replace("’s", "")]
    y = int(g[1]) if len(g) > 1 else _year_for(mon, pub, future)
    return (f"{y:04d}-{mon:02d}", "month") if y else None


def _year_for(month: int, pub: date | None, future: bool) -> int | None:
    if pub is None:
        return None
    if future:
        return pub.year if month >= pub.month else pub.year + 1
    return pub.year if month <= pub.month else pub.year - 1


def _weekday(g: list[str], pub: date | None, future: bool) -> tuple[str, Precision] | None:
    if pub is None:
        return None
    qualifier, day = (g[0], g[1]) if len(g) > 1 else ("", g[0])
    target = _WEEKDAYS[day]
    if qualifier == "next" or (future and qualifier != "last"):
        delta = (target - pub.weekday()) % 7 or (7 if qualifier == "next" else 0)
        return (pub + timedelta(days=delta)).isoformat(), "day"
    delta = (pub.weekday() - target) % 7 or (7 if qualifier == "last" else 0)
    return (pub - timedelta(days=delta)).isoformat(), "day"


def _relday(g: list[str], pub: date | None, future: bool) -> tuple[str, Precision] | None:
    if pub is None:
        return None
    shift = {"yesterday": -1, "tomorrow": 1}.get(g[0], 0)
    return (pub + timedelta(days=shift)).isoformat(), "day"


def _ago(g: list[str], pub: date | None, future: bool) -> tuple[str, Precision] | None:
    if pub is None:
        return None
    n = number(g[0], article=True) or 1
    unit = g[1]
    if unit in ("day", "week"):
        return (pub - timedelta(days=n * _UNITS[unit])).isoformat(), "day"
    if unit == "month":
        y, mth = divmod(pub.year * 12 + pub.month - 1 - n, 12)
        return f"{y:04d}-{mth + 1:02d}", "month"
    return f"{pub.year - n:04d}", "year"


def _rel(g: list[str], pub: date | None, future: bool) -> tuple[str, Precision] | None:
    if pub is None:
        return None
    which, unit = g[-2], g[-1]
    step = {"last": -1, "next": 1, "this": 0}[which]
    if unit == "year":
        return f"{pub.year + step:04d}", "year"
    if unit == "month":
        y, mth = divmod(pub.year * 12 + pub.month - 1 + step, 12)
        return f"{y:04d}-{mth + 1:02d}", "month"
    day = pub + timedelta(days=7 * step)
    return f"{day.year:04d}-{day.month:02d}", "month"


def _year(g: list[str], pub: date | None, future: bool) -> tuple[str, Precision] | None:
    return g[0], "year"


_RESOLVERS = {
    "iso": _iso, "dmy": _dmy, "mdy": _mdy, "my": _my, "weekday": _weekday, "relday": _relday,
    "ago": _ago, "rel": _rel, "year": _year,
}  # fmt: skip


def attachment(span: Span) -> Token:
    """Where a date hangs in the parse: through its prepositions to a verb or noun."""
    start = span.root.head
    chain = [start, *heads(start, through=("prep", "pobj", "npadvmod", "nummod"), limit=SENTENCE)]
    return next((t for t in chain if t.pos_ in ("VERB", "NOUN", "PROPN", "AUX")), chain[-1])


def _duration_days(tok: Token) -> int | None:
    """ "eight days" in "eight days after ..." → 8."""
    for child in tok.children:
        if child.dep_ == "npadvmod" and child.lemma_.lower() in ("day", "week"):
            num = next((c for c in child.children if c.dep_ == "nummod"), None)
            if num is None:
                return None
            word = num.lower_
            n = number(word, article=True)
            return None if n is None else n * _UNITS[child.lemma_.lower()]
    return None


def event_date(
    trigger: Token,
    dates: list[DateMention],
    pub: date | None,
    status: Status,
    headline: bool = False,
) -> EventDate:
    """The date of the event whose trigger is ``trigger``. Weekdays and months are looked
    for ahead of the publication day for a planned event, or one told in the present
    tense ("Biden meets Xi on Friday"), and behind it otherwise; a headline tells the
    past in the present ("Biden, Xi hold virtual summit")."""
    future = status == "planned" or (_present_simple(trigger) and not headline)
    own = _own_dates(trigger, dates)
    for d in own:
        if (found := resolve(d, pub, future)) is not None:
            return _shifted(found, 0, d.span.text)
    attached = {attachment(d.span).i: d for d in dates}
    shift = 0
    for tok in [trigger, *heads(trigger, limit=SENTENCE - 1)]:
        near = attached.get(tok.i)
        if near is not None and (found := resolve(near, pub, future)) is not None:
            return _shifted(found, shift, near.span.text)
        shift += _anchor_shift(tok)
    if pub is not None and status == "occurred" and not future:
        return EventDate(pub.isoformat(), None, "day", "published_at")
    return EventDate(None, None, None, "none")


def _present_simple(trigger: Token) -> bool:
    return trigger.tag_ in ("VBZ", "VBP") and not any(
        c.dep_ in ("aux", "auxpass") for c in trigger.children
    )


def _anchor_shift(tok: Token) -> int:
    """Days between an event and the one it is told relative to: "came eight days after
    Putin spoke" (a clause) or "five days after their talks" (a phrase) → -8, -5."""
    if tok.dep_ == "prep" and tok.lower_ in _ANCHOR_PREPS:
        word = tok.lower_
    else:
        mark = next((c for c in tok.children if c.dep_ == "mark"), None)
        if mark is None or mark.lower_ not in _ANCHOR_PREPS:
            return 0
        word = mark.lower_
    days = _duration_days(tok)
    if days is None:
        return 0
    return -days if word == "after" else days


def _own_dates(trigger: Token, dates: list[DateMention]) -> list[DateMention]:
    """Dates inside the trigger's own phrase ("meeting Xi at February's Olympics"), nearest
    first; clauses hanging from it belong to other events."""
    inside = clause_tokens(trigger, frozenset({"relcl", "advcl", "ccomp", "acl"}))
    own = [d for d in dates if d.span.root.i in inside and d.span.root.i != trigger.i]
    return sorted(own, key=lambda d: abs(d.span.root.i - trigger.i))


def _shifted(found: tuple[str, Precision], shift: int, text: str) -> EventDate:
    value, precision = found
    if shift and precision == "day":
        value = (date.fromisoformat(value) + timedelta(days=shift)).isoformat()
        text = f"{abs(shift)} days {'before' if shift < 0 else 'after'} {text}"
    return EventDate(value, text, precision, "text")
