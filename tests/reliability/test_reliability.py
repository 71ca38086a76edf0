"""The reliability suite, short: nothing lost, nothing stuck, on real brokers (issue 9).

Each test runs one scenario of ``scenarios.py`` at CI size and prints its counts; the full
sizes run with ``.venv/bin/python bench/reliability.py`` (README, "Guarantees"). Times are
printed, never asserted: the machine is shared.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.reliability import scenarios
from tests.reliability.harness import Broker, Counts, malformed

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def broker() -> Iterator[Broker]:
    b = Broker("shared")
    b.start()
    yield b
    b.stop()


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("reliability")


def show(c: Counts, capsys: pytest.CaptureFixture[str]) -> Counts:
    with capsys.disabled():
        print(f"\n{c.line()}")  # noqa: T201 - the counts are what this suite reports
    return c


def nothing_lost(c: Counts) -> None:
    assert (c.lost, c.stuck, c.unmatched) == (0, 0, 0), c.line()


def test_poison_inputs_end_as_dead_letters_and_the_worker_goes_on(
    broker: Broker, scratch: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    c = show(scenarios.poison(broker, scratch, good=12), capsys)
    nothing_lost(c)
    assert c.crashes == 0 and c.notes["worker_alive"]
    assert c.dead_lettered == len(malformed()) + 1  # every kind, and the 2 MB input


def test_huge_valid_articles_neither_stall_nor_crash_the_worker(
    broker: Broker, scratch: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    c = show(scenarios.huge_articles(broker, scratch, good=5, STREAMS_ARTICLE_TIMEOUT="20"), capsys)
    nothing_lost(c)
    assert c.crashes == 0 and c.notes["worker_alive"]


def test_kill_9_mid_stream_loses_nothing_and_leaves_no_nlp_process(
    broker: Broker, scratch: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    c = show(scenarios.kill9(broker, scratch, articles=150), capsys)
    nothing_lost(c)
    assert c.notes["orphans"] == 0
    assert len(c.recovery_s) == 1  # it did process again after the restart


def test_a_broker_crash_loses_nothing_and_does_not_flood_the_log(
    scratch: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    c = show(scenarios.broker_restart(scratch, articles=200, outages=(15.0,)), capsys)
    nothing_lost(c)
    assert c.crashes == 0 and c.notes["worker_alive"]
    assert c.notes["outage1_log_kb"] < 100  # 17 MB for a 15 s outage before (issue 9)


def test_a_group_member_killed_mid_stream_loses_nothing(
    broker: Broker, scratch: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    c = show(scenarios.rebalance_kill(broker, scratch, articles=200), capsys)
    nothing_lost(c)
    assert len(c.recovery_s) == 1  # the survivor took the dead member's partitions


def test_sigterm_during_a_rebalance_loses_nothing(
    broker: Broker, scratch: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    c = show(scenarios.sigterm(broker, scratch, articles=200, rebalance=True), capsys)
    nothing_lost(c)
    assert c.notes["exit_s"] is not None  # it exited by itself


def test_one_broker_of_three_killed_loses_nothing(
    scratch: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    c = show(scenarios.cluster(scratch, articles=200), capsys)
    nothing_lost(c)
    assert c.crashes == 0 and c.notes["worker_alive"]


def test_readyz_tells_a_stalled_worker_and_healthz_keeps_it_alive(
    broker: Broker, scratch: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    c = show(scenarios.stall(broker, scratch, articles=100), capsys)
    nothing_lost(c)
    assert c.notes["readyz_503_after_s"] is not None
    assert c.notes["healthz_while_stalled"] == 200
    assert c.notes["readyz_200_again_s"] is not None
