"""Map images for slides and reports: a PNG (1920×1080) or a PDF (one A4 landscape page) of
a map, with its title, legend, scale, attribution and date.

The image is the engine's own exported page (``build_map(assets="inline")``) drawn by Debian's
headless ``chromium`` (``--screenshot`` / ``--print-to-pdf``): it shows exactly what the
canvas layer draws in a browser, with the same basemap, labels and legend, and it needs no
network (everything is inside the page, and Chromium is told that no host resolves). A
client-side rasteriser would have to redraw the canvas, the SVG basemap and the HTML legend
in its own way; a Python plotting library would be a second map engine to keep in step.
Playwright would work too, but it is a test tool here; the plain command line is enough for
a page that draws itself once it has loaded (``--virtual-time-budget`` runs its timers).

A deployment that offers images installs ``chromium`` (``apt-get install -y chromium``); when
it is missing, ``MapImageError`` says so with that fix.
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from folium.template import Template

from geo.maps.audience import CityCentre
from geo.maps.elements import EfusMap, MapError, Verbatim, VerbatimMacro, page_of
from geo.maps.engine import build_map, render_html
from geo.maps.payload import script_json

# Pixels of the page Chromium lays out: a full-HD slide; A4 landscape at CSS's 96 px an inch
# (297 × 210 mm), so that the printed page is the page laid out, with no rescaling.
SIZES = {"png": (1920, 1080), "pdf": (1123, 794)}
BROWSERS = ("chromium", "chromium-browser")
# Chromium with none of its own background work: no network of its own, no updates, no sync.
# The one list for the server's images, the tests, the benchmarks and the scripts.
QUIET_CHROMIUM = (
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
)  # fmt: skip
# Nor the address bar's WebUI popup, which Chromium 156's headless mode builds in a renderer of
# its own for every window: about a second of one core each time (2.8 s of Chromium's CPU
# against 0.9 s for a browser that opens two blank windows), taken from the page being drawn on
# a 2-core machine. Chromium keeps only the last --disable-features it is given: a launcher that
# passes its own list must add these to it (tests/chromium.py does, for Playwright).
QUIET_FEATURES = ("WebUIOmniboxPopup", "WebUIOmniboxAimPopup", "WebUIOmniboxFullPopup")
FLAGS = (
    "--headless", *QUIET_CHROMIUM, "--disable-features=" + ",".join(QUIET_FEATURES),
    "--hide-scrollbars",
    "--host-resolver-rules=MAP * ~NOTFOUND",  # offline by construction: no host resolves
)  # fmt: skip
DRAW_BUDGET_MS = 20_000  # virtual time the page may take to draw (it needs well under 1 s)


class MapImageError(MapError, RuntimeError):
    """The image cannot be made: no Chromium, or Chromium failed; ``code`` says which."""

    code = "image_browser_failed"


@dataclass(frozen=True, slots=True)
class MapImage:
    """An image written: where, and how many rows it shows and left off (no position)."""

    path: Path
    shown: int
    without_position: int


class ImageFrame(VerbatimMacro):
    """What an image adds to the map's page: its size as a slide or an A4 page, the legend
    open, and the date of the data in a corner (as ``textContent``)."""

    _template = Template("""
        {% macro script(this, kwargs) %}
        (function () {
            var map = {{ this._parent.get_name() }};
            var stamp = L.control({position: "bottomleft"});
            stamp.onAdd = function () {
                var box = L.DomUtil.create("div", "efus-image-date leaflet-control");
                box.textContent = {{ this.caption }};
                return box;
            };
            stamp.addTo(map);
            document.querySelectorAll("details.efus-legend").forEach(function (d) {
                d.open = true;
            });
        })();
        {% endmacro %}
    """)

    def __init__(self, caption: str) -> None:
        super().__init__()
        self._name = "ImageFrame"
        self.caption = script_json(caption)


def _page_css(width: int, height: int) -> str:
    return f"""<style>
  @page {{ size: A4 landscape; margin: 0; }}
  html, body {{ margin: 0; width: {width}px; height: {height}px; overflow: hidden; }}
  .folium-map {{ width: {width}px !important; height: {height}px !important; }}
  * {{ -webkit-print-color-adjust: exact; print-color-adjust: exact; }}
  /* A picture has nothing to press: no zoom buttons, no layer switch (the legend stays). */
  .leaflet-control-zoom, .leaflet-control-layers {{ display: none !important; }}
  .efus-image-date {{ background: rgba(255, 255, 255, 0.9); padding: 2px 8px; font: 14px
                      system-ui, sans-serif; color: #1b1b1b; border-radius: 4px; }}
</style>"""


def image_page(
    frame: pd.DataFrame, *, kind: str, audience: str, title: str, caption: str,
    city_centre: CityCentre | None = None, lang: str = "en",
) -> tuple[str, EfusMap]:  # fmt: skip
    """The engine's page of ``frame`` laid out as the image ``kind`` ("png" or "pdf"), and its
    map (``.plotted``, ``.without_position``)."""
    width, height = size_of(kind)
    m = build_map(frame, audience=audience, title=title, assets="inline",
                  city_centre=city_centre, height=f"{height}px", lang=lang)  # fmt: skip
    page_of(m).header.add_child(Verbatim(_page_css(width, height)), name="image_css")
    m.add_child(ImageFrame(caption))
    return render_html(m), m


def size_of(kind: str) -> tuple[int, int]:
    if kind not in SIZES:
        raise MapImageError.of("image_kind_unknown", kind=kind, kinds=", ".join(SIZES))
    return SIZES[kind]


def map_image(
    frame: pd.DataFrame, out: str | os.PathLike, *, kind: str, audience: str, title: str,
    city_centre: CityCentre | None = None, lang: str = "en", today: dt.date | None = None,
    browser: str | None = None,
) -> MapImage:  # fmt: skip
    """Write the map of ``frame`` as ``kind`` ("png": 1920×1080; "pdf": A4 landscape) to
    ``out``. ``audience="public"``: public rows and fields only, sensitive sites at their city
    centre (``build_map``). The corner says "Efus · <today's date>" in ``lang``."""
    from geo.i18n import translator

    size_of(kind)
    exe = browser or find_browser()
    stamp = translator(lang).date(today or dt.date.today())
    page, m = image_page(frame, kind=kind, audience=audience, title=title,
                         caption=f"Efus · {stamp}", city_centre=city_centre,
                         lang=lang)  # fmt: skip
    path = render_page(page, Path(out), kind=kind, browser=exe)
    return MapImage(path, len(m.plotted), m.without_position)


def image_bytes(frame: pd.DataFrame, *, kind: str, audience: str, title: str,
                lang: str = "en") -> bytes:  # fmt: skip
    """The image as bytes, for a download button (the file lives only while it is read)."""
    with tempfile.TemporaryDirectory(prefix="efus-image-") as folder:
        out = Path(folder) / f"map.{kind}"
        map_image(frame, out, kind=kind, audience=audience, title=title, lang=lang)
        return out.read_bytes()


def browser_available() -> bool:
    return any(shutil.which(name) for name in BROWSERS)


def find_browser() -> str:
    """Debian's chromium on the PATH, else a ``MapImageError`` with the fix."""
    for name in BROWSERS:
        if found := shutil.which(name):
            return found
    raise MapImageError.of("image_browser_missing", names=", ".join(BROWSERS))


def render_page(page: str, out: Path, *, kind: str, browser: str) -> Path:
    """Chromium draws the page's HTML into ``out`` (PNG or PDF)."""
    width, height = size_of(kind)
    out = out.resolve()
    with tempfile.TemporaryDirectory(prefix="efus-image-") as folder:
        source = Path(folder) / "map.html"
        source.write_text(page, encoding="utf-8")
        target = f"--screenshot={out}" if kind == "png" else f"--print-to-pdf={out}"
        command = [browser, *FLAGS, f"--user-data-dir={folder}/profile",
                   f"--window-size={width},{height}", f"--virtual-time-budget={DRAW_BUDGET_MS}",
                   "--no-pdf-header-footer", target, source.as_uri()]  # fmt: skip
        done = subprocess.run(command, capture_output=True, text=True, timeout=180, check=False)
    if done.returncode != 0 or not out.exists():
        tail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise MapImageError.of("image_browser_failed", status=done.returncode,
                               output=" / ".join(tail) or "no output")  # fmt: skip
    return out
