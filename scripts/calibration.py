#!/usr/bin/env python3
"""Does confidence mean something? Precision of published events per confidence band.

usage: .venv/bin/python scripts/calibration.py GOLD.jsonl [GOLD.jsonl ...]
       .venv/bin/python scripts/calibration.py --fit GOLD.jsonl [...]   # refit the weights

A prediction is right when it matches a gold event as ``../shared/eval/score.py`` counts
it; predictions that only match an optional event are left out, as the scorer does.
``--fit`` fits the logistic model of ``streams/extract/confidence.py`` on those
predictions and writes ``streams/data/confidence.json``.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import json  # noqa: E402
from datetime import UTC, datetime  # noqa: E402
from typing import Any  # noqa: E402

import numpy as np  # noqa: E402

from streams.extract import Pipeline  # noqa: E402
from streams.extract.build import finish  # noqa: E402
from streams.extract.confidence import features  # noqa: E402
from streams.extract.strengths import fingerprint  # noqa: E402
from streams.handling import publishable  # noqa: E402
from streams.records import DiplomaticEvent  # noqa: E402
from streams.settings import Settings  # noqa: E402
from tests.conftest import article_of, load_jsonl  # noqa: E402
from tests.quality import matches, told_as_not_happening  # noqa: E402

BANDS = ((0.0, 0.8), (0.8, 0.9), (0.9, 1.01))


def _right(event: DiplomaticEvent, item: dict[str, Any]) -> bool:
    """A gold event, or one the item tells as not happening, published with that status."""
    return any(matches(event, g) for g in item["gold"]) or told_as_not_happening(event, item)


def samples(paths: list[str]) -> list[tuple[dict[str, float], bool]]:
    """(features, right) for every published, counted prediction."""
    settings = Settings(executor="inline")
    pipeline = Pipeline.load(settings.extract_options())
    out = []
    for path in paths:
        items = load_jsonl(Path(path))
        drafts_of = pipeline.drafts_batch([article_of(item) for item in items])
        for item, drafts in zip(items, drafts_of, strict=True):
            for d in drafts:
                event = finish(d, item["id"], pipeline.extractor)
                if event not in publishable([event], settings):
                    continue
                right = _right(event, item)
                if right or not any(matches(event, o) for o in item.get("optional", [])):
                    out.append((features(d), right))
    return out


def fit(paths: list[str]) -> None:
    data = samples(paths)
    names = sorted({k for f, _ in data for k in f})
    x = np.array([[f.get(n, 0.0) for n in names] for f, _ in data])
    y = np.array([float(r) for _, r in data])
    w = np.zeros(len(names))
    for _ in range(5000):  # L2-regularised logistic regression, plain gradient descent
        p = 1 / (1 + np.exp(-x @ w))
        w -= 0.1 * (x.T @ (p - y) / len(y) + 0.01 * w)
    weights = {n: round(float(v), 4) for n, v in zip(names, w, strict=True)}
    out = {
        "fitted_on": [Path(p).name for p in paths],
        "samples": len(y),
        "fitted_at": datetime.now(UTC).date().isoformat(),
        "strengths": fingerprint(),
        "weights": weights,
    }
    (ROOT / "streams" / "data" / "confidence.json").write_text(json.dumps(out, indent=1) + "\n")
    print(f"fitted {len(names)} weights on {len(y)} predictions ({y.mean():.2f} right)")


def main(paths: list[str]) -> None:
    settings = Settings(executor="inline")
    pipeline = Pipeline.load(settings.extract_options())
    counts = {band: [0, 0] for band in BANDS}  # right, counted
    for path in paths:
        items = load_jsonl(Path(path))
        articles = [article_of(i) for i in items]
        for item, events in zip(items, pipeline.extract_batch(articles), strict=True):
            for e in publishable(events, settings):
                right = _right(e, item)
                if not right and any(matches(e, o) for o in item.get("optional", [])):
                    continue
                band = next(b for b in BANDS if b[0] <= e.confidence < b[1])
                counts[band][0] += right
                counts[band][1] += 1
    print(f"| confidence | events | precision |   ({', '.join(Path(p).name for p in paths)})")
    print("|---|---|---|")
    for (lo, hi), (right, n) in counts.items():
        shown = f"{right / n:.2f}" if n else "-"
        print(f"| {lo:.2f}–{min(hi, 1.0):.2f} | {n} | {shown} |")


if __name__ == "__main__":
    if sys.argv[1:2] == ["--fit"]:
        fit(sys.argv[2:])
    else:
        main(sys.argv[1:])
