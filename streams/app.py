"""The faust application: built from ``Settings`` in one place.

Run it with ``python -m streams worker -l info`` (or ``faust -A streams.app worker``).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import faust
import mode

from streams.logs import faust_logging_config
from streams.security import faust_credentials
from streams.settings import Settings, get_settings


def faust_options(settings: Settings) -> dict[str, Any]:
    """Every faust keyword argument we set, derived from our settings only.

    faust reads unprefixed variables (BROKER_URL, WEB_PORT, BROKER_CREDENTIALS, ...) and
    lets them override its keyword arguments; ``env={}`` gives it no environment to read,
    which makes ``STREAMS_*`` the single source of truth.
    """
    return {
        "env": {},
        "broker": settings.broker_url,
        "broker_credentials": faust_credentials(settings),
        "key_serializer": "raw",
        "value_serializer": "raw",
        "store": "memory://",
        "datadir": settings.data_dir,
        "processing_guarantee": "at_least_once",
        "producer_acks": -1,
        "consumer_auto_offset_reset": "earliest",
        "topic_partitions": settings.input_partitions,
        "topic_replication_factor": settings.topic_replication,
        "web_enabled": settings.web_enabled,
        "web_port": settings.web_port,
        "web_bind": settings.web_bind,
        # only our pages (/readyz, /metrics) and faust's "/" (status OK): /router/ names the
        # host, /table serves table data, stats and graph are debugging aids
        "web_tables_enabled": False,
        "web_router_enabled": False,
        "web_stats_enabled": False,
        "web_graph_enabled": False,
        "web_metrics_enabled": False,
        "logging_config": faust_logging_config(settings),
        # A batch is at most batch_size articles of NLP; keep commits frequent and
        # far below the rebalance timeout.
        "broker_commit_every": 1000,
        "broker_commit_interval": 1.0,
        "autodiscover": False,
        # an agent that raises stops the worker instead of being restarted with its
        # batch silently dropped: the unacked batch is consumed again after the restart
        "agent_supervisor": mode.CrashingSupervisor,
        # a dead letter carries the original message in base64 (a third larger)
        "producer_max_request_size": settings.dead_letter_max_bytes,
        # A member killed -9 holds its partitions until its session expires (faust's
        # default is 60 s); heartbeats come from aiokafka's own thread, so a long parse
        # never misses one. Kafka wants them at least three per session.
        "broker_session_timeout": settings.session_timeout,
        "broker_heartbeat_interval": min(3.0, settings.session_timeout / 4),
        # On revoke, faust waits for every batch in flight to be acked and commits before
        # it rejoins (stream_wait_empty, the commit on revoke): allow the longest drain,
        # a batch over its time budget and then its slow article alone.
        "stream_wait_empty": True,
        "broker_rebalance_timeout": max(60.0, 4 * settings.article_timeout),
    }


def make_app(settings: Settings) -> faust.App:
    app = faust.App(settings.app_id, **faust_options(settings))
    from streams.agents import install
    from streams.metrics import install_metrics

    worker = install(app, settings)
    install_metrics(app, worker, settings)
    return app


@lru_cache(maxsize=1)
def default_app() -> faust.App:
    """The app built from the environment's settings (what ``faust -A streams.app`` runs)."""
    return make_app(get_settings())


def __getattr__(name: str) -> Any:
    # ``streams.app.app`` is built on first use, not on import, so importing this module
    # (tests, tools) neither reads the environment nor creates an event loop.
    if name == "app":
        return default_app()
    raise AttributeError(name)
