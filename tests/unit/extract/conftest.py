"""Fixtures for the extractor's unit tests: sentences parsed by the real pipeline."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import pytest

from streams.extract import ExtractOptions, Pipeline
from streams.extract.candidate import Sent
from streams.records import Article

Contexts = Callable[..., list[Sent]]


@pytest.fixture(scope="session")
def every_sentence(pipeline: Pipeline) -> Pipeline:
    """The same pipeline without the first pass, so a test sees every sentence it wrote."""
    return Pipeline(pipeline.nlp, ExtractOptions(first_pass=False))


@pytest.fixture(scope="session")
def contexts(every_sentence: Pipeline) -> Contexts:
    """``contexts(body, published="2021-12-15")``: the article's sentences as rules see them."""

    def make(body: str, published: str | None = None) -> list[Sent]:
        when = datetime.fromisoformat(published).replace(tzinfo=UTC) if published else None
        prepared = every_sentence.prepare(Article(id="t", body=body, published_at=when))
        [parsed] = every_sentence.parse([prepared])
        return every_sentence.contexts(prepared, parsed)

    return make
