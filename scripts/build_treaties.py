#!/usr/bin/env python3
"""Build streams/data/treaties.json from gazetteer/treaties.yaml.

Validates the hand-edited YAML (ISO 3166-1 alpha-3 codes, org codes, kinds, alias
clashes), expands spelling variants of every alias and writes deterministic JSON.

Usage:
    .venv/bin/python scripts/build_treaties.py          # validate + write JSON
    .venv/bin/python scripts/build_treaties.py --check  # validate, exit 1 if JSON is stale

Exit status: 0 ok, 1 validation errors (or stale JSON with --check).
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pycountry
import yaml

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "gazetteer" / "treaties.yaml"
OUT = ROOT / "streams" / "data" / "treaties.json"
ORGS = ROOT / "streams" / "data" / "orgs.json"

KINDS = frozenset({"treaty", "deal", "truce", "mission"})
# Not (or not only) ISO 3166-1 but used by the project: Kosovo, Palestine, Western Sahara.
EXTRA_CODES = frozenset({"XKX", "PSE", "ESH"})
KEYS = frozenset(
    {"name", "aliases", "kind", "parties", "orgs", "brokers", "multilateral", "ambiguous"}
    | {"variants", "note"}
)
# Head words news writes in lower case after a proper name: "New START treaty".
HEADS = frozenset(
    "Treaty Treaties Agreement Agreements Accord Accords Pact Deal Convention Protocol "
    "Memorandum Arrangements Statement".split()
)
PREFIXES = {
    "United Nations ": ("UN ", "U.N. "),
    "European Union ": ("EU ",),
    "African Union ": ("AU ",),
}
SPELLINGS = (
    ("defense", "defence"),
    ("organization", "organisation"),
    ("stabilization", "stabilisation"),
    ("normalization", "normalisation"),
    ("neighborliness", "neighbourliness"),
    ("revitalized", "revitalised"),
)


def ascii_fold(text: str) -> str:
    text = text.replace("’", "'").replace("–", "-")
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def expand(alias: str) -> set[str]:
    """The alias plus its spelling, prefix, head-word and accent-free variants."""
    out = {alias}
    for us, gb in SPELLINGS:
        for a, b in ((us, gb), (gb, us), (us.title(), gb.title()), (gb.title(), us.title())):
            out |= {v.replace(a, b) for v in out if a in v}
    for long, shorts in PREFIXES.items():
        out |= {short + v[len(long) :] for v in out if v.startswith(long) for short in shorts}
    for v in list(out):
        head, _, last = v.rpartition(" ")
        if head and last in HEADS:
            out.add(f"{head} {last.lower()}")
    return out | {ascii_fold(v) for v in out}


def codes(
    value: Any, valid: frozenset[str], where: str, field: str, errors: list[str]
) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(c, str) for c in value):
        errors.append(f"{where}: {field} must be a list of codes")
        return []
    for code in value:
        if code not in valid:
            errors.append(f"{where}: unknown {field} code {code!r}")
    if len(set(value)) != len(value):
        errors.append(f"{where}: duplicate code in {field}")
    return sorted(set(value))


def build_entry(
    raw: Any, states: frozenset[str], orgs: frozenset[str], where: str, errors: list[str]
) -> dict[str, Any] | None:
    if not isinstance(raw, dict) or not isinstance(raw.get("name"), str) or not raw["name"]:
        errors.append(f"{where}: entry needs a name")
        return None
    where = f"{where} {raw['name']!r}"
    if unknown := set(raw) - KEYS:
        errors.append(f"{where}: unknown keys {sorted(unknown)}")
    if raw.get("kind") not in KINDS:
        errors.append(f"{where}: kind must be one of {sorted(KINDS)}")
    aliases = raw.get("aliases") or []
    if not isinstance(aliases, list) or not all(isinstance(a, str) and a for a in aliases):
        errors.append(f"{where}: aliases must be a list of non-empty strings")
        aliases = []
    if any(a != a.strip() or "  " in a for a in [raw["name"], *aliases]):
        errors.append(f"{where}: stray whitespace in an alias")
    parties = codes(raw.get("parties") or [], states, where, "parties", errors)
    brokers = codes(raw.get("brokers") or [], states, where, "brokers", errors)
    multilateral, ambiguous = raw.get("multilateral", False), raw.get("ambiguous", False)
    if not isinstance(multilateral, bool) or not isinstance(ambiguous, bool):
        errors.append(f"{where}: multilateral and ambiguous must be true or false")
    variants = [codes(v, states, where, "variants", errors) for v in raw.get("variants") or []]
    if set(parties) & set(brokers):
        errors.append(f"{where}: a state is both party and broker")
    if multilateral and parties:
        errors.append(f"{where}: multilateral entries list no parties")
    if not multilateral and not parties and not variants:
        errors.append(f"{where}: needs parties, variants or multilateral: true")
    if bool(variants) != bool(ambiguous):
        errors.append(f"{where}: variants are given exactly when ambiguous is true")
    if any(not set(parties) <= set(v) for v in variants):
        errors.append(f"{where}: parties must be common to every variant")
    return {
        "name": raw["name"],
        "aliases": sorted(set().union(*(expand(a) for a in [raw["name"], *aliases]))),
        "kind": raw.get("kind"),
        "parties": parties,
        "orgs": codes(raw.get("orgs") or [], orgs, where, "orgs", errors),
        "brokers": brokers,
        "multilateral": multilateral,
        "ambiguous": ambiguous,
        "variants": sorted(variants),
    }


def build(doc: dict[str, Any], orgs: frozenset[str], errors: list[str]) -> dict[str, Any]:
    states = frozenset(c.alpha_3 for c in pycountry.countries) | EXTRA_CODES
    groups = doc.get("groups")
    if not isinstance(groups, dict):
        errors.append("top level: 'groups' must map group names to lists of entries")
        groups = {}
    entries = []
    for group, items in groups.items():
        for i, raw in enumerate(items or []):
            if entry := build_entry(raw, states, orgs, f"{group}[{i}]", errors):
                entries.append(entry)
    for name, n in Counter(e["name"] for e in entries).items():
        if n > 1:
            errors.append(f"duplicate entry name {name!r}")
    owners: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for entry in entries:
        for alias in entry["aliases"]:
            owners[alias].append(entry)
    for alias, found in sorted(owners.items()):
        if len(found) > 1 and not all(e["ambiguous"] for e in found):
            names = ", ".join(e["name"] for e in found)
            errors.append(f"alias {alias!r} is shared by {names} but not all are ambiguous")
    entries.sort(key=lambda e: (e["name"].casefold(), e["name"]))
    return {"sources": list(doc.get("sources") or []), "treaties": entries}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="do not write; exit 1 if stale")
    args = parser.parse_args(argv)
    orgs = frozenset(o["code"] for o in json.loads(ORGS.read_text(encoding="utf-8"))["orgs"])
    errors: list[str] = []
    data = build(yaml.safe_load(SRC.read_text(encoding="utf-8")) or {}, orgs, errors)
    if errors:
        print("\n".join(errors), file=sys.stderr)
        print(f"{len(errors)} error(s) in {SRC.relative_to(ROOT)}", file=sys.stderr)
        return 1
    text = json.dumps(data, ensure_ascii=False, indent=1) + "\n"
    if args.check:
        stale = not OUT.exists() or OUT.read_text(encoding="utf-8") != text
        print(f"{OUT.relative_to(ROOT)} is {'stale' if stale else 'up to date'}")
        return int(stale)
    OUT.write_text(text, encoding="utf-8")
    kinds = Counter(e["kind"] for e in data["treaties"])
    summary = ", ".join(f"{k} {n}" for k, n in sorted(kinds.items()))
    print(f"wrote {OUT.relative_to(ROOT)}: {len(data['treaties'])} entries ({summary})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
