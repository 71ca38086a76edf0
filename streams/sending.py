"""Sends what one batch produced, and decides what to do when the broker refuses a message.

Outputs are already bounded (``streams/handling.py``), so a refusal means a topic whose
limit is lower than ours, or a record that shared a produce batch with a refused one. For
each input, with its outputs as a group:

1. the group as built;
2. the same group again (it may only have shared a refused batch);
3. the last resort (``handling.refused``): a dead letter with a small prefix of the input,
   and its receipt.

A group still refused after that, or any other send error (the producer gives up only
after ``producer_request_timeout``), raises ``SendFailed``: the batch is not acked, the
worker stops, and Kafka delivers the batch again. So an input costs at most three tries
and never lets the committed offset pass it unaccounted.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from aiokafka import errors as kafka_errors

from streams.errors import DecodeError, SendFailed
from streams.handling import Inbound, Outbound, refused
from streams.records import Article, Extractor
from streams.settings import Settings

log = logging.getLogger(__name__)

TRIES = 3

# Errors about the record itself, not the broker's health: retrying the same bytes is
# pointless, sending less is not.
REFUSALS: tuple[type[BaseException], ...] = (
    kafka_errors.MessageSizeTooLargeError,
    kafka_errors.RecordTooLargeError,
    kafka_errors.RecordListTooLargeError,
    kafka_errors.CorruptRecordException,
    kafka_errors.InvalidTimestampError,
    kafka_errors.UnsupportedForMessageFormatError,
    kafka_errors.PolicyViolationError,
)


@dataclass
class Group:
    """One input and the messages it produced."""

    msg: Inbound
    decoded: Article | DecodeError
    outbound: list[Outbound]


def refusal(exc: BaseException) -> BaseException | None:
    """The broker's (or the client's) refusal of a record, unwrapped from faust's error."""
    cause = exc.__cause__ if exc.__cause__ is not None else exc
    return cause if isinstance(cause, REFUSALS) else None


class Sender:
    """Sends groups through faust topics and waits for the broker's acknowledgements."""

    def __init__(self, topics: dict[str, Any], settings: Settings, extractor: Extractor) -> None:
        self.topics = topics  # topic name -> faust topic
        self.settings = settings
        self.extractor = extractor

    async def send(self, groups: Sequence[Group]) -> None:
        """Returns once every group is acknowledged; SendFailed when one cannot be."""
        pending = list(groups)
        for attempt in range(1, TRIES + 1):
            errors = await asyncio.gather(*(self._send_group(g.outbound) for g in pending))
            failed = [(g, e) for g, e in zip(pending, errors, strict=True) if e is not None]
            for group, exc in failed:
                self._next_try(group, exc, attempt)
            pending = [g for g, _ in failed]
            if not pending:
                return

    def _next_try(self, group: Group, exc: BaseException, attempt: int) -> None:
        pos = group.msg.position
        where = f"{pos.topic}[{pos.partition}]@{pos.offset}"
        why = refusal(exc)
        if why is None or attempt == TRIES:
            raise SendFailed(f"sending the outputs of {where} failed: {exc!r}") from exc
        log.warning("the broker refused an output of %s (try %d): %r", where, attempt, why)
        if attempt == TRIES - 1:
            group.outbound = refused(group.msg, group.decoded, why, self.settings, self.extractor)

    async def _send_group(self, outbound: list[Outbound]) -> BaseException | None:
        """None once the broker has every message of the group, else the first error."""
        futures = []
        try:
            for o in outbound:
                topic = self.topics[o.topic]
                futures.append(await topic.send(key=o.key, value=o.value, headers=list(o.headers)))
        except Exception as exc:  # refused before sending (the client's own size check)
            await asyncio.gather(*futures, return_exceptions=True)
            return exc
        results = await asyncio.gather(*futures, return_exceptions=True)
        return next((r for r in results if isinstance(r, BaseException)), None)
