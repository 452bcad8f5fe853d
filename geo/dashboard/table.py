"""The rows shown, as a person reads them: the table (the accessible form of the map), its
downloads' columns and the headline that counts them."""

from __future__ import annotations

import pandas as pd

from geo.data.schema import TRANSLATION_NAMES
from geo.i18n import DEFAULT, N_, translator
from geo.selection import DERIVED

FILE_POSITION = ("_file", "_row")  # where a row came from: for error messages, not for readers
# The table's headers as people read them (the data keeps its column names; a CSV download too).
COLUMN_LABELS = {
    "id": N_("ID"),
    "name": N_("Name"),
    "kind": N_("Kind"),
    "country": N_("Country"),
    "city": N_("City"),
    "project": N_("Project"),
    "activity": N_("Activity"),
    "start": N_("Start"),
    "end": N_("End"),
    "lat": N_("Latitude"),
    "lon": N_("Longitude"),
    "precision": N_("Precision"),
    "public": N_("Public"),
    "sensitive": N_("Sensitive"),
    "description": N_("Description"),
    "notes": N_("Staff notes"),
    "source": N_("Source"),
}


def visible_columns(frame: pd.DataFrame) -> list[str]:
    """Columns a table shows: data columns, without helpers and file positions."""
    # name_fr… are shown as the name itself to a reader of that language (geo.data.translations)
    return [c for c in frame.columns
            if c not in DERIVED and c not in FILE_POSITION and c not in TRANSLATION_NAMES]


def table_of(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows as a person reads them: data columns only, in the dataset's order."""
    return frame[visible_columns(frame)]


def headline(shown: pd.DataFrame, total: int, *, lang: str = DEFAULT) -> str:
    """'14 of 120 shown · 5 countries · 3 projects' in ``lang`` (plain text)."""
    tr = translator(lang)
    n, countries, projects = len(shown), shown["country"].nunique(), shown["project"].nunique()
    return " · ".join(
        (
            tr.tn("{n} of {total} shown", "{n} of {total} shown", n, total=tr.number(total)),
            tr.tn("{n} country", "{n} countries", countries),
            tr.tn("{n} project", "{n} projects", projects),
        )
    )
