"""Record headers for other services: CloudEvents on events, the schema version on everything.

Every event goes out in CloudEvents 1.0 *binary* content mode over Kafka (the Kafka
protocol binding): the value stays the event JSON, the attributes travel as headers, so a
CloudEvents SDK reads our topics as they are and a plain consumer sees no change.

=================  ==========================================================
header             value
=================  ==========================================================
``ce_specversion`` ``1.0``
``ce_id``          the ``event_id`` (also the key): a replay repeats it, so a
                   consumer can drop duplicates on (``ce_source``, ``ce_id``)
``ce_source``      ``STREAMS_CLOUDEVENTS_SOURCE``, default ``/streams/<app id>``
``ce_type``        ``com.github.streams-events.<event type>``
``ce_subject``     the article id
``ce_time``        when the worker published it (RFC 3339, UTC); the event's own
                   date is ``date`` in the value
``ce_dataschema``  the versioned ``$id`` of ``schemas/event.schema.json``
``content-type``   ``application/json``
=================  ==========================================================

Every record (events, dead letters, receipts) also carries ``x-schema-version``: the
version of its schema. ``SCHEMA_VERSIONS`` is that version, and the ``$id`` of each file
in ``schemas/`` ends in it; a test fails when a schema's content changes without it.
"""

from __future__ import annotations

from typing import Literal

from streams.records import DiplomaticEvent
from streams.settings import Settings

Header = tuple[str, bytes]
SchemaName = Literal["article", "event", "dead_letter", "receipt"]

# Bump a schema's version (here and in its "$id") with any change a consumer could notice;
# tests/unit/test_schema_versions.py holds the fingerprint of every version.
SCHEMA_VERSIONS: dict[SchemaName, int] = {
    "article": 1,
    "event": 1,
    "dead_letter": 1,
    "receipt": 1,
}
SCHEMA_BASE = "https://github.com/streams-events/streams/schemas"
EVENT_TYPE_PREFIX = "com.github.streams-events."
CONTENT_TYPE = b"application/json"


def schema_id(name: SchemaName) -> str:
    """The versioned URI that names a schema (its ``$id``), e.g. ``.../v1/event.schema.json``."""
    return f"{SCHEMA_BASE}/v{SCHEMA_VERSIONS[name]}/{name}.schema.json"


def schema_headers(name: SchemaName) -> tuple[Header, ...]:
    """Headers of any record we publish: its content type and schema version."""
    return (
        ("content-type", CONTENT_TYPE),
        ("x-schema-version", str(SCHEMA_VERSIONS[name]).encode()),
    )


def event_source(settings: Settings) -> str:
    return settings.cloudevents_source or f"/streams/{settings.app_id}"


def event_headers(event: DiplomaticEvent, settings: Settings, time: str) -> tuple[Header, ...]:
    """CloudEvents binary-mode headers of one event published at ``time`` (RFC 3339)."""
    return (
        ("ce_specversion", b"1.0"),
        ("ce_id", event.event_id.encode()),
        ("ce_source", event_source(settings).encode()),
        ("ce_type", f"{EVENT_TYPE_PREFIX}{event.type}".encode()),
        ("ce_subject", event.article_id.encode()),
        ("ce_time", time.encode()),
        ("ce_dataschema", schema_id("event").encode()),
        *schema_headers("event"),
    )
