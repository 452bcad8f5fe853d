"""Where one warm visit of the dashboard goes, in Chromium: a timeline of what the page fetched
and when the map was drawn.

Starts the app on the bundled data (a fresh store in a temporary folder), visits it once so the
server is warm, then opens it in a fresh browser context (nothing cached) and prints, in
milliseconds from the page's navigation start: every resource of the page and of the map's
frame (start, end, bytes as sent), the frame's own start, and the moments the map set
``data-efus-basemap`` and ``data-efus-drawn`` (``bench/page.py``'s "drawn").

    .venv/bin/python bench/timeline.py [--top 25] [--visits 3]
    .venv/bin/python bench/timeline.py --against ../other-checkout [--visits 8]

``--against`` serves both checkouts at once (each its own store) and alternates their visits,
a warm one (fresh browser) and a repeat one (its cache kept) each round, so both see the same
load: a before/after on a shared machine, where one run after the other is not comparable.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.page import FLAGS, MAP_FRAME, OURS_DRAWN  # noqa: E402
from tests import chromium  # noqa: E402
from tests.servers import streamlit_run  # noqa: E402

# The map frame's resources and the moments it was drawn, on the top page's clock.
FRAME_TIMELINE = """(sel) => {
    const frame = document.querySelector(sel);
    const win = frame.contentWindow;
    const shift = win.performance.timeOrigin - performance.timeOrigin;
    const entry = (e) => ({name: e.name, start: e.startTime + shift,
                           end: e.responseEnd + shift, bytes: e.encodedBodySize || 0});
    const marks = {};
    win.performance.getEntriesByType("mark").forEach((m) => {
        marks[m.name] = m.startTime + shift; });
    return {origin: shift, resources: win.performance.getEntriesByType("resource").map(entry),
            marks: marks};
}"""
TOP_TIMELINE = """() => performance.getEntriesByType("resource").map((e) => ({
    name: e.name, start: e.startTime, end: e.responseEnd, bytes: e.encodedBodySize || 0}))"""
# Set by the page when it reaches the state (requestAnimationFrame polling, as page.py waits).
WATCH = """(sel) => new Promise((resolve, reject) => {
    const seen = {};
    setTimeout(() => reject(new Error("the map was not drawn within 120 s")), 120000);
    const tick = () => {
        const frame = document.querySelector(sel);
        const map = frame && frame.contentDocument
            && frame.contentDocument.querySelector(".leaflet-container");
        if (map && !seen.container) { seen.container = performance.now(); }
        ["data-efus-basemap", "data-efus-drawn", "data-efus-labels"].forEach((a) => {
            if (map && map.hasAttribute(a) && !seen[a]) { seen[a] = performance.now(); } });
        if (seen["data-efus-basemap"] && seen["data-efus-drawn"]) { resolve(seen); }
        else { requestAnimationFrame(tick); }
    };
    tick();
})"""


def one_visit(browser, url: str, *, context=None) -> dict:
    own = context is None
    context = context or browser.new_context(viewport={"width": 1440, "height": 900})
    page = context.new_page()
    page.set_default_timeout(120_000)
    frames: list[tuple[float, int]] = []  # the websocket's messages: (wall time, bytes)
    session = context.new_cdp_session(page)
    session.send("Network.enable")
    session.on("Network.webSocketFrameReceived", lambda e: frames.append(
        (e["timestamp"], len(e["response"].get("payloadData", "")))))
    session.on("Network.requestWillBeSent", lambda e: frames.append((e["timestamp"], -1))
               if e["request"]["url"] == url else None)
    start = time.perf_counter()
    page.goto(url, wait_until="commit")
    states = page.evaluate(WATCH, MAP_FRAME)
    page.wait_for_function(OURS_DRAWN, arg=MAP_FRAME, polling="raf")
    wall = time.perf_counter() - start
    top = page.evaluate(TOP_TIMELINE)
    frame = page.evaluate(FRAME_TIMELINE, MAP_FRAME)
    if own:
        context.close()
    return {"wall": wall, "top": top, "frame": frame, "states": states, "ws": frames}


def show(result: dict, *, top: int) -> None:
    print(f"\nwall time to drawn: {result['wall']:.2f} s")
    rows = [("page", r) for r in result["top"]] + [("map", r) for r in result["frame"]["resources"]]
    total = sum(r["bytes"] for _, r in rows)
    print(f"{len(result['top'])} resources on the page, {len(result['frame']['resources'])} in "
          f"the map's frame, {total / 1e3:.0f} kB as sent")  # fmt: skip
    page_js = [r for r in result["top"] if r["name"].endswith(".js")]
    if page_js:
        print(f"page JS: {len(page_js)} files, first start {min(r['start'] for r in page_js):.0f}"
              f" ms, last end {max(r['end'] for r in page_js):.0f} ms")  # fmt: skip
    print(f"map frame navigation starts at {result['frame']['origin']:.0f} ms")
    for where, r in sorted(rows, key=lambda x: x[1]["start"])[-top:]:
        name = r["name"].split("/", 3)[-1][:70]
        print(f"  {where:4} {r['start']:7.0f} {r['end']:7.0f} {r['bytes'] / 1e3:7.1f} kB  {name}")
    ws = sorted(result["ws"])
    if ws and ws[0][1] == -1:  # CDP's clock: the document's request starts it
        origin = ws[0][0]
        messages = [(1000 * (t - origin), n) for t, n in ws[1:]]
        print(f"  websocket: {len(messages)} messages received (base64 or text "
              f"{sum(n for _, n in messages) / 1e3:.0f} kB), first at "
              f"{messages[0][0] if messages else 0:.0f} ms, last at "
              f"{messages[-1][0] if messages else 0:.0f} ms")  # fmt: skip
        for at, n in messages[:40]:
            print(f"    ws {at:7.0f} ms {n / 1e3:7.1f} kB")
    for mark, at in sorted(result["frame"]["marks"].items(), key=lambda x: x[1]):
        print(f"  mark {mark:28} {at:7.0f} ms")
    for state, at in sorted(result["states"].items(), key=lambda x: x[1]):
        print(f"  state {state:27} {at:7.0f} ms")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--top", type=int, default=25, help="the last N resources to list")
    parser.add_argument("--visits", type=int, default=3, help="warm visits (fresh browsers)")
    parser.add_argument("--checkout", type=Path, default=ROOT, help="the project to serve")
    parser.add_argument("--against", type=Path, help="another checkout, visited in turns")
    args = parser.parse_args(argv)
    if args.against:
        return interleaved(args.checkout, args.against, visits=args.visits)
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="bench-timeline-"))
    env = {"EFUS_DATA_DIR": str(work)}
    print(f"bench/timeline.py: load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    served = streamlit_run("app.py", env=env, log=work / "server.log", timeout=300,
                           cwd=args.checkout.resolve())  # fmt: skip
    with served as (url, _), sync_playwright() as p:
        browser = chromium.launch(p, args=FLAGS)
        one_visit(browser, url)  # the server's first visit: the store placed, caches warm
        walls = []
        for _ in range(args.visits):
            result = one_visit(browser, url)
            walls.append(result["wall"])
        show(result, top=args.top)
        print(f"\nwarm visits: {', '.join(f'{w:.2f}' for w in walls)} s; median "
              f"{sorted(walls)[len(walls) // 2]:.2f} s; load {os.getloadavg()[0]:.2f}")  # fmt: skip
        browser.close()
    return 0


def interleaved(ours: Path, other: Path, *, visits: int) -> int:
    """Warm and repeat visits of two checkouts, in turns; the median of each."""
    from playwright.sync_api import Error as PlaywrightError
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="bench-timeline-"))
    times: dict[tuple[int, str], list[float]] = {}
    print(f"bench/timeline.py: load average {os.getloadavg()[0]:.2f} on {os.cpu_count()} cores")
    with contextlib.ExitStack() as stack:
        urls = []
        for n, checkout in enumerate((ours, other)):
            env = {"EFUS_DATA_DIR": str(work / f"store-{n}")}
            served = streamlit_run("app.py", env=env, log=work / f"server-{n}.log", timeout=300,
                                   cwd=checkout.resolve())  # fmt: skip
            urls.append(stack.enter_context(served)[0])
        p = stack.enter_context(sync_playwright())
        browser = chromium.launch(p, args=FLAGS)
        for url in urls:
            one_visit(browser, url)  # each server's first visit: the store placed
        for _ in range(visits):
            for n, url in enumerate(urls):
                context = browser.new_context(viewport={"width": 1440, "height": 900})
                for kind in ("warm", "repeat"):
                    try:
                        wall = one_visit(browser, url, context=context)["wall"]
                    except PlaywrightError as exc:  # counted, not fatal: one of many visits
                        print(f"{kind} visit of {url} failed: {str(exc)[:200]}")
                        continue
                    times.setdefault((n, kind), []).append(wall)
                context.close()
        browser.close()
    for n, checkout in enumerate((ours, other)):
        for kind in ("warm", "repeat"):
            walls = sorted(times.get((n, kind), [])) or [float("nan")]
            print(f"{str(checkout):24} {kind:6} median {walls[len(walls) // 2]:.2f} s "
                  f"(min {walls[0]:.2f}, max {walls[-1]:.2f}, {len(walls)} visits)")
    print(f"load average at the end {os.getloadavg()[0]:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
