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
from collections.abc import Sequence
from concurrent.futures import Executor, ProcessPoolExecutor, ThreadPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import Any

from streams.errors import ExtractionError
from streams.handling import ExtractResult, error_info
from streams.records import Article
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
    """Extract a batch; if the batch fails, retry one by one so one bad article is isolated."""
    try:
        return [ExtractResult(events) for events in _PIPELINE.extract_batch(articles)]
    except Exception:
        log.exception("batch of %d failed; retrying article by article", len(articles))
    results = []
    for article in articles:
        try:
            results.append(ExtractResult(_PIPELINE.extract_batch([article])[0]))
        except Exception as exc:
            results.append(ExtractResult([], error_info(exc)))
    return results


class NlpRunner:
    """Extraction batches on an executor chosen by ``STREAMS_EXECUTOR``."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._executor: Executor | None = None

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
        await self.run([])

    async def run(self, articles: Sequence[Article]) -> list[ExtractResult]:
        if self._executor is None:
            return run_batch(articles)
        loop = asyncio.get_running_loop()
        try:
            return await loop.run_in_executor(self._executor, run_batch, list(articles))
        except BrokenProcessPool:
            # A child died (OOM, segfault): restart the pool and retry one by one, so the
            # article that kills it ends up dead-lettered rather than killing the worker.
            log.error("NLP process pool broke on a batch of %d; retrying singly", len(articles))
            results = []
            broken = True
            for article in articles:
                if broken:
                    self.close()
                    self.start()
                try:
                    [result] = await loop.run_in_executor(self._executor, run_batch, [article])
                    broken = False
                except BrokenProcessPool as exc:
                    error = ExtractionError(f"the NLP process died on this article: {exc}")
                    result, broken = ExtractResult([], error_info(error)), True
                results.append(result)
            return results

    def close(self) -> None:
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None
