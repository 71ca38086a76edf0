"""A second local Kafka broker, made by the tests, with TLS and SASL listeners.

Same jars as ``scripts/kafka_local.py`` (whose single-node broker stays as it is), its own
directory, ports and throwaway PKI (``tests/tls.py``). Listeners on 127.0.0.1:

========  =========  ==========================================================
port      protocol   what it checks
========  =========  ==========================================================
base      SSL        mutual TLS: the client must show a certificate of the CA
base + 1  SASL_SSL   TLS + PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512 logins
base + 2  SSL        a certificate for ``kafka.invalid``: the hostname check fails
base + 3  PLAINTEXT  the broker's own traffic (inter-broker)
base + 4  PLAINTEXT  the KRaft controller
========  =========  ==========================================================

``base`` is ``STREAMS_TEST_SECURE_PORT`` (default 39192, away from the plain broker's
19092/19093). The SCRAM users are written into the metadata by ``kafka-storage format
--add-scram`` before the broker starts; the PLAIN user lives in the listener's JAAS line.
"""

from __future__ import annotations

import importlib.util
import os
import secrets
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import Any

from streams.settings import Settings
from tests.tls import Pki, make_pki

ROOT = Path(__file__).resolve().parents[2]
BASE_PORT = int(os.environ.get("STREAMS_TEST_SECURE_PORT", "39192"))
HEAP = "384m"


def kafka_local() -> ModuleType:
    """scripts/kafka_local.py as a module: its jars, versions and log config."""
    spec = importlib.util.spec_from_file_location("kafka_local", ROOT / "scripts/kafka_local.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


PROPERTIES = """\
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:{controller}
controller.listener.names=CONTROLLER
listeners=SSL://127.0.0.1:{ssl},SASL_SSL://127.0.0.1:{sasl},MISNAMED://127.0.0.1:{misnamed},\
INTERNAL://127.0.0.1:{internal},CONTROLLER://127.0.0.1:{controller}
advertised.listeners=SSL://127.0.0.1:{ssl},SASL_SSL://127.0.0.1:{sasl},\
MISNAMED://127.0.0.1:{misnamed},INTERNAL://127.0.0.1:{internal}
listener.security.protocol.map=SSL:SSL,SASL_SSL:SASL_SSL,MISNAMED:SSL,INTERNAL:PLAINTEXT,\
CONTROLLER:PLAINTEXT
inter.broker.listener.name=INTERNAL
log.dirs={data}
num.partitions=1
offsets.topic.replication.factor=1
offsets.topic.num.partitions=2
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
transaction.state.log.num.partitions=2
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
ssl.keystore.type=PEM
ssl.keystore.location={server_pem}
ssl.truststore.type=PEM
ssl.truststore.location={ca}
listener.name.ssl.ssl.client.auth=required
listener.name.misnamed.ssl.keystore.type=PEM
listener.name.misnamed.ssl.keystore.location={misnamed_pem}
listener.name.sasl_ssl.sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-256,SCRAM-SHA-512
listener.name.sasl_ssl.plain.sasl.jaas.config=\
org.apache.kafka.common.security.plain.PlainLoginModule required \
user_{plain_user}="{plain_password}";
listener.name.sasl_ssl.scram-sha-256.sasl.jaas.config=\
org.apache.kafka.common.security.scram.ScramLoginModule required;
listener.name.sasl_ssl.scram-sha-512.sasl.jaas.config=\
org.apache.kafka.common.security.scram.ScramLoginModule required;
"""


@dataclass
class SecureBroker:
    pki: Pki
    passwords: dict[str, str]  # SASL mechanism -> password of its user
    proc: subprocess.Popen[bytes]
    log: Path
    ssl: str = f"127.0.0.1:{BASE_PORT}"
    sasl_ssl: str = f"127.0.0.1:{BASE_PORT + 1}"
    misnamed: str = f"127.0.0.1:{BASE_PORT + 2}"

    @staticmethod
    def user(mechanism: str) -> str:
        return "plainuser" if mechanism == "PLAIN" else "scramuser"

    def env(self, protocol: str, mechanism: str = "SCRAM-SHA-512") -> dict[str, str]:
        """STREAMS_* variables for a client of one listener (mutual TLS for ``SSL``)."""
        env = {"STREAMS_SECURITY_PROTOCOL": protocol, "STREAMS_SSL_CAFILE": str(self.pki.ca)}
        if protocol == "SSL":
            return env | {
                "STREAMS_BROKER_URL": f"kafka://{self.ssl}",
                "STREAMS_SSL_CERTFILE": str(self.pki.client_cert),
                "STREAMS_SSL_KEYFILE": str(self.pki.client_key),
                "STREAMS_SSL_KEY_PASSWORD": self.pki.key_password,
            }
        return env | {
            "STREAMS_BROKER_URL": f"kafka://{self.sasl_ssl}",
            "STREAMS_SASL_MECHANISM": mechanism,
            "STREAMS_SASL_USERNAME": self.user(mechanism),
            "STREAMS_SASL_PASSWORD": self.passwords[mechanism],
        }

    def settings(self, protocol: str, mechanism: str = "SCRAM-SHA-512", **extra: Any) -> Settings:
        fields = {
            k.removeprefix("STREAMS_").lower(): v for k, v in self.env(protocol, mechanism).items()
        }
        return Settings(**(fields | extra))

    def secrets(self) -> list[str]:
        return [*self.passwords.values(), self.pki.key_password]


def start_secure_broker(workdir: Path) -> SecureBroker:
    kl = kafka_local()
    kl.resolve()
    pki = make_pki(workdir / "pki")
    scram_password = secrets.token_urlsafe(16)
    passwords = {
        "PLAIN": secrets.token_urlsafe(16),
        "SCRAM-SHA-256": scram_password,
        "SCRAM-SHA-512": scram_password,
    }
    props = _write_config(workdir, pki, passwords["PLAIN"])
    (workdir / "log4j2.properties").write_text(kl.LOG4J2)
    scram = []
    for mechanism in ("SCRAM-SHA-256", "SCRAM-SHA-512"):
        scram += ["--add-scram", f"{mechanism}=[name=scramuser,password={scram_password}]"]
    fmt = _java(kl, workdir, "kafka.tools.StorageTool", "format", "-t", kl._cluster_id(),
                "-c", str(props), *scram)  # fmt: skip
    subprocess.run(fmt, check=True, capture_output=True)
    log = workdir / "broker.out"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            _java(kl, workdir, "kafka.Kafka", str(props)),
            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
        )  # fmt: skip
    broker = SecureBroker(pki, passwords, proc, log)
    try:
        _wait_started(broker, kl.STARTED_LINE)
    except BaseException:
        stop_secure_broker(broker)
        raise
    return broker


def _write_config(workdir: Path, pki: Pki, plain_password: str) -> Path:
    props = workdir / "server.properties"
    props.write_text(
        PROPERTIES.format(
            ssl=BASE_PORT,
            sasl=BASE_PORT + 1,
            misnamed=BASE_PORT + 2,
            internal=BASE_PORT + 3,
            controller=BASE_PORT + 4,
            data=workdir / "data",
            server_pem=pki.server,
            misnamed_pem=pki.misnamed,
            ca=pki.ca,
            plain_user="plainuser",
            plain_password=plain_password,
        )  # fmt: skip
    )
    return props


def _java(kl: ModuleType, workdir: Path, main: str, *args: str) -> list[str]:
    return [
        "java", f"-Xms{HEAP}", f"-Xmx{HEAP}", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-Djava.awt.headless=true", f"-Dlog4j2.configurationFile={workdir / 'log4j2.properties'}",
        f"-Dkafka.logs.dir={workdir}", "-cp", f"{kl.LIB}/*", main, *args,
    ]  # fmt: skip


def _wait_started(broker: SecureBroker, started_line: str, timeout: float = 120.0) -> None:
    """The start-up line, then a real request over SASL_SSL (the port opens earlier)."""
    import asyncio

    from streams.kafka_io import KafkaUnavailable, make_admin, started

    deadline = time.monotonic() + timeout
    while started_line not in broker.log.read_text(errors="replace"):
        if broker.proc.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"secure broker did not start:\n{broker.log.read_text()[-4000:]}")
        time.sleep(0.5)

    async def answers() -> bool:
        settings = broker.settings("SASL_SSL")
        try:
            admin = await started(make_admin(settings, request_timeout_ms=5000), settings)
        except KafkaUnavailable:
            return False
        try:
            await admin.list_topics()
            return True
        finally:
            await admin.close()

    while not asyncio.run(answers()):
        if time.monotonic() > deadline:
            raise RuntimeError(f"secure broker never answered:\n{broker.log.read_text()[-4000:]}")
        time.sleep(1.0)


def stop_secure_broker(broker: SecureBroker) -> None:
    if broker.proc.poll() is None:
        broker.proc.send_signal(signal.SIGTERM)
        try:
            broker.proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            print("secure broker ignored SIGTERM for 30 s; killing it", file=sys.stderr)  # noqa: T201
            broker.proc.kill()
            broker.proc.wait()
