"""What the worker watches about itself: event-loop lag and progress.

``LoopLagMonitor``: a task asks to wake up every ``interval`` seconds; any extra delay is
time the loop spent on something else (a long synchronous call, for example). faust's
heartbeats, commits and rebalance callbacks share that loop, so the worst delay is the
number to watch. ``Progress``: whether input waits while nothing gets done (``/readyz``).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable


class LoopLagMonitor:
    def __init__(self, interval: float = 0.05) -> None:
        self.interval = interval
        self.max_lag = 0.0
        self.last_lag = 0.0
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="loop-lag")

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._task = None

    async def _run(self) -> None:
        with contextlib.suppress(asyncio.CancelledError):
            while True:
                before = time.perf_counter()
                await asyncio.sleep(self.interval)
                self.last_lag = max(0.0, time.perf_counter() - before - self.interval)
                self.max_lag = max(self.max_lag, self.last_lag)


TP = tuple[str, int]  # (topic, partition)


class Progress:
    """Whether the worker moves while input waits: what ``/readyz`` reports.

    The worker records what it takes and acks; a periodic check feeds in the input's end
    offsets for the assigned partitions (``None`` when the broker cannot say). The worker is
    *stalled* when input waits (lag > 0, or unknown) and nothing was acked, nor was it
    caught up, for ``stall_seconds``. A batch in flight counts as no progress, so the
    setting must exceed the longest batch (see ``STREAMS_ARTICLE_TIMEOUT``).
    """

    def __init__(self, stall_seconds: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.stall_seconds = stall_seconds
        self.clock = clock
        self.last_progress = clock()
        self.last_caught_up = clock()
        self.acked = 0
        self.lag: dict[TP, int] | None = {}
        self._next: dict[TP, int] = {}  # offset after the last acked one
        self._first: dict[TP, int] = {}  # first offset taken since assignment

    def taken(self, positions: list[tuple[TP, int]]) -> None:
        for tp, offset in positions:
            self._first.setdefault(tp, offset)

    def done(self, positions: list[tuple[TP, int]]) -> None:
        for tp, offset in positions:
            self._next[tp] = max(self._next.get(tp, 0), offset + 1)
        self.acked += len(positions)
        self.last_progress = self.clock()

    def forget(self, tps: set[TP]) -> None:
        """Partitions revoked: what we knew of them is stale when they come back."""
        for tp in tps:
            self._next.pop(tp, None)
            self._first.pop(tp, None)

    def position(self, tp: TP) -> int | None:
        """The next offset to process on ``tp``, if this worker knows it."""
        return self._next.get(tp, self._first.get(tp))

    def observe(self, lag: dict[TP, int] | None) -> None:
        self.lag = lag
        if lag is not None and not any(lag.values()):
            self.last_caught_up = self.clock()

    def stalled_for(self) -> float:
        """Seconds without progress while input waits (0 when not waiting)."""
        if self.lag is not None and not any(self.lag.values()):
            return 0.0
        return self.clock() - max(self.last_progress, self.last_caught_up)

    @property
    def stalled(self) -> bool:
        return self.stalled_for() > self.stall_seconds

    def wedged(self, in_flight: int) -> bool:
        """Known input waiting, nothing in flight, no progress for twice the stall time:
        the agent waits for messages that are not coming."""
        waiting = self.lag is not None and any(self.lag.values())
        return waiting and in_flight == 0 and self.stalled_for() > 2 * self.stall_seconds
