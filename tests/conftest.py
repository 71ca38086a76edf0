"""Shared fixtures: the real spaCy pipeline (loaded once), settings, sample articles."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import orjson
import pytest

from streams.extract import Pipeline
from streams.records import Article
from streams.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "000_823b45ff4b8f1464.txt"
SEED_PUBLISHED = datetime(2021, 12, 15, 18, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def settings() -> Settings:
    return Settings(executor="inline", web_enabled=False)


@pytest.fixture(scope="session")
def pipeline(settings: Settings) -> Pipeline:
    """The project's real English pipeline plus our rules, loaded once per test run."""
    return Pipeline.load(settings.extract_options())


@pytest.fixture()
def seed_article() -> Article:
    return Article(id="seed", body=SEED.read_text(encoding="utf-8"), published_at=SEED_PUBLISHED)


def load_jsonl(path: Path) -> list[dict]:
    return [orjson.loads(line) for line in path.read_bytes().splitlines() if line.strip()]


def article_of(item: dict) -> Article:
    published = item.get("published_at")
    return Article(
        id=item["id"],
        body=item["body"],
        title=item.get("title"),
        published_at=datetime.fromisoformat(published) if published else None,
    )


@pytest.fixture(scope="session")
def real_cases() -> list[dict]:
    return load_jsonl(ROOT / "tests" / "data" / "real_cases.jsonl")


@pytest.fixture()
def tmp_jsonl(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path / "articles.jsonl"
