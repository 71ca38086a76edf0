"""Extraction: article in, typed diplomatic events out. Knows nothing about Kafka."""

from __future__ import annotations

from streams.extract.pipeline import Pipeline

__all__ = ["Pipeline"]
