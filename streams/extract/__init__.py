"""Extraction: article in, typed diplomatic events out. Knows nothing about Kafka.

``extract(article)`` is the function; ``Pipeline.extract_batch`` is the same thing for a
batch (one ``nlp.pipe`` pass over all the articles' sentences), which the worker and the
offline mode call.
"""

from __future__ import annotations

from functools import lru_cache

from streams.extract.options import ExtractOptions
from streams.extract.pipeline import Pipeline
from streams.records import Article, DiplomaticEvent

__all__ = ["ExtractOptions", "Pipeline", "extract"]


@lru_cache(maxsize=4)
def _pipeline(options: ExtractOptions) -> Pipeline:
    return Pipeline.load(options)


def extract(article: Article, options: ExtractOptions | None = None) -> list[DiplomaticEvent]:
    """Every event the article tells, of every status (the publishing policy is applied by
    the worker and the offline mode, ``streams.handling.publishable``)."""
    if options is None:
        from streams.settings import get_settings

        options = get_settings().extract_options()
    return _pipeline(options).extract(article)
