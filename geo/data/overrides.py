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

import math
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from geo.data.countries import fold, suggest, to_iso2
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
        return [], [Problem(label, 0, "", "", str(exc).split(": ", 1)[-1], "")]
    missing = [c for c in OVERRIDE_COLUMNS if c not in table.columns]
    if missing:
        return [], [
            Problem(label, 1, c, "", f"the column {c!r} is missing",
                    f"the header must be {','.join(OVERRIDE_COLUMNS)}")
            for c in missing
        ]  # fmt: skip
    found: list[Override] = []
    problems: list[Problem] = []
    first_row: dict[tuple[str, str], int] = {}
    for index, row in enumerate(table.rows):
        line = table.sheet_row(index)
        if not any(v.strip() for v in row.values()):
            continue
        errors: list[tuple[str, str, str]] = []  # column, message, fix

        name = row.get("name", "").strip()
        if not fold(name):
            errors.append(("name", "the place name is empty", "write the place as listed"))
        raw_country = row.get("country", "").strip()
        country = to_iso2(raw_country)
        if not country:
            hints = suggest(raw_country) if raw_country else []
            fix = f"did you mean {' or '.join(hints)}?" if hints else "give an ISO2 code (BE, FR)"
            errors.append(("country", f"unknown country {raw_country!r}", fix))
        point = []
        for column, limit in (("lat", 90), ("lon", 180)):
            text = row.get(column, "").strip().replace(",", ".")
            try:
                value = float(text)
            except ValueError:
                value = math.nan
            if not math.isfinite(value) or abs(value) > limit:
                errors.append((column, f"{column} must be a number between -{limit} and {limit}",
                               "write decimal degrees, such as 50.63373"))  # fmt: skip
            point.append(value)
        author = row.get("author", "").strip()
        if not author:
            errors.append(("author", "who settled this place is not said",
                           "write the name of the person who chose the position"))  # fmt: skip
        if errors:
            problems.extend(Problem(label, line, c, row.get(c, ""), m, f) for c, m, f in errors)
            continue
        override = Override(name, country, point[0], point[1], author, row.get("at", "").strip())
        if override.key in first_row:
            problems.append(Problem(
                label, line, "name", name,
                f"{name} ({country}) is settled twice (first on row {first_row[override.key]})",
                "keep one row per place and country",
            ))  # fmt: skip
            continue
        first_row[override.key] = line
        found.append(override)
    return found, problems


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
