"""STREAMS_LOG_FORMAT=json: one JSON object per line, with the message's place in Kafka."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator

import orjson
import pytest
from mode.utils.logging import setup_logging

from streams.logs import JsonFormatter, at, faust_logging_config
from streams.settings import Settings


@pytest.fixture()
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)


def record(msg: str, *args: object, **extra: object) -> logging.LogRecord:
    rec = logging.LogRecord("streams.x", logging.WARNING, __file__, 1, msg, args, None)
    rec.__dict__.update(extra)
    return rec


def test_a_line_is_one_json_object_with_the_place() -> None:
    line = JsonFormatter().format(
        record("dead letter:\n%s", "bad", **at(topic="articles", partition=2, offset=7))
    )
    assert "\n" not in line
    data = orjson.loads(line)
    assert data["message"] == "dead letter:\nbad"
    assert (data["level"], data["logger"]) == ("warning", "streams.x")
    assert (data["topic"], data["partition"], data["offset"]) == ("articles", 2, 7)
    assert "article_id" not in data  # absent fields are left out, not null
    assert data["ts"].endswith("+00:00")


def test_a_traceback_stays_inside_the_line() -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        rec = logging.LogRecord("x", logging.ERROR, __file__, 1, "failed", (), None)
        rec.exc_info = sys.exc_info()
    data = orjson.loads(JsonFormatter().format(rec))
    assert "ValueError: boom" in data["exc"]


def test_text_stays_the_default() -> None:
    assert Settings().log_format == "text"
    assert faust_logging_config(Settings()) is None


def test_fausts_logging_setup_writes_json_lines(
    restore_logging: None, capsys: pytest.CaptureFixture[str]
) -> None:
    # what the worker does: mode's setup_logging (its console handler) with our config
    config = faust_logging_config(Settings(log_format="json"))
    setup_logging(loglevel="INFO", logfile=None, logging_config=config)
    logging.getLogger("faust.worker").info("[^Worker]: Starting...")
    logging.getLogger("streams.metrics").warning("dead letter", extra=at(article_id="a1"))
    logging.getLogger("faust.worker").debug("below the level: not written")
    printed = capsys.readouterr()
    lines = [orjson.loads(line) for line in (printed.out + printed.err).splitlines()]
    assert [d["message"] for d in lines] == ["[^Worker]: Starting...", "dead letter"]
    assert lines[1]["article_id"] == "a1"
