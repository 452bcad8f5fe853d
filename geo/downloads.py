"""Files a person downloads from the dashboard: the filtered rows as CSV and as GeoJSON.

CSV opened in a spreadsheet runs any cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula (OWASP "CSV injection"): ``geo.spreadsheet`` gives such text cells a leading
apostrophe, as the store's dump does. Numbers (a negative longitude) are left as numbers.
"""

from __future__ import annotations

import json

import pandas as pd

from geo.spreadsheet import neutralise_frame


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 with a BOM, so that Excel shows Liège and Gdańsk as written."""
    return neutralise_frame(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_geojson(frame: pd.DataFrame) -> bytes:
    """The rows that have a position as a GeoJSON FeatureCollection (the map engine's)."""
    from geo.webmap import to_geojson as engine_geojson

    return json.dumps(engine_geojson(frame), ensure_ascii=False).encode("utf-8")
