"""Runs the spaCy work off the asyncio event loop.

spaCy holds the GIL for most of a parse, so a thread would still stall faust's loop
(heartbeats, commits, rebalances); the default is a process pool whose children each load
the pipeline once, in the pool initializer. ``inline`` runs on the caller's thread and is
meant for tests and the offline CLI.
"""

from __future__ import annotations

import asyncio
import logging
import multiprocessing
from collections.abc import Callable, Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from streams.errors import ExtractionError
from streams.records import Article
from streams.results import ExtractResult, error_info
from streams.settings import Settings

log = logging.getLogger(__name__)

# The pipeline of this process (a pool child, or the main process for thread/inline).
_PIPELINE: Any = None


def _load(settings: Settings) -> None:
    global _PIPELINE
    if _PIPELINE is None:
        from streams.extract import Pipeline

        _PIPELINE = Pipeline.load(settings)


def run_batch(articles: Sequence[Article]) -> list[ExtractResult]:
    """Extract a batch with this process's pipeline (what the pool's children run)."""
    return extract_isolated(_PIPELINE, articles)


def extract_isolated(pipeline: Any, articles: Sequence[Article]) -> list[ExtractResult]:
    """Extract a batch; if the batch fails, retry one by one so one bad article is isolated
    and becomes an error (a dead letter), not a lost batch."""
    try:
        return [ExtractResult(events) for events in pipeline.extract_batch(articles)]
    except Exception:
        log.exception("batch of %d failed; retrying article by article", len(articles))
    results = []
    for article in articles:
        try:
            results.append(ExtractResult(pipeline.extract_batch([article])[0]))
        except Exception as exc:
            error = ExtractionError(f"{type(exc).__name__}: {exc}")
            results.append(ExtractResult([], error_info(error)))
    return results


class NlpRunner:
    """Extraction batches on an executor chosen by ``STREAMS_EXECUTOR``."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._executor: Executor | None = None
        # Agent instances share this runner: when a child dies, both see the pool break;
        # only the first restarts it (generation tells them apart).
        self._restart = asyncio.Lock()
        self._generation = 0
        self.target: Callable[[list[Article]], list[ExtractResult]] = run_batch  # in the child

    def start(self) -> None:
        kind = self.settings.executor
        if kind == "process":
            self._executor = ProcessPoolExecutor(
                max_workers=self.settings.nlp_processes,
                # spawn, not fork: the worker has threads (aiokafka's consumer) and a
                # forked child could inherit a lock some thread held at fork time
                mp_context=multiprocessing.get_context("spawn"),
                initializer=_load,
                initargs=(self.settings,),
            )
        else:
            _load(self.settings)
            if kind == "thread":
                self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nlp")

    async def warm_up(self) -> None:
        """Load the model in every child now rather than on the first article."""
        await asyncio.gather(*(self.run([]) for _ in range(self.settings.nlp_processes)))

    async def run(self, articles: Sequence[Article]) -> list[ExtractResult]:
        if self._executor is None:
            return self.target(list(articles))
        generation = self._generation
        try:
            return await self._submit(list(articles))
        except BrokenProcessPool:
            # A child died (OOM, segfault): restart the pool and retry one by one, so the
            # article that kills it ends up dead-lettered rather than killing the worker.
            log.error("NLP process pool broke on a batch of %d; retrying singly", len(articles))
            await self._restart_pool(generation)
        results = []
        for article in articles:
            generation = self._generation
            try:
                [result] = await self._submit([article])
            except BrokenProcessPool as exc:
                error = ExtractionError(f"the NLP process died on this article: {exc}")
                result = ExtractResult([], error_info(error))
                await self._restart_pool(generation)
            results.append(result)
        return results

    async def _submit(self, articles: list[Article]) -> list[ExtractResult]:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._executor, self.target, articles)

    async def _restart_pool(self, broken_generation: int) -> None:
        async with self._restart:
            if self._generation != broken_generation:
                return  # another agent instance restarted it already
            self.close(cancel=False)
            self.start()
            self._generation += 1

    def close(self, cancel: bool = True) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=cancel, cancel_futures=cancel)
            self._executor = None
