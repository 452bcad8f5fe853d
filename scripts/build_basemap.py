"""Build the offline basemap: Natural Earth countries, 1:50m in Europe, 1:110m elsewhere.

Source: the npm package world-atlas@2.0.2 (Natural Earth 4.1, public domain; package ISC).
Run once when the source changes; the result is committed as
geo/maps/assets/basemap/europe-50m.geojson:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python scripts/build_basemap.py package

The land is not clipped: a wide screen at zoom 3-4 shows far beyond Europe, and land that stops
at a straight edge looks like a bug. Inside ``EXTENT`` every country is drawn at 1:50m; a country
that crosses the edge (Russia, Kazakhstan, Algeria…) continues outside at 1:110m, merged into the
same outline so no seam is stroked. Countries wholly outside are context land: 1:110m, coarser
coordinates, and ``iso2`` null, so the country check (geo/places/borders.py) and the labels know
only the countries inside the extent. Antarctica is left out (nobody maps Efus's work there).

Russia, Fiji and Chukotka cross the antimeridian. Their rings are unwrapped (x + 360° west of
0°) *before* ``make_valid``: repairing a ring that jumps from +180° to -180° first turns it into
bands as wide as the world, one of which covered the White Sea with a rectangle of land.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import geopandas as gpd
import pycountry
import shapely
from shapely.geometry import box

OUT = Path(__file__).resolve().parent.parent / "geo/maps/assets/basemap/europe-50m.geojson"
# West of the Azores to the Urals and the Caspian; the Canaries and the Maghreb to Svalbard.
# geo/places/borders.py knows this box: outside it, it cannot tell a country from a sea.
EXTENT = (-32.0, 26.0, 60.0, 81.0)
DIGITS = 3  # ~100 m: finer than a 1:50m outline can show
CONTEXT_DIGITS = 2  # ~1 km: finer than a 1:110m outline can show
WORLD = box(-180, -90, 180, 90)


def unwrap(geom):
    """The geometry with each part that crosses ±180° cut there and put back on both sides.

    A part whose bounds span more than half the world crosses the antimeridian: its western
    vertices are moved east by 360° so that its rings are whole again, repaired, then cut at
    180° and the part beyond translated back by -360°."""
    parts = []
    for part in getattr(geom, "geoms", [geom]):
        minx, _, maxx, _ = part.bounds
        if maxx - minx <= 180:
            parts.append(shapely.make_valid(part))
            continue
        east = shapely.make_valid(
            shapely.transform(part, lambda xy: xy + [[360, 0]] * (xy[:, 0:1] < 0))
        )
        parts.append(east.intersection(WORLD))
        parts.append(shapely.affinity.translate(east, -360).intersection(WORLD))
    return _polygons(shapely.unary_union(parts))


def _polygons(geom):
    """Only the areas: repairs and cuts can leave stray lines and points behind."""
    kept = [g for g in getattr(geom, "geoms", [geom]) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.unary_union(kept) if kept else shapely.Polygon()


def iso2(numeric: str | None, name: str) -> str:
    if numeric:
        c = pycountry.countries.get(numeric=str(numeric).zfill(3))
        if c:
            return c.alpha_2
    # Not ISO members: Kosovo has the user-assigned XK; northern Cyprus is Cyprus in ISO 3166.
    return {"Kosovo": "XK", "N. Cyprus": "CY"}.get(name, "")


def _read(path: Path) -> gpd.GeoDataFrame:
    world = gpd.read_file(path, layer="countries").set_crs(4326, allow_override=True)
    world = world[world["name"] != "Antarctica"].copy()
    world["geometry"] = world.geometry.map(unwrap)
    return world


def _rounded(geom, digits: int):
    return _polygons(shapely.set_precision(geom, 10**-digits))


def _split(geom, frame):
    """(parts that reach into ``frame``, parts wholly outside it) of a (multi)polygon."""
    parts = getattr(geom, "geoms", [geom])
    near = [g for g in parts if g.intersects(frame)]
    far = [g for g in parts if not g.intersects(frame)]
    return shapely.unary_union(near), shapely.unary_union(far)


def europe(fine: gpd.GeoDataFrame, coarse: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Countries that reach into the extent: 1:50m inside it, and the land that crosses its
    edges continued at 1:110m. Overseas parts (French Guiana, Réunion) are left to
    :func:`context`, so the country check still knows France lies wholly on the map."""
    frame = box(*EXTENT)
    rows = fine[fine.intersects(frame)].copy()
    coarse_by_id = dict(zip(coarse["id"], coarse.geometry))
    outlines = []
    for ident, geom in zip(rows["id"], rows.geometry):
        inside = _rounded(geom.intersection(frame), DIGITS)
        beyond = _split(coarse_by_id.get(ident, shapely.Polygon()), frame)[0]
        if not frame.contains(beyond):
            # A sliver along the edge overlaps, so that the union leaves no crack at the seam.
            edge = frame.buffer(-0.05, join_style="mitre")
            beyond = _rounded(beyond.difference(edge), CONTEXT_DIGITS)
            inside = _polygons(shapely.unary_union([inside, beyond]))
        outlines.append(inside)
    rows["geometry"] = outlines
    rows = rows[~rows.geometry.is_empty]
    rows["iso2"] = [iso2(i, n) for i, n in zip(rows["id"], rows["name"])]
    rows = rows.sort_values(["iso2", "name"])
    return rows.dissolve(by="iso2", aggfunc="first", as_index=False)[["iso2", "name", "geometry"]]


def context(coarse: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """The rest of the world's land, so that no view shows land stopping at a straight line:
    every country's parts that do not reach into the extent."""
    frame = box(*EXTENT)
    rows = coarse.copy()
    rows["geometry"] = [_rounded(_split(g, frame)[1], CONTEXT_DIGITS) for g in rows.geometry]
    rows = rows[~rows.geometry.is_empty].sort_values("name")
    rows["iso2"] = None
    return rows[["iso2", "name", "geometry"]]


def main(package: str) -> None:
    fine = _read(Path(package) / "countries-50m.json")
    coarse = _read(Path(package) / "countries-110m.json")
    near = europe(fine, coarse)
    far = context(coarse)
    world = gpd.GeoDataFrame([*near.to_dict("records"), *far.to_dict("records")], crs=4326)
    data = json.loads(world.to_json(drop_id=True))
    data["attribution"] = "Made with Natural Earth (public domain), via world-atlas 2.0.2"
    OUT.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False))
    print(f"{OUT}: {len(near)} countries, {len(far)} beyond, {OUT.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "package")
