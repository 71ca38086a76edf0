"""Several batches in flight, acknowledged strictly in the order they were taken.

Why not faust's ``concurrency=n``: n agent instances share one channel, so each partition's
messages are spread over them and acked out of order. faust-streaming 0.15.3 then commits,
per partition, the end of the first run of acked offsets (``Consumer._new_offset``), and it
checks for a hole at the start of that run only against the previous commit, by more than
one, and not at all before the first commit. So an instance that finishes first can move the
committed offset past a message another instance still holds; if that one's send fails and
the worker crashes, the message is never delivered again. One consumer that acks in the
order it took the batches never leaves such a hole, whatever the number in flight.
"""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable


class InOrderAcks:
    """Runs up to ``depth`` batches at once; acks each only after every earlier one.

    ``on_failure`` is called (once) with the first exception a batch raises; the batches
    after it are never acked, so Kafka delivers them again after the restart.
    """

    def __init__(self, depth: int, on_failure: Callable[[BaseException], None]) -> None:
        self.depth = depth
        self.on_failure = on_failure
        self._inflight: deque[asyncio.Task[None]] = deque()
        self._failed = False

    async def submit(
        self, work: Callable[[], Awaitable[None]], ack: Callable[[], Awaitable[None]]
    ) -> None:
        """Start ``work()``; ``ack()`` runs when it and every batch before it are done."""
        while len(self._inflight) >= self.depth:
            await asyncio.wait({self._inflight[0]})
            self._forget_done()
        prev = self._inflight[-1] if self._inflight else None
        task = asyncio.create_task(self._run(work, prev, ack), name="streams-batch")
        task.add_done_callback(self._done)
        self._inflight.append(task)

    @staticmethod
    async def _run(
        work: Callable[[], Awaitable[None]],
        prev: asyncio.Task[None] | None,
        ack: Callable[[], Awaitable[None]],
    ) -> None:
        await work()
        if prev is not None:
            await prev  # re-raises its failure: this batch must not be acked either
        await ack()

    def _done(self, task: asyncio.Task[None]) -> None:
        self._forget_done()
        if task.cancelled() or self._failed:
            return
        if (exc := task.exception()) is not None:
            self._failed = True
            self.on_failure(exc)

    def _forget_done(self) -> None:
        while self._inflight and self._inflight[0].done():
            self._inflight.popleft()

    @property
    def in_flight(self) -> int:
        return sum(not t.done() for t in self._inflight)

    async def drain(self) -> None:
        """Wait until every batch in flight is done (acked, or failed)."""
        if self._inflight:
            await asyncio.wait(set(self._inflight))

    def cancel(self) -> None:
        """Stop every batch still in flight; none of them will be acked."""
        for task in self._inflight:
            task.cancel()
