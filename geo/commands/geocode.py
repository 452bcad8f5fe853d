"""``python -m geo geocode IN -o OUT``: place a list of names and write it back with lat/lon.

Every row comes back in order with what the geocoder found (``OUTPUT_COLUMNS``, added after
the file's own columns or filled in where the file has them); the rows a person should look
at are listed on stderr as ``file:row:name: status: message`` lines, with a summary.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, TextIO

from geo.commands.limits import add_limit_options, limits_from
from geo.config import Settings
from geo.i18n import N_, Nn_, Translator, translator

if TYPE_CHECKING:
    from geo.data.reading import Limits, Table
    from geo.errors import Problem
    from geo.places.gazetteer import Gazetteer
    from geo.places.geocoder import Geocoder, Resolution

HELP = N_("place a list of names (CSV/XLSX) and write it back with lat/lon")
DESCRIPTION = N_(
    "Read IN (a 'name' column, optionally 'country'; other columns are kept) and "
    "write OUT as CSV: every row in order, with lat, lon, status, precision, source and "
    "candidates added. A summary and the rows that need review go to stderr. Offline "
    "unless --online (or EFUS_GEOCODER_ONLINE=1)."
)
OUTPUT_COLUMNS = ("lat", "lon", "status", "precision", "source", "candidates")


def add_arguments(parser: argparse.ArgumentParser, *, tr: Translator) -> None:
    parser.add_argument("input", metavar=tr.t("IN"), help=tr.t("CSV or XLSX file"))
    parser.add_argument("-o", "--output", required=True, metavar=tr.t("OUT"),
                        help=tr.t("CSV file to write"))
    parser.add_argument("--online", action="store_true",
                        help=tr.t("ask OpenStreetMap's Nominatim (1 request/s) for names not "
                                  "found offline"))
    add_limit_options(parser, tr=tr)


def run(args: argparse.Namespace, settings: Settings) -> int:
    return geocode_file(args.input, args.output, settings=settings, online=args.online,
                        stderr=sys.stderr, limits=limits_from(args), lang=args.lang)  # fmt: skip


@dataclass
class _Placed:
    """The output table's rows, and what the summary says about them."""

    rows: list[list[str]]
    counts: Counter[str] = field(default_factory=Counter)
    review: list[Problem] = field(default_factory=list)


def geocode_file(
    path,
    output,
    *,
    settings: Settings | None = None,
    online: bool = False,
    geocoder: Geocoder | None = None,
    gazetteer: Gazetteer | None = None,
    stderr: TextIO | None = None,
    limits: Limits | None = None,
    lang: str = "en",
) -> int:
    """0 when every row is placed without doubt, 1 when some need review or the file cannot
    be used (the message says why and how to fix; a file over ``limits``, default
    ``geo.data.reading.Limits()``, is not read).

    Without ``geocoder``, one is made with the online geocoder of ``settings`` (default:
    ``Settings()``, offline), switched on by ``online``, over ``gazetteer`` (default: the
    process's for the settings' cache folder)."""
    from geo.errors import GeoError
    from geo.messages import error_line

    stderr = stderr or sys.stderr
    try:
        table = _read_places(path, limits=limits)
        geocoder = geocoder or _geocoder(settings or Settings(), online=online,
                                         gazetteer=gazetteer)  # fmt: skip
        placed = _place_rows(table, geocoder, lang=lang)
        _write_csv(output, placed.rows)
    except GeoError as exc:
        print(error_line(exc, lang=lang), file=stderr)
        return 1
    _report(placed, geocoder, output, stderr=stderr, lang=lang)
    return 1 if placed.review else 0


def _read_places(path, *, limits: Limits | None) -> Table:
    """The file's rows; refused when rows cannot be decoded or there is no 'name' column."""
    from geo.data.reading import read_table
    from geo.errors import DataError, Problem

    table = read_table(path, limits=limits)
    if [p for p in table.problems if p.severity == "error"]:  # rows it could not decode
        raise DataError(table.problems)
    if "name" not in table.columns:
        raise DataError([Problem.of("column_missing", file=table.file, row=1, column="name",
                                    name="name")])  # fmt: skip
    return table


def _geocoder(settings: Settings, *, online: bool, gazetteer: Gazetteer | None) -> Geocoder:
    """The settings' online geocoder (switched on by ``--online``) over the gazetteer."""
    from dataclasses import replace

    from geo.places.geocoder import Geocoder, default_geocoder
    from geo.places.nominatim import OnlineGeocoder, OnlineSettings

    wanted = OnlineSettings.from_settings(settings)
    if online:
        wanted = replace(wanted, enabled=True)
    if gazetteer is None:
        gazetteer = default_geocoder(settings).gazetteer
    return Geocoder(gazetteer=gazetteer, online=OnlineGeocoder(settings=wanted))


def _place_rows(table: Table, geocoder: Geocoder, *, lang: str = "en") -> _Placed:
    """Every row as written, with ``OUTPUT_COLUMNS`` filled in (blank for a blank row)."""
    extra = [c for c in OUTPUT_COLUMNS if c not in table.columns]
    where = {c: table.columns.index(c) for c in OUTPUT_COLUMNS if c in table.columns}
    placed = _Placed(rows=[list(table.headers) + extra])
    for i, row in enumerate(table.rows):
        cells = [row.get(c, "") if c else "" for c in table.columns]
        values = dict.fromkeys(OUTPUT_COLUMNS, "")
        if not _blank(row):
            found = _resolve(geocoder, row)
            placed.counts[found.status] += 1
            values = _output_values(found)
            if found.needs_review:
                placed.review.append(_to_review(table, i, row, found, lang=lang))
        for column, index in where.items():
            cells[index] = values[column]
        placed.rows.append(cells + [values[c] for c in extra])
    return placed


def _blank(row: dict[str, str]) -> bool:
    """No cell written."""
    return not any(row.values())


def _resolve(geocoder: Geocoder, row: dict[str, str]) -> Resolution:
    # lat/lon as written (a decimal comma too): the geocoder reads them with geo.data.cells.
    return geocoder.resolve(
        row.get("name", ""), row.get("country", ""), city=row.get("city", ""),
        kind=row.get("kind", ""), lat=row.get("lat", ""), lon=row.get("lon", ""),
    )  # fmt: skip


def _output_values(found: Resolution) -> dict[str, str]:
    return {
        "lat": "" if found.lat is None else f"{found.lat:.5f}",
        "lon": "" if found.lon is None else f"{found.lon:.5f}",
        "status": found.status, "precision": found.precision,
        "source": found.source, "candidates": found.candidates_text(),
    }  # fmt: skip


# TRANSLATORS: how the geocoder placed a row, before its explanation in the review lines.
STATUS_NAMES = {"matched": N_("matched"), "ambiguous": N_("ambiguous"), "fuzzy": N_("fuzzy"),
                "not_found": N_("not found"), "manual": N_("manual")}  # fmt: skip
REVIEW = N_("review")  # the severity of a row to review


def _to_review(
    table: Table, index: int, row: dict[str, str], found: Resolution, *, lang: str = "en"
) -> Problem:
    """A row to review: its status and the geocoder's explanation in ``lang``."""
    from geo.errors import Problem

    tr = translator(lang)
    status = tr.t(STATUS_NAMES.get(found.status, found.status))
    return Problem(table.file, table.sheet_row(index), "name", row.get("name", ""),
                   tr.t("{status}: {message}", status=status, message=found.explain(lang)), "",
                   severity=REVIEW)  # fmt: skip


def _write_csv(output, rows: list[list[str]]) -> None:
    """The rows as formula-safe CSV (``geo.data.spreadsheet``), or a ReadError with the fix."""
    from geo.data.spreadsheet import csv_text
    from geo.errors import ReadError

    try:
        with open(output, "w", newline="", encoding="utf-8") as f:
            f.write(csv_text(rows, newline="\r\n"))
    except OSError as exc:
        raise ReadError.about("file_unwritable", file=str(output),
                              reason=exc.strerror or str(exc)) from exc


# TRANSLATORS: how each row was placed, in the geocode command's summary ("12 matched").
STATUS_WORDS = {"matched": Nn_("{n} matched", "{n} matched"),
                "ambiguous": Nn_("{n} ambiguous", "{n} ambiguous"),
                "fuzzy": Nn_("{n} fuzzy", "{n} fuzzy"),
                "not_found": Nn_("{n} not found", "{n} not found"),
                "manual": Nn_("{n} manual", "{n} manual")}  # fmt: skip


def _report(
    placed: _Placed, geocoder: Geocoder, output, *, stderr: TextIO, lang: str = "en"
) -> None:
    """The online geocoder's one message, the rows to review, and the summary, in ``lang``."""
    from geo.messages import problem_line
    from geo.places.geocoder import STATUSES

    tr = translator(lang)
    if geocoder.online is not None and geocoder.online.message:
        print(geocoder.online.message, file=stderr)
    for problem in placed.review:
        print(problem_line(problem, lang=lang), file=stderr)
    counts = placed.counts
    summary = ", ".join(tr.tn(*STATUS_WORDS[s], counts[s]) for s in STATUSES if counts[s])
    print(tr.tn("{n} row geocoded: {summary}; {review} need review; written to {output}",
                "{n} rows geocoded: {summary}; {review} need review; written to {output}",
                sum(counts.values()), summary=summary or tr.t("none"),
                review=tr.number(len(placed.review)), output=output), file=stderr)
