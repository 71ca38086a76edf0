"""TLS and SASL for every Kafka client, built in one place from the settings.

The worker (faust), ``produce``, ``consume``, the benchmark and the tests connect the same
way: ``faust_credentials`` gives faust its ``broker_credentials`` (which faust turns into
the same aiokafka options), ``aiokafka_options`` gives a plain aiokafka client its keyword
arguments. ``STREAMS_SECURITY_PROTOCOL`` picks the Kafka protocol:

- ``PLAINTEXT``: nothing (the default; a local broker);
- ``SSL``: TLS, with ``STREAMS_SSL_CAFILE`` (else the system's trust store) and, for
  mutual TLS, ``STREAMS_SSL_CERTFILE`` + ``STREAMS_SSL_KEYFILE`` (+ ``_KEY_PASSWORD``);
- ``SASL_SSL``: the same TLS plus a SASL login (``PLAIN``, ``SCRAM-SHA-256``,
  ``SCRAM-SHA-512``) with ``STREAMS_SASL_USERNAME`` and ``STREAMS_SASL_PASSWORD``;
- ``SASL_PLAINTEXT``: a SASL login without TLS (a private network only).

Secrets stay ``SecretStr`` until a client is built, so they never reach a log line, a
banner or an error message; a broker URL that carries a password is refused.
"""

from __future__ import annotations

import ssl
from typing import TYPE_CHECKING, Any

from streams.errors import ConfigError

if TYPE_CHECKING:
    from streams.settings import Settings


def bootstrap_servers(settings: Settings) -> str:
    """``kafka://h1:9092;h2:9092`` (faust's form) → ``h1:9092,h2:9092`` (aiokafka's)."""
    return ",".join(h.strip().split("://", 1)[-1] for h in _hosts(settings.broker_url))


def _hosts(broker_url: str) -> list[str]:
    return [h for h in broker_url.replace(";", ",").split(",") if h.strip()]


def ssl_context(settings: Settings) -> ssl.SSLContext | None:
    """The client TLS context, or None without TLS. A file that cannot be loaded (not PEM,
    a wrong key password) is a ``ConfigError`` naming the setting, not a traceback."""
    if not settings.uses_tls:
        return None
    cafile = str(settings.ssl_cafile) if settings.ssl_cafile else None
    try:
        ctx = ssl.create_default_context(ssl.Purpose.SERVER_AUTH, cafile=cafile)
    except (ssl.SSLError, OSError) as exc:
        raise ConfigError(f"STREAMS_SSL_CAFILE {cafile}: cannot load it: {exc}") from None
    if settings.ssl_certfile is not None and settings.ssl_keyfile is not None:
        password = settings.ssl_key_password
        try:
            ctx.load_cert_chain(
                settings.ssl_certfile,
                settings.ssl_keyfile,
                password=password.get_secret_value() if password else None,
            )
        except (ssl.SSLError, OSError) as exc:
            raise ConfigError(
                "STREAMS_SSL_CERTFILE/STREAMS_SSL_KEYFILE: cannot load the client certificate "
                f"and key (wrong STREAMS_SSL_KEY_PASSWORD?): {exc}"
            ) from None
    # Off only for brokers whose certificates do not name the address clients use; the
    # chain is still verified against the CA.
    ctx.check_hostname = settings.ssl_check_hostname
    return ctx


def aiokafka_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments for any aiokafka client (producer, consumer, admin)."""
    options: dict[str, Any] = {
        "bootstrap_servers": bootstrap_servers(settings),
        "security_protocol": settings.security_protocol,
    }
    if (ctx := ssl_context(settings)) is not None:
        options["ssl_context"] = ctx
    if settings.uses_sasl:
        username, password = _login(settings)
        options |= {
            "sasl_mechanism": settings.sasl_mechanism,
            "sasl_plain_username": username,
            "sasl_plain_password": password,
        }
    return options


def faust_credentials(settings: Settings) -> Any:
    """faust's ``broker_credentials``: ``SSLCredentials``, ``SASLCredentials`` or None.

    Given explicitly, so faust's own ``BROKER_CREDENTIALS`` variable (a string faust
    cannot use: "Unknown credentials type") never decides how the worker connects."""
    from faust.auth import SASLCredentials, SSLCredentials

    ctx = ssl_context(settings)
    if settings.uses_sasl:
        username, password = _login(settings)
        return SASLCredentials(
            username=username,
            password=password,
            ssl_context=ctx,
            mechanism=settings.sasl_mechanism,
        )
    return SSLCredentials(ctx) if ctx is not None else None


def _login(settings: Settings) -> tuple[str, str]:
    if not (settings.sasl_username and settings.sasl_password):  # the validator checks it
        raise ConfigError("SASL needs STREAMS_SASL_USERNAME and STREAMS_SASL_PASSWORD")
    return settings.sasl_username, settings.sasl_password.get_secret_value()
