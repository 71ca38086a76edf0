"""Articles from files or standard input, for the offline extractor and the producer.

Each input yields items in order: an ``Item`` (an article's JSON bytes, as a producer would
send it) or a ``BadInput`` (why it could not be read), both with their *place*
(``seeds/articles.jsonl:3``, ``batch.json:item 2``, ``<stdin>:7``), so one bad line is
reported and the rest goes on. An input is read by what it holds:

- ``-`` is standard input; ``NAME.txt`` is one plain-text article (id ``NAME``; a sidecar
  ``NAME.meta.json`` adds ``published_at``, ``title``, ...);
- ``.jsonl`` and ``.ndjson``: one article per line (blank lines skipped);
- anything else (``.json``, other suffixes, standard input) is sniffed: JSON lines when
  the first line is a JSON object or every line starts with ``{``, one JSON document (an
  article or a list) when the text starts with ``{`` or ``[``, else one plain-text
  article (id: the file's stem, or ``stdin``).

Standard input in JSON lines is read as it arrives, so ``tail -f x.jsonl | ... extract -``
works; the other forms are read whole.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import IO, Any

import orjson

from streams.decode import OPTIONAL, REQUIRED

ARTICLE_KEYS = frozenset(REQUIRED + OPTIONAL)
STDIN = "-"
JSON_LINES_SUFFIXES = frozenset({".jsonl", ".ndjson"})


@dataclass(frozen=True, slots=True)
class Item:
    place: str
    raw: bytes


@dataclass(frozen=True, slots=True)
class BadInput:
    place: str
    reason: str


Read = Item | BadInput


def read_inputs(
    names: Iterable[str], stdin: IO[bytes] | None = None, *, only_article_keys: bool = True
) -> Iterator[Read]:
    """Every article of every input, in order; a bad input or line is a ``BadInput``.

    ``only_article_keys`` drops keys outside the article contract, so annotated files such
    as an evaluation set (with ``gold``, ...) can be read directly."""
    for name in names:
        for read in _read_one(name, stdin):
            yield _project(read) if only_article_keys else read


def read_lines(names: Iterable[str], stdin: IO[bytes] | None = None) -> Iterator[Read]:
    """Every non-blank line of every input, unchanged (``produce --as-is``)."""
    for name in names:
        try:
            lines = _open_lines(name, stdin)
            for number, line in lines:
                yield Item(f"{_label(name)}:{number}", line.rstrip(b"\r\n"))
        except OSError as exc:
            yield BadInput(_label(name), _os_reason(exc))


def _read_one(name: str, stdin: IO[bytes] | None) -> Iterator[Read]:
    label = _label(name)
    suffix = Path(name).suffix.lower() if name != STDIN else ""
    try:
        if suffix == ".txt":
            yield _text_file(Path(name))
        elif suffix in JSON_LINES_SUFFIXES:
            yield from _json_lines(label, _open_lines(name, stdin))
        else:
            yield from _sniffed(name, label, _open_lines(name, stdin))
    except OSError as exc:
        yield BadInput(label, _os_reason(exc))


def _open_lines(name: str, stdin: IO[bytes] | None) -> Iterator[tuple[int, bytes]]:
    """Numbered lines (from 1) of a file or standard input, blank ones skipped. The file is
    opened here, not on the first line, so a missing file raises at once."""
    if name != STDIN:
        return _numbered(Path(name).open("rb"), close=True)
    if stdin is None:
        raise OSError("standard input is not available")
    return _numbered(stdin, close=False)


def _numbered(fh: IO[bytes], *, close: bool) -> Iterator[tuple[int, bytes]]:
    try:
        for number, line in enumerate(fh, start=1):
            if line.strip():
                yield number, line
    finally:
        if close:
            fh.close()


def _json_lines(label: str, lines: Iterable[tuple[int, bytes]]) -> Iterator[Read]:
    for number, line in lines:
        yield Item(f"{label}:{number}", line.strip())


def _sniffed(name: str, label: str, lines: Iterator[tuple[int, bytes]]) -> Iterator[Read]:
    first = next(lines, None)
    if first is None:
        yield BadInput(label, "empty input")
        return
    if _is_json_object(first[1]):  # JSON lines: read as they come (a pipe)
        yield from _json_lines(label, chain([first], lines))
        return
    rest = list(lines)
    text = first[1] + b"".join(line for _, line in rest)
    document: Any = None
    error: orjson.JSONDecodeError | None = None
    if text.lstrip()[:1] in (b"{", b"["):
        try:
            document = orjson.loads(text)
        except orjson.JSONDecodeError as exc:
            error = exc
    if error is None and document is not None:
        yield from _json_document(label, document)
    elif any(_is_json_object(line) for _, line in rest):  # JSON lines, the first one bad
        yield from _json_lines(label, [first, *rest])
    elif error is not None:
        yield BadInput(f"{label}:{error.lineno}:{error.colno}", f"not valid JSON: {error.msg}")
    else:
        yield _plain_text(name, label, text)


def _is_json_object(line: bytes) -> bool:
    try:
        return isinstance(orjson.loads(line), dict)
    except orjson.JSONDecodeError:
        return False


def _json_document(label: str, data: Any) -> Iterator[Read]:
    if isinstance(data, list):
        for i, item in enumerate(data, start=1):
            yield Item(f"{label}:item {i}", orjson.dumps(item))
    else:
        yield Item(label, orjson.dumps(data))


def _text_file(path: Path) -> Read:
    try:
        body = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        return BadInput(str(path), f"not UTF-8: {exc.reason} at byte {exc.start}")
    article: dict[str, Any] = {"id": path.stem, "body": body}
    meta = path.with_name(path.stem + ".meta.json")
    if meta.exists():
        try:
            extra = orjson.loads(meta.read_bytes())
        except orjson.JSONDecodeError as exc:
            return BadInput(f"{meta}:{exc.lineno}:{exc.colno}", f"not valid JSON: {exc.msg}")
        if not isinstance(extra, dict):
            return BadInput(str(meta), "must be a JSON object")
        article.update(extra)
    return Item(str(path), orjson.dumps(article))


def _plain_text(name: str, label: str, text: bytes) -> Read:
    try:
        body = text.decode("utf-8")
    except UnicodeDecodeError as exc:
        return BadInput(label, f"not UTF-8: {exc.reason} at byte {exc.start}")
    article_id = "stdin" if name == STDIN else Path(name).stem
    return Item(label, orjson.dumps({"id": article_id, "body": body}))


def _project(read: Read) -> Read:
    if isinstance(read, BadInput):
        return read
    try:
        data = orjson.loads(read.raw)
    except orjson.JSONDecodeError:
        return read  # let the decoder report it like any other bad input
    if not isinstance(data, dict) or data.keys() <= ARTICLE_KEYS:
        return read
    return Item(read.place, orjson.dumps({k: v for k, v in data.items() if k in ARTICLE_KEYS}))


def _label(name: str) -> str:
    return "<stdin>" if name == STDIN else name


def _os_reason(exc: OSError) -> str:
    return exc.strerror or str(exc)
