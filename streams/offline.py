"""Offline mode: the worker's decode → extract → publish policy, on files instead of Kafka.

Inputs are read, decoded and extracted a batch at a time, and each batch's events are
written (and flushed) before the next is read, so standard input can be a live stream.
A bad input (a missing file, a line that is not an article, an article the extractor
fails on) is reported on stderr with its place and the rest goes on; the exit status says
whether any was bad.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import IO, Any, BinaryIO, TypeVar

from tqdm import tqdm

from streams.decode import decode_article
from streams.errors import ConfigError, DecodeError
from streams.handling import bounded_event, publishable
from streams.records import Article, to_json
from streams.runner import extract_isolated
from streams.settings import Settings
from streams.sources import BadInput, read_inputs

T = TypeVar("T")
Placed = tuple[str, Article]


class Report:
    """Bad inputs, one line each on stderr (around the progress bar), and their count."""

    def __init__(self, err: IO[str], progress: Any) -> None:
        self.err = err
        self.progress = progress
        self.bad = 0

    def __call__(self, place: str, reason: str) -> None:
        self.bad += 1
        self.progress.write(f"{place}: {reason}", file=self.err)


def extract_inputs(
    names: list[str],
    settings: Settings,
    out: BinaryIO,
    err: IO[str],
    *,
    stdin: IO[bytes] | None = None,
    batch_size: int | None = None,
) -> int:
    """Write one event per line to ``out``. Exit status 0 when every input was read and
    extracted, 1 when some were bad (each reported on ``err`` with its place)."""
    pipeline: Any = None
    # tqdm(disable=None): a progress bar on a terminal only, never into a pipe or a log
    with tqdm(unit="article", disable=None, file=err) as progress:
        report = Report(err, progress)
        articles = _decoded(read_inputs(names, stdin), settings, report)
        for batch in _chunks(articles, batch_size or settings.batch_size):
            if pipeline is None:  # loaded on the first article: bad inputs alone exit fast
                pipeline = _load(settings)
            _extract(pipeline, batch, settings, out, report)
            progress.update(len(batch))
    return 1 if report.bad else 0


def _load(settings: Settings) -> Any:
    from streams.extract import Pipeline

    try:
        return Pipeline.load(settings.extract_options())
    except OSError as exc:  # spaCy: the model package is not installed
        raise ConfigError(f"STREAMS_MODEL={settings.model} cannot be loaded: {exc}") from None


def _decoded(reads: Iterable[Any], settings: Settings, report: Report) -> Iterator[Placed]:
    for read in reads:
        if isinstance(read, BadInput):
            report(read.place, read.reason)
            continue
        try:
            article = decode_article(
                read.raw, max_bytes=settings.max_article_bytes, unknown_fields="ignore"
            )
        except DecodeError as exc:
            report(read.place, str(exc))
            continue
        yield read.place, article


def _extract(
    pipeline: Any, batch: list[Placed], settings: Settings, out: BinaryIO, report: Report
) -> None:
    # the worker's own isolation: one article that breaks the extractor is reported,
    # the rest of the batch is not lost
    results = extract_isolated(pipeline, [article for _, article in batch])
    for (place, article), result in zip(batch, results, strict=True):
        if result.error is not None:
            report(place, f"article {article.id}: {result.error.reason}")
        for event in publishable(result.events, settings):
            # the same bounded record the worker publishes
            out.write(to_json(bounded_event(event, settings)) + b"\n")
    out.flush()


def _chunks(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk
