"""The country check: is a point inside the country it is declared in?

Uses the offline basemap's Natural Earth 1:50m outlines (``geo/maps/assets/basemap``), the same ones
the maps draw, so a point that passes lies inside the outline a person sees. At 1:50m small
islands and lagoons are missing or simplified, so a point counts as inside its country when it
lies within ``TOLERANCE_DEG`` of the outline; a swapped lat/lon or a homonym abroad is much
farther away than that.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import shapely
from shapely.geometry import shape
from shapely.strtree import STRtree

from geo.config import ROOT

# The offline basemap's outlines (shipped with the map engine's assets).
BASEMAP = ROOT / "geo" / "maps" / "assets" / "basemap" / "europe-50m.geojson"
# The basemap is clipped to this box (see its README): outside it we cannot say anything.
EXTENT = (-32.0, 26.0, 60.0, 81.0)  # west, south, east, north
# ~15–22 km in Europe: Venice's lagoon, Greek and Croatian islets missing at 1:50m.
TOLERANCE_DEG = 0.2


class Borders:
    """Country outlines with a spatial index, for per-row point-in-country checks."""

    def __init__(self, path: str | Path = BASEMAP):
        with open(path, encoding="utf-8") as f:
            features = json.load(f)["features"]
        self.codes: tuple[str, ...] = tuple(f["properties"]["iso2"] for f in features)
        self.names: dict[str, str] = {f["properties"]["iso2"]: f["properties"]["name"]
                                      for f in features}  # fmt: skip
        self.geometries = tuple(shape(f["geometry"]) for f in features)
        for geometry in self.geometries:
            shapely.prepare(geometry)
        self.by_code = dict(zip(self.codes, self.geometries, strict=True))
        self.tree = STRtree(self.geometries)
        west, south, east, north = EXTENT
        self.clipped = frozenset(
            code
            for code, g in self.by_code.items()
            if g.bounds[0] <= west + 0.01
            or g.bounds[1] <= south + 0.01
            or g.bounds[2] >= east - 0.01
            or g.bounds[3] >= north - 0.01
        )

    def country_of(self, lat: float, lon: float) -> str | None:
        """ISO2 of the country whose outline contains the point, else None (sea, off the map)."""
        if not _in_extent(lat, lon):
            return None
        hits = self.tree.query(shapely.Point(lon, lat), predicate="intersects")
        return self.codes[int(hits[0])] if len(hits) else None

    def check_country(self, lat: float, lon: float, iso2: str) -> bool | None:
        """True when the point is in (or within tolerance of) ``iso2``; False when it is not;
        None when the basemap cannot tell: the country is not on it, or the point is off the
        map and the country is cut by the map's edge (Russia, Kazakhstan, Greenland…).

        A point off the map is False for a country that lies wholly on it: (5.57, 50.63) for
        Liège is a swapped lat/lon, not "unknown"."""
        code = (iso2 or "").upper()
        geometry = self.by_code.get(code)
        if geometry is None:
            return None
        if not _in_extent(lat, lon):
            return None if code in self.clipped else False
        if shapely.contains_xy(geometry, lon, lat):
            return True
        return bool(shapely.dwithin(geometry, shapely.Point(lon, lat), TOLERANCE_DEG))

    def centre(self, iso2: str) -> tuple[float, float] | None:
        """A point inside the country's largest part (mainland France, not Corsica)."""
        geometry = self.by_code.get((iso2 or "").upper())
        if geometry is None:
            return None
        parts = getattr(geometry, "geoms", [geometry])
        point = max(parts, key=lambda g: g.area).representative_point()
        return round(point.y, 5), round(point.x, 5)


def _in_extent(lat: float, lon: float) -> bool:
    west, south, east, north = EXTENT
    return south <= lat <= north and west <= lon <= east


@cache
def borders() -> Borders:
    """The basemap's borders, loaded once per process."""
    return Borders()


def country_of(lat: float, lon: float) -> str | None:
    return borders().country_of(lat, lon)


def check_country(lat: float, lon: float, iso2: str) -> bool | None:
    return borders().check_country(lat, lon, iso2)
