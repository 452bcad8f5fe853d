"""What the dashboard shows: a ``Selection`` of the dataset, read from and written to a URL.

Filters combine with AND across facets and OR within one (Belgium or France, AND pilot
equipment). Dates overlap: a row from 2019-01 to 2022-12 is in "2021", a row dated "2022" is
in "2022-05". A row with no date is left out only when a date range is asked for.

Everything here is vectorised so that a filter change on 50,000 rows stays well under the
dashboard's 150 ms budget: ``searchable`` adds the derived columns once, ``apply`` then only
compares arrays.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from geo.data.cells import CellError, parse_date
from geo.data.countries import country_name, fold, to_iso2
from geo.errors import GeoError

# Query parameter of each facet, as in ``?country=BE,FR&project=PACTESUR&q=barrier``.
FACETS = {"countries": "country", "projects": "project", "activities": "activity", "kinds": "kind"}
DATE_PARAMS = {"start": "from", "end": "to"}
TEXT_PARAM = "q"
# Derived columns ``searchable`` adds; the page drops them before showing or exporting a frame.
DERIVED = ("_first", "_last", "_text")
UNDATED = -1

_TEXT_COLUMNS = ("name", "city", "project", "activity", "kind", "description", "id")


# What ``geo.data.cells.parse_date`` says of text that is not YYYY[-MM[-DD]] at all (other
# codes: the form is right but names no day, such as 2022-13).
_NOT_A_DATE = frozenset({"date_invalid", "date_day_first"})


class QueryError(GeoError, ValueError):
    """A filter value in a link cannot be understood."""

    code = "query_invalid"


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
            if value and _date_fault(value) == "form":
                raise QueryError(
                    f"{DATE_PARAMS[name]}={value!r} is not a date; "
                    "fix: write YYYY, YYYY-MM or YYYY-MM-DD, e.g. from=2021&to=2022-06",
                    code="date_invalid", params={"param": DATE_PARAMS[name], "text": value},
                )

    @classmethod
    def from_query(cls, params: Mapping[str, str | list[str]]) -> tuple[Selection, tuple[str, ...]]:
        """Read a selection from URL query parameters; also return what had to be ignored.

        A link shared by e-mail may be truncated or hand-edited: rather than refusing the whole
        view, each value that cannot be used is dropped and described in the second item.
        """
        notes: list[str] = []
        values: dict[str, Any] = {}
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
            fault = _date_fault(value) if value else None
            if fault == "form":
                notes.append(
                    f"{param}={value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD); it was ignored"
                )
            elif fault == "day":
                notes.append(f"{param}={value!r} is not a real date; it was ignored")
            values[attr] = "" if fault else value
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


def _date_fault(text: str) -> str | None:
    """``"form"`` when ``text`` is not YYYY[-MM[-DD]], ``"day"`` when it names no day
    (2022-13, 2022-02-30), None when it is a date."""
    try:
        parse_date(text)
    except CellError as error:
        return "form" if error.code in _NOT_A_DATE else "day"
    return None


def _bounds(text: str) -> tuple[int, int] | None:
    """First and last day (proleptic ordinals) that a YYYY[-MM[-DD]] string covers."""
    try:
        first, last = parse_date(text or "")
    except CellError:
        return None
    return first.toordinal(), last.toordinal()


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
