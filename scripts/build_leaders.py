#!/usr/bin/env python3
"""Build streams/data/leaders.json from gazetteer/leaders.yaml.

The YAML file is the human-edited source (one entry per spell in office,
grouped by country); this script validates it, expands aliases and writes the
JSON the extractor ships with. It never touches the network.

Usage:
    .venv/bin/python scripts/build_leaders.py            # validate + write JSON
    .venv/bin/python scripts/build_leaders.py --check    # validate, fail if JSON is stale
    .venv/bin/python scripts/build_leaders.py --quiet    # no summary

Exit status: 0 ok, 1 validation errors (or stale JSON with --check).
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import re
import sys
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SRC = ROOT / "gazetteer" / "leaders.yaml"
OUT = ROOT / "streams" / "data" / "leaders.json"

ISO3_RE = re.compile(r"^[A-Z]{3}$")
ORG_RE = re.compile(r"^[A-Z]{2,10}$")
DAY_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MONTH_RE = re.compile(r"^\d{4}-\d{2}$")

# office -> broad role, so consumers can ask "who was head of state" without
# knowing each country's title.
ROLES: dict[str, str] = {
    "president": "head_of_state",
    "monarch": "head_of_state",
    "supreme_leader": "head_of_state",
    "general_secretary": "head_of_state",
    "leader": "head_of_state",
    "chairman": "head_of_state",
    "cmc_chairman": "head_of_state",
    "prime_minister": "head_of_government",
    "chancellor": "head_of_government",
    "chief_executive": "head_of_government",
    "foreign_minister": "foreign_minister",
    "secretary_of_state": "foreign_minister",
    "foreign_secretary": "foreign_minister",
    "vice_president": "deputy",
    "crown_prince": "deputy",
    "deputy_crown_prince": "deputy",
    "trade_minister": "minister",
}
ORG_OFFICES: dict[str, set[str]] = {
    "UN": {"secretary_general"},
    "NATO": {"secretary_general"},
    "EU": {"commission_president", "high_representative", "council_president"},
    "IOC": {"president"},
}
ORG_ROLES: dict[str, str] = {
    "secretary_general": "org_head",
    "commission_president": "org_head",
    "council_president": "org_head",
    "president": "org_head",
    "high_representative": "foreign_minister",
}
# Offices restricted to particular countries by the data model.
OFFICE_COUNTRIES: dict[str, set[str]] = {
    "vice_president": {"USA"},
    "secretary_of_state": {"USA"},
    "foreign_secretary": {"GBR"},
    "chancellor": {"DEU", "AUT"},
}
# Honorific-prefixed aliases are handled by the extractor, not the gazetteer.
HONORIFIC_RE = re.compile(
    r"^(president|vice president|prime minister|premier|chancellor|king|queen|emperor|"
    r"emir|sheikh|sheik|prince|crown prince|ayatollah|secretary|minister|foreign minister|"
    r"general|gen\.|mr\.?|mrs\.?|ms\.?|dr\.?|sir|lord|chairman|pope)\s",
    re.IGNORECASE,
)
ENTRY_KEYS = {"name", "office", "start", "end", "acting", "approx", "note"}
# Letters that NFKD does not decompose into ASCII.
EXTRA_FOLD = str.maketrans(
    {
        "ı": "i",
        "İ": "I",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ø": "o",
        "Ø": "O",
        "ß": "ss",
        "æ": "ae",
        "Æ": "AE",
        "œ": "oe",
        "Œ": "OE",
        "ð": "d",
        "þ": "th",
        "’": "'",
        "‘": "'",
    }
)


def ascii_fold(text: str) -> str:
    text = text.translate(EXTRA_FOLD)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


class Errors(list[str]):
    def add(self, where: str, msg: str) -> None:
        self.append(f"{where}: {msg}")


def parse_date(value: Any, where: str, field: str, errors: Errors) -> tuple[dt.date | None, bool]:
    """Return (date, approx). YYYY-MM means 'only the month is known'."""
    if value is None:
        return None, False
    if isinstance(value, dt.datetime):
        return value.date(), False
    if isinstance(value, dt.date):
        return value, False
    if isinstance(value, str):
        s = value.strip()
        try:
            if DAY_RE.match(s):
                return dt.date.fromisoformat(s), False
            if MONTH_RE.match(s):
                return dt.date.fromisoformat(s + "-01"), True
        except ValueError:
            pass
    errors.add(where, f"{field} {value!r} is not YYYY-MM-DD or YYYY-MM")
    return None, False


def clean_aliases(name: str, extra: list[Any], where: str, errors: Errors) -> list[str]:
    out: list[str] = []
    seen: set[str] = set()
    for raw in [name, *extra]:
        if not isinstance(raw, str) or not raw.strip():
            errors.add(where, f"empty or non-string alias {raw!r}")
            continue
        alias = " ".join(raw.split())
        if alias != raw:
            errors.add(where, f"alias {raw!r} has stray whitespace")
        if HONORIFIC_RE.match(alias):
            errors.add(
                where,
                f"alias {alias!r} starts with an honorific; the extractor strips those",
            )
        for form in (alias, ascii_fold(alias)):
            if form.casefold() not in seen:
                seen.add(form.casefold())
                out.append(form)
    return sorted(out, key=lambda a: (a.casefold(), a))


def load(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    if not isinstance(data, dict):
        raise SystemExit(f"{path}: top level must be a mapping")
    return data


def build(data: dict[str, Any]) -> tuple[dict[str, Any], Errors, list[str]]:
    errors = Errors()
    warnings: list[str] = []

    unknown_top = set(data) - {"sources", "people", "countries", "organisations"}
    if unknown_top:
        errors.add("top level", f"unknown keys {sorted(unknown_top)}")

    sources = data.get("sources") or []
    if not sources or not all(isinstance(s, str) and s.strip() for s in sources):
        errors.add("sources", "must be a non-empty list of non-empty strings")

    people_raw = data.get("people") or {}
    if not isinstance(people_raw, dict):
        errors.add("people", "must be a mapping of name -> list of aliases")
        people_raw = {}
    aliases_by_person: dict[str, list[str]] = {}
    for person, extra in people_raw.items():
        where = f"people[{person}]"
        if not isinstance(person, str) or not person.strip():
            errors.add(where, "person name must be a non-empty string")
            continue
        if extra is None:
            extra = []
        if not isinstance(extra, list):
            errors.add(where, "aliases must be a list")
            extra = []
        aliases_by_person[person] = clean_aliases(person, extra, where, errors)

    raw_entries: list[tuple[str | None, str | None, Any, str]] = []
    countries = data.get("countries") or {}
    for code, entries in countries.items():
        if not isinstance(code, str) or not ISO3_RE.match(code):
            errors.add(
                f"countries[{code}]",
                "country code must be 3 upper-case letters (ISO 3166-1 alpha-3)",
            )
        for i, entry in enumerate(entries or []):
            raw_entries.append((code, None, entry, f"countries[{code}][{i}]"))
    orgs = data.get("organisations") or {}
    for org, entries in orgs.items():
        if not isinstance(org, str) or not ORG_RE.match(org):
            errors.add(f"organisations[{org}]", "organisation key must be upper-case letters")
        for i, entry in enumerate(entries or []):
            raw_entries.append((None, org, entry, f"organisations[{org}][{i}]"))

    leaders: list[dict[str, Any]] = []
    used_people: set[str] = set()
    for country, org, entry, where in raw_entries:
        if not isinstance(entry, dict):
            errors.add(where, "entry must be a mapping")
            continue
        unknown = set(entry) - ENTRY_KEYS
        if unknown:
            errors.add(where, f"unknown keys {sorted(unknown)}")
        name = entry.get("name")
        office = entry.get("office")
        where = f"{where} ({name}, {office})"
        if not isinstance(name, str) or not name.strip():
            errors.add(where, "missing name")
            continue
        if not isinstance(office, str) or not office:
            errors.add(where, "missing office")
            continue
        if name not in aliases_by_person:
            errors.add(where, f"{name!r} is not listed under people:")
            aliases = clean_aliases(name, [], where, errors)
        else:
            aliases = aliases_by_person[name]
            used_people.add(name)
        if org is None:
            if office not in ROLES:
                errors.add(where, f"unknown office {office!r}")
                role = None
            else:
                role = ROLES[office]
            allowed = OFFICE_COUNTRIES.get(office)
            if allowed and country not in allowed:
                errors.add(where, f"office {office!r} is only used for {sorted(allowed)}")
        else:
            if office not in ORG_OFFICES.get(org, set()):
                errors.add(where, f"office {office!r} not defined for organisation {org}")
            role = ORG_ROLES.get(office)
        if "start" not in entry or entry.get("start") is None:
            errors.add(where, "missing start")
            continue
        if "end" not in entry:
            errors.add(where, "missing end (use null for incumbents)")
        start, start_approx = parse_date(entry.get("start"), where, "start", errors)
        end, end_approx = parse_date(entry.get("end"), where, "end", errors)
        if start is None:
            continue
        if end is not None and start > end:
            errors.add(where, f"start {start} is after end {end}")
        for flag in ("acting", "approx"):
            if flag in entry and not isinstance(entry[flag], bool):
                errors.add(where, f"{flag} must be true/false")
        note = entry.get("note")
        if note is not None and (not isinstance(note, str) or not note.strip()):
            errors.add(where, "note must be a non-empty string")
        leaders.append(
            {
                "name": name,
                "aliases": aliases,
                "country": country,
                "office": office,
                "role": role,
                "start": start.isoformat(),
                "end": end.isoformat() if end else None,
                "approx": bool(entry.get("approx")) or start_approx or end_approx,
                "acting": bool(entry.get("acting", False)),
                "org": org,
                "note": note,
            }
        )

    for person in sorted(set(aliases_by_person) - used_people):
        errors.add(f"people[{person}]", "listed but has no term of office")

    # No overlapping spells in the same single-holder office.
    by_office: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for rec in leaders:
        by_office[(rec["country"] or rec["org"], rec["office"])].append(rec)
    for (holder, office), recs in sorted(by_office.items()):
        recs.sort(key=lambda r: r["start"])
        for prev, nxt in itertools.pairwise(recs):
            if prev["end"] is None or nxt["start"] < prev["end"]:
                errors.add(
                    f"{holder}/{office}",
                    f"overlap: {prev['name']} {prev['start']}..{prev['end']} "
                    f"and {nxt['name']} {nxt['start']}..{nxt['end']}",
                )
            if (
                prev["name"] == nxt["name"]
                and prev["end"] == nxt["start"]
                and not (prev["note"] or nxt["note"] or prev["acting"])
            ):
                warnings.append(
                    f"{holder}/{office}: {prev['name']} has two adjoining spells without a note"
                )

    # The same alias used for different people in office at the same time in
    # different states is a real ambiguity the extractor has to settle from
    # context; list it so reviewers see it.
    by_alias: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for rec in leaders:
        for alias in rec["aliases"]:
            by_alias[alias.casefold()].append(rec)
    ambiguous: set[tuple[str, str, str]] = set()
    far_future = "9999-12-31"
    for alias, recs in by_alias.items():
        for i, a in enumerate(recs):
            for b in recs[i + 1 :]:
                if a["name"] == b["name"]:
                    continue
                if (a["country"] or a["org"]) == (b["country"] or b["org"]):
                    continue
                if a["start"] < (b["end"] or far_future) and b["start"] < (a["end"] or far_future):
                    pair = sorted([a["name"], b["name"]])
                    ambiguous.add((alias, pair[0], pair[1]))
    for alias, p1, p2 in sorted(ambiguous):
        warnings.append(f"ambiguous alias {alias!r}: {p1} / {p2} in office at the same time")

    def sort_key(rec: dict[str, Any]) -> tuple[Any, ...]:
        return (
            rec["country"] is None,
            rec["country"] or "",
            rec["org"] or "",
            rec["office"],
            rec["start"],
            rec["name"],
        )

    leaders.sort(key=sort_key)
    return {"sources": list(sources), "leaders": leaders}, errors, warnings


def render(doc: dict[str, Any]) -> str:
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"


def summary(doc: dict[str, Any], warnings: list[str]) -> str:
    leaders = doc["leaders"]
    people = {r["name"] for r in leaders}
    countries = sorted({r["country"] for r in leaders if r["country"]})
    orgs = sorted({r["org"] for r in leaders if r["org"]})
    offices = Counter(r["office"] for r in leaders)
    incumbents = [r for r in leaders if r["end"] is None]
    approx = [r for r in leaders if r["approx"]]
    lines = [
        f"entries:          {len(leaders)}",
        f"distinct people:  {len(people)}",
        f"aliases (total):  {sum(len(r['aliases']) for r in leaders)}",
        f"countries ({len(countries)}): {' '.join(countries)}",
        f"organisations:    {' '.join(orgs)}",
        "offices:          " + ", ".join(f"{k}={v}" for k, v in sorted(offices.items())),
        f"incumbents:       {len(incumbents)} (end: null)",
        f"approx entries:   {len(approx)}",
        f"latest date:      {max(max(r['start'], r['end'] or '') for r in leaders)}",
    ]
    if warnings:
        lines.append(f"warnings ({len(warnings)}):")
        lines.extend(f"  - {w}" for w in warnings)
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--src", type=Path, default=SRC)
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument(
        "--check",
        action="store_true",
        help="do not write; fail if the JSON is out of date",
    )
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)

    doc, errors, warnings = build(load(args.src))
    if errors:
        print(f"{len(errors)} error(s) in {args.src}:", file=sys.stderr)
        for e in errors:
            print(f"  - {e}", file=sys.stderr)
        return 1
    text = render(doc)
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else None
        if current != text:
            print(
                f"{args.out} is out of date; run scripts/build_leaders.py",
                file=sys.stderr,
            )
            return 1
    else:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(text, encoding="utf-8")
    if not args.quiet:
        print(summary(doc, warnings))
        print(("checked " if args.check else "wrote ") + str(args.out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
