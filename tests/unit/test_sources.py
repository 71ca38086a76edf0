"""Inputs are typed by what they hold, and every bad one comes back as data with its place."""

from __future__ import annotations

import io
from pathlib import Path

import orjson

from streams.sources import BadInput, Item, read_inputs, read_lines


def read(tmp_path: Path, name: str, content: bytes) -> list[Item | BadInput]:
    path = tmp_path / name
    path.write_bytes(content)
    return list(read_inputs([str(path)]))


def places(reads: list[Item | BadInput], tmp_path: Path) -> list[str]:
    return [r.place.replace(str(tmp_path) + "/", "") for r in reads]


def test_a_json_list_gives_one_item_per_article(tmp_path: Path) -> None:
    reads = read(tmp_path, "a.json", b'[{"id": "1", "body": "x"}, {"id": "2", "body": "y"}]')
    assert places(reads, tmp_path) == ["a.json:item 1", "a.json:item 2"]
    assert all(isinstance(r, Item) for r in reads)


def test_a_pretty_printed_article_is_one_document(tmp_path: Path) -> None:
    reads = read(tmp_path, "a.json", b'{\n  "id": "1",\n  "body": "x"\n}\n')
    assert places(reads, tmp_path) == ["a.json"]
    assert isinstance(reads[0], Item)
    assert orjson.loads(reads[0].raw) == {"id": "1", "body": "x"}


def test_json_lines_are_told_by_content_even_when_the_first_line_is_bad(tmp_path: Path) -> None:
    reads = read(tmp_path, "export.data", b'{"id": "1", "bo\n{"id": "2", "body": "y"}\n')
    assert places(reads, tmp_path) == ["export.data:1", "export.data:2"]
    assert isinstance(reads[1], Item)  # the first line is left to the decoder to report


def test_ndjson_and_keys_outside_the_contract(tmp_path: Path) -> None:
    reads = read(tmp_path, "e.ndjson", b'{"id": "1", "body": "x", "gold": []}\n')
    assert isinstance(reads[0], Item)
    assert orjson.loads(reads[0].raw) == {"id": "1", "body": "x"}


def test_plain_text_is_one_article_named_after_the_file(tmp_path: Path) -> None:
    reads = read(tmp_path, "report.md", b"Xi phoned Putin.\n\nMore text.\n")
    assert isinstance(reads[0], Item)
    assert orjson.loads(reads[0].raw) == {"id": "report", "body": "Xi phoned Putin.\nMore text.\n"}


def test_standard_input_streams_json_lines() -> None:
    stdin = io.BytesIO(b'{"id": "1", "body": "x"}\n\nnot json\n')
    reads = list(read_inputs(["-"], stdin))
    assert [r.place for r in reads] == ["<stdin>:1", "<stdin>:3"]


def test_bad_inputs_are_data(tmp_path: Path) -> None:
    (tmp_path / "t.txt").write_bytes(b"\xff\xfe not utf-8")
    (tmp_path / "m.txt").write_text("body")
    (tmp_path / "m.meta.json").write_text('{"published_at": ')
    (tmp_path / "empty.json").write_text("\n\n")
    names = ["t.txt", "m.txt", "empty.json", "gone.jsonl", "cut.json"]
    (tmp_path / "cut.json").write_text('[{"id": "1"}')
    reads = list(read_inputs([str(tmp_path / n) for n in names]))
    assert all(isinstance(r, BadInput) for r in reads), reads
    reasons = {p: r.reason for p, r in zip(places(reads, tmp_path), reads, strict=True)}
    assert reasons == {
        "t.txt": "not UTF-8: invalid start byte at byte 0",
        "m.meta.json:1:18": "not valid JSON: unexpected end of data",
        "empty.json": "empty input",
        "gone.jsonl": "No such file or directory",
        "cut.json:1:13": "not valid JSON: unexpected end of data",
    }


def test_as_is_lines_are_sent_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "g.jsonl"
    path.write_bytes(b"not json\r\n\n\xff\n")
    reads = list(read_lines([str(path), str(tmp_path / "gone")]))
    assert [(r.place.rsplit("/", 1)[-1], getattr(r, "raw", None)) for r in reads] == [
        ("g.jsonl:1", b"not json"),
        ("g.jsonl:3", b"\xff"),
        ("gone", None),
    ]
