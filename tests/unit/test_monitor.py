"""What the worker watches: progress while input waits (readiness), repeated log lines."""

from __future__ import annotations

import logging

from streams.log_limit import RepeatFilter
from streams.monitor import Progress

TP = ("articles", 0)


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_no_progress_while_input_waits_is_a_stall() -> None:
    clock = Clock()
    p = Progress(stall_seconds=60, clock=clock)
    p.observe({TP: 5})
    clock.now += 59
    assert not p.stalled
    clock.now += 2
    assert p.stalled and p.stalled_for() == 61


def test_progress_or_an_empty_input_is_not_a_stall() -> None:
    clock = Clock()
    p = Progress(stall_seconds=60, clock=clock)
    clock.now += 100
    p.observe({TP: 0})  # idle for long, nothing waits
    assert not p.stalled
    clock.now += 100
    p.observe({TP: 3})  # input arrives: the clock starts when it was last caught up
    assert p.stalled
    p.done([(TP, 7)])
    assert not p.stalled and p.position(TP) == 8


def test_a_broker_that_cannot_say_counts_as_input_waiting() -> None:
    clock = Clock()
    p = Progress(stall_seconds=60, clock=clock)
    p.observe(None)
    clock.now += 61
    assert p.stalled


def test_positions_of_revoked_partitions_are_forgotten() -> None:
    p = Progress(stall_seconds=60)
    p.taken([(TP, 10)])
    assert p.position(TP) == 10
    p.done([(TP, 10)])
    assert p.position(TP) == 11
    p.forget({TP})
    assert p.position(TP) is None


def record(msg: str, level: int = logging.ERROR, *args: object) -> logging.LogRecord:
    return logging.LogRecord("aiokafka.conn", level, __file__, 1, msg, args, None)


def test_repeated_errors_pass_once_per_window_and_say_how_many_were_dropped() -> None:
    clock = Clock()
    f = RepeatFilter(window=10, clock=clock)
    template = "Unable connect to node with id %s: %s"
    passed = [f.filter(record(template, logging.ERROR, n, "refused")) for n in range(500)]
    assert passed.count(True) == 1
    clock.now += 11
    last = record(template, logging.ERROR, 1, "refused")
    assert f.filter(last)
    assert "and 499 more like it" in last.getMessage()


def test_other_messages_and_info_lines_are_not_held_back() -> None:
    f = RepeatFilter(window=10, clock=Clock())
    assert f.filter(record("one thing"))
    assert f.filter(record("another thing"))
    assert all(f.filter(record("Creating topic %r", logging.INFO, n)) for n in range(20))


def test_one_record_is_judged_once_whatever_the_number_of_handlers() -> None:
    f = RepeatFilter(window=10, clock=Clock())
    r = record("boom")
    assert f.filter(r) and f.filter(r)


def test_a_worker_idle_while_input_waits_for_twice_the_stall_time_is_wedged() -> None:
    clock = Clock()
    p = Progress(stall_seconds=60, clock=clock)
    p.observe({TP: 5})
    clock.now += 121
    assert p.wedged(in_flight=0)
    assert not p.wedged(in_flight=1)  # a slow batch is not a wedge
    p.observe(None)
    assert not p.wedged(in_flight=0)  # an unreachable broker is not one either
