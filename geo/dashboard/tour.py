"""A speaker's tour of presentation mode (``?present=1``): the places shown, one stop per city,
each listing what happened there, in the order a story is told (or the order staff saved,
``geo.data.tours``).

A city is one stop however many rows it has: stepping Nice → Turin → Nice → Turin through
seventy rows by date tells no story; "Nice: the kick-off, a Week of Security, a pilot" does.
"""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from geo.dashboard.details import country_label, when
from geo.i18n import DEFAULT, Translator, translator
from geo.selection import UNDATED


@dataclass(frozen=True, slots=True)
class Stop:
    """One place of a speaker's tour: ``id`` is its key in a saved tour (``FR/Nice``), ``title``
    the place, ``subtitle`` what happened there, earliest first."""

    id: str
    title: str
    subtitle: str
    lat: float
    lon: float
    count: int = 1


def place_key(city: str, country: str, name: str) -> str:
    """``FR/Nice``: the rows of one city are one stop (a row with no city is its own place)."""
    return f"{country}/{city or name}"


def tour(frame: pd.DataFrame, *, limit: int = 500, lang: str = DEFAULT) -> tuple[Stop, ...]:
    """One stop per place of the placed rows, in the order a story is told: by each place's
    earliest date (undated last), then by name.

    A talk does not step through more than ``limit`` places; the filters narrow a larger set.
    """
    placed = _ordered(frame)
    if placed.empty:
        return ()
    tr = translator(lang)
    names = {c: country_label(tr, c) for c in pd.unique(placed["country"])}
    keys = [place_key(*k) for k in placed[["city", "country", "name"]].itertuples(index=False)]
    groups = placed.groupby(pd.Series(keys, index=placed.index), sort=False)
    stops = [_stop(key, rows, names, tr) for key, rows in groups]
    return tuple(stops[:limit])


def places(frame: pd.DataFrame, *, lang: str = DEFAULT) -> dict[str, str]:
    """Every place a tour may stop at, ``{key: "Nice, France"}``, in the tour's default order:
    what staff choose from (cheap: one row per place is labelled)."""
    placed = _ordered(frame)
    if placed.empty:
        return {}
    place = placed["city"].where(placed["city"] != "", placed["name"].astype(str))
    keys = placed["country"] + "/" + place
    first = ~keys.duplicated()
    tr = translator(lang)
    return {k: ", ".join(p for p in (city, country_label(tr, c) if c else "") if p)
            for k, city, c in zip(keys[first], place[first], placed["country"][first])}  # fmt: skip


def _ordered(frame: pd.DataFrame) -> pd.DataFrame:
    """The placed rows by date (undated last), then by name: a place's first row then gives
    the place its rank."""
    placed = frame[frame["lat"].notna() & frame["lon"].notna()]
    for column in ("city", "country"):
        if column not in placed:
            placed = placed.assign(**{column: ""})
    placed = placed.assign(city=placed["city"].fillna("").astype(str),
                           country=placed["country"].fillna("").astype(str))  # fmt: skip
    first = placed["_first"].to_numpy() if "_first" in placed else np.full(len(placed), UNDATED)
    order = np.lexsort((placed["name"].str.casefold().to_numpy(), first, first == UNDATED))
    return placed.iloc[order]


def _stop(key: str, rows: pd.DataFrame, names: dict[str, str], tr: Translator) -> Stop:
    first = rows.iloc[0]
    place = ", ".join(p for p in (first.city or first["name"], names[first.country]) if p)
    happened = " · ".join(_what(row, tr) for row in rows.itertuples(index=False))
    # The rows of a city share its centre (public view) or lie within it: the median is there.
    lat, lon = float(rows["lat"].median()), float(rows["lon"].median())
    return Stop(key, place, happened, lat, lon, len(rows))


def _what(row, tr: Translator) -> str:
    """'Workshop on Italian best practices (16 May 2019)'; the activity when no date is known."""
    dates = when(_text(row, "start"), _text(row, "end"), lang=tr.language)
    activity = tr.t(_text(row, "activity")) if _text(row, "activity") else ""
    extra = dates or activity
    return f"{row.name} ({extra})" if extra else str(row.name)


def _text(row, column: str) -> str:
    value = getattr(row, column, "")
    return "" if pd.isna(value) else str(value)


def in_order(stops: Sequence[Stop], keys: Sequence[str]) -> tuple[Stop, ...]:
    """The stops a saved tour names, in its order; a place the view does not show (not public,
    filtered out, gone from the data) is left out."""
    by_key = {s.id: s for s in stops}
    return tuple(by_key[k] for k in keys if k in by_key)


def step(index: int, delta: int, count: int) -> int:
    """Next/previous in a tour of ``count`` stops, wrapping around at either end."""
    if count <= 0:
        return 0
    return (index + delta) % count


def stop_html(stop: Stop, *, index: int, count: int, tr: Translator) -> str:
    """The stop's heading for the page: one line for the place and one for what happened
    there (cut with an ellipsis on screen, whole in the document for screen readers), in a
    live region so that a screen reader announces each new stop. Data are escaped here."""
    where = tr.t("{index} of {count}", index=tr.number(index + 1), count=tr.number(count))
    events = tr.tn("{n} entry", "{n} entries", stop.count, n=tr.number(stop.count))
    # French puts a space before the colon: the line's shape comes from the catalogue.
    line = tr.t("{position} · {entries}: {events}", position=html.escape(where),
                entries=html.escape(events), events=html.escape(stop.subtitle))  # fmt: skip
    title, text = html.escape(stop.title), html.escape(stop.subtitle)
    return (
        '<div class="efus-stop" role="status" aria-live="polite" aria-atomic="true">'
        f'<h2 class="efus-stop-title" title="{title}">{title}</h2>'
        f'<p class="efus-stop-text" title="{text}">{line}</p></div>'
    )
