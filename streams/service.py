"""The worker's life around the agent: start and stop, ``/readyz`` and ``/healthz``, the
progress check behind readiness, and a shutdown that cannot hang.

- ``/healthz`` (liveness): 200 while the process serves and is neither stopping nor
  crashed. It does not look at Kafka: restarting a worker does not fix a broker.
- ``/readyz`` (readiness): 200 once the model is loaded, input partitions are assigned and
  the worker is not stalled: input waiting (lag > 0, or the broker cannot tell) with nothing
  processed for ``STREAMS_READY_STALL_SECONDS`` (``streams.monitor.Progress``).
- After SIGTERM (or a crash) the worker has ``STREAMS_SHUTDOWN_TIMEOUT`` seconds to drain
  its batches, commit and leave the group; then it kills its NLP processes and exits with
  status 1. What it had not acked is delivered again (at least once).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import threading
from typing import Any, Protocol

import faust
import mode

from streams.monitor import TP, Progress
from streams.settings import Settings

log = logging.getLogger(__name__)


class Worker(Protocol):
    """What this module needs of ``streams.agents.Worker`` (which imports this module)."""

    progress: Progress
    ready: bool

    @property
    def nlp_processes(self) -> list[int]: ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    def stats(self) -> dict[str, Any]: ...


# How often the progress check asks the broker for the input's end offsets.
CHECK_EVERY_MAX = 5.0


async def input_lag(app: faust.App, worker: Worker, settings: Settings) -> dict[TP, int] | None:
    """Messages waiting per assigned input partition; None when the broker cannot say."""
    consumer = app.consumer
    assigned = [tp for tp in consumer.assignment() if tp.topic == settings.input_topic]
    if not assigned:
        return {}
    try:
        ends = await asyncio.wait_for(consumer.highwaters(*assigned), CHECK_EVERY_MAX * 2)
        lag = {}
        for tp in assigned:
            key = (tp.topic, tp.partition)
            at = worker.progress.position(key)
            if at is None:  # nothing taken since assignment: where the consumer stands
                at = await asyncio.wait_for(consumer.position(tp), CHECK_EVERY_MAX * 2) or 0
            # an end below our position: the log was truncated or recreated, all of it waits
            lag[key] = ends[tp] - at if ends[tp] >= at else ends[tp]
        return lag
    except Exception as exc:  # an outage, a rebalance: unknown, which is not "fine"
        log.debug("input lag unknown: %r", exc)
        return None


def force_exit_after(seconds: float, worker: Worker) -> threading.Timer:
    """Arm a timer that ends the process if a graceful stop takes longer than ``seconds``."""

    def force() -> None:
        log.critical("still stopping after %.0fs (STREAMS_SHUTDOWN_TIMEOUT): exiting", seconds)
        for pid in worker.nlp_processes:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        logging.shutdown()
        os._exit(1)

    timer = threading.Timer(seconds, force)
    timer.daemon = True
    timer.start()
    return timer


def install_health(app: faust.App, worker: Worker, settings: Settings) -> None:
    """Register the worker's service, the rebalance hook and the two web pages."""
    check_every = min(CHECK_EVERY_MAX, settings.ready_stall_seconds / 4)

    @app.service
    class WorkerService(mode.Service):
        """Starts the NLP runner with the app and stops it (and its children) with it."""

        async def on_start(self) -> None:
            await worker.start()

        async def on_stop(self) -> None:
            await worker.stop()

        @mode.Service.task
        async def _check_progress(self) -> None:
            while not self.should_stop:
                worker.progress.observe(await input_lag(app, worker, settings))
                await self.sleep(check_every)

        @mode.Service.task
        async def _bound_shutdown(self) -> None:
            await app.wait_until_stopped()
            force_exit_after(settings.shutdown_timeout, worker)

    async def forget(sender: Any, *args: Any, signal: Any, **kwargs: Any) -> None:
        revoked: set[Any] = args[0]
        worker.progress.forget({(tp.topic, tp.partition) for tp in revoked})

    app.on_partitions_revoked.connect(forget)  # type: ignore[arg-type]  # mode types the sender

    @app.page("/readyz")
    async def readyz(web: Any, request: Any) -> Any:
        """200 when the model is loaded, partitions are assigned and the worker is not
        stalled; else 503, with the reason in the body."""
        assigned = sorted(
            tp.partition for tp in app.consumer.assignment() if tp.topic == settings.input_topic
        )
        progress = worker.progress
        lag = None if progress.lag is None else sum(progress.lag.values())
        ok = worker.ready and bool(assigned) and not progress.stalled
        body = {
            **worker.stats(),
            "input_partitions": assigned,
            "input_lag": lag,
            "stalled_s": round(progress.stalled_for(), 1),
            "stall_limit_s": settings.ready_stall_seconds,
        }
        return web.json(body, status=200 if ok else 503)

    @app.page("/healthz")
    async def healthz(web: Any, request: Any) -> Any:
        """Liveness: 200 unless the worker is stopping or has crashed."""
        ok = not app.should_stop
        return web.json({"alive": ok, **worker.stats()}, status=200 if ok else 503)
