"""One settings object, read from STREAMS_* variables, every one documented in the README."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from streams.errors import ConfigError
from streams.settings import Settings, get_settings

README = Path(__file__).resolve().parents[2] / "README.md"


def test_environment_is_read_with_the_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STREAMS_BATCH_SIZE", "7")
    monkeypatch.setenv("STREAMS_EMIT_STATUSES", "occurred, negated")
    monkeypatch.setenv("BATCH_SIZE", "99")  # no prefix: not ours
    s = Settings()
    assert s.batch_size == 7
    assert s.emit_statuses == frozenset({"occurred", "negated"})


def test_bad_values_are_config_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STREAMS_ON_ERROR", "explode")
    get_settings.cache_clear()
    with pytest.raises(ConfigError, match="on_error"):
        get_settings()
    get_settings.cache_clear()


def test_readme_documents_every_setting() -> None:
    text = README.read_text()
    documented = set(re.findall(r"`(STREAMS_[A-Z_]+)`", text))
    expected = {f"STREAMS_{name.upper()}" for name in Settings.model_fields}
    assert expected - documented == set()
    assert documented - expected == set()
