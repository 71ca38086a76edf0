#!/usr/bin/env python3
"""Build the state / organisation gazetteer shipped in streams/data/.

Build-time only: developers run this after editing gazetteer/overlay.yaml;
nothing here runs (or downloads anything) when the extractor runs.

    .venv/bin/pip install pycountry countryinfo pyyaml   # build deps
    .venv/bin/python scripts/build_gazetteer.py          # writes the JSON
    .venv/bin/python scripts/build_gazetteer.py --check  # exit 1 if stale
    .venv/bin/python scripts/build_gazetteer.py --report # + review details

Inputs
  * pycountry (LGPL-2.1-only; ISO 3166 data from Debian iso-codes):
    the authoritative list of ISO 3166-1 codes and their short, common and
    official names; ISO 3166-3 for withdrawn codes (SUN, YUG, CSK, DDR).
  * countryinfo (MIT): seed capitals, demonyms and English official-style
    alternative names. Its values were reviewed; wrong ones are removed with
    ``drop_seed`` in the overlay.
  * gazetteer/overlay.yaml: the hand-curated part, the only file to edit.
  * country_converter (GPL-3.0), if installed, is used only as a cross-check
    (UN membership, regex matches); none of its data is copied into output.

Outputs (pretty-printed with indent=1, sorted, deterministic)
  * streams/data/countries.json
  * streams/data/orgs.json

The build fails if a string maps to more than one entity (across both files)
without being listed under ``ambiguous`` in the overlay, or if coverage
checks fail (all ISO 3166-1 entries; demonym + capital for UN members).
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
import unicodedata
from collections import defaultdict
from importlib import metadata
from pathlib import Path
from typing import Any

import pycountry
import yaml

ROOT = Path(__file__).resolve().parent.parent
OVERLAY = ROOT / "gazetteer" / "overlay.yaml"
OUT_DIR = ROOT / "streams" / "data"
COUNTRIES_OUT = OUT_DIR / "countries.json"
ORGS_OUT = OUT_DIR / "orgs.json"

FIELDS = ("names", "demonyms", "capitals", "metonyms")
ORG_KINDS = {"igo", "igo_body", "forum", "pact", "ngo", "movement", "armed_group"}
CODE_STATUS = {"iso3166-1", "iso3166-3", "user-assigned"}

# Names that take "the" in running English text ("the Russian Federation").
_THE_START = re.compile(
    r"^(Republic|Kingdom|State|Federation|Federal|Federative|Democratic|Islamic|"
    r"People's|United|Union|Commonwealth|Principality|Grand Duchy|Sultanate|"
    r"Independent State|Plurinational|Bolivarian|Socialist|Hashemite|Oriental|"
    r"Eastern|Co-operative|Territory|Bailiwick|Department|Collectivity|Arab Republic|"
    r"Swiss Confederation|Hellenic Republic|Lao People's)\b"
)
_THE_END = re.compile(
    r"\b(Republic|Federation|Emirates|Islands|Territories|Territory|Confederation|States)$"
)
# countryinfo altSpellings: keep only English official-style names.
_STATE_WORD = re.compile(
    r"\b(Republic|Kingdom|State|States|Federation|Commonwealth|Union|Principality|"
    r"Grand Duchy|Sultanate|Confederation|Emirates|Territory|Bailiwick|Department)\b"
)
_ALLOWED_LOWER = {"of", "the", "and"}


# --------------------------------------------------------------------------- utils
def fold(s: str) -> str:
    """Accent-free variant: 'Côte d’Ivoire' -> "Cote d'Ivoire"."""
    s = s.replace("\u2019", "'").replace("\u2018", "'")
    decomposed = unicodedata.normalize("NFKD", s)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


def sort_key(s: str) -> tuple[str, str]:
    return (fold(s).casefold(), s)


def is_clean_name(s: str) -> bool:
    """ISO sort forms ('Korea, Republic of') and parenthesised forms are not news forms."""
    return bool(s) and "," not in s and "(" not in s


def strip_the(s: str) -> str:
    return s[4:] if s.startswith("the ") else s


def pkg_version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


class BuildError(Exception):
    pass


def as_str_list(value: Any, where: str) -> list[str]:
    if value is None:
        return []
    if not isinstance(value, list):
        raise BuildError(f"{where}: expected a list, got {type(value).__name__}")
    out = []
    for v in value:
        if not isinstance(v, str):
            raise BuildError(f"{where}: {v!r} is not a string (quote it in YAML)")
        if v != v.strip() or not v or "  " in v:
            raise BuildError(f"{where}: bad whitespace in {v!r}")
        out.append(v)
    return out


# --------------------------------------------------------------------------- seeds
def countryinfo_seeds() -> dict[str, dict[str, set[str]]]:
    """capital, demonym and English official-style names per ISO3 from countryinfo."""
    import countryinfo

    data_dir = Path(countryinfo.__file__).resolve().parent / "data"
    seeds: dict[str, dict[str, set[str]]] = defaultdict(lambda: {f: set() for f in FIELDS})
    for path in sorted(data_dir.glob("*.json")):
        d = json.loads(path.read_text(encoding="utf-8"))
        iso3 = ((d.get("ISO") or {}).get("alpha3") or "").strip()
        if not iso3:
            continue
        caps = d.get("capital")
        for cap in caps if isinstance(caps, list) else [caps]:
            if isinstance(cap, str) and cap.strip():
                seeds[iso3]["capitals"].add(cap.strip())
        dem = d.get("demonym")
        if isinstance(dem, str) and dem.strip():
            seeds[iso3]["demonyms"].add(dem.strip())
        for alt in d.get("altSpellings") or []:
            alt = strip_the(alt.strip()) if isinstance(alt, str) else ""
            if not is_clean_name(alt) or not _STATE_WORD.search(alt):
                continue
            words = alt.split()
            if any(w[0].islower() and w not in _ALLOWED_LOWER for w in words):
                continue  # non-English ("Union des Comores")
            if not all(unicodedata.category(c)[0] in "LZP" or c in "'-" for c in alt):
                continue
            seeds[iso3]["names"].add(alt)
    return seeds


def pycountry_names(c: Any) -> set[str]:
    out = set()
    for attr in ("name", "official_name", "common_name"):
        v = getattr(c, attr, None)
        if v and is_clean_name(strip_the(v)):
            out.add(strip_the(v))
    return out


# --------------------------------------------------------------------------- variants
def variants(s: str, field: str, is_org: bool, no_fold: set[str], no_the: set[str]) -> set[str]:
    out = {s}
    if s.startswith("the "):
        out.add(s[4:])
    if is_org:
        if " " in s and not s.startswith(("the ", "The ")) and s not in no_the:
            out.add("the " + s)
        for x in list(out):
            for a, b in (
                ("Organization", "Organisation"),
                ("Organisation", "Organization"),
            ):
                if a in x:
                    out.add(x.replace(a, b))
    elif field == "names":
        base = strip_the(s)
        if (
            " " in base
            and not base.startswith("The ")
            and base not in no_the
            and (_THE_START.search(base) or _THE_END.search(base))
        ):
            out.add("the " + base)
        if base.count(" and ") == 1 and " of " not in base and "," not in base:
            out |= {x.replace(" and ", " & ") for x in set(out)}
    for x in list(out):
        if re.search(r"\bSaint ", x):
            out.add(re.sub(r"\bSaint ", "St ", x))
            out.add(re.sub(r"\bSaint ", "St. ", x))
    for x in list(out):
        if x not in no_fold and fold(x) != x:
            out.add(fold(x))
    return out


# --------------------------------------------------------------------------- build
def build(report: bool) -> tuple[dict, dict, list[str]]:
    ov = yaml.safe_load(OVERLAY.read_text(encoding="utf-8"))
    log: list[str] = []
    no_fold = set(as_str_list(ov.get("no_fold"), "no_fold"))
    no_the = set(as_str_list(ov.get("no_the"), "no_the"))

    # ---- entity list: every ISO 3166-1 entry plus curated extras
    entities: dict[str, dict[str, Any]] = {}
    for pc in pycountry.countries:
        entities[pc.alpha_3] = {"status": "iso3166-1", "pyc": pc}
    historic = {h.alpha_3: h for h in pycountry.historic_countries}
    for code, spec in sorted((ov.get("extra_entities") or {}).items()):
        status = spec.get("status")
        if status not in CODE_STATUS or code in entities:
            raise BuildError(f"extra_entities.{code}: bad status {status!r} or duplicate code")
        if status == "iso3166-3" and code not in historic:
            raise BuildError(
                f"extra_entities.{code}: not an ISO 3166-3 (former alpha-3) code in pycountry"
            )
        entities[code] = {
            "status": status,
            "pyc": None,
            "note": spec.get("note"),
            "name": spec.get("name"),
        }

    countries_ov: dict[str, dict] = ov.get("countries") or {}
    for code in countries_ov:
        if code not in entities:
            raise BuildError(f"countries.{code}: unknown code (typo?)")
    un_members = set(as_str_list(ov.get("un_members"), "un_members"))
    if len(un_members) != 193 or not un_members <= set(entities):
        raise BuildError(f"un_members: expected 193 known codes, got {len(un_members)}")
    exempt = ov.get("capital_exempt") or {}

    ci = countryinfo_seeds()
    used_drops: set[tuple[str, str]] = set()
    seed_only: list[str] = []
    countries: list[dict[str, Any]] = []
    for code in sorted(entities):
        ent = entities[code]
        spec = countries_ov.get(code) or {}
        unknown = set(spec) - {"name", *FIELDS, "drop_seed"}
        if unknown:
            raise BuildError(f"countries.{code}: unknown keys {sorted(unknown)}")
        drop = set(as_str_list(spec.get("drop_seed"), f"countries.{code}.drop_seed"))
        seed: dict[str, set[str]] = {f: set() for f in FIELDS}
        if ent["pyc"] is not None:
            seed["names"] |= pycountry_names(ent["pyc"])
        for f in FIELDS:
            seed[f] |= ci.get(code, {}).get(f, set())
        fields: dict[str, set[str]] = {}
        for f in FIELDS:
            curated = set(as_str_list(spec.get(f), f"countries.{code}.{f}"))
            kept = set()
            for s in seed[f]:
                if s in drop:
                    used_drops.add((code, s))
                else:
                    kept.add(s)
                    if s not in curated and f != "names":
                        seed_only.append(f"{code} {f}: {s!r} (seed, not in overlay)")
            fields[f] = set()
            for s in kept | curated:
                fields[f] |= variants(s, f, False, no_fold, no_the)
        for d in drop:
            if (code, d) not in used_drops:
                raise BuildError(
                    f"countries.{code}.drop_seed: {d!r} is not supplied by any seed (stale?)"
                )
        pyc = ent["pyc"]
        name = spec.get("name") or ent.get("name")
        if not name and pyc is not None:
            name = getattr(pyc, "common_name", None)
            if not name and is_clean_name(pyc.name):
                name = pyc.name
        if not name:
            name = (as_str_list(spec.get("names"), code) or [getattr(pyc, "official_name", "")])[0]
        if not name:
            raise BuildError(f"{code}: no display name")
        fields["names"] |= variants(name, "names", False, no_fold, no_the)
        entry: dict[str, Any] = {
            "iso3": code,
            "name": name,
            "status": ent["status"],
            "un_member": code in un_members,
        }
        for f in FIELDS:
            entry[f] = sorted(fields[f], key=sort_key)
        if ent.get("note"):
            entry["note"] = ent["note"]
        countries.append(entry)

    # ---- organisations
    orgs: list[dict[str, Any]] = []
    seen_codes: set[str] = set()
    for i, spec in enumerate(ov.get("orgs") or []):
        code = spec.get("code")
        where = f"orgs[{i}] ({code})"
        if not isinstance(code, str) or not code or code in seen_codes or code in entities:
            raise BuildError(f"{where}: missing, duplicate, or clashes with a country code")
        seen_codes.add(code)
        unknown = set(spec) - {"code", "kind", "name", "names", "parent", "country"}
        if unknown:
            raise BuildError(f"{where}: unknown keys {sorted(unknown)}")
        if spec.get("kind") not in ORG_KINDS:
            raise BuildError(f"{where}: kind must be one of {sorted(ORG_KINDS)}")
        if not isinstance(spec.get("name"), str):
            raise BuildError(f"{where}: name missing")
        names: set[str] = set()
        for s in set(as_str_list(spec.get("names"), where)) | {spec["name"]}:
            names |= variants(s, "names", True, no_fold, no_the)
        entry = {
            "code": code,
            "name": spec["name"],
            "names": sorted(names, key=sort_key),
            "kind": spec["kind"],
        }
        if spec.get("parent"):
            entry["parent"] = spec["parent"]
        if spec.get("country") is not None:
            if spec["country"] not in entities:
                raise BuildError(f"{where}: unknown country {spec['country']!r}")
            entry["country"] = spec["country"]
        elif spec["kind"] == "armed_group":
            entry["country"] = None
        orgs.append(entry)
    for o in orgs:
        if "parent" in o and o["parent"] not in seen_codes:
            raise BuildError(f"orgs {o['code']}: unknown parent {o['parent']!r}")
    orgs.sort(key=lambda o: o["code"])

    # ---- collision check across both files (case-insensitive)
    owners: dict[str, set[str]] = defaultdict(set)
    exact: dict[str, set[str]] = defaultdict(set)
    for c in countries:
        for f in FIELDS:
            for s in c[f]:
                owners[s.casefold()].add(c["iso3"])
                exact[s].add(c["iso3"])
    for o in orgs:
        for s in o["names"]:
            owners[s.casefold()].add(o["code"])
            exact[s].add(o["code"])

    amb_entries: list[dict[str, Any]] = []
    declared: set[str] = set()
    for i, a in enumerate(ov.get("ambiguous") or []):
        s, cands = a.get("string"), as_str_list(a.get("candidates"), f"ambiguous[{i}]")
        if not isinstance(s, str) or s.casefold() in declared:
            raise BuildError(f"ambiguous[{i}]: missing or duplicate string {s!r}")
        declared.add(s.casefold())
        if s not in exact:
            raise BuildError(f"ambiguous {s!r}: string not used by any entity (stale?)")
        if set(cands) != owners[s.casefold()]:
            raise BuildError(
                f"ambiguous {s!r}: declared {sorted(cands)}, actual {sorted(owners[s.casefold()])}"
            )
        if a.get("default") is not None and a["default"] not in cands:
            raise BuildError(f"ambiguous {s!r}: default not among candidates")
        e: dict[str, Any] = {"string": s, "candidates": sorted(cands)}
        if a.get("default"):
            e["default"] = a["default"]
        if a.get("note"):
            e["note"] = a["note"]
        amb_entries.append(e)
    errors = []
    resolved = 0
    for key, codes in sorted(owners.items()):
        if len(codes) > 1:
            if key in declared:
                resolved += 1
            else:
                forms = sorted(s for s in exact if s.casefold() == key)
                errors.append(f"collision {forms} -> {sorted(codes)}")
    if errors:
        raise BuildError(
            "undeclared collisions (add to `ambiguous` or fix):\n  " + "\n  ".join(errors)
        )
    amb_entries.sort(key=lambda e: sort_key(e["string"]))

    # per-entity list of its ambiguous strings
    amb_by_code: dict[str, list[str]] = defaultdict(list)
    for e in amb_entries:
        for code in e["candidates"]:
            amb_by_code[code].append(e["string"])
    for c in countries:
        if amb_by_code.get(c["iso3"]):
            c["ambiguous"] = sorted(amb_by_code[c["iso3"]], key=sort_key)
    for o in orgs:
        if amb_by_code.get(o["code"]):
            o["ambiguous"] = sorted(amb_by_code[o["code"]], key=sort_key)

    # ---- coverage checks
    by_code = {c["iso3"]: c for c in countries}
    missing_iso = {pc.alpha_3 for pc in pycountry.countries} - set(by_code)
    if missing_iso or len(pycountry.countries) != 249:
        raise BuildError(
            f"ISO 3166-1 coverage: missing {sorted(missing_iso)}; pycountry has {len(pycountry.countries)}"
        )
    for code in ("XKX", "PSE", "TWN"):
        if not by_code.get(code, {}).get("names"):
            raise BuildError(f"{code}: no names")
    problems = []
    for code in sorted(un_members):
        c = by_code[code]
        if not c["demonyms"]:
            problems.append(f"{code}: no demonym")
        if not c["capitals"] and code not in exempt:
            problems.append(f"{code}: no capital")
    for c in countries:
        if not c["names"]:
            problems.append(f"{c['iso3']}: no names")
    if problems:
        raise BuildError("coverage:\n  " + "\n  ".join(problems))

    log += cross_check_country_converter(countries, un_members, report)
    if report:
        log += ["review: " + s for s in sorted(seed_only)]

    pyc_v, ci_v = pkg_version("pycountry"), pkg_version("countryinfo")
    overlay_src = "Hand-curated overlay gazetteer/overlay.yaml (this repository, MIT)"
    country_sources = [
        f"ISO 3166-1 codes and short/official/common names, and ISO 3166-3 former codes (SUN, YUG, CSK, DDR): "
        f"pycountry {pyc_v} (data from Debian iso-codes), LGPL-2.1-only",
        f"Seed capitals, demonyms and English official-style alternative names: countryinfo {ci_v}, MIT "
        "(reviewed by hand; rejected values listed as drop_seed in the overlay)",
        overlay_src + ": common names, abbreviations, demonyms, capitals, metonyms, ambiguity list",
        "XKX (Kosovo) is not an ISO 3166-1 code: it is the user-assigned code used by the European Commission, "
        "the IMF and others",
        "SUN, YUG, CSK, DDR are withdrawn ISO 3166-1 alpha-3 codes kept in ISO 3166-3; they are not remapped "
        "to successor states (West Germany is mapped to DEU)",
    ]
    org_sources = [
        overlay_src
        + ": organisation codes, names and kinds, taken from the organisations' own English names",
        "Org codes are the organisations' usual abbreviations; WB, LAS, CWTH, COE, EUCO, OPECPLUS, AQ, QUAD are "
        "project-assigned short codes",
    ]
    countries_doc = {
        "sources": country_sources,
        "ambiguous": [e for e in amb_entries if any(c in by_code for c in e["candidates"])],
        "countries": countries,
    }
    orgs_doc = {
        "sources": org_sources,
        "ambiguous": [e for e in amb_entries if any(c in seen_codes for c in e["candidates"])],
        "orgs": orgs,
    }
    n = {f: sum(len(c[f]) for c in countries) for f in FIELDS}
    log.append(
        f"countries: {len(countries)} entities ({sum(c['status'] == 'iso3166-1' for c in countries)} ISO 3166-1, "
        f"{sum(c['un_member'] for c in countries)} UN members); "
        + ", ".join(f"{f} {n[f]}" for f in FIELDS)
    )
    log.append(f"orgs: {len(orgs)} entities, names {sum(len(o['names']) for o in orgs)}")
    log.append(
        f"ambiguous strings: {len(amb_entries)} declared; {resolved} cross-entity collisions resolved; "
        f"{len(used_drops)} seed values dropped"
    )
    return countries_doc, orgs_doc, log


def cross_check_country_converter(
    countries: list[dict], un_members: set[str], report: bool
) -> list[str]:
    """Optional: compare with country_converter (GPL-3.0). Reads it, copies nothing."""
    try:
        import country_converter  # type: ignore[import-untyped]
    except ImportError:
        return ["cross-check: country_converter not installed, skipped"]
    tsv = Path(country_converter.__file__).resolve().parent / "country_data.tsv"
    with tsv.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t"))
    out = []
    cc_un = {r["ISO3"] for r in rows if r.get("UNmember", "").strip()}
    if cc_un != un_members:
        out.append(
            f"cross-check WARNING: UN members differ from country_converter: "
            f"+{sorted(un_members - cc_un)} -{sorted(cc_un - un_members)}"
        )
    regexes = [(r["ISO3"], re.compile(r["regex"], re.IGNORECASE)) for r in rows if r.get("regex")]
    disagreements = []
    for c in countries:
        for s in c["names"]:
            hits = {iso for iso, rx in regexes if rx.search(s)}
            if hits and c["iso3"] not in hits:
                disagreements.append(f"{c['iso3']} {s!r}: country_converter says {sorted(hits)}")
    out.append(
        f"cross-check: {len(disagreements)} names resolve elsewhere in country_converter (see --report)"
    )
    if report:
        out += ["  " + d for d in disagreements]
    return out


def dump(doc: dict) -> str:
    return json.dumps(doc, indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument(
        "--check", action="store_true", help="do not write; exit 1 if outputs are stale"
    )
    ap.add_argument("--report", action="store_true", help="print review details")
    args = ap.parse_args(argv)
    try:
        countries_doc, orgs_doc, log = build(args.report)
    except BuildError as e:
        print(f"build_gazetteer: ERROR: {e}", file=sys.stderr)
        return 2
    stale = []
    for path, doc in ((COUNTRIES_OUT, countries_doc), (ORGS_OUT, orgs_doc)):
        text = dump(doc)
        current = path.read_text(encoding="utf-8") if path.exists() else None
        if current != text:
            stale.append(path.relative_to(ROOT).as_posix())
            if not args.check:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_text(text, encoding="utf-8")
    for line in log:
        print(line)
    if args.check:
        print("stale: " + ", ".join(stale) if stale else "up to date")
        return 1 if stale else 0
    print("wrote: " + ", ".join(stale) if stale else "unchanged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
