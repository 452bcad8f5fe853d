"""What speaking French costs a map (issue 14): reading a catalogue, and building a map whose
words, countries and dates are in the visitor's language, against the same map in English.

    python bench/i18n.py [--sizes 1000 10000 50000] [--repeat 3]

Prints the seconds to read the French catalogue once per process (babel reads the .po and
compiles it in memory), and per size the best of ``--repeat`` builds of the whole map page in
English and in French (the French one adds the display names of every distinct activity,
country and date to the popups' strings: babel spells out each distinct date).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.map import synthetic_frame  # noqa: E402
from geo.i18n import translator  # noqa: E402
from geo.maps.engine import build_map, render_html  # noqa: E402


def best_build(frame, *, lang: str, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        render_html(build_map(frame, lang=lang))
        times.append(time.perf_counter() - t0)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    t0 = time.perf_counter()
    translator.cache_clear()
    translator("fr")
    print(f"French catalogue read and compiled: {(time.perf_counter() - t0) * 1000:.1f} ms")
    print(f"{'points':>8} {'en s':>8} {'fr s':>8} {'fr/en':>6}")
    for n in args.sizes:
        frame = synthetic_frame(n)
        frame["start"] = [f"20{19 + i % 5}-{1 + i % 12:02d}-{1 + i % 28:02d}" for i in range(n)]
        best_build(frame, lang="fr", repeat=1)  # warm caches (basemap, names) once
        en = best_build(frame, lang="en", repeat=args.repeat)
        fr = best_build(frame, lang="fr", repeat=args.repeat)
        print(f"{n:>8} {en:>8.3f} {fr:>8.3f} {fr / en:>6.2f}")


if __name__ == "__main__":
    main()
