"""A real Kafka broker and a real worker process for the end-to-end tests.

The broker is the one ``scripts/kafka_local.py`` runs on 127.0.0.1:19092; if none answers,
the fixture starts it (and stops it at the end). Each test module gets its own topics,
consumer group and worker process, so tests never see each other's messages.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import urllib.request
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from streams.kafka_io import OutputRecord, make_admin, make_producer, read_outputs
from streams.settings import Settings
from tests.reliability.harness import free_port

ROOT = Path(__file__).resolve().parents[2]
# One variable suffices: KAFKA_PORT moves scripts/kafka_local.py's broker and these tests.
BOOTSTRAP = os.environ.get(
    "STREAMS_TEST_BOOTSTRAP", f"127.0.0.1:{os.environ.get('KAFKA_PORT', '19092')}"
)
Record = OutputRecord


def client_settings() -> Settings:
    """Settings of the tests' own clients: the plain local broker."""
    return Settings(broker_url=f"kafka://{BOOTSTRAP}")


async def _broker_answers() -> bool:
    admin = make_admin(client_settings(), request_timeout_ms=3000)
    try:
        await admin.start()
        await admin.list_topics()
        return True
    except Exception:
        return False
    finally:
        await admin.close()


@pytest.fixture(scope="session")
def broker() -> Iterator[str]:
    started = False
    if not asyncio.run(_broker_answers()):
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "kafka_local.py"), "start"], check=True
        )
        started = True
    yield BOOTSTRAP
    if started:
        subprocess.run(
            [sys.executable, str(ROOT / "scripts" / "kafka_local.py"), "stop"], check=False
        )


@dataclass
class RunningWorker:
    env: dict[str, str]
    proc: subprocess.Popen[bytes]
    log: Path
    port: int

    @property
    def input_topic(self) -> str:
        return self.env["STREAMS_INPUT_TOPIC"]

    def topic(self, name: str) -> str:
        return {
            "dlq": self.env["STREAMS_DLQ_TOPIC"],
            "receipts": self.env["STREAMS_RECEIPTS_TOPIC"],
        }.get(name, self.env["STREAMS_EVENT_TOPIC_PREFIX"] + name)

    def readyz(self) -> tuple[int, bytes]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/readyz", timeout=2) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as err:
            return err.code, err.read()
        except OSError:
            return 0, b""


def start_worker(broker: str, tmp: Path, **extra: str) -> RunningWorker:
    run = uuid.uuid4().hex[:10]
    port = free_port()
    env = {
        **os.environ,
        "STREAMS_BROKER_URL": f"kafka://{broker}",
        "STREAMS_APP_ID": f"test-{run}",
        "STREAMS_INPUT_TOPIC": f"t{run}.articles",
        "STREAMS_EVENT_TOPIC_PREFIX": f"t{run}.events.",
        "STREAMS_DLQ_TOPIC": f"t{run}.articles.dlq",
        "STREAMS_RECEIPTS_TOPIC": f"t{run}.articles.processed",
        "STREAMS_INPUT_PARTITIONS": "2",
        "STREAMS_WEB_PORT": str(port),
        "STREAMS_WEB_BIND": "127.0.0.1",
        "STREAMS_BATCH_WITHIN": "0.1",
        "STREAMS_DATA_DIR": str(tmp / run),
        **extra,
    }
    log = tmp / f"worker-{run}.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "streams", "worker", "-l", "info"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
    worker = RunningWorker(env, proc, log, port)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"worker exited with {proc.returncode}:\n{log.read_text()[-3000:]}")
        if worker.readyz()[0] == 200:
            return worker
        time.sleep(0.5)
    stop_worker(worker)
    raise RuntimeError(f"worker not ready in 120s:\n{log.read_text()[-3000:]}")


def stop_worker(worker: RunningWorker) -> None:
    worker.proc.terminate()
    try:
        worker.proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        worker.proc.kill()
        worker.proc.wait()


@pytest.fixture(scope="module")
def worker(broker: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningWorker]:
    w = start_worker(broker, tmp_path_factory.mktemp("worker"))
    yield w
    stop_worker(w)


async def produce(topic: str, messages: list[tuple[bytes | None, bytes | None]]) -> None:
    producer = make_producer(client_settings(), max_request_size=2_000_000)
    await producer.start()
    try:
        for key, value in messages:
            await producer.send_and_wait(topic, value, key=key)
    finally:
        await producer.stop()


async def consume_until(
    topics: list[str], done: object, timeout: float = 60.0, linger: float = 2.0
) -> list[Record]:
    """Read ``topics`` from the start until ``done(records)`` is true or time runs out,
    then ``linger`` seconds more, so that a duplicate would be seen too."""
    return await read_outputs(
        client_settings(),
        topics,
        done,  # a callable: done(records) -> bool
        timeout=timeout,
        linger=linger,
    )
