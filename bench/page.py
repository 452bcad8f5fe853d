"""The dashboard as a visitor waits for it, in Chromium, against a naive Streamlit page.

For the bundled data, 1,000 and 50,000 rows, in one run: ``streamlit run app.py`` on a free
127.0.0.1 port (its store in a fresh folder), and a baseline served the same way (a plain
Streamlit page: one ``st_folium`` map of one folium Marker per row, for the same rows, with a
country filter). For each page:

- **restart**: the server is started once (a first start: the store is made and placed), stopped,
  started again; seconds from opening the page to the first drawn map, in a fresh browser;
- **warm**: the same, the server warm, another fresh browser (nothing cached);
- **repeat**: a second visit in that browser (its cache kept);
- **filter**: one country chosen on the repeat page, until the map shows it.

"Drawn" is a state, not a time: our map sets ``data-efus-drawn`` (points) and
``data-efus-basemap`` (country outlines) on its container two frames after drawing them; the
baseline is drawn when every marker of the selection is in the page with its image loaded.
Bytes are what the browser received per visit (HTTP bodies as sent, compressed or not,
cached files count nothing, plus the websocket's messages), until the page is idle.

    .venv/bin/python bench/page.py [--sizes 1000 50000] [--baseline-max 10000] [--no-bundled]
                                   [--rounds 3] [--against ../other-checkout]

Each figure is the median of ``--rounds`` rounds (each a server restart, a fresh browser, a
repeat visit in a new tab of it, a filter change there); the rounds' min–max is printed beside
it: one visit on a 2-core machine swings by a third.

``--against`` also measures another checkout of this project (its ``app.py``, the same data,
in the same run): before and after a change, under the same load.

Targets (issue 16, quiet 2-core machine, bundled data): restart ≤ 3 s, warm ≤ 1.5 s, filter
≤ 0.5 s, repeat visit ≤ 300 KB; 1,000 points drawn faster than the baseline (goal ≤ 0.5 s).
"""

from __future__ import annotations

import argparse
import base64
import contextlib
import importlib.util
import os
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from playwright.sync_api import TimeoutError as PlaywrightTimeout

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from tests import chromium  # noqa: E402
from tests.servers import ServerDidNotStart, streamlit_run  # noqa: E402

# No request routing (Playwright turns the HTTP cache off where it routes): names other than
# 127.0.0.1 do not resolve, so nothing leaves the machine.
FLAGS = ["--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1"]  # more than tests.chromium
# By its address: our map renames its frame (its title says what the map shows).
MAP_FRAME = "iframe[src*='streamlit_folium']"
TARGETS = {"restart": 3.0, "warm": 1.5, "filter": 0.5}
REPEAT_BYTES_TARGET = 300_000
COUNTRY = ("BE", "Belgium")  # the filter change: one country, by code and by English name

# The naive page: what a Streamlit user writes first. Rows come from a CSV the bench writes.
BASELINE_PAGE = """
import os
import folium
import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

@st.cache_data
def rows():
    return pd.read_csv(os.environ["BENCH_BASELINE_ROWS"], keep_default_na=False)

frame = rows()
st.title("Where Efus works")
countries = st.multiselect("Country", sorted(frame["country"].unique()))
shown = frame[frame["country"].isin(countries)] if countries else frame
m = folium.Map(location=[50, 10], zoom_start=4, tiles=None)
# Leaflet from this server (installed by our app), not a CDN: the page works offline, and the
# browser may cache it as it caches ours.
m.default_js = [("leaflet", "/app/static/efus-map/leaflet/leaflet.js")]
# Leaflet guesses its images' folder wrong when loaded this way: say where they are.
images = folium.MacroElement()
images._template = folium.template.Template(
    "{% macro script(this, kwargs) %}L.Icon.Default.prototype.options.imagePath = "
    "'/app/static/efus-map/leaflet/images/';{% endmacro %}")
m.add_child(images)
m.default_css = [("leaflet_css", "/app/static/efus-map/leaflet/leaflet.css")]
# A tooltip each, no popup: folium's popups need jQuery, from a CDN this page cannot reach.
for row in shown.itertuples():
    folium.Marker([row.lat, row.lon], tooltip=f"{row.name} ({row.activity})").add_to(m)
st_folium(m, height=600, use_container_width=True, returned_objects=[])
"""

# Our map: its points and its outlines drawn. ``arg``: the container must not be ``stale``.
OURS_DRAWN = """(sel) => {
    const frame = document.querySelector(sel);
    const doc = frame && frame.contentDocument;
    const map = doc && doc.querySelector(".leaflet-container");
    return !!map && map.hasAttribute("data-efus-drawn") && map.hasAttribute("data-efus-basemap");
}"""
# The baseline: exactly ``n`` markers, every image loaded.
BASELINE_DRAWN = """([sel, n]) => {
    const frame = document.querySelector(sel);
    const doc = frame && frame.contentDocument;
    if (!doc) { return false; }
    const icons = doc.querySelectorAll(".leaflet-marker-icon");
    return icons.length === n && Array.from(icons).every((i) => i.complete && i.naturalWidth > 0);
}"""
PAGE_IDLE = """(ms) => {
    const busy = document.querySelector("[data-testid='stStatusWidgetRunningIcon'],"
        + " [data-testid='stStatusWidgetRunningManIcon'], [data-stale='true']");
    const now = performance.now(), last = window.__benchIdle;
    if (busy) { window.__benchIdle = null; return false; }
    if (!last) { window.__benchIdle = {since: now}; return false; }
    return now - last.since >= ms;
}"""


@dataclass
class Visit:
    seconds: float | None
    bytes: int


@dataclass
class PageResult:
    ready: float = 0.0  # seconds from the process start to healthy, on the restart
    first_start: float | None = None  # the first visit ever (store created and placed)
    visits: dict[str, Visit] = field(default_factory=dict)  # the median of the rounds
    spread: dict[str, str] = field(default_factory=dict)  # "min–max" seconds of the rounds


@contextlib.contextmanager
def server(script: str, *, env: dict[str, str], log: Path,
           cwd: Path = ROOT) -> Iterator[tuple[str, float]]:  # fmt: skip
    """``streamlit run script`` in ``cwd`` (a project folder: its .streamlit/config.toml) on a
    free local port (tests/servers.py, as the tests start it); yields its URL and the seconds
    it took to answer its health check."""
    try:
        with streamlit_run(script, env=env, log=log, timeout=300, cwd=cwd) as served:
            yield served
    except ServerDidNotStart as exc:
        raise SystemExit(str(exc)) from None


class ByteCounter:
    """Bytes a page received: HTTP bodies as sent (``encodedDataLength``; a file from the
    browser's cache counts nothing) and websocket messages, through the DevTools protocol."""

    def __init__(self, context, page) -> None:
        self.total = 0
        session = context.new_cdp_session(page)
        session.send("Network.enable")
        session.on("Network.loadingFinished", self._finished)
        session.on("Network.webSocketFrameReceived", self._frame)

    def _finished(self, event) -> None:
        self.total += int(event.get("encodedDataLength", 0))

    def _frame(self, event) -> None:
        response = event["response"]
        data = response.get("payloadData", "")
        self.total += len(base64.b64decode(data)) if response.get("opcode") == 2 else len(data)


def visit(context, url: str, drawn: tuple[str, object], *, timeout: float) -> tuple[Visit, object]:
    """Open ``url`` in a new page of ``context``; seconds to drawn, bytes until idle."""
    page = context.new_page()
    page.set_default_timeout(timeout * 1000)
    counter = ByteCounter(context, page)
    start = time.perf_counter()
    try:
        page.goto(url, wait_until="commit")
        page.wait_for_function(drawn[0], arg=drawn[1], polling="raf")
        seconds: float | None = time.perf_counter() - start
    except PlaywrightTimeout:  # "more than the limit"
        seconds = None
    with contextlib.suppress(Exception):
        page.wait_for_function(PAGE_IDLE, arg=500, polling=50)
    return Visit(seconds, counter.total), page


def change_filter(page, *, option: str, typed: str, drawn: tuple[str, object],
                  ours: bool, timeout: float) -> float | None:  # fmt: skip
    """Choose one country in the sidebar's "Country" filter; seconds from the choice (Enter on
    the option) until the map shows it."""
    try:
        page.wait_for_function(PAGE_IDLE, arg=300, polling=50)
        if ours:  # the flag comes back when the new selection is drawn
            page.evaluate("""(sel) => document.querySelector(sel).contentDocument
                .querySelector(".leaflet-container").removeAttribute("data-efus-drawn")""",
                          MAP_FRAME)  # fmt: skip
        page.get_by_label("Country", exact=True).first.click()
        page.keyboard.type(typed)
        page.get_by_role("option", name=option, exact=True).wait_for()
        start = time.perf_counter()
        page.keyboard.press("Enter")
        page.wait_for_function(drawn[0], arg=drawn[1], polling="raf", timeout=timeout * 1000)
        return time.perf_counter() - start
    except PlaywrightTimeout:
        return None


def measure(browser, script: str, *, env: dict[str, str], log: Path, ours: bool,
            counts: tuple[int, int], timeout: float, rounds: int = 3,
            cwd: Path = ROOT) -> PageResult:  # fmt: skip
    """The four measures of one page (ours or the baseline) on one dataset, each the median
    of ``rounds`` (a server restart each round)."""
    total, in_country = counts
    drawn = (OURS_DRAWN, MAP_FRAME) if ours else (BASELINE_DRAWN, [MAP_FRAME, total])
    result = PageResult()
    with server(script, env=env, log=log, cwd=cwd) as (url, _):
        context = browser.new_context(viewport={"width": 1440, "height": 900})
        first, _page = visit(context, url, drawn, timeout=timeout)
        result.first_start = first.seconds
        context.close()
    samples: dict[str, list[Visit]] = {name: [] for name in ("restart", "warm", "repeat", "filter")}
    for _ in range(rounds):
        with server(script, env=env, log=log, cwd=cwd) as (url, ready):
            result.ready = max(result.ready, ready)
            for name in ("restart", "warm"):
                context = browser.new_context(viewport={"width": 1440, "height": 900})
                visited, page = visit(context, url, drawn, timeout=timeout)
                samples[name].append(visited)
                if name == "restart":
                    context.close()
            page.close()  # a repeat visit: the tab is opened again, its browser cache kept
            visited, page = visit(context, url, drawn, timeout=timeout)
            samples["repeat"].append(visited)
            after = (OURS_DRAWN, MAP_FRAME) if ours else (BASELINE_DRAWN, [MAP_FRAME, in_country])
            option, typed = (COUNTRY[1], COUNTRY[1]) if ours else (COUNTRY[0], COUNTRY[0])
            seconds = change_filter(page, option=option, typed=typed, drawn=after, ours=ours,
                                    timeout=timeout)  # fmt: skip
            samples["filter"].append(Visit(seconds, 0))
            context.close()
    result.visits = {name: _median(visits) for name, visits in samples.items()}
    result.spread = {name: _spread(visits) for name, visits in samples.items()}
    return result


def _median(visits: list[Visit]) -> Visit:
    """The median visit by seconds (a timeout counts as the slowest); its own bytes."""
    ranked = sorted(visits, key=lambda v: float("inf") if v.seconds is None else v.seconds)
    return ranked[len(ranked) // 2]


def _spread(visits: list[Visit]) -> str:
    timed = sorted(v.seconds for v in visits if v.seconds is not None)
    return f"{timed[0]:.2f}–{timed[-1]:.2f}" if len(timed) > 1 else ""


def public_rows(env: dict[str, str], out: Path) -> tuple[Path, tuple[int, int]]:
    """The placed public rows the dashboard shows for ``env``'s dataset, as the baseline's
    CSV, and how many rows it has in all and in ``COUNTRY``."""
    from geo.config import Settings
    from geo.dashboard import working

    settings = Settings.from_env(env)
    store = working.open_store(settings)
    frame = working.load_view(store.path, audience="public", settings=settings)
    placed = frame[frame["lat"].notna() & frame["lon"].notna()]
    rows = placed[["name", "country", "activity", "lat", "lon"]]
    path = out / "baseline-rows.csv"
    rows.to_csv(path, index=False)
    return path, (len(rows), int((rows["country"] == COUNTRY[0]).sum()))


def _seconds(value: float | None, target: float | None = None) -> str:
    if value is None:
        return "timeout".rjust(8)
    mark = "" if target is None else (" ok" if value <= target else " !!")
    return f"{value:6.2f} s{mark}"


def report(label: str, ours: PageResult, base: PageResult | None) -> None:
    print(f"\n{label}: server ready after a restart in {ours.ready:.1f} s; first visit ever "
          f"(store made and placed) {_seconds(ours.first_start)}")  # fmt: skip
    print(f"  {'':8} {'ours':>12} {'bytes':>10}   {'baseline':>10} {'bytes':>10}   ratio"
          f"          ours min–max")  # fmt: skip
    for name in ("restart", "warm", "repeat", "filter"):
        mine = ours.visits[name]
        other = base.visits[name] if base else None
        target = TARGETS.get(name) if label == "bundled data" else None
        ratio = ""
        if other and other.seconds and mine.seconds:
            ratio = f"{other.seconds / mine.seconds:5.1f}x faster"
        row = f"  {name:8} {_seconds(mine.seconds, target):>12} {mine.bytes / 1e3:8.0f} kB"
        if other:
            row += f"   {_seconds(other.seconds):>10} {other.bytes / 1e3:8.0f} kB"
        print(row + f"   {ratio:14} {ours.spread.get(name, '')}")
    repeat = ours.visits["repeat"].bytes
    if label == "bundled data":
        verdict = "ok" if repeat <= REPEAT_BYTES_TARGET else "!!"
        print(f"  repeat visit {repeat / 1e3:.0f} kB (target ≤ {REPEAT_BYTES_TARGET / 1e3:.0f} "
              f"kB) {verdict}")  # fmt: skip


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[1000, 50000])
    parser.add_argument("--no-bundled", action="store_true", help="skip the bundled data")
    parser.add_argument(
        "--baseline-max",
        type=int,
        default=10_000,
        help="no baseline above this many rows (one DOM marker each)",
    )
    parser.add_argument("--timeout", type=float, default=180.0, help="seconds per wait")
    parser.add_argument("--against", type=Path, help="another checkout to measure as well")
    parser.add_argument("--rounds", type=int, default=3,
                        help="server restarts per page; each figure is their median")  # fmt: skip
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    from playwright.sync_api import sync_playwright

    bench_dashboard = importlib.util.spec_from_file_location(
        "bench_dashboard", ROOT / "bench" / "dashboard.py")  # fmt: skip
    assert bench_dashboard and bench_dashboard.loader
    synthetic = importlib.util.module_from_spec(bench_dashboard)
    bench_dashboard.loader.exec_module(synthetic)
    work = Path(tempfile.mkdtemp(prefix="bench-page-"))
    (work / "baseline.py").write_text(BASELINE_PAGE, encoding="utf-8")
    # Streamlit serves the static folder beside the script: the baseline's is ours (Leaflet).
    from geo.maps.assets import install_static

    install_static(ROOT / "static")
    (work / "static").symlink_to(ROOT / "static")
    datasets: list[tuple[str, Path | None]] = [] if args.no_bundled else [("bundled data", None)]
    for n in args.sizes:
        datasets.append((f"{n:,} rows", synthetic.synthetic_data(n, _mkdir(work / f"data-{n}"))))
    print(f"bench/page.py: load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores; "
          f"logs in {work}")  # fmt: skip
    with sync_playwright() as p:
        browser = chromium.launch(p, args=FLAGS)
        for label, data in datasets:
            slug = label.split()[0].replace(",", "")
            env = {"EFUS_DATA_DIR": str(_mkdir(work / f"store-{slug}"))}
            if data is not None:
                env["EFUS_DATA"] = str(data)
            ours = measure(browser, "app.py", env=env, log=work / f"ours-{slug}.log", ours=True,
                           counts=(0, 0), timeout=args.timeout, rounds=args.rounds)  # fmt: skip
            # After our page's first start, so that its store is made and placed by the page.
            rows, counts = public_rows(env, _mkdir(work / f"rows-{slug}"))
            base = None
            if counts[0] <= args.baseline_max:
                base = measure(browser, str(work / "baseline.py"),
                               env={"BENCH_BASELINE_ROWS": str(rows)},
                               log=work / f"baseline-{slug}.log", ours=False, counts=counts,
                               timeout=args.timeout, rounds=args.rounds)  # fmt: skip
            report(f"{label}" if data else "bundled data", ours, base)
            if args.against:  # its own store: a placed view is keyed by the code that placed it
                env["EFUS_DATA_DIR"] = str(_mkdir(work / f"store-{slug}-against"))
                other = measure(browser, "app.py", env=env, log=work / f"against-{slug}.log",
                                ours=True, counts=(0, 0), timeout=args.timeout,
                                rounds=args.rounds, cwd=args.against.resolve())  # fmt: skip
                report(f"{label}, {args.against}", other, base)
        browser.close()
    print(f"\nload average at the end {os.getloadavg()[0]:.2f}")
    return 0


def _mkdir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path


if __name__ == "__main__":
    sys.exit(main())
