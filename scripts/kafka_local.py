#!/usr/bin/env python3
"""A real Apache Kafka (KRaft) on 127.0.0.1 from Maven Central jars: one node, or three.

No Docker: Maven resolves ``org.apache.kafka:kafka_2.13`` into ``.kafka/lib-<version>``,
the storage is formatted with a fresh cluster id, the JVM is started in the background,
and ``start`` returns only once a real admin request (list topics) has succeeded.

usage: kafka_local.py start | stop | status | resolve | kill | resume
       kafka_local.py cluster start | stop | status | kill N | resume N

- ``start`` wipes the data and starts a fresh single node; ``stop`` sends SIGTERM and waits.
- ``kill`` sends SIGKILL (a crash); ``resume`` starts the node again on its data, as a
  restarted broker would (for outage tests).
- ``cluster ...`` does the same for three combined broker+controller nodes that form one
  KRaft quorum, with replication factor 3 and ``min.insync.replicas=2`` by default, so one
  node may die without losing an acknowledged write. ``kill N``/``resume N`` act on node N.

Environment (all optional):
  KAFKA_VERSION       broker version (default 4.4.0; see BROKER.md for why)
  KAFKA_HOME_DIR      working directory for jars, config, data and logs (default ./.kafka)
  KAFKA_PORT          client port (default 19092); the controller uses KAFKA_PORT + 1
  KAFKA_HEAP          JVM heap (default 512m)
  KAFKA_LIB_DIR       where the jars go (default KAFKA_HOME_DIR/lib-<version>)
  KAFKA_CLUSTER_PORT  first client port of the three-node cluster (default KAFKA_PORT + 20):
                      node N listens on +2(N-1) and its controller on the port after it
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
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VERSION = os.environ.get("KAFKA_VERSION", "4.4.0")
HOME = Path(os.environ.get("KAFKA_HOME_DIR", ROOT / ".kafka")).resolve()
PORT = int(os.environ.get("KAFKA_PORT", "19092"))
HEAP = os.environ.get("KAFKA_HEAP", "512m")
LIB = Path(os.environ.get("KAFKA_LIB_DIR", HOME / f"lib-{VERSION}")).resolve()
CLUSTER_PORT = int(os.environ.get("KAFKA_CLUSTER_PORT", str(PORT + 20)))
CLUSTER_SIZE = 3
STARTED_LINE = "Kafka Server started"

COMMON_PROPERTIES = """\
process.roles=broker,controller
node.id={node}
controller.quorum.voters={voters}
listeners=PLAINTEXT://127.0.0.1:{port},CONTROLLER://127.0.0.1:{cport}
advertised.listeners=PLAINTEXT://127.0.0.1:{port}
inter.broker.listener.name=PLAINTEXT
controller.listener.names=CONTROLLER
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs={data}
num.partitions=1
# the defaults (50 partitions each) make the first group join slow on 2 cores
offsets.topic.num.partitions=4
transaction.state.log.num.partitions=4
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=true
"""

SINGLE_PROPERTIES = """\
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
"""

# Three replicas and two in sync: an acks=all write survives any one node; with two
# nodes down, writes are refused rather than acknowledged and lost.
CLUSTER_PROPERTIES = """\
default.replication.factor=3
min.insync.replicas=2
offsets.topic.replication.factor=3
transaction.state.log.replication.factor=3
transaction.state.log.min.isr=2
share.coordinator.state.topic.replication.factor=3
share.coordinator.state.topic.min.isr=2
unclean.leader.election.enable=false
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


@dataclass(frozen=True)
class Node:
    """One broker+controller process: its ports, directory and quorum."""

    node_id: int
    port: int
    home: Path
    voters: str
    extra: str  # the single-node or the cluster properties

    @property
    def data(self) -> Path:
        return self.home / "data"

    @property
    def logs(self) -> Path:
        return self.home / "logs"

    @property
    def pidfile(self) -> Path:
        return self.home / "kafka.pid"

    @property
    def broker_out(self) -> Path:
        return self.logs / "broker.out"

    @property
    def properties(self) -> Path:
        return self.home / "server.properties"

    @property
    def bootstrap(self) -> str:
        return f"127.0.0.1:{self.port}"


def single_node() -> Node:
    return Node(1, PORT, HOME, f"1@127.0.0.1:{PORT + 1}", SINGLE_PROPERTIES)


def cluster_nodes() -> list[Node]:
    ports = [CLUSTER_PORT + 2 * i for i in range(CLUSTER_SIZE)]
    voters = ",".join(f"{i + 1}@127.0.0.1:{p + 1}" for i, p in enumerate(ports))
    home = HOME / "cluster"
    return [
        Node(i + 1, p, home / f"n{i + 1}", voters, CLUSTER_PROPERTIES) for i, p in enumerate(ports)
    ]


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


def java_cmd(node: Node, main: str, *args: str, heap: str = HEAP) -> list[str]:
    return [
        "java", f"-Xms{heap}", f"-Xmx{heap}", "-server", "-XX:+UseG1GC",
        "-XX:MaxGCPauseMillis=20", "-Djava.awt.headless=true",
        f"-Dlog4j2.configurationFile={node.home / 'log4j2.properties'}",
        f"-Dkafka.logs.dir={node.logs}", "-cp", f"{LIB}/*", main, *args,
    ]  # fmt: skip


def pid_alive(node: Node) -> int | None:
    """The pid of *this* node, if it runs: a stale pidfile may name another process now."""
    try:
        pid = int(node.pidfile.read_text().strip())
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
    except (FileNotFoundError, ValueError, ProcessLookupError):
        return None
    ours = b"kafka.Kafka" in cmdline and str(node.properties).encode() in cmdline
    return pid if ours else None


async def _admin_ok(bootstrap: str, timeout_s: float, brokers: int) -> bool:
    from aiokafka.admin import AIOKafkaAdminClient

    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap, request_timeout_ms=5000)
        try:
            await admin.start()
            await admin.list_topics()
            if len((await admin.describe_cluster())["brokers"]) >= brokers:
                return True
        except Exception:
            await asyncio.sleep(1.0)
        finally:
            await admin.close()
        await asyncio.sleep(0.5)
    return False


def admin_ok(bootstrap: str, timeout_s: float, brokers: int = 1) -> bool:
    return asyncio.run(_admin_ok(bootstrap, timeout_s, brokers))


def write_config(node: Node) -> None:
    node.home.mkdir(parents=True, exist_ok=True)
    node.logs.mkdir(parents=True, exist_ok=True)
    common = COMMON_PROPERTIES.format(
        node=node.node_id, voters=node.voters, port=node.port, cport=node.port + 1, data=node.data
    )
    node.properties.write_text(common + node.extra)
    (node.home / "log4j2.properties").write_text(LOG4J2)


def wait_started(node: Node, pid: int, since: int, timeout_s: float = 120.0) -> None:
    """Wait for the start line written after byte ``since`` of the node's log."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if node.broker_out.exists():
            with node.broker_out.open("rb") as f:
                f.seek(since)
                if STARTED_LINE.encode() in f.read():
                    return
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            tail = node.broker_out.read_text(errors="replace")[-4000:]
            raise SystemExit(f"broker {node.node_id} exited during start-up:\n{tail}") from None
        time.sleep(0.5)
    raise SystemExit(f"broker {node.node_id} did not log '{STARTED_LINE}' in {timeout_s:.0f}s")


def _cluster_id() -> str:
    """A random KRaft cluster id. One in 64 base64 ids starts with "-", which the storage
    tool's argument parser takes for an option and refuses: draw again."""
    while True:
        cid = base64.urlsafe_b64encode(uuid.uuid4().bytes).decode().rstrip("=")
        if not cid.startswith("-"):
            return cid


def format_storage(node: Node, cluster_id: str) -> None:
    shutil.rmtree(node.data, ignore_errors=True)  # a fresh cluster: tests own their topics
    node.data.mkdir(parents=True)
    write_config(node)
    fmt = java_cmd(node, "kafka.tools.StorageTool", "format", "-t", cluster_id, "-c",
                   str(node.properties))  # fmt: skip
    subprocess.run(fmt, check=True, stdout=subprocess.DEVNULL)


def launch(node: Node) -> tuple[int, int]:
    """Start the node's JVM in the background; its pid and where its log stood."""
    node.logs.mkdir(parents=True, exist_ok=True)
    since = node.broker_out.stat().st_size if node.broker_out.exists() else 0
    with node.broker_out.open("ab") as out:
        proc = subprocess.Popen(
            java_cmd(node, "kafka.Kafka", str(node.properties)),
            stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            start_new_session=True,  # survives the shell that started it
        )  # fmt: skip
    node.pidfile.write_text(str(proc.pid))
    return proc.pid, since


def _check_tools() -> None:
    if shutil.which("java") is None or shutil.which("mvn") is None:
        raise SystemExit("java and mvn must be on PATH (Java 17+, Maven 3.8+)")


def start() -> None:
    _check_tools()
    node = single_node()
    if (pid := pid_alive(node)) and admin_ok(node.bootstrap, 10):
        log(f"broker already running (pid {pid}) on {node.bootstrap}")
        return
    if pid is not None:
        stop()  # alive but not answering: never wipe its data under it
    resolve()
    t0 = time.monotonic()
    format_storage(node, _cluster_id())
    pid, since = launch(node)
    wait_started(node, pid, since)
    if not admin_ok(node.bootstrap, 60):
        stop()
        raise SystemExit("broker started but admin requests kept failing for 60s")
    took = time.monotonic() - t0
    log(f"Kafka {VERSION} ready on {node.bootstrap} (pid {pid}) in {took:.1f}s")


def resume_node(node: Node, brokers: int) -> None:
    """Start a stopped or killed node again on its data (no format): a broker restart."""
    if pid_alive(node):
        log(f"broker {node.node_id} already running")
        return
    if not node.properties.exists():
        raise SystemExit(f"broker {node.node_id} was never started here ({node.home})")
    t0 = time.monotonic()
    pid, since = launch(node)
    wait_started(node, pid, since)
    if not admin_ok(node.bootstrap, 90, brokers):
        raise SystemExit(f"broker {node.node_id} resumed but does not answer")
    log(f"broker {node.node_id} resumed on {node.bootstrap} (pid {pid}) in "
        f"{time.monotonic() - t0:.1f}s")  # fmt: skip


def stop_node(node: Node, sig: signal.Signals = signal.SIGTERM) -> None:
    pid = pid_alive(node)
    if pid is None:
        log(f"no broker {node.node_id} running")
        node.pidfile.unlink(missing_ok=True)
        return
    os.kill(pid, sig)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            break
        time.sleep(0.3)
    else:
        log(f"broker {pid} ignored {sig.name} for 30s; killing it")
        os.kill(pid, signal.SIGKILL)
    node.pidfile.unlink(missing_ok=True)
    log(f"broker {node.node_id} (pid {pid}) stopped by {sig.name}")


def stop() -> None:
    stop_node(single_node())


def status() -> int:
    node = single_node()
    pid = pid_alive(node)
    ok = bool(pid) and admin_ok(node.bootstrap, 5)
    print(f"pid={pid} ready={ok} bootstrap={node.bootstrap} version={VERSION}")
    return 0 if ok else 1


def cluster_bootstrap() -> str:
    return ",".join(n.bootstrap for n in cluster_nodes())


def cluster_start() -> None:
    _check_tools()
    resolve()
    nodes = cluster_nodes()
    for node in nodes:
        stop_node(node)
    t0 = time.monotonic()
    cluster_id = _cluster_id()  # one id for all three: they form one cluster
    for node in nodes:
        format_storage(node, cluster_id)
    started = [launch(node) for node in nodes]  # together: a quorum needs two voters
    for node, (pid, since) in zip(nodes, started, strict=True):
        wait_started(node, pid, since)
    if not admin_ok(cluster_bootstrap(), 90, brokers=len(nodes)):
        cluster_stop()
        raise SystemExit("the cluster did not show three brokers within 90s")
    log(f"Kafka {VERSION} cluster ready on {cluster_bootstrap()} in {time.monotonic() - t0:.1f}s")


def cluster_stop() -> None:
    for node in cluster_nodes():
        stop_node(node)


def cluster_status() -> int:
    pids = [pid_alive(n) for n in cluster_nodes()]
    alive = sum(p is not None for p in pids)
    ok = alive > 0 and admin_ok(cluster_bootstrap(), 5, brokers=alive)
    print(f"pids={pids} ready={ok} bootstrap={cluster_bootstrap()} version={VERSION}")
    return 0 if ok and alive == CLUSTER_SIZE else 1


def cluster(argv: list[str]) -> int:
    nodes = cluster_nodes()
    if argv[:1] in (["kill"], ["resume"]) and len(argv) == 2 and argv[1] in {"1", "2", "3"}:
        node = nodes[int(argv[1]) - 1]
        if argv[0] == "kill":
            stop_node(node, signal.SIGKILL)
        else:
            resume_node(node, brokers=sum(pid_alive(n) is not None for n in nodes) + 1)
        return 0
    commands = {"start": cluster_start, "stop": cluster_stop}
    if argv == ["status"]:
        return cluster_status()
    if len(argv) == 1 and argv[0] in commands:
        commands[argv[0]]()
        return 0
    print(__doc__, file=sys.stderr)
    return 2


def main(argv: list[str]) -> int:
    if argv[:1] == ["cluster"]:
        return cluster(argv[1:])
    commands = {
        "start": start,
        "stop": stop,
        "resolve": resolve,
        "kill": lambda: stop_node(single_node(), signal.SIGKILL),
        "resume": lambda: resume_node(single_node(), brokers=1),
    }
    if len(argv) != 1 or argv[0] not in {*commands, "status"}:
        print(__doc__, file=sys.stderr)
        return 2
    if argv[0] == "status":
        return status()
    commands[argv[0]]()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
