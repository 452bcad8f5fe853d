"""Published (static) maps against the live ``?embed=1`` page, in one run.

1. Publish time (``geo.maps.publish.publish_site``) for the bundled data (71 rows) and for
   50,000 synthetic rows (``bench/map.py``'s), into a fresh folder.
2. The server's CPU time per view and the time until the map is drawn, with 1 and 20 viewers
   opening the page at once (each in a fresh browser context: a first visit, nothing cached),
   for the live Streamlit embed (``streamlit run app.py``, ``?embed=1``) and for the published
   page served by nginx (Debian's, ``make nginx``). CPU is read from ``/proc/<pid>/stat`` of the
   server process (nginx runs as one process here) before and after the viewers.
3. Views per second of nginx, with Debian's ``ab`` (``make bench`` installs apache2-utils): the
   requests/s of every file a first view fetches (20 concurrent, keep-alive, gzip/br accepted),
   combined as 1 / Σ 1/rate; against the live app's views/s derived from its CPU per view.

    .venv/bin/python bench/publish.py [--viewers 1 20] [--big 50000] [--ab-requests 3000]

Targets (issue 12): a published view costs the server ≥ 100× less CPU than a live one; one
viewer sees it drawn in ≤ 1 s; nginx answers ≥ 1,000 views/s on one 2-core machine.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from playwright.async_api import TimeoutError as PlaywrightTimeout  # noqa: E402

from geo.config import Settings  # noqa: E402
from geo.maps.image import QUIET_CHROMIUM  # noqa: E402
from geo.maps.publish import publish_site  # noqa: E402
from tests import chromium  # noqa: E402

CHROMIUM_FLAGS = ["--headless", *QUIET_CHROMIUM]
DRAWN = ".leaflet-container[data-efus-drawn]"
TICKS = os.sysconf("SC_CLK_TCK")


def synthetic_frame(n: int):
    """bench/map.py's rows shaped like the dataset (a module named ``map`` is loaded by path)."""
    spec = importlib.util.spec_from_file_location("bench_map", ROOT / "bench" / "map.py")
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module.synthetic_frame(n)


def publish_seconds(frame, out: Path, settings: Settings) -> tuple[float, int]:
    from geo.places.geocoder import city_centre

    started = time.perf_counter()
    published = publish_site(frame, out, city_centre=functools.partial(city_centre,
                                                                       settings=settings))
    return time.perf_counter() - started, sum(p.shown for p in published[:1])


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime + stime


async def one_view(browser, url: str, *, framed: bool, timeout_ms: int) -> float:
    context = await browser.new_context(viewport={"width": 1280, "height": 800})

    async def guard(route):
        host = re.match(r"^\w+://([^/:]+)", route.request.url)
        if host and host[1] not in ("127.0.0.1", "localhost"):
            await route.abort("internetdisconnected")
        else:
            await route.continue_()

    await context.route("**/*", guard)
    page = await context.new_page()
    started = time.perf_counter()
    try:
        await page.goto(url, timeout=timeout_ms)
        where = page.frame_locator("iframe").first if framed else page
        await where.locator(DRAWN).wait_for(timeout=timeout_ms)
        return time.perf_counter() - started
    except PlaywrightTimeout:
        return float("inf")  # not drawn within the timeout: counted, not fatal
    finally:
        await context.close()


async def viewers(url: str, n: int, *, pid: int, framed: bool, timeout_ms: int) -> tuple:
    """``n`` viewers at once: the median and slowest time to drawn, the server's CPU a view."""
    from playwright.async_api import async_playwright

    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=shutil.which("chromium")
                                          or "/usr/bin/chromium", args=CHROMIUM_FLAGS)  # fmt: skip
        await one_view(browser, url, framed=framed, timeout_ms=timeout_ms)  # warm the server
        before = cpu_seconds(pid)
        times = sorted(await asyncio.gather(*(one_view(browser, url, framed=framed,
                                                        timeout_ms=timeout_ms)
                                              for _ in range(n))))  # fmt: skip
        cpu = (cpu_seconds(pid) - before) / n
        await browser.close()
    print(f"  {url}: {n} viewer(s), drawn in {', '.join(f'{t:.1f}' for t in times)} s, "
          f"server CPU {cpu * 1000:.1f} ms a view", flush=True)
    return times[len(times) // 2], times[-1], cpu, sum(t != float("inf") for t in times)


def view_files(base: str, page_url: str) -> list[str]:
    """Every file a first view of the published page fetches, from nginx's access log order."""
    from playwright.sync_api import sync_playwright

    seen: list[str] = []
    with sync_playwright() as p:
        browser = chromium.launch(p)
        page = browser.new_page()
        page.on("request", lambda r: r.url.startswith(base) and seen.append(r.url))
        page.goto(page_url)
        page.wait_for_selector(DRAWN)
        browser.close()
    return list(dict.fromkeys(seen))


def ab_rate(url: str, *, requests: int) -> float:
    answer = subprocess.run(["ab", "-q", "-k", "-n", str(requests), "-c", "20", "-H",
                             "Accept-Encoding: gzip, br", url],
                            capture_output=True, text=True, check=True)  # fmt: skip
    return float(re.search(r"Requests per second:\s+([\d.]+)", answer.stdout)[1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--viewers", type=int, nargs="+", default=[1, 20])
    parser.add_argument("--big", type=int, default=50_000)
    parser.add_argument("--ab-requests", type=int, default=3000)
    parser.add_argument("--timeout", type=float, default=240, help="seconds for one view")
    args = parser.parse_args()
    from tests.conftest import streamlit_server
    from tests.test_publish_browser import nginx_serving

    print(f"load average at start: {os.getloadavg()}, {os.cpu_count()} cores")
    work = Path(tempfile.mkdtemp(prefix="efus-bench-publish-"))
    settings = Settings()
    from geo.commands.export import map_rows

    frame, _ = map_rows(None, audience="public", settings=settings)
    seconds, shown = publish_seconds(frame, work / "site", settings)
    print(f"publish {len(frame):>6} rows: {seconds:6.2f} s ({shown} on the network map)",
          flush=True)
    big = synthetic_frame(args.big)
    seconds, shown = publish_seconds(big, work / "big", settings)
    print(f"publish {len(big):>6} rows: {seconds:6.2f} s ({shown} on the network map)")

    timeout_ms = int(args.timeout * 1000)
    results: dict[tuple[str, int], tuple] = {}
    with ExitStack() as stack:
        (work / "nginx").mkdir()
        base = stack.enter_context(nginx_serving(work / "site", work / "nginx"))
        nginx_pid = int((work / "nginx" / "nginx.pid").read_text())
        static_url = network_page(work / "site", base)
        live_base = stack.enter_context(streamlit_server(
            env={"EFUS_DATA_DIR": str(work / "store")}, log=work / "streamlit.log"))  # fmt: skip
        server_pid = _listener_pid(live_base)
        for n in args.viewers:
            results["static", n] = asyncio.run(viewers(static_url, n, pid=nginx_pid,
                                                       framed=False, timeout_ms=timeout_ms))
            results["live", n] = asyncio.run(viewers(f"{live_base}?embed=1", n, pid=server_pid,
                                                     framed=True, timeout_ms=timeout_ms))
        # The same page on the 50,000-row data file: one viewer (20 would measure only the
        # browser drawing 20 × 50,000 points on 2 cores).
        (work / "nginx-big").mkdir()
        big_base = stack.enter_context(nginx_serving(work / "big", work / "nginx-big"))
        big_url = network_page(work / "big", big_base)
        big_pid = int((work / "nginx-big" / "nginx.pid").read_text())
        results[f"static {len(big):,}", 1] = asyncio.run(viewers(big_url, 1, pid=big_pid,
                                                                 framed=False,
                                                                 timeout_ms=timeout_ms))
        files = view_files(base, static_url)
        before = cpu_seconds(nginx_pid)
        rates = [ab_rate(url, requests=args.ab_requests) for url in files]
        # Each file served ab_requests times: that many whole views (finer than 1 viewer's
        # few clock ticks).
        ab_cpu = (cpu_seconds(nginx_pid) - before) / args.ab_requests
    report(results, files, rates, args.viewers, ab_cpu=ab_cpu)
    print(f"load average at end: {os.getloadavg()}")
    shutil.rmtree(work, ignore_errors=True)


def network_page(site: Path, base: str) -> str:
    """The address of the latest version of the network map published under ``site``."""
    latest = json.loads((site / "maps" / "network" / "latest.json").read_text("utf-8"))
    return f"{base}/maps/network/{latest['version']}/"


def _listener_pid(url: str) -> int:
    """The streamlit process (started by ``streamlit_server``) that listens on ``url``'s port."""
    port = int(url.rstrip("/").rsplit(":", 1)[1])
    answer = subprocess.run(["ss", "-ltnpH", f"sport = :{port}"], capture_output=True,
                            text=True, check=True)  # fmt: skip
    return int(re.search(r"pid=(\d+)", answer.stdout)[1])


def report(
    results: dict, files: list[str], rates: list[float], counts: list[int], *, ab_cpu: float
) -> None:
    print(f"\n{'page':<14}{'viewers':>8}{'drawn median':>14}{'slowest':>10}{'CPU/view':>12}")
    for (kind, n), (median, slowest, cpu, drawn) in sorted(results.items()):
        print(f"{kind:<14}{n:>8}{median:>12.2f} s{slowest:>8.2f} s{cpu * 1000:>9.1f} ms"
              f"  ({drawn} of {n} drawn)")
    print(f"nginx CPU per whole view under ab: {ab_cpu * 1000:.3f} ms (the browsers' runs "
          f"above read it in {1000 / TICKS:.0f} ms clock ticks)")
    for n in counts:
        live, static = results["live", n], results["static", n]
        print(f"{n} viewer(s): live/static CPU per view {live[2] / max(ab_cpu, 1e-9):,.0f}x, "
              f"time to drawn (median) {live[0] / static[0]:.1f}x")
    views = 1 / sum(1 / r for r in rates)
    # The shared assets are cached for a year: a reader's next map costs its page and data.
    own = [r for u, r in zip(files, rates) if "/assets/" not in u]
    print(f"static, assets already cached (page + data): {1 / sum(1 / r for r in own):,.0f} "
          "views/s")
    live_views = (os.cpu_count() or 1) / max(results["live", counts[0]][2], 1e-6)
    print(f"\nnginx, {len(files)} files a first view: "
          + ", ".join(f"{u.rsplit('/', 1)[1] or 'page'} {r:,.0f}/s" for u, r in zip(files, rates)))
    print(f"static: {views:,.0f} views/s (ab, 20 concurrent); live: {live_views:,.1f} views/s "
          f"({os.cpu_count()} cores / CPU per view); ratio {views / live_views:,.0f}x")


if __name__ == "__main__":
    main()
