#!/usr/bin/env python3
"""The full reliability suite: every scenario of ``tests/reliability/scenarios.py`` at full
size, against real brokers, printing what happened to every input.

usage: .venv/bin/python bench/reliability.py [--short] [--only NAME,...] [--code-dir DIR]
                                              [--json PATH]

It starts the suite's single broker on ``KAFKA_PORT`` unless one answers there, a private
one on ``KAFKA_PORT + 10`` for the broker restart, and the three-node cluster on
``KAFKA_PORT + 20`` onwards, and stops all it started. ``--code-dir`` runs the workers from
another checkout of the repository (``git worktree add /tmp/before <commit>``), which is
how the "before" column in the README was measured; the harness is always this one.
``--short`` uses the sizes CI uses. Takes about 15 minutes on 2 cores (5 with --short).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.reliability import scenarios  # noqa: E402
from tests.reliability.harness import Broker, Counts  # noqa: E402

Scenario = Callable[[Broker, Path, Path], Counts]

FULL: dict[str, Scenario] = {
    "poison": lambda b, s, c: scenarios.poison(b, s, c, good=60, timeout=600),
    "huge-articles": lambda b, s, c: scenarios.huge_articles(b, s, c, good=20, timeout=900),
    "kill9": lambda b, s, c: scenarios.kill9(b, s, c, articles=600, kills=3),
    "broker-restart": lambda b, s, c: scenarios.broker_restart(
        s, c, articles=900, outages=(15.0, 90.0)
    ),
    "rebalance-kill": lambda b, s, c: scenarios.rebalance_kill(b, s, c, articles=600),
    "sigterm": lambda b, s, c: scenarios.sigterm(b, s, c, articles=300),
    "sigterm-rebalance": lambda b, s, c: scenarios.sigterm(b, s, c, articles=400, rebalance=True),
    "cluster": lambda b, s, c: scenarios.cluster(s, c, articles=600),
    "broker-wipe": lambda b, s, c: scenarios.broker_wipe(s, c, articles=100),
    "stall": lambda b, s, c: scenarios.stall(b, s, c, articles=200),
    "long-articles": lambda b, s, c: scenarios.long_articles(b, s, c, times=(15, 150)),
}

SHORT: dict[str, Scenario] = {
    "poison": lambda b, s, c: scenarios.poison(b, s, c, good=12),
    "huge-articles": lambda b, s, c: scenarios.huge_articles(
        b, s, c, good=5, STREAMS_ARTICLE_TIMEOUT="20"
    ),
    "kill9": lambda b, s, c: scenarios.kill9(b, s, c, articles=150),
    "broker-restart": lambda b, s, c: scenarios.broker_restart(s, c, articles=200, outages=(15.0,)),
    "rebalance-kill": lambda b, s, c: scenarios.rebalance_kill(b, s, c, articles=200),
    "sigterm-rebalance": lambda b, s, c: scenarios.sigterm(b, s, c, articles=200, rebalance=True),
    "cluster": lambda b, s, c: scenarios.cluster(s, c, articles=200),
    "stall": lambda b, s, c: scenarios.stall(b, s, c, articles=100),
}


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--short", action="store_true", help="the sizes CI uses")
    p.add_argument("--only", default="", help="comma-separated scenario names")
    p.add_argument("--code-dir", type=Path, default=ROOT, help="run the workers from here")
    p.add_argument("--json", type=Path, default=None, help="also write the counts here")
    args = p.parse_args()
    table = SHORT if args.short else FULL
    names = [n for n in args.only.split(",") if n] or list(table)
    unknown = set(names) - set(table)
    if unknown:
        p.error(f"unknown scenario(s) {sorted(unknown)}; choose from {list(table)}")
    scratch = ROOT / "bench" / "out" / "reliability"
    scratch.mkdir(parents=True, exist_ok=True)
    broker = Broker("shared")
    broker.start()
    results = []
    try:
        for name in names:
            t0 = time.monotonic()
            counts = table[name](broker, scratch, args.code_dir.resolve())
            print(f"{counts.line()} took_s={time.monotonic() - t0:.0f}", flush=True)
            results.append(dataclasses.asdict(counts))
    finally:
        broker.stop()
    if args.json:
        args.json.write_text(json.dumps(results, indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
