"""streams: a Kafka stream worker that extracts diplomatic events from news articles.

The public surface: the records (``streams.records``), the settings, and the extractor
(``extract`` for one article, ``Pipeline`` for batches). The extractor is imported on
first use, so the worker's main process, which never parses, does not load spaCy.
"""

from __future__ import annotations

from typing import Any

from streams.records import (
    Actor,
    Article,
    DeadLetter,
    DiplomaticEvent,
    EventDate,
    Evidence,
    Receipt,
)
from streams.settings import Settings
from streams.version import __version__

__all__ = [
    "Actor",
    "Article",
    "DeadLetter",
    "DiplomaticEvent",
    "EventDate",
    "Evidence",
    "Pipeline",
    "Receipt",
    "Settings",
    "__version__",
    "extract",
]


def __getattr__(name: str) -> Any:
    if name in ("Pipeline", "extract"):
        import streams.extract

        return getattr(streams.extract, name)
    raise AttributeError(f"module 'streams' has no attribute {name!r}")
