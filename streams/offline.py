"""Offline mode: the worker's decode → extract → publish policy, on files instead of Kafka."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import BinaryIO, TypeVar

from tqdm import tqdm

from streams.decode import decode_article
from streams.errors import DecodeError
from streams.extract import Pipeline
from streams.handling import publishable
from streams.records import Article, to_json
from streams.runner import extract_isolated
from streams.settings import Settings
from streams.sources import iter_raw

T = TypeVar("T")


def extract_files(
    paths: list[Path], settings: Settings, out: BinaryIO, *, batch_size: int | None = None
) -> int:
    """Write one event per line to ``out``; report bad inputs on stderr. Exit code 1 if any."""
    pipeline = Pipeline.load(settings.extract_options())
    n_bad = 0
    articles: list[Article] = []
    for i, raw in enumerate(iter_raw(paths)):
        try:
            articles.append(
                decode_article(raw, max_bytes=settings.max_article_bytes, unknown_fields="ignore")
            )
        except DecodeError as exc:
            n_bad += 1
            print(f"input #{i}: {exc}", file=sys.stderr)
    progress = tqdm(total=len(articles), unit="article", disable=None, file=sys.stderr)
    for batch in _chunks(articles, batch_size or settings.batch_size):
        # the worker's own isolation: one article that breaks the extractor is reported,
        # the rest of the batch is not lost
        for article, result in zip(batch, extract_isolated(pipeline, batch), strict=True):
            if result.error is not None:
                n_bad += 1
                print(f"article {article.id}: {result.error.reason}", file=sys.stderr)
            for event in publishable(result.events, settings):
                out.write(to_json(event) + b"\n")
        progress.update(len(batch))
    progress.close()
    out.flush()
    return 1 if n_bad else 0


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk
