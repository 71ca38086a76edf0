"""The worker's life around the agent: start and stop, ``/readyz`` and ``/healthz``, the
progress check behind readiness, and a shutdown that cannot hang.

- ``/healthz`` (liveness): 200 while the process serves and is neither stopping nor
  crashed. It does not look at Kafka: restarting a worker does not fix a broker.
- ``/readyz`` (readiness): 200 once the model is loaded, input partitions are assigned and
  the worker is not stalled: input waiting (lag > 0, or the broker cannot tell) with nothing
  processed for ``STREAMS_READY_STALL_SECONDS`` (``streams.monitor.Progress``).
- A worker stalled twice that long with no batch in flight is wedged: the agent waits for
  input that faust fetched but does not deliver (seen after a rebalance that followed a
  member's death). It stops itself (``Wedged``); its restart reads from the committed offsets.
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
from aiokafka.admin import AIOKafkaAdminClient

from streams.errors import Wedged
from streams.monitor import TP, Progress
from streams.security import aiokafka_options
from streams.settings import Settings

log = logging.getLogger(__name__)


class Worker(Protocol):
    """What this module needs of ``streams.agents.Worker`` (which imports this module)."""

    progress: Progress
    ready: bool

    @property
    def in_flight(self) -> int: ...

    @property
    def nlp_processes(self) -> list[int]: ...

    async def start(self) -> None: ...

    async def stop(self) -> None: ...

    def stats(self) -> dict[str, Any]: ...


# How often the progress check asks the broker for the input's end offsets.
CHECK_EVERY_MAX = 5.0
WEDGED = (
    "input waits, nothing is in flight and nothing was processed for twice "
    "STREAMS_READY_STALL_SECONDS: faust stopped delivering; stopping so that a restart "
    "resumes from the committed offsets"
)


class InputWatch:
    """Asks the broker how many input messages wait for this worker, per assigned partition:
    the end offset minus what this worker processed, else the group's committed offset
    (the fetch position would not do: faust may have fetched what it never delivers)."""

    def __init__(self, app: faust.App, settings: Settings) -> None:
        self.app = app
        self.settings = settings
        self._admin: AIOKafkaAdminClient | None = None

    async def lag(self, progress: Progress) -> dict[TP, int] | None:
        """Messages waiting per partition; None when the broker cannot say."""
        consumer = self.app.consumer
        assigned = [tp for tp in consumer.assignment() if tp.topic == self.settings.input_topic]
        if not assigned:
            return {}
        try:
            ends = await asyncio.wait_for(consumer.highwaters(*assigned), CHECK_EVERY_MAX * 2)
            known = {(tp.topic, tp.partition): progress.position((tp.topic, tp.partition))
                     for tp in assigned}  # fmt: skip
            if None in known.values():
                committed = await asyncio.wait_for(self._committed(), CHECK_EVERY_MAX * 2)
                earliest = await consumer.earliest_offsets(*assigned)
                for tp in assigned:
                    key = (tp.topic, tp.partition)
                    if known[key] is None:
                        known[key] = committed.get(key, earliest[tp])
        except Exception as exc:  # an outage, a rebalance: unknown, which is not "fine"
            log.debug("input lag unknown: %r", exc)
            return None
        # an end below a position: the log was truncated or recreated, all of it waits
        return {
            (tp.topic, tp.partition): _waiting(ends[tp], known[(tp.topic, tp.partition)] or 0)
            for tp in assigned
        }

    async def _committed(self) -> dict[TP, int]:
        if self._admin is None:
            # the same TLS/SASL options as every other client (streams/security.py)
            self._admin = AIOKafkaAdminClient(**aiokafka_options(self.settings))
            await self._admin.start()
        offsets = await self._admin.list_consumer_group_offsets(self.settings.app_id)
        return {(tp.topic, tp.partition): om.offset for tp, om in offsets.items() if om.offset >= 0}

    async def close(self) -> None:
        if self._admin is not None:
            await self._admin.close()
            self._admin = None


def _waiting(end: int, at: int) -> int:
    return end - at if end >= at else end


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
            watch = InputWatch(app, settings)
            try:
                while not self.should_stop:
                    worker.progress.observe(await watch.lag(worker.progress))
                    if worker.progress.wedged(worker.in_flight):
                        await app.crash(Wedged(WEDGED))
                        return
                    await self.sleep(check_every)
            finally:
                await watch.close()

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
            "batches_in_flight": worker.in_flight,
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
