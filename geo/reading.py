"""Read the tables staff give us: CSV as any spreadsheet saves it, and XLSX.

CSV may be comma- or semicolon-separated (French Excel uses ';'), UTF-8 with or without a
BOM, or cp1252 (what French Excel writes for 'CSV (séparateur: point-virgule)'), with CRLF
line ends. Every cell comes back as a stripped string; nothing is converted or dropped here.
"""

from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from geo.errors import ReadError
from geo.schema import OVERRIDES_FILE, canonical_column

TABLE_SUFFIXES = (".csv", ".xlsx")


@dataclass(frozen=True)
class Table:
    """Rows of one file. ``rows[i]`` is spreadsheet row ``i + 2`` (the header is row 1)."""

    file: str
    columns: tuple[str, ...]  # canonical names, in file order
    headers: tuple[str, ...]  # as written in the file
    rows: tuple[dict[str, str], ...]
    encoding: str = "utf-8"
    delimiter: str = ","

    @staticmethod
    def sheet_row(index: int) -> int:
        return index + 2


def read_table(
    path: str | os.PathLike, *, name: str | None = None, data: bytes | None = None
) -> Table:
    """Read a CSV or XLSX file. ``data`` lets a caller pass an upload's bytes; ``name`` is what
    messages call the file (defaults to the path as given)."""
    path = Path(path)
    label = name or str(path)
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise ReadError(
            f"{label}: {suffix or 'no extension'!s} is not a table this tool reads; "
            "fix: save the sheet as CSV (.csv) or Excel workbook (.xlsx)"
        )
    if data is None:
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise ReadError(
                f"{label}: cannot be read ({exc.strerror or exc}); fix: check the path"
            ) from exc
    if suffix == ".xlsx":
        return _read_xlsx(data, label)
    return _read_csv(data, label)


def _decode(data: bytes, label: str) -> tuple[str, str]:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16"), "utf-16"
    if b"\x00" in data[:4096]:
        raise ReadError(f"{label}: this is not a text CSV file; fix: save it as CSV UTF-8 or .xlsx")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # Not UTF-8: what Windows Excel writes in western Europe. cp1252 leaves five bytes
        # undefined; latin-1 reads any byte, so nothing is lost.
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            return data.decode("latin-1"), "latin-1"


def _sniff_delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(data: bytes, label: str) -> Table:
    text, encoding = _decode(data, label)
    delimiter = _sniff_delimiter(text)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise ReadError(
            f"{label}: not a readable CSV file ({exc}); fix: re-save it as CSV"
        ) from exc
    return _table(label, records, encoding=encoding, delimiter=delimiter)


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        if value.time() == datetime.min.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    return str(value)


def _read_xlsx(data: bytes, label: str) -> Table:
    import zipfile

    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ReadError(
            f"{label}: not a readable Excel workbook ({exc}); fix: re-save it as .xlsx or CSV"
        ) from exc
    try:
        sheet = book.worksheets[0]
        records = [[_cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()
    return _table(label, records, encoding="xlsx", delimiter="")


def _table(label: str, records: list[list[str]], *, encoding: str, delimiter: str) -> Table:
    # Trailing empty lines are common (Excel, editors); interior empty rows are kept so that
    # row numbers match the spreadsheet, and skipped by validation.
    while records and not any(c.strip() for c in records[-1]):
        records.pop()
    if not records:
        raise ReadError(f"{label}: the file is empty; fix: put the column names on row 1")
    headers = tuple(h.strip() for h in records[0])
    while headers and not headers[-1]:
        headers = headers[:-1]
    columns = tuple(canonical_column(h) if h else "" for h in headers)
    rows = []
    for record in records[1:]:
        cells = [c.strip() for c in record]
        row = {col: (cells[i] if i < len(cells) else "") for i, col in enumerate(columns) if col}
        extra = [c for c in cells[len(columns) :] if c]
        if extra:
            row["\x00extra"] = ";".join(extra)
        rows.append(row)
    return Table(label, columns, headers, tuple(rows), encoding=encoding, delimiter=delimiter)


def table_paths(paths: list[str | os.PathLike]) -> list[Path]:
    """Expand folders to the CSV/XLSX files inside them (sorted), except the geocoding choices
    of ``geo.overrides`` (``overrides.csv``); keep files as given."""
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out.extend(
                sorted(
                    q
                    for q in p.rglob("*")
                    if q.suffix.lower() in TABLE_SUFFIXES
                    and q.is_file()
                    and not q.name.startswith(("~$", "."))
                    and q.name != OVERRIDES_FILE  # geocoding choices, not rows
                )
            )
        else:
            out.append(p)
    return out
