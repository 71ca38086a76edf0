"""The reliability harness: real brokers, real worker processes, and an accounting of every
input offset.

Each scenario produces inputs with known (partition, offset), runs one or more worker
processes (``python -m streams worker``) against a real Kafka, does something unkind (a
poison input, kill -9, a broker crash, a rebalance, a broker of a three-node cluster
killed) and then reads the receipts and dead letters back. For every produced offset:

- **lost**: no receipt, and the group's committed offset is already past it, so Kafka
  will never deliver it again;
- **stuck**: no receipt yet, not committed past (the worker would still get to it);
- **duplicated**: receipts beyond the first for one offset (at-least-once allows them);
- **dead-lettered**: the receipt says ``dead_letter``; **unmatched** counts such receipts
  without a dead letter on the dead-letter topic.

Workers are started in their own process group, so that nothing they spawned outlives a
scenario, and a crashed worker is restarted (as ``restart: unless-stopped`` would) and
counted. ``code_dir`` runs another checkout of the package (``bench/reliability.py
--code-dir``), which is how the "before" figures were taken.

The brokers: the suite's own single node on ``KAFKA_PORT`` (``scripts/test`` starts it),
a private single node on ``KAFKA_PORT + 10`` for broker restarts (so the shared one is never
killed under other tests) and the three-node cluster on ``KAFKA_PORT + 20`` onwards.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson
import psutil
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

ROOT = Path(__file__).resolve().parents[2]
KAFKA_PORT = int(os.environ.get("KAFKA_PORT", "19092"))
LIB_DIR = ROOT / ".kafka" / f"lib-{os.environ.get('KAFKA_VERSION', '4.4.0')}"
SEED = ROOT / "seeds" / "000_823b45ff4b8f1464.txt"
Pos = tuple[int, int]  # (partition, offset) of an input message

# the harness's own clients retry through outages on purpose; their reconnect chatter is noise
logging.getLogger("aiokafka").setLevel(logging.CRITICAL)


# --- brokers ---------------------------------------------------------------------------
@dataclass
class Broker:
    """A local Kafka driven through ``scripts/kafka_local.py``: a single node or the cluster."""

    kind: str  # "shared", "private" or "cluster"
    started_here: bool = False

    @property
    def port(self) -> int:
        return KAFKA_PORT + 10 if self.kind == "private" else KAFKA_PORT

    @property
    def env(self) -> dict[str, str]:
        env = {**os.environ, "KAFKA_PORT": str(self.port), "KAFKA_LIB_DIR": str(LIB_DIR)}
        if self.kind == "private":
            env["KAFKA_HOME_DIR"] = str(ROOT / ".kafka" / "private")
        return env

    @property
    def bootstrap(self) -> str:
        if self.kind == "cluster":
            base = KAFKA_PORT + 20
            return ",".join(f"127.0.0.1:{base + 2 * i}" for i in range(3))
        return f"127.0.0.1:{self.port}"

    @property
    def replication(self) -> int:
        return 3 if self.kind == "cluster" else 1

    def _cmd(self, *args: str, check: bool = True) -> int:
        prefix = ["cluster"] if self.kind == "cluster" else []
        script = str(ROOT / "scripts" / "kafka_local.py")
        done = subprocess.run(
            [sys.executable, script, *prefix, *args], env=self.env, check=check, cwd=ROOT
        )
        return done.returncode

    def start(self) -> None:
        if self.kind == "shared" and self._cmd("status", check=False) == 0:
            return  # scripts/test (or the developer) runs it
        self._cmd("start")
        self.started_here = True

    def stop(self) -> None:
        if self.started_here:
            self._cmd("stop", check=False)

    def kill(self, node: int = 1) -> None:
        self._cmd("kill", *([str(node)] if self.kind == "cluster" else []))

    def resume(self, node: int = 1) -> None:
        self._cmd("resume", *([str(node)] if self.kind == "cluster" else []))


# --- worker processes ------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass
class Worker:
    """One ``python -m streams worker`` process in its own process group."""

    name: str
    env: dict[str, str]
    code_dir: Path
    log: Path
    proc: subprocess.Popen[bytes] | None = None
    stopping: bool = False  # stopped on purpose: an exit is not a crash
    pgids: list[int] = field(default_factory=list)

    @property
    def port(self) -> int:
        return int(self.env["STREAMS_WEB_PORT"])

    def start(self) -> None:
        self.stopping = False
        with self.log.open("ab") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "streams", "worker", "-l", "info"],
                env={**self.env, "PYTHONPATH": str(self.code_dir)},
                cwd=self.code_dir,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self.pgids.append(self.proc.pid)

    @property
    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def get(self, path: str) -> tuple[int, dict[str, Any]]:
        url = f"http://127.0.0.1:{self.port}{path}"
        try:
            with urllib.request.urlopen(url, timeout=3) as r:  # noqa: S310 - our own loopback
                return r.status, orjson.loads(r.read())
        except urllib.error.HTTPError as err:
            body = err.read()
            return err.code, orjson.loads(body) if body.startswith(b"{") else {}
        except (OSError, ValueError):
            return 0, {}

    def wait_ready(self, timeout: float = 120.0) -> float:
        t0 = time.monotonic()
        while time.monotonic() - t0 < timeout:
            if not self.alive:
                raise RuntimeError(f"{self.name} exited:\n{self.tail()}")
            if self.get("/readyz")[0] == 200:
                return time.monotonic() - t0
            time.sleep(0.3)
        raise RuntimeError(f"{self.name} not ready in {timeout:.0f}s:\n{self.tail()}")

    def children(self) -> list[int]:
        if not self.alive or self.proc is None:
            return []
        return [c.pid for c in psutil.Process(self.proc.pid).children(recursive=True)]

    def kill9(self) -> None:
        assert self.proc is not None
        self.stopping = True
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def terminate(self, timeout: float = 90.0) -> float | None:
        """SIGTERM; seconds until it exited, or None if it had to be killed."""
        assert self.proc is not None
        self.stopping = True
        t0 = time.monotonic()
        self.proc.terminate()
        try:
            self.proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
            return None
        return time.monotonic() - t0

    def cleanup(self) -> None:
        """Kill whatever is left of every process group this worker ever had."""
        self.stopping = True
        for pgid in self.pgids:
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pgid, signal.SIGKILL)
        if self.proc is not None:
            self.proc.wait()

    def tail(self, n: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-n:] if self.log.exists() else ""


def survivors(pids: list[int]) -> list[int]:
    """The pids still running (not zombies)."""
    alive = []
    for pid in pids:
        try:
            if psutil.Process(pid).status() != psutil.STATUS_ZOMBIE:
                alive.append(pid)
        except psutil.NoSuchProcess:
            pass
    return alive


# --- reading outputs -------------------------------------------------------------------
@dataclass(frozen=True)
class Out:
    topic: str
    value: dict[str, Any]
    seen: float  # time.monotonic() when the harness read it


class Outputs(threading.Thread):
    """Reads the receipts and dead letters from the beginning, in a thread, as they come."""

    def __init__(self, bootstrap: str, topics: list[str]) -> None:
        super().__init__(daemon=True)
        self.bootstrap = bootstrap
        self.topics = topics
        self.records: list[Out] = []
        self._stop_flag = threading.Event()

    def run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        consumer = AIOKafkaConsumer(
            *self.topics,
            bootstrap_servers=self.bootstrap,
            group_id=None,
            auto_offset_reset="earliest",
            enable_auto_commit=False,
            max_partition_fetch_bytes=8 * 1024 * 1024,
            fetch_max_bytes=64 * 1024 * 1024,
        )
        await consumer.start()
        try:
            while not self._stop_flag.is_set():
                batch = await consumer.getmany(timeout_ms=300)
                now = time.monotonic()
                for recs in batch.values():
                    self.records += [Out(r.topic, orjson.loads(r.value), now) for r in recs]
        finally:
            await consumer.stop()

    def stop(self) -> None:
        self._stop_flag.set()
        self.join(timeout=30)


# --- inputs ----------------------------------------------------------------------------
def good_articles(n: int, tag: str, seed: int = 7) -> list[tuple[bytes, bytes]]:
    """Articles of 3 to 8 paragraphs of the sample news, with unique ids."""
    pool = [p.strip() for p in SEED.read_text().split("\n\n") if p.strip()]
    for line in (ROOT / "seeds" / "articles.jsonl").read_text().splitlines():
        pool += [p for p in orjson.loads(line)["body"].split("\n\n") if p.strip()]
    rng = random.Random(seed)  # noqa: S311 - a reproducible corpus, not a secret
    out = []
    for i in range(n):
        body = "\n\n".join(rng.sample(pool, min(len(pool), rng.randint(3, 8))))
        aid = f"{tag}-{i}"
        article = {"id": aid, "body": body, "published_at": "2021-12-15T18:00:00Z"}
        out.append((aid.encode(), orjson.dumps(article)))
    return out


def repeated_sentence(aid: str, size: int) -> bytes:
    """A valid article of about ``size`` bytes: one event sentence over and over."""
    sentence = "Putin spoke to Biden by phone on Tuesday. "
    body = sentence * (size // len(sentence))
    return orjson.dumps({"id": aid, "body": body, "published_at": "2021-12-15T18:00:00Z"})


def seed_times(aid: str, times: int) -> bytes:
    body = "\n\n".join([SEED.read_text()] * times)
    return orjson.dumps({"id": aid, "body": body, "published_at": "2021-12-15T18:00:00Z"})


def malformed() -> list[tuple[str, bytes | None]]:
    """Inputs that are not articles, one of each kind the contract rejects (and then some)."""
    ok = {"id": "m", "body": "Putin phoned Xi."}
    return [
        ("not-utf8", b"\xff\xfe\x00 not utf-8"),
        ("not-json", b"{this is not json"),
        ("truncated-json", b'{"id": "t", "body": "Putin pho'),
        ("json-array", b"[1, 2, 3]"),
        ("json-string", b'"just a string"'),
        ("json-number", b"42"),
        ("deep-nesting", b"[" * 200_000 + b"]" * 200_000),
        ("missing-id", orjson.dumps({"body": "no id"})),
        ("missing-body", orjson.dumps({"id": "no-body"})),
        ("id-number", orjson.dumps({"id": 12, "body": "x"})),
        ("body-object", orjson.dumps({"id": "b", "body": {"text": "x"}})),
        ("empty-body", orjson.dumps({"id": "e", "body": "   "})),
        ("blank-id", orjson.dumps({"id": " ", "body": "x"})),
        ("long-id", orjson.dumps({"id": "i" * 600, "body": "x"})),
        ("unknown-field", orjson.dumps({**ok, "gold": []})),
        ("bad-date", orjson.dumps({**ok, "published_at": "yesterday"})),
        ("naive-date", orjson.dumps({**ok, "published_at": "2021-12-15T18:00:00"})),
        ("french", orjson.dumps({**ok, "language": "fr"})),
        ("null-value", None),
        ("empty-value", b""),
    ]


async def _create_input(
    bootstrap: str, topic: str, partitions: int, rf: int, max_bytes: int
) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=30000)
    await admin.start()
    try:
        config = {"max.message.bytes": str(max_bytes)}
        await admin.create_topics([NewTopic(topic, partitions, rf, topic_configs=config)])
    except TopicAlreadyExistsError:
        pass  # a worker's consumer had it auto-created (after the broker lost its data)
    finally:
        await admin.close()


async def _produce(
    bootstrap: str, topic: str, messages: list[tuple[bytes | None, bytes | None]], partitions: int
) -> list[Pos]:
    producer = AIOKafkaProducer(
        bootstrap_servers=bootstrap, acks="all", max_request_size=8 * 1024 * 1024
    )
    await producer.start()
    try:
        # round robin over the partitions the topic has (auto-creation may have made fewer)
        partitions = min(partitions, len(await producer.partitions_for(topic)))
        futures = [
            await producer.send(topic, value, key=key, partition=i % partitions)
            for i, (key, value) in enumerate(messages)
        ]
        metas = await asyncio.gather(*futures)
    finally:
        await producer.stop()
    return [(m.partition, m.offset) for m in metas]


async def _committed(bootstrap: str, group: str, topic: str) -> dict[int, int]:
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=30000)
    await admin.start()
    try:
        offsets = await admin.list_consumer_group_offsets(group)
    finally:
        await admin.close()
    return {tp.partition: om.offset for tp, om in offsets.items() if tp.topic == topic}


# --- a scenario run --------------------------------------------------------------------
@dataclass
class Counts:
    """What one scenario did to its inputs (see the module docstring)."""

    scenario: str
    inputs: int = 0
    lost: int = 0
    stuck: int = 0
    duplicated: int = 0
    dead_lettered: int = 0
    unmatched: int = 0
    crashes: int = 0
    recovery_s: list[float] = field(default_factory=list)
    notes: dict[str, Any] = field(default_factory=dict)

    def line(self) -> str:
        rec = ", ".join(f"{s:.1f}" for s in self.recovery_s) or "-"
        notes = " ".join(f"{k}={v}" for k, v in self.notes.items())
        return (
            f"{self.scenario:<22} inputs={self.inputs:<5} lost={self.lost:<3} "
            f"stuck={self.stuck:<3} duplicated={self.duplicated:<4} "
            f"dead-lettered={self.dead_lettered:<3} unmatched={self.unmatched} "
            f"crashes={self.crashes} recovery_s=[{rec}] {notes}"
        )


class Run:
    """One scenario's topics, consumer group, workers and output reader."""

    def __init__(
        self,
        broker: Broker,
        scratch: Path,
        name: str,
        code_dir: Path = ROOT,
        partitions: int = 4,
        input_max_bytes: int = 1_048_588,
        max_crashes: int = 6,
        **env: str,
    ) -> None:
        self.broker = broker
        self.name = name
        self.code_dir = code_dir
        self.partitions = partitions
        self.max_crashes = max_crashes
        self.run_id = f"{name}-{uuid.uuid4().hex[:8]}"
        self.dir = scratch / self.run_id
        self.dir.mkdir(parents=True, exist_ok=True)
        self.counts = Counts(name)
        self.workers: list[Worker] = []
        self.produced: list[Pos] = []
        p = f"r{self.run_id}"
        self.topics = {
            "input": f"{p}.articles",
            "dlq": f"{p}.articles.dlq",
            "receipts": f"{p}.articles.processed",
        }
        self.env = {
            **{k: v for k, v in os.environ.items() if not k.startswith("STREAMS_")},
            "STREAMS_BROKER_URL": "kafka://" + broker.bootstrap.replace(",", ";"),
            "STREAMS_APP_ID": f"rel-{self.run_id}",
            "STREAMS_INPUT_TOPIC": self.topics["input"],
            "STREAMS_EVENT_TOPIC_PREFIX": f"{p}.events.",
            "STREAMS_DLQ_TOPIC": self.topics["dlq"],
            "STREAMS_RECEIPTS_TOPIC": self.topics["receipts"],
            "STREAMS_INPUT_PARTITIONS": str(partitions),
            "STREAMS_TOPIC_REPLICATION": str(broker.replication),
            "STREAMS_WEB_BIND": "127.0.0.1",
            "STREAMS_BATCH_WITHIN": "0.1",
            **env,
        }
        self.input_max_bytes = input_max_bytes
        self._create_input()
        self.outputs: Outputs | None = None

    def _create_input(self) -> None:
        asyncio.run(
            _create_input(
                self.broker.bootstrap, self.topics["input"], self.partitions,
                self.broker.replication, self.input_max_bytes,
            )
        )  # fmt: skip

    # workers
    def worker(self, wait: bool = True, **extra: str) -> Worker:
        name = f"w{len(self.workers) + 1}"
        env = {
            **self.env,
            "STREAMS_WEB_PORT": str(free_port()),
            "STREAMS_DATA_DIR": str(self.dir / name),
            **extra,
        }
        w = Worker(name, env, self.code_dir, self.dir / f"{name}.log")
        self.workers.append(w)
        w.start()
        if wait:
            w.wait_ready()
            self._read_outputs()
        return w

    def _read_outputs(self) -> None:
        if self.outputs is None:
            topics = [self.topics["receipts"], self.topics["dlq"]]
            self.outputs = Outputs(self.broker.bootstrap, topics)
            self.outputs.start()

    def supervise(self) -> None:
        """Restart a worker that exited on its own, and count it as a crash."""
        for w in self.workers:
            if w.proc is not None and not w.alive and not w.stopping:
                self.counts.crashes += 1
                if self.counts.crashes <= self.max_crashes:
                    w.start()

    # inputs and outputs
    def produce(self, messages: list[tuple[bytes | None, bytes | None]]) -> list[Pos]:
        pos = asyncio.run(
            _produce(self.broker.bootstrap, self.topics["input"], messages, self.partitions)
        )
        self.produced += pos
        self.counts.inputs += len(pos)
        return pos

    def receipts(self) -> list[Out]:
        recs = self.outputs.records if self.outputs else []
        return [r for r in recs if r.topic == self.topics["receipts"]]

    def receipt_positions(self) -> Counter[Pos]:
        return Counter(
            (r.value["source"]["partition"], r.value["source"]["offset"]) for r in self.receipts()
        )

    def wait_for(self, cond: Callable[[], bool], timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.supervise()
            if cond():
                return True
            if self.counts.crashes > self.max_crashes:
                return False
            time.sleep(0.2)
        return False

    def done(self, positions: list[Pos] | None = None) -> Callable[[], bool]:
        wanted = set(self.produced if positions is None else positions)
        return lambda: wanted <= set(self.receipt_positions())

    def receipts_seen(self, n: int) -> Callable[[], bool]:
        return lambda: len(self.receipts()) >= n

    def first_receipt_after(self, t: float, partitions: set[int] | None = None) -> float | None:
        """Seconds from ``t`` (monotonic) to the first receipt the workers *wrote* after it
        (their ``processed_at``), so a receipt written before but read after does not count."""
        wall = time.time() - (time.monotonic() - t)
        times = [
            datetime.fromisoformat(r.value["processed_at"].replace("Z", "+00:00")).timestamp()
            for r in self.receipts()
            if partitions is None or r.value["source"]["partition"] in partitions
        ]
        later = [x for x in times if x > wall]
        return min(later) - wall if later else None

    # the end
    def account(self, linger: float = 3.0) -> Counts:
        """Count every produced offset's fate (after ``linger`` seconds, to see duplicates)."""
        time.sleep(linger)
        c = self.counts
        seen = self.receipt_positions()
        committed = asyncio.run(
            _committed(self.broker.bootstrap, self.env["STREAMS_APP_ID"], self.topics["input"])
        )
        for part, off in self.produced:
            if seen[(part, off)] == 0:
                if off < committed.get(part, -1):
                    c.lost += 1
                else:
                    c.stuck += 1
        c.duplicated = sum(max(0, seen[p] - 1) for p in self.produced)
        recs = self.outputs.records if self.outputs else []
        dead = {
            (r.value["source"]["partition"], r.value["source"]["offset"])
            for r in recs
            if r.topic == self.topics["dlq"]
        }
        dl_receipts = {
            (r.value["source"]["partition"], r.value["source"]["offset"])
            for r in self.receipts()
            if r.value["outcome"] == "dead_letter"
        }
        c.dead_lettered = len(dl_receipts)
        c.unmatched = len(dl_receipts - dead)
        return c

    def close(self) -> None:
        for w in self.workers:
            if w.alive:
                w.terminate(timeout=30)
            w.cleanup()
        if self.outputs is not None:
            self.outputs.stop()

    def log_size(self) -> tuple[int, int]:
        """Bytes and lines the workers have logged so far."""
        size = lines = 0
        for w in self.workers:
            if w.log.exists():
                data = w.log.read_bytes()
                size += len(data)
                lines += data.count(b"\n")
        return size, lines


@contextlib.contextmanager
def run(broker: Broker, scratch: Path, name: str, **kwargs: Any) -> Iterator[Run]:
    r = Run(broker, scratch, name, **kwargs)
    try:
        yield r
    finally:
        r.close()
