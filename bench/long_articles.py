#!/usr/bin/env python3
"""Does extraction cost grow linearly with article length? Prints one table.

usage: .venv/bin/python bench/long_articles.py [--repeats 3]

Two kinds of long article, each at 15x and 150x a base size, extracted by the offline
pipeline (``Pipeline.extract``, the worker's own code) in this process:

- the seed article repeated (the issue's case: a transcript that repeats itself); a
  sentence repeated within an article is parsed once, so this grows less than linearly;
- distinct text: that many different paragraphs of real reporting (tests/data, eval/),
  every one parsed, so this shows the cost per word without the repeat discount.

The figures to watch: "time 150x / 15x" (10 is linear, 100 quadratic) and "per word", the
cost of a word at 150x over its cost at 15x (1 is linear).
Best of ``--repeats`` runs, because the machine is shared and noisy.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streams.extract import ExtractOptions, Pipeline  # noqa: E402
from streams.records import Article  # noqa: E402

SEED = ROOT / "seeds" / "000_823b45ff4b8f1464.txt"
PUBLISHED = datetime(2021, 12, 15, 18, 0, tzinfo=UTC)


def distinct_paragraphs() -> list[str]:
    seen: dict[str, None] = {}
    for path in sorted((ROOT / "tests" / "data").glob("*.jsonl")) + sorted(
        (ROOT / "eval").glob("*.jsonl")
    ):
        for line in path.read_bytes().splitlines():
            if line.strip():
                for para in orjson.loads(line)["body"].split("\n\n"):
                    seen.setdefault(para.strip(), None)
    return [p for p in seen if p]


def timed(pipeline: Pipeline, body: str, repeats: int) -> float:
    article = Article(id="long", body=body, published_at=PUBLISHED)
    best = float("inf")
    for _ in range(repeats):
        t0 = time.perf_counter()
        pipeline.extract(article)
        best = min(best, time.perf_counter() - t0)
    return best


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    pipeline = Pipeline.load(ExtractOptions())
    seed = SEED.read_text(encoding="utf-8")
    pool = distinct_paragraphs()
    per_block = len(pool) // 150  # paragraphs in one "1x" block of distinct text
    kinds = {
        "seed repeated": lambda n: "\n\n".join([seed] * n),
        f"distinct text ({per_block} paragraphs per 1x)": lambda n: "\n\n".join(
            pool[: n * per_block]
        ),
    }
    pipeline.extract(Article(id="warm", body=seed))
    print("| article | words 15x | s 15x | words 150x | s 150x | time 150x / 15x | per word |")
    print("|---|---|---|---|---|---|---|")
    for name, build in kinds.items():
        small, large = build(15), build(150)
        t_small, t_large = timed(pipeline, small, args.repeats), timed(pipeline, large, 1)
        w_small, w_large = len(small.split()), len(large.split())
        per_word = (t_large / w_large) / (t_small / w_small)
        print(
            f"| {name} | {w_small} | {t_small:.2f} | {w_large} | {t_large:.2f} | "
            f"**{t_large / t_small:.1f}x** | {per_word:.2f}x |"
        )


if __name__ == "__main__":
    main()
