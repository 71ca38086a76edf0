"""The topics the worker reads and writes, all declared from ``Settings``."""

from __future__ import annotations

from dataclasses import dataclass

import faust

from streams.records import EVENT_TYPES
from streams.settings import Settings


@dataclass(frozen=True)
class Topics:
    articles: faust.TopicT
    events: dict[str, faust.TopicT]  # one per event type
    dead_letters: faust.TopicT
    receipts: faust.TopicT

    def outputs(self) -> list[faust.TopicT]:
        return [*self.events.values(), self.dead_letters, self.receipts]

    def by_name(self) -> dict[str, faust.TopicT]:
        return {t.get_topic_name(): t for t in self.outputs()}


def declare_topics(app: faust.App, settings: Settings) -> Topics:
    def raw(name: str, partitions: int, config: dict[str, str] | None = None) -> faust.TopicT:
        # bytes in, bytes out: we decode and encode ourselves, so a bad message
        # reaches the dead-letter topic instead of killing the stream.
        return app.topic(
            name,
            key_type=bytes,
            value_type=bytes,
            key_serializer="raw",
            value_serializer="raw",
            partitions=partitions,
            replicas=settings.topic_replication,
            # faust creates "internal" topics before it subscribes; otherwise a broker with
            # auto-create on makes the input topic with its default partition count.
            internal=True,
            config=config,
        )

    parts = settings.input_partitions
    return Topics(
        articles=raw(settings.input_topic, parts),
        events={t: raw(settings.event_topic(t), parts) for t in EVENT_TYPES},
        dead_letters=raw(
            settings.dlq_topic, parts, {"max.message.bytes": str(settings.dead_letter_max_bytes)}
        ),
        receipts=raw(settings.receipts_topic, parts),
    )
