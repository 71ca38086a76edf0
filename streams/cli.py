"""Command line: ``python -m streams {worker,extract,produce,consume}``.

- ``worker``: the faust worker (every faust worker option is passed through).
- ``extract INPUT...``: offline mode; the worker's extraction on files or standard input
  (``-``), events as JSON lines on stdout.
- ``produce INPUT...``: send articles to the input topic.
- ``consume``: print what the worker published (events, dead letters, receipts).

An input is a file or ``-`` (standard input): plain text (``.txt``), JSON lines
(``.jsonl``, ``.ndjson``, or any file whose lines are JSON objects) or a JSON article or
list of articles. A bad input is reported on stderr with its place (``file:line``) and the
rest goes on.

exit status:
  0  every input was read (and sent or extracted)
  1  some inputs were bad (each reported on stderr)
  2  usage error: bad arguments or an invalid STREAMS_* setting
  3  Kafka could not be reached or refused the connection (TLS, SASL)
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys

from streams.errors import ConfigError
from streams.settings import Settings, get_settings

OK, BAD_INPUT, USAGE, KAFKA = 0, 1, 2, 3


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    try:
        if argv[:1] == ["worker"] or argv[:1] == ["faust"]:
            return _faust(argv if argv[0] == "worker" else argv[1:])
        args = _parser().parse_args(argv)  # exits with 2 on a usage error
        return int(args.run(args, _settings()))
    except ConfigError as exc:
        return _fail(USAGE, str(exc))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # the reader went away (``| head``): stop quietly; stdout must not flush again
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return BAD_INPUT


def _settings() -> Settings:
    from streams.logs import setup_cli_logging

    settings = get_settings()
    setup_cli_logging(settings)
    return settings


def _fail(code: int, message: str) -> int:
    print(f"streams: {message}", file=sys.stderr)
    return code


def _faust(argv: list[str]) -> int:
    from streams.app import default_app

    app = default_app()  # a bad setting raises ConfigError here, before faust starts
    # faust's banner is a text table: with JSON logs it would be the one line that is not
    quiet = ["--quiet"] if get_settings().log_format == "json" else []
    sys.argv = ["streams", *quiet, *argv]
    app.main()
    return OK


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m streams",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("worker", help="run the faust worker (see `python -m streams worker --help`)")

    ex = sub.add_parser("extract", help="extract events from inputs; JSON lines on stdout")
    ex.add_argument("inputs", nargs="+", metavar="INPUT", help="a file, or - for stdin")
    ex.add_argument(
        "-b", "--batch-size", type=_positive, default=None,
        help="articles per nlp batch (default STREAMS_BATCH_SIZE; 1 for a live stream)",
    )  # fmt: skip
    ex.set_defaults(run=_run_extract)

    pr = sub.add_parser("produce", help="send articles from inputs to the input topic")
    pr.add_argument("inputs", nargs="+", metavar="INPUT", help="a file, or - for stdin")
    pr.add_argument("--topic", default=None, help="default STREAMS_INPUT_TOPIC")
    pr.add_argument("--repeat", type=_positive, default=1, help="send the inputs N times")
    pr.add_argument("--rate", type=_seconds, default=0.0, help="articles per second (0: no limit)")
    pr.add_argument(
        "--as-is",
        action="store_true",
        help="send each non-blank line unchanged, even if it is not a valid article",
    )
    pr.set_defaults(run=_run_produce)

    co = sub.add_parser("consume", help="print events (and dead letters) read from Kafka")
    co.add_argument(
        "--idle", type=_seconds, default=10.0, help="stop after N seconds without input"
    )
    co.add_argument("--max", type=_count, default=0, help="stop after N messages (0: no limit)")
    co.add_argument("--dead-letters", action="store_true", help="include the dead-letter topic")
    co.add_argument("--receipts", action="store_true", help="include the receipts topic")
    co.add_argument(
        "--topic", action="append", default=None, help="read this topic instead (repeatable)"
    )
    co.add_argument("--json", action="store_true", help="print raw JSON lines")
    co.set_defaults(run=_run_consume)
    return p


def _positive(text: str) -> int:
    value = _count(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"{value} must be at least 1")
    return value


def _count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if value < 0:
        raise argparse.ArgumentTypeError(f"{value} must not be negative")
    return value


def _seconds(text: str) -> float:
    """A non-negative number (seconds, or a rate)."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not value >= 0:  # also refuses nan
        raise argparse.ArgumentTypeError(f"{text} must not be negative")
    return value


def _report(place: str, reason: str) -> None:
    print(f"{place}: {reason}", file=sys.stderr)


def _run_extract(args: argparse.Namespace, settings: Settings) -> int:
    from streams.offline import extract_inputs

    return extract_inputs(
        args.inputs,
        settings,
        sys.stdout.buffer,
        sys.stderr,
        stdin=sys.stdin.buffer,
        batch_size=args.batch_size,
    )


def _run_produce(args: argparse.Namespace, settings: Settings) -> int:
    from streams.kafka_io import KafkaUnavailable, produce_inputs

    topic = args.topic or settings.input_topic
    run = produce_inputs(
        args.inputs, settings, topic, repeat=args.repeat, rate=args.rate, as_is=args.as_is,
        stdin=sys.stdin.buffer, report=_report,
    )  # fmt: skip
    try:
        result = asyncio.run(run)
    except KafkaUnavailable as exc:
        return _fail(KAFKA, f"sending stopped: {exc}")
    print(f"produced {result.sent} articles to {topic}", file=sys.stderr)
    return BAD_INPUT if result.bad else OK


def _run_consume(args: argparse.Namespace, settings: Settings) -> int:
    from streams.kafka_io import KafkaUnavailable, consume_outputs, output_topics

    topics = args.topic or output_topics(
        settings, dead_letters=args.dead_letters, receipts=args.receipts
    )
    run = consume_outputs(
        settings, topics, idle=args.idle, max_messages=args.max, as_json=args.json,
        out=sys.stdout,
    )  # fmt: skip
    try:
        asyncio.run(run)
    except KafkaUnavailable as exc:
        return _fail(KAFKA, str(exc))
    return OK
