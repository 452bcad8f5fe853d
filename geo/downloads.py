"""Files a person downloads from the dashboard: the filtered rows as CSV and as GeoJSON.

CSV opened in a spreadsheet runs any cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula (OWASP "CSV injection"): such text cells get a leading apostrophe, which spreadsheets
show as plain text. Numbers (a negative longitude) are left as numbers.
"""

from __future__ import annotations

import json

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


def to_geojson(frame: pd.DataFrame) -> bytes:
    """The rows that have a position as a GeoJSON FeatureCollection (the map engine's)."""
    from geo.webmap import to_geojson as engine_geojson

    return json.dumps(engine_geojson(frame), ensure_ascii=False).encode("utf-8")
