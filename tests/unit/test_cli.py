"""The command line as a user meets it: real subprocesses, real exit statuses, no tracebacks.

``extract`` runs the real pipeline; ``produce`` and ``consume`` are pointed at a port where
no broker listens (the broker round trips are in tests/integration/test_security.py).
"""

from __future__ import annotations

import fcntl
import os
import pty
import struct
import subprocess
import sys
import termios
from pathlib import Path

import orjson
import pytest

ROOT = Path(__file__).resolve().parents[2]
NO_BROKER = "kafka://127.0.0.1:1"


def run_cli(
    *args: str | Path, stdin: bytes = b"", env: dict[str, str] | None = None
) -> tuple[int, bytes, str]:
    proc = subprocess.run(
        [sys.executable, "-m", "streams", *map(str, args)],
        cwd=ROOT,
        input=stdin,
        capture_output=True,
        check=False,
        env={**os.environ, "STREAMS_BROKER_URL": NO_BROKER, **(env or {})},
    )
    err = proc.stderr.decode()
    assert "Traceback" not in err, err
    return proc.returncode, proc.stdout, err


def events_of(stdout: bytes) -> list[dict]:
    return [orjson.loads(line) for line in stdout.splitlines() if line.strip()]


def test_extract_reads_txt_with_its_sidecar_and_json(tmp_path: Path) -> None:
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
    code, out, _ = run_cli("extract", ROOT / "seeds" / "000_823b45ff4b8f1464.txt", one)
    events = events_of(out)
    assert code == 0
    seed = [e for e in events if e["article_id"] == "000_823b45ff4b8f1464"]
    assert {e["type"] for e in seed} >= {"call", "boycott", "treaty_extension"}
    assert any(e["date"]["value"] == "2021-12-07" for e in seed if e["type"] == "call")
    assert [e["type"] for e in events if e["article_id"] == "j1"] == ["call"]


def test_extract_reports_each_bad_input_with_its_place_and_goes_on(tmp_path: Path) -> None:
    ndjson = tmp_path / "mixed.ndjson"
    ndjson.write_text(
        '{"id": "ok", "body": "Xi phoned Putin on Monday."}\nnot json\n{"id": "x", "bo\n'
        '{"id": "no-body"}\n'
    )
    truncated = tmp_path / "cut.json"
    truncated.write_text('{"id": "a", "body": "Biden ')
    no_suffix = tmp_path / "lines"  # JSON lines told by content, not by name
    no_suffix.write_text('{"id": "u1", "body": "Putin spoke to Erdogan by phone."}\n')
    text = tmp_path / "note.md"  # neither JSON nor .txt: one plain-text article
    text.write_text("Boris Johnson phoned Emmanuel Macron on Tuesday.\n")
    missing = tmp_path / "missing.jsonl"

    code, out, err = run_cli("extract", ndjson, missing, truncated, no_suffix, text, tmp_path)

    assert code == 1
    assert sorted({e["article_id"] for e in events_of(out)}) == ["note", "ok", "u1"]
    assert f"{ndjson}:2: not JSON" in err
    assert f"{ndjson}:3: not JSON" in err
    assert f"{ndjson}:4: missing required field(s): body" in err
    assert f"{missing}: No such file or directory" in err
    assert f"{truncated}:1:28: not valid JSON" in err
    assert f"{tmp_path}: Is a directory" in err
    assert len(err.splitlines()) == 6  # one line per bad input, nothing else


def test_extract_reads_standard_input() -> None:
    lines = b'{"id": "s1", "body": "Xi phoned Putin on Monday."}\n\n{"id": "s2"}\n'
    code, out, err = run_cli("extract", "-", stdin=lines)
    assert code == 1
    assert [e["article_id"] for e in events_of(out)] == ["s1"]
    assert "<stdin>:3: missing required field(s): body" in err

    code, out, _ = run_cli("extract", "-", stdin=b"Joe Biden phoned Xi Jinping on Friday.\n")
    assert code == 0
    assert {e["article_id"] for e in events_of(out)} == {"stdin"}


def test_extract_writes_the_bounded_record_the_worker_publishes() -> None:
    body = " ".join(["Joe Biden spoke by phone with Xi Jinping on Monday."] * 30)
    line = orjson.dumps({"id": "r1", "body": body, "published_at": "2021-11-16T12:00:00Z"})
    code, out, _ = run_cli("extract", "-", stdin=line, env={"STREAMS_MAX_MENTIONS": "4"})
    [call] = [e for e in events_of(out) if e["type"] == "call"]
    assert code == 0
    assert len(call["mentions"]) == 4
    assert call["mentions_total"] == 30


def test_progress_bar_on_a_terminal_only(tmp_path: Path) -> None:
    path = tmp_path / "a.jsonl"
    path.write_text('{"id": "p1", "body": "Xi phoned Putin on Monday."}\n')
    _, _, piped = run_cli("extract", path)
    assert "article" not in piped  # stderr is a pipe: no bar

    controller, terminal = pty.openpty()
    # a terminal of 80 columns: tqdm fits the bar to the width, and a new pty has none
    fcntl.ioctl(terminal, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "streams", "extract", str(path)],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=terminal,
            check=False,
        )
        os.close(terminal)
        shown = _read_all(controller)
    finally:
        os.close(controller)
    assert proc.returncode == 0
    assert "1article [" in shown  # tqdm's counter, elapsed time and rate


def _read_all(fd: int) -> str:
    chunks = []
    while True:
        try:
            chunk = os.read(fd, 4096)
        except OSError:  # the terminal side is closed: all was read
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks).decode(errors="replace")


@pytest.mark.parametrize(
    ("args", "env"),
    [
        ((), {}),
        (("extract",), {}),
        (("extract", "-b", "0", "x.jsonl"), {}),
        (("produce", "--repeat", "many", "x.jsonl"), {}),
        (("nonsense",), {}),
        (("consume", "--max", "-1"), {}),
        (("produce", "--rate", "fast", "x.jsonl"), {}),
        (("extract", "x.jsonl"), {"STREAMS_ON_ERROR": "explode"}),
        (("consume",), {"STREAMS_SECURITY_PROTOCOL": "SASL_SSL"}),
        (("consume",), {"STREAMS_SSL_CAFILE": "/no/such/ca.pem"}),
        (("worker",), {"STREAMS_BROKER_URL": "kafka://bob:s3cr3t-pw@127.0.0.1:1"}),
    ],
)
def test_usage_and_setting_errors_exit_2(args: tuple[str, ...], env: dict[str, str]) -> None:
    code, _, err = run_cli(*args, env=env)
    assert code == 2
    assert err.strip()
    assert "s3cr3t-pw" not in err


def test_a_model_that_is_not_installed_is_a_setting_error() -> None:
    article = b'{"id": "m", "body": "Xi phoned Putin."}\n'
    code, _, err = run_cli("extract", "-", stdin=article, env={"STREAMS_MODEL": "en_nope_sm"})
    assert code == 2
    assert "STREAMS_MODEL=en_nope_sm cannot be loaded" in err


def test_produce_reports_bad_inputs_and_needs_no_broker_when_none_is_good(
    tmp_path: Path,
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "a"}\n{"id": "b", "body": "trunc\n')
    code, _, err = run_cli("produce", bad, tmp_path / "gone.txt")
    assert code == 1
    assert f"{bad}:1: missing required field(s): body" in err
    assert f"{bad}:2: not JSON" in err
    assert f"{tmp_path / 'gone.txt'}: No such file or directory" in err
    assert "Kafka" not in err  # nothing to send, so no connection was tried


def test_produce_and_consume_say_when_kafka_is_unreachable(tmp_path: Path) -> None:
    good = tmp_path / "good.jsonl"
    good.write_text('{"id": "a", "body": "Xi phoned Putin."}\n')
    code, _, err = run_cli("produce", good)
    assert code == 3
    assert "Kafka at 127.0.0.1:1 (PLAINTEXT)" in err
    code, _, err = run_cli("consume", "--idle", "1")
    assert code == 3
    assert "Kafka at 127.0.0.1:1 (PLAINTEXT)" in err
