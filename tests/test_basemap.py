"""The shipped offline basemap (geo/maps/assets/basemap/europe-50m.geojson, made by
scripts/build_basemap.py): no false land, and no land that stops at a straight line."""

from __future__ import annotations

import json
from functools import cache

import pytest
import shapely
from shapely.geometry import shape
from shapely.strtree import STRtree

from geo.maps.assets import HERE

BASEMAP = HERE / "basemap" / "europe-50m.geojson"
EXTENT = (-32.0, 26.0, 60.0, 81.0)  # scripts/build_basemap.py: the detailed part


@cache
def features() -> list[dict]:
    return json.loads(BASEMAP.read_text(encoding="utf-8"))["features"]


@cache
def land() -> STRtree:
    return STRtree([shape(f["geometry"]) for f in features()])


def is_land(lat: float, lon: float) -> bool:
    return len(land().query(shapely.Point(lon, lat), predicate="intersects")) > 0


@pytest.mark.parametrize(
    ("lat", "lon"), [(65.5, 38.0), (64.8, 36.5), (66.2, 40.5), (68.5, 43.0)]
)  # the White Sea, Onega Bay, the mouth of the White Sea, the Barents Sea by Kolguyev
def test_the_white_sea_is_sea(lat, lon):
    assert not is_land(lat, lon)


# Russia beyond the Urals and at the Bering Strait, Mali, the USA, Australia, Arabia south of
# the box, Kazakhstan east of it.
BEYOND = [(65.0, 65.0), (55.0, 100.0), (66.0, 170.0), (17.0, -2.0), (40.0, -100.0),
          (-25.0, 135.0), (24.0, 45.0), (45.0, 70.0)]  # fmt: skip


@pytest.mark.parametrize(("lat", "lon"), BEYOND)
def test_land_goes_on_beyond_the_detailed_box(lat, lon):
    assert is_land(lat, lon)


def test_only_the_countries_of_the_detailed_box_carry_a_code():
    west, south, east, north = EXTENT
    coded = {f["properties"]["iso2"] for f in features() if f["properties"]["iso2"]}
    assert {"RU", "FR", "IT", "KZ", "GL", "XK"} <= coded and not {"US", "ML", "CN"} & coded
    for f in features():
        if f["properties"]["iso2"]:
            assert shape(f["geometry"]).intersects(shapely.box(west, south, east, north))


def test_russia_is_one_outline_across_the_box_edge():
    russia = next(shape(f["geometry"]) for f in features() if f["properties"]["iso2"] == "RU")
    mainland = max(russia.geoms, key=lambda g: g.area)
    # One polygon from the Baltic to the Pacific: no seam along 60°E.
    assert mainland.bounds[0] < 30 and mainland.bounds[2] > 170
    assert mainland.contains(shapely.Point(60.0, 58.0))


# --- the outlines a page draws (geo.maps.assets.outlines) -------------------------------------


def _unprojected(ring: list[int], scale: int) -> list[tuple[float, float]]:
    """A ring of the outlines file back to (lon, lat): the inverse of Web Mercator."""
    import math

    points, x, y = [], 0, 0
    for dx, dy in zip(ring[::2], ring[1::2], strict=True):
        x, y = x + dx, y + dy
        lat = math.degrees(2 * math.atan(math.exp(math.pi * (1 - 2 * y / scale))) - math.pi / 2)
        points.append((x / scale * 360 - 180, lat))
    return points


def test_the_outlines_a_page_draws_are_the_basemaps_within_100_m():
    from geo.maps.assets import basemap_url, outlines_bytes

    drawn = json.loads(outlines_bytes())
    assert drawn["type"] == "EfusOutlines" and "europe-50m.outlines.json?v=" in basemap_url()
    assert len(drawn["features"]) == len(features())
    for feature, rings in zip(features(), drawn["features"], strict=True):
        geometry = feature["geometry"]
        polygons = geometry["coordinates"]
        source = [r for p in (polygons if geometry["type"] == "MultiPolygon" else [polygons])
                  for r in p]  # fmt: skip
        assert len(rings) == len(source)
        for ring, original in zip(rings, source, strict=True):
            back = _unprojected(ring, drawn["scale"])
            assert len(back) == len(original)
            worst = max(max(abs(a - c), abs(b - d)) for (a, b), (c, d, *_) in zip(
                back, original, strict=True))  # fmt: skip
            assert worst < 0.0009  # degrees: ≤ 100 m, the 1:50m outlines' own precision
