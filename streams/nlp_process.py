"""One NLP child process: spawned, loads the pipeline once, extracts the batches it is sent.

Not a ``ProcessPoolExecutor``, because the worker needs three things it does not give:

- **a time budget per call.** A child that runs over is killed alone and replaced; an
  executor can neither time out a running task nor kill one of its children (killing one
  breaks the whole pool and every batch in it).
- **no orphans.** The child asks the kernel to kill it when the worker dies, even by
  kill -9 (``PR_SET_PDEATHSIG`` on Linux); elsewhere it exits when its pipe closes, which
  it notices between batches. It ignores SIGINT and SIGTERM, which a terminal or a
  supervisor may send to the whole process group: the worker decides when it stops.
- **"died on this article" told apart from "cannot start".** The first is the article's
  fault and ends in a dead letter; the second (a missing model) is not, and stops the worker.
"""

from __future__ import annotations

import asyncio
import ctypes
import logging
import multiprocessing
import os
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from streams.errors import ExtractionError, ExtractionTimeout, NlpUnavailable, StreamsError
from streams.records import Article
from streams.results import ExtractResult

log = logging.getLogger(__name__)

PR_SET_PDEATHSIG = 1  # linux/prctl.h
# Loading spaCy takes a few seconds; a child that is not ready in this long never will be.
STARTUP_TIMEOUT = 180.0


class ChildLost(Exception):
    """The call did not come back: the child ran over its budget, died or raised."""

    def __init__(self, error: StreamsError) -> None:
        super().__init__(str(error))
        self.error = error


@dataclass(frozen=True)
class ChildSpec:
    """What a child runs: ``init(*init_args)`` once, then ``target(batch)`` per batch.
    Both must be importable module-level functions (the child is spawned, not forked)."""

    target: Callable[[list[Article]], list[ExtractResult]]
    init: Callable[..., None] | None = None
    init_args: tuple[Any, ...] = ()


def _die_with_parent(parent: int) -> None:
    """Have the kernel SIGKILL this process when the worker dies (Linux)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the worker died before prctl took effect
        os._exit(0)


def _child_main(conn: Connection, spec: ChildSpec, parent: int) -> None:
    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    try:
        if spec.init is not None:
            spec.init(*spec.init_args)
    except BaseException as exc:  # the parent reports it; nothing else can
        conn.send(("failed", f"{type(exc).__name__}: {exc}"))
        return
    conn.send(("ready", os.getpid()))
    while True:
        try:
            batch = conn.recv()
        except (EOFError, OSError):
            return  # the worker is gone
        try:
            reply: tuple[str, Any] = ("ok", spec.target(batch))
        except Exception as exc:  # the target is total; this is a bug, reported as data
            reply = ("error", f"{type(exc).__name__}: {exc}")
        conn.send(reply)


class NlpProcess:
    """The parent's handle on one child. Calls are sequential: one batch at a time."""

    def __init__(self, spec: ChildSpec) -> None:
        ctx = multiprocessing.get_context("spawn")  # the worker has threads: never fork
        self.conn, child_conn = ctx.Pipe(duplex=True)
        self.process = ctx.Process(
            target=_child_main,
            args=(child_conn, spec, os.getpid()),
            name="streams-nlp",
            daemon=True,
        )
        # Started from the event loop's thread, which lives as long as the worker:
        # PR_SET_PDEATHSIG fires when the *thread* that started the child ends.
        self.process.start()
        child_conn.close()
        self._ready = False
        self._closed = False

    @property
    def pid(self) -> int | None:
        return None if self._closed else self.process.pid

    @property
    def alive(self) -> bool:
        return not self._closed and self.process.is_alive()

    async def ready(self, timeout: float = STARTUP_TIMEOUT) -> None:
        """Wait until the child has loaded the pipeline; NlpUnavailable if it cannot."""
        if self._ready:
            return
        try:
            kind, payload = await asyncio.wait_for(self._io(self.conn.recv), timeout)
        except (TimeoutError, EOFError, OSError) as exc:
            self.kill()
            raise NlpUnavailable(f"the NLP process did not start: {exc!r}") from None
        if kind != "ready":
            self.kill()
            raise NlpUnavailable(f"the NLP process could not start: {payload}")
        self._ready = True

    async def call(self, batch: list[Article], budget: float) -> list[ExtractResult]:
        """The child's results for ``batch``; ChildLost if it runs over ``budget`` seconds
        (the child is killed) or dies."""
        try:
            await self._io(self.conn.send, batch)
            kind, payload = await asyncio.wait_for(self._io(self.conn.recv), budget)
        except TimeoutError:
            self.kill()
            raise ChildLost(
                ExtractionTimeout(
                    f"extraction ran over its budget of {budget:g}s (STREAMS_ARTICLE_TIMEOUT); "
                    "its NLP process was killed"
                )
            ) from None
        except (EOFError, OSError):
            self.process.join(timeout=5)  # dead or dying: its exit code says how
            code = self.process.exitcode
            self.kill()
            raise ChildLost(ExtractionError(f"the NLP process died (exit code {code})")) from None
        if kind != "ok":
            raise ChildLost(ExtractionError(str(payload)))
        results: list[ExtractResult] = payload
        return results

    async def _io(self, fn: Callable[..., Any], *args: Any) -> Any:
        # Pipe I/O blocks; a thread keeps the event loop free. Killing the child ends a
        # recv that a timed-out wait left behind (EOF), so no thread is stranded.
        return await asyncio.get_running_loop().run_in_executor(None, fn, *args)

    def kill(self) -> None:
        # The pipe is not closed here: a thread may still be reading it and would then read
        # a reused file descriptor. The child's death gives that read its EOF, and the
        # connection closes when the last reference to it goes.
        if self._closed:
            return
        if self.process.is_alive():
            self.process.kill()
        self.process.join(timeout=5)
        if self.process.exitcode is not None:
            self.process.close()  # its sentinel descriptor
            self._closed = True
