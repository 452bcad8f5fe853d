"""How surely institutional names are placed: the evaluation list, per kind of name.

    python bench/institutions.py

Every name of ``bench/data/institutions_eval.csv`` (published member and partner lists, truth by
hand; see ``bench/data/README.md``) is resolved with its country by a geocoder with an empty
answer cache. Per kind of name it prints: *placed*, within 25 km of the truth (``matched``, or
proposed for review with that point); *wrong matched*, ``matched`` more than 25 km away (a
silent error: must be 0); *far flag*, a flagged answer proposing a point more than 100 km off
(a hurried reviewer may accept it: must be 0); *not found*; *other* (flagged 25–100 km off).
Then the uncached speed in names per second. The list is the evaluation, never training data:
nothing in ``geo`` is tuned to its names.
"""

from __future__ import annotations

import csv
import math
import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EVAL = ROOT / "bench" / "data" / "institutions_eval.csv"
NEAR_KM = 25.0
FAR_KM = 100.0
KINDS = ("city", "city_official", "region", "province", "metro", "organisation")
COLUMNS = ("placed", "wrong matched", "far flag", "not found", "other")


def km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2)  # fmt: skip
    return 2 * 6371 * math.asin(min(1.0, math.sqrt(a)))


def outcome(found, truth: tuple[float, float]) -> str:
    """Which column of the table one answer counts in."""
    if found.lat is None or found.lon is None:
        return "not found"
    off = km(found.lat, found.lon, *truth)
    if off <= NEAR_KM:
        return "placed"
    if found.status in ("matched", "manual"):
        return "wrong matched"
    return "far flag" if off > FAR_KM else "other"


def evaluate(geocoder, rows: list[dict]) -> tuple[dict[str, Counter], list[tuple], float]:
    """Counts per kind, the bad answers (for reading), and the seconds all names took."""
    counts: dict[str, Counter] = defaultdict(Counter)
    bad: list[tuple] = []
    t = time.perf_counter()
    for row in rows:
        found = geocoder.resolve(row["name"], row["country"] or None)
        result = outcome(found, (float(row["truth_lat"]), float(row["truth_lon"])))
        counts[row["kind"]][result] += 1
        if result in ("wrong matched", "far flag"):
            bad.append((result, row["name"], row["country"], found.status, found.place))
    return counts, bad, time.perf_counter() - t


def report(counts: dict[str, Counter], seconds: float, total: int) -> None:
    print(f"{'kind':14}{'names':>7}" + "".join(f"{c:>15}" for c in COLUMNS))
    for kind in KINDS:
        c = counts.get(kind, Counter())
        n = sum(c.values())
        cells = "".join(f"{c[col]:>9} {c[col] / n:4.0%}" if n else f"{'':>15}" for col in COLUMNS)
        print(f"{kind:14}{n:>7}{cells}")
    print(f"uncached: {total} names in {seconds:.2f} s, {total / seconds:,.0f} names/s")
    print("targets: wrong matched 0, far flag 0; placed: city ≥ 98%, city_official ≥ 95%, "
          "region/province/metro ≥ 90%, organisation ≥ 80%")  # fmt: skip


def main() -> None:
    from geo.places.gazetteer import Gazetteer
    from geo.places.geocoder import Geocoder

    with EVAL.open(encoding="utf-8") as f:
        rows = [r for r in csv.DictReader(f) if r["kind"] in KINDS]
    gazetteer = Gazetteer()
    Geocoder(gazetteer=gazetteer).resolve("Lieje", "BE")  # the fuzzy arrays load once, untimed
    counts, bad, seconds = evaluate(Geocoder(gazetteer=gazetteer), rows)
    report(counts, seconds, len(rows))
    for result, name, country, status, place in bad:
        print(f"  {result}: {name!r} ({country}) → {status} {place.label() if place else ''}")


if __name__ == "__main__":
    main()
