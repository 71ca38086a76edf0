"""What extraction returns for one article, shared by the runner (which produces it) and
the send policy (which turns it into messages), so neither imports the other."""

from __future__ import annotations

from dataclasses import dataclass

from streams.errors import StreamsError
from streams.records import DiplomaticEvent, ErrorInfo

# An exception's message can quote its input at any length; a reason is for a person.
REASON_MAX_CHARS = 2000


@dataclass(frozen=True, slots=True)
class ExtractResult:
    """The extractor's answer for one article: its events, or the error that stopped it."""

    events: list[DiplomaticEvent]
    error: ErrorInfo | None = None


def error_info(exc: BaseException) -> ErrorInfo:
    """An exception as data: its stage, class and message."""
    stage = exc.stage if isinstance(exc, StreamsError) else "extract"
    reason = (str(exc) or repr(exc))[:REASON_MAX_CHARS]
    return ErrorInfo(stage=stage, error_class=type(exc).__name__, reason=reason)
