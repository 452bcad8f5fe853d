"""Who sees what: the public view of the dataset, and which rows have a position to draw.

``staff`` sees every row at its exact position. ``public`` keeps only rows marked public and
the public columns, and moves security-sensitive sites to their city centre (or drops them when
no centre is known): the exact position of equipment never reaches a public page. A list that
does not say what is sensitive has its sites presumed sensitive (``presume_sensitive``).

No folium and no map here: the page loads and filters its rows with these rules before (and
whether or not) it draws anything.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pandas as pd

from geo.data.cells import parse_flag
from geo.data.countries import fold
from geo.data.schema import ACTIVITIES, KINDS, PUBLIC_COLUMNS

AUDIENCES = ("staff", "public")
# Where a public map shows a sensitive site instead: ``city_centre(city, country)``.
CityCentre = Callable[[str, str], "tuple[float, float] | None"]


def public_view(frame: pd.DataFrame, *, city_centre: CityCentre | None = None) -> pd.DataFrame:
    """What the public may see: public rows, public columns, sensitive sites coarsened.

    A sensitive row is moved to ``city_centre(city, country)`` with precision ``city``; when
    no centre is known (or no ``city_centre`` is given) the row is dropped, never shown exactly.
    Returns a new frame; ``frame`` is not modified.
    """
    # Anything that is not clearly yes/no counts as private and sensitive: the safe side.
    public = _flag(frame, "public", default=True, unclear=False)
    sensitive = _flag(frame, "sensitive", default=False, unclear=True)
    out = frame.loc[public].copy()
    sensitive = sensitive[public]
    drop = []
    moved = out.index[sensitive.to_numpy()]
    for column in ("lat", "lon", "precision"):
        if len(moved) and column not in out:
            out[column] = float("nan") if column != "precision" else ""
    for index in moved:
        city = str(out.at[index, "city"]) if "city" in out else ""
        country = str(out.at[index, "country"]) if "country" in out else ""
        centre = city_centre(city, country) if (city_centre and city) else None
        if centre is None or not all(math.isfinite(v) for v in centre):
            drop.append(index)
            continue
        out.at[index, "lat"], out.at[index, "lon"] = float(centre[0]), float(centre[1])
        out.at[index, "precision"] = "city"
    out = out.drop(index=drop)
    return out[[c for c in PUBLIC_COLUMNS if c in out.columns]].reset_index(drop=True)


@dataclass(frozen=True, slots=True)
class Presumed:
    """A frame with the sites of lists that do not say what is sensitive marked sensitive,
    and the sentence that says so (None when nothing was presumed)."""

    frame: pd.DataFrame
    rows: int
    note: str | None
    files: tuple[str, ...] = ()  # the lists those rows come from, for a note in any language


# Activity words that name security equipment (folded; English, French, Spanish, Italian,
# German, Dutch): such a row is a site even when its precision is not given.
_EQUIPMENT_WORDS = ("equipment", "equipement", "equipamiento", "attrezzatura", "ausstattung",
                    "uitrusting", "bollard", "barrier", "barriere", "camera", "cctv")  # fmt: skip


def presume_sensitive(
    frame: pd.DataFrame, *, unread: Sequence[str], unread_precision: Sequence[str] = ()
) -> Presumed:
    """Mark as sensitive the sites of rows from ``unread`` files (files with no 'sensitive'
    column), so that a public view moves them to their city centre. A site is a row with
    precision ``site``, kind ``site``, an equipment activity, or, in a file of
    ``unread_precision`` (no precision column either), a position of its own on a row whose
    kind or activity does not say it is an organisation, a city or an event.
    Returns a new frame; ``frame`` is not modified."""
    if not unread or "_file" not in frame:
        return Presumed(frame, 0, None)
    site = _site_like(frame)
    if unread_precision and "lat" in frame and "lon" in frame:  # before any geocoding
        own = pd.to_numeric(frame["lat"], errors="coerce").notna()
        own &= pd.to_numeric(frame["lon"], errors="coerce").notna()
        site |= own & ~_not_a_site(frame) & frame["_file"].isin(list(unread_precision))
    site &= frame["_file"].isin(list(unread))
    site &= ~_flag(frame, "sensitive", default=False, unclear=True)
    if not site.any():
        return Presumed(frame, 0, None)
    out = frame.copy()
    out["sensitive"] = _flag(frame, "sensitive", default=False, unclear=True) | site
    files = ", ".join(sorted(set(frame.loc[site, "_file"].astype(str))))
    n = int(site.sum())
    note = (f"{files}: no 'sensitive' column, so {n} row{'s' * (n != 1)} with a site position "
            f"{'are' if n != 1 else 'is'} treated as sensitive (shown at the city centre); fix: "
            "add a 'sensitive' column with yes or no on every row")  # fmt: skip
    return Presumed(out, n, note, tuple(files.split(", ")))


def _site_like(frame: pd.DataFrame) -> pd.Series:
    """Rows that may locate a site: said to, or an equipment activity."""
    def text(column: str) -> pd.Series:
        if column not in frame:
            return pd.Series("", index=frame.index)
        return frame[column].fillna("").astype(str).map(fold)

    activity = text("activity")
    site = (text("precision") == "site") | (text("kind") == "site")
    site |= activity.map(lambda a: any(w in a for w in _EQUIPMENT_WORDS)).astype(bool)
    return site


def _not_a_site(frame: pd.DataFrame) -> pd.Series:
    """Rows whose kind or activity says they are an organisation, a city or an event."""
    kinds = {k for k in KINDS if k != "site"}
    activities = {a.casefold() for a in ACTIVITIES if a != "pilot equipment"}
    said = pd.Series(False, index=frame.index)
    if "kind" in frame:
        said |= frame["kind"].fillna("").astype(str).str.casefold().isin(kinds)
    if "activity" in frame:
        said |= frame["activity"].fillna("").astype(str).str.casefold().isin(activities)
    return said


def _flag(frame: pd.DataFrame, name: str, *, default: bool, unclear: bool) -> pd.Series:
    """A yes/no column as bools: blank means ``default``, an unreadable value ``unclear``."""
    if name not in frame:
        return pd.Series(default, index=frame.index, dtype=bool)
    column = frame[name]
    if column.dtype == bool:
        return column

    def read(value: object) -> bool:
        flag = parse_flag(value)
        blank = value is None or (isinstance(value, float) and math.isnan(value))
        return flag if flag is not None else default if blank or not str(value).strip() else unclear

    return column.map(read).astype(bool)


def positioned(frame: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Rows that have a position, and how many had none (they are counted, not hidden)."""
    if "lat" not in frame or "lon" not in frame:
        return frame.iloc[0:0], len(frame)
    lat = pd.to_numeric(frame["lat"], errors="coerce")
    lon = pd.to_numeric(frame["lon"], errors="coerce")
    ok = lat.notna() & lon.notna()
    return frame.loc[ok], int((~ok).sum())
