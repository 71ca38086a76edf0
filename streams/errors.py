"""The exceptions of ``streams``, one tree, each mapped to the stage that raises it.

::

    StreamsError
    ├── DecodeError        x-error-stage: decode   (not UTF-8, not JSON, bad fields, ...)
    ├── ExtractionError    x-error-stage: extract  (the NLP pipeline failed on a valid article,
    │   │                                           or its process died on it)
    │   └── ExtractionTimeout                      (it ran over STREAMS_ARTICLE_TIMEOUT)
    ├── EncodeError        x-error-stage: encode   (an event could not be serialised, an
    │                                               output was too large or refused)
    ├── ConfigError        (also a ValueError: a bad setting; raised at start-up, never per message)
    ├── DeadLetterPolicyError  (handling.py: STREAMS_ON_ERROR=fail met a bad message; stops
    │                           the worker on purpose)
    ├── NlpUnavailable     (an NLP process cannot start, e.g. the model is missing: not the
    │                       article's fault, so it stops the worker instead of dead-lettering)
    ├── SendFailed         (the broker did not take an output after every fallback, or was
    │                       unreachable for longer than the producer's timeout: stops the
    │                       worker with the batch unacked, so it is delivered again)
    └── Wedged             (input waits but nothing reaches the agent: stops the worker so
                            that a restart resumes from the committed offsets)

Per-message errors are data: ``streams/handling.py`` turns them into ``DeadLetter`` records
on the dead-letter topic instead of letting them escape the agent. The last four are not
about one message, and stop the worker.
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


class ExtractionTimeout(ExtractionError):
    """The article ran over its time budget; its NLP process was killed and replaced."""


class EncodeError(StreamsError):
    """An extracted event could not be serialised or published."""

    stage = "encode"


class ConfigError(StreamsError, ValueError):
    """A setting is invalid; raised when the app starts."""


class NlpUnavailable(StreamsError):
    """An NLP process could not start (twice in a row): the worker cannot extract at all."""


class SendFailed(StreamsError):
    """An output could not be sent; the batch stays unacked and the worker stops."""


class Wedged(StreamsError):
    """Input waits, nothing is in flight, nothing moved for long: faust stopped delivering."""
