"""Log lines for people (text, the default) or for log pipelines (``STREAMS_LOG_FORMAT=json``).

JSON is one object per line: ``ts`` (RFC 3339, UTC), ``level``, ``logger``, ``message``,
``exc`` for a traceback, and the message's place in Kafka when the line is about one
message: ``article_id``, ``topic``, ``partition``, ``offset``. Code attaches those with
``extra=at(...)``::

    log.warning("dead letter: %s", reason, extra=at(topic="articles", partition=0, offset=7))

The worker's logging is set up by faust (mode); ``faust_logging_config`` swaps the
formatters faust's handler uses, so faust's own lines come out as JSON too.
"""

from __future__ import annotations

import logging
from datetime import UTC, datetime
from typing import Any

import orjson

from streams.settings import Settings

FIELDS = ("article_id", "topic", "partition", "offset")


def at(
    *,
    topic: str | None = None,
    partition: int | None = None,
    offset: int | None = None,
    article_id: str | None = None,
) -> dict[str, Any]:
    """``extra=`` for a log call about one Kafka message (None fields are left out)."""
    found = {"topic": topic, "partition": partition, "offset": offset, "article_id": article_id}
    return {k: v for k, v in found.items() if v is not None}


class JsonFormatter(logging.Formatter):
    """One JSON object per record, on one line (newlines in messages are escaped)."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "ts": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for name in FIELDS:
            if (value := getattr(record, name, None)) is not None:
                line[name] = value
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        elif record.stack_info:
            line["exc"] = self.formatStack(record.stack_info)
        return orjson.dumps(line, default=str).decode()


def faust_logging_config(settings: Settings) -> dict[str, Any] | None:
    """faust's ``logging_config``: None keeps faust's readable text.

    mode merges this into its own config ("merge"), replacing only the two formatters its
    console and file handlers use, so ``-l``/``--logfile`` keep working."""
    if settings.log_format != "json":
        return None
    json_formatter = {"()": "streams.logs.JsonFormatter"}
    return {"merge": True, "formatters": {"default": json_formatter, "colored": json_formatter}}


def setup_cli_logging(settings: Settings) -> None:
    """Logging for the batch commands: warnings and errors on stderr (aiokafka says there
    why a broker refused us), JSON when asked."""
    handler = logging.StreamHandler()
    fmt: logging.Formatter = (
        JsonFormatter()
        if settings.log_format == "json"
        else logging.Formatter("%(levelname)s %(name)s: %(message)s")
    )
    handler.setFormatter(fmt)
    logging.basicConfig(level=logging.WARNING, handlers=[handler], force=True)
