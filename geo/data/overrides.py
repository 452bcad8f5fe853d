"""Manual geocoding choices kept as a file: ``overrides.csv`` beside the data files.

Staff settle an uncertain place in the intake review; the store keeps the choice
(``Store.set_override``). ``python -m geo dump`` writes those choices here, next to the rows,
and a store created from a folder reads them back, so refreshing ``data/`` from the store
keeps every settled position. The file is not a table of rows: ``geo.data.reading.table_paths``
leaves it out of a folder's tables, and ``geo.data.dataset.check_paths`` checks it on its own.

Columns: ``name`` (the place as the geocoder looks it up: the row's city, else its name),
``country`` (ISO2 or a country name), ``lat``, ``lon``, and the choice's provenance: ``author``
(who settled it) and ``at`` (when, ISO 8601).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from geo.data.cells import CellError, parse_coordinate
from geo.data.countries import fold, guess_params, to_iso2
from geo.data.schema import OVERRIDES_FILE
from geo.errors import DataError, Problem, ReadError

__all__ = ["OVERRIDES_FILE", "Override", "check_overrides", "read_overrides"]
OVERRIDE_COLUMNS = ("name", "country", "lat", "lon", "author", "at")


@dataclass(frozen=True, slots=True)
class Override:
    name: str
    country: str  # ISO2
    lat: float
    lon: float
    author: str
    at: str

    @property
    def key(self) -> tuple[str, str]:
        """How the geocoder looks it up: ``(fold(name), ISO2)``."""
        return fold(self.name), self.country


def as_mapping(overrides: Iterable[Override]) -> dict[tuple[str, str], tuple[float, float]]:
    """The ``{(fold(name), ISO2): (lat, lon)}`` a ``geo.places.geocoder.Geocoder`` takes."""
    return {o.key: (o.lat, o.lon) for o in overrides}


def check_overrides(path: str | os.PathLike) -> tuple[list[Override], list[Problem]]:
    """Read an overrides file; every problem is located as file:row:column with its fix."""
    from geo.data.reading import read_table

    label = str(path)
    try:
        table = read_table(Path(path))
    except ReadError as exc:
        return [], [exc.as_problem(label)]
    missing = [c for c in OVERRIDE_COLUMNS if c not in table.columns]
    if missing:
        return [], [Problem.of("override_column_missing", file=label, row=1, column=c, name=c,
                               header=",".join(OVERRIDE_COLUMNS)) for c in missing]  # fmt: skip
    found: list[Override] = []
    problems: list[Problem] = []
    first_row: dict[tuple[str, str], int] = {}
    for index, row in enumerate(table.rows):
        if any(v.strip() for v in row.values()):
            override, row_problems = _override(label, table.sheet_row(index), row, first_row)
            problems.extend(row_problems)
            found.extend([override] if override else [])
    return found, problems


def _override(
    label: str, line: int, row: dict[str, str], first_row: dict[tuple[str, str], int]
) -> tuple[Override | None, list[Problem]]:
    """One row as an override, or its problems; ``first_row`` keeps where each place was."""
    found = _row_problems(row)
    if found:
        return None, [Problem.of(code, file=label, row=line, column=column,
                                 value=row.get(column, ""), params=params)
                      for code, column, params in found]  # fmt: skip
    name, country = row.get("name", "").strip(), to_iso2(row.get("country", "").strip()) or ""
    lat, lon = (parse_coordinate(row.get(axis, "").strip(), axis=axis) for axis in ("lat", "lon"))
    override = Override(name, country, lat, lon, row["author"].strip(), row.get("at", "").strip())
    if override.key in first_row:
        return None, [Problem.of("override_twice", file=label, row=line, column="name",
                                 value=name, name=name, country=country,
                                 first_row=first_row[override.key])]  # fmt: skip
    first_row[override.key] = line
    return override, []


def _row_problems(row: dict[str, str]) -> list[tuple[str, str, dict[str, object]]]:
    """What is wrong with a row: (code, column, params) each."""
    found: list[tuple[str, str, dict[str, object]]] = []
    if not fold(row.get("name", "").strip()):
        found.append(("override_name_empty", "name", {}))
    raw_country = row.get("country", "").strip()
    if not to_iso2(raw_country):
        hints = guess_params(raw_country) if raw_country else {}
        if hints:
            found.append(("override_country_misspelt", "country", {"text": raw_country, **hints}))
        else:
            found.append(("override_country_unknown", "country", {"text": raw_country}))
    for axis, limit in (("lat", 90), ("lon", 180)):
        try:
            parse_coordinate(row.get(axis, "").strip(), axis=axis)
        except CellError:
            found.append(("override_coordinate_invalid", axis, {"name": axis, "limit": limit}))
    if not row.get("author", "").strip():
        found.append(("override_author_missing", "author", {}))
    return found


def read_overrides(folder: str | os.PathLike) -> list[Override]:
    """The overrides kept in ``folder`` (none when it has no ``overrides.csv``).
    Raises ``DataError`` listing every problem of the file."""
    path = Path(folder) / OVERRIDES_FILE
    if not path.is_file():
        return []
    found, problems = check_overrides(path)
    if problems:
        raise DataError(problems)
    return found


def overrides_csv(overrides: Iterable[Override]) -> bytes:
    """The file ``python -m geo dump`` writes: UTF-8, one row per place, sorted by country
    then name, formula-looking cells neutralised."""
    from geo.data.spreadsheet import csv_text

    rows = [[o.name, o.country, repr(o.lat), repr(o.lon), o.author, o.at]
            for o in sorted(overrides, key=lambda o: (o.country, o.key[0]))]  # fmt: skip
    return csv_text([OVERRIDE_COLUMNS, *rows], newline="\n").encode("utf-8")
