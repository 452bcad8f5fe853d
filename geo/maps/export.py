"""A map as files: one self-contained HTML page that works with no internet, the same rows
as GeoJSON, an ``<iframe>`` to embed it; and ``python -m geo export``, which selects the rows
and writes those files.

The offline geocoder (``geo.places.geocoder``) places rows that have no lat/lon, with the places
staff settled in that data folder (its ``overrides.csv``, ``geo.data.overrides``), and finds the
city centre that public maps show instead of a sensitive site. Rows it cannot place are
counted, not drawn.
"""

from __future__ import annotations

import functools
import html
import json
import math
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from geo.config import Settings
from geo.data.countries import suggest, to_iso2
from geo.data.dataset import DATA_DIR
from geo.data.overrides import as_mapping, read_overrides
from geo.errors import DataError, Problem
from geo.maps.audience import CityCentre, positioned, presume_sensitive
from geo.maps.elements import EfusMap, MapError
from geo.maps.engine import build_map, render_html
from geo.places import geocoder as geocoding


def to_geojson(frame: pd.DataFrame) -> dict:
    """Positioned rows as a GeoJSON FeatureCollection; every other column is a property
    (``_file``/``_row`` excepted). Blank numbers become null."""
    points, _ = positioned(frame)
    columns = [c for c in points.columns if c not in ("lat", "lon", "_file", "_row")]
    features = []
    for record in points.to_dict("records"):
        properties = {}
        for c in columns:
            value = record[c]
            if isinstance(value, float) and not math.isfinite(value):
                value = None
            elif isinstance(value, np.generic):
                value = value.item()
            properties[c] = value
        features.append({
            "type": "Feature",
            "geometry": {"type": "Point",
                         "coordinates": [float(record["lon"]), float(record["lat"])]},
            "properties": properties,
        })  # fmt: skip
    return {"type": "FeatureCollection", "features": features}


def iframe_snippet(url: str, *, title: str, height: int = 520) -> str:
    """An accessible, responsive ``<iframe>`` that embeds a map page on efus.eu."""
    if not title.strip():
        raise MapError(
            "an embedded map needs a title (screen readers announce it); "
            "fix: pass title='Where Efus works'",
            code="iframe_title_missing", params={"title": title},
        )
    first = url.split("/", 1)[0]
    scheme = first.split(":", 1)[0].casefold() if ":" in first else ""
    if not url.strip() or scheme not in ("", "http", "https"):
        raise MapError(
            f"iframe address {url!r} is not a web address; "
            "fix: give the map's https:// address (or a relative path)",
            code="iframe_url_invalid", params={"url": url},
        )
    return (
        f'<iframe src="{html.escape(url, quote=True)}" title="{html.escape(title, quote=True)}" '
        f'width="100%" height="{int(height)}" style="border:0;max-width:100%" loading="lazy" '
        "allowfullscreen></iframe>"
    )


def export_html(
    frame: pd.DataFrame,
    path: str | os.PathLike,
    *,
    audience: str = "staff",
    title: str | None = None,
    city_centre: CityCentre | None = None,
    online_tiles: bool = False,
    carto_key: str = "",
    geojson_path: str | os.PathLike | None = None,
) -> EfusMap:
    """Write one self-contained HTML file (and, if asked, a GeoJSON file of the same rows)."""
    m = build_map(
        frame,
        audience=audience,
        title=title,
        assets="inline",
        city_centre=city_centre,
        online_tiles=online_tiles,
        carto_key=carto_key,
    )
    _write(Path(path), render_html(m))
    if geojson_path is not None:
        _write(Path(geojson_path), json.dumps(to_geojson(m.plotted), ensure_ascii=False))
    return m


def _write(path: Path, text: str) -> None:
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise MapError(
            f"{path}: cannot be written ({exc.strerror or exc}); "
            "fix: check that the folder exists and is writable",
            code="file_unwritable", params={"path": str(path), "reason": exc.strerror or str(exc)},
        ) from exc


class SelectionError(MapError):
    """A filter names something the data does not have."""


@dataclass(frozen=True, slots=True)
class ExportResult:
    html: Path
    shown: int
    without_position: int
    geojson: Path | None = None
    iframe: Path | None = None
    notes: tuple[str, ...] = ()  # what the export decided for privacy's sake, for the user


def load_for_map(path: str | os.PathLike | None) -> pd.DataFrame:
    """The bundled dataset, or any CSV/XLSX with at least ``name`` and ``country``."""
    from geo.data.dataset import check_paths, load_dataset, to_frame

    if path is None:
        return load_dataset()
    checked = check_paths([path], strict=False)
    if not checked.ok:
        raise DataError(checked.errors)
    if not checked.records:
        raise DataError([Problem(str(path), 0, "", "", "the file has no rows",
                                 "put one place per row under the column names")])  # fmt: skip
    frame = to_frame(checked.records)
    # Read by export_map before any selection (pandas does not carry attrs through all).
    frame.attrs["unread_sensitivity"] = tuple(checked.unread_sensitivity)
    frame.attrs["unread_precision"] = tuple(checked.unread_precision)
    return frame


def _values(frame: pd.DataFrame, column: str, wanted: Sequence[str], flag: str) -> tuple[str, ...]:
    """``wanted`` as the data spells them (case-insensitive); an unknown one is an error."""
    have = frame[column].fillna("").astype(str) if column in frame else pd.Series("", frame.index)
    by_fold = {v.casefold(): v for v in have.unique() if v}
    chosen = []
    for value in wanted:
        if value.casefold() not in by_fold:
            known = ", ".join(sorted(by_fold.values())) or "none"
            raise SelectionError(f"{flag} {value!r} matches no row; fix: use one of: {known}",
                                 code="filter_value_unknown",
                                 params={"option": flag, "value": value, "known": known})
        chosen.append(by_fold[value.casefold()])
    return tuple(chosen)


def select_rows(
    frame: pd.DataFrame,
    *,
    countries: Sequence[str] = (),
    projects: Sequence[str] = (),
    activities: Sequence[str] = (),
) -> pd.DataFrame:
    """Rows in any of ``countries`` (codes or names) and ``projects`` and ``activities``
    (case-insensitive); an empty filter keeps everything. The dashboard's filter rule
    (``geo.selection.apply``) does the selecting; this adds the command line's checks."""
    from geo.selection import Selection, apply

    codes = []
    if countries:
        for country in countries:
            code = to_iso2(country)
            if not code:
                guesses = suggest(country)
                hint = f"did you mean {' or '.join(guesses)}? " if guesses else ""
                raise SelectionError(f"--country {country!r} is not a country; fix: {hint}"
                                     "give an ISO code such as BE, FR or IT",
                                     code="country_unknown",
                                     params={"country": country, "guesses": tuple(guesses)})
            codes.append(code)
    selection = Selection(
        countries=tuple(codes),
        projects=_values(frame, "project", projects, "--project") if projects else (),
        activities=_values(frame, "activity", activities, "--activity") if activities else (),
    )
    return apply(frame, selection)


def _is_folder(data: str | os.PathLike | None) -> bool:
    return data is None or Path(data).is_dir()


def default_audience(*, iframe: object = None, url: object = None) -> str:
    """An embed goes on a public page: it is public unless staff is asked for outright."""
    return "public" if iframe or url else "staff"


def _private_safe(frame: pd.DataFrame, *, audience: str) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """A public map of a list that does not say what is sensitive treats its sites as
    sensitive, and says so; the staff map shows the list as it is."""
    if audience != "public":
        return frame, ()
    presumed = presume_sensitive(
        frame,
        unread=frame.attrs.get("unread_sensitivity", ()),
        unread_precision=frame.attrs.get("unread_precision", ()),
    )
    return presumed.frame, (presumed.note,) if presumed.note else ()


def export_map(
    out: str | os.PathLike,
    *,
    data: str | os.PathLike | None = None,
    countries: Sequence[str] = (),
    projects: Sequence[str] = (),
    activities: Sequence[str] = (),
    audience: str | None = None,
    title: str | None = None,
    geojson: str | os.PathLike | None = None,
    iframe: str | os.PathLike | None = None,
    url: str | None = None,
    city_centre: CityCentre | None = None,
    online_tiles: bool = False,
    settings: Settings | None = None,
) -> ExportResult:
    """Write the map (and the GeoJSON / iframe files asked for) of the selected rows.

    ``audience`` None: public when the map is meant to be embedded (``iframe`` or ``url``
    given), else staff; embedding a staff map needs ``audience="staff"`` said outright.
    Rows without a position are placed with the geocoder of ``settings`` (default: offline).
    """
    audience = audience or default_audience(iframe=iframe, url=url)
    frame, notes = _private_safe(load_for_map(data), audience=audience)
    frame = select_rows(frame, countries=countries, projects=projects,
                        activities=activities)  # fmt: skip
    _, unplaced = positioned(frame)
    if unplaced:  # placed as the dashboard places them, manual choices of the folder included
        settled = read_overrides(DATA_DIR if data is None else data) if _is_folder(data) else []
        placing = geocoding.geocoder_with(as_mapping(settled), settings=settings)
        frame = geocoding.locate(frame, geocoder=placing)
    if city_centre is None:
        city_centre = functools.partial(geocoding.city_centre, settings=settings)
    m = export_html(frame, out, audience=audience, title=title, city_centre=city_centre,
                    geojson_path=geojson, online_tiles=online_tiles,
                    carto_key=settings.carto_key if settings else "")  # fmt: skip
    iframe_path = None
    if iframe is not None:
        iframe_path = Path(iframe)
        snippet = iframe_snippet(url or Path(out).name, title=title or "Where Efus works")
        iframe_path.write_text(snippet + "\n", encoding="utf-8")
    return ExportResult(Path(out), len(m.plotted), m.without_position,
                        Path(geojson) if geojson else None, iframe_path, notes)  # fmt: skip
