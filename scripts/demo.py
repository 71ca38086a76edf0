#!/usr/bin/env python3
"""The demo behind ``scripts/demo``: broker, worker, seeds in, events out, printed.

1. starts the local Kafka broker (scripts/kafka_local.py) unless one is running;
2. starts the worker (``python -m streams worker``) and waits until it is ready;
3. produces every article in seeds/ (and the malformed lines of seeds/bad/);
4. waits for a receipt per message, then prints the events read back from their topics,
   and the dead letters;
5. stops what it started.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path
from typing import Any

import orjson

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable


def sh(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([PY, *args], cwd=ROOT, env=env, check=True)


def broker_running() -> bool:
    status = subprocess.run(
        [PY, "scripts/kafka_local.py", "status"], cwd=ROOT, capture_output=True, check=False
    )
    return status.returncode == 0


def wait_ready(port: int, proc: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"worker exited:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"worker not ready after 120 s:\n{log.read_text()[-3000:]}")


async def read_back(env: dict[str, str], expected: int) -> None:
    """Print events and dead letters once every produced message has its receipt."""
    from streams.kafka_io import read_outputs
    from streams.records import EVENT_TYPES
    from streams.settings import Settings

    receipts_topic = env["STREAMS_RECEIPTS_TOPIC"]
    topics = [env["STREAMS_EVENT_TOPIC_PREFIX"] + t for t in EVENT_TYPES]
    topics += [env["STREAMS_DLQ_TOPIC"], receipts_topic]

    def all_receipts(records: list[Any]) -> bool:
        return sum(r.topic == receipts_topic for r in records) >= expected

    # the broker and its security come from the environment, as for the worker;
    # linger: the last batch's events may follow its receipt
    records = await read_outputs(Settings(), topics, all_receipts, timeout=120, linger=1.0)
    receipts = sum(r.topic == receipts_topic for r in records)
    seen = [(r.topic, orjson.loads(r.value)) for r in records if r.topic != receipts_topic]
    print_report(seen, receipts, expected, env)


def print_report(
    seen: list[tuple[str, dict]], receipts: int, expected: int, env: dict[str, str]
) -> None:
    from streams.kafka_io import render

    events = [(t, d) for t, d in seen if "event_id" in d]
    dead = [(t, d) for t, d in seen if "error" in d]
    print(f"\n=== {len(events)} events read back from Kafka ===")
    for article in sorted({d["article_id"] for _, d in events}):
        print(f"\n--- article {article}")
        for topic, d in sorted(
            ((t, d) for t, d in events if d["article_id"] == article),
            key=lambda x: x[1]["evidence"]["trigger_start"],
        ):
            print("  " + render(topic, orjson.dumps(d), as_json=False))
            print(f"      evidence: {d['evidence']['sentence'][:150]!r}")
    print(f"\n=== {len(dead)} dead letters on {env['STREAMS_DLQ_TOPIC']} ===")
    for _, d in dead:
        pos = d["source"]
        print(f"  offset {pos['offset']:>3}: {d['error']['stage']}: {d['error']['reason']}")
    print(f"\n{receipts}/{expected} messages accounted for on {env['STREAMS_RECEIPTS_TOPIC']}")


def main() -> int:
    started_broker = False
    if not broker_running():
        sh("scripts/kafka_local.py", "start")
        started_broker = True
    # A fresh broker has the default topic names to itself; a shared one gets a run prefix.
    prefix = "" if started_broker else f"demo-{uuid.uuid4().hex[:6]}."
    env = {
        **os.environ,
        "STREAMS_APP_ID": f"{prefix}streams-events",
        "STREAMS_INPUT_TOPIC": f"{prefix}articles",
        "STREAMS_EVENT_TOPIC_PREFIX": f"{prefix}events.",
        "STREAMS_DLQ_TOPIC": f"{prefix}articles.dlq",
        "STREAMS_RECEIPTS_TOPIC": f"{prefix}articles.processed",
        "STREAMS_WEB_PORT": env_port(),
        "STREAMS_WEB_BIND": "127.0.0.1",
    }
    log = ROOT / ".kafka" / "logs" / "demo-worker.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("wb") as out:
        worker = subprocess.Popen(
            [PY, "-m", "streams", "worker", "-l", "info"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    try:
        print(f"worker starting (log: {log.relative_to(ROOT)}) ...", flush=True)
        wait_ready(int(env["STREAMS_WEB_PORT"]), worker, log)
        seeds = sorted(p for p in (ROOT / "seeds").iterdir() if p.suffix in (".txt", ".jsonl"))
        bad = sorted((ROOT / "seeds" / "bad").glob("*.jsonl"))
        sh("-m", "streams", "produce", *map(str, seeds), env=env)
        sh("-m", "streams", "produce", "--as-is", *map(str, bad), env=env)
        expected = count_articles(seeds) + sum(
            1 for p in bad for line in p.read_bytes().splitlines() if line.strip()
        )
        asyncio.run(read_back(env, expected))
    finally:
        worker.terminate()
        worker.wait(timeout=60)
        if started_broker:
            sh("scripts/kafka_local.py", "stop")
    return 0


def env_port() -> str:
    return os.environ.get("STREAMS_WEB_PORT", "6066")


def count_articles(paths: list[Path]) -> int:
    from streams.sources import Item, read_inputs

    return sum(isinstance(r, Item) for r in read_inputs(map(str, paths)))


if __name__ == "__main__":
    sys.exit(main())
