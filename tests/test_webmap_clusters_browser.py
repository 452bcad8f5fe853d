"""Overlapping points as counted clusters, in real headless Chromium: the seed data exported
with ``python -m geo export``, a 50,000-point map, and the dashboard's live map.

What a person sees is read two ways: through ``EfusMap.visibleItems`` (the clusters and places
the canvas drew, with their counts) and from the canvas pixels (a badge is there, in its
colour). Counts are checked against the rows the page carries (its payload, decoded).
"""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from geo.maps.engine import build_map, render_html
from geo.maps.payload import decode_points
from geo.maps.styles import CLUSTER_STYLE
from tests import a11y
from tests.conftest import ROOT, choose_option, wait_map_still, wait_page_idle
from tests.mapdata import payload_of
from tests.test_webmap_browser import FIND_MAP, _cluster_near, _items, _open_cluster_at

pytestmark = pytest.mark.browser

CITIES = {"Nice": "FR", "Liège": "BE", "Turin": "IT"}
MAP_FRAME = "iframe[src*='streamlit_folium.st_folium']"  # the map names its frame itself


@pytest.fixture(scope="module")
def seed_map(tmp_path_factory) -> tuple:
    """The bundled data as staff export it, and the rows its page carries."""
    path = tmp_path_factory.mktemp("clusters") / "seed.html"
    subprocess.run([sys.executable, "-m", "geo", "export", "-o", str(path), "--title",
                    "Where Efus works"], cwd=ROOT, check=True, capture_output=True,
                   timeout=300)  # fmt: skip
    rows = decode_points(payload_of(path.read_text(encoding="utf-8")))
    return path, rows


def _open(page, path, *, points: int) -> None:
    page.set_viewport_size({"width": 1280, "height": 720})
    page.goto(path.as_uri())
    page.wait_for_selector(f".leaflet-container[data-efus-drawn='{points}']", timeout=60_000)
    wait_map_still(page)


def _centre(rows: list[dict], city: str) -> tuple[float, float]:
    """Where most of a city's rows are (its centre: rows without a site share it)."""
    places = pd.Series([(r["lat"], r["lon"]) for r in rows if r["city"] == city])
    return places.mode()[0]


def _hex(pixel: list[int]) -> str:
    return "#" + "".join(f"{c:02x}" for c in pixel[:3])


def _canvas_pixel(page, x: float, y: float) -> list[int]:
    """The points canvas' pixel at container point (x, y)."""
    return page.evaluate(
        f"""([x, y]) => {{ const m = {FIND_MAP};
            const c = document.querySelector('.leaflet-efusPoints-pane canvas');
            const r = c.getBoundingClientRect(), at = m.getContainer().getBoundingClientRect();
            const px = Math.round((at.left + x - r.left) * c.width / r.width);
            const py = Math.round((at.top + y - r.top) * c.height / r.height);
            return Array.from(c.getContext('2d').getImageData(px, py, 1, 1).data); }}""",
        [x, y],
    )


def _assert_badge_drawn(page, item: dict) -> None:
    """The canvas shows a badge at ``item``: its fill between the ring and the count (up and
    left of the centre, clear of both), opaque."""
    pixel = _canvas_pixel(page, item["x"] - item["r"] / 2, item["y"] - item["r"] / 2)
    fill = CLUSTER_STYLE["fill"]
    assert pixel[3] > 200, (item, pixel)
    assert all(abs(pixel[k] - int(fill[1 + 2 * k : 3 + 2 * k], 16)) <= 8 for k in range(3)), (
        item, _hex(pixel))  # fmt: skip


def _item_at(page, lat: float, lon: float) -> dict:
    """The item drawn nearest to (lat, lon)."""
    x, y = page.evaluate(
        f"([lat, lon]) => {{ const p = {FIND_MAP}.latLngToContainerPoint([lat, lon]); "
        "return [p.x, p.y]; }",
        [lat, lon],
    )
    return min(_items(page), key=lambda i: (i["x"] - x) ** 2 + (i["y"] - y) ** 2)


def test_seed_export_opens_with_nice_liege_and_turin_as_counted_clusters(
    offline_page, seed_map, artifacts
):
    path, rows = seed_map
    page = offline_page
    _open(page, path, points=len(rows))
    items = _items(page)
    # Every row is counted once, in exactly one cluster or place of the opening view.
    assert sum(i["count"] for i in items) == len(rows)
    for city in CITIES:
        cluster = _cluster_near(page, *_centre(rows, city))
        in_city = sum(r["city"] == city for r in rows)
        assert cluster["count"] >= in_city, (city, cluster)
        _assert_badge_drawn(page, cluster)
    page.screenshot(path=artifacts / "clusters-seed-opening.png")
    # The map, where the clusters are (the exported page's own <html lang> is not the map's).
    a11y.assert_no_blocking(page, context=".leaflet-container")
    assert page.log.external == [] and page.log.console_errors == []


def test_clicks_open_turin_until_its_rows_stand_as_one_counted_place(offline_page, seed_map):
    """Click Turin's cluster until it splits down to the place where its rows are: the count
    there is the rows at that place, and its popup lists each of them."""
    path, rows = seed_map
    page = offline_page
    _open(page, path, points=len(rows))
    turin = _centre(rows, "Turin")
    for _ in range(12):
        item = _item_at(page, *turin)
        if item["kind"] != "cluster":
            break
        _open_cluster_at(page, *turin)
    else:
        pytest.fail("Turin's cluster never split")
    here = [r for r in rows if (r["lat"], r["lon"]) == turin]
    assert item["kind"] == "stack" and item["count"] == len(here) > 1
    box = page.locator(".leaflet-container").bounding_box()
    page.mouse.click(box["x"] + item["x"], box["y"] + item["y"])
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    listed = popup.locator(".efus-item").count()
    more = popup.locator(".efus-more")
    extra = int("".join(ch for ch in more.text_content() if ch.isdigit())) if more.count() else 0
    assert listed + extra == len(here)
    names = popup.locator(".efus-name").all_text_contents()
    assert set(names) <= {r["name"] for r in here}


def test_enter_on_the_focused_map_opens_the_cluster_at_its_centre(offline_page, seed_map):
    path, rows = seed_map
    page = offline_page
    _open(page, path, points=len(rows))
    liege = _cluster_near(page, *_centre(rows, "Liège"))
    zoom = page.evaluate(
        f"([lat, lng]) => {{ const m = {FIND_MAP}; m.panTo([lat, lng], {{animate: false}}); "
        "return m.getZoom(); }",
        [liege["lat"], liege["lng"]],
    )
    page.wait_for_function(
        f"() => {FIND_MAP}.getContainer().dataset.efusZoom === String({FIND_MAP}.getZoom())"
    )
    wait_map_still(page)
    page.locator(".leaflet-container").focus()
    page.keyboard.press("Enter")
    page.wait_for_function(
        f"""(z) => {{ const m = {FIND_MAP};
            return m.getZoom() > z && !m._animatingZoom
                && m.getContainer().dataset.efusZoom === String(m.getZoom()); }}""",
        arg=zoom,
    )
    wait_map_still(page)
    # It split: Liège's rows are now in a smaller cluster or place, still in view.
    now = _item_at(page, *_centre(rows, "Liège"))
    assert 0 < now["count"] < liege["count"]
    assert 0 <= now["x"] <= 1280 and 0 <= now["y"] <= 720


def test_switching_a_layer_off_takes_its_rows_out_of_the_counts(offline_page, seed_map):
    path, rows = seed_map
    page = offline_page
    _open(page, path, points=len(rows))
    label = page.locator(".leaflet-control-layers-overlays label", has_text="Partners")
    in_layer = int(label.text_content().split("(")[1].split(")")[0].replace(",", ""))
    label.click()
    page.wait_for_function(
        f"(n) => EfusMap.visibleItems({FIND_MAP}).reduce((s, i) => s + i.count, 0) === n",
        arg=len(rows) - in_layer,
    )


def test_fifty_thousand_points_open_as_clusters_with_counts(offline_page, tmp_path, artifacts):
    rng = np.random.default_rng(13)
    n = 50_000
    data = pd.DataFrame({
        "name": [f"Site {i}" for i in range(n)], "kind": "site", "activity": "pilot equipment",
        "country": "FR", "lat": rng.uniform(36, 60, n), "lon": rng.uniform(-9, 25, n),
    })  # fmt: skip
    path = tmp_path / "fifty.html"
    path.write_text(render_html(build_map(data, title="50,000 sites")), encoding="utf-8")
    assert path.stat().st_size <= 1_500_000
    page = offline_page
    _open(page, path, points=n)
    items = _items(page)
    assert items and all(i["kind"] == "cluster" for i in items)
    assert sum(i["count"] for i in items) == n
    big = max(items, key=lambda i: i["count"])
    _assert_badge_drawn(page, big)
    # The badge shows the count in white: some pixel across its middle is the text colour.
    across = [_hex(_canvas_pixel(page, big["x"] + dx, big["y"])) for dx in range(-6, 7)]
    assert CLUSTER_STYLE["text"].lower() in across, across
    page.screenshot(path=artifacts / "clusters-50k.png")
    assert page.log.console_errors == []


def _frame_counts(page) -> tuple[int, int]:
    """(rows drawn, rows counted over the clusters and places in view) in the live map."""
    frame = page.frame_locator(MAP_FRAME).locator("body")
    return tuple(frame.evaluate(
        """() => { const m = window.map;
            const items = EfusMap.visibleItems(m);
            return [Number(m.getContainer().dataset.efusDrawn),
                    items.reduce((s, i) => s + i.count, 0)]; }"""
    ))  # fmt: skip


def test_dashboard_filters_change_the_cluster_counts(offline_page, app_url, artifacts):
    page = offline_page
    page.goto(app_url)
    frame = page.frame_locator(MAP_FRAME)
    frame.locator("[data-efus-drawn]").wait_for(state="attached", timeout=60_000)
    wait_page_idle(page)
    page.wait_for_function(
        """(sel) => { const w = document.querySelector(sel).contentWindow;
            return w.EfusMap && w.EfusMap.visibleItems(w.map).length > 0; }""",
        arg=MAP_FRAME,
    )
    drawn, counted = _frame_counts(page)
    assert drawn > 50 and 0 < counted <= drawn
    choose_option(page, "Country", "Belgium", widget="stMultiSelect")
    page.wait_for_function(
        """([sel, n]) => { const w = document.querySelector(sel).contentWindow;
            const d = w.map && w.map.getContainer().dataset.efusDrawn;
            return d && Number(d) < n && w.EfusMap.visibleItems(w.map).length > 0; }""",
        arg=[MAP_FRAME, drawn],
        timeout=30_000,
    )
    wait_map_still(page.locator(MAP_FRAME).element_handle().content_frame())
    belgium, counted = _frame_counts(page)
    assert counted == belgium < drawn
    page.screenshot(path=artifacts / "clusters-dashboard-belgium.png")


def test_open_item_opens_a_places_popup_for_a_keyboard_route(offline_page, seed_map):
    """``EfusMap.openItem`` on a place of ``visibleItems`` opens its popup, listing its rows:
    what a keyboard route (another script) calls when a person chooses it."""
    path, rows = seed_map
    page = offline_page
    _open(page, path, points=len(rows))
    opened = page.evaluate(
        f"""() => {{ const m = {FIND_MAP};
            const item = EfusMap.visibleItems(m).find(i => i.kind === "stack");
            EfusMap.openItem(m, item);
            return {{count: item.count, name: item.name}}; }}"""
    )
    popup = page.locator(".leaflet-popup-content")
    popup.wait_for()
    names = popup.locator(".efus-name").all_text_contents()
    assert names[0] == opened["name"] and len(names) == min(opened["count"], 12)
