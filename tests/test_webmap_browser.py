"""Exported maps in real headless Chromium, with every request off the machine refused."""

from __future__ import annotations

from urllib.parse import urlsplit

import numpy as np
import pandas as pd
import pytest

from geo.maps.engine import build_map, render_html
from geo.maps.export import export_html
from tests.conftest import wait_map_still
from tests.mapdata import HOSTILE, frame

pytestmark = pytest.mark.browser

FIND_MAP = "Object.values(window).find(v => v instanceof L.Map)"


def _open(page, path, *, points: int) -> list[str]:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.goto(path.as_uri())
    page.wait_for_selector(f".leaflet-container[data-efus-drawn='{points}']", timeout=30_000)
    wait_map_still(page)
    return dialogs


def _screen_point(page, lat: float, lon: float) -> tuple[float, float]:
    x, y = page.evaluate(
        f"""([lat, lon]) => {{ const m = {FIND_MAP};
            const p = m.latLngToContainerPoint([lat, lon]);
            const box = m.getContainer().getBoundingClientRect();
            return [box.left + p.x, box.top + p.y]; }}""",
        [lat, lon],
    )
    return x, y


def _settled(page) -> None:
    """Wait until the popup has faded in and the map stopped panning to show it."""
    page.wait_for_function(
        f"""() => {{ const all = document.querySelectorAll('.leaflet-popup'), p = all[0];
            return all.length === 1 && getComputedStyle(p).opacity === '1'
                && !{FIND_MAP}._panAnim?._inProgress;
        }}"""
    )


def _items(page) -> list[dict]:
    """What the canvas shows in the map's frame (``EfusMap.visibleItems``), in reading order."""
    return page.evaluate(
        f"""() => EfusMap.visibleItems({FIND_MAP}).map(i => ({{kind: i.kind, count: i.count,
            lat: i.lat, lng: i.lng, x: i.x, y: i.y, r: i.r, name: i.name || null}}))"""
    )


def _cluster_near(page, lat: float, lon: float) -> dict:
    """The cluster drawn nearest to (lat, lon), within 40 px."""
    x, y = page.evaluate(
        f"""([lat, lon]) => {{ const p = {FIND_MAP}.latLngToContainerPoint([lat, lon]);
            return [p.x, p.y]; }}""",
        [lat, lon],
    )
    near = [i for i in _items(page) if i["kind"] == "cluster"
            and (i["x"] - x) ** 2 + (i["y"] - y) ** 2 <= 40 ** 2]  # fmt: skip
    assert near, f"no cluster near {lat}, {lon}: {_items(page)}"
    return min(near, key=lambda i: (i["x"] - x) ** 2 + (i["y"] - y) ** 2)


def _open_cluster_at(page, lat: float, lon: float) -> None:
    """Click the cluster near (lat, lon) and wait until the map has zoomed in and redrawn."""
    cluster = _cluster_near(page, lat, lon)
    before = page.evaluate(f"() => {FIND_MAP}.getZoom()")
    box = page.locator(".leaflet-container").bounding_box()
    page.mouse.click(box["x"] + cluster["x"], box["y"] + cluster["y"])
    page.wait_for_function(
        f"""(z) => {{ const m = {FIND_MAP};
            return m.getZoom() > z && !m._animatingZoom
                && m.getContainer().dataset.efusZoom === String(m.getZoom()); }}""",
        arg=before,
    )
    wait_map_still(page)


def _pixel(page, x: float, y: float) -> list[int]:
    return page.evaluate(
        """([x, y]) => { const c = document.querySelector('.leaflet-efusPoints-pane canvas');
            const r = c.getBoundingClientRect();
            const px = Math.round((x - r.left) * c.width / r.width);
            const py = Math.round((y - r.top) * c.height / r.height);
            return Array.from(c.getContext('2d').getImageData(px, py, 1, 1).data); }""",
        [x, y],
    )


def test_exported_map_draws_offline_with_markers_legend_and_text_only_popups(
    offline_page, tmp_path, artifacts
):
    page = offline_page
    path = tmp_path / "map.html"
    export_html(frame(), path, title=f"Efus map {HOSTILE}")
    dialogs = _open(page, path, points=6)

    # A marker is painted where Turin is (signatory: Okabe-Ito blue #0072B2).
    r, g, b, alpha = _pixel(page, *_screen_point(page, 45.07049, 7.68682))
    assert alpha > 200 and abs(r - 0x00) < 40 and abs(g - 0x72) < 40 and abs(b - 0xB2) < 40

    legend = page.locator(".efus-legend")
    assert legend.is_visible() and legend.locator(".efus-legend-label").first.is_visible()
    labels = legend.locator(".efus-legend-label").all_text_contents()
    assert sorted(labels) == sorted(["partner", "signatory", HOSTILE, "pilot equipment",
                                     "meeting"])  # fmt: skip
    assert page.locator(".efus-title-text").text_content() == f"Efus map {HOSTILE}"
    assert page.title() == f"Efus map {HOSTILE}"
    assert page.locator(".leaflet-control-layers-overlays label").count() == 5  # + "Other"

    # Liège's two rows (the hostile one and a barrier 1 km away) are one cluster at the
    # opening zoom; a click on it zooms in until they part.
    _open_cluster_at(page, 50.63373, 5.56749)

    # Hover and click the hostile point: its strings appear as text, and nothing runs.
    x, y = _screen_point(page, 50.63373, 5.56749)
    page.mouse.move(x, y)
    page.wait_for_selector(".leaflet-tooltip")
    assert page.locator(".leaflet-tooltip").text_content() == HOSTILE
    page.mouse.click(x, y)
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    assert popup.locator(".efus-name").text_content() == HOSTILE
    assert HOSTILE in popup.locator(".efus-what").text_content()
    assert popup.locator(".efus-source").count() == 0  # a javascript: source is not a link
    assert page.locator("img[src='x']").count() == 0
    _settled(page)
    page.screenshot(path=artifacts / "webmap-offline-hostile.png")

    # Click Nice (a cluster with its equipment site, then the point): a real popup with its
    # source link, for the screenshot a person looks at.
    page.reload()
    page.wait_for_selector(".leaflet-container[data-efus-drawn='6']")
    wait_map_still(page)
    _open_cluster_at(page, 43.70313, 7.26608)
    page.mouse.click(*_screen_point(page, 43.70313, 7.26608))
    page.wait_for_selector(".leaflet-popup-content .efus-source")
    _settled(page)
    assert page.locator(".leaflet-popup-content .efus-name").text_content() == "Ville de Nice"
    page.screenshot(path=artifacts / "webmap-offline.png")

    # Turning a layer off removes its points from the canvas.
    page.locator(".leaflet-control-layers-overlays label", has_text="signatories").click()
    assert _pixel(page, *_screen_point(page, 45.07049, 7.68682))[3] == 0

    assert dialogs == []
    assert page.log.external == [] and page.log.failed == []
    assert page.log.console_errors == []


def test_twenty_thousand_points_arrive_compressed_and_draw(offline_page, tmp_path, artifacts):
    rng = np.random.default_rng(7)
    n = 20_000
    data = pd.DataFrame({
        "name": [f"Site {i}" for i in range(n)], "kind": "site", "activity": "pilot equipment",
        "country": "FR", "lat": rng.uniform(42.5, 50.5, n), "lon": rng.uniform(-4, 7.5, n),
    })  # fmt: skip
    path = tmp_path / "many.html"
    html = render_html(build_map(data, title="20,000 sites"))
    assert '"gzip":' in html
    path.write_text(html, encoding="utf-8")
    _open(offline_page, path, points=n)
    assert offline_page.locator(".efus-legend-count").all_text_contents() == ["20,000"]
    offline_page.screenshot(path=artifacts / "webmap-20k.png")
    assert offline_page.log.external == [] and offline_page.log.failed == []
    assert offline_page.log.console_errors == []


def test_online_tiles_that_cannot_be_reached_fall_back_to_the_offline_map(
    offline_page, tmp_path, artifacts
):
    page = offline_page
    path = tmp_path / "online.html"
    export_html(frame(), path, title="Online tiles offered", online_tiles=True)
    _open(page, path, points=6)
    assert page.log.external == []  # offered, not fetched: the offline map is the default
    offline = page.get_by_role("radio", name="Offline map (Natural Earth)")
    online = page.get_by_role("radio", name="OpenStreetMap (online)")
    assert offline.is_checked() and not online.is_checked()

    online.click()  # a speaker picks the street map; the venue has no internet
    notice = page.locator(".efus-notice[role='status']")
    notice.wait_for()
    assert notice.text_content().startswith("OpenStreetMap (online) cannot be reached")
    assert offline.is_checked() and not online.is_checked()
    assert page.locator(".leaflet-efusBasemap-pane canvas").count() == 1
    assert page.locator(".leaflet-tile-pane img").count() == 0
    page.screenshot(path=artifacts / "webmap-online-fallback.png")
    hosts = {urlsplit(u).hostname for u in page.log.external}
    assert hosts and all(h.endswith("tile.openstreetmap.org") for h in hosts)


def test_pinned_leaflet_has_the_private_canvas_methods_the_point_layer_uses(offline_page, tmp_path):
    """efus-map.js extends Leaflet's private canvas renderer (no public way draws 50,000 points
    on one canvas with our own hit-test). An upgrade of XStatic-Leaflet that renames one of
    those members would break clicks and redraws quietly: this fails first, by name."""
    path = tmp_path / "map.html"
    export_html(frame(), path)
    _open(offline_page, path, points=6)
    found = offline_page.evaluate(
        """() => ({
            version: L.version,
            declared: EfusMap.leaflet.version,
            canvas: EfusMap.leaflet.canvas.filter(m => typeof L.Canvas.prototype[m] !== "function"),
            map: EfusMap.leaflet.map.filter(m => typeof L.Map.prototype[m] !== "function"),
        })"""
    )
    assert found == {"version": "1.9.3", "declared": "1.9.3", "canvas": [], "map": []}
