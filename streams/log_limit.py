"""Rate-limited warnings and errors, so an outage cannot flood the log.

While the broker is down, aiokafka logs every failed connection, metadata update, fetch
and produce attempt, several times a second per node and client: a 15 s outage wrote
17 MB. ``RepeatFilter`` lets one record through per logger, level and message template
every ``window`` seconds and drops the others; the next record it lets through says how
many it dropped. Records below WARNING pass untouched (start-up lines repeat a template
on purpose), and so does the first record of every kind.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

# Seconds between two records of the same kind.
WINDOW = 10.0
# Distinct kinds remembered; past that, the oldest half is forgotten.
MAX_KINDS = 1000


class RepeatFilter(logging.Filter):
    def __init__(self, window: float = WINDOW, clock: Callable[[], float] = time.monotonic):
        super().__init__()
        self.window = window
        self.clock = clock
        self._kinds: dict[tuple[str, int, str], list[float]] = {}  # kind -> [since, dropped]
        self._lock = threading.Lock()  # aiokafka logs from the consumer's thread too

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING:
            return True
        decided = getattr(record, "streams_repeat_ok", None)
        if decided is None:  # once per record, however many handlers share this filter
            decided = self._decide(record)
            record.streams_repeat_ok = decided
        return bool(decided)

    def _decide(self, record: logging.LogRecord) -> bool:
        kind = (record.name, record.levelno, str(record.msg))
        now = self.clock()
        with self._lock:
            seen = self._kinds.get(kind)
            if seen is not None and now - seen[0] < self.window:
                seen[1] += 1
                return False
            dropped = int(seen[1]) if seen is not None else 0
            self._remember(kind, now)
        if dropped:
            record.msg = f"{record.msg} [and {dropped} more like it in the last {self.window:g}s]"
        return True

    def _remember(self, kind: tuple[str, int, str], now: float) -> None:
        if len(self._kinds) >= MAX_KINDS:
            for old in list(self._kinds)[: MAX_KINDS // 2]:
                del self._kinds[old]
        self._kinds.pop(kind, None)
        self._kinds[kind] = [now, 0]


def limit_repeats(logger: logging.Logger | None = None, window: float = WINDOW) -> RepeatFilter:
    """Install one ``RepeatFilter`` on every handler of ``logger`` (the root by default)."""
    target = logger or logging.getLogger()
    shared = RepeatFilter(window)
    for handler in target.handlers:
        if not any(isinstance(f, RepeatFilter) for f in handler.filters):
            handler.addFilter(shared)
    return shared
