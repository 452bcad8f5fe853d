"""A row's own words in the visitor's language: ``name_fr`` / ``description_fr`` (one pair
per language of the interface, ``geo.data.schema.TRANSLATIONS``) where the row gives them.

Staff write names and descriptions in whatever language the source uses; a row may add its
translation. Whoever shows rows to a reader of that language shows the translation, and the
words as written where there is none. Nothing else of a row is translated here (activity
types and countries are the catalogue's and CLDR's, ``geo.i18n``).
"""

from __future__ import annotations

import pandas as pd

from geo.data.schema import TRANSLATABLE


def in_language(frame: pd.DataFrame, lang: str) -> pd.DataFrame:
    """``frame`` with ``name`` and ``description`` taken from ``name_<lang>`` and
    ``description_<lang>`` where those are filled; the same frame when ``lang`` has none."""
    columns = [c for c in TRANSLATABLE if f"{c}_{lang}" in frame.columns and c in frame.columns]
    if not columns:
        return frame
    out = frame.copy()
    for column in columns:
        translated = out[f"{column}_{lang}"].fillna("").astype(str).str.strip()
        out[column] = out[column].where(translated == "", translated)
    return out
