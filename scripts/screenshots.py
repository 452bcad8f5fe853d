"""Make the README's pictures of the service as a person sees it, so that they follow the code.

    .venv/bin/python scripts/screenshots.py            # writes docs/*.png

- ``docs/dashboard.png``: the dashboard at 1440×900 on the bundled data, a point clicked;
- ``docs/presentation.png``: a stop of a saved tour (``?present=1&tour=…``) at 1280×720;
- ``docs/map-image.png``: the PNG that ``python -m geo export --png`` writes (1920×1080),
  shown at half size.

The app runs as the README serves it (``streamlit run app.py`` on 127.0.0.1, its store in a
temporary folder) and Debian's headless Chromium takes the pictures through Playwright (a
development tool: ``requirements-dev.txt``), with every request off the machine refused. The
pictures are reduced to 256 colours so that each stays small (≤ ~200 KB) in the repository.
"""

from __future__ import annotations

import contextlib
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlsplit

from PIL import Image
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

from geo.cli import main as geo_command  # noqa: E402
from geo.data.tours import save_tour  # noqa: E402
from tests import chromium  # noqa: E402
from tests.servers import ServerDidNotStart, streamlit_run  # noqa: E402

DOCS = ROOT / "docs"
MAP_FRAME = "iframe[src*='streamlit_folium.st_folium']"  # the map names its frame itself
TOUR = "PACTESUR cities"
TOUR_PLACES = ["FR/Nice", "IT/Turin", "BE/Liège", "PL/Gdańsk", "LV/Riga", "ES/Málaga",
               "NL/Eindhoven", "RO/Brașov"]  # fmt: skip


@contextlib.contextmanager
def app(store: Path, log: Path) -> Iterator[str]:
    """``streamlit run app.py`` on a free local port with ``store`` as its data folder."""
    try:
        with streamlit_run(env={"EFUS_DATA_DIR": str(store)}, log=log, timeout=120) as (url, _):
            yield url
    except ServerDidNotStart as exc:
        raise SystemExit(str(exc)) from None


def offline(context) -> None:
    """Every request that would leave the machine is refused."""

    def guard(route):
        if urlsplit(route.request.url).hostname not in ("127.0.0.1", "localhost", None):
            route.abort("internetdisconnected")
        else:
            route.continue_()

    context.route("**/*", guard)


def settle(page) -> None:
    """Until the map has drawn and Streamlit has finished its run."""
    page.frame_locator(MAP_FRAME).locator("[data-efus-drawn]").wait_for(
        state="attached", timeout=120_000)
    page.wait_for_function(
        """() => !document.querySelector("[data-testid='stStatusWidgetRunningIcon'],"
                                        + " [data-stale='true']")""", timeout=120_000)
    # The map's own fit animates: wait until its view has not changed for half a second.
    page.wait_for_function(
        """(sel) => { const w = document.querySelector(sel).contentWindow;
            const m = w.L && Object.values(w).find(v => v instanceof w.L.Map);
            if (!m || m._animatingZoom) { return false; }
            const v = [m.getCenter().lat, m.getCenter().lng, m.getZoom()].join();
            const now = performance.now(), seen = window.__efusView;
            if (!seen || seen.v !== v) { window.__efusView = {v, since: now}; return false; }
            return now - seen.since > 500; }""",
        arg=MAP_FRAME, polling=100, timeout=60_000)


def shoot(browser, url: str, out: Path, *, width: int, height: int, click=None) -> None:
    context = browser.new_context(viewport={"width": width, "height": height})
    offline(context)
    page = context.new_page()
    page.goto(url)
    settle(page)
    if click:
        click(page)
        settle(page)
    page.screenshot(path=out)
    context.close()


def click_nice(page) -> None:
    """A point clicked, so that the picture shows its details beside the map."""
    page.wait_for_function(
        """(sel) => { const w = document.querySelector(sel).contentWindow;
            return Object.values(w).some(v => v instanceof w.L.Map); }""", arg=MAP_FRAME)
    spot = page.evaluate(
        """(sel) => { const f = document.querySelector(sel), w = f.contentWindow;
            const m = Object.values(w).find(v => v instanceof w.L.Map);
            const p = m.latLngToContainerPoint([43.70313, 7.26608]);
            return {x: p.x, y: p.y}; }""", MAP_FRAME)
    page.frame_locator(MAP_FRAME).locator(".leaflet-container").click(position=spot)
    page.get_by_text("Source").first.wait_for(timeout=60_000)
    page.keyboard.press("Escape")  # the details stay beside the map; the popup goes


def small(path: Path, *, scale: float = 1.0) -> None:
    """256 colours (and ``scale``): a screenshot of flat map colours stays legible and small."""
    image = Image.open(path).convert("RGB")
    if scale != 1.0:
        image = image.resize((round(image.width * scale), round(image.height * scale)),
                             Image.Resampling.LANCZOS)  # fmt: skip
    # No dithering, octree: the markers' few pixels keep their own colours.
    image.quantize(colors=256, method=Image.Quantize.FASTOCTREE,
                   dither=Image.Dither.NONE).save(path, optimize=True)  # fmt: skip


def main() -> int:
    DOCS.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="efus-screenshots-") as folder:
        store = Path(folder) / "store"
        save_tour(store, name=TOUR, places=TOUR_PLACES, author="scripts/screenshots.py")
        image = DOCS / "map-image.png"
        if geo_command(["export", "--public", "--title", "Where Efus works", "--png",
                        str(image)]) != 0:  # fmt: skip
            return 1
        small(image, scale=0.5)
        with app(store, Path(folder) / "server.log") as url, sync_playwright() as p:
            browser = chromium.launch(p)
            shoot(browser, url, DOCS / "dashboard.png", width=1440, height=900,
                  click=click_nice)  # fmt: skip
            shoot(browser, f"{url}?present=1&tour={quote(TOUR)}", DOCS / "presentation.png",
                  width=1280, height=720)  # fmt: skip
            browser.close()
    for name in ("dashboard.png", "presentation.png"):
        small(DOCS / name)
    for name in ("dashboard.png", "presentation.png", "map-image.png"):
        print(f"docs/{name}: {(DOCS / name).stat().st_size // 1024} KB", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
