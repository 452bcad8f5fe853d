"""How surely institutional names are placed: the evaluation list, per kind of name.

    python bench/institutions.py
    python bench/institutions.py --eval bench/data/institutions_fresh.csv

Every name of ``bench/data/institutions_eval.csv`` (published member and partner lists, truth by
hand; see ``bench/data/README.md``) is resolved with its country by a geocoder with an empty
answer cache. Per kind of name it prints: *placed*, within 25 km of the truth (``matched``, or
proposed for review with that point); *wrong matched*, ``matched`` more than 25 km away (a
silent error: must be 0); *far flag*, a flagged answer proposing a point more than 100 km off
(a hurried reviewer may accept it: must be 0); *not found*; *other* (flagged 25–100 km off).
Then the uncached speed in names per second: the best and the median of ``RUNS`` runs (the
best is the geocoder's own speed on a shared machine). The list is the evaluation, never
training data.

The list is split **by source list** into two fixed halves (:func:`half`: the parity of the
SHA-256 of ``source_url``, see ``bench/data/README.md``): every name of a published list falls
in the same half, so the held-out half holds lists, ways of writing and countries that work on
the geocoder never looked at. Changes are judged on the ``dev`` half only
(``python bench/institutions.py --misses`` lists its misses, never the held-out half's); the
``held-out`` half is only counted. The table is printed for both halves and for all names.

``--eval PATH`` measures another list of the same columns as one held-out half: the fresh list,
made from other published lists after the geocoder was tuned, is judged once, as a whole, by the
same table. Nothing of such a list is printed but its counts — not even its silent errors — so
that the people tuning the geocoder never see its names.

``--eval PATH --half dev`` splits that list by the same :func:`half` rule, once it has been
judged as a whole: the table is printed for both halves, and the dev half's silent errors (with
``--misses``, all its misses) are listed; its held-out half is still only counted.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import math
import os
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


HALVES = ("dev", "held-out")


RUNS = 7  # timed runs of the whole list, for the speed line
def half(source_url: str) -> str:
    """The half of the evaluation list a published list belongs to (fixed: a hash, not luck)."""
    digest = hashlib.sha256(source_url.strip().encode("utf-8")).digest()
    return HALVES[digest[0] % 2]


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


def evaluate(geocoder, rows: list[dict]) -> tuple[list[str], float]:
    """Each row's outcome (a column of the table), and the seconds all names took."""
    results = []
    t = time.perf_counter()
    for row in rows:
        found = geocoder.resolve(row["name"], row["country"] or None)
        results.append(outcome(found, (float(row["truth_lat"]), float(row["truth_lon"]))))
    return results, time.perf_counter() - t


def tally(rows: list[dict], results: list[str], which: str | None) -> dict[str, Counter]:
    """Counts per kind of the rows of half ``which`` (None: all rows)."""
    counts: dict[str, Counter] = defaultdict(Counter)
    for row, result in zip(rows, results, strict=True):
        if which is None or half(row["source_url"]) == which:
            counts[row["kind"]][result] += 1
    return counts


def table(title: str, counts: dict[str, Counter]) -> None:
    print(f"\n{title}")
    print(f"{'kind':14}{'names':>7}" + "".join(f"{c:>15}" for c in COLUMNS))
    for kind in KINDS:
        c = counts.get(kind, Counter())
        n = sum(c.values())
        cells = "".join(f"{c[col]:>9} {c[col] / n:4.0%}" if n else f"{'':>15}" for col in COLUMNS)
        print(f"{kind:14}{n:>7}{cells}")


def speeds(gazetteer, rows: list[dict], runs: int = RUNS) -> tuple[float, float]:
    """Names per second, uncached, as (best, median) of ``runs`` runs, each with a fresh
    geocoder and the readings' cache emptied: on a shared machine the best run is the
    geocoder's own speed, the median what the other processes left it."""
    import statistics

    from geo.places.geocoder import Geocoder
    from geo.places.institutions import readings

    seconds = []
    for _ in range(runs):
        readings.cache_clear()
        seconds.append(evaluate(Geocoder(gazetteer=gazetteer), rows)[1])
    return len(rows) / min(seconds), len(rows) / statistics.median(seconds)



def report(rows: list[dict], results: list[str], speed: tuple[float, float]) -> None:
    for which in HALVES:
        lists = len({r["source_url"] for r in rows if half(r["source_url"]) == which})
        table(f"{which} half ({lists} source lists)", tally(rows, results, which))
    table("all names", tally(rows, results, None))
    speed_and_targets(len(rows), speed)


def speed_and_targets(total: int, speed: tuple[float, float]) -> None:
    best, median = speed
    print(f"\nuncached: {total} names, best of {RUNS} runs {best:,.0f} names/s "
          f"(median {median:,.0f} names/s; load average {os.getloadavg()[0]:.1f})")  # fmt: skip
    print("targets: wrong matched 0, far flag 0; placed: city ≥ 98%, city_official ≥ 95%, "
          "region/province/metro ≥ 90%, organisation ≥ 80%")  # fmt: skip


def held_out_report(path: Path, rows: list[dict], results: list[str],
                    speed: tuple[float, float]) -> None:
    """The table of a list measured as one held-out half, and the speed."""
    lists = len({r["source_url"] for r in rows})
    table(f"{path.name}, held out as a whole ({lists} source lists)", tally(rows, results, None))
    speed_and_targets(len(rows), speed)


def read_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [r for r in csv.DictReader(f) if r["kind"] in KINDS]


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--misses", action="store_true", help="list the misses of the dev half")
    parser.add_argument(
        "--half",
        choices=("dev",),
        help="with --eval: split the list by source list and list its dev half's errors",
    )
    parser.add_argument(
        "--eval",
        type=Path,
        metavar="PATH",
        help="measure this list (same columns) as one held-out half instead of the evaluation list",
    )
    args = parser.parse_args(argv)
    if args.eval and args.misses and not args.half:
        parser.error("--misses lists the dev half's misses; a list given with --eval is held out "
                     "unless --half dev splits it")  # fmt: skip
    if args.half and not args.eval:
        parser.error("--half splits a list given with --eval; the evaluation list is always split")
    return args


def main() -> None:
    from geo.places.gazetteer import Gazetteer
    from geo.places.geocoder import Geocoder

    args = parse_args()
    rows = read_rows(args.eval or EVAL)
    gazetteer = Gazetteer()
    Geocoder(gazetteer=gazetteer).resolve("Lieje", "BE")  # the fuzzy arrays load once, untimed
    gazetteer.territories("")  # so does the index of administrative areas
    results, _ = evaluate(Geocoder(gazetteer=gazetteer), rows)
    if args.eval and not args.half:
        held_out_report(args.eval, rows, results, speeds(gazetteer, rows))
        return
    report(rows, results, speeds(gazetteer, rows))
    dev_errors(Geocoder(gazetteer=gazetteer), rows, results, misses=args.misses)


def dev_errors(geocoder, rows: list[dict], results: list[str], *, misses: bool) -> None:
    """The dev half's silent errors (and with ``misses``, every answer not placed)."""
    for row, result in zip(rows, results, strict=True):
        # Rows of the dev half only: silent errors always (they must be 0), other misses with
        # --misses. The held-out half is only counted, never read (its silent errors too).
        dev = half(row["source_url"]) == "dev"
        if dev and (
            result in ("wrong matched", "far flag") or (misses and result != "placed")
        ):
            found = geocoder.resolve(row["name"], row["country"] or None)
            place = found.place.label() if found.place else ""
            print(f"  {result}: {row['name']!r} ({row['country']}, {row['kind']}, truth "
                  f"{row['truth_place']}) → {found.status} {place}")  # fmt: skip


if __name__ == "__main__":
    main()
