"""A schema cannot change without its version: one stored fingerprint per schema version.

The fingerprint hashes what a validator reads (types, required fields, patterns, enums),
not the prose (``title``, ``description``, ``$comment``, ``examples``) and not ``$id``,
which carries the version. When this test fails, bump the version in
``streams/cloudevents.py`` (``SCHEMA_VERSIONS``) and in the schema's ``$id``, and add the
new fingerprint the message gives to ``schemas/fingerprints.json``: consumers read the
version from the ``x-schema-version`` and ``ce_dataschema`` headers.
"""

from __future__ import annotations

import copy
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

from streams.cloudevents import SCHEMA_VERSIONS, SchemaName, schema_id

SCHEMAS = Path(__file__).resolve().parents[2] / "schemas"
PROSE = frozenset({"title", "description", "$comment", "examples", "$id"})


def strip_prose(node: Any) -> Any:
    if isinstance(node, dict):
        # "properties" maps field names to schemas: a field called "description" is contract
        return {
            k: strip_prose(v)
            for k, v in node.items()
            if k not in PROSE or not isinstance(v, str | list)
        }
    if isinstance(node, list):
        return [strip_prose(v) for v in node]
    return node


def fingerprint(schema: dict[str, Any]) -> str:
    canonical = json.dumps(strip_prose(schema), sort_keys=True, separators=(",", ":"))
    return "sha256:" + hashlib.sha256(canonical.encode()).hexdigest()


def load(name: str) -> dict[str, Any]:
    return dict(json.loads((SCHEMAS / f"{name}.schema.json").read_text()))


def stored() -> dict[str, dict[str, str]]:
    return dict(json.loads((SCHEMAS / "fingerprints.json").read_text()))


def test_every_schema_file_has_a_version() -> None:
    files = {p.name.removesuffix(".schema.json") for p in SCHEMAS.glob("*.schema.json")}
    assert files == set(SCHEMA_VERSIONS)


@pytest.mark.parametrize("name", sorted(SCHEMA_VERSIONS))
def test_schema_matches_the_fingerprint_of_its_version(name: SchemaName) -> None:
    schema = load(name)
    version = str(SCHEMA_VERSIONS[name])
    assert schema["$id"] == schema_id(name), "the $id and SCHEMA_VERSIONS disagree"
    known = stored()[name]
    assert max(map(int, known)) == int(version), "the version must be the newest one stored"
    now = fingerprint(schema)
    assert known[version] == now, (
        f"schemas/{name}.schema.json changed but its version is still {version}: bump it in "
        f"SCHEMA_VERSIONS and $id, and store the new fingerprint {now}"
    )


def test_the_fingerprint_sees_contract_changes_and_ignores_prose() -> None:
    event = load("event")
    reworded = copy.deepcopy(event)
    reworded["description"] = "reworded"
    reworded["properties"]["confidence"]["description"] = "reworded too"
    assert fingerprint(reworded) == fingerprint(event)
    for change in (
        lambda s: s["required"].remove("cameo"),
        lambda s: s["properties"]["confidence"].update(maximum=2),
        lambda s: s["properties"].update(extra={"type": "string"}),
    ):
        changed = copy.deepcopy(event)
        change(changed)
        assert fingerprint(changed) != fingerprint(event)
