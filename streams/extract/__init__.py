"""Extraction: article in, typed diplomatic events out. Knows nothing about Kafka.

``extract(article)`` is the function; ``Pipeline.extract_batch`` is the same thing for a
batch (one ``nlp.pipe`` pass over all the articles' sentences), which the worker and the
offline mode call.
"""

from __future__ import annotations

from functools import lru_cache

from streams.extract.pipeline import Pipeline
from streams.records import Article, DiplomaticEvent
from streams.settings import Settings, get_settings

__all__ = ["Pipeline", "extract"]


@lru_cache(maxsize=4)
def _pipeline(settings: Settings) -> Pipeline:
    return Pipeline.load(settings)


def extract(article: Article, settings: Settings | None = None) -> list[DiplomaticEvent]:
    """Every event the article tells, of every status (the publishing policy is applied by
    the worker and the offline mode, ``streams.handling.publishable``)."""
    return _pipeline(settings or get_settings()).extract(article)
