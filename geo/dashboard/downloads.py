"""Files a person downloads from the dashboard: the filtered rows as CSV and as GeoJSON.

CSV opened in a spreadsheet runs any cell that starts with ``=``, ``+``, ``-`` or ``@`` as a
formula (OWASP "CSV injection"), also when it splits our ``,`` file on ``;``: the file is
written by ``geo.data.spreadsheet.csv_text``, as the store's dump is. Numbers (a negative
longitude) are left as numbers.
"""

from __future__ import annotations

import json

import pandas as pd

from geo.dashboard.table import COLUMN_LABELS
from geo.data.spreadsheet import csv_text, frame_rows
from geo.i18n import DEFAULT, translator
from geo.maps import export


def to_csv(frame: pd.DataFrame, *, lang: str = DEFAULT) -> bytes:
    """UTF-8 with a BOM, so that Excel shows Liège and Gdańsk as written. A person reads the
    header: in another language than English it is the table's (Nom, Pays, Début…, which the
    intake reads back); in English it stays the column names, which are English words. The
    GeoJSON keeps the column names whatever the language: programs read its keys."""
    if lang != DEFAULT:
        tr = translator(lang)
        frame = frame.rename(columns={c: tr.t(label) for c, label in COLUMN_LABELS.items()})
    return csv_text(frame_rows(frame), newline="\r\n").encode("utf-8-sig")


def to_geojson(frame: pd.DataFrame) -> bytes:
    """The rows that have a position as a GeoJSON FeatureCollection (the map export's)."""
    return json.dumps(export.to_geojson(frame), ensure_ascii=False).encode("utf-8")
