"""Curated data shipped inside the package: the gazetteer, treaties, Games hosts and the
fitted confidence weights. Built from ``gazetteer/`` by ``scripts/build_*.py`` (and
``scripts/calibration.py --fit``); read here once per process, never downloaded."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def load(name: str) -> Any:
    """The parsed JSON file ``name`` of this package. Shared between callers: never mutate it."""
    return json.loads(resources.files(__name__).joinpath(name).read_text("utf-8"))
