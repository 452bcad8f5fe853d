"""A map as files: one self-contained HTML page that works with no internet, the same rows
as GeoJSON, an ``<iframe>`` to embed it. ``python -m geo export`` (``geo.commands.export``)
selects the rows and writes them with these functions."""

from __future__ import annotations

import html
import json
import math
import os
from pathlib import Path

import numpy as np
import pandas as pd

from geo.maps.audience import CityCentre, positioned
from geo.maps.elements import EfusMap, MapError
from geo.maps.engine import build_map, render_document


def to_geojson(frame: pd.DataFrame) -> dict:
    """Positioned rows as a GeoJSON FeatureCollection; every other column is a property
    (``_file``/``_row`` excepted). Blank numbers become null."""
    points, _ = positioned(frame)
    columns = [c for c in points.columns if c not in ("lat", "lon", "_file", "_row")]
    features = []
    for record in points.to_dict("records"):
        properties = {}
        for c in columns:
            value = record[c]
            if isinstance(value, float) and not math.isfinite(value):
                value = None
            elif isinstance(value, np.generic):
                value = value.item()
            properties[c] = value
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point",
                         "coordinates": [float(record["lon"]), float(record["lat"])]},
            "properties": properties,
        })  # fmt: skip
    return {"type": "FeatureCollection", "features": features}


def iframe_snippet(url: str, *, title: str, height: int = 520, described_by: str = "") -> str:
    """An accessible, responsive ``<iframe>`` that embeds a map page on efus.eu;
    ``described_by``: the id of the element that describes the map to screen readers."""
    if not title.strip():
        raise MapError(
            "an embedded map needs a title (screen readers announce it); "
            "fix: pass title='Where Efus works'",
            code="iframe_title_missing", params={"title": title},
        )
    first = url.split("/", 1)[0]
    scheme = first.split(":", 1)[0].casefold() if ":" in first else ""
    if not url.strip() or scheme not in ("", "http", "https"):
        raise MapError(
            f"iframe address {url!r} is not a web address; "
            "fix: give the map's https:// address (or a relative path)",
            code="iframe_url_invalid", params={"url": url},
        )
    return (
        f'<iframe src="{html.escape(url, quote=True)}" title="{html.escape(title, quote=True)}"'
        + (f' aria-describedby="{html.escape(described_by, quote=True)}"' if described_by else "")
        + f' width="100%" height="{int(height)}" style="border:0;max-width:100%" loading="lazy" '
        "allowfullscreen></iframe>"
    )


def export_html(
    frame: pd.DataFrame,
    path: str | os.PathLike,
    *,
    audience: str = "staff",
    title: str | None = None,
    city_centre: CityCentre | None = None,
    online_tiles: bool = False,
    carto_key: str = "",
    geojson_path: str | os.PathLike | None = None,
    lang: str = "en",
) -> EfusMap:
    """Write one self-contained HTML file (and, if asked, a GeoJSON file of the same rows);
    the map's words in ``lang``, which the page declares (``<html lang>``)."""
    m = build_map(
        frame,
        audience=audience,
        title=title,
        assets="inline",
        city_centre=city_centre,
        online_tiles=online_tiles,
        carto_key=carto_key,
        lang=lang,
    )
    write_file(Path(path), render_document(m))
    if geojson_path is not None:
        write_file(Path(geojson_path), json.dumps(to_geojson(m.plotted), ensure_ascii=False))
    return m


def write_file(path: Path, data: str | bytes) -> None:
    """``data`` (text as UTF-8) into ``path``, its folder made; a ``MapError`` that names the
    file and the fix when it cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    except OSError as exc:
        raise MapError(
            f"{path}: cannot be written ({exc.strerror or exc}); "
            "fix: check that the folder exists and is writable",
            code="file_unwritable", params={"path": str(path), "reason": exc.strerror or str(exc)},
        ) from exc
