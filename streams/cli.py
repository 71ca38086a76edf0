"""Command line: ``python -m streams {worker,extract,produce,consume}``.

- ``worker``: the faust worker (every faust worker option is passed through).
- ``extract FILE...``: offline mode; the worker's extraction on files, events as JSON lines.
- ``produce FILE...``: send articles to the input topic.
- ``consume``: print what the worker published (events, dead letters, receipts).
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from streams.settings import get_settings


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["worker"] or argv[:1] == ["faust"]:
        return _faust(argv if argv[0] == "worker" else argv[1:])
    args = _parser().parse_args(argv)
    return int(args.run(args))


def _faust(argv: list[str]) -> int:
    from streams.app import default_app

    app = default_app()
    # faust's banner is a text table: with JSON logs it would be the one line that is not
    quiet = ["--quiet"] if get_settings().log_format == "json" else []
    sys.argv = ["streams", *quiet, *argv]
    app.main()
    return 0


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m streams",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser("worker", help="run the faust worker (see `python -m streams worker --help`)")

    ex = sub.add_parser("extract", help="extract events from files; JSON lines on stdout")
    ex.add_argument("files", nargs="+", type=Path)
    ex.add_argument(
        "-b",
        "--batch-size",
        type=int,
        default=None,
        help="articles per nlp batch (default STREAMS_BATCH_SIZE)",
    )
    ex.set_defaults(run=_run_extract)

    pr = sub.add_parser("produce", help="send articles from files to the input topic")
    pr.add_argument("files", nargs="+", type=Path)
    pr.add_argument("--topic", default=None, help="default STREAMS_INPUT_TOPIC")
    pr.add_argument("--repeat", type=int, default=1, help="send the files N times")
    pr.add_argument("--rate", type=float, default=0.0, help="articles per second (0: no limit)")
    pr.add_argument(
        "--as-is",
        action="store_true",
        help="send each line/file unchanged, even if it is not a valid article",
    )
    pr.set_defaults(run=_run_produce)

    co = sub.add_parser("consume", help="print events (and dead letters) read from Kafka")
    co.add_argument("--idle", type=float, default=10.0, help="stop after N seconds without input")
    co.add_argument("--max", type=int, default=0, help="stop after N messages (0: no limit)")
    co.add_argument("--dead-letters", action="store_true", help="include the dead-letter topic")
    co.add_argument("--receipts", action="store_true", help="include the receipts topic")
    co.add_argument("--json", action="store_true", help="print raw JSON lines")
    co.set_defaults(run=_run_consume)
    return p


def _run_extract(args: argparse.Namespace) -> int:
    from streams.offline import extract_files

    settings = get_settings()
    return extract_files(args.files, settings, sys.stdout.buffer, batch_size=args.batch_size)


def _run_produce(args: argparse.Namespace) -> int:
    from streams.kafka_io import produce_files

    settings = get_settings()
    topic = args.topic or settings.input_topic
    n = asyncio.run(produce_files(args.files, settings, topic, args.repeat, args.rate, args.as_is))
    print(f"produced {n} articles to {topic}", file=sys.stderr)
    return 0


def _run_consume(args: argparse.Namespace) -> int:
    from streams.kafka_io import consume_outputs

    settings = get_settings()
    asyncio.run(
        consume_outputs(
            settings, args.idle, args.max, args.dead_letters, args.receipts, args.json, sys.stdout
        )
    )
    return 0
