"""The package's public names: sorted, all importable, and spaCy stays unloaded until used."""

from __future__ import annotations

import subprocess
import sys

import streams


def test_all_is_sorted_and_importable() -> None:
    assert streams.__all__ == sorted(streams.__all__)
    for name in streams.__all__:
        assert getattr(streams, name) is not None


def test_importing_the_worker_does_not_load_spacy() -> None:
    code = "import streams.app, streams.agents, sys; print('spacy' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
