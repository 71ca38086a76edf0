"""The NLP processes: an article that kills its process, or runs over its time budget, is
dead-lettered alone; the processes die with the worker, even on kill -9."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from streams.errors import NlpUnavailable
from streams.records import Article
from streams.results import ExtractResult
from streams.runner import NlpRunner
from streams.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def crash_on_bomb(articles: list[Article]) -> list[ExtractResult]:
    """Runs in the child: dies like a segfault on the article "bomb"."""
    if any(a.id == "bomb" for a in articles):
        os._exit(1)
    return [ExtractResult([]) for _ in articles]


def hang_on_slow(articles: list[Article]) -> list[ExtractResult]:
    """Runs in the child: never finishes the article "slow" (a quadratic blow-up)."""
    if any(a.id == "slow" for a in articles):
        time.sleep(3600)
    return [ExtractResult([]) for _ in articles]


def cannot_load(settings: Settings) -> None:
    raise OSError("no such model")


def runner(target: object, **settings: object) -> NlpRunner:
    r = NlpRunner(Settings(executor="process", **settings))  # type: ignore[arg-type]
    r.target = target  # type: ignore[assignment]
    r.init = None  # these targets need no spaCy
    r.start()
    return r


async def test_a_child_that_dies_costs_only_its_article() -> None:
    r = runner(crash_on_bomb)
    try:
        results = await r.run([Article("a", "x"), Article("bomb", "x"), Article("c", "x")])
        assert [res.error is None for res in results] == [True, False, True]
        error = results[1].error
        assert error is not None and "died" in error.reason and error.stage == "extract"
        assert (await r.run([Article("d", "x")]))[0].error is None  # a new process took over
    finally:
        r.close()


async def test_an_article_over_the_time_budget_is_dead_lettered_alone() -> None:
    r = runner(hang_on_slow, article_timeout=1.0)
    try:
        before = r.processes
        results = await r.run([Article("a", "x"), Article("slow", "x"), Article("c", "x")])
        assert [res.error is None for res in results] == [True, False, True]
        error = results[1].error
        assert error is not None and error.error_class == "ExtractionTimeout"
        assert "STREAMS_ARTICLE_TIMEOUT" in error.reason
        assert r.processes and not set(r.processes) & set(before)  # killed and replaced
        assert not psutil.pid_exists(before[0]) or psutil.Process(before[0]).status() == "zombie"
    finally:
        r.close()


async def test_a_process_that_cannot_start_stops_the_worker_rather_than_the_article() -> None:
    r = NlpRunner(Settings(executor="process"))
    r.target = crash_on_bomb
    r.init = cannot_load
    r.start()
    try:
        with pytest.raises(NlpUnavailable, match="no such model"):
            await r.run([Article("a", "x")])
    finally:
        r.close()


PARENT = """
import asyncio, sys
from streams.runner import NlpRunner
from streams.settings import Settings
from tests.functional.test_runner import crash_on_bomb

async def main():
    r = NlpRunner(Settings(executor="process", nlp_processes=2))
    r.target, r.init = crash_on_bomb, None
    r.start()
    await r.warm_up()
    print(" ".join(map(str, r.processes)), flush=True)
    await asyncio.sleep(3600)

asyncio.run(main())
"""


def test_no_nlp_process_outlives_a_worker_killed_with_sigkill() -> None:
    parent = subprocess.Popen(
        [sys.executable, "-c", PARENT], cwd=ROOT, stdout=subprocess.PIPE, text=True
    )
    children: list[int] = []
    try:
        assert parent.stdout is not None
        children = [int(p) for p in parent.stdout.readline().split()]
        assert len(children) == 2
        for pid in children:  # a terminal's ^C or a group-wide SIGTERM is not for them
            os.kill(pid, signal.SIGINT)
            os.kill(pid, signal.SIGTERM)
        time.sleep(0.5)
        assert all(psutil.pid_exists(pid) for pid in children)
        parent.kill()
        parent.wait()
        assert wait_gone(children, within=30) == []
    finally:
        parent.kill()
        parent.wait()
        if parent.stdout is not None:
            parent.stdout.close()
        for pid in children:
            if psutil.pid_exists(pid):
                os.kill(pid, signal.SIGKILL)


def wait_gone(pids: list[int], within: float) -> list[int]:
    """The pids still running after at most ``within`` seconds (a bound, not a measure)."""
    deadline = time.monotonic() + within
    while True:
        left = [p for p in pids if psutil.pid_exists(p) and psutil.Process(p).status() != "zombie"]
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.1)
