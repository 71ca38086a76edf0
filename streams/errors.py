"""The exceptions of ``streams``, one tree, each mapped to the stage that raises it.

::

    StreamsError
    ├── DecodeError        x-error-stage: decode   (not UTF-8, not JSON, bad fields, ...)
    ├── ExtractionError    x-error-stage: extract  (the NLP pipeline failed on a valid article)
    ├── EncodeError        x-error-stage: encode   (an event could not be serialised)
    ├── ConfigError        (also a ValueError: a bad setting; raised at start-up, never per message)
    └── DeadLetterPolicyError  (handling.py: STREAMS_ON_ERROR=fail met a bad message; stops
                                the worker on purpose)

Per-message errors are data: ``streams/handling.py`` turns them into ``DeadLetter`` records
on the dead-letter topic instead of letting them escape the agent.
"""

from __future__ import annotations

from typing import ClassVar, Literal

Stage = Literal["decode", "extract", "encode"]


class StreamsError(Exception):
    """Base class of every error raised by ``streams``."""

    stage: ClassVar[Stage] = "extract"


class DecodeError(StreamsError):
    """The message is not a valid article (see ``schemas/article.schema.json``).
    ``article_id`` is set when the id itself was readable, so the dead letter joins up."""

    stage = "decode"

    def __init__(self, reason: str, article_id: str | None = None) -> None:
        super().__init__(reason)
        self.article_id = article_id


class ExtractionError(StreamsError):
    """Extraction failed on an article that decoded fine: a bug, reported as data."""

    stage = "extract"


class EncodeError(StreamsError):
    """An extracted event could not be serialised or published."""

    stage = "encode"


class ConfigError(StreamsError, ValueError):
    """A setting is invalid; raised when the app starts."""
