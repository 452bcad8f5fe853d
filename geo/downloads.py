"""Files a person downloads from the dashboard: the filtered rows as CSV and as GeoJSON.

CSV opened in a spreadsheet runs any cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula (OWASP "CSV injection"): such text cells get a leading apostrophe, which spreadsheets
show as plain text. Numbers (a negative longitude) are left as numbers.
"""

from __future__ import annotations

import json
import math

import pandas as pd

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A text cell that a spreadsheet would run as a formula, made inert; others unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a BOM, so that Excel shows Liège and Gdańsk as written."""
    out = frame.copy()
    for column in out.columns:
        if not pd.api.types.is_numeric_dtype(out[column]) and not pd.api.types.is_bool_dtype(
            out[column]
        ):
            out[column] = out[column].map(neutralise)
    return out.to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def _value(value: object) -> object:
    if isinstance(value, float) and math.isnan(value):
        return None
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def to_geojson(frame: pd.DataFrame) -> bytes:
    """A FeatureCollection of the rows that have a position; the rest are counted, not lost."""
    try:
        from geo.webmap import to_geojson as engine_geojson
    except ImportError:
        engine_geojson = None
    if engine_geojson is not None:
        text = engine_geojson(frame)
        return (text if isinstance(text, str) else json.dumps(text)).encode("utf-8")
    placed = frame[frame["lat"].notna() & frame["lon"].notna()]
    properties = [c for c in frame.columns if c not in ("lat", "lon")]
    features = []
    for record in placed.to_dict("records"):
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point",
                         "coordinates": [float(record["lon"]), float(record["lat"])]},
            "properties": {k: _value(record[k]) for k in properties},
        })
    collection = {"type": "FeatureCollection", "features": features,
                  "unplaced": int(len(frame) - len(placed))}
    return json.dumps(collection, ensure_ascii=False).encode("utf-8")
