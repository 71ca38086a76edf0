"""streams: a Kafka stream worker that extracts diplomatic events from news articles."""

from __future__ import annotations

__version__ = "0.1.0"
