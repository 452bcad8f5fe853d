"""The basemap's names (efus-labels.js + labels.json) as a person sees them, in real Chromium.

Each test opens a standalone page: Leaflet from XStatic-Leaflet, the offline basemap drawn as the
engine draws it (same panes and colours), a data marker at Turin in the points' pane, and the
labels, all inlined, with every request off the machine refused. Screenshots at zoom 4 (Europe)
and 8 (Turin), 1280×720, land in artifacts/.
"""

from __future__ import annotations

import base64
import gzip
import json
import re

import pytest
from playwright.sync_api import expect

from geo.maps.assets import HERE, assets
from tests.conftest import wait_map_still

pytestmark = pytest.mark.browser

BASEMAP = HERE / "basemap" / "europe-50m.geojson"
LABELS = HERE / "basemap" / "labels.json"
LABELS_JS = HERE / "js" / "efus-labels.js"
LABELS_CSS = HERE / "js" / "efus-labels.css"
LAND, SEA = "#f7f5ef", "#dbe6ef"
TURIN = (45.07049, 7.68682)
MARKER = "#d55e00"  # the engine's vermilion, one of its Okabe-Ito marker colours

PAGE = """<!doctype html>
<html lang="{lang}"><head><meta charset="utf-8"><title>Labels</title>
<style>{leaflet_css}</style><style>{labels_css}</style>
<style>html, body, #map {{ margin: 0; height: 100%; }}
#map {{ background: {sea}; }}</style>
<script>{leaflet_js}</script><script>{labels_js}</script>
</head><body><div id="map"></div><script>
var basemap = {basemap};
var labels = {labels};
var map = L.map("map", {{ zoomSnap: 0.5, minZoom: 2 }}).setView([48, 9], 4);
map.createPane("efusBasemap").style.zIndex = "250";
L.geoJSON(basemap, {{
  pane: "efusBasemap", renderer: L.canvas({{ pane: "efusBasemap", padding: 0.5 }}),
  interactive: false,
  style: {{ color: "#8d99a6", weight: 0.7, fillColor: "{land}", fillOpacity: 1, opacity: 1 }}
}}).addTo(map);
map.createPane("efusPoints").style.zIndex = "450";
L.circleMarker([{turin_lat}, {turin_lon}], {{
  pane: "efusPoints", renderer: L.canvas({{ pane: "efusPoints" }}), radius: 8,
  color: "{marker}", weight: 2, fillColor: "{marker}", fillOpacity: 1
}}).addTo(map);
window.efusLabels = EfusLabels.add(map, labels, {{ lang: "{lang}", pane: "efusLabels" }});
</script></body></html>
"""


def _script_text(text: str) -> str:
    # Inside <script>, "</script" would end the element; our files have none, but be exact.
    return re.sub(r"</(script)", r"<\\/\1", text, flags=re.IGNORECASE)


def _asset(name: str) -> str:
    return next(a for a in assets() if a.name == name).path.read_text(encoding="utf-8")


def write_page(path, *, lang: str, labels: dict | None = None):
    labels = labels if labels is not None else json.loads(LABELS.read_text(encoding="utf-8"))
    html = PAGE.format(
        lang=lang,
        leaflet_css=_asset("leaflet_css"),
        labels_css=LABELS_CSS.read_text(encoding="utf-8"),
        leaflet_js=_script_text(_asset("leaflet")),
        labels_js=_script_text(LABELS_JS.read_text(encoding="utf-8")),
        basemap=_script_text(BASEMAP.read_text(encoding="utf-8")),
        labels=_script_text(json.dumps(labels, ensure_ascii=False)),
        sea=SEA, land=LAND, marker=MARKER, turin_lat=TURIN[0], turin_lon=TURIN[1],
    )  # fmt: skip
    path.write_text(html, encoding="utf-8")
    return path


def open_map(page, path, *, lat: float, lon: float, zoom: float):
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(path.as_uri())
    page.wait_for_function("() => window.efusLabels && window.efusLabels._map")
    page.evaluate("([lat, lon, zoom]) => { map.setView([lat, lon], zoom); }", [lat, lon, zoom])
    wait_map_still(page)
    return page


def label(page, text: str):
    """The drawn label whose text is exactly ``text``."""
    return page.locator(".efus-labels .efus-label-text").filter(
        has_text=re.compile(f"^{re.escape(text)}$")
    )


@pytest.fixture
def english(tmp_path):
    return write_page(tmp_path / "labels-en.html", lang="en")


@pytest.fixture
def french(tmp_path):
    return write_page(tmp_path / "labels-fr.html", lang="fr")


def test_turin_is_named_at_zoom_8_next_to_its_marker(offline_page, english, artifacts):
    page = open_map(offline_page, english, lat=TURIN[0], lon=TURIN[1], zoom=8)
    turin = page.locator(".efus-labels .efus-label-text").filter(
        has_text=re.compile("^(Torino|Turin)$")
    )
    expect(turin).to_have_count(1)
    expect(turin).to_be_visible()
    box = turin.bounding_box()
    # The map is centred on Turin: its name starts just right (or ends just left) of the centre.
    assert abs(box["y"] + box["height"] / 2 - 360) < 12
    assert 640 - 12 - box["width"] < box["x"] < 640 + 12
    page.screenshot(path=artifacts / "labels-turin-z8.png")
    for town in ("Asti", "Novara", "Alessandria"):  # Piedmont's other cities, for orientation
        expect(label(page, town)).to_be_visible()
    assert page.log.external == [] and page.log.console_errors == []


def test_country_names_are_in_french_at_zoom_4(offline_page, french, artifacts):
    page = open_map(offline_page, french, lat=48, lon=9, zoom=4)
    for name in ("France", "Italie", "Allemagne", "Espagne", "Pologne"):
        expect(label(page, name)).to_be_visible()
    expect(label(page, "Italy")).to_have_count(0)
    expect(label(page, "Germany")).to_have_count(0)
    expect(label(page, "Londres")).to_be_visible()  # CLDR's French name of the city
    page.screenshot(path=artifacts / "labels-europe-z4-fr.png")
    assert page.log.external == [] and page.log.console_errors == []


def test_english_map_of_europe_at_zoom_4(offline_page, english, artifacts):
    page = open_map(offline_page, english, lat=48, lon=9, zoom=4)
    for name in ("France", "Italy", "Germany", "London", "Paris", "Berlin"):
        expect(label(page, name)).to_be_visible()
    # Names of small countries wait for a closer zoom; so do towns.
    expect(label(page, "Luxembourg")).to_have_count(0)
    expect(label(page, "Asti")).to_have_count(0)
    page.screenshot(path=artifacts / "labels-europe-z4.png")


@pytest.mark.parametrize("zoom", [4, 5, 6, 8])
def test_no_two_labels_overlap(offline_page, english, zoom):
    page = open_map(offline_page, english, lat=47, lon=8, zoom=zoom)
    boxes = page.evaluate(
        """() => Array.from(document.querySelectorAll('.efus-labels .efus-label'), el => {
            const r = el.getBoundingClientRect();
            return [r.left, r.top, r.right, r.bottom, el.textContent]; })"""
    )
    assert len(boxes) >= 15, boxes  # a map with names, not an empty one
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
            assert apart, f"{a[4]!r} overlaps {b[4]!r} at zoom {zoom}"


def _pixel(page, x: int, y: int) -> tuple[int, int, int]:
    png = page.screenshot(clip={"x": x, "y": y, "width": 1, "height": 1})
    from io import BytesIO

    from PIL import Image

    return Image.open(BytesIO(png)).convert("RGB").getpixel((0, 0))


def test_labels_lie_under_the_data_markers(offline_page, english):
    page = open_map(offline_page, english, lat=TURIN[0], lon=TURIN[1], zoom=8)
    expect(label(page, "Turin")).to_be_visible()
    # The marker is drawn at Turin, where Turin's dot and name begin: the marker wins.
    assert _pixel(page, 640, 360) == tuple(int(MARKER[i : i + 2], 16) for i in (1, 3, 5))
    panes = page.evaluate(
        """() => ['efusBasemap', 'efusLabels', 'efusPoints'].map(
            n => Number(getComputedStyle(map.getPane(n)).zIndex))"""
    )
    assert panes[0] < panes[1] < panes[2]
    assert page.evaluate("getComputedStyle(map.getPane('efusLabels')).pointerEvents") == "none"


def _luminance(rgb) -> float:
    def channel(c: float) -> float:
        c /= 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a, b) -> float:
    hi, lo = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


def test_label_text_is_legible_on_land_and_sea(offline_page, english):
    page = open_map(offline_page, english, lat=48, lon=9, zoom=5)
    colours = page.evaluate(
        """() => ['country', 'capital', 'city'].map(kind => {
            const el = document.querySelector(`.efus-label-${kind} .efus-label-text`);
            return getComputedStyle(el).color.match(/\\d+/g).slice(0, 3).map(Number); })"""
    )
    for colour in colours:
        for ground in (LAND, SEA):
            rgb = tuple(int(ground[i : i + 2], 16) for i in (1, 3, 5))
            assert _contrast(colour, rgb) >= 4.5, (colour, ground)


def test_a_name_from_the_data_is_drawn_as_text(offline_page, tmp_path):
    labels = json.loads(LABELS.read_text(encoding="utf-8"))
    hostile = '<img src=x onerror="window.pwned=1">Turin'
    columns = labels["cities"]["columns"]
    for row in labels["cities"]["rows"]:
        if row[columns.index("name")] == "Turin":
            row[columns.index("name")] = hostile
    path = write_page(tmp_path / "hostile.html", lang="en", labels=labels)
    page = open_map(offline_page, path, lat=TURIN[0], lon=TURIN[1], zoom=8)
    expect(label(page, hostile)).to_be_visible()
    assert page.locator(".efus-labels img").count() == 0
    assert page.evaluate("window.pwned") is None


def test_labels_packed_as_the_engine_packs_them_join_the_basemap_group(offline_page, tmp_path):
    """``EfusLabels.load`` with the engine's gzip packing, into a layer group: removing the
    group (online tiles chosen in the layer control) takes the names away."""
    packed = base64.b64encode(gzip.compress(LABELS.read_bytes())).decode("ascii")
    path = write_page(tmp_path / "packed.html", lang="fr", labels={"columns": []})
    html = path.read_text(encoding="utf-8").replace(
        'window.efusLabels = EfusLabels.add(map, labels, { lang: "fr", pane: "efusLabels" });',
        "var group = L.featureGroup().addTo(map);\n"
        f'EfusLabels.load(map, {{gzip: "{packed}"}}, {{lang: "fr", group: group}})'
        ".then(layer => { window.efusLabels = layer; window.efusGroup = group; });",
    )
    path.write_text(html, encoding="utf-8")
    page = open_map(offline_page, path, lat=48, lon=9, zoom=4)
    expect(label(page, "Italie")).to_be_visible()
    page.evaluate("() => { map.removeLayer(window.efusGroup); }")
    expect(page.locator(".efus-labels")).to_have_count(0)
    assert page.log.external == [] and page.log.console_errors == []
