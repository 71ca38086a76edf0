"""docker-compose.yml cannot run here (no Docker engine), so at least check it is coherent."""

from __future__ import annotations

from pathlib import Path

import yaml

from streams.settings import Settings

ROOT = Path(__file__).resolve().parents[2]


def test_compose_worker_uses_only_real_settings() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    worker = compose["services"]["worker"]
    known = {f"STREAMS_{name.upper()}" for name in Settings.model_fields}
    env = worker["environment"]
    assert set(env) <= known, set(env) - known
    Settings(**{k.removeprefix("STREAMS_").lower(): v for k, v in env.items()})
    assert worker["depends_on"]["kafka"]["condition"] == "service_healthy"
    assert "container_name" not in worker  # scalable with --scale worker=N
    kafka_env = compose["services"]["kafka"]["environment"]
    assert int(kafka_env["KAFKA_NUM_PARTITIONS"]) >= int(env["STREAMS_INPUT_PARTITIONS"])


def test_dockerfile_runs_the_worker() -> None:
    text = (ROOT / "Dockerfile").read_text()
    assert '"streams", "worker"' in text
