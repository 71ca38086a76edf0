"""Security settings: coherent or refused, secrets never shown, one client config for all.

The broker round trips (TLS, SCRAM, PLAIN, hostname checks, the worker) are in
tests/integration/test_security.py.
"""

from __future__ import annotations

import ssl
from pathlib import Path

import faust
import pytest
from faust.auth import SASLCredentials, SSLCredentials
from faust.types.auth import AuthProtocol
from pydantic import ValidationError

from streams.app import faust_options
from streams.errors import ConfigError
from streams.security import aiokafka_options, bootstrap_servers, faust_credentials, ssl_context
from streams.settings import Settings, get_settings
from tests.tls import Pki, make_pki

PASSWORD = "pw-that-must-not-show"


@pytest.fixture(scope="module")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    return make_pki(tmp_path_factory.mktemp("pki"))


def scram(pki: Pki, **extra: object) -> Settings:
    return Settings(
        security_protocol="SASL_SSL",
        ssl_cafile=pki.ca,
        sasl_mechanism="SCRAM-SHA-256",
        sasl_username="alice",
        sasl_password=PASSWORD,
        **extra,  # type: ignore[arg-type]
    )


def mtls(pki: Pki, password: str | None = None) -> Settings:
    return Settings(
        security_protocol="SSL",
        ssl_cafile=pki.ca,
        ssl_certfile=pki.client_cert,
        ssl_keyfile=pki.client_key,
        ssl_key_password=password or pki.key_password,
    )


@pytest.mark.parametrize(
    ("fields", "says"),
    [
        (
            {"security_protocol": "SASL_SSL"},
            "needs STREAMS_SASL_USERNAME and STREAMS_SASL_PASSWORD",
        ),
        ({"sasl_username": "a", "sasl_password": "b"}, "STREAMS_SASL_USERNAME/PASSWORD are set"),
        ({"ssl_cafile": "CA"}, "STREAMS_SSL_* files are set but"),
        ({"security_protocol": "SSL", "ssl_certfile": "CA"}, "go together"),
        ({"broker_url": f"kafka://bob:{PASSWORD}@h:9092"}, "must not carry a password"),
        ({"ssl_cafile": "/no/such/file.pem"}, "Path does not point to a file"),
    ],
)
def test_incoherent_security_is_refused_without_echoing_it(
    pki: Pki, fields: dict[str, str], says: str
) -> None:
    values = {k: str(pki.ca) if v == "CA" else v for k, v in fields.items()}
    with pytest.raises(ValidationError) as caught:
        Settings(**values)  # type: ignore[arg-type]
    assert says in str(caught.value)
    assert PASSWORD not in str(caught.value)


def test_a_bad_setting_from_the_environment_is_a_config_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("STREAMS_BROKER_URL", f"kafka://bob:{PASSWORD}@h:9092")
    get_settings.cache_clear()
    try:
        with pytest.raises(ConfigError) as caught:
            get_settings()
    finally:
        get_settings.cache_clear()
    assert "STREAMS_BROKER_URL must not carry a password" in str(caught.value)
    assert PASSWORD not in str(caught.value)


def test_secrets_are_masked_wherever_settings_are_shown(pki: Pki) -> None:
    s = mtls(pki, password=PASSWORD)
    s2 = scram(pki)
    for shown in (repr(s), str(s), s.model_dump_json(), repr(s2), s2.model_dump_json()):
        assert PASSWORD not in shown
    assert PASSWORD not in repr(faust_credentials(s2))


def test_mutual_tls_context_loads_the_encrypted_client_key(pki: Pki) -> None:
    ctx = ssl_context(mtls(pki))
    assert ctx is not None
    assert ctx.verify_mode == ssl.CERT_REQUIRED
    assert ctx.check_hostname is True
    unchecked = ssl_context(mtls(pki).model_copy(update={"ssl_check_hostname": False}))
    assert unchecked is not None
    assert unchecked.check_hostname is False
    assert unchecked.verify_mode == ssl.CERT_REQUIRED  # the chain is still verified


def test_a_wrong_key_password_is_a_config_error_naming_the_setting(pki: Pki) -> None:
    with pytest.raises(ConfigError, match="STREAMS_SSL_KEY_PASSWORD") as caught:
        ssl_context(mtls(pki, password=PASSWORD))
    assert PASSWORD not in str(caught.value)


def test_a_ca_file_that_is_not_pem_is_a_config_error(tmp_path: Path) -> None:
    junk = tmp_path / "ca.pem"
    junk.write_text("not a certificate")
    with pytest.raises(ConfigError, match="STREAMS_SSL_CAFILE"):
        ssl_context(Settings(security_protocol="SSL", ssl_cafile=junk))


def test_aiokafka_options(pki: Pki) -> None:
    plain = aiokafka_options(Settings(broker_url="kafka://a:1;kafka://b:2"))
    assert plain == {"bootstrap_servers": "a:1,b:2", "security_protocol": "PLAINTEXT"}
    sasl = aiokafka_options(scram(pki))
    assert sasl["security_protocol"] == "SASL_SSL"
    assert sasl["sasl_mechanism"] == "SCRAM-SHA-256"
    assert (sasl["sasl_plain_username"], sasl["sasl_plain_password"]) == ("alice", PASSWORD)
    assert isinstance(sasl["ssl_context"], ssl.SSLContext)
    assert bootstrap_servers(Settings(broker_url="kafka://h1:9092,h2:9092")) == "h1:9092,h2:9092"


def test_faust_gets_credentials_of_the_right_kind(pki: Pki) -> None:
    assert faust_credentials(Settings()) is None
    tls = faust_credentials(mtls(pki))
    assert isinstance(tls, SSLCredentials)
    assert tls.protocol == AuthProtocol.SSL
    sasl = faust_credentials(scram(pki))
    assert isinstance(sasl, SASLCredentials)
    assert sasl.protocol == AuthProtocol.SASL_SSL
    assert sasl.mechanism.value == "SCRAM-SHA-256"
    no_tls = faust_credentials(
        Settings(security_protocol="SASL_PLAINTEXT", sasl_username="a", sasl_password="b")
    )
    assert no_tls.protocol == AuthProtocol.SASL_PLAINTEXT


def test_fausts_own_variables_cannot_override_ours(monkeypatch: pytest.MonkeyPatch) -> None:
    # faust would take these over its keyword arguments, and BROKER_CREDENTIALS as a
    # string makes it exit ("Unknown credentials type")
    monkeypatch.setenv("BROKER_CREDENTIALS", f"bob:{PASSWORD}")
    monkeypatch.setenv("BROKER_URL", "kafka://elsewhere:1")
    monkeypatch.setenv("WEB_PORT", "1")
    monkeypatch.setenv("WEB_BIND", "0.0.0.0")  # noqa: S104 - what faust must not take
    settings = Settings(broker_url="kafka://127.0.0.1:19092", web_port=7000)
    app = faust.App("t", **faust_options(settings))
    assert app.conf.broker_credentials is None
    assert [str(u) for u in app.conf.broker] == ["kafka://127.0.0.1:19092"]
    assert (app.conf.web_port, app.conf.web_bind) == (7000, "127.0.0.1")
    assert not app.conf.web_router_enabled  # /router/ names the host: off


def test_the_web_port_is_local_unless_the_image_opens_it() -> None:
    assert Settings().web_bind == "127.0.0.1"
    dockerfile = (Path(__file__).resolve().parents[2] / "Dockerfile").read_text()
    assert "ENV STREAMS_WEB_BIND=0.0.0.0" in dockerfile
