#!/usr/bin/env python3
"""Throughput benchmark: the worker through Kafka against bare spaCy, in one run.

usage: .venv/bin/python bench/run.py [--articles N] [--seed S] [--latency-seconds T]
                                     [--no-two-workers] [--json PATH]

On one synthetic corpus (seeded; built from seeds/, tests/data/ and, when present,
../shared/eval/dev.jsonl) it measures, in the same run:

1. bare ``nlp.pipe`` over whole articles with the full pipeline (the reference);
2. the offline extractor (``Pipeline.extract_batch``);
3. the worker end to end through the real local broker, from the first article produced
   to the last receipt read back, its event-loop stall and its peak RSS;
4. latency p50/p99 at half the saturating rate;
5. two workers in one consumer group on two partitions.

Figures are ratios measured side by side because the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import subprocess
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import orjson
import psutil
from aiokafka.admin import NewTopic

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
SCRATCH = ROOT / "bench" / "out"  # worker logs and data dirs (git-ignored)


# --- corpus ------------------------------------------------------------------------------
def paragraphs() -> list[str]:
    """Real text to compose articles from: the seed articles and the dev set's bodies
    (news sentences, most of them about other political events). Without the shared dev
    set, the project's own real-reporting cases stand in (denser in events)."""
    pool: list[str] = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        pool += [p.strip() for p in path.read_text().split("\n\n") if p.strip()]
    files = sorted((ROOT / "seeds").glob("*.jsonl"))
    dev = ROOT.parent / "shared" / "eval" / "dev.jsonl"
    files += [dev] if dev.exists() else sorted((ROOT / "tests" / "data").glob("*.jsonl"))
    for path in files:
        for line in path.read_text().splitlines():
            if line.strip():
                body = orjson.loads(line)["body"]
                pool += [p.strip() for p in body.split("\n\n") if p.strip()]
    return pool


def corpus(n: int, seed: int) -> list[dict[str, Any]]:
    rng = random.Random(seed)
    pool = paragraphs()
    out = []
    for i in range(n):
        body = "\n\n".join(rng.sample(pool, rng.randint(4, 14)))
        day = rng.randint(1, 28)
        out.append(
            {
                "id": f"bench-{seed}-{i}",
                "body": body,
                "published_at": f"2023-{rng.randint(1, 12):02d}-{day:02d}T12:00:00Z",
            }
        )
    return out


# --- in-process measurements -------------------------------------------------------------
def bare_nlp_pipe(articles: list[dict[str, Any]], model: str) -> dict[str, float]:
    import spacy

    nlp = spacy.load(model)
    texts = [a["body"] for a in articles]
    t0 = time.perf_counter()
    words = sum(len(doc) for doc in nlp.pipe(texts, batch_size=32))
    took = time.perf_counter() - t0
    return {"articles_s": len(texts) / took, "words_s": words / took, "seconds": took}


def offline_extractor(articles: list[dict[str, Any]]) -> dict[str, float]:
    from streams.decode import article_from_dict
    from streams.extract import Pipeline
    from streams.settings import Settings

    pipeline = Pipeline.load(Settings(executor="inline").extract_options())
    decoded = [article_from_dict(a) for a in articles]
    t0 = time.perf_counter()
    events = 0
    for i in range(0, len(decoded), 32):
        events += sum(len(e) for e in pipeline.extract_batch(decoded[i : i + 32]))
    took = time.perf_counter() - t0
    return {"articles_s": len(decoded) / took, "events": events, "seconds": took}


# --- Kafka helpers -----------------------------------------------------------------------
def ensure_broker() -> bool:
    """Start the local broker unless one runs; True when this run started it."""
    status = subprocess.run(
        [sys.executable, "scripts/kafka_local.py", "status"],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    if status.returncode == 0:
        return False
    subprocess.run([sys.executable, "scripts/kafka_local.py", "start"], cwd=ROOT, check=True)
    return True


def stop_broker() -> None:
    subprocess.run([sys.executable, "scripts/kafka_local.py", "stop"], cwd=ROOT, check=False)


def client_settings() -> Any:
    """The broker and its security from STREAMS_* in the environment, as the workers see it."""
    from streams.settings import Settings

    return Settings()


async def create_topic(name: str, partitions: int) -> None:
    from streams.kafka_io import make_admin

    admin = make_admin(client_settings())
    await admin.start()
    try:
        await admin.create_topics([NewTopic(name, partitions, 1)])
    finally:
        await admin.close()


def start_workers(run: str, n: int, partitions: int) -> list[tuple[subprocess.Popen[bytes], int]]:
    SCRATCH.mkdir(parents=True, exist_ok=True)
    workers = []
    for k in range(n):
        port = 16000 + k + random.randint(0, 900)
        env = {
            **os.environ,
            "STREAMS_APP_ID": f"bench-{run}",
            "STREAMS_INPUT_TOPIC": f"{run}.articles",
            "STREAMS_EVENT_TOPIC_PREFIX": f"{run}.events.",
            "STREAMS_DLQ_TOPIC": f"{run}.dlq",
            "STREAMS_RECEIPTS_TOPIC": f"{run}.receipts",
            "STREAMS_INPUT_PARTITIONS": str(partitions),
            "STREAMS_WEB_PORT": str(port),
            "STREAMS_WEB_BIND": "127.0.0.1",
            "STREAMS_DATA_DIR": str(SCRATCH / f"{run}-{k}"),
        }
        log = open(SCRATCH / f"{run}-{k}.log", "wb")  # noqa: SIM115 - lives as long as the worker
        proc = subprocess.Popen(
            [sys.executable, "-m", "streams", "worker", "-l", "warn"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        workers.append((proc, port))
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        states = [readyz(port) for _, port in workers]
        assigned = sum(len(s.get("input_partitions", [])) for s in states if s)
        if all(s and s.get("ready") for s in states) and assigned == partitions:
            return workers
        time.sleep(0.5)
    stop_workers(workers)
    raise SystemExit(f"workers not ready; see {SCRATCH}/{run}-*.log")


def readyz(port: int) -> dict[str, Any]:
    import urllib.request

    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/readyz", timeout=2) as r:
            return dict(json.loads(r.read()))
    except OSError as err:
        body = getattr(err, "read", None)
        return dict(json.loads(body())) if callable(body) else {}


def stop_workers(workers: list[tuple[subprocess.Popen[bytes], int]]) -> None:
    for proc, _ in workers:
        proc.terminate()
    for proc, _ in workers:
        proc.wait(timeout=60)


def peak_rss_mb(pid: int) -> float:
    """Peak resident memory of a worker: its own and its NLP children's high-water marks."""
    total = 0
    for p in [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]:
        with open(f"/proc/{p.pid}/status") as fh:
            total += next(int(line.split()[1]) for line in fh if line.startswith("VmHWM"))
    return total / 1024


async def pump(run: str, articles: list[dict[str, Any]], rate: float) -> dict[str, Any]:
    """Produce the articles (at ``rate``/s, 0 = as fast as possible) and read every receipt."""
    from streams.kafka_io import OutputReader, make_producer

    settings = client_settings()
    async with OutputReader(settings, [f"{run}.receipts"], from_end=True) as reader:
        await reader.settle()  # read only the receipts of what this call produces
        producer = make_producer(settings, linger_ms=5)
        await producer.start()
        try:
            return await _pump(reader, producer, run, articles, rate)
        finally:
            await producer.stop()


async def _pump(
    reader: Any, producer: Any, run: str, articles: list[dict[str, Any]], rate: float
) -> dict[str, Any]:
    sent_at: dict[str, float] = {}
    latencies: list[float] = []

    async def produce() -> None:
        t0 = time.perf_counter()
        for i, a in enumerate(articles):
            if rate > 0 and (ahead := i / rate - (time.perf_counter() - t0)) > 0:
                await asyncio.sleep(ahead)
            sent_at[a["id"]] = time.time()
            await producer.send(f"{run}.articles", orjson.dumps(a), key=a["id"].encode())
        await producer.flush()

    t_start = time.perf_counter()
    task = asyncio.create_task(produce())
    seen = 0
    deadline = time.monotonic() + 1800
    while seen < len(articles) and time.monotonic() < deadline:
        records = await reader.poll(0.5)
        now = time.time()
        for r in records:
            art = orjson.loads(r.value)["article_id"]
            if art in sent_at:
                latencies.append(now - sent_at[art])
                seen += 1
    took = time.perf_counter() - t_start
    await task
    latencies.sort()
    return {
        "articles_s": seen / took,
        "seconds": took,
        "received": seen,
        "p50_ms": 1000 * latencies[len(latencies) // 2],
        "p99_ms": 1000 * latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))],
    }


def worker_run(
    articles: list[dict[str, Any]], n_workers: int, partitions: int, rate: float = 0.0
) -> dict[str, Any]:
    run = f"bench{uuid.uuid4().hex[:8]}"
    asyncio.run(create_topic(f"{run}.articles", partitions))
    workers = start_workers(run, n_workers, partitions)
    try:
        warm = [{**a, "id": f"warm-{i}"} for i, a in enumerate(articles[:20])]
        asyncio.run(pump(run, warm, 0))  # first batches pay for JIT-like warm-up; not timed
        result = asyncio.run(pump(run, articles, rate))
        stats = [readyz(port) for _, port in workers]
        result["loop_lag_max_s"] = max(s.get("loop_lag_max_s", 0) for s in stats)
        result["rss_mb"] = max(peak_rss_mb(p.pid) for p, _ in workers)
    finally:
        stop_workers(workers)
    return result


# --- report ------------------------------------------------------------------------------
def main() -> int:
    ap = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    ap.add_argument("--articles", type=int, default=3000)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--latency-seconds", type=float, default=40.0)
    ap.add_argument("--no-two-workers", action="store_true")
    ap.add_argument("--json", type=Path, default=ROOT / "bench" / "out" / "results.json")
    a = ap.parse_args()
    from streams.settings import Settings

    model = Settings().model
    articles = corpus(a.articles, a.seed)
    words = sum(len(x["body"].split()) for x in articles)
    print(
        f"corpus: {len(articles)} articles, {words} words, seed {a.seed}; "
        f"{os.cpu_count()} cores; model {model}",
        flush=True,
    )
    started = ensure_broker()
    try:
        res = measure(articles, words, a.seed, a.latency_seconds, not a.no_two_workers)
    finally:
        if started:
            stop_broker()  # leave the machine as found; a broker already running stays up
    a.json.parent.mkdir(parents=True, exist_ok=True)
    a.json.write_text(json.dumps(res, indent=1))
    print(table(res))
    return 0


def measure(
    articles: list[dict[str, Any]], words: int, seed: int, latency_s: float, two: bool
) -> dict[str, Any]:
    from streams.settings import Settings

    model = Settings().model
    res: dict[str, Any] = {"articles": len(articles), "words": words, "cores": os.cpu_count()}
    res["bare"] = bare_nlp_pipe(articles, model)
    print(f"bare nlp.pipe: {res['bare']['articles_s']:.1f} articles/s", flush=True)
    res["offline"] = offline_extractor(articles)
    print(f"offline extractor: {res['offline']['articles_s']:.1f} articles/s", flush=True)
    res["worker"] = worker_run(articles, 1, 2)
    print(f"worker: {res['worker']['articles_s']:.1f} articles/s", flush=True)
    rate = res["worker"]["articles_s"] / 2
    n_lat = max(50, int(rate * latency_s))
    res["latency"] = worker_run(corpus(n_lat, seed + 1), 1, 2, rate=rate) | {"rate": rate}
    if two:
        res["two_workers"] = worker_run(articles, 2, 2)
    return res


def table(r: dict[str, Any]) -> str:
    bare, off, w, lat = r["bare"], r["offline"], r["worker"], r["latency"]
    rows = [
        (
            "bare nlp.pipe, full pipeline (reference)",
            f"{bare['articles_s']:.1f} articles/s, {bare['words_s']:.0f} words/s",
        ),
        (
            "offline extractor",
            f"{off['articles_s']:.1f} articles/s "
            f"({off['articles_s'] / bare['articles_s']:.2f}x bare)",
        ),
        (
            "worker end to end through Kafka (1 worker, 2 partitions)",
            f"{w['articles_s']:.1f} articles/s",
        ),
        ("**worker / bare nlp.pipe**", f"**{w['articles_s'] / bare['articles_s']:.2f}x**"),
        (
            f"latency at half the saturating rate ({lat['rate']:.1f}/s)",
            f"p50 {lat['p50_ms']:.0f} ms, p99 {lat['p99_ms']:.0f} ms",
        ),
        ("peak RSS per worker (main process + NLP child)", f"{w['rss_mb']:.0f} MB"),
        (
            "longest event-loop stall under load",
            f"{1000 * max(w['loop_lag_max_s'], lat['loop_lag_max_s']):.0f} ms",
        ),
    ]
    if "two_workers" in r:
        two = r["two_workers"]
        rows.append(
            (
                "two workers, one group, 2 partitions",
                f"{two['articles_s']:.1f} articles/s "
                f"({two['articles_s'] / w['articles_s']:.2f}x one worker)",
            )
        )
    lines = [
        f"| figure ({r['articles']} articles, {r['words']} words, {r['cores']} cores) | value |",
        "|---|---|",
    ]
    return "\n".join(lines + [f"| {k} | {v} |" for k, v in rows])


if __name__ == "__main__":
    sys.exit(main())
