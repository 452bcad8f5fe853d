"""Server-side time of one dashboard rerun after a filter change: seed data and 50,000 rows.

Runs the real page with Streamlit's AppTest (script run + element serialisation, no browser),
loads the data once (cached, as on a server), then changes the country filter several times
and reports the median rerun. The baseline is what a page that rebuilds the whole map on each
change pays for the map alone (``build_map`` + rendering), at the same size.

    .venv/bin/python bench/dashboard.py [--rows 50000] [--repeat 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BUDGET_MS = 150.0
COUNTRY_CHANGES = (["BE"], ["FR", "IT"], ["ES"], ["BE", "PL"], ["IT"], ["FR"], ["LV"], ["DE"])


def synthetic_data(rows: int, folder: Path) -> Path:
    """``rows`` rows made from the seed data: same columns and values, unique ids, positions
    spread a few km around the seed places (every row placed, as after geocoding)."""
    from geo.data.dataset import load_dataset
    from geo.places.geocoder import locate

    seed = locate(load_dataset())
    rng = np.random.default_rng(20221123)
    pick = rng.integers(0, len(seed), rows)
    out = seed.iloc[pick].reset_index(drop=True)
    out["id"] = [f"bench-{i}" for i in range(rows)]
    out["name"] = out["name"] + " #" + pd.Series(range(rows)).astype(str)
    out["lat"] = (out["lat"] + rng.normal(0, 0.05, rows)).round(5)
    out["lon"] = (out["lon"] + rng.normal(0, 0.05, rows)).round(5)
    out["public"] = np.where(out["public"], "yes", "no")
    out["sensitive"] = np.where(out["sensitive"], "yes", "no")
    from geo.data.schema import COLUMN_NAMES

    path = folder / "bench.csv"
    out[list(COLUMN_NAMES)].to_csv(path, index=False)
    return folder


def rerun_times(data: Path | None, *, repeat: int) -> tuple[float, list[float], float]:
    from streamlit.testing.v1 import AppTest

    from geo.dashboard.sidebar import FACET_KEYS

    # A fresh store per run, seeded from ``data`` (or the bundled data/), as on a first start.
    os.environ["EFUS_DATA_DIR"] = tempfile.mkdtemp(prefix="efus-bench-store-")
    if data is not None:
        os.environ["EFUS_DATA"] = str(data)
    else:
        os.environ.pop("EFUS_DATA", None)
    at = AppTest.from_file(str(ROOT / "streamlit_app.py"), default_timeout=600)
    start = time.perf_counter()
    at.run()
    first = time.perf_counter() - start
    if at.exception:
        raise SystemExit(f"the page failed: {at.exception}")
    times = []
    for countries in COUNTRY_CHANGES[:repeat]:
        at.multiselect(key=FACET_KEYS["countries"]).set_value(countries)
        start = time.perf_counter()
        at.run()
        times.append(time.perf_counter() - start)
    same = time.perf_counter()
    at.run()
    unchanged = time.perf_counter() - same
    return first, times, unchanged


def whole_map_time(data: Path | None) -> float:
    """The naive page: rebuild and render the engine's whole map of the selection."""
    from geo.config import settings
    from geo.dashboard import working
    from geo.maps.engine import build_map, render_html
    from geo.selection import Selection, apply

    store = working.open_store(settings())  # the store rerun_times just made for ``data``
    frame = working.load_view(store.path, audience="public")
    shown = apply(frame, Selection(countries=("FR", "IT")))
    start = time.perf_counter()
    render_html(build_map(shown, audience="public", assets="static"))
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=50_000)
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        big = synthetic_data(args.rows, Path(tmp))
        print(
            f"dashboard rerun after a filter change (median of {args.repeat}; "
            f"budget {BUDGET_MS:.0f} ms)"
        )
        for label, data in (("seed data", None), (f"{args.rows:,} rows", big)):
            first, times, unchanged = rerun_times(data, repeat=args.repeat)
            median = statistics.median(times) * 1000
            naive = whole_map_time(data) * 1000
            print(
                f"  {label:>12}: first run {first:6.2f} s · rerun after a filter change "
                f"median {median:6.1f} ms (min {min(times) * 1000:.1f}, "
                f"max {max(times) * 1000:.1f}) · {median / BUDGET_MS:4.2f}× budget · "
                f"rerun with no change {unchanged * 1000:.1f} ms · baseline (whole map "
                f"rebuilt) {naive:.1f} ms, {naive / median:.1f}× ours"
            )


if __name__ == "__main__":
    main()
