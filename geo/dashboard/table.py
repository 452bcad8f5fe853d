"""The rows shown, as a person reads them: the table (the accessible form of the map), its
downloads' columns and the headline that counts them."""

from __future__ import annotations

import pandas as pd

from geo.selection import DERIVED

FILE_POSITION = ("_file", "_row")  # where a row came from: for error messages, not for readers


def visible_columns(frame: pd.DataFrame) -> list[str]:
    """Columns a table shows: data columns, without helpers and file positions."""
    return [c for c in frame.columns if c not in DERIVED and c not in FILE_POSITION]


def table_of(frame: pd.DataFrame) -> pd.DataFrame:
    """The rows as a person reads them: data columns only, in the dataset's order."""
    return frame[visible_columns(frame)]


def headline(shown: pd.DataFrame, total: int) -> str:
    """'14 of 120 shown · 5 countries · 3 projects' (plain text)."""
    n = len(shown)
    countries = shown["country"].nunique()
    projects = shown["project"].nunique()
    return (
        f"{n:,} of {total:,} shown · {countries} countr{'y' if countries == 1 else 'ies'} · "
        f"{projects} project{'' if projects == 1 else 's'}"
    )
