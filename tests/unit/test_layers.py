"""Imports on the Kafka side point one way: no cycles, no module reaching up to the package.

Function-level imports count too (``app.make_app`` imports ``agents`` lazily), because a
lazy import is still an arrow. ``streams/extract/`` is one node here: its inner layering
is the extractor's business.
"""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "streams"


def _node(module: str) -> str:
    parts = module.split(".")
    return ".".join(parts[:2])


def imports_of(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("streams"):
            found.add(_node(node.module))
        elif isinstance(node, ast.Import):
            found |= {_node(a.name) for a in node.names if a.name.startswith("streams")}
    return found


def graph() -> dict[str, set[str]]:
    out = {}
    for path in sorted(PACKAGE.glob("*.py")):
        if path.stem in ("__init__", "__main__"):
            continue
        name = f"streams.{path.stem}"
        out[name] = imports_of(path) - {name}
    return out


def cycle_from(start: str, g: dict[str, set[str]]) -> list[str] | None:
    stack = [(start, [start])]
    while stack:
        node, path = stack.pop()
        for nxt in g.get(node, set()):
            if nxt == start:
                return [*path, nxt]
            if nxt not in path:
                stack.append((nxt, [*path, nxt]))
    return None


def test_no_module_imports_the_package_itself() -> None:
    upward = {name: deps for name, deps in graph().items() if "streams" in deps}
    assert upward == {}


def test_no_import_cycles() -> None:
    g = graph()
    cycles = [c for name in g if (c := cycle_from(name, g))]
    assert cycles == []


def test_the_runner_does_not_import_the_send_policy() -> None:
    g = graph()
    assert "streams.handling" not in g["streams.runner"]
    assert "streams.agents" not in g["streams.runner"] | g["streams.handling"]
