#!/usr/bin/env python3
"""A real single-node Apache Kafka broker (KRaft) on 127.0.0.1, from Maven Central jars.

No Docker: Maven resolves ``org.apache.kafka:kafka_2.13`` into ``.kafka/lib-<version>``,
the storage is formatted with a fresh cluster id, the JVM is started in the background,
and ``start`` returns only once a real admin request (list topics) has succeeded.

usage: kafka_local.py start | stop | status | resolve

Environment (all optional):
  KAFKA_VERSION     broker version (default 4.4.0; see BROKER.md for why)
  KAFKA_HOME_DIR    working directory for jars, config, data and logs (default ./.kafka)
  KAFKA_PORT        client port (default 19092); the controller uses KAFKA_PORT + 1
  KAFKA_HEAP        JVM heap (default 512m)
"""

from __future__ import annotations

import asyncio
import base64
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERSION = os.environ.get("KAFKA_VERSION", "4.4.0")
HOME = Path(os.environ.get("KAFKA_HOME_DIR", ROOT / ".kafka")).resolve()
PORT = int(os.environ.get("KAFKA_PORT", "19092"))
HEAP = os.environ.get("KAFKA_HEAP", "512m")
LIB = HOME / f"lib-{VERSION}"
DATA = HOME / "data"
LOGS = HOME / "logs"
PIDFILE = HOME / "kafka.pid"
BROKER_OUT = LOGS / "broker.out"
STARTED_LINE = "Kafka Server started"

SERVER_PROPERTIES = """\
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:{cport}
listeners=PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{cport}
advertised.listeners=PLAINTEXT://127.0.0.1:{port}
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs={data}
num.partitions=1
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
# the defaults (50 partitions each) make the first group join slow on 2 cores
offsets.topic.num.partitions=4
transaction.state.log.num.partitions=4
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
"""

# log4j2 .properties (the yaml default needs Jackson YAML on the classpath); root at WARN
# keeps CI logs short, KafkaRaftServer at INFO keeps the "Kafka Server started" line.
LOG4J2 = """\
status = warn
appender.out.type = Console
appender.out.name = OUT
appender.out.layout.type = PatternLayout
appender.out.layout.pattern = [%d] %p %m (%c)%n
rootLogger.level = warn
rootLogger.appenderRef.out.ref = OUT
logger.raft.name = kafka.server.KafkaRaftServer
logger.raft.level = info
"""


def log(msg: str) -> None:
    print(f"[kafka-local] {msg}", file=sys.stderr, flush=True)


def resolve() -> None:
    """Copy the broker jars for VERSION from Maven Central (cached in ~/.m2) into LIB."""
    marker = LIB / ".complete"
    if marker.exists():
        return
    LIB.mkdir(parents=True, exist_ok=True)
    log(f"resolving Apache Kafka {VERSION} from Maven Central into {LIB}")
    cmd = [
        "mvn", "-B", "-q", "-f", str(ROOT / "tools/kafka/pom.xml"),
        f"-Dkafka.version={VERSION}",
        "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy-dependencies",
        "-DincludeScope=runtime", f"-DoutputDirectory={LIB}",
    ]  # fmt: skip
    subprocess.run(cmd, check=True)
    jars = {p.name for p in LIB.glob("*.jar")}
    for needed in (f"kafka_2.13-{VERSION}.jar", f"kafka-raft-{VERSION}.jar"):
        if needed not in jars:
            raise SystemExit(f"Maven did not bring {needed}; found {len(jars)} jars")
    marker.write_text(VERSION)


def java_cmd(main: str, *args: str, heap: str = HEAP) -> list[str]:
    return [
        "java", f"-Xms{heap}", f"-Xmx{heap}", "-server", "-XX:+UseG1GC",
        "-XX:MaxGCPauseMillis=20", "-Djava.awt.headless=true",
        f"-Dlog4j2.configurationFile={HOME / 'log4j2.properties'}",
        f"-Dkafka.logs.dir={LOGS}", "-cp", f"{LIB}/*", main, *args,
    ]  # fmt: skip


def pid_alive() -> int | None:
    """The pid of *our* broker, if it runs: a stale pidfile may name another process now."""
    try:
        pid = int(PIDFILE.read_text().strip())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (FileNotFoundError, ValueError, ProcessLookupError):
        return None
    return pid if b"kafka.Kafka" in cmdline and str(HOME).encode() in cmdline else None


async def _admin_ok(timeout_s: float) -> bool:
    from aiokafka.admin import AIOKafkaAdminClient

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        admin = AIOKafkaAdminClient(bootstrap_servers=f"127.0.0.1:{PORT}", request_timeout_ms=5000)
        try:
            await admin.start()
            await admin.list_topics()
            return True
        except Exception:
            await asyncio.sleep(1.0)
        finally:
            await admin.close()
    return False


def admin_ok(timeout_s: float) -> bool:
    return asyncio.run(_admin_ok(timeout_s))


def write_config() -> Path:
    props = HOME / "server.properties"
    props.write_text(SERVER_PROPERTIES.format(port=PORT, cport=PORT + 1, data=DATA))
    (HOME / "log4j2.properties").write_text(LOG4J2)
    return props


def wait_started(pid: int, timeout_s: float = 120.0) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if BROKER_OUT.exists() and STARTED_LINE in BROKER_OUT.read_text(errors="replace"):
            return
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            tail = BROKER_OUT.read_text(errors="replace")[-4000:] if BROKER_OUT.exists() else ""
            raise SystemExit(f"broker exited during start-up:\n{tail}") from None
        time.sleep(0.5)
    raise SystemExit(f"broker did not log '{STARTED_LINE}' in {timeout_s:.0f}s")


def _cluster_id() -> str:
    """A random KRaft cluster id. One in 64 base64 ids starts with "-", which the storage
    tool's argument parser takes for an option and refuses: draw again."""
    while True:
        cid = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not cid.startswith("-"):
            return cid


def start() -> None:
    if shutil.which("java") is None or shutil.which("mvn") is None:
        raise SystemExit("java and mvn must be on PATH (Java 17+, Maven 3.8+)")
    if (pid := pid_alive()) and admin_ok(10):
        log(f"broker already running (pid {pid}) on 127.0.0.1:{PORT}")
        return
    if pid is not None:
        stop()  # alive but not answering: never wipe its data under it
    resolve()
    HOME.mkdir(parents=True, exist_ok=True)
    LOGS.mkdir(parents=True, exist_ok=True)
    shutil.rmtree(DATA, ignore_errors=True)  # a fresh cluster each start: tests own their topics
    DATA.mkdir(parents=True)
    props = write_config()
    cluster_id = _cluster_id()
    t0 = time.monotonic()
    fmt = java_cmd("kafka.tools.StorageTool", "format", "-t", cluster_id, "-c", str(props))
    subprocess.run(fmt, check=True, stdout=subprocess.DEVNULL)
    with BROKER_OUT.open("wb") as out:
        proc = subprocess.Popen(
            java_cmd("kafka.Kafka", str(props)),
            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,  # survives the shell that started it
        )  # fmt: skip
    PIDFILE.write_text(str(proc.pid))
    wait_started(proc.pid)
    if not admin_ok(60):
        stop()
        raise SystemExit("broker started but admin requests kept failing for 60s")
    took = time.monotonic() - t0
    log(f"Kafka {VERSION} ready on 127.0.0.1:{PORT} (pid {proc.pid}) in {took:.1f}s")


def stop() -> None:
    pid = pid_alive()
    if pid is None:
        log("no broker running")
        PIDFILE.unlink(missing_ok=True)
        return
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.3)
    else:
        log(f"broker {pid} ignored SIGTERM for 30s; killing it")
        os.kill(pid, signal.SIGKILL)
    PIDFILE.unlink(missing_ok=True)
    log(f"broker {pid} stopped")


def status() -> int:
    pid = pid_alive()
    ok = bool(pid) and admin_ok(5)
    print(f"pid={pid} ready={ok} bootstrap=127.0.0.1:{PORT} version={VERSION}")
    return 0 if ok else 1


def main(argv: list[str]) -> int:
    commands = {"start": start, "stop": stop, "resolve": resolve}
    if len(argv) != 1 or argv[0] not in {*commands, "status"}:
        print(__doc__, file=sys.stderr)
        return 2
    if argv[0] == "status":
        return status()
    commands[argv[0]]()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
