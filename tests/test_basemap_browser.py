"""The offline basemap as a browser draws it (``efus-map.js``'s outline canvas): land in the
land colour and sea left as sea, at the opening zoom and after zooming in, in an exported map
that fetches nothing."""

from __future__ import annotations

import pandas as pd
import pytest

from geo.maps.export import export_html
from geo.maps.styles import BASEMAP_STYLE
from tests.conftest import wait_map_still

pytestmark = pytest.mark.browser
FIND_MAP = "Object.values(window).find(v => v instanceof L.Map)"
# Inland and at sea, away from any border or coast by more than a pixel at zoom 4-7.
LAND = [(48.0, 2.5), (51.0, 10.0), (40.0, -4.0), (52.0, 20.0)]  # France, Germany, Spain, Poland
SEA = [(45.5, -6.0), (43.0, 5.0), (55.5, 3.5), (35.5, 18.0)]  # Biscay, Lion, North, Ionian


def _hex(colour: str) -> list[int]:
    return [int(colour[i:i + 2], 16) for i in (1, 3, 5)]


def _pixels(page, places) -> list[list[int]]:
    """The basemap canvas's colour (RGB) under each (lat, lon)."""
    return page.evaluate(
        f"""(places) => {{ const m = {FIND_MAP};
            const c = document.querySelector('.leaflet-efusBasemap-pane canvas');
            const r = c.getBoundingClientRect(), box = m.getContainer().getBoundingClientRect();
            return places.map(([lat, lon]) => {{
                const p = m.latLngToContainerPoint([lat, lon]);
                const x = Math.round((box.left + p.x - r.left) * c.width / r.width);
                const y = Math.round((box.top + p.y - r.top) * c.height / r.height);
                return Array.from(c.getContext('2d').getImageData(x, y, 1, 1).data).slice(0, 3);
            }}); }}""",
        [list(p) for p in places],
    )


def test_the_outlines_fill_the_land_and_leave_the_sea_at_every_zoom(offline_page, tmp_path):
    page = offline_page
    rows = pd.DataFrame({"name": ["Paris", "Berlin"], "lat": [48.85, 52.52],
                         "lon": [2.35, 13.4]})  # fmt: skip
    path = tmp_path / "map.html"
    export_html(rows, path, title="Outlines")
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(path.as_uri())
    page.wait_for_selector(".leaflet-container[data-efus-basemap='drawn']", timeout=30_000)
    land = _hex(str(BASEMAP_STYLE["fillColor"]))
    wait_map_still(page)  # the opening fit has ended
    for zoom in (4, 6):
        page.evaluate(f"(z) => {FIND_MAP}.setView([47, 6], z, {{animate: false}})", zoom)
        wait_map_still(page)
        page.wait_for_selector(f".leaflet-container[data-efus-outlines-zoom='{zoom}']")
        assert _pixels(page, LAND) == [land] * len(LAND), zoom
        assert all(pixel != land for pixel in _pixels(page, SEA)), zoom
    assert page.log.external == []
