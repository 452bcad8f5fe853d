"""Read the tables staff give us: CSV as any spreadsheet saves it, and XLSX.

CSV may be comma- or semicolon-separated (French Excel uses ';'), UTF-8 with or without a
BOM, or cp1252 (what French Excel writes for 'CSV (séparateur: point-virgule)'), with CRLF
line ends. Every cell comes back as a stripped string; nothing is converted or dropped here.

Files come from outside, so reading is bounded (``Limits``: size, unpacked size of an XLSX,
rows, seconds) and every failure of a damaged or hostile file is a ``ReadError`` that names the
file (and the row when known) and the fix, never a traceback. The upload page and the command
line share the same ``Limits``.
"""

from __future__ import annotations

import csv
import io
import os
import time
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from geo.data.schema import OVERRIDES_FILE, canonical_column
from geo.errors import LimitError, NotATable, Problem, ReadError

TABLE_SUFFIXES = (".csv", ".xlsx")
MEGABYTE = 1024 * 1024
_OLD_EXCEL = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


@dataclass(frozen=True, slots=True, kw_only=True)
class Limits:
    """How much one file may ask of us: the upload page and the command line use the same.

    ``max_unpacked_bytes``, ``max_ratio`` and ``max_members`` guard against an XLSX (a zip)
    that unpacks to far more than it weighs; ``max_rows`` stops reading at the first row over
    it (the sheet is never materialised whole); ``max_seconds`` bounds the time a file may take.
    """

    max_bytes: int = 5 * MEGABYTE
    max_unpacked_bytes: int = 50 * MEGABYTE
    max_ratio: int = 200  # a real sheet's XML compresses 5-50 times; a bomb, thousands
    max_members: int = 500  # a one-sheet workbook has ~10 parts; a big one, a few dozen
    max_rows: int = 20_000
    max_seconds: float = 60.0
    suffixes: tuple[str, ...] = TABLE_SUFFIXES


# The project's own dataset (data/, the seed of a store, a dump of it): files the deployment
# keeps, which grow with every saved upload, so not bound by one upload's size; the limits only
# stop an accident (a wrong folder) from taking the machine.
DATASET_LIMITS = Limits(max_bytes=512 * MEGABYTE, max_unpacked_bytes=2048 * MEGABYTE,
                        max_rows=5_000_000, max_seconds=3600.0)  # fmt: skip


@dataclass(frozen=True)
class Table:
    """Rows of one file. ``rows[i]`` is spreadsheet row ``i + 2`` (the header is row 1)."""

    file: str
    columns: tuple[str, ...]  # canonical names, in file order
    headers: tuple[str, ...]  # as written in the file
    rows: tuple[dict[str, str], ...]
    encoding: str = "utf-8"
    delimiter: str = ","
    problems: tuple[Problem, ...] = field(default=(), compare=False)  # found while reading
    # The cells past the named columns, ";"-joined, per row (``rows[i]`` → ``extra[i]``);
    # empty when no row has any.
    extra: tuple[str, ...] = field(default=(), compare=False)

    @staticmethod
    def sheet_row(index: int) -> int:
        return index + 2


def read_table(
    path: str | os.PathLike,
    *,
    name: str | None = None,
    data: bytes | None = None,
    limits: Limits | None = None,
) -> Table:
    """Read a CSV or XLSX file. ``data`` lets a caller pass an upload's bytes; ``name`` is what
    messages call the file (defaults to the path as given). Raises ``ReadError`` when the file
    cannot be read, ``LimitError`` (a ``ReadError``) when it is over ``limits``."""
    limits = limits or Limits()
    path = Path(path)
    label = name or str(path)
    suffix = path.suffix.lower()
    if suffix not in TABLE_SUFFIXES:
        raise NotATable.about("file_type_unsupported", file=label,
                              suffix=suffix or "no extension")  # fmt: skip
    if data is None:
        data = _read_bytes(path, label, limits)
    _check_size(label, len(data), limits)
    deadline = time.monotonic() + limits.max_seconds
    if suffix == ".xlsx":
        return _read_xlsx(data, label, limits, deadline)
    return _read_csv(data, label, limits, deadline)


def _read_bytes(path: Path, label: str, limits: Limits) -> bytes:
    try:
        with path.open("rb") as f:
            # One byte over the limit is enough to refuse: a huge file is never read whole.
            return f.read(limits.max_bytes + 1)
    except OSError as exc:
        raise ReadError.about("file_unreadable", file=label,
                              reason=str(exc.strerror or exc)) from exc  # fmt: skip


def _check_size(label: str, size: int, limits: Limits) -> None:
    if size > limits.max_bytes:
        raise LimitError.about("file_too_large", file=label, size=megabytes(size),
                               limit=megabytes(limits.max_bytes))  # fmt: skip


def megabytes(size: int) -> str:
    """A size as staff read it: ``5.0 MB``."""
    return f"{size / MEGABYTE:.1f} MB"


def _over_time(label: str, limits: Limits, deadline: float) -> None:
    if time.monotonic() > deadline:
        raise LimitError.about("file_too_slow", file=label, seconds=limits.max_seconds)


def _too_many_rows(label: str, limits: Limits) -> LimitError:
    return LimitError.about("file_too_many_rows", file=label, limit=limits.max_rows)


def _decode(data: bytes, label: str) -> tuple[str, str, frozenset[int]]:
    """The text, its encoding, and the 1-based lines that are not in it (cp1252 rows of a
    UTF-8 file, decoded as cp1252 so that their cells can be shown, and reported)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _decode_utf16(data, label), "utf-16", frozenset()
    if b"\x00" in data[:4096]:
        raise ReadError.about("file_not_text", file=label)
    bom = data.startswith(b"\xef\xbb\xbf")
    body = data[3:] if bom else data
    try:
        return body.decode("utf-8"), "utf-8-sig" if bom else "utf-8", frozenset()
    except UnicodeDecodeError:
        pass
    lines = body.split(b"\n")
    bad = frozenset(i + 1 for i, line in enumerate(lines) if not _is_utf8(line))
    if not bom and not any(_is_utf8(line) and not line.isascii() for line in lines):
        # Wholly not UTF-8: what Windows Excel writes in western Europe. cp1252 leaves five
        # bytes undefined; latin-1 reads any byte, so nothing is lost.
        return _decode_8bit(body), "cp1252", frozenset()
    # Mostly UTF-8 with some rows in another encoding (a list pasted together from two
    # sources): decoding it all as cp1252 would garble every accent of the UTF-8 rows.
    text = "\n".join(_decode_8bit(line) if i + 1 in bad else line.decode("utf-8")
                     for i, line in enumerate(lines))  # fmt: skip
    return text, "utf-8-sig" if bom else "utf-8", bad


def _is_utf8(line: bytes) -> bool:
    try:
        line.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _decode_8bit(data: bytes) -> str:
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _decode_utf16(data: bytes, label: str) -> str:
    try:
        return data.decode("utf-16")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].decode("utf-16", errors="replace").count("\n") + 1
        raise ReadError.about("utf16_invalid", file=label, row=line, reason=exc.reason,
                              value=data[exc.start : exc.end].hex(" ")) from None  # fmt: skip


def _sniff_delimiter(text: str) -> str:
    header = text.split("\n", 1)[0]
    counts = {d: header.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _read_csv(data: bytes, label: str, limits: Limits, deadline: float) -> Table:
    text, encoding, bad_lines = _decode(data, label)
    delimiter = _sniff_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    records: list[list[str]] = []
    spans: list[tuple[int, int]] = []  # the lines of each record: a quoted cell may hold several
    filled = 0
    try:
        for record in reader:
            spans.append((spans[-1][1] + 1 if spans else 1, reader.line_num))
            records.append(record)
            filled += any(c.strip() for c in record)
            if filled > limits.max_rows + 1:  # + the header
                raise _too_many_rows(label, limits)
            if len(records) % 1000 == 0:
                _over_time(label, limits, deadline)
    except csv.Error as exc:
        raise ReadError.about("csv_invalid", file=label, row=reader.line_num,
                              reason=str(exc)) from exc  # fmt: skip
    problems = tuple(_not_utf8(label, i + 1, records[i]) for i, (first, last) in
                     enumerate(spans) if any(first <= n <= last for n in bad_lines))  # fmt: skip
    return _table(label, records, encoding=encoding, delimiter=delimiter, problems=problems)


def _not_utf8(label: str, row: int, record: list[str]) -> Problem:
    # The value is the row's cells with accents, "; "-joined: the page keeps the problem while
    # they are unchanged (``geo.staff.intake.check_edited``).
    accented = "; ".join(c.strip() for c in record if not c.isascii())
    return Problem.of("not_utf8_row", file=label, row=row, value=accented)


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


def _read_xlsx(data: bytes, label: str, limits: Limits, deadline: float) -> Table:
    _check_workbook(data, label, limits)
    try:
        records = list(_sheet_records(data, label, limits, deadline))
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - see below
        # A damaged or hostile workbook fails deep inside zipfile, zlib, the XML parser or
        # openpyxl with any of a dozen exception types (BadZipFile "Bad CRC-32", zlib.error,
        # ParseError, defusedxml's EntitiesForbidden, KeyError, TypeError...): all mean the
        # same to the person who sent it.
        raise ReadError.about("xlsx_unreadable", file=label, reason=_reason(exc)) from exc
    return _table(label, records, encoding="xlsx", delimiter="")


def _reason(exc: Exception) -> str:
    from defusedxml import DefusedXmlException

    if isinstance(exc, DefusedXmlException):  # what an XML entity ("billion laughs") bomb is
        return "its XML declares entities, which no spreadsheet writes"
    # The library's own words, quoted to the person (first line): shown, never decided on.
    words = str(exc)
    text = words.strip().splitlines()[0][:120] if words.strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _check_workbook(data: bytes, label: str, limits: Limits) -> None:
    """Check the zip before openpyxl opens it. zipfile stops each part at its declared size
    and checks its CRC, so these declared sizes are what can be unpacked at most."""
    if data[:8] == _OLD_EXCEL:
        raise NotATable.about("xls_old", file=label)
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, zlib.error, ValueError, OSError, EOFError):
        raise NotATable.about("xlsx_not_zip", file=label) from None
    unpacked = sum(p.file_size for p in parts)
    packed = max(1, sum(p.compress_size for p in parts))
    if len(parts) > limits.max_members:
        raise LimitError.about("xlsx_too_many_parts", file=label, parts=len(parts),
                               limit=limits.max_members)  # fmt: skip
    if unpacked > limits.max_unpacked_bytes:
        raise LimitError.about("xlsx_unpacked_too_large", file=label, size=megabytes(unpacked),
                               limit=megabytes(limits.max_unpacked_bytes))  # fmt: skip
    if unpacked > MEGABYTE and unpacked / packed > limits.max_ratio:
        raise LimitError.about("xlsx_ratio_too_high", file=label, ratio=unpacked // packed,
                               limit=limits.max_ratio)  # fmt: skip


def _sheet_records(data: bytes, label: str, limits: Limits, deadline: float) -> Iterator[list]:
    """The first sheet's rows as text, streamed by openpyxl's own sheet parser: reading stops
    at the first row over the limit, before the sheet is in memory. With defusedxml installed
    (requirements.txt), openpyxl refuses XML entities, so an entity bomb is an error too.

    Not ``load_workbook(read_only=True)``: when a sheet has no ``<dimension>`` element it
    parses the whole sheet once just to look for one (29 MB of XML: ~30 s) before the first
    row, whatever the row limit."""
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.stylesheet import apply_stylesheet
    from openpyxl.worksheet._reader import WorkSheetParser

    reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
    reader.read_manifest()
    reader.read_strings()
    reader.read_workbook()
    apply_stylesheet(reader.archive, reader.wb)
    target = next(rel.target for _, rel in reader.parser.find_sheets()
                  if rel.target in reader.valid_files and "chartsheet" not in rel.Type)  # fmt: skip
    with reader.archive.open(target) as source:
        parser = WorkSheetParser(
            source, reader.shared_strings, data_only=True, epoch=reader.wb.epoch,
            date_formats=reader.wb._date_formats, timedelta_formats=reader.wb._timedelta_formats,
        )  # fmt: skip
        yield from _bounded_rows(parser.parse(), label, limits, deadline)


def _bounded_rows(parsed, label: str, limits: Limits, deadline: float) -> Iterator[list]:
    """Rows as lists of text, the missing ones (never written by Excel) as empty rows so that
    row numbers stay the spreadsheet's; a row number far past the limit is refused before its
    empty predecessors are made."""
    filled = 0
    made = 0
    for number, cells in parsed:
        if number > 2 * limits.max_rows + 1:
            raise _too_many_rows(label, limits)
        while made < number - 1:
            made += 1
            yield []
        record = [""] * max((c["column"] for c in cells), default=0)
        for cell in cells:
            record[cell["column"] - 1] = _cell_text(cell["value"])
        filled += any(record)
        if filled > limits.max_rows + 1:  # + the header
            raise _too_many_rows(label, limits)
        if number % 1000 == 0:
            _over_time(label, limits, deadline)
        made += 1
        yield record


def _table(
    label: str,
    records: list[list[str]],
    *,
    encoding: str,
    delimiter: str,
    problems: tuple[Problem, ...] = (),
) -> Table:
    # Trailing empty lines are common (Excel, editors); interior empty rows are kept so that
    # row numbers match the spreadsheet, and skipped by validation.
    while records and not any(c.strip() for c in records[-1]):
        records.pop()
    if not records:
        raise ReadError.about("file_empty", file=label)
    headers = tuple(h.strip() for h in records[0])
    while headers and not headers[-1]:
        headers = headers[:-1]
    columns = tuple(canonical_column(h) if h else "" for h in headers)
    rows, extra = [], []
    for record in records[1:]:
        cells = [c.strip() for c in record]
        rows.append({col: (cells[i] if i < len(cells) else "")
                     for i, col in enumerate(columns) if col})  # fmt: skip
        extra.append(";".join(c for c in cells[len(columns) :] if c))
    problems += tuple(_double_encoded(label, rows))
    return Table(label, columns, headers, tuple(rows), encoding=encoding, delimiter=delimiter,
                 problems=problems, extra=tuple(extra) if any(extra) else ())  # fmt: skip


def _double_encoded(label: str, rows: list[dict[str, str]]) -> Iterator[Problem]:
    """Cells whose UTF-8 was read as Windows-1252 by some earlier tool ("LiÃ¨ge"): the file
    itself is fine, so this is a warning that says what the cell should read."""
    for i, row in enumerate(rows):
        for column, text in row.items():
            fixed = _undo_double_encoding(text)
            if fixed:
                yield Problem.of("double_encoded", file=label, row=Table.sheet_row(i),
                                 column=column, value=text, severity="warning", fixed=fixed)


def _undo_double_encoding(text: str) -> str:
    if text.isascii():
        return ""
    try:
        fixed = text.encode("cp1252").decode("utf-8")
    except UnicodeError:  # the usual case: real accents are not valid UTF-8 as cp1252 bytes
        return ""
    return fixed if fixed != text else ""


def table_paths(paths: list[str | os.PathLike]) -> list[Path]:
    """Expand folders to the CSV/XLSX files inside them (sorted), except the geocoding choices
    of ``geo.data.overrides`` (``overrides.csv``); keep files as given."""
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
