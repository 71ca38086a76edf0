#!/usr/bin/env python3
"""Rewrite tests/data/known_misses.txt from what the extractor gets wrong today.

Run after improving the extractor (the strict xfails then point at the items that now
pass); review the diff: an item that newly fails is a regression, not a new known miss.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from streams.extract import Pipeline  # noqa: E402
from streams.handling import publishable  # noqa: E402
from streams.settings import Settings  # noqa: E402
from tests.conftest import article_of  # noqa: E402
from tests.quality import judge  # noqa: E402
from tests.unit.extract.test_real_cases import CASES  # noqa: E402


def main() -> None:
    settings = Settings(executor="inline")
    pipeline = Pipeline.load(settings.extract_options())
    articles = [article_of(item) for item in CASES]
    lines = [
        "# id reason (strict xfails of tests/unit/extract/test_real_cases.py);"
        " regenerate with scripts/known_misses.py"
    ]
    for item, events in zip(CASES, pipeline.extract_batch(articles), strict=True):
        v = judge(item, events, publishable(events, settings))
        if v.ok:
            continue
        parts = [f"missed {m}" for m in v.missed] + [f"status {w}" for w in v.wrong_status]
        parts += [f"extra {f}" for f in v.false_positives]
        parts += [f"published non-event {n}" for n in v.published_non_events]
        lines.append(f"{item['id']} {'; '.join(parts)}")
    (ROOT / "tests" / "data" / "known_misses.txt").write_text("\n".join(lines) + "\n")
    print(f"{len(lines) - 1} known misses of {len(CASES)} cases")


if __name__ == "__main__":
    main()
