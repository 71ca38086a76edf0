"""Offline mode: ``python -m streams extract`` on .txt, .json and .jsonl files."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parents[2]


def run_extract(*files: Path) -> tuple[int, list[dict], str]:
    proc = subprocess.run(
        [sys.executable, "-m", "streams", "extract", *map(str, files)],
        cwd=ROOT,
        capture_output=True,
        check=False,
    )
    events = [orjson.loads(line) for line in proc.stdout.splitlines() if line.strip()]
    return proc.returncode, events, proc.stderr.decode()


def test_extract_reads_txt_with_its_sidecar_and_jsonl(tmp_path: Path) -> None:
    one = tmp_path / "one.json"
    one.write_bytes(
        orjson.dumps(
            {
                "id": "j1",
                "published_at": "2021-12-07T20:00:00Z",
                "body": "Joe Biden and Vladimir Putin held a video call.",
            }
        )
    )
    code, events, _ = run_extract(ROOT / "seeds" / "000_823b45ff4b8f1464.txt", one)
    assert code == 0
    seed = [e for e in events if e["article_id"] == "000_823b45ff4b8f1464"]
    assert {e["type"] for e in seed} >= {"call", "boycott", "treaty_extension"}
    assert any(e["date"]["value"] == "2021-12-07" for e in seed if e["type"] == "call")
    assert [e["type"] for e in events if e["article_id"] == "j1"] == ["call"]


def test_extract_reports_bad_lines_and_carries_on(tmp_path: Path) -> None:
    path = tmp_path / "mixed.jsonl"
    path.write_text('{"id": "ok", "body": "Xi phoned Putin on Monday."}\nnot json\n')
    code, events, err = run_extract(path)
    assert code == 1
    assert "input #1: not JSON" in err
    assert [e["article_id"] for e in events] == ["ok"]
