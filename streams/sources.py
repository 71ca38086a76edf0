"""Articles from files, for the offline extractor and the producer.

- ``NAME.txt``: one article, id ``NAME``, body the whole file. An optional sidecar
  ``NAME.meta.json`` adds the other article fields (``published_at``, ``title``, ...).
- ``NAME.json``: one article object, or a list of them.
- ``NAME.jsonl``: one article per line (blank lines skipped).

Each item comes back with its raw JSON bytes, as a producer would send it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from streams.decode import OPTIONAL, REQUIRED

ARTICLE_KEYS = frozenset(REQUIRED + OPTIONAL)


def iter_raw(paths: list[Path], *, only_article_keys: bool = True) -> Iterator[bytes]:
    """Yield one JSON document (bytes) per article found in ``paths``.

    ``only_article_keys`` drops keys outside the article contract, so annotated files such
    as an evaluation set (with ``gold``, ``source``, ...) can be read directly.
    """
    for path in paths:
        suffix = path.suffix.lower()
        if suffix == ".txt":
            yield orjson.dumps(_txt_article(path))
        elif suffix == ".jsonl":
            with path.open("rb") as fh:
                for line in fh:
                    if line.strip():
                        yield _project(line, only_article_keys)
        elif suffix == ".json":
            data = orjson.loads(path.read_bytes())
            for item in data if isinstance(data, list) else [data]:
                yield _project(orjson.dumps(item), only_article_keys)
        else:
            raise ValueError(f"{path}: unsupported file type {suffix!r} (.txt, .json, .jsonl)")


def _txt_article(path: Path) -> dict[str, Any]:
    article: dict[str, Any] = {"id": path.stem, "body": path.read_text(encoding="utf-8")}
    meta = path.with_name(path.stem + ".meta.json")
    if meta.exists():
        article.update(orjson.loads(meta.read_bytes()))
    return article


def _project(raw: bytes, only_article_keys: bool) -> bytes:
    if not only_article_keys:
        return raw
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError:
        return raw  # let the decoder report it like any other bad input
    if not isinstance(data, dict) or data.keys() <= ARTICLE_KEYS:
        return raw
    return orjson.dumps({k: v for k, v in data.items() if k in ARTICLE_KEYS})
