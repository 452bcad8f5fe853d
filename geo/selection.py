"""What the dashboard shows: a ``Selection`` of the dataset, read from and written to a URL.

Filters combine with AND across facets and OR within one (Belgium or France, AND pilot
equipment). Dates overlap: a row from 2019-01 to 2022-12 is in "2021", a row dated "2022" is
in "2022-05". A row with no date is left out only when a date range is asked for.

Everything here is vectorised so that a filter change on 50,000 rows stays well under the
dashboard's 150 ms budget: ``searchable`` adds the derived columns once, ``apply`` then only
compares arrays.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from datetime import date

import numpy as np
import pandas as pd

from geo.data.countries import country_name, fold, to_iso2
from geo.errors import GeoError

# Query parameter of each facet, as in ``?country=BE,FR&project=PACTESUR&q=barrier``.
FACETS = {"countries": "country", "projects": "project", "activities": "activity", "kinds": "kind"}
DATE_PARAMS = {"start": "from", "end": "to"}
TEXT_PARAM = "q"
# Derived columns ``searchable`` adds; the page drops them before showing or exporting a frame.
DERIVED = ("_first", "_last", "_text")
UNDATED = -1

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_TEXT_COLUMNS = ("name", "city", "project", "activity", "kind", "description", "id")


class QueryError(GeoError, ValueError):
    """A filter value in a link cannot be understood."""


@dataclass(frozen=True, slots=True)
class Selection:
    """The filters of one view. Empty facets select everything."""

    countries: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    activities: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    start: str = ""  # YYYY, YYYY-MM or YYYY-MM-DD; "" for no lower bound
    end: str = ""
    text: str = ""

    def __post_init__(self) -> None:
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, list):
                object.__setattr__(self, f.name, tuple(value))
        for name in ("start", "end"):
            value = getattr(self, name)
            if value and not _DATE.match(value):
                raise QueryError(
                    f"{DATE_PARAMS[name]}={value!r} is not a date; "
                    "fix: write YYYY, YYYY-MM or YYYY-MM-DD, e.g. from=2021&to=2022-06"
                )

    @property
    def is_everything(self) -> bool:
        return self == Selection()

    @classmethod
    def from_query(cls, params: Mapping[str, str | list[str]]) -> tuple[Selection, tuple[str, ...]]:
        """Read a selection from URL query parameters; also return what had to be ignored.

        A link shared by e-mail may be truncated or hand-edited: rather than refusing the whole
        view, each value that cannot be used is dropped and described in the second item.
        """
        notes: list[str] = []
        values: dict[str, object] = {}
        for attr, param in FACETS.items():
            items = _split(params.get(param, ""))
            if attr == "countries":
                codes = []
                for item in items:
                    code = to_iso2(item)
                    if code is None:
                        notes.append(f"country={item!r} is not a country; it was ignored")
                    elif code not in codes:
                        codes.append(code)
                items = codes
            values[attr] = tuple(items)
        for attr, param in DATE_PARAMS.items():
            value = _last(params.get(param, "")).strip()
            if value and not _DATE.match(value):
                notes.append(
                    f"{param}={value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD); it was ignored"
                )
                value = ""
            elif value and _bounds(value) is None:
                notes.append(f"{param}={value!r} is not a real date; it was ignored")
                value = ""
            values[attr] = value
        values["text"] = _last(params.get(TEXT_PARAM, "")).strip()
        return cls(**values), tuple(notes)

    def to_query(self) -> dict[str, str]:
        """The query parameters that reproduce this selection (empty facets are left out)."""
        out: dict[str, str] = {}
        for attr, param in FACETS.items():
            items = getattr(self, attr)
            if items:
                out[param] = ",".join(items)
        for attr, param in DATE_PARAMS.items():
            if getattr(self, attr):
                out[param] = getattr(self, attr)
        if self.text:
            out[TEXT_PARAM] = self.text
        return out


def _last(value: str | list[str]) -> str:
    if isinstance(value, (list, tuple)):
        return value[-1] if value else ""
    return value or ""


def _split(value: str | list[str]) -> list[str]:
    parts = value if isinstance(value, (list, tuple)) else [value or ""]
    out: list[str] = []
    for part in parts:
        for item in str(part).split(","):
            item = item.strip()
            if item and item not in out:
                out.append(item)
    return out


def _bounds(text: str) -> tuple[int, int] | None:
    """First and last day (proleptic ordinals) that a YYYY[-MM[-DD]] string covers."""
    m = _DATE.match(text or "")
    if not m:
        return None
    try:
        year = int(m[1])
        if m[3]:
            day = date(year, int(m[2]), int(m[3])).toordinal()
            return day, day
        if m[2]:
            month = int(m[2])
            first = date(year, month, 1).toordinal()
            following = date(year + (month == 12), month % 12 + 1, 1).toordinal()
            return first, following - 1
        return date(year, 1, 1).toordinal(), date(year, 12, 31).toordinal()
    except ValueError:
        return None


def _day_bounds(values: pd.Series, *, last: bool) -> np.ndarray:
    """Vectorised ``_bounds`` for a column: parse each distinct string once."""
    index = {}
    for text in pd.unique(values):
        b = _bounds(str(text))
        index[text] = UNDATED if b is None else b[1 if last else 0]
    return values.map(index).to_numpy(dtype=np.int64)


def searchable(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with the columns ``apply`` needs: ``_first`` / ``_last`` (day
    ordinals the row's dates cover, -1 when undated) and ``_text`` (folded words to search)."""
    out = frame.copy()
    start = out["start"].fillna("").astype(str)
    end = out["end"].fillna("").astype(str)
    first = _day_bounds(start, last=False)
    last_of_start = _day_bounds(start, last=True)
    last_of_end = _day_bounds(end, last=True)
    out["_first"] = first
    out["_last"] = np.where(last_of_end != UNDATED, last_of_end, last_of_start)
    names = {c: country_name(c) for c in pd.unique(out["country"].astype(str))}
    text = out["country"].astype(str).map(names)
    for col in _TEXT_COLUMNS:
        if col in out:
            text = text + " " + out[col].fillna("").astype(str)
    folded = {t: fold(t) for t in pd.unique(text)}
    out["_text"] = text.map(folded).astype(str)
    return out


def apply(frame: pd.DataFrame, selection: Selection) -> pd.DataFrame:
    """Rows of ``frame`` (prepared by ``searchable``) that the selection keeps, in order."""
    keep = np.ones(len(frame), dtype=bool)
    for attr, column in FACETS.items():
        wanted = getattr(selection, attr)
        if wanted:
            keep &= frame[column].isin(wanted).to_numpy()
    lo = _bounds(selection.start)
    hi = _bounds(selection.end)
    if lo or hi:
        first = frame["_first"].to_numpy()
        last = frame["_last"].to_numpy()
        keep &= first != UNDATED
        if lo:
            keep &= last >= lo[0]
        if hi:
            keep &= first <= hi[1]
    for term in fold(selection.text).split():
        keep &= frame["_text"].str.contains(term, regex=False).to_numpy()
    return frame[keep]


@dataclass(frozen=True, slots=True)
class Options:
    """The values each filter offers, taken from the data (so a new project needs no code)."""

    countries: tuple[str, ...]
    projects: tuple[str, ...]
    activities: tuple[str, ...]
    kinds: tuple[str, ...]
    years: tuple[int, int] | None


def options(frame: pd.DataFrame) -> Options:
    """Filter choices: countries sorted by name, other facets alphabetically, the year span."""

    def distinct(column: str) -> tuple[str, ...]:
        values = (str(v) for v in pd.unique(frame[column]) if isinstance(v, str) and v)
        return tuple(sorted(values, key=str.casefold))

    countries = tuple(sorted(distinct("country"), key=lambda c: fold(country_name(c))))
    years = None
    if "_first" in frame:
        dated = frame["_first"].to_numpy()
        dated = dated[dated != UNDATED]
        if len(dated):
            lasts = frame["_last"].to_numpy()
            lasts = lasts[lasts != UNDATED]
            years = (
                date.fromordinal(int(dated.min())).year,
                date.fromordinal(int(lasts.max())).year,
            )
    return Options(countries, distinct("project"), distinct("activity"), distinct("kind"), years)


def unknown_values(selection: Selection, choices: Options) -> tuple[str, ...]:
    """Values a link asks for that the data does not have (a project renamed since, a typo)."""
    notes = []
    for attr, param in FACETS.items():
        known = set(getattr(choices, attr))
        for value in getattr(selection, attr):
            if value not in known:
                shown = f"{country_name(value)} ({value})" if attr == "countries" else repr(value)
                notes.append(f"{param} {shown} has no rows in this dataset")
    return tuple(notes)


def drop_derived(frame: pd.DataFrame, *, extra: Iterable[str] = ()) -> pd.DataFrame:
    """The frame without the helper columns (for tables and downloads)."""
    gone = [c for c in (*DERIVED, *extra) if c in frame.columns]
    return frame.drop(columns=gone)
