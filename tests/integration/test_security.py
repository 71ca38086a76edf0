"""TLS and SASL against a real broker the tests make (tests/integration/secure_broker.py):
mutual TLS, PLAIN and SCRAM logins, the hostname check, the CLI and the worker, and no
secret in any log, banner, dead letter or web page."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import urllib.request
import uuid
from collections.abc import Iterator
from pathlib import Path

import orjson
import pytest

from streams.kafka_io import make_producer, output_topics, read_outputs, started
from streams.settings import Settings
from tests.integration.conftest import ROOT, start_worker, stop_worker
from tests.integration.secure_broker import SecureBroker, start_secure_broker, stop_secure_broker

pytestmark = pytest.mark.integration
SEED = ROOT / "seeds" / "000_823b45ff4b8f1464.txt"


@pytest.fixture(scope="module")
def secure(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SecureBroker]:
    broker = start_secure_broker(tmp_path_factory.mktemp("secure-broker"))
    yield broker
    stop_secure_broker(broker)


def cli(*args: str | Path, env: dict[str, str]) -> tuple[int, str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("STREAMS_")}
    proc = subprocess.run(
        [sys.executable, "-m", "streams", *map(str, args)],
        cwd=ROOT,
        env=clean | env,
        capture_output=True,
        check=False,
    )
    err = proc.stderr.decode()
    assert "Traceback" not in err, err
    return proc.returncode, proc.stdout.decode(), err


def article(article_id: str) -> bytes:
    return orjson.dumps({"id": article_id, "body": "Xi phoned Putin on Monday."})


async def round_trip(settings: Settings, topic: str, value: bytes) -> list[bytes | None]:
    producer = await started(make_producer(settings), settings)
    try:
        await producer.send_and_wait(topic, value)
    finally:
        await producer.stop()
    records = await read_outputs(settings, [topic], lambda rs: len(rs) >= 1, timeout=30)
    return [r.value for r in records]


def test_produce_and_consume_over_mutual_tls(secure: SecureBroker, tmp_path: Path) -> None:
    topic = f"tls-{uuid.uuid4().hex[:8]}"
    path = tmp_path / "one.jsonl"
    path.write_bytes(article("tls-1") + b"\n")
    env = secure.env("SSL")  # CA, client certificate, its key encrypted with a password

    code, _, err = cli("produce", "--topic", topic, path, env=env)
    assert code == 0, err
    code, out, err = cli(
        "consume", "--topic", topic, "--json", "--max", "1", "--idle", "20", env=env
    )
    assert code == 0, err
    assert orjson.loads(out)["id"] == "tls-1"
    assert secure.pki.key_password not in out + err


def test_mutual_tls_refuses_a_client_without_a_certificate(secure: SecureBroker) -> None:
    env = {k: v for k, v in secure.env("SSL").items() if "CERTFILE" not in k and "KEY" not in k}
    code, _, err = cli("consume", "--idle", "5", env=env)
    assert code == 3
    assert f"Kafka at {secure.ssl} (SSL)" in err


@pytest.mark.parametrize("mechanism", ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512"])
def test_sasl_over_tls(secure: SecureBroker, mechanism: str) -> None:
    topic = f"sasl-{mechanism.lower()}-{uuid.uuid4().hex[:8]}"
    value = article(f"sasl-{mechanism}")
    assert asyncio.run(round_trip(secure.settings("SASL_SSL", mechanism), topic, value)) == [value]


def test_a_wrong_password_is_refused_and_never_shown(secure: SecureBroker) -> None:
    wrong = f"wrong-{uuid.uuid4().hex}"
    env = secure.env("SASL_SSL") | {"STREAMS_SASL_PASSWORD": wrong}
    code, _, err = cli("consume", "--idle", "5", env=env)
    assert code == 3
    assert f"Kafka at {secure.sasl_ssl} (SASL_SSL)" in err
    assert "Authentication failed" in err  # the broker's reason, passed on
    assert wrong not in err


def test_the_hostname_check(secure: SecureBroker) -> None:
    """The misnamed listener's certificate is valid (our CA) but names kafka.invalid."""
    topic = f"host-{uuid.uuid4().hex[:8]}"
    env = {
        "STREAMS_BROKER_URL": f"kafka://{secure.misnamed}",
        "STREAMS_SECURITY_PROTOCOL": "SSL",
        "STREAMS_SSL_CAFILE": str(secure.pki.ca),
    }
    code, _, err = cli("consume", "--topic", topic, "--idle", "1", env=env)
    assert code == 3
    assert "IP address mismatch" in err  # the reason, from the TLS library via aiokafka
    unchecked = env | {"STREAMS_SSL_CHECK_HOSTNAME": "false"}
    code, _, err = cli("consume", "--topic", topic, "--idle", "1", env=unchecked)
    assert code == 0, err
    # TLS alone is not enough on the SASL_SSL listener
    code, _, _ = cli("consume", "--topic", topic, "--idle", "1",
                     env=env | {"STREAMS_BROKER_URL": f"kafka://{secure.sasl_ssl}"})  # fmt: skip
    assert code == 3


def test_the_worker_over_scram_keeps_every_secret_out(secure: SecureBroker, tmp_path: Path) -> None:
    env = secure.env("SASL_SSL", "SCRAM-SHA-512")
    password = env["STREAMS_SASL_PASSWORD"]
    worker = start_worker(
        secure.sasl_ssl,
        tmp_path,
        **{k: v for k, v in env.items() if k != "STREAMS_BROKER_URL"},
        # faust's own variables: ignored, where faust alone would exit or connect elsewhere
        BROKER_CREDENTIALS=f"bob:{password}",
        BROKER_URL="kafka://127.0.0.1:1",
    )
    try:
        settings = secure.settings("SASL_SSL")
        messages = [seed_message("sec-seed"), b"not json, with no secret in it"]
        records = asyncio.run(send_and_read(settings, worker.env, messages))
        pages = [http(worker.port, "/readyz"), http(worker.port, "/metrics")]
    finally:
        stop_worker(worker)
    outcomes = sorted(
        orjson.loads(r.value)["outcome"]
        for r in records
        if r.topic == worker.topic("receipts") and r.value
    )
    assert outcomes == ["dead_letter", "events"]
    log = worker.log.read_text()
    assert f"kafka://{secure.sasl_ssl}" in log  # faust's banner, without credentials
    published = [r.value or b"" for r in records] + [v for r in records for v in r.headers.values()]
    for secret in secure.secrets():
        assert secret not in log
        assert all(secret.encode() not in page for page in pages)
        assert all(secret.encode() not in data for data in published)


def seed_message(article_id: str) -> bytes:
    body = SEED.read_text()
    return orjson.dumps({"id": article_id, "body": body, "published_at": "2021-12-15T18:00:00Z"})


async def send_and_read(settings: Settings, env: dict[str, str], messages: list[bytes]) -> list:  # type: ignore[type-arg]
    producer = await started(make_producer(settings), settings)
    try:
        for value in messages:
            await producer.send_and_wait(env["STREAMS_INPUT_TOPIC"], value)
    finally:
        await producer.stop()
    receipts = env["STREAMS_RECEIPTS_TOPIC"]
    topics = output_topics(
        Settings(
            event_topic_prefix=env["STREAMS_EVENT_TOPIC_PREFIX"],
            dlq_topic=env["STREAMS_DLQ_TOPIC"],
            receipts_topic=receipts,
        ),
        dead_letters=True,
        receipts=True,
    )
    return await read_outputs(
        settings,
        topics,
        lambda rs: sum(r.topic == receipts for r in rs) >= len(messages),
        timeout=120,
        linger=1.0,
    )


def http(port: int, path: str) -> bytes:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as r:
            return bytes(r.read())
    except urllib.error.HTTPError as err:
        return bytes(err.read())
