"""What extraction returns for one article, shared by the runner (which produces it) and
the send policy (which turns it into messages), so neither imports the other."""

from __future__ import annotations

from dataclasses import dataclass

from streams.errors import StreamsError
from streams.records import DiplomaticEvent, ErrorInfo


@dataclass(frozen=True, slots=True)
class ExtractResult:
    """The extractor's answer for one article: its events, or the error that stopped it."""

    events: list[DiplomaticEvent]
    error: ErrorInfo | None = None


def error_info(exc: BaseException) -> ErrorInfo:
    """An exception as data: its stage, class and message."""
    stage = exc.stage if isinstance(exc, StreamsError) else "extract"
    return ErrorInfo(stage=stage, error_class=type(exc).__name__, reason=str(exc) or repr(exc))
