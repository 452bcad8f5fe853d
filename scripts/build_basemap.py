"""Build the offline basemap: Natural Earth 1:50m countries, clipped to Europe and its neighbours.

Source: the npm package world-atlas@2.0.2 (Natural Earth 4.1, public domain; package ISC).
Run once when the source changes; the result is committed as
geo/maps/assets/basemap/europe-50m.geojson:

    npm pack world-atlas@2.0.2 && tar xzf world-atlas-2.0.2.tgz
    .venv/bin/python scripts/build_basemap.py package/countries-50m.json

Russia and Fiji cross the antimeridian: their rings are split at ±180° before clipping so that
no false band is drawn across the map.
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
EXTENT = (-32.0, 26.0, 60.0, 81.0)
DIGITS = 3  # ~100 m: finer than a 1:50m outline can show


def _unwrap(geom):
    """Split parts that cross ±180° (their bounds span more than half the world)."""
    parts = []
    for part in getattr(shapely.make_valid(geom), "geoms", [geom]):
        minx, _, maxx, _ = part.bounds
        if maxx - minx > 180:
            shifted = shapely.make_valid(
                shapely.transform(part, lambda xy: xy + [[360, 0]] * (xy[:, 0:1] < 0))
            )
            parts.append(shifted.intersection(box(-180, -90, 180, 90)))
            parts.append(
                shapely.affinity.translate(shifted, -360).intersection(box(-180, -90, 180, 90))
            )
        else:
            parts.append(part)
    return shapely.unary_union(parts)


def iso2(numeric: str | None, name: str) -> str:
    if numeric:
        c = pycountry.countries.get(numeric=str(numeric).zfill(3))
        if c:
            return c.alpha_2
    # Not ISO members: Kosovo has the user-assigned XK; northern Cyprus is Cyprus in ISO 3166.
    return {"Kosovo": "XK", "N. Cyprus": "CY"}.get(name, "")


def main(src: str) -> None:
    world = gpd.read_file(src, layer="countries").set_crs(4326, allow_override=True)
    world = world[world.intersects(box(*EXTENT))]  # also drops Antarctica before unwrapping
    world["geometry"] = world.geometry.map(_unwrap)
    europe = world.clip(box(*EXTENT))
    europe = europe[~europe.geometry.is_empty]
    europe["geometry"] = shapely.set_precision(europe.geometry.values, 10**-DIGITS)
    europe = europe[~europe.geometry.is_empty]
    europe["iso2"] = [iso2(i, n) for i, n in zip(europe["id"], europe["name"])]
    europe = europe[["iso2", "name", "geometry"]].sort_values(["iso2", "name"])
    europe = europe.dissolve(by="iso2", aggfunc="first", as_index=False)[
        ["iso2", "name", "geometry"]
    ]
    data = json.loads(europe.to_json(drop_id=True))
    data["attribution"] = "Made with Natural Earth (public domain), via world-atlas 2.0.2"
    OUT.write_text(json.dumps(data, separators=(",", ":"), ensure_ascii=False))
    print(f"{OUT}: {len(europe)} countries, {OUT.stat().st_size / 1024:.0f} KiB")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "package/countries-50m.json")
