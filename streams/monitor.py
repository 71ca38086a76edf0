"""Measures how long the asyncio event loop is blocked.

A task asks to wake up every ``interval`` seconds; any extra delay is time the loop spent
on something else (a long synchronous call, for example). faust's heartbeats, commits and
rebalance callbacks share that loop, so the worst delay is the number to watch.
"""

from __future__ import annotations

import asyncio
import contextlib
import time


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
