"""The engine's maps name countries and cities (efus-labels.js wired into ``build_map``), as a
person sees them in real Chromium with every request off the machine refused.

The exported file (``python -m geo export``) carries the names inside it; the dashboard's live
map fetches them from Streamlit's static copy (tests/test_dashboard_browser.py). Screenshots of
Turin at 1280×720 land in artifacts/.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest
from playwright.sync_api import expect

from geo.maps.engine import build_map, render_html
from tests.conftest import ROOT, wait_map_still
from tests.mapdata import frame

pytestmark = pytest.mark.browser

FIND_MAP = "Object.values(window).find(v => v instanceof L.Map)"
TURIN = (45.07049, 7.68682)


def open_at(page, path, *, lat: float, lon: float, zoom: float):
    """The exported page at 1280×720, once its points are drawn, moved to ``lat, lon, zoom``
    and still again."""
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(path.as_uri())
    page.wait_for_selector(".leaflet-container[data-efus-drawn]", timeout=30_000)
    page.wait_for_selector(".efus-labels .efus-label-text", state="attached", timeout=30_000)
    wait_map_still(page)
    page.evaluate(f"([lat, lon, z]) => {{ {FIND_MAP}.setView([lat, lon], z); }}",
                  [lat, lon, zoom])  # fmt: skip
    wait_map_still(page)
    return page


def label(page, pattern: str):
    return page.locator(".efus-labels .efus-label-text").filter(has_text=re.compile(pattern))


def assert_offline(page) -> None:
    assert page.log.external == [], f"requests left the machine: {page.log.external}"
    assert page.log.failed == [], f"requests failed: {page.log.failed}"
    assert page.log.console_errors == []


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The map as ``python -m geo export`` writes it, from the bundled data."""
    path = tmp_path_factory.mktemp("export") / "map.html"
    subprocess.run([sys.executable, "-m", "geo", "export", "-o", str(path), "--public"],
                   cwd=ROOT, check=True, capture_output=True)  # fmt: skip
    return path


def test_exported_map_names_turin_when_zoomed_on_it_offline(offline_page, exported, artifacts):
    page = open_at(offline_page, exported, lat=TURIN[0], lon=TURIN[1], zoom=8)
    turin = label(page, "^(Torino|Turin)$")
    expect(turin).to_have_count(1)
    expect(turin).to_be_visible()
    # Next to the city's own marker, at the centre of the view.
    box = turin.bounding_box()
    assert abs(box["y"] + box["height"] / 2 - 360) < 12
    assert 640 - 12 - box["width"] < box["x"] < 640 + 12
    # The names' credit, which GeoNames' licence requires, is on the map.
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("GeoNames (CC BY 4.0)")
    page.screenshot(path=artifacts / "export-turin-1280x720.png")
    assert_offline(page)


def test_exported_map_names_sit_under_the_points_and_take_no_clicks(offline_page, exported):
    page = open_at(offline_page, exported, lat=TURIN[0], lon=TURIN[1], zoom=8)
    panes = page.evaluate(
        f"""() => {{ const m = {FIND_MAP}; const z = n => +getComputedStyle(m.getPane(n)).zIndex;
            return [z("efusBasemap"), z("efusLabels"), z("efusPoints"),
                    getComputedStyle(m.getPane("efusLabels")).pointerEvents]; }}"""
    )
    basemap, labels, points, events = panes
    assert basemap < labels < points
    assert events == "none"


def test_french_map_names_italy_italie(offline_page, tmp_path):
    path = tmp_path / "fr.html"
    path.write_text(render_html(build_map(frame(), lang="fr", title="Carte")), encoding="utf-8")
    page = open_at(offline_page, path, lat=42.5, lon=12.5, zoom=5)
    expect(label(page, "^Italie$")).to_be_visible()
    expect(label(page, "^Italy$")).to_have_count(0)
    assert_offline(page)
