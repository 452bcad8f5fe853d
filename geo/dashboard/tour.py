"""A speaker's tour of presentation mode (``?present=1``): the places shown, one stop at a
time, in the order a story is told."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.dashboard.details import country_label, when
from geo.i18n import DEFAULT, translator
from geo.selection import UNDATED

STOP_COLUMNS = ["id", "name", "city", "country", "activity", "start", "end", "lat", "lon"]


@dataclass(frozen=True, slots=True)
class Stop:
    """One place of a speaker's tour."""

    id: str
    title: str
    subtitle: str
    lat: float
    lon: float


def tour(frame: pd.DataFrame, *, limit: int = 500, lang: str = DEFAULT) -> tuple[Stop, ...]:
    """The placed rows in the order a story is told: by date (undated last), then by name.

    A talk does not step through more than ``limit`` places; the filters narrow a larger set.
    """
    placed = frame[frame["lat"].notna() & frame["lon"].notna()]
    if placed.empty:
        return ()
    first = placed["_first"].to_numpy() if "_first" in placed else np.full(len(placed), UNDATED)
    order = np.lexsort((placed["name"].str.casefold().to_numpy(), first, first == UNDATED))[:limit]
    rows = placed.iloc[order]
    tr = translator(lang)
    names = {c: country_label(tr, c) for c in pd.unique(rows["country"])}
    return tuple(_stop(row, names, lang) for row in rows[STOP_COLUMNS].itertuples(index=False))


def _stop(row, names: dict[str, str], lang: str) -> Stop:
    place = ", ".join(p for p in (row.city, names[row.country]) if p)
    activity = translator(lang).t(row.activity) if row.activity else ""
    bits = [b for b in (activity, place, when(row.start, row.end, lang=lang)) if b]
    return Stop(str(row.id), str(row.name), " · ".join(bits), float(row.lat), float(row.lon))


def step(index: int, delta: int, count: int) -> int:
    """Next/previous in a tour of ``count`` stops, wrapping around at either end."""
    if count <= 0:
        return 0
    return (index + delta) % count
