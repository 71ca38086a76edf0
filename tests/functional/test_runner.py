"""The NLP process pool: an article that kills its process is dead-lettered, alone."""

from __future__ import annotations

import os

from streams.handling import ExtractResult
from streams.records import Article
from streams.runner import NlpRunner
from streams.settings import Settings


def crash_on_bomb(articles: list[Article]) -> list[ExtractResult]:
    """Runs in the pool's child process: dies like a segfault on the article "bomb"."""
    if any(a.id == "bomb" for a in articles):
        os._exit(1)
    return [ExtractResult([]) for _ in articles]


async def test_a_child_that_dies_costs_only_its_article() -> None:
    runner = NlpRunner(Settings(executor="process"))
    runner.target = crash_on_bomb
    runner.start()
    try:
        batch = [Article("a", "x"), Article("bomb", "x"), Article("c", "x")]
        results = await runner.run(batch)
        assert [r.error is None for r in results] == [True, False, True]
        assert results[1].error is not None and "died" in results[1].error.reason
        assert (await runner.run([Article("d", "x")]))[0].error is None  # the pool lives on
    finally:
        runner.close()
