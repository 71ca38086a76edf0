"""The reliability scenarios, each a function that returns its ``Counts``.

``tests/reliability/test_reliability.py`` runs short versions in CI and asserts on the
counts; ``bench/reliability.py`` runs the full versions and prints them. Sizes are
parameters, never hidden in the functions, so both see the same code.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import orjson

from tests.reliability.harness import (
    ROOT,
    Broker,
    Counts,
    Run,
    good_articles,
    malformed,
    repeated_sentence,
    run,
    seed_times,
    survivors,
)


def _interleave(
    first: list[tuple[bytes | None, bytes | None]], second: list[tuple[bytes | None, bytes | None]]
) -> list[tuple[bytes | None, bytes | None]]:
    out: list[tuple[bytes | None, bytes | None]] = []
    for i in range(max(len(first), len(second))):
        out += first[i : i + 1] + second[i : i + 1]
    return out


def _all_alive(r: Run) -> bool:
    return all(w.alive for w in r.workers)


def poison(
    broker: Broker, scratch: Path, code_dir: Path = ROOT, good: int = 30, timeout: float = 300.0,
    **env: str,
) -> Counts:  # fmt: skip
    """Every malformed kind and a 2 MB input (on a topic that allows it), each followed by a
    good article, with two batches in flight (the default)."""
    with run(broker, scratch, "poison", code_dir=code_dir, input_max_bytes=3_000_000, **env) as r:
        r.worker()
        bad: list[tuple[bytes | None, bytes | None]] = [(k.encode(), v) for k, v in malformed()]
        bad.append(
            (b"oversize-2mb", orjson.dumps({"id": "oversize-2mb", "body": "word " * 420_000}))
        )
        r.produce(_interleave(bad, list(good_articles(good, r.run_id))))
        r.wait_for(r.done(), timeout)
        c = r.account()
        c.notes["worker_alive"] = _all_alive(r)
        return c


def huge_articles(
    broker: Broker, scratch: Path, code_dir: Path = ROOT, good: int = 10, timeout: float = 600.0,
    **env: str,
) -> Counts:  # fmt: skip
    """Valid articles of one sentence repeated to 500 KB and to 1 MB (just under the input
    limit), then good articles: extraction must not stall the partition, and no event may
    grow past what the broker takes."""
    with run(broker, scratch, "huge-articles", code_dir=code_dir, **env) as r:
        r.worker()
        big: list[tuple[bytes | None, bytes | None]] = [
            (b"repeat-500kb", repeated_sentence("repeat-500kb", 500_000)),
            (b"repeat-1mb", repeated_sentence("repeat-1mb", 999_000)),
        ]
        r.produce(big + list(good_articles(good, r.run_id)))
        r.wait_for(r.done(), timeout)
        c = r.account()
        outcomes = {x.value.get("article_id"): x.value["outcome"] for x in r.receipts()}
        c.notes["repeat_500kb"] = outcomes.get("repeat-500kb")
        c.notes["repeat_1mb"] = outcomes.get("repeat-1mb")
        c.notes["worker_alive"] = _all_alive(r)
        return c


def kill9(
    broker: Broker, scratch: Path, code_dir: Path = ROOT, articles: int = 300, kills: int = 1,
    **env: str,
) -> Counts:  # fmt: skip
    """kill -9 the worker mid-stream ``kills`` times, restarting it at once; count the NLP
    processes it leaves behind and time the restart to the first processed article."""
    with run(broker, scratch, "kill9", code_dir=code_dir, **env) as r:
        w = r.worker()
        r.produce(good_articles(articles, r.run_id))
        orphans = 0
        for k in range(kills):
            r.wait_for(r.receipts_seen((k + 1) * articles // (kills + 2)), 600)
            children = w.children()
            w.kill9()
            time.sleep(1.0)
            left = survivors(children)
            orphans += len(left)
            for pid in left:
                os.kill(pid, signal.SIGKILL)
            w.start()
            t_restart = time.monotonic()
            r.wait_for(lambda t=t_restart: r.first_receipt_after(t) is not None, 180)  # type: ignore[misc]
            if (took := r.first_receipt_after(t_restart)) is not None:
                r.counts.recovery_s.append(took)
        r.wait_for(r.done(), 900)
        c = r.account()
        c.notes["orphans"] = orphans
        return c


def broker_restart(
    scratch: Path, code_dir: Path = ROOT, articles: int = 300, outages: tuple[float, ...] = (15.0,),
    **env: str,
) -> Counts:  # fmt: skip
    """kill -9 the (private) broker mid-stream, keep it down, bring it back on its data;
    count what the worker logged meanwhile and whether /readyz told the truth."""
    broker = Broker("private")
    broker.start()
    try:
        with run(broker, scratch, "broker-restart", code_dir=code_dir, **env) as r:
            w = r.worker()
            r.produce(good_articles(articles, r.run_id))
            for k, outage in enumerate(outages):
                r.wait_for(r.receipts_seen((k + 1) * articles // (len(outages) + 2)), 600)
                bytes0, lines0 = r.log_size()
                broker.kill()
                t_down = time.monotonic()
                ready_seen = _poll_ready(w, outage)
                broker.resume()
                t_back = time.monotonic()
                r.wait_for(lambda t=t_back: r.first_receipt_after(t) is not None, 300)  # type: ignore[misc]
                if (took := r.first_receipt_after(t_back)) is not None:
                    r.counts.recovery_s.append(took)
                bytes1, lines1 = r.log_size()
                r.counts.notes[f"outage{k + 1}_s"] = round(t_back - t_down, 1)
                r.counts.notes[f"outage{k + 1}_log_kb"] = (bytes1 - bytes0) // 1024
                r.counts.notes[f"outage{k + 1}_log_lines"] = lines1 - lines0
                r.counts.notes[f"outage{k + 1}_readyz_200_while_down"] = ready_seen
            r.wait_for(r.done(), 900)
            c = r.account()
            c.notes["worker_alive"] = _all_alive(r)
            return c
    finally:
        broker.stop()


def broker_wipe(
    scratch: Path, code_dir: Path = ROOT, articles: int = 100, wait_s: float = 150.0, **env: str
) -> Counts:  # fmt: skip
    """The broker crashes and comes back empty (its disk lost): inputs produced afterwards
    wait on a fresh topic. Does /readyz say the worker is stuck, and does SIGTERM stop it?"""
    broker = Broker("private")
    broker.start()
    env = {"STREAMS_READY_STALL_SECONDS": "30", **env}
    try:
        with run(broker, scratch, "broker-wipe", code_dir=code_dir, **env) as r:
            w = r.worker()
            r.produce(good_articles(articles, r.run_id))
            r.wait_for(r.done(), 600)
            broker.kill()
            broker.start()  # a fresh, empty cluster on the same port
            r.produced, r.counts.inputs = [], 0
            if r.outputs is not None:  # the new topics number their offsets from 0 again
                r.outputs.records.clear()
            r._create_input()
            r.produce(good_articles(articles, r.run_id + "-after"))
            t0 = time.monotonic()
            r.counts.notes["readyz_503_after_s"] = _until(w, lambda s: s != 200, wait_s)
            r.wait_for(r.done(), max(0.0, wait_s - (time.monotonic() - t0)))
            r.counts.notes["all_processed_after_s"] = (
                round(time.monotonic() - t0, 1) if r.done()() else None
            )
            took = w.terminate(timeout=90)
            r.counts.notes["sigterm_exit_s"] = None if took is None else round(took, 1)
            return r.account()
    finally:
        broker.stop()


def _poll_ready(w: object, seconds: float) -> int:
    """How many of the polls during ``seconds`` found /readyz at 200."""
    from tests.reliability.harness import Worker

    assert isinstance(w, Worker)
    hits = 0
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        hits += w.get("/readyz")[0] == 200
        time.sleep(1.0)
    return hits


def rebalance_kill(
    broker: Broker, scratch: Path, code_dir: Path = ROOT, articles: int = 400, **env: str
) -> Counts:
    """Two workers share four partitions; one is killed -9 mid-stream; time until the
    survivor processes the dead one's partitions. A short stall limit, so that a survivor
    that faust left wedged after the rebalance restarts itself within a minute."""
    env = {"STREAMS_READY_STALL_SECONDS": "20", **env}
    with run(broker, scratch, "rebalance-kill", code_dir=code_dir, **env) as r:
        r.worker()
        victim = r.worker()
        r.produce(good_articles(articles, r.run_id))
        r.wait_for(r.receipts_seen(articles // 4), 600)
        parts = set(victim.get("/readyz")[1].get("input_partitions", []))
        victim.kill9()
        t_kill = time.monotonic()
        r.wait_for(lambda: r.first_receipt_after(t_kill, parts) is not None, 300)
        if (took := r.first_receipt_after(t_kill, parts)) is not None:
            r.counts.recovery_s.append(took)
        r.wait_for(r.done(), 900)
        victim.cleanup()
        c = r.account()
        c.notes["victim_partitions"] = sorted(parts)
        return c


def sigterm(
    broker: Broker, scratch: Path, code_dir: Path = ROOT, articles: int = 300,
    rebalance: bool = False, **env: str,
) -> Counts:  # fmt: skip
    """SIGTERM a worker mid-stream (with ``rebalance``: while a third worker joins the
    group of two); count duplicates and how long the worker took to exit."""
    name = "sigterm-rebalance" if rebalance else "sigterm"
    with run(broker, scratch, name, code_dir=code_dir, **env) as r:
        first = r.worker()
        if rebalance:
            r.worker()
        r.produce(good_articles(articles, r.run_id))
        r.wait_for(r.receipts_seen(articles // 4), 600)
        if rebalance:
            r.worker(wait=False)
            time.sleep(1.0)  # its join has begun a rebalance
        took = first.terminate()
        r.counts.notes["exit_s"] = None if took is None else round(took, 1)
        if not rebalance:
            first.start()
        r.wait_for(r.done(), 900)
        return r.account()


def cluster(scratch: Path, code_dir: Path = ROOT, articles: int = 300, **env: str) -> Counts:
    """Three brokers, replication factor 3, min.insync.replicas 2: kill -9 one broker
    mid-stream; nothing acknowledged may be lost."""
    broker = Broker("cluster")
    broker.start()
    try:
        with run(broker, scratch, "cluster-broker-kill", code_dir=code_dir, **env) as r:
            r.worker()
            r.produce(good_articles(articles, r.run_id))
            r.wait_for(r.receipts_seen(articles // 4), 600)
            broker.kill(2)
            t_kill = time.monotonic()
            r.wait_for(lambda: r.first_receipt_after(t_kill) is not None, 300)
            if (took := r.first_receipt_after(t_kill)) is not None:
                r.counts.recovery_s.append(took)
            r.wait_for(r.done(), 900)
            c = r.account()
            c.notes["worker_alive"] = _all_alive(r)
            return c
    finally:
        broker._cmd("stop", check=False)


def stall(
    broker: Broker, scratch: Path, code_dir: Path = ROOT, articles: int = 200, **env: str
) -> Counts:
    """Freeze the NLP process (SIGSTOP) while input waits: how long until /readyz says so,
    what /healthz says meanwhile, and how long until /readyz recovers after SIGCONT."""
    env = {"STREAMS_READY_STALL_SECONDS": "5", "STREAMS_ARTICLE_TIMEOUT": "600", **env}
    with run(broker, scratch, "stall-readyz", code_dir=code_dir, **env) as r:
        w = r.worker()
        r.produce(good_articles(articles, r.run_id))
        r.wait_for(r.receipts_seen(10), 300)
        children = w.children()
        for pid in children:
            os.kill(pid, signal.SIGSTOP)
        t_stop = time.monotonic()
        r.counts.notes["readyz_503_after_s"] = _until(w, lambda s: s != 200, 40)
        r.counts.notes["healthz_while_stalled"] = w.get("/healthz")[0]
        for pid in children:
            os.kill(pid, signal.SIGCONT)
        r.counts.notes["stalled_s"] = round(time.monotonic() - t_stop, 1)
        r.counts.notes["readyz_200_again_s"] = _until(w, lambda s: s == 200, 60)
        r.wait_for(r.done(), 900)
        return r.account()


def _until(w: object, ok: object, timeout: float) -> float | None:
    from tests.reliability.harness import Worker

    assert isinstance(w, Worker) and callable(ok)
    t0 = time.monotonic()
    while time.monotonic() - t0 < timeout:
        if ok(w.get("/readyz")[0]):
            return round(time.monotonic() - t0, 1)
        time.sleep(0.5)
    return None


def long_articles(
    broker: Broker, scratch: Path, code_dir: Path = ROOT, times: tuple[int, ...] = (15, 150),
    timeout: float = 900.0, **env: str,
) -> Counts:  # fmt: skip
    """The seed article repeated N times, one at a time: seconds to its receipt and its
    outcome (the time budget dead-letters what runs over)."""
    with run(broker, scratch, "long-articles", code_dir=code_dir, **env) as r:
        r.worker()
        for n in times:
            aid = f"seed-x{n}"
            pos = r.produce([(aid.encode(), seed_times(aid, n))])
            t0 = time.monotonic()
            r.wait_for(r.done(pos), timeout)
            got = [x for x in r.receipts() if x.value.get("article_id") == aid]
            r.counts.notes[f"x{n}_s"] = round(got[0].seen - t0, 1) if got else None
            r.counts.notes[f"x{n}_outcome"] = got[0].value["outcome"] if got else None
        return r.account()
