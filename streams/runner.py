"""Runs the spaCy work off the asyncio event loop, within a time budget.

spaCy holds the GIL for most of a parse, so a thread would still stall faust's loop
(heartbeats, commits, rebalances); the default is ``STREAMS_NLP_PROCESSES`` child processes
(``streams/nlp_process.py``) that each load the pipeline once. A batch gets
``STREAMS_ARTICLE_TIMEOUT`` seconds; one that runs over, or whose process dies, is retried
article by article, each with the same budget, so the article at fault is the only one
dead-lettered and the partition moves on. ``thread`` and ``inline`` (tests, the offline
CLI) cannot stop a running parse, so they have no budget.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from streams.errors import ExtractionError, NlpUnavailable
from streams.nlp_process import ChildLost, ChildSpec, NlpProcess
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

        _PIPELINE = Pipeline.load(settings.extract_options())


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
    """Extraction batches on the executor ``STREAMS_EXECUTOR`` names."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.target: Callable[[list[Article]], list[ExtractResult]] = run_batch  # in the child
        self.init: Callable[[Settings], None] | None = _load  # in the child, once
        self._idle: asyncio.Queue[NlpProcess] | None = None
        self._children: list[NlpProcess] = []
        self._thread: ThreadPoolExecutor | None = None

    def start(self) -> None:
        kind = self.settings.executor
        if kind == "process":
            self._idle = asyncio.Queue()
            for _ in range(self.settings.nlp_processes):
                self._idle.put_nowait(self._spawn())
            return
        if self.init is not None:
            self.init(self.settings)
        if kind == "thread":
            self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="nlp")

    def _spawn(self) -> NlpProcess:
        spec = ChildSpec(self.target, self.init, (self.settings,))
        child = NlpProcess(spec)
        self._children = [c for c in self._children if c.alive] + [child]
        return child

    async def warm_up(self) -> None:
        """Wait for every child to load the model, rather than on the first article."""
        await asyncio.gather(*(c.ready() for c in self._children))

    @property
    def processes(self) -> list[int]:
        """The pids of the live NLP processes."""
        return [c.pid for c in self._children if c.alive and c.pid is not None]

    async def run(self, articles: Sequence[Article]) -> list[ExtractResult]:
        """One result per article, in order; never raises for an article's sake."""
        if not articles:
            return []
        if self._idle is None:
            return await self._run_here(list(articles))
        try:
            return await self._call(list(articles))
        except ChildLost as lost:
            if len(articles) == 1:
                return [ExtractResult([], error_info(lost.error))]
            log.error(
                "NLP batch of %d failed (%s); retrying article by article", len(articles), lost
            )
        return [await self._single(a) for a in articles]

    async def _single(self, article: Article) -> ExtractResult:
        try:
            [result] = await self._call([article])
        except ChildLost as lost:
            log.error("article %r dead-lettered: %s", article.id, lost)
            return ExtractResult([], error_info(lost.error))
        return result

    async def _call(self, batch: list[Article]) -> list[ExtractResult]:
        assert self._idle is not None  # noqa: S101 - only called in process mode
        child = await self._idle.get()
        try:
            child = await self._ready(child)
            return await child.call(batch, self.settings.article_timeout)
        except ChildLost:
            child.kill()  # if it only raised, it may be in any state: never reuse it
            child = self._spawn()  # starts loading now; the next call waits for it
            raise
        finally:
            self._idle.put_nowait(child)

    async def _ready(self, child: NlpProcess) -> NlpProcess:
        """The child once ready; one fresh try if it could not start (then NlpUnavailable)."""
        try:
            await child.ready()
            return child
        except NlpUnavailable as exc:
            log.error("%s; starting another", exc)
        child = self._spawn()
        await child.ready()
        return child

    async def _run_here(self, batch: list[Article]) -> list[ExtractResult]:
        if self._thread is None:
            return self.target(batch)
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self._thread, self.target, batch)

    def close(self) -> None:
        for child in self._children:
            child.kill()
        self._children = []
        self._idle = None
        if self._thread is not None:
            self._thread.shutdown(wait=False, cancel_futures=True)
            self._thread = None
